//! Conversions between pacer-sdk-core values and JavaScript values (camelCase, as in the Node
//! binding): options in, typed results and errors out. Mechanical, no decisions.

use std::collections::BTreeMap;

use js_sys::{Object, Reflect};
use pacer_sdk_core::api::{Args, ClientConfig};
use pacer_sdk_core::paging::PagerPosition;
use pacer_sdk_core::quota::{Forecast, WindowUsage};
use pacer_sdk_core::spec::{EndpointSpec, ProviderSpec};
use pacer_sdk_core::{Error, RetryPolicy, Timestamp, WaitPolicy};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;

/// Retry settings as JavaScript passes them.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct RetryOptions {
    max_attempts: Option<u32>,
    base_delay_ms: Option<u64>,
    max_delay_ms: Option<u64>,
}

/// Client options as JavaScript passes them (functions and the key are read separately).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Options {
    /// Provider name; `syncore` when absent.
    pub provider: Option<String>,
    pub base_url: Option<String>,
    pub user_agent: Option<String>,
    pub account: Option<String>,
    pub egress_ip: Option<String>,
    pub plan: Option<String>,
    pub header_values: BTreeMap<String, String>,
    pub page_size: Option<u64>,
    pub retry: Option<RetryOptions>,
    pub max_wait_ms: Option<u64>,
    pub wait_for_reset: bool,
    pub rate_margin_ms: Option<u64>,
    pub spec_overrides: Option<String>,
    pub dangerously_allow_insecure_http: bool,
    pub dangerously_allow_browser: bool,
}

impl Options {
    /// The core configuration.
    pub fn config(&self) -> ClientConfig {
        let ms = std::time::Duration::from_millis;
        let d = RetryPolicy::default();
        let r = self.retry.as_ref();
        ClientConfig {
            base_url: self.base_url.clone(),
            user_agent: self.user_agent.clone(),
            account: self.account.clone(),
            egress_ip: self.egress_ip.clone(),
            plan: self.plan.clone(),
            header_values: self.header_values.clone(),
            dangerously_allow_insecure_http: self.dangerously_allow_insecure_http,
            page_size: self.page_size,
            retry: RetryPolicy {
                max_attempts: r.and_then(|r| r.max_attempts).unwrap_or(d.max_attempts),
                base_delay: r.and_then(|r| r.base_delay_ms).map_or(d.base_delay, ms),
                max_delay: r.and_then(|r| r.max_delay_ms).map_or(d.max_delay, ms),
            },
            wait: WaitPolicy {
                max_wait: self.max_wait_ms.map(ms),
                wait_for_reset: self.wait_for_reset,
            },
            rate_margin: self.rate_margin_ms.map(ms),
            // Set by `open` when a token provider is given (it is a function, read separately).
            refresh_auth_on_401: false,
        }
    }
}

/// A core error as a JavaScript `Error` with `name`, `kind`, `code` and the fields that apply.
pub fn error(e: Error) -> JsValue {
    let e = e.into_info();
    let js = js_sys::Error::new(&e.message);
    js.set_name("PacerError");
    let put = |k: &str, v: JsValue| {
        let _ = Reflect::set(&js, &JsValue::from_str(k), &v);
    };
    put("kind", JsValue::from_str(e.kind.as_str()));
    put("code", JsValue::from_str(&e.code));
    put("status", e.status.map_or(JsValue::NULL, JsValue::from));
    put(
        "body",
        e.body.as_deref().map_or(JsValue::NULL, JsValue::from_str),
    );
    let errors = js_sys::Array::new();
    for f in &e.errors {
        let o = Object::new();
        let _ = Reflect::set(&o, &"field".into(), &JsValue::from_str(&f.field));
        let _ = Reflect::set(&o, &"rule".into(), &JsValue::from_str(&f.rule));
        let _ = Reflect::set(&o, &"message".into(), &JsValue::from_str(&f.message));
        errors.push(&o);
    }
    put("errors", errors.into());
    put(
        "retryAfter",
        e.retry_after
            .map_or(JsValue::NULL, |d| JsValue::from_f64(d.as_secs_f64())),
    );
    put(
        "resetsAt",
        e.resets_at
            .map_or(JsValue::NULL, |t| JsValue::from_str(&t.to_rfc3339())),
    );
    put(
        "scope",
        e.scope.as_deref().map_or(JsValue::NULL, JsValue::from_str),
    );
    js.into()
}

/// A JavaScript value as JSON (`undefined` and `null` as `None`).
pub fn json(what: &str, value: &JsValue) -> Result<Option<Value>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    serde_wasm_bindgen::from_value(value.clone())
        .map(Some)
        .map_err(|e| Error::invalid_field(what, "type", format!("{what} is not JSON data: {e}")))
}

fn object(what: &str, value: &JsValue) -> Result<Map<String, Value>, Error> {
    match json(what, value)? {
        None => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map),
        Some(other) => Err(Error::invalid_field(
            what,
            "type",
            format!("{what} must be an object of parameters, got {other}"),
        )),
    }
}

/// Call arguments from JavaScript objects.
pub fn args(path: &JsValue, query: &JsValue, body: &JsValue) -> Result<Args, Error> {
    Ok(Args {
        path: object("path", path)?,
        query: object("query", query)?,
        body: json("body", body)?,
    })
}

/// Serializes plain data for JavaScript (maps as objects, none as null).
pub fn out<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// JSON text (a record) as a JavaScript value.
pub fn parse(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or_else(|_| JsValue::from_str(text))
}

fn rfc(t: Option<Timestamp>) -> Option<String> {
    t.map(|t| t.to_rfc3339())
}

/// One quota window, camelCase.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    window: String,
    scope: String,
    kind: String,
    used: u64,
    limit: u64,
    remaining: u64,
    resets_at: Option<String>,
    overage_limit: Option<u64>,
    in_overage: bool,
    blocked_until: Option<String>,
    binding: bool,
}

impl From<WindowUsage> for Usage {
    fn from(w: WindowUsage) -> Self {
        Usage {
            window: w.window,
            scope: w.scope,
            kind: w.kind,
            used: w.used,
            limit: w.limit,
            remaining: w.remaining,
            resets_at: rfc(w.resets_at),
            overage_limit: w.overage_limit,
            in_overage: w.in_overage,
            blocked_until: rfc(w.blocked_until),
            binding: w.binding,
        }
    }
}

/// One kind's schedule, camelCase.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KindPlan {
    kind: String,
    requested: u64,
    scheduled: u64,
    first_at: Option<String>,
    last_at: Option<String>,
}

/// A blocked stream, camelCase.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BlockedPlan {
    kind: String,
    window: String,
    resets_at: String,
}

/// A forecast, camelCase.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    start: String,
    finish: Option<String>,
    kinds: Vec<KindPlan>,
    binding_window: Option<String>,
    wait_seconds: BTreeMap<String, f64>,
    blocked: Vec<BlockedPlan>,
}

impl From<Forecast> for Plan {
    fn from(f: Forecast) -> Self {
        Plan {
            start: f.start.to_rfc3339(),
            finish: rfc(f.finish),
            kinds: f
                .kinds
                .into_iter()
                .map(|k| KindPlan {
                    kind: k.kind.to_string(),
                    requested: k.requested,
                    scheduled: k.scheduled,
                    first_at: rfc(k.first_at),
                    last_at: rfc(k.last_at),
                })
                .collect(),
            binding_window: f.binding_window,
            wait_seconds: f.wait_seconds,
            blocked: f
                .blocked
                .into_iter()
                .map(|b| BlockedPlan {
                    kind: b.kind.to_string(),
                    window: b.window,
                    resets_at: b.resets_at.to_rfc3339(),
                })
                .collect(),
        }
    }
}

/// A pager position, camelCase, both ways (to resume a walk).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Position {
    page: u64,
    offset: u64,
    next_url: Option<String>,
    seen: u64,
    pages: u64,
    total: Option<u64>,
    done: bool,
    end_reason: Option<String>,
    truncated: bool,
}

impl From<&PagerPosition> for Position {
    fn from(p: &PagerPosition) -> Self {
        Position {
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
}

impl From<Position> for PagerPosition {
    fn from(p: Position) -> Self {
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
}

/// An endpoint of the spec, camelCase.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    name: String,
    resource: String,
    action: String,
    method: String,
    path: String,
    path_params: Vec<String>,
    query_params: Vec<String>,
    group: String,
    paged: bool,
    has_body: bool,
    confirmed: bool,
    availability: String,
    description: String,
}

impl Endpoint {
    /// The endpoint `ep` of `spec`.
    pub fn of(spec: &ProviderSpec, ep: &EndpointSpec) -> Self {
        Endpoint {
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
}
