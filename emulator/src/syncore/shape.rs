//! Write bodies become stored records in READ shape, the way the API answers GETs: write
//! addresses (first/last name, ISO-2 country) become read addresses (`name`, country display
//! name); `x_id` references become nested `x: {id, name}`; every other field is kept as sent,
//! so a client can find its record again by the fields it sent.

use std::collections::BTreeMap;

use pacer_sdk_core::validate::countries::COUNTRIES;
use serde_json::{Value, json};

use crate::record::{Record, id_of, money};
use crate::syncore::store::{World, lookup, present};
use crate::syncore::values::{cents_of, number_of};

/// Keys whose objects are addresses.
pub const ADDRESS_KEYS: &[&str] = &[
    "sold_to",
    "bill_to",
    "ship_to",
    "billing_address",
    "shipping_address",
    "supplier_address",
];

/// Field errors of a request, rendered as an ASP.NET-style ProblemDetails body.
#[derive(Debug, Default)]
pub struct Problems {
    errors: BTreeMap<String, Vec<String>>,
}

impl Problems {
    /// Adds a message for `field`.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.errors
            .entry(field.to_string())
            .or_default()
            .push(message.into());
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The 400 body.
    pub fn body(&self) -> Value {
        json!({
            "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            "title": "One or more validation errors occurred.",
            "status": 400,
            "errors": self.errors,
        })
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Requires `fields` to be present, non-null and (for strings) not blank.
pub fn require(body: &Record, fields: &[&str], prefix: &str, problems: &mut Problems) {
    for f in fields {
        let ok = match body.get(*f) {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.trim().is_empty(),
            Some(_) => true,
        };
        if !ok {
            problems.add(&join(prefix, f), format!("{f} is required"));
        }
    }
}

/// Requires `fields` to be address objects.
pub fn require_objects(body: &Record, fields: &[&str], problems: &mut Problems) {
    for f in fields {
        match body.get(*f) {
            Some(Value::Object(_)) => {}
            None | Some(Value::Null) => problems.add(f, format!("{f} is required")),
            Some(_) => problems.add(f, format!("{f} must be an object")),
        }
    }
}

fn country_name(code: &str) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, name, _)| *name)
}

/// Checks a write address and converts it to the read shape.
fn read_address(a: &Record, prefix: &str, problems: &mut Problems) -> Record {
    require(a, &["first_name", "last_name"], prefix, problems);
    if let Some(Value::String(c)) = a.get("country")
        && c.chars().count() > 2
    {
        problems.add(
            &join(prefix, "country"),
            "country is over the max length of 2 characters",
        );
    }
    let mut out = Record::new();
    let name = [a.get("first_name"), a.get("last_name")]
        .iter()
        .filter_map(|v| v.and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    for (k, v) in a {
        match k.as_str() {
            "first_name" | "last_name" => {}
            "country" => {
                let shown = v
                    .as_str()
                    .and_then(country_name)
                    .map_or_else(|| v.clone(), Value::from);
                out.insert(k.clone(), shown);
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out.insert("name".into(), json!(name));
    out
}

/// The nested form of an `x_id` reference, or `None` when `base` is not a known reference.
fn nested_ref(world: &World, base: &str, id: i64) -> Option<Result<Value, ()>> {
    if base == "client" {
        return Some(
            world
                .contacts
                .get(&id)
                .map(|c| {
                    json!({"id": id, "business_name": c.get("business_name"), "name": c.get("name"),
                           "email": c.get("email")})
                })
                .ok_or(()),
        );
    }
    let list = lookup(world, base)?;
    let found = list
        .iter()
        .find(|r| r.get("id").and_then(id_of) == Some(id));
    Some(
        found
            .map(|r| {
                if base == "supplier" {
                    json!({"id": r["id"], "name": r["name"], "type": r["type"], "class": r["class"],
                           "asi_id": r["asi_id"]})
                } else {
                    json!({"id": r["id"], "name": r["name"]})
                }
            })
            .ok_or(()),
    )
}

/// Converts a write body (or a nested object of one) to the stored read shape, reporting
/// malformed addresses and unknown references.
pub fn to_read(world: &World, body: &Record, prefix: &str, problems: &mut Problems) -> Record {
    let mut out = Record::new();
    for (k, v) in body {
        let path = join(prefix, k);
        if ADDRESS_KEYS.contains(&k.as_str()) {
            match v {
                Value::Object(a) => {
                    out.insert(k.clone(), Value::Object(read_address(a, &path, problems)));
                }
                Value::Null => {
                    out.insert(k.clone(), Value::Null);
                }
                _ => problems.add(&path, format!("{k} must be an object")),
            }
            continue;
        }
        if k == "line_items" {
            match v {
                Value::Array(items) => {
                    let lines = items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| match item {
                            Value::Object(l) => Value::Object(line_to_read(
                                world,
                                l,
                                &format!("{path}[{i}]"),
                                problems,
                            )),
                            _ => {
                                problems
                                    .add(&format!("{path}[{i}]"), "a line item must be an object");
                                Value::Null
                            }
                        })
                        .collect();
                    out.insert(k.clone(), Value::Array(lines));
                }
                Value::Null => {}
                _ => problems.add(&path, "line_items must be an array"),
            }
            continue;
        }
        if let Some(base) = k.strip_suffix("_id")
            && present(Some(v))
        {
            let Some(id) = id_of(v) else {
                if lookup(world, base).is_some() || base == "client" {
                    problems.add(&path, format!("{k} must be an integer id"));
                } else {
                    out.insert(k.clone(), v.clone());
                }
                continue;
            };
            match nested_ref(world, base, id) {
                Some(Ok(nested)) => {
                    out.insert(base.to_string(), nested);
                }
                Some(Err(())) => problems.add(&path, format!("{k} {id} does not exist")),
                None => {
                    out.insert(k.clone(), v.clone());
                }
            }
            continue;
        }
        out.insert(k.clone(), v.clone());
    }
    out
}

/// Checks a line item and converts it to the read shape; the server adds `line_total_value`
/// (quantity × price) and `parent_id` 0 when they were not sent.
pub fn line_to_read(world: &World, line: &Record, prefix: &str, problems: &mut Problems) -> Record {
    require(line, &["type", "description"], prefix, problems);
    if let Some(t) = line.get("type")
        && !t.is_string()
        && !t.is_null()
    {
        problems.add(&join(prefix, "type"), "type must be a string");
    }
    let mut out = to_read(world, line, prefix, problems);
    out.remove("line_id");
    if !present(out.get("parent_id")) {
        out.insert("parent_id".into(), json!(0));
    }
    if !out.contains_key("line_total_value")
        && let (Some(q), Some(p)) = (
            out.get("quantity").and_then(number_of),
            out.get("price_value").and_then(cents_of),
        )
    {
        out.insert(
            "line_total_value".into(),
            money((q * p as f64).round() as i64),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syncore::seed::seed_db;
    use crate::zone::DayZone;

    #[test]
    fn write_shape_becomes_read_shape() {
        let db = seed_db(
            7,
            5,
            pacer_sdk_core::Timestamp::parse_rfc3339("2026-11-22T15:00:00Z").unwrap(),
            DayZone::parse("America/New_York").unwrap(),
        );
        let body = json!({
            "ship_to": {"first_name": "Dana", "last_name": "Whitfield", "country": "US", "city": "Albany"},
            "bill_to": {"first_name": "Dana", "country": "USA"},
            "payment_type_id": 2,
            "card_type_id": 99,
            "customer_order_number": "HRC-11",
            "line_items": [{"type": "Pricing", "description": "Mugs", "quantity": 3, "price_value": 1.15, "supplier_id": "7"}],
        });
        let mut p = Problems::default();
        let out = to_read(&db.world, body.as_object().unwrap(), "", &mut p);
        assert_eq!(out["ship_to"]["name"], "Dana Whitfield");
        assert_eq!(out["ship_to"]["country"], "United States");
        assert!(out["ship_to"].get("first_name").is_none());
        assert_eq!(out["payment_type"], json!({"id": 2, "name": "Credit Card"}));
        assert_eq!(out["customer_order_number"], "HRC-11");
        assert_eq!(out["line_items"][0]["supplier"]["id"], 7);
        assert_eq!(out["line_items"][0]["line_total_value"], json!(3.45));
        let errors = &p.body()["errors"];
        assert_eq!(
            errors["bill_to.last_name"],
            json!(["last_name is required"])
        );
        assert_eq!(
            errors["bill_to.country"],
            json!(["country is over the max length of 2 characters"])
        );
        assert_eq!(
            errors["card_type_id"],
            json!(["card_type_id 99 does not exist"])
        );
    }
}
