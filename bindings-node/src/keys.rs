//! Key spelling between the API (snake_case) and JavaScript (camelCase).
//!
//! The plain rules do not round-trip every key (`tax_1_percentage` becomes `tax1Percentage`,
//! whose plain snake form is `tax1_percentage`; a server key already in camelCase would come
//! back snake_cased), so every key whose plain round trip fails is remembered the first time it
//! is seen: the spec's parameter and schema names and the models' fields at start-up, and keys
//! of records read from the server as they arrive. Writing a record back therefore restores the
//! server's exact spelling.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

use pacer_sdk_core::ProviderSpec;
use serde_json::{Map, Value};

/// How many irregular keys are remembered at most (a hostile server cannot grow it forever).
const MAX_REMEMBERED: usize = 65_536;

fn remembered() -> &'static RwLock<HashMap<String, String>> {
    static TABLE: OnceLock<RwLock<HashMap<String, String>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// The plain camelCase rule: an `_` between a letter or digit and a lower-case letter or digit
/// is dropped and the character after it upper-cased; any other `_` is kept.
fn plain_camel(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::with_capacity(key.len());
    let mut upper_next = false;
    for (i, &c) in chars.iter().enumerate() {
        let joins = c == '_'
            && i > 0
            && chars[i - 1].is_ascii_alphanumeric()
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_lowercase() || n.is_ascii_digit());
        if joins {
            upper_next = true;
        } else if upper_next {
            out.push(c.to_ascii_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The plain snake_case rule: an upper-case letter after a lower-case letter or digit becomes
/// `_` plus its lower case; everything else is kept (so `ID` and `URL` stay as they are).
fn plain_snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut prev_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    out
}

fn needs_camel(key: &str) -> bool {
    key.contains('_')
}

/// The JavaScript spelling of an API key; irregular keys are remembered for the way back.
pub fn to_camel(key: &str) -> Cow<'_, str> {
    if !needs_camel(key) && !key.bytes().any(|b| b.is_ascii_uppercase()) {
        return Cow::Borrowed(key);
    }
    let camel = if needs_camel(key) {
        plain_camel(key)
    } else {
        key.to_string()
    };
    if plain_snake(&camel) != key {
        remember(&camel, key);
    }
    if camel == key {
        Cow::Borrowed(key)
    } else {
        Cow::Owned(camel)
    }
}

fn remember(camel: &str, snake: &str) {
    let table = remembered();
    let known = table
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .get(camel)
        .is_some_and(|s| s == snake);
    if !known {
        let mut table = table.write().unwrap_or_else(|p| p.into_inner());
        if table.len() < MAX_REMEMBERED || table.contains_key(camel) {
            table.insert(camel.to_string(), snake.to_string());
        }
    }
}

/// The API spelling of a JavaScript key.
pub fn to_snake(key: &str) -> Cow<'_, str> {
    if let Some(snake) = remembered()
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .get(key)
    {
        return Cow::Owned(snake.clone());
    }
    if key.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(plain_snake(key))
    } else {
        Cow::Borrowed(key)
    }
}

/// A dotted field path (`line_items[2].price_value`) in JavaScript spelling.
pub fn path_to_camel(path: &str) -> String {
    path.split('.')
        .map(|segment| to_camel(segment).into_owned())
        .collect::<Vec<_>>()
        .join(".")
}

/// Converts every object key of a JavaScript value to the API spelling (values are kept).
pub fn value_to_snake(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (to_snake(&k).into_owned(), value_to_snake(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(value_to_snake).collect()),
        other => other,
    }
}

/// Converts every object key of an API value to the JavaScript spelling (values are kept).
pub fn value_to_camel(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (to_camel(&k).into_owned(), value_to_camel(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(value_to_camel).collect()),
        other => other,
    }
}

/// Rewrites every object key of compact JSON text (as serde_json writes it) to camelCase.
/// String values are copied untouched; keys holding escapes are kept as they are.
pub fn json_keys_to_camel(json: &str, out: &mut String) {
    let bytes = json.as_bytes();
    // Whether each open container is an object; a string right after `{` or `,` in an
    // object is a key.
    let mut objects: Vec<bool> = Vec::new();
    let mut expect_key = false;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                objects.push(true);
                expect_key = true;
                i += 1;
            }
            b'[' => {
                objects.push(false);
                expect_key = false;
                i += 1;
            }
            b'}' | b']' => {
                objects.pop();
                expect_key = false;
                i += 1;
            }
            b',' => {
                expect_key = objects.last().copied().unwrap_or(false);
                i += 1;
            }
            b':' => {
                expect_key = false;
                i += 1;
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                let mut escaped = false;
                while j < bytes.len() && bytes[j] != b'"' {
                    if bytes[j] == b'\\' {
                        escaped = true;
                        j += 1;
                    }
                    j += 1;
                }
                let end = j.min(bytes.len());
                if expect_key && !escaped {
                    let key = &json[start..end];
                    let camel = to_camel(key);
                    if camel != key {
                        out.push_str(&json[copied..start]);
                        out.push_str(&camel);
                        copied = end;
                    }
                }
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&json[copied..]);
}

/// Remembers the irregular keys a spec names (parameters, path placeholders, body fields) and
/// those of every model, so that even a first write converts them back exactly.
pub fn learn_spec(spec: &ProviderSpec) {
    for ep in &spec.endpoints {
        for p in &ep.params {
            to_camel(&p.name);
        }
        for p in ep.placeholders() {
            to_camel(p);
        }
    }
    for schema in spec.schemas.values() {
        for field in schema.fields.keys() {
            to_camel(field);
        }
    }
    for field in crate::records::model_fields() {
        to_camel(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_keys() {
        assert_eq!(to_camel("date_from"), "dateFrom");
        assert_eq!(to_snake("dateFrom"), "date_from");
        assert_eq!(to_camel("id"), "id");
        assert_eq!(to_snake("clientGroupId"), "client_group_id");
        assert_eq!(to_snake("already_snake"), "already_snake");
    }

    #[test]
    fn irregular_keys_round_trip_once_seen() {
        assert_eq!(to_camel("tax_1_percentage"), "tax1Percentage");
        assert_eq!(to_snake("tax1Percentage"), "tax_1_percentage");
        assert_eq!(to_camel("address1"), "address1");
        assert_eq!(to_snake("address1"), "address1");
        assert_eq!(to_camel("commissionCodes"), "commissionCodes");
        assert_eq!(to_snake("commissionCodes"), "commissionCodes");
        assert_eq!(to_camel("ID"), "ID");
        assert_eq!(to_snake("ID"), "ID");
        assert_eq!(to_camel("_private"), "_private");
        assert_eq!(to_snake("_private"), "_private");
        assert_eq!(to_camel("trailing_"), "trailing_");
        assert_eq!(to_camel("a__b"), "a__b");
        assert_eq!(to_snake("a__b"), "a__b");
    }

    #[test]
    fn json_text_keys_only() {
        let mut out = String::new();
        json_keys_to_camel(
            r#"{"job_id":1,"bill_to":{"first_name":"a_b","x":[{"line_id":2},"c_d"]},"e":"f_g"}"#,
            &mut out,
        );
        assert_eq!(
            out,
            r#"{"jobId":1,"billTo":{"firstName":"a_b","x":[{"lineId":2},"c_d"]},"e":"f_g"}"#
        );
        let mut out = String::new();
        json_keys_to_camel(r#"[{"a\"_b":"x_y\\","c_d":"\"e_f"}]"#, &mut out);
        assert_eq!(out, r#"[{"a\"_b":"x_y\\","cD":"\"e_f"}]"#);
    }

    #[test]
    fn values_to_snake() {
        let v =
            serde_json::json!({"billTo": {"firstName": "Dana"}, "lineItems": [{"priceValue": 1}]});
        assert_eq!(
            value_to_snake(v),
            serde_json::json!({"bill_to": {"first_name": "Dana"}, "line_items": [{"price_value": 1}]})
        );
        assert_eq!(
            path_to_camel("line_items[2].price_value"),
            "lineItems[2].priceValue"
        );
    }
}
