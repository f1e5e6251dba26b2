//! Validation before any quota is spent: every broken rule is reported at once, field by field.

pub mod countries;
pub mod formats;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::error::FieldError;
use crate::quota::calendar::months_before;
use crate::spec::{EndpointSpec, FieldRule, ParamSpec, ProviderSpec, Schema};
use formats::{date_of, enum_match, is_email, is_iso2, is_uuid, parse_date, parse_datetime};

/// A JSON scalar as it goes into a query string or path (`None` for arrays and objects).
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
        other => other.to_string(),
    }
}

/// Checks one scalar against a type name; `None` when it is fine, else (rule, message).
fn check_scalar(ty: &str, values: &[String], v: &Value) -> Option<(String, String)> {
    let text = scalar_text(v);
    let as_int = match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    let fail = |rule: &str, msg: String| Some((rule.to_string(), msg));
    match ty {
        "string" => match v {
            Value::String(_) | Value::Number(_) => None,
            _ => fail("type", format!("must be text, got {}", describe(v))),
        },
        "date" => match text.as_deref().and_then(parse_date) {
            Some(_) => None,
            None => fail(
                "format.date",
                format!("must be a date written YYYY-MM-DD, got {}", describe(v)),
            ),
        },
        "datetime" => match text.as_deref().and_then(parse_datetime) {
            Some(_) => None,
            None => fail(
                "format.datetime",
                format!(
                    "must be a date-time written YYYY-MM-DDTHH:MM:SS, got {}",
                    describe(v)
                ),
            ),
        },
        "date_or_datetime" => match text.as_deref().and_then(date_of) {
            Some(_) => None,
            None => fail(
                "format.date",
                format!(
                    "must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, got {}",
                    describe(v)
                ),
            ),
        },
        "id" => match as_int {
            Some(i) if i > 0 => None,
            _ => fail(
                "format.id",
                format!("must be a positive whole number, got {}", describe(v)),
            ),
        },
        "integer" => match as_int {
            Some(_) => None,
            None => fail(
                "type",
                format!("must be a whole number, got {}", describe(v)),
            ),
        },
        "nonneg_integer" => match as_int {
            Some(i) if i >= 0 => None,
            Some(_) => fail("min", format!("must not be negative, got {}", describe(v))),
            None => fail(
                "type",
                format!("must be a whole number, got {}", describe(v)),
            ),
        },
        "positive_integer" => match as_int {
            Some(i) if i > 0 => None,
            Some(_) => fail("min", format!("must be at least 1, got {}", describe(v))),
            None => fail(
                "type",
                format!("must be a whole number, got {}", describe(v)),
            ),
        },
        "currency" => match v {
            Value::String(s) if s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase()) => None,
            _ => fail(
                "format.currency",
                format!("must be an ISO 4217 code such as USD, got {}", describe(v)),
            ),
        },
        "uuid" => match text.as_deref() {
            Some(t) if is_uuid(t) => None,
            _ => fail(
                "format.uuid",
                format!("must be a UUID, got {}", describe(v)),
            ),
        },
        "email" => match v {
            Value::String(s) if is_email(s) => None,
            _ => fail(
                "format.email",
                format!("must be an e-mail address, got {}", describe(v)),
            ),
        },
        "iso2" => match v {
            Value::String(s) if is_iso2(s) => None,
            Value::String(s) => {
                let hint = formats::country_code(s)
                    .map(|c| format!("; did you mean {c:?}?"))
                    .unwrap_or_default();
                fail(
                    "format.iso2",
                    format!("must be an ISO 3166-1 two-letter country code, got {s:?}{hint}"),
                )
            }
            _ => fail(
                "format.iso2",
                format!(
                    "must be an ISO 3166-1 two-letter country code, got {}",
                    describe(v)
                ),
            ),
        },
        "money" | "quantity" => match v {
            Value::Number(n) if n.as_f64().is_some_and(|f| f < 0.0) => {
                fail("min", format!("must not be negative, got {n}"))
            }
            Value::Number(_) => None,
            _ => fail("type", format!("must be a number, got {}", describe(v))),
        },
        "number" => match v {
            Value::Number(_) => None,
            _ => fail("type", format!("must be a number, got {}", describe(v))),
        },
        "boolean" => match v {
            Value::Bool(_) => None,
            Value::String(s) if matches!(s.as_str(), "true" | "false") => None,
            _ => fail(
                "type",
                format!("must be true or false, got {}", describe(v)),
            ),
        },
        "enum" => match text.as_deref().and_then(|t| enum_match(t, values)) {
            Some(_) => None,
            None => fail(
                "enum",
                format!("must be one of {}; got {}", values.join(", "), describe(v)),
            ),
        },
        other => fail("spec", format!("the spec uses unknown type {other:?}")),
    }
}

fn is_blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        _ => false,
    }
}

/// Checks path parameters: every placeholder that is not a setting must be given and valid.
pub fn check_path(
    spec: &ProviderSpec,
    ep: &EndpointSpec,
    path: &Map<String, Value>,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for name in ep.placeholders() {
        if spec.settings.contains_key(name) {
            continue;
        }
        match path.get(name).filter(|v| !is_blank(Some(v))) {
            None => errors.push(FieldError::new(
                name,
                "required",
                format!("{name} is required by {}", ep.name),
            )),
            // Unreserved, so left as they are by encoding, and URL normalization would then
            // climb out of the endpoint (`--variant-id ..` archiving the product instead).
            Some(Value::String(s)) if s == "." || s == ".." => errors.push(FieldError::new(
                name,
                "path_segment",
                format!("{name} {s:?} would change the endpoint of {}", ep.name),
            )),
            Some(v) => {
                if let Some((rule, msg)) = check_scalar(ep.path_param_type(name), &[], v) {
                    errors.push(FieldError::new(name, rule, format!("{name} {msg}")));
                }
            }
        }
    }
    for key in path.keys() {
        if !ep.placeholders().contains(&key.as_str()) {
            errors.push(FieldError::new(
                key,
                "unknown_param",
                format!("{} takes no path parameter {key:?}", ep.name),
            ));
        }
    }
    errors
}

/// Checks query parameters: unknown names, required ones, types, ordered ranges and the
/// history window (`today` is the provider's local date, computed by the caller from `now`).
pub fn check_params(
    spec: &ProviderSpec,
    ep: &EndpointSpec,
    params: &Map<String, Value>,
    today: NaiveDate,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (key, value) in params {
        let Some(p) = ep.params.iter().find(|p| &p.name == key) else {
            let known = ep
                .params
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>();
            let msg = if known.is_empty() {
                format!("{} takes no query parameters (got {key:?})", ep.name)
            } else {
                format!(
                    "{} does not take {key:?}; it takes {}",
                    ep.name,
                    known.join(", ")
                )
            };
            errors.push(FieldError::new(key, "unknown_param", msg));
            continue;
        };
        if value.is_null() {
            continue;
        }
        if let Some((rule, msg)) = check_scalar(&p.ty, &p.values, value) {
            errors.push(FieldError::new(key, rule, format!("{key} {msg}")));
        }
    }
    for p in ep.params.iter().filter(|p| p.required) {
        if is_blank(params.get(&p.name)) {
            errors.push(FieldError::new(
                &p.name,
                "required",
                required_message(ep, p),
            ));
        }
    }
    let date = |name: &str| params.get(name).and_then(|v| v.as_str()).and_then(date_of);
    let text = |name: &str| params.get(name).and_then(scalar_text).unwrap_or_default();
    for [from, to] in &ep.date_ranges {
        let start = params
            .get(from)
            .and_then(|v| v.as_str())
            .and_then(|t| range_bound(t, false));
        let end = params
            .get(to)
            .and_then(|v| v.as_str())
            .and_then(|t| range_bound(t, true));
        if let (Some(a), Some(b)) = (start, end)
            && a > b
        {
            errors.push(FieldError::new(
                to,
                "range_order",
                format!(
                    "{to} ({}) is before {from} ({}); the range must run forwards",
                    text(to),
                    text(from)
                ),
            ));
        }
    }
    if ep.history_window
        && let Some(months) = spec.limits.history_months
    {
        let earliest = months_before(today, months);
        for p in ep.params.iter().filter(|p| p.ty.starts_with("date")) {
            if let Some(d) = date(&p.name)
                && d < earliest
            {
                errors.push(FieldError::new(
                    &p.name,
                    "history_window",
                    format!(
                        "{} ({}) is more than {months} months before today ({today}); {} serves only the last {months} months, so the earliest date that can be searched is {earliest}",
                        p.name,
                        text(&p.name),
                        spec.display_name
                    ),
                ));
            }
        }
    }
    errors
}

/// A range bound as an instant: a date-only `to` means the end of that day.
fn range_bound(text: &str, is_end: bool) -> Option<chrono::NaiveDateTime> {
    match parse_date(text) {
        Some(d) if is_end => d.and_hms_milli_opt(23, 59, 59, 999),
        Some(d) => d.and_hms_opt(0, 0, 0),
        None => parse_datetime(text),
    }
}

fn required_message(ep: &EndpointSpec, p: &ParamSpec) -> String {
    let pair = ep.date_ranges.iter().find(|r| r.contains(&p.name));
    match pair {
        Some([from, to]) => format!(
            "{} requires both {from} and {to} (YYYY-MM-DD); {} is missing",
            ep.name, p.name
        ),
        None => format!("{} requires {}", ep.name, p.name),
    }
}

/// Checks a create/update body against schema `schema_name`.
pub fn check_body(spec: &ProviderSpec, schema_name: &str, body: &Value) -> Vec<FieldError> {
    let mut errors = Vec::new();
    match spec.schemas.get(schema_name) {
        Some(schema) => check_object(spec, schema, body, "", &mut errors),
        None => errors.push(FieldError::new(
            "",
            "spec",
            format!("unknown schema {schema_name:?}"),
        )),
    }
    errors
}

fn join(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_string()
    } else {
        format!("{prefix}.{field}")
    }
}

fn check_object(
    spec: &ProviderSpec,
    schema: &Schema,
    value: &Value,
    path: &str,
    errors: &mut Vec<FieldError>,
) {
    let Value::Object(obj) = value else {
        let name = if path.is_empty() { "body" } else { path };
        errors.push(FieldError::new(
            name,
            "type",
            format!("{name} must be an object, got {}", describe(value)),
        ));
        return;
    };
    for (field, rule) in &schema.fields {
        let at = join(path, field);
        match obj.get(field) {
            v if is_blank(v) && rule.required => {
                errors.push(FieldError::new(
                    &at,
                    "required",
                    format!("{at} is required"),
                ));
            }
            v if is_blank(v) => {}
            Some(v) => check_field(spec, rule, v, &at, errors),
            None => {}
        }
    }
    for rule in &schema.rules {
        let trigger = obj.get(&rule.when).and_then(|v| v.as_str());
        if let Some(t) = trigger
            && enum_match(t, &rule.is_in).is_some()
            && is_blank(lookup(value, &rule.require))
        {
            let at = join(path, &rule.require);
            errors.push(FieldError::new(
                &at,
                "required_if",
                format!("{at} is required when {} is {t:?}", join(path, &rule.when)),
            ));
        }
    }
}

fn check_field(
    spec: &ProviderSpec,
    rule: &FieldRule,
    v: &Value,
    at: &str,
    errors: &mut Vec<FieldError>,
) {
    match rule.ty.as_str() {
        "object" => match rule.schema.as_ref().and_then(|s| spec.schemas.get(s)) {
            Some(schema) => check_object(spec, schema, v, at, errors),
            None if v.is_object() => {}
            None => errors.push(FieldError::new(
                at,
                "type",
                format!("{at} must be an object"),
            )),
        },
        "array" => match v {
            Value::Array(items) if rule.max_items.is_some_and(|max| items.len() > max) => errors
                .push(FieldError::new(
                    at,
                    "max_items",
                    format!(
                        "{at} has {} entries; the limit is {}",
                        items.len(),
                        rule.max_items.unwrap_or_default()
                    ),
                )),
            Value::Array(items) => {
                if let Some(schema) = rule.items.as_ref().and_then(|s| spec.schemas.get(s)) {
                    for (i, item) in items.iter().enumerate() {
                        check_object(spec, schema, item, &format!("{at}[{i}]"), errors);
                    }
                }
            }
            _ => errors.push(FieldError::new(
                at,
                "type",
                format!("{at} must be a list, got {}", describe(v)),
            )),
        },
        ty => {
            if let Some((r, msg)) = check_scalar(ty, &rule.values, v) {
                errors.push(FieldError::new(at, r, format!("{at} {msg}")));
            } else if let (Some(max), Value::String(s)) = (rule.max_len, v)
                && s.chars().count() > max
            {
                errors.push(FieldError::new(
                    at,
                    "max_len",
                    format!(
                        "{at} is {} characters long; the limit is {max}",
                        s.chars().count()
                    ),
                ));
            }
        }
    }
}

/// Follows a dotted path into a JSON value.
pub fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |v, key| v.get(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn syncore() -> ProviderSpec {
        ProviderSpec::builtin("syncore").unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn params(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn job_search_needs_both_dates() {
        let spec = syncore();
        let ep = spec.endpoint("jobs.search").unwrap();
        let errs = check_params(
            &spec,
            ep,
            &params(json!({"date_from": "2026-01-01"})),
            today(),
        );
        assert_eq!(errs.len(), 1);
        assert_eq!(
            (errs[0].field.as_str(), errs[0].rule.as_str()),
            ("date_to", "required")
        );
    }

    #[test]
    fn ranges_types_and_unknown_params_all_at_once() {
        let spec = syncore();
        let ep = spec.endpoint("jobs.search").unwrap();
        let errs = check_params(
            &spec,
            ep,
            &params(
                json!({"date_from": "2026-03-01", "date_to": "2026-02-01", "client_group_id": -4, "sort": "x"}),
            ),
            today(),
        );
        let rules: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.rule.as_str()))
            .collect();
        assert!(rules.contains(&("date_to", "range_order")), "{rules:?}");
        assert!(
            rules.contains(&("client_group_id", "format.id")),
            "{rules:?}"
        );
        assert!(rules.contains(&("sort", "unknown_param")), "{rules:?}");
        assert_eq!(errs.len(), 3);
    }

    #[test]
    fn thirteen_month_window() {
        let spec = syncore();
        let ep = spec.endpoint("jobs.search").unwrap();
        // 2026-11-22 minus 13 months is 2025-10-22.
        let ok = check_params(
            &spec,
            ep,
            &params(json!({"date_from": "2025-10-22", "date_to": "2025-12-01"})),
            today(),
        );
        assert!(ok.is_empty(), "{ok:?}");
        let errs = check_params(
            &spec,
            ep,
            &params(json!({"date_from": "2025-10-21", "date_to": "2025-12-01"})),
            today(),
        );
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].rule, "history_window");
        assert!(
            errs[0].message.contains("2025-10-22"),
            "{}",
            errs[0].message
        );
        assert!(errs[0].message.contains("13 months"), "{}", errs[0].message);
    }

    #[test]
    fn path_params() {
        let spec = syncore();
        let ep = spec.endpoint("sales_order_line_items.list").unwrap();
        let errs = check_path(
            &spec,
            ep,
            &params(json!({"job_id": 31987, "salesorder_id": "abc"})),
        );
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "salesorder_id");
        assert!(
            check_path(
                &spec,
                ep,
                &params(json!({"job_id": 31987, "salesorder_id": "40454"}))
            )
            .is_empty()
        );
    }

    #[test]
    fn purchase_order_body() {
        let spec = syncore();
        let bad = json!({
            "ship_to": {"name": "Ana Silva", "address1": "1 Main St", "city": "Springfield", "country": "United States"},
            "freight_value": -5,
            "status": "Posted Manually",
            "in_hand_date": "12/01/2026",
            "line_items": [{"type": "Size", "description": "L", "quantity": -2}, {"type": "Hat", "description": "x"}]
        });
        let errs = check_body(&spec, "purchase_order_write", &bad);
        let got: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.rule.as_str()))
            .collect();
        for want in [
            ("supplier_id", "required"),
            ("ship_to.first_name", "required"),
            ("ship_to.last_name", "required"),
            ("ship_to.country", "format.iso2"),
            ("freight_value", "min"),
            ("in_hand_date", "format.date"),
            ("line_items[0].quantity", "min"),
            ("line_items[1].type", "enum"),
            ("invoice_details.posting_date", "required_if"),
        ] {
            assert!(got.contains(&want), "missing {want:?} in {got:?}");
        }
        assert_eq!(errs.len(), 9, "{got:?}");
        let hint = errs.iter().find(|e| e.field == "ship_to.country").unwrap();
        assert!(hint.message.contains("\"US\""), "{}", hint.message);
    }

    #[test]
    fn valid_body_passes_and_unknown_fields_pass_through() {
        let spec = syncore();
        let good = json!({
            "supplier_id": 12, "status": "posted @ease ap",
            "invoice_details": {"posting_date": "2026-11-01"},
            "ship_to": {"first_name": "Ana", "last_name": "Silva", "address1": "1 Main St", "city": "Springfield", "country": "US"},
            "custom_field_from_the_future": {"anything": true}
        });
        assert_eq!(check_body(&spec, "purchase_order_write", &good), vec![]);
        assert_eq!(
            check_body(&spec, "payment_write", &json!([1]))[0].rule,
            "type"
        );
    }
}
