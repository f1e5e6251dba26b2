//! JSON records, the form every provider keeps its data in, and the helpers all three use on
//! them: building one from `json!`, money from integer cents, RFC 3339 times, slugs, lookups by
//! a key, and reading a request body as an object.

use pacer_sdk_core::Timestamp;
use serde_json::{Map, Value};

/// A JSON record.
pub type Record = Map<String, Value>;

/// The object of a `json!({...})` literal (anything else is an empty record).
pub fn obj(v: Value) -> Record {
    match v {
        Value::Object(m) => m,
        _ => Record::new(),
    }
}

/// Records as a JSON array.
pub fn array<'a>(records: impl IntoIterator<Item = &'a Record>) -> Value {
    Value::Array(records.into_iter().cloned().map(Value::Object).collect())
}

/// Money from cents: `183425` becomes the JSON number `1834.25`. Dividing an exact integer by
/// 100 gives the double nearest the decimal, which serde_json prints in its shortest form, so
/// every literal has at most two decimals.
pub fn money(cents: i64) -> Value {
    Value::from(cents as f64 / 100.0)
}

/// RFC 3339 (UTC) of milliseconds.
pub fn iso(ms: i64) -> String {
    Timestamp::from_millis(ms).to_rfc3339()
}

/// A URL-friendly slug: lowercase letters and digits, runs of anything else one `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A string field, or "".
pub fn text<'a>(r: &'a Record, key: &str) -> &'a str {
    r.get(key).and_then(Value::as_str).unwrap_or("")
}

/// An id sent as an integer or a string of digits.
pub fn id_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The index of the first record whose string field `key` is `value`.
pub fn position(list: &[Record], key: &str, value: &str) -> Option<usize> {
    list.iter()
        .position(|r| r.get(key).and_then(Value::as_str) == Some(value))
}

/// The first record whose string field `key` is `value`.
pub fn find<'a>(list: &'a [Record], key: &str, value: &str) -> Option<&'a Record> {
    position(list, key, value).map(|i| &list[i])
}

/// Why a request body is not a JSON object (each provider words it its own way).
#[derive(Debug)]
pub enum NotObject {
    /// No body at all.
    Empty,
    /// Valid JSON, but not an object.
    Other,
    /// Not JSON (the parser's message).
    Invalid(String),
}

/// A request body read as a JSON object.
pub fn body_object(body: &[u8]) -> Result<Record, NotObject> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(NotObject::Other),
        Err(_) if body.is_empty() => Err(NotObject::Empty),
        Err(e) => Err(NotObject::Invalid(e.to_string())),
    }
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
            let back = serde_json::from_str::<Value>(&s).unwrap().as_f64().unwrap();
            assert_eq!((back * 100.0).round() as i64, c);
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Home & Kitchen"), "home-kitchen");
        assert_eq!(slug("  T-Shirts!"), "t-shirts");
    }
}
