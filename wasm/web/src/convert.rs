//! Conversions between pacer-sdk-core values and JavaScript values (camelCase, as in the Node
//! binding): options in, typed results and errors out. Mechanical, no decisions.

use std::collections::BTreeMap;

use js_sys::Reflect;
use pacer_sdk_core::api::Args;
use pacer_sdk_core::paging::PagerPosition;
use pacer_sdk_core::quota::{Forecast, WindowUsage};
use pacer_sdk_core::spec::{EndpointSpec, ProviderSpec};
use pacer_sdk_core::{Error, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::options;

#[wasm_bindgen(raw_module = "../errors.js")]
extern "C" {
    /// The error of its kind's class (`errors.js`, made from the error table) for a core
    /// error's fields. Imported by path from the package, not bundled as a snippet, so that it
    /// is the very module `index.js` exports: `instanceof QuotaError` holds for what is thrown.
    #[wasm_bindgen(js_name = fromCore)]
    fn from_core(info: JsValue) -> JsValue;
}

/// Options the JavaScript package reads itself, besides the client options by name: which
/// provider, the credential and the host functions (not data), and the browser guard.
pub const JS_ONLY: &[&str] = &[
    "provider",
    "apiKey",
    "tokenProvider",
    "fetch",
    "now",
    "sleep",
    "dangerouslyAllowBrowser",
];

/// The plain camelCase rule every surface spells JavaScript names with.
pub use pacer_sdk_core::spelling::to_camel as camel;

/// A property of the options object, `None` when absent, `undefined` or `null`.
pub fn property(options: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(options, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// The client options of `spec` from the JavaScript options object, by the descriptors' names
/// (`options::apply` checks and applies them). A property that is neither one of them nor
/// [`JS_ONLY`] is refused, naming it: a misspelt or outdated option (`maxWaitMs`) would
/// otherwise be silently ignored.
pub fn client_options(spec: &ProviderSpec, js: &JsValue) -> Result<Map<String, Value>, Error> {
    let names = options::names(spec);
    let known: Vec<String> = names.iter().map(|n| camel(n)).collect();
    for key in js_sys::Object::keys(&js_sys::Object::from(js.clone())).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key) && !JS_ONLY.contains(&key.as_str()) {
            let mut all: Vec<&str> = known.iter().map(String::as_str).collect();
            all.extend(JS_ONLY);
            return Err(pacer_sdk_core::options::bad(
                &key,
                "unknown",
                format!(
                    "{} has no option {key}; its options are {} (durations in seconds)",
                    spec.display_name,
                    all.join(", ")
                ),
            ));
        }
    }
    let mut out = Map::new();
    for (name, js_name) in names.iter().zip(&known) {
        if let Some(v) = property(js, js_name) {
            let value = serde_wasm_bindgen::from_value(v).map_err(|_| {
                pacer_sdk_core::options::bad(
                    js_name,
                    "type",
                    format!("option {js_name} is not plain data"),
                )
            })?;
            out.insert(name.clone(), value);
        }
    }
    Ok(out)
}

/// The options as a client applies them (`options::report`), by their JavaScript names.
pub fn settings(report: Map<String, Value>) -> JsValue {
    let camel: Map<String, Value> = report.into_iter().map(|(k, v)| (camel(&k), v)).collect();
    out(&camel)
}

/// A core error as the `PacerError` subclass of its kind (`QuotaError`…), with `kind`, `code`
/// and every field of the error table, durations in seconds.
pub fn error(e: Error) -> JsValue {
    let mut info = serde_json::to_value(e.into_info()).unwrap_or(Value::Null);
    // Each field error also names its path as JavaScript spells it, as in the Node binding.
    for fe in info["errors"].as_array_mut().into_iter().flatten() {
        let property = pacer_sdk_core::spelling::path_to_camel(fe["field"].as_str().unwrap_or(""));
        fe["property"] = Value::String(property);
    }
    from_core(out(&info))
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
