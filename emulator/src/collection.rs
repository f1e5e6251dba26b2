//! Simple list and get endpoints served from data, without a handler each: a provider says
//! which resources are plain collections (the records as the API answers them, in list order);
//! the endpoint's spec says whether a request is the list or the get and which path parameter
//! is the id. The provider keeps only its list envelope (its paging and keys), so a resource
//! that is just data needs one line in its provider's [`Collections`] and nothing else.

use std::collections::BTreeMap;

use pacer_sdk_core::spec::EndpointSpec;
use serde_json::Value;

/// A provider's plain collections.
pub trait Collections {
    /// The records of `resource` as the API answers them, in the order it lists them, when the
    /// resource is a plain collection (`None`: its endpoints have handlers of their own).
    fn collection(&self, resource: &str) -> Option<Vec<Value>>;
}

/// What a plain collection answers.
#[derive(Debug, PartialEq)]
pub enum Served {
    /// The list endpoint: every record, for the provider's envelope.
    List(Vec<Value>),
    /// The get endpoint: the record whose `id` is the path's.
    Found(Value),
    /// The get endpoint for an id the collection lacks.
    Missing {
        /// The path parameter that named it.
        param: String,
        /// The id asked for.
        id: String,
    },
}

/// Serves `ep` from `from` when it is the `list` or `get` of a plain collection; `None` when
/// the endpoint is anything else (its handler answers it).
pub fn serve(
    ep: &EndpointSpec,
    params: &BTreeMap<String, String>,
    from: &impl Collections,
) -> Option<Served> {
    if !ep.method.eq_ignore_ascii_case("GET") {
        return None;
    }
    let records = from.collection(ep.resource())?;
    match ep.action() {
        "list" => Some(Served::List(records)),
        "get" => {
            // The record's own id is the path's last placeholder (a parent's come first).
            let param = ep.placeholders().last()?.to_string();
            let id = params.get(&param)?.clone();
            let found = records.into_iter().find(|r| id_matches(&r["id"], &id));
            Some(match found {
                Some(record) => Served::Found(record),
                None => Served::Missing { param, id },
            })
        }
        _ => None,
    }
}

/// Whether a record's `id` (text or number) is the path's `id`.
fn id_matches(value: &Value, id: &str) -> bool {
    match value {
        Value::String(s) => s == id,
        Value::Number(n) => n.to_string() == id,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Shelf;

    impl Collections for Shelf {
        fn collection(&self, resource: &str) -> Option<Vec<Value>> {
            (resource == "suppliers")
                .then(|| vec![json!({"id": 7, "name": "A"}), json!({"id": "s-2"})])
        }
    }

    fn endpoint(name: &str, method: &str, path: &str) -> EndpointSpec {
        serde_json::from_value(
            json!({"name": name, "method": method, "path": path, "group": "g", "confirmed": true}),
        )
        .unwrap()
    }

    #[test]
    fn lists_and_gets_come_from_the_data_and_everything_else_from_handlers() {
        let none = BTreeMap::new();
        let list = endpoint("suppliers.list", "GET", "/suppliers");
        assert!(matches!(serve(&list, &none, &Shelf), Some(Served::List(v)) if v.len() == 2));
        let get = endpoint(
            "suppliers.get",
            "GET",
            "/groups/{group_id}/suppliers/{supplier_id}",
        );
        let params = |id: &str| {
            BTreeMap::from([
                ("group_id".to_string(), "1".to_string()),
                ("supplier_id".to_string(), id.to_string()),
            ])
        };
        assert_eq!(
            serve(&get, &params("7"), &Shelf),
            Some(Served::Found(json!({"id": 7, "name": "A"})))
        );
        assert_eq!(
            serve(&get, &params("s-2"), &Shelf),
            Some(Served::Found(json!({"id": "s-2"})))
        );
        assert_eq!(
            serve(&get, &params("8"), &Shelf),
            Some(Served::Missing {
                param: "supplier_id".into(),
                id: "8".into()
            })
        );
        let create = endpoint("suppliers.create", "POST", "/suppliers");
        assert_eq!(serve(&create, &none, &Shelf), None);
        let other = endpoint("jobs.list", "GET", "/jobs");
        assert_eq!(serve(&other, &none, &Shelf), None);
    }
}
