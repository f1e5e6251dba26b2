//! Syncore's value helpers shared by the seed and the handlers: dates in the formats the API
//! uses and lenient readers for amounts that clients send (records, money and ids are
//! `crate::record`'s).

use chrono::{NaiveDate, NaiveDateTime};
use pacer_sdk_core::validate::formats::{parse_date, parse_datetime};
use serde_json::{Map, Value};

use crate::record::Record;
use crate::zone::DayZone;

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
    use crate::record::money;

    #[test]
    fn sent_money_reads_back_to_the_cent() {
        for c in [0, 1, 10, 99, 183425, -5] {
            let sent = serde_json::to_string(&money(c)).unwrap();
            assert_eq!(cents_of(&serde_json::from_str(&sent).unwrap()), Some(c));
        }
        assert_eq!(cents_of(&Value::from(" 12.345 ")), Some(1235));
        assert_eq!(cents_of(&Value::Null), None);
    }
}
