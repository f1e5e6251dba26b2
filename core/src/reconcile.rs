//! Finding the record a write created when its outcome is unknown (DESIGN §6).
//!
//! Syncore cannot delete through its API, so a duplicate create is permanent. When a create's
//! connection fails after sending, the driver lists the parent collection and asks
//! [`find_created`] whether a record matching what was sent exists and is not already claimed
//! by another journaled write. Found: the write succeeded. Not found: it is safe to send again.

use std::collections::HashSet;

use chrono::Duration as ChronoDuration;
use serde_json::{Map, Value};

use crate::api::Args;
use crate::error::{Error, Result};
use crate::money::Amount;
use crate::spec::{EndpointSpec, ProviderSpec};
use crate::validate::formats::normalize;

/// The outcome of a reconciliation lookup.
#[derive(Clone, Debug, PartialEq)]
pub enum Match {
    /// This record carries everything that was sent and no other write claims it.
    Found {
        /// Its id.
        id: String,
        /// The record as listed.
        record: Value,
    },
    /// No unclaimed record matches: the create did not happen.
    NotFound,
}

/// The id of a listed record (`id`, else `line_id`), as text.
pub fn record_id(record: &Value) -> Option<String> {
    ["id", "line_id"].iter().find_map(|k| match record.get(*k) {
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    })
}

fn same_scalar(sent: &Value, found: &Value) -> Option<bool> {
    match (sent, found) {
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (Amount::parse(&a.to_string()), Amount::parse(&b.to_string()));
            Some(
                a.is_some()
                    && a.map(|x| x.to_decimal().normalize())
                        == b.map(|x| x.to_decimal().normalize()),
            )
        }
        (Value::String(a), Value::String(b)) => Some(normalize(a) == normalize(b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a == b),
        (Value::Bool(a), Value::String(b)) | (Value::String(b), Value::Bool(a)) => {
            Some(b.eq_ignore_ascii_case(if *a { "true" } else { "false" }))
        }
        (Value::Number(a), Value::String(b)) | (Value::String(b), Value::Number(a)) => {
            Some(a.to_string() == b.trim())
        }
        _ => None,
    }
}

/// Compares the top-level scalar fields that were sent with the record; `x_id` also matches a
/// record's `x.id`. Nested objects are skipped because read and write shapes differ (addresses).
/// Returns how many fields were compared, or `None` on any mismatch.
fn agreement(sent: &Map<String, Value>, record: &Value) -> Option<usize> {
    let mut compared = 0;
    for (key, value) in sent {
        if value.is_object() || value.is_array() {
            continue;
        }
        let found = record.get(key).or_else(|| {
            key.strip_suffix("_id")
                .and_then(|base| record.get(base))
                .and_then(|nested| nested.get("id"))
        });
        let Some(found) = found else { continue };
        match same_scalar(value, found) {
            Some(true) => compared += 1,
            Some(false) => return None,
            None => {}
        }
    }
    Some(compared)
}

/// Looks for the record created by `body` among `candidates`, skipping ids in `claimed`.
/// Several matches resolve to the newest (highest numeric id): one of them is ours, and a
/// record already claimed by another journaled write is never reused.
pub fn find_created(body: &Value, candidates: &[Value], claimed: &HashSet<String>) -> Match {
    let Value::Object(sent) = body else {
        return Match::NotFound;
    };
    let mut best: Option<(&Value, String)> = None;
    for record in candidates {
        let Some(id) = record_id(record) else {
            continue;
        };
        if claimed.contains(&id) {
            continue;
        }
        if agreement(sent, record).is_some_and(|n| n > 0) {
            let newer =
                best.as_ref()
                    .is_none_or(|(_, b)| match (id.parse::<i64>(), b.parse::<i64>()) {
                        (Ok(x), Ok(y)) => x > y,
                        _ => id > *b,
                    });
            if newer {
                best = Some((record, id));
            }
        }
    }
    match best {
        Some((record, id)) => Match::Found {
            id,
            record: record.clone(),
        },
        None => Match::NotFound,
    }
}

/// The arguments of the lookup that reconciles a create: the create's path parameters that the
/// lookup also takes, plus `reconcile_query` (body fields, or `@today` / `@yesterday` in the
/// provider's calendar).
pub fn lookup_args(
    spec: &ProviderSpec,
    create: &EndpointSpec,
    args: &Args,
    today: chrono::NaiveDate,
) -> Result<(String, Args)> {
    let lookup_name = create.reconcile_with.as_ref().ok_or_else(|| {
        Error::config(
            "no_reconcile",
            format!(
                "{} has no lookup to reconcile an unknown outcome",
                create.name
            ),
        )
    })?;
    let lookup = spec.endpoint(lookup_name)?;
    let mut out = Args::new();
    for name in lookup.placeholders() {
        if let Some(v) = args.path.get(name) {
            out.path.insert(name.to_string(), v.clone());
        }
    }
    for (param, source) in &create.reconcile_query {
        let value = match source.as_str() {
            "@today" => Value::String(today.to_string()),
            "@yesterday" => Value::String((today - ChronoDuration::days(1)).to_string()),
            field => match args.body.as_ref().and_then(|b| b.get(field)) {
                Some(v) if !v.is_null() => v.clone(),
                _ => continue,
            },
        };
        out.query.insert(param.clone(), value);
    }
    Ok((lookup_name.clone(), out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_sent_fields_and_skips_claimed_records() {
        let sent = json!({"customer_order_number": "HRC-11", "description": "Fleece", "status": "open",
                          "payment_type_id": 3, "bill_to": {"first_name": "Dana"}});
        let records = vec![
            json!({"id": 10, "customer_order_number": "HRC-10", "description": "Fleece"}),
            json!({"id": 11, "customer_order_number": "HRC-11", "description": "Fleece", "status": "Open",
                   "payment_type": {"id": 3}, "bill_to": {"name": "Dana W"}}),
            json!({"id": 12, "customer_order_number": "HRC-11", "description": "Fleece"}),
        ];
        let claimed: HashSet<String> = HashSet::new();
        assert!(
            matches!(find_created(&sent, &records, &claimed), Match::Found { id, .. } if id == "12")
        );
        let claimed: HashSet<String> = ["12".to_string()].into();
        assert!(
            matches!(find_created(&sent, &records, &claimed), Match::Found { id, .. } if id == "11")
        );
        let claimed: HashSet<String> = ["11".to_string(), "12".to_string()].into();
        assert_eq!(find_created(&sent, &records, &claimed), Match::NotFound);
    }

    #[test]
    fn money_compares_exactly_and_a_mismatch_rules_out() {
        let sent = json!({"amount_value": 100.10, "date": "2026-11-02"});
        let records = vec![
            json!({"id": 1, "amount_value": 100.1, "date": "2026-11-02"}),
            json!({"id": 2, "amount_value": 100.11, "date": "2026-11-02"}),
        ];
        assert!(
            matches!(find_created(&sent, &records, &HashSet::new()), Match::Found { id, .. } if id == "1")
        );
        // Nothing comparable is not a match.
        assert_eq!(
            find_created(&json!({"x": 1}), &records, &HashSet::new()),
            Match::NotFound
        );
    }
}
