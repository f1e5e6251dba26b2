//! Conversions between pacer-sdk-core values and the WIT types: mechanical, no decisions.

use pacer_sdk_core::api::{Args, ClientConfig};
use pacer_sdk_core::paging::PagerPosition;
use pacer_sdk_core::quota::engine::{Decision, WaitReason};
use pacer_sdk_core::quota::{Forecast, RequestKind, WindowUsage};
use pacer_sdk_core::spec::{EndpointSpec, ProviderSpec};
use pacer_sdk_core::{Error, ErrorKind, FieldError, RetryPolicy, Timestamp, WaitPolicy};
use serde_json::{Map, Value};

use crate::bindings::exports::pacer::sdk::api as wit;
use crate::bindings::pacer::sdk::types;

/// A core error as the WIT variant, field for field.
pub fn error(e: Error) -> types::Error {
    let e = e.into_info();
    let info = types::ErrorInfo {
        code: e.code,
        message: e.message,
        status: e.status,
        body: e.body,
        errors: e
            .errors
            .into_iter()
            .map(|f| types::FieldError {
                field: f.field,
                rule: f.rule,
                message: f.message,
            })
            .collect(),
        retry_after_ms: e
            .retry_after
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
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

/// The core configuration from the WIT options.
pub fn config(
    base_url: Option<String>,
    user_agent: String,
    o: &wit::ClientOptions,
) -> ClientConfig {
    let ms = std::time::Duration::from_millis;
    let defaults = RetryPolicy::default();
    ClientConfig {
        base_url,
        user_agent: Some(user_agent),
        account: o.account.clone(),
        egress_ip: o.egress_ip.clone(),
        plan: o.plan.clone(),
        header_values: o.header_values.iter().cloned().collect(),
        dangerously_allow_insecure_http: o.dangerously_allow_insecure_http,
        page_size: o.page_size,
        retry: o.retry.map_or(defaults, |r| RetryPolicy {
            max_attempts: r.max_attempts,
            base_delay: ms(r.base_delay_ms),
            max_delay: ms(r.max_delay_ms),
        }),
        wait: WaitPolicy {
            max_wait: o.max_wait_ms.map(ms),
            wait_for_reset: o.wait_for_reset,
        },
        rate_margin: o.rate_margin_ms.map(ms),
        // The host holds the credential; with a token it can renew, a 401 asks it once
        // (`transport.refresh-credential`), as a token provider is asked natively.
        refresh_auth_on_401: o.credential == wit::CredentialKind::Token,
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
