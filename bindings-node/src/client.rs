//! `NativeClient`: the provider-agnostic pacer `Client` for JavaScript. Every call that can
//! wait or touch the network is `async` and runs on the addon's tokio runtime, off the main
//! thread; arguments and results cross as JSON text.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use napi::Result;
use napi::bindgen_prelude::{Function, Promise};
use napi::threadsafe_function::ThreadsafeFunction;
use napi_derive::napi;
use pacer_sdk::journal::WriteState;
use pacer_sdk::stream::PageStream;
use pacer_sdk::{Client, TokenProvider};
use pacer_sdk_core::api::Args;
use pacer_sdk_core::paging::PagerPosition;
use pacer_sdk_core::quota::{Forecast, ForecastOptions, RequestKind};
use pacer_sdk_core::{Error, RetryPolicy, WaitPolicy};
use serde_json::{Map, Value, json};

use crate::errors::{bad_argument, to_js};
use crate::keys::{json_keys_to_camel, learn_spec, value_to_snake};
use crate::records::{Writer, write_page, write_value, writer_for};

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

/// How a client is configured (every field optional; `apiKey` is required against a server).
#[napi(object)]
pub struct ClientOptions {
    /// The API key; kept in a redacted secret and read only by the transport.
    pub api_key: Option<String>,
    /// The integration's registered User-Agent (Syncore requires one).
    pub user_agent: Option<String>,
    /// Base URL (the provider's by default; an emulator's in tests).
    pub base_url: Option<String>,
    /// Quota ledger and write journal: `memory` or `sqlite:///path/ledger.db`.
    pub ledger: Option<String>,
    /// TOML merged over the built-in spec (paths, quota windows).
    pub spec_overrides: Option<String>,
    /// Quota account label (a fingerprint of the key by default).
    pub account: Option<String>,
    /// Quota plan name, for providers with several.
    pub plan: Option<String>,
    /// Values of the provider's configuration headers by key (Synq: `tenant_id`, `org_id`).
    pub header_values: Option<HashMap<String, String>>,
    /// Egress IP label for per-IP windows (Synq); clients behind one NAT share a value.
    pub egress_ip: Option<String>,
    /// Records per page for paged lists.
    pub page_size: Option<u32>,
    /// Whole-request timeout in milliseconds (30,000 by default).
    pub timeout_ms: Option<u32>,
    /// Connection timeout in milliseconds (10,000 by default).
    pub connect_timeout_ms: Option<u32>,
    /// Longest wait for rate and overage windows, in milliseconds (unlimited by default).
    pub max_wait_ms: Option<f64>,
    /// Wait for a spent calendar window to reset instead of failing at once.
    pub wait_for_reset: Option<bool>,
    /// Safety margin on rate windows for network delay, in milliseconds (250 by default).
    pub rate_margin_ms: Option<u32>,
    /// Attempts in total for reads, the first included (5 by default).
    pub max_attempts: Option<u32>,
    /// First retry backoff in milliseconds, doubled each retry (500 by default).
    pub retry_base_delay_ms: Option<u32>,
    /// Largest retry backoff in milliseconds (30,000 by default).
    pub retry_max_delay_ms: Option<u32>,
    /// Allow plain HTTP to non-loopback hosts (sends the key unencrypted; tests only).
    pub dangerously_allow_insecure_http: Option<bool>,
}

fn ms(v: u32) -> Duration {
    Duration::from_millis(u64::from(v))
}

fn build(
    provider: &str,
    o: ClientOptions,
    tokens: Option<TokenProvider>,
    clock: Option<Arc<dyn pacer_sdk::Clock>>,
) -> std::result::Result<Client, Error> {
    let mut b = Client::builder(provider);
    if let Some(clock) = clock {
        b = b.clock(clock);
    }
    if let Some(key) = o.api_key {
        b = b.api_key(key);
    }
    if let Some(tokens) = tokens {
        b = b.token_provider(tokens);
    }
    if let Some(ua) = o.user_agent {
        b = b.user_agent(ua);
    }
    if let Some(url) = o.base_url {
        b = b.base_url(url);
    }
    if let Some(ledger) = o.ledger {
        b = b.ledger(ledger);
    }
    if let Some(toml) = o.spec_overrides {
        b = b.spec_overrides(toml);
    }
    if o.timeout_ms.is_some() || o.connect_timeout_ms.is_some() {
        b = b.timeouts(
            ms(o.timeout_ms.unwrap_or(30_000)),
            ms(o.connect_timeout_ms.unwrap_or(10_000)),
        );
    }
    let defaults = RetryPolicy::default();
    b = b.configure(|c| {
        c.account = o.account;
        c.plan = o.plan;
        c.egress_ip = o.egress_ip;
        c.header_values = o.header_values.unwrap_or_default().into_iter().collect();
        c.page_size = o.page_size.map(u64::from);
        c.rate_margin = o.rate_margin_ms.map(ms);
        c.dangerously_allow_insecure_http = o.dangerously_allow_insecure_http.unwrap_or(false);
        c.wait = WaitPolicy {
            max_wait: o
                .max_wait_ms
                .filter(|m| m.is_finite() && *m >= 0.0)
                .map(|m| Duration::from_secs_f64(m / 1000.0)),
            wait_for_reset: o.wait_for_reset.unwrap_or(false),
        };
        c.retry = RetryPolicy {
            max_attempts: o.max_attempts.unwrap_or(defaults.max_attempts).max(1),
            base_delay: o.retry_base_delay_ms.map_or(defaults.base_delay, ms),
            max_delay: o.retry_max_delay_ms.map_or(defaults.max_delay, ms),
        };
    });
    let client = b.build()?;
    learn_spec(client.api().spec());
    Ok(client)
}

/// Parses a JSON object argument (`null`/empty means none) and converts its keys to the API's
/// spelling.
fn object_arg(what: &str, json: Option<String>) -> Result<Map<String, Value>> {
    let text = json.unwrap_or_default();
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => match value_to_snake(Value::Object(map)) {
            Value::Object(m) => Ok(m),
            _ => Ok(Map::new()),
        },
        Ok(Value::Null) => Ok(Map::new()),
        Ok(_) => Err(bad_argument(what, format!("{what} must be an object"))),
        Err(e) => Err(bad_argument(what, format!("{what} is not JSON: {e}"))),
    }
}

/// Path arguments stay as given: their names come from the spec, not from JavaScript.
fn path_arg(json: Option<String>) -> Result<Map<String, Value>> {
    let text = json.unwrap_or_default();
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(bad_argument("path", "path arguments must be an object")),
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
    provider: String,
}

#[napi]
impl NativeClient {
    /// Builds a client for `provider` (opens the ledger; checks the configuration). A token
    /// function, when given, supplies bearer tokens: asked at first use and again after a 401.
    #[napi(constructor)]
    pub fn new(
        provider: String,
        options: ClientOptions,
        token_function: Option<Function<(), Promise<String>>>,
        clock: Option<&crate::clock::NativeClock>,
    ) -> Result<Self> {
        let tokens = match token_function {
            Some(f) => Some(token_provider(
                f.build_threadsafe_function::<()>()
                    .callee_handled::<false>()
                    .weak::<true>()
                    .build()?,
            )),
            None => None,
        };
        let clock = clock.map(|c| c.inner.clone());
        let client = build(&provider, options, tokens, clock).map_err(to_js)?;
        let provider = client.api().spec().name.clone();
        Ok(NativeClient { client, provider })
    }

    /// The resource layout and settings, as JSON (never the key).
    #[napi]
    pub fn describe(&self) -> String {
        let api = self.client.api();
        let mut layout = crate::describe::layout(api.spec());
        layout["baseUrl"] = json!(api.base_url().as_str().trim_end_matches('/'));
        layout["userAgent"] = json!(api.config().user_agent);
        layout["ledger"] = json!(self.client.ledger_name());
        layout["clock"] = json!(self.client.clock().describe());
        layout.to_string()
    }

    /// The client's clock reading, in milliseconds since the epoch.
    #[napi]
    pub fn now_ms(&self) -> f64 {
        self.client.now().as_millis() as f64
    }

    /// Starts paging through a list endpoint (validated now; nothing is sent until `next`).
    #[napi]
    pub fn list(
        &self,
        endpoint: String,
        path: Option<String>,
        query: Option<String>,
    ) -> Result<NativePages> {
        let args = Args {
            path: path_arg(path)?,
            query: object_arg("query", query)?,
            body: None,
        };
        let writer = writer_for(&self.provider, self.returns(&endpoint).as_deref());
        let stream = self.client.pages(&endpoint, args).map_err(to_js)?;
        let position = stream.position().clone();
        Ok(NativePages {
            stream: Arc::new(tokio::sync::Mutex::new(stream)),
            position: Arc::new(Mutex::new(position)),
            writer,
        })
    }

    /// Calls a GET endpoint and returns its record as camelCased JSON.
    #[napi]
    pub async fn get(
        &self,
        endpoint: String,
        path: Option<String>,
        query: Option<String>,
    ) -> Result<String> {
        let args = Args {
            path: path_arg(path)?,
            query: object_arg("query", query)?,
            body: None,
        };
        let writer = writer_for(&self.provider, self.returns(&endpoint).as_deref());
        let response = self.client.call(&endpoint, args).await.map_err(to_js)?;
        let mut out = String::with_capacity(response.body.len() + 16);
        writer(&response.body, &mut out).map_err(to_js)?;
        Ok(out)
    }

    /// Sends a create, update, delete or action through the journal (no body when `body` is
    /// absent); returns `{id, location, reconciled, journalId, record}` as JSON, `record` being
    /// the server's answer as the spec's model (null when it sent none).
    #[napi]
    pub async fn write(
        &self,
        endpoint: String,
        path: Option<String>,
        body: Option<String>,
    ) -> Result<String> {
        let body = match body {
            Some(text) => Some(Value::Object(object_arg("body", Some(text))?)),
            None => None,
        };
        let args = Args {
            path: path_arg(path)?,
            query: Map::new(),
            body,
        };
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
    /// A write's answer as camelCased JSON text: the spec's model when it decodes as one,
    /// otherwise the JSON as sent, and `null` when the body is empty or not JSON.
    fn answer(&self, endpoint: &str, body: &[u8]) -> String {
        let mut out = String::with_capacity(body.len() + 16);
        let returns = self.returns(endpoint);
        if writer_for(&self.provider, returns.as_deref())(body, &mut out).is_ok() {
            return out;
        }
        out.clear();
        match serde_json::from_slice::<Value>(body) {
            Ok(value) if write_value(&value, &mut out).is_ok() => out,
            _ => "null".to_string(),
        }
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

/// The pages of one list, fetched one at a time.
#[napi]
pub struct NativePages {
    stream: Arc<tokio::sync::Mutex<PageStream>>,
    position: Arc<Mutex<PagerPosition>>,
    writer: Writer,
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
                write_page(
                    self.writer,
                    page.items.iter().map(|r| r.get().as_bytes()),
                    &mut out,
                )
                .map_err(to_js)?;
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
