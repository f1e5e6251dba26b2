//! `NativeClient`: the provider-agnostic pacer `Client` for JavaScript. Every call that can
//! wait or touch the network is `async` and runs on the addon's tokio runtime, off the main
//! thread; arguments and results cross as JSON text. Options, argument binding and the resource
//! layout are `pacer_sdk::surface`'s; records are the core catalogue's; this module converts.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use napi::Result;
use napi::bindgen_prelude::{Function, Promise};
use napi::threadsafe_function::ThreadsafeFunction;
use napi_derive::napi;
use pacer_sdk::journal::WriteState;
use pacer_sdk::stream::PageStream;
use pacer_sdk::surface::keys::{KeySpelling, json_keys_to_camel, plain_snake};
use pacer_sdk::surface::{Handles, bind, builder, layout, options};
use pacer_sdk::{Client, TokenProvider};
use pacer_sdk_core::api::Args;
use pacer_sdk_core::models::normalize;
use pacer_sdk_core::paging::PagerPosition;
use pacer_sdk_core::quota::{Forecast, ForecastOptions, RequestKind};
use pacer_sdk_core::{Error, ErrorKind, ProviderSpec};
use serde_json::{Map, Value, json};

use crate::errors::{bad_argument, to_js};

/// Prefix of a token provider's answer that reports its failure (index.js wraps the caller's
/// async function so it always resolves to a string: a token, or this prefix and a message).
const TOKEN_FAILURE: &str = "\u{1}pacer-token-error:";

/// The caller's async token function, callable from any thread. Weak, so a client that is
/// merely kept around does not keep the process alive.
type JsTokenFn = ThreadsafeFunction<(), Promise<String>, (), napi::Status, false, true>;

/// Wraps a JavaScript token function as pacer's `TokenProvider`. pacer asks it on a blocking
/// thread (never an async worker), so waiting there for the JavaScript promise is safe; the
/// main thread runs the function meanwhile, as every I/O call leaves it free.
fn token_provider(js: JsTokenFn) -> TokenProvider {
    let js = Arc::new(js);
    Arc::new(move || {
        let failed = |message: String| Error::config("token_provider_failed", message);
        let handle = tokio::runtime::Handle::try_current()
            .map_err(|_| failed("the token provider was called outside the I/O runtime".into()))?;
        let js = js.clone();
        let answer = handle.block_on(async move {
            let promise = js.call_async(()).await?;
            promise.await
        });
        match answer {
            Ok(text) => match text.strip_prefix(TOKEN_FAILURE) {
                Some(message) => Err(failed(message.to_string())),
                None => Ok(text),
            },
            Err(e) => Err(failed(format!(
                "the token function could not be called: {}",
                e.reason
            ))),
        }
    })
}

/// The builder's option names for a JavaScript options object: each key by its option's
/// `js_name` (`connectTimeout` → `connect_timeout`); a key no option has keeps its plain
/// snake_case form, so the builder's "no such option" error names it.
fn option_values(spec: &ProviderSpec, json: &str) -> Result<Map<String, Value>> {
    let given = match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(map)) => map,
        Ok(Value::Null) => Map::new(),
        _ => return Err(bad_argument("options", "options must be an object")),
    };
    let known = options(spec);
    Ok(given
        .into_iter()
        .map(|(key, value)| {
            let name = known
                .iter()
                .find(|o| o.js_name == key)
                .map_or_else(|| plain_snake(&key), |o| o.name.clone());
            (name, value)
        })
        .collect())
}

/// Parses a JSON argument that must be an object when present (`null` or absent: none).
fn object_arg(what: &str, json: Option<String>) -> Result<Option<Value>> {
    let Some(text) = json else { return Ok(None) };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Null) => Ok(None),
        Ok(value @ Value::Object(_)) => Ok(Some(value)),
        Ok(_) => Err(bad_argument(what, format!("{what} must be an object"))),
        Err(e) => Err(bad_argument(what, format!("{what} is not JSON: {e}"))),
    }
}

/// Path ids as JavaScript gave them, positionally (JSON array text).
fn ids_arg(json: Option<String>) -> Result<Vec<Value>> {
    match json.as_deref().map(serde_json::from_str::<Value>) {
        None | Some(Ok(Value::Null)) => Ok(Vec::new()),
        Some(Ok(Value::Array(ids))) => Ok(ids),
        _ => Err(bad_argument("ids", "path ids must be an array")),
    }
}

fn camel_json(value: &impl serde::Serialize) -> Result<String> {
    let text = serde_json::to_string(value)
        .map_err(|e| to_js(Error::config("encode_failed", e.to_string())))?;
    let mut out = String::with_capacity(text.len());
    json_keys_to_camel(&text, &mut out);
    Ok(out)
}

fn forecast_json(f: &Forecast) -> Value {
    json!({
        "start": f.start.to_rfc3339(),
        "finish": f.finish.map(|t| t.to_rfc3339()),
        "durationSeconds": f.duration().map(|d| d.as_secs_f64()),
        "kinds": f.kinds.iter().map(|k| json!({
            "kind": k.kind.to_string(),
            "requested": k.requested,
            "scheduled": k.scheduled,
            "firstAt": k.first_at.map(|t| t.to_rfc3339()),
            "lastAt": k.last_at.map(|t| t.to_rfc3339()),
        })).collect::<Vec<_>>(),
        "bindingWindow": f.binding_window,
        // Keyed by window id: data, not field names, so not camelCased.
        "waitSeconds": f.wait_seconds,
        "blocked": f.blocked.iter().map(|b| json!({
            "kind": b.kind.to_string(),
            "window": b.window,
            "resetsAt": b.resets_at.to_rfc3339(),
        })).collect::<Vec<_>>(),
    })
}

/// A quota-aware client of one provider.
#[napi]
pub struct NativeClient {
    client: Client,
    /// The provider's key spelling, built from its spec alone: what a write sends never
    /// depends on what was read before.
    spelling: KeySpelling,
}

#[napi]
impl NativeClient {
    /// Builds a client of `provider` from its options (JSON, JavaScript names; checked by
    /// `pacer_sdk::surface::builder`), plus the two values JSON cannot carry: a token function
    /// (asked at first use and again after a 401) and a clock object.
    #[napi(constructor)]
    pub fn new(
        provider: String,
        options: String,
        token_function: Option<Function<(), Promise<String>>>,
        clock: Option<&crate::clock::NativeClock>,
    ) -> Result<Self> {
        let spec = ProviderSpec::builtin(&provider).map_err(to_js)?;
        let values = option_values(&spec, &options)?;
        let token_provider = match token_function {
            Some(f) => Some(token_provider(
                f.build_threadsafe_function::<()>()
                    .callee_handled::<false>()
                    .weak::<true>()
                    .build()?,
            )),
            None => None,
        };
        let handles = Handles {
            token_provider,
            clock: clock.map(|c| c.inner.clone()),
        };
        let client = builder(&provider, &values, handles)
            .and_then(|b| b.build())
            .map_err(to_js)?;
        let spelling = KeySpelling::for_spec(client.api().spec());
        Ok(NativeClient { client, spelling })
    }

    /// The client's resources and actions (`pacer_sdk::surface::layout` of its spec, overrides
    /// applied), as JSON.
    #[napi]
    pub fn layout(&self) -> Result<String> {
        serde_json::to_string(&layout(self.client.api().spec()))
            .map_err(|e| to_js(Error::config("encode_failed", e.to_string())))
    }

    /// What the client is configured with (never the credential), as JSON.
    #[napi]
    pub fn info(&self) -> String {
        let api = self.client.api();
        json!({
            "provider": api.spec().name,
            "displayName": api.spec().display_name,
            "baseUrl": api.base_url().as_str().trim_end_matches('/'),
            "userAgent": api.config().user_agent,
            "ledger": self.client.ledger_name(),
            "clock": self.client.clock().describe(),
        })
        .to_string()
    }

    /// The client's clock reading, in milliseconds since the epoch.
    #[napi]
    pub fn now_ms(&self) -> f64 {
        self.client.now().as_millis() as f64
    }

    /// Starts paging through a list action (validated now; nothing is sent until `nextPage`).
    /// `ids` are the path ids in path order; `named` holds query parameters and ids by name.
    #[napi]
    pub fn list(
        &self,
        endpoint: String,
        ids: Option<String>,
        named: Option<String>,
    ) -> Result<NativePages> {
        let args = self.args(&endpoint, ids, named, None)?;
        let model = self.returns(&endpoint);
        let stream = self.client.pages(&endpoint, args).map_err(to_js)?;
        let position = stream.position().clone();
        Ok(NativePages {
            stream: Arc::new(tokio::sync::Mutex::new(stream)),
            position: Arc::new(Mutex::new(position)),
            provider: self.client.api().spec().name.clone(),
            model,
        })
    }

    /// Calls a get action and returns its record as camelCased JSON.
    #[napi]
    pub async fn get(
        &self,
        endpoint: String,
        ids: Option<String>,
        named: Option<String>,
    ) -> Result<String> {
        let args = self.args(&endpoint, ids, named, None)?;
        let response = self.client.call(&endpoint, args).await.map_err(to_js)?;
        let mut out = String::with_capacity(response.body.len() + 16);
        let spec = self.client.api().spec();
        write_record(
            &spec.name,
            self.returns(&endpoint).as_deref(),
            &response.body,
            &mut out,
        )
        .map_err(to_js)?;
        Ok(out)
    }

    /// Sends a create, update, delete or other write through the journal; returns `{id,
    /// location, reconciled, journalId, record}` as JSON, `record` being the server's answer as
    /// the spec's model (null when it sent none).
    #[napi]
    pub async fn write(
        &self,
        endpoint: String,
        ids: Option<String>,
        body: Option<String>,
    ) -> Result<String> {
        let body = object_arg("body", body)?;
        let args = self.args(&endpoint, ids, None, body)?;
        let written = self.client.write(&endpoint, args).await.map_err(to_js)?;
        let record = self.answer(&endpoint, &written.response.body);
        let mut out = camel_json(&written)?;
        // `Written` serializes as an object: put the record in before its closing brace.
        if out.ends_with('}') {
            out.pop();
            out.push_str(if out.ends_with('{') { "" } else { "," });
            out.push_str("\"record\":");
            out.push_str(&record);
            out.push('}');
        }
        Ok(out)
    }

    /// Every quota window (used, limit, reset, binding) as JSON.
    #[napi]
    pub async fn quota_status(&self) -> Result<String> {
        let usage = self.client.quota_status_async().await.map_err(to_js)?;
        camel_json(&usage)
    }

    /// When would a workload (`{"orders.GET": 5000}`) finish from now? Nothing is spent.
    #[napi]
    pub async fn forecast(
        &self,
        workload: String,
        wait_for_reset: Option<bool>,
        horizon_days: Option<u32>,
    ) -> Result<String> {
        let counts: BTreeMap<String, f64> = serde_json::from_str(&workload).map_err(|_| {
            bad_argument(
                "workload",
                "a workload maps request kinds to counts: {\"orders.GET\": 5000}",
            )
        })?;
        let mut kinds = Vec::with_capacity(counts.len());
        for (kind, n) in counts {
            let parsed = RequestKind::parse(&kind).ok_or_else(|| {
                bad_argument(
                    &kind,
                    format!("{kind:?} is not a request kind such as \"orders.GET\""),
                )
            })?;
            if !(n.is_finite() && n >= 0.0 && n.fract() == 0.0) {
                return Err(bad_argument(&kind, "counts are whole numbers of requests"));
            }
            kinds.push((parsed, n as u64));
        }
        let defaults = ForecastOptions::default();
        let options = ForecastOptions {
            wait_for_reset: wait_for_reset.unwrap_or(defaults.wait_for_reset),
            horizon_days: horizon_days.unwrap_or(defaults.horizon_days),
        };
        let forecast = self
            .client
            .forecast_async(kinds, options)
            .await
            .map_err(to_js)?;
        Ok(forecast_json(&forecast).to_string())
    }

    /// Journaled writes in any of `states` (all when empty), as JSON.
    #[napi]
    pub async fn writes(&self, states: Vec<String>) -> Result<String> {
        let mut parsed = Vec::with_capacity(states.len());
        for s in &states {
            parsed.push(WriteState::parse(s).ok_or_else(|| {
                bad_argument(
                    "states",
                    format!("unknown write state {s:?} (pending, done, reconciled, unknown, not_applied, failed)"),
                )
            })?);
        }
        let entries = self.client.writes_async(parsed).await.map_err(to_js)?;
        camel_json(&entries)
    }

    /// Settles writes whose outcome is unknown; returns the entries as they now stand.
    #[napi]
    pub async fn reconcile_pending(&self, resend: bool) -> Result<String> {
        let entries = self.client.reconcile_pending(resend).await.map_err(to_js)?;
        camel_json(&entries)
    }
}

impl NativeClient {
    /// A call's arguments bound as every binding binds them (`pacer_sdk::surface::bind`),
    /// object keys in the API's spelling.
    fn args(
        &self,
        endpoint: &str,
        ids: Option<String>,
        named: Option<String>,
        body: Option<Value>,
    ) -> Result<Args> {
        let named = match object_arg("query", named)? {
            Some(value) => match self.spelling.value_to_snake(value) {
                Value::Object(map) => map,
                _ => Map::new(),
            },
            None => Map::new(),
        };
        let body = body.map(|b| self.spelling.value_to_snake(b));
        bind(
            self.client.api().spec(),
            endpoint,
            ids_arg(ids)?,
            named,
            body,
        )
        .map_err(to_js)
    }

    /// A write's answer as camelCased JSON text: the spec's model when it decodes as one,
    /// otherwise the JSON as sent, and `null` when the body is empty or not JSON.
    fn answer(&self, endpoint: &str, body: &[u8]) -> String {
        let mut out = String::with_capacity(body.len() + 16);
        let provider = &self.client.api().spec().name;
        if write_record(provider, self.returns(endpoint).as_deref(), body, &mut out).is_ok() {
            return out;
        }
        out.clear();
        if write_record(provider, None, body, &mut out).is_ok() {
            return out;
        }
        "null".to_string()
    }

    fn returns(&self, endpoint: &str) -> Option<String> {
        self.client
            .api()
            .spec()
            .endpoint(endpoint)
            .ok()
            .and_then(|e| e.returns.clone())
    }
}

/// Appends one record (raw API JSON) to `out` as camelCased JSON: decoded as `provider`'s model
/// `model` by the core catalogue (`models::normalize`: statuses, money and loose ids exactly as
/// in Rust, unknown fields kept); JavaScript parses one text faster than N-API builds objects
/// property by property.
fn write_record(
    provider: &str,
    model: Option<&str>,
    raw: &[u8],
    out: &mut String,
) -> std::result::Result<(), Error> {
    let decode = |e: serde_json::Error| {
        Error::new(
            ErrorKind::Api,
            "decode_failed",
            format!("cannot decode a record: {e}"),
        )
    };
    let value = normalize(provider, model.unwrap_or_default(), raw).map_err(decode)?;
    let text = serde_json::to_string(&value).map_err(decode)?;
    json_keys_to_camel(&text, out);
    Ok(())
}

/// The pages of one list, fetched one at a time.
#[napi]
pub struct NativePages {
    stream: Arc<tokio::sync::Mutex<PageStream>>,
    position: Arc<Mutex<PagerPosition>>,
    provider: String,
    model: Option<String>,
}

#[napi]
impl NativePages {
    /// The next page's records as a camelCased JSON array, or `null` once the list is done.
    #[napi]
    pub async fn next_page(&self) -> Result<Option<String>> {
        let mut stream = self.stream.lock().await;
        let page = stream.next_page().await;
        *self.position.lock().unwrap_or_else(|p| p.into_inner()) = stream.position().clone();
        match page {
            None => Ok(None),
            Some(Err(e)) => Err(to_js(e)),
            Some(Ok(page)) => {
                let mut out = String::with_capacity(
                    page.items.iter().map(|r| r.get().len()).sum::<usize>() + 16,
                );
                out.push('[');
                for (i, raw) in page.items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_record(
                        &self.provider,
                        self.model.as_deref(),
                        raw.get().as_bytes(),
                        &mut out,
                    )
                    .map_err(to_js)?;
                }
                out.push(']');
                Ok(Some(out))
            }
        }
    }

    /// Where the walk stands (page, records seen, total, whether it is done), as JSON.
    #[napi]
    pub fn position(&self) -> Result<String> {
        camel_json(&*self.position.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_normalized_by_the_catalogue_and_camel_cased() {
        let mut out = String::new();
        let raw = br#"{"id": 7, "status": "wip", "client": {"business_name": "Harbor"}, "custom_flag": true}"#;
        write_record("syncore", Some("Job"), raw, &mut out).unwrap();
        assert_eq!(
            out,
            r#"{"id":7,"status":"WIP","client":{"businessName":"Harbor"},"customFlag":true}"#
        );
        // Model names repeat across providers: Synq prices arrive as text, leave as numbers.
        let mut out = String::new();
        write_record(
            "synq",
            Some("Variant"),
            br#"{"id":"v1","price":"89.99"}"#,
            &mut out,
        )
        .unwrap();
        assert_eq!(out, r#"{"id":"v1","price":89.99}"#);
        let mut out = String::new();
        write_record("syncore", None, br#"{"a_b":1}"#, &mut out).unwrap();
        assert_eq!(out, r#"{"aB":1}"#, "an unnamed model passes through");
        let err = write_record("syncore", Some("Job"), b"[1]", &mut String::new()).unwrap_err();
        assert_eq!(err.code, "decode_failed");
    }

    #[test]
    fn options_take_their_javascript_names() {
        let spec = ProviderSpec::builtin("synq").unwrap();
        let values =
            option_values(&spec, r#"{"tenantId":"t","connectTimeout":2,"apiKye":"x"}"#).unwrap();
        let names: Vec<&str> = values.keys().map(String::as_str).collect();
        assert_eq!(names, ["tenant_id", "connect_timeout", "api_kye"]);
    }
}
