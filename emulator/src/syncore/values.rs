//! Small value helpers shared by the seed and the handlers: money from integer cents (so every
//! JSON literal has at most two decimals), dates in the formats the API uses, and lenient
//! readers for ids and amounts that clients send.

use chrono::{NaiveDate, NaiveDateTime};
use pacer_sdk_core::validate::formats::{parse_date, parse_datetime};
use serde_json::{Map, Value};

use crate::zone::DayZone;

/// A JSON record.
pub type Record = Map<String, Value>;

/// Money from cents: `183425` becomes the JSON number `1834.25`. Dividing an exact integer by
/// 100 gives the double nearest the decimal, which serde_json prints in its shortest form.
pub fn money(cents: i64) -> Value {
    Value::from(cents as f64 / 100.0)
}

/// Cents of a money value sent as a number or a numeric string (rounded half away from zero).
pub fn cents_of(v: &Value) -> Option<i64> {
    let f = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    f.is_finite().then(|| (f * 100.0).round() as i64)
}

/// A number (or numeric string) as a float, for quantities.
pub fn number_of(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|f| f.is_finite())
}

/// An id sent as an integer or a string of digits.
pub fn id_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `YYYY-MM-DD`.
pub fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `YYYY-MM-DDTHH:MM:SS`, wall-clock time in the emulator's zone (no offset, like the API).
pub fn fmt_datetime(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Reads a date or date-time value as wall-clock time in `zone`: a bare date is its midnight,
/// a value with an offset is converted, a naive value is taken as already local.
pub fn when_of(text: &str, zone: &DayZone) -> Option<NaiveDateTime> {
    let text = text.trim();
    if let Some(d) = parse_date(text) {
        return d.and_hms_opt(0, 0, 0);
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(zone.local(pacer_sdk_core::Timestamp::from_millis(d.timestamp_millis())));
    }
    parse_datetime(text)
}

/// [`when_of`] on a JSON field.
pub fn field_when(r: &Record, key: &str, zone: &DayZone) -> Option<NaiveDateTime> {
    r.get(key)
        .and_then(Value::as_str)
        .and_then(|s| when_of(s, zone))
}

/// A string field, or "".
pub fn text<'a>(r: &'a Record, key: &str) -> &'a str {
    r.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A `{id, name}` reference.
pub fn reference(id: i64, name: &str) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    m.insert("name".into(), name.into());
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_literals_have_two_decimals_at_most() {
        for (cents, text) in [
            (183425, "1834.25"),
            (1, "0.01"),
            (10, "0.1"),
            (-5, "-0.05"),
            (100, "1.0"),
        ] {
            assert_eq!(serde_json::to_string(&money(cents)).unwrap(), text);
        }
        for c in 0..200_000 {
            let s = serde_json::to_string(&money(c)).unwrap();
            let decimals = s.split_once('.').map_or(0, |(_, d)| d.len());
            assert!(decimals <= 2, "{c} -> {s}");
            assert_eq!(cents_of(&serde_json::from_str(&s).unwrap()), Some(c));
        }
    }
}
