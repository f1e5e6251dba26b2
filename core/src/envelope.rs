//! List responses: `{<key>: [...], total_results, links: {prev, self, next}}`, and the
//! variants found in the wild (a lone object where a list was expected, a bare array, an
//! alias of the key). Items stay raw JSON text so typed decoding keeps every digit.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::error::{Error, Result};

/// Paging links of an envelope; any of them may be missing or null.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Links {
    /// Previous page.
    #[serde(default)]
    pub prev: Option<String>,
    /// This page.
    #[serde(default, rename = "self")]
    pub this: Option<String>,
    /// Next page.
    #[serde(default)]
    pub next: Option<String>,
}

/// One decoded page of a list.
#[derive(Clone, Debug, Default)]
pub struct ListPage {
    /// The records, as raw JSON.
    pub items: Vec<Box<RawValue>>,
    /// The server's total across all pages, when it says.
    pub total_results: Option<u64>,
    /// Paging links, when present.
    pub links: Links,
    /// Whether the response carried a `links` object (then a missing `next` ends the list).
    pub has_links: bool,
    /// The shape found: `envelope`, `lone_object`, `bare_array` or `empty`.
    pub shape: &'static str,
}

impl ListPage {
    /// Decodes every item as `T`.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<Vec<T>> {
        self.items
            .iter()
            .map(|raw| {
                crate::models::decode(raw.get().as_bytes()).map_err(|e| {
                    Error::new(
                        crate::ErrorKind::Api,
                        "decode_failed",
                        format!("cannot decode a record: {e}"),
                    )
                })
            })
            .collect()
    }

    /// The items as JSON values.
    pub fn values(&self, endpoint: &str) -> Result<Vec<Value>> {
        // A record a JSON value cannot hold (nested past serde_json's depth limit, a number
        // like 1e400) is an error naming it, never a record silently left out.
        self.items
            .iter()
            .map(|r| {
                serde_json::from_str(r.get())
                    .map_err(|e| crate::models::decode_error(endpoint, r.get().as_bytes(), &e))
            })
            .collect()
    }
}

fn number(raw: &RawValue) -> Option<u64> {
    let text = raw.get().trim().trim_matches('"');
    text.parse::<u64>().ok().or_else(|| {
        text.parse::<f64>()
            .ok()
            .filter(|f| *f >= 0.0)
            .map(|f| f as u64)
    })
}

fn items_of(raw: &RawValue) -> Result<(Vec<Box<RawValue>>, &'static str)> {
    let text = raw.get().trim_start();
    match text.as_bytes().first() {
        Some(b'[') => Ok((
            serde_json::from_str(raw.get()).map_err(bad_body)?,
            "envelope",
        )),
        Some(b'{') => Ok((vec![raw.to_owned()], "lone_object")),
        Some(b'n') => Ok((Vec::new(), "empty")),
        _ => Err(bad_shape("the list key holds neither a list nor an object")),
    }
}

fn bad_body(e: serde_json::Error) -> Error {
    Error::new(
        crate::ErrorKind::Api,
        "decode_failed",
        format!("response is not valid JSON: {e}"),
    )
}

fn bad_shape(why: &str) -> Error {
    Error::new(
        crate::ErrorKind::Api,
        "unexpected_shape",
        format!("unexpected list response: {why}"),
    )
}

const META_KEYS: &[&str] = &[
    "total_results",
    "links",
    "meta",
    "limit",
    "offset",
    "page",
    "count",
    "total",
];

/// Decodes a list response whose records live under `key` (or one of `aliases`).
pub fn decode_list(body: &[u8], key: Option<&str>, aliases: &[String]) -> Result<ListPage> {
    decode_list_at(body, key, aliases, "total_results", "links.next")
}

type RawFields = std::collections::BTreeMap<String, Box<RawValue>>;

/// The raw top-level field a dotted path starts in, and the rest of the path.
fn at_path<'a>(fields: &'a RawFields, path: &'a str) -> Option<(&'a RawValue, Vec<&'a str>)> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    Some((fields.get(first)?.as_ref(), parts.collect()))
}

fn value_at(raw: &RawValue, rest: &[&str]) -> Option<Value> {
    let v: Value = serde_json::from_str(raw.get()).ok()?;
    rest.iter().try_fold(v, |v, k| v.get(*k).cloned())
}

/// Like [`decode_list`], with the total count and the next-page link at other dotted paths
/// (e.g. `meta.total` and `links.next`).
pub fn decode_list_at(
    body: &[u8],
    key: Option<&str>,
    aliases: &[String],
    total_path: &str,
    next_path: &str,
) -> Result<ListPage> {
    let text = std::str::from_utf8(body).map_err(|_| bad_shape("body is not UTF-8"))?;
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Ok(ListPage {
            shape: "empty",
            ..ListPage::default()
        });
    }
    if trimmed.starts_with('[') {
        let items: Vec<Box<RawValue>> = serde_json::from_str(text).map_err(bad_body)?;
        return Ok(ListPage {
            items,
            shape: "bare_array",
            ..ListPage::default()
        });
    }
    if !trimmed.starts_with('{') {
        return Err(bad_shape("expected a JSON object or array"));
    }
    let fields: std::collections::BTreeMap<String, Box<RawValue>> =
        serde_json::from_str(text).map_err(bad_body)?;
    let total_results = match at_path(&fields, total_path) {
        Some((raw, rest)) if rest.is_empty() => number(raw),
        Some((raw, rest)) => value_at(raw, &rest).and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        }),
        None => None,
    };
    // The object holding the next link (`links`): when present, the server pages by links.
    let (links_object, next_key) = next_path.rsplit_once('.').unwrap_or(("", next_path));
    let holder: Option<Value> = match at_path(&fields, links_object) {
        Some((raw, rest)) if !links_object.is_empty() => {
            value_at(raw, &rest).filter(Value::is_object)
        }
        _ => None,
    };
    let has_links = holder.is_some();
    let text_of = |k: &str| {
        holder
            .as_ref()
            .and_then(|h| h.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let links = Links {
        prev: text_of("prev"),
        this: text_of("self"),
        next: text_of(next_key),
    };
    let wanted = key.into_iter().chain(aliases.iter().map(String::as_str));
    let found = wanted.filter_map(|k| fields.get(k)).next();
    let (items, shape) = match found {
        Some(raw) => items_of(raw)?,
        None => {
            let arrays: Vec<&Box<RawValue>> = fields
                .iter()
                .filter(|(k, v)| {
                    !META_KEYS.contains(&k.as_str()) && v.get().trim_start().starts_with('[')
                })
                .map(|(_, v)| v)
                .collect();
            match arrays.as_slice() {
                [only] => items_of(only)?,
                [] if total_results.is_none() && !fields.contains_key("links") => {
                    // A lone record where a list was expected.
                    (
                        vec![RawValue::from_string(text.to_string()).map_err(bad_body)?],
                        "lone_object",
                    )
                }
                [] if total_results == Some(0) => (Vec::new(), "empty"),
                [] => {
                    return Err(bad_shape(&format!(
                        "no list under {:?}",
                        key.unwrap_or("?")
                    )));
                }
                _ => {
                    return Err(bad_shape(&format!(
                        "no list under {:?} and several candidate lists",
                        key.unwrap_or("?")
                    )));
                }
            }
        }
    };
    Ok(ListPage {
        items,
        total_results,
        links,
        has_links,
        shape,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_with_links() {
        let body = br#"{"jobs":[{"id":1},{"id":2}],"total_results":12,"links":{"prev":null,"self":"/v2/orders/jobs?page=1","next":"/v2/orders/jobs?page=2"}}"#;
        let page = decode_list(body, Some("jobs"), &[]).unwrap();
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.total_results, Some(12));
        assert_eq!(page.links.next.as_deref(), Some("/v2/orders/jobs?page=2"));
        assert_eq!(page.links.prev, None);
        assert_eq!(page.shape, "envelope");
    }

    #[test]
    fn lone_object_under_the_key() {
        let body = br#"{"purchaseorders":{"id":68777},"total_results":1}"#;
        let page = decode_list(body, Some("purchaseorders"), &[]).unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.shape, "lone_object");
    }

    #[test]
    fn lone_record_instead_of_a_list() {
        let page = decode_list(br#"{"id":7,"name":"Net 30"}"#, Some("payment_terms"), &[]).unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.items[0].get(), r#"{"id":7,"name":"Net 30"}"#);
    }

    #[test]
    fn bare_array_alias_and_single_array_fallback() {
        assert_eq!(
            decode_list(b"[1,2,3]", Some("x"), &[]).unwrap().items.len(),
            3
        );
        let aliased = decode_list(
            br#"{"clientGroups":[{"id":1}]}"#,
            Some("client_groups"),
            &["clientGroups".into()],
        )
        .unwrap();
        assert_eq!(aliased.items.len(), 1);
        let fallback = decode_list(
            br#"{"groups":[{"id":1},{"id":2}],"total_results":2}"#,
            Some("client_groups"),
            &[],
        )
        .unwrap();
        assert_eq!(fallback.items.len(), 2);
        let empty = decode_list(
            br#"{"jobs":null,"total_results":0,"links":{}}"#,
            Some("jobs"),
            &[],
        )
        .unwrap();
        assert!(empty.items.is_empty());
    }

    #[test]
    fn refuses_garbage() {
        assert!(decode_list(b"<html>", Some("jobs"), &[]).is_err());
        assert!(decode_list(br#"{"a":[1],"b":[2],"total_results":2}"#, Some("jobs"), &[]).is_err());
    }
}
