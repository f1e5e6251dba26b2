//! Key spelling between the API (snake_case) and JavaScript (camelCase).
//!
//! The plain rules do not round-trip every key (`tax_1_percentage` becomes `tax1Percentage`,
//! whose plain snake form is `tax1_percentage`), so a provider's [`KeySpelling`] knows the
//! irregular keys its spec and models name and restores their exact spelling. It is built
//! from the provider alone: what a write sends never depends on what was read before.

use std::collections::HashMap;

use pacer_sdk_core::ProviderSpec;
pub use pacer_sdk_core::spelling::{path_to_camel, plain_camel, plain_snake, to_camel};
use serde_json::{Map, Value};

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

/// The irregular keys of one provider: camelCase → the API's exact spelling.
#[derive(Clone, Debug, Default)]
pub struct KeySpelling {
    irregular: HashMap<String, String>,
}

impl KeySpelling {
    /// The spelling of every key `spec` names (parameters, path ids, body fields) and the
    /// fields of its models.
    pub fn for_spec(spec: &ProviderSpec) -> KeySpelling {
        let mut keys: Vec<String> = Vec::new();
        for ep in &spec.endpoints {
            keys.extend(ep.params.iter().map(|p| p.name.clone()));
            keys.extend(ep.placeholders().into_iter().map(str::to_string));
        }
        for schema in spec.schemas.values() {
            keys.extend(schema.fields.keys().cloned());
        }
        for group in [spec.name.as_str(), "webhooks"] {
            for record in pacer_sdk_core::models::records(group) {
                keys.extend(record.fields.iter().map(|f| f.key.to_string()));
            }
        }
        let mut irregular = HashMap::new();
        for key in keys {
            let camel = to_camel(&key);
            if plain_snake(&camel) != key {
                irregular.insert(camel, key);
            }
        }
        KeySpelling { irregular }
    }

    /// The API spelling of a JavaScript key.
    pub fn to_snake(&self, key: &str) -> String {
        match self.irregular.get(key) {
            Some(snake) => snake.clone(),
            None if key.bytes().any(|b| b.is_ascii_uppercase()) => plain_snake(key),
            None => key.to_string(),
        }
    }

    /// Every object key of a JavaScript value in the API spelling (values are kept).
    pub fn value_to_snake(&self, value: Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (self.to_snake(&k), self.value_to_snake(v)))
                    .collect::<Map<String, Value>>(),
            ),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.value_to_snake(v)).collect())
            }
            other => other,
        }
    }
}

/// Every object key of an API value in JavaScript spelling (values are kept).
pub fn value_to_camel(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (to_camel(&k), value_to_camel(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(value_to_camel).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_irregular_keys() {
        let s = KeySpelling::for_spec(&ProviderSpec::builtin("syncore").unwrap());
        assert_eq!(to_camel("date_from"), "dateFrom");
        assert_eq!(s.to_snake("dateFrom"), "date_from");
        assert_eq!(s.to_snake("clientGroupId"), "client_group_id");
        assert_eq!(to_camel("address1"), "address1");
        assert_eq!(s.to_snake("address1"), "address1");
        assert_eq!(to_camel("ID"), "ID");
        assert_eq!(s.to_snake("ID"), "ID");
        assert_eq!(to_camel("_private"), "_private");
        assert_eq!(to_camel("a__b"), "a__b");
        assert_eq!(s.to_snake("a__b"), "a__b");
        assert_eq!(to_camel("tax_1_percentage"), "tax1Percentage");
        assert_eq!(
            s.to_snake("tax1Percentage"),
            "tax_1_percentage",
            "known from the spec"
        );
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
        assert_eq!(
            path_to_camel("line_items[2].price_value"),
            "lineItems[2].priceValue"
        );
    }
}
