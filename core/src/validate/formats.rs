//! Field formats shared by parameter and body validation.

use chrono::{NaiveDate, NaiveDateTime};

use super::countries::COUNTRIES;

/// Parses a calendar date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    if text.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Parses `YYYY-MM-DDTHH:MM:SS` (fraction and `Z`/offset allowed; a space may replace `T`).
pub fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(d.naive_utc());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(text, fmt) {
            return Some(d);
        }
    }
    None
}

/// The calendar date of a date or date-time value.
pub fn date_of(text: &str) -> Option<NaiveDate> {
    parse_date(text).or_else(|| parse_datetime(text).map(|d| d.date()))
}

/// A pragmatic e-mail check: one `@`, a plausible local part and a dotted domain, no spaces.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    if local.is_empty()
        || local.len() > 64
        || domain.len() > 253
        || text.chars().any(char::is_whitespace)
    {
        return false;
    }
    if local.contains('@') || local.starts_with('.') || local.ends_with('.') || local.contains("..")
    {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
}

/// Whether `text` is an assigned ISO 3166-1 alpha-2 code (case-insensitive).
pub fn is_iso2(text: &str) -> bool {
    text.len() == 2
        && COUNTRIES
            .iter()
            .any(|(code, _, _)| code.eq_ignore_ascii_case(text))
}

/// The ISO-2 code of a country name as GET responses spell it (`United States` → `US`).
pub fn country_code(name: &str) -> Option<&'static str> {
    let wanted = normalize(name);
    if name.len() == 2 && is_iso2(name) {
        return COUNTRIES
            .iter()
            .find(|(c, _, _)| c.eq_ignore_ascii_case(name))
            .map(|(c, _, _)| *c);
    }
    let aliases: &[(&str, &str)] = &[
        ("usa", "US"),
        ("us", "US"),
        ("unitedstatesofamerica", "US"),
        ("uk", "GB"),
        ("greatbritain", "GB"),
        ("england", "GB"),
    ];
    if let Some((_, code)) = aliases.iter().find(|(a, _)| *a == wanted) {
        return Some(code);
    }
    COUNTRIES
        .iter()
        .find(|(_, n, alts)| normalize(n) == wanted || alts.iter().any(|a| normalize(a) == wanted))
        .map(|(c, _, _)| *c)
}

/// Whether `text` is a UUID in its 8-4-4-4-12 hex form.
pub fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Lower-case letters and digits only: `Posted @ease AP` and `posted @ease a/p` compare equal.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The allowed value `text` stands for, compared with [`normalize`].
pub fn enum_match<'a>(text: &str, values: &'a [String]) -> Option<&'a str> {
    let n = normalize(text);
    values
        .iter()
        .find(|v| normalize(v) == n)
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_email("ana.rep@acme-promo.com"));
        assert!(is_email("x+tag@sub.example.co.uk"));
        for bad in [
            "",
            "no-at",
            "@acme.com",
            "a@",
            "a@acme",
            "a b@acme.com",
            "a@acme..com",
            "a@-acme.com",
            "a@acme.c0m",
        ] {
            assert!(!is_email(bad), "{bad} should be rejected");
        }
    }

    #[test]
    fn dates() {
        assert!(parse_date("2026-02-28").is_some());
        assert!(parse_date("2026-02-29").is_none());
        assert!(parse_date("2028-02-29").is_some());
        assert!(parse_date("2026-2-1").is_none());
        assert!(parse_datetime("2026-02-01T10:00:00").is_some());
        assert!(parse_datetime("2026-02-01 10:00:00").is_some());
        assert!(parse_datetime("2026-02-01T10:00:00Z").is_some());
        assert_eq!(
            date_of("2026-02-01T23:00:00").unwrap().to_string(),
            "2026-02-01"
        );
    }

    #[test]
    fn countries() {
        assert!(is_iso2("US") && is_iso2("gb") && !is_iso2("XX") && !is_iso2("USA"));
        assert_eq!(country_code("United States"), Some("US"));
        assert_eq!(country_code("united states of america"), Some("US"));
        assert_eq!(country_code("Canada"), Some("CA"));
        assert_eq!(country_code("South Korea"), Some("KR"));
        assert_eq!(country_code("Atlantis"), None);
    }

    #[test]
    fn enums_ignore_case_and_punctuation() {
        let values = vec!["Posted @ease A/P".to_string(), "Open".to_string()];
        assert_eq!(
            enum_match("Posted @ease AP", &values),
            Some("Posted @ease A/P")
        );
        assert_eq!(enum_match("OPEN", &values), Some("Open"));
        assert_eq!(enum_match("Closed", &values), None);
    }
}
