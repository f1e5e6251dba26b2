//! Conversions between pacer-sdk-core values and the WIT types: mechanical, no decisions.

use pacer_sdk_core::api::Args;
use pacer_sdk_core::models::describe::{RecordDesc, TypeDesc};
use pacer_sdk_core::paging::PagerPosition;
use pacer_sdk_core::quota::engine::{Decision, WaitReason};
use pacer_sdk_core::quota::{Forecast, RequestKind, WindowUsage};
use pacer_sdk_core::spec::{EndpointSpec, ProviderSpec};
use pacer_sdk_core::{Error, ErrorKind, FieldError, Timestamp};
use serde_json::{Map, Value};

use crate::bindings::exports::pacer::sdk::api as wit;
use crate::bindings::pacer::sdk::types;

/// A core error as the WIT variant, field for field (the error table's fields, durations in
/// seconds).
pub fn error(e: Error) -> types::Error {
    let e = e.into_info();
    let info = types::ErrorInfo {
        kind: e.kind.as_str().to_string(),
        code: e.code,
        message: e.message,
        status: e.status,
        body: e.body,
        errors: e
            .errors
            .into_iter()
            .map(|f| types::FieldError {
                // WIT names are the API's, so the path is spelled as the API spells it.
                property: f.field.clone(),
                field: f.field,
                rule: f.rule,
                message: f.message,
            })
            .collect(),
        retry_after: e.retry_after.map(|d| d.as_secs_f64()),
        resets_at: e.resets_at.map(Timestamp::as_millis),
        scope: e.scope,
    };
    match e.kind {
        ErrorKind::Validation => types::Error::Validation(info),
        ErrorKind::Quota => types::Error::Quota(info),
        ErrorKind::Api => types::Error::Api(info),
        ErrorKind::Transport => types::Error::Transport(info),
        ErrorKind::Config => types::Error::Config(info),
        ErrorKind::Webhook => types::Error::Webhook(info),
    }
}

fn scalar(value: types::Scalar) -> Value {
    match value {
        types::Scalar::Text(s) => Value::String(s),
        types::Scalar::Integer(i) => Value::from(i),
        // NaN and infinities have no JSON form; null makes validation name the parameter.
        types::Scalar::Number(f) => {
            serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
        }
        types::Scalar::Boolean(b) => Value::Bool(b),
    }
}

fn object(params: types::Params) -> Map<String, Value> {
    params.into_iter().map(|(k, v)| (k, scalar(v))).collect()
}

/// A JSON body from the host's text; unparsable text is a validation error on `body`.
pub fn body(text: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| {
        Error::invalid_field("body", "json", format!("the body is not valid JSON: {e}"))
    })
}

/// Call arguments from WIT parameters.
pub fn args(
    path: types::Params,
    query: types::Params,
    body_text: Option<&str>,
) -> Result<Args, Error> {
    Ok(Args {
        path: object(path),
        query: object(query),
        body: body_text.map(body).transpose()?,
    })
}

fn text(map: &Map<String, Value>, name: &str) -> Option<String> {
    map.get(name).and_then(Value::as_str).map(str::to_string)
}

fn count(map: &Map<String, Value>, name: &str) -> Option<u64> {
    map.get(name).and_then(Value::as_u64)
}

fn seconds(map: &Map<String, Value>, name: &str) -> Option<f64> {
    map.get(name).and_then(Value::as_f64)
}

fn flag(map: &Map<String, Value>, name: &str) -> bool {
    map.get(name).and_then(Value::as_bool).unwrap_or(false)
}

// The record's fields are the descriptors' options, so the generator writes both directions
// (a field it adds needs no code here); `ledger` and `credential` are the component's own.
// BEGIN GENERATED OPTIONS (pacer-sdk-gen; do not edit)
/// The WIT options by the descriptors' names, for `options::apply` (`ledger` and
/// `credential`, which only the component has, are the caller's).
#[rustfmt::skip]
pub fn options_map(o: &wit::ClientOptions) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("user_agent".into(), serde_json::json!(o.user_agent.clone()));
    map.insert("tenant_id".into(), serde_json::json!(o.tenant_id.clone()));
    map.insert("org_id".into(), serde_json::json!(o.org_id.clone()));
    map.insert("base_url".into(), serde_json::json!(o.base_url.clone()));
    map.insert("plan".into(), serde_json::json!(o.plan.clone()));
    map.insert("spec_overrides".into(), serde_json::json!(o.spec_overrides.clone()));
    map.insert("account".into(), serde_json::json!(o.account.clone()));
    map.insert("page_size".into(), serde_json::json!(o.page_size));
    map.insert("timeout".into(), serde_json::json!(o.timeout));
    map.insert("connect_timeout".into(), serde_json::json!(o.connect_timeout));
    map.insert("max_response_bytes".into(), serde_json::json!(o.max_response_bytes));
    map.insert("max_wait".into(), serde_json::json!(o.max_wait));
    map.insert("wait_for_reset".into(), serde_json::json!(o.wait_for_reset));
    map.insert("rate_margin".into(), serde_json::json!(o.rate_margin));
    map.insert("max_attempts".into(), serde_json::json!(o.max_attempts));
    map.insert("retry_base_delay".into(), serde_json::json!(o.retry_base_delay));
    map.insert("retry_max_delay".into(), serde_json::json!(o.retry_max_delay));
    map.insert("egress_ip".into(), serde_json::json!(o.egress_ip.clone()));
    map.insert("dangerously_allow_insecure_http".into(), serde_json::json!(o.dangerously_allow_insecure_http));
    map
}

/// The WIT options from the descriptors' names (`options::report`), with the component's
/// own `ledger` and `credential`.
#[rustfmt::skip]
pub fn options_record(
    map: &Map<String, Value>,
    ledger: wit::LedgerKind,
    credential: wit::CredentialKind,
) -> wit::ClientOptions {
    wit::ClientOptions {
        user_agent: text(map, "user_agent"),
        tenant_id: text(map, "tenant_id"),
        org_id: text(map, "org_id"),
        base_url: text(map, "base_url"),
        plan: text(map, "plan"),
        ledger,
        spec_overrides: text(map, "spec_overrides"),
        account: text(map, "account"),
        page_size: count(map, "page_size"),
        timeout: seconds(map, "timeout"),
        connect_timeout: seconds(map, "connect_timeout"),
        max_response_bytes: count(map, "max_response_bytes"),
        max_wait: seconds(map, "max_wait"),
        wait_for_reset: flag(map, "wait_for_reset"),
        rate_margin: seconds(map, "rate_margin"),
        max_attempts: count(map, "max_attempts"),
        retry_base_delay: seconds(map, "retry_base_delay"),
        retry_max_delay: seconds(map, "retry_max_delay"),
        egress_ip: text(map, "egress_ip"),
        dangerously_allow_insecure_http: flag(map, "dangerously_allow_insecure_http"),
        credential,
    }
}
// END GENERATED OPTIONS

/// The descriptor's words for a field type, and what it names or holds.
fn type_words(t: &TypeDesc) -> (&'static str, Option<String>) {
    match t {
        TypeDesc::Int => ("int", None),
        TypeDesc::Float => ("float", None),
        TypeDesc::Text => ("text", None),
        TypeDesc::Bool => ("bool", None),
        TypeDesc::Money => ("money", None),
        TypeDesc::Any => ("any", None),
        TypeDesc::IntOrText => ("int_or_text", None),
        TypeDesc::BoolOrText => ("bool_or_text", None),
        TypeDesc::Enum { name, .. } => ("enum", Some((*name).to_string())),
        TypeDesc::Record { name } => ("record", Some((*name).to_string())),
        TypeDesc::List { of } => ("list", Some(type_text(of))),
        TypeDesc::Map { of } => ("map", Some(type_text(of))),
    }
}

/// A field type as one phrase: `LineItem`, `text`, `list of LineItem`.
fn type_text(t: &TypeDesc) -> String {
    match type_words(t) {
        ("enum" | "record", Some(name)) => name,
        (kind, Some(of)) => format!("{kind} of {of}"),
        (kind, None) => kind.to_string(),
    }
}

/// A record of the catalogue, for `records`.
pub fn record(r: RecordDesc) -> wit::RecordInfo {
    wit::RecordInfo {
        name: r.name.to_string(),
        doc: r.doc,
        fields: r
            .fields
            .into_iter()
            .map(|f| {
                let (kind, of) = type_words(&f.ty);
                wit::FieldInfo {
                    key: f.key.to_string(),
                    kind: kind.to_string(),
                    of,
                    doc: f.doc,
                }
            })
            .collect(),
    }
}

/// An endpoint of the spec, for discovery.
pub fn endpoint(spec: &ProviderSpec, ep: &EndpointSpec) -> wit::EndpointInfo {
    wit::EndpointInfo {
        name: ep.name.clone(),
        resource: ep.resource().to_string(),
        action: ep.action().to_string(),
        method: ep.method.clone(),
        path: ep.path.clone(),
        path_params: ep
            .placeholders()
            .into_iter()
            .filter(|p| !spec.settings.contains_key(*p))
            .map(str::to_string)
            .collect(),
        query_params: ep.params.iter().map(|p| p.name.clone()).collect(),
        group: ep.group.clone(),
        paged: ep.paging.is_some(),
        has_body: ep.body.is_some(),
        confirmed: ep.confirmed,
        availability: ep.availability.clone(),
        description: ep.description.clone(),
    }
}

/// A pager position out.
pub fn position(p: &PagerPosition) -> wit::PagerPosition {
    wit::PagerPosition {
        page: p.page,
        offset: p.offset,
        next_url: p.next_url.clone(),
        seen: p.seen,
        pages: p.pages,
        total: p.total,
        done: p.done,
        end_reason: p.end_reason.clone(),
        truncated: p.truncated,
    }
}

/// A pager position back in.
pub fn position_in(p: wit::PagerPosition) -> PagerPosition {
    PagerPosition {
        page: p.page,
        offset: p.offset,
        next_url: p.next_url,
        seen: p.seen,
        pages: p.pages,
        total: p.total,
        done: p.done,
        end_reason: p.end_reason,
        truncated: p.truncated,
    }
}

/// A request kind in.
pub fn kind_in(k: &wit::RequestKind) -> RequestKind {
    RequestKind::new(&k.group, &k.method)
}

fn kind(k: RequestKind) -> wit::RequestKind {
    wit::RequestKind {
        group: k.group,
        method: k.method,
    }
}

/// A window's state out.
pub fn usage(w: WindowUsage) -> wit::WindowUsage {
    wit::WindowUsage {
        window: w.window,
        scope: w.scope,
        kind: w.kind,
        used: w.used,
        limit: w.limit,
        remaining: w.remaining,
        resets_at: w.resets_at.map(Timestamp::as_millis),
        overage_limit: w.overage_limit,
        in_overage: w.in_overage,
        blocked_until: w.blocked_until.map(Timestamp::as_millis),
        binding: w.binding,
    }
}

/// A forecast out.
pub fn forecast(f: Forecast) -> wit::Forecast {
    wit::Forecast {
        start: f.start.as_millis(),
        finish: f.finish.map(Timestamp::as_millis),
        kinds: f
            .kinds
            .into_iter()
            .map(|k| wit::KindForecast {
                kind: kind(k.kind),
                requested: k.requested,
                scheduled: k.scheduled,
                first_at: k.first_at.map(Timestamp::as_millis),
                last_at: k.last_at.map(Timestamp::as_millis),
            })
            .collect(),
        binding_window: f.binding_window,
        wait_seconds: f.wait_seconds.into_iter().collect(),
        blocked: f
            .blocked
            .into_iter()
            .map(|b| wit::BlockedStream {
                kind: kind(b.kind),
                window: b.window,
                resets_at: b.resets_at.as_millis(),
            })
            .collect(),
    }
}

fn reason(r: WaitReason) -> wit::WaitReason {
    match r {
        WaitReason::Rate => wit::WaitReason::Rate,
        WaitReason::Overage => wit::WaitReason::Overage,
        WaitReason::ServerBlock => wit::WaitReason::ServerBlock,
    }
}

/// A decision out; `grant` wraps a granted reservation into its resource.
pub fn decision(
    d: Decision,
    grant: impl FnOnce(pacer_sdk_core::quota::Reservation) -> wit::Reservation,
) -> wit::Decision {
    match d {
        Decision::Granted(r) => wit::Decision::Granted(grant(r)),
        Decision::Wait {
            until,
            window,
            scope,
            reason: why,
        } => wit::Decision::Wait(wit::WaitInfo {
            until: until.as_millis(),
            window,
            scope,
            reason: reason(why),
        }),
        Decision::Exhausted {
            window,
            scope,
            resets_at,
        } => wit::Decision::Exhausted(wit::ExhaustedInfo {
            window,
            scope,
            resets_at: resets_at.as_millis(),
        }),
    }
}

/// A validation error for a request kind the provider never makes.
pub fn unknown_kind(kind: &RequestKind, known: &[RequestKind]) -> Error {
    let names: Vec<String> = known.iter().map(ToString::to_string).collect();
    Error::validation(vec![FieldError::new(
        "kind",
        "unknown_request_kind",
        format!(
            "no endpoint makes {kind} requests; known kinds: {}",
            names.join(", ")
        ),
    )])
}
