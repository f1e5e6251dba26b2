//! The exported classes: `PacerClient`, `Ledger` and `PageWalk`. Each method converts its
//! arguments, drives pacer-sdk-core (`Api::prepare`, `Api::list`/`ListWalk`, the effect loop of
//! `Call::poll`, `MemoryLedger`, quota status and forecasts from `Api::status_plan` and
//! `Api::forecast_plans`) and maps the result or error. The resource layer is generic over the
//! spec: `<resource>.<action>` names the endpoint.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use pacer_sdk_core::models::WriteResult;
use pacer_sdk_core::quota::{ForecastOptions, MemoryLedger, RequestKind};
use pacer_sdk_core::{Api, Args, Call, Error, ListWalk, ProviderSpec, Response, key_fingerprint};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::convert;
use crate::effects::{self, Next};
use crate::host::{Auth, Credential, Host, Secret, TokenSource, global_function, in_browser};
use crate::options;

struct Inner {
    api: Api,
    ledger: Rc<RefCell<MemoryLedger>>,
    host: Host,
    /// The overrides as given, for `settings` (the spec keeps only their effect).
    spec_overrides: Option<String>,
}

impl Inner {
    /// Drives one call to its end, answering every effect it returns: quota from the ledger
    /// (`effects::step`, which borrows it only between awaits), a token refresh from the token
    /// provider, requests through `fetch`, waits on the host's clock. The same loop as the
    /// native pumps, with awaits.
    async fn run(&self, mut call: Call) -> Result<Response, Error> {
        // A credential at hand before the first reservation: no quota is spent on a call that
        // cannot authenticate.
        self.host.ensure_auth().await?;
        let now = || self.host.now();
        let mut sent_with = self.host.auth_generation();
        loop {
            let next = effects::step(&mut call, &now, &mut *self.ledger.borrow_mut());
            match next {
                Next::RefreshAuth => call.auth_refreshed(self.host.refresh_auth(sent_with).await),
                Next::Send(request) => {
                    sent_with = self.host.auth_generation();
                    match self.host.send(request).await {
                        Ok(response) => call.handle(response, now()),
                        Err(failure) => call.handle_transport_error(failure, now()),
                    }
                }
                Next::Wait(until) => self.host.sleep_until(until).await?,
                Next::Done(response) => return Ok(response),
                Next::Fail(error) => return Err(error),
            }
        }
    }

    async fn call(&self, endpoint: &str, args: &Args) -> Result<Response, Error> {
        let call = self.api.prepare(endpoint, args, self.host.now())?;
        self.run(call).await
    }

    /// One page of `walk` (the walk is borrowed only between awaits), or `None` at the end.
    async fn next_page(&self, walk: &RefCell<ListWalk>) -> Result<Option<JsValue>, Error> {
        let Some(call) = walk.borrow_mut().next_call(&self.api, self.host.now()) else {
            return Ok(None);
        };
        let response = self.run(call).await?;
        let mut walk = walk.borrow_mut();
        let page = walk.consume(&self.api, &response)?;
        let records = Array::new();
        for item in &page.items {
            records.push(&convert::parse(item.get()));
        }
        let out = js_sys::Object::new();
        let _ = Reflect::set(&out, &"records".into(), &records);
        let _ = Reflect::set(
            &out,
            &"totalResults".into(),
            &page
                .total_results
                .map_or(JsValue::NULL, |t| JsValue::from_f64(t as f64)),
        );
        let _ = Reflect::set(
            &out,
            &"position".into(),
            &convert::out(&convert::Position::from(walk.position())),
        );
        Ok(Some(out.into()))
    }

    async fn collect(&self, endpoint: &str, args: &Args) -> Result<JsValue, Error> {
        let walk = RefCell::new(self.api.list(endpoint, args, self.host.now())?);
        let all = Array::new();
        while let Some(page) = self.next_page(&walk).await? {
            let records: Array = Reflect::get(&page, &"records".into())
                .unwrap_or_default()
                .into();
            for r in records.iter() {
                all.push(&r);
            }
        }
        Ok(all.into())
    }

    async fn write(&self, endpoint: &str, args: &Args) -> Result<JsValue, Error> {
        let response = self.call(endpoint, args).await?;
        let result = WriteResult::from_response(&response.body, response.header("location"));
        let out = js_sys::Object::new();
        let id = result.id.map(|id| id.to_string());
        let _ = Reflect::set(&out, &"id".into(), &id.map_or(JsValue::NULL, |i| i.into()));
        let _ = Reflect::set(
            &out,
            &"location".into(),
            &result.location.map_or(JsValue::NULL, |l| l.into()),
        );
        let _ = Reflect::set(&out, &"status".into(), &JsValue::from(response.status));
        let _ = Reflect::set(
            &out,
            &"body".into(),
            &convert::parse(&String::from_utf8_lossy(&response.body)),
        );
        Ok(out.into())
    }
}

/// Runs `work` as a promise that rejects with the `PacerError` subclass of its kind.
fn promise<F>(work: F) -> Promise
where
    F: std::future::Future<Output = Result<JsValue, Error>> + 'static,
{
    future_to_promise(async move { work.await.map_err(convert::error) })
}

fn function(options: &JsValue, name: &str) -> Result<Option<Function>, Error> {
    let Some(value) = convert::property(options, name) else {
        return Ok(None);
    };
    value.dyn_into::<Function>().map(Some).map_err(|_| {
        pacer_sdk_core::options::bad(name, "type", format!("{name} must be a function"))
    })
}

fn open(options: &JsValue, ledger: Rc<RefCell<MemoryLedger>>) -> Result<PacerClient, Error> {
    if !options.is_object() {
        return Err(pacer_sdk_core::options::bad(
            "options",
            "type",
            "the client's options are an object, e.g. { userAgent, apiKey }".into(),
        ));
    }
    let allow_browser =
        convert::property(options, "dangerouslyAllowBrowser").is_some_and(|v| v.is_truthy());
    if in_browser() && !allow_browser {
        return Err(Error::config(
            "browser_refused",
            "pacer does not run in a browser: the API key would be exposed to every visitor. Call the API from your server; set dangerouslyAllowBrowser: true only if the page is as private as a server",
        ));
    }
    let provider = match convert::property(options, "provider") {
        None => "syncore".to_string(),
        Some(p) => p.as_string().ok_or_else(|| {
            pacer_sdk_core::options::bad(
                "provider",
                "type",
                "provider is a name, e.g. 'synq'".into(),
            )
        })?,
    };
    let overrides = convert::property(options, "specOverrides").and_then(|o| o.as_string());
    let spec = match &overrides {
        Some(o) => ProviderSpec::builtin_with_overrides(&provider, o)?,
        None => ProviderSpec::builtin(&provider)?,
    };
    let given = convert::client_options(&spec, options)?;
    // Read straight from the object so the key never passes through the options map.
    let key = convert::property(options, "apiKey")
        .and_then(|k| k.as_string())
        .filter(|k| !k.is_empty())
        .map(Secret::new);
    let token_provider = function(options, "tokenProvider")?;
    let custom_fetch = function(options, "fetch")?;
    if key.is_some() && token_provider.is_some() {
        return Err(pacer_sdk_core::options::bad(
            "tokenProvider",
            "exclusive",
            "pass apiKey or tokenProvider, not both".into(),
        ));
    }
    if key.is_none() && token_provider.is_none() && custom_fetch.is_none() {
        return Err(Error::config(
            "missing_api_key",
            "pass apiKey, a tokenProvider, or a fetch function that attaches the credential itself",
        ));
    }
    let fetch = custom_fetch
        .or_else(|| global_function("fetch"))
        .ok_or_else(|| {
            Error::config(
                "no_fetch",
                "this runtime has no fetch; pass one in the options",
            )
        })?;
    let options::Applied { mut config, limits } = options::apply(&spec, &given, convert::camel)?;
    let fingerprint = key.as_ref().map(|k| key_fingerprint(k.expose()));
    // A token provider is asked again, once per call, when the server answers 401.
    config.refresh_auth_on_401 = token_provider.is_some();
    let api = Api::new(spec, config, fingerprint)?;
    let credential = match (key, token_provider) {
        (Some(key), _) => Some(Credential::Key(key)),
        (None, Some(provider)) => Some(Credential::Tokens(TokenSource::new(provider))),
        (None, None) => None,
    };
    let auth = credential.map(|credential| Auth {
        header: api.auth().header.clone(),
        prefix: api.auth().prefix.clone(),
        credential,
    });
    let host = Host {
        fetch,
        now: function(options, "now")?,
        sleep: function(options, "sleep")?,
        auth,
        limits,
    };
    Ok(PacerClient {
        inner: Rc::new(Inner {
            api,
            ledger,
            host,
            spec_overrides: overrides,
        }),
    })
}

/// Quota state in memory, shared by every client made from it (one budget in this realm).
#[wasm_bindgen]
pub struct Ledger {
    state: Rc<RefCell<MemoryLedger>>,
}

#[wasm_bindgen]
impl Ledger {
    /// An empty ledger.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Ledger {
        Ledger {
            state: Rc::new(RefCell::new(MemoryLedger::new())),
        }
    }

    /// A client that keeps its quota state in this ledger.
    pub fn client(&self, options: JsValue) -> Result<PacerClient, JsValue> {
        open(&options, self.state.clone()).map_err(convert::error)
    }
}

impl Default for Ledger {
    fn default() -> Self {
        Ledger::new()
    }
}

/// A quota-aware client for one provider.
#[wasm_bindgen]
pub struct PacerClient {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl PacerClient {
    /// A client with its own in-memory ledger. Options: the provider's client options by their
    /// Node names (`userAgent`, required by Syncore; Synq's `tenantId` and `orgId`; `baseUrl`,
    /// `specOverrides`, `maxWait`, `rateMargin`, `maxAttempts`, `retryBaseDelay`… durations in
    /// seconds), and `provider`, `apiKey`, a `tokenProvider` (an async function giving a bearer
    /// token, asked at first use and again once when a token is rejected with 401: Synq) or a
    /// `fetch` that adds the credential, `now`, `sleep` and `dangerouslyAllowBrowser`. Any
    /// other property is refused (`invalid_option`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<PacerClient, JsValue> {
        open(&options, Rc::new(RefCell::new(MemoryLedger::new()))).map_err(convert::error)
    }

    /// The provider's name.
    #[wasm_bindgen(getter)]
    pub fn provider(&self) -> String {
        self.inner.api.spec().name.clone()
    }

    /// The options as this client applies them, by their JavaScript names: what was given,
    /// and every default filled in (seconds; `null` where the default is "not set").
    #[wasm_bindgen(getter)]
    pub fn settings(&self) -> JsValue {
        let inner = &self.inner;
        convert::settings(options::report(
            &inner.api,
            &inner.host.limits,
            inner.spec_overrides.as_deref(),
        ))
    }

    /// Every endpoint of the spec.
    pub fn endpoints(&self) -> JsValue {
        let spec = self.inner.api.spec();
        let all: Vec<convert::Endpoint> = spec
            .endpoints
            .iter()
            .map(|ep| convert::Endpoint::of(spec, ep))
            .collect();
        convert::out(&all)
    }

    /// Every record matching a search (`<resource>.search`), across all pages.
    pub fn search(&self, resource: String, query: JsValue, path: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let args = convert::args(&path, &query, &JsValue::UNDEFINED)?;
            inner.collect(&format!("{resource}.search"), &args).await
        })
    }

    /// Every record of a list (`<resource>.list`), across all pages.
    pub fn list(&self, resource: String, path: JsValue, query: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let args = convert::args(&path, &query, &JsValue::UNDEFINED)?;
            inner.collect(&format!("{resource}.list"), &args).await
        })
    }

    /// One record (`<resource>.get`); `path` names it (`{job_id: 31987}`).
    pub fn get(&self, resource: String, path: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let args = convert::args(&path, &JsValue::UNDEFINED, &JsValue::UNDEFINED)?;
            let response = inner.call(&format!("{resource}.get"), &args).await?;
            Ok(convert::parse(&String::from_utf8_lossy(&response.body)))
        })
    }

    /// Creates a record (`<resource>.create`), validated before any quota is spent. An
    /// unknown outcome rejects with code `write_outcome_unknown` and is never sent again.
    pub fn create(&self, resource: String, path: JsValue, body: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let args = convert::args(&path, &JsValue::UNDEFINED, &body)?;
            inner.write(&format!("{resource}.create"), &args).await
        })
    }

    /// Replaces a record (`<resource>.update`, PUT: send the whole record).
    pub fn update(&self, resource: String, path: JsValue, body: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let args = convert::args(&path, &JsValue::UNDEFINED, &body)?;
            inner.write(&format!("{resource}.update"), &args).await
        })
    }

    /// Calls any endpoint: `{status, headers, body}` of the raw response.
    pub fn call(&self, endpoint: String, path: JsValue, query: JsValue, body: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let args = convert::args(&path, &query, &body)?;
            let r = inner.call(&endpoint, &args).await?;
            let out = js_sys::Object::new();
            let _ = Reflect::set(&out, &"status".into(), &JsValue::from(r.status));
            let _ = Reflect::set(&out, &"headers".into(), &convert::out(&r.headers));
            let _ = Reflect::set(
                &out,
                &"body".into(),
                &JsValue::from_str(&String::from_utf8_lossy(&r.body)),
            );
            Ok(out.into())
        })
    }

    /// A walk over a list endpoint's pages, from the start or a saved `position`.
    pub fn pages(
        &self,
        endpoint: String,
        path: JsValue,
        query: JsValue,
        position: JsValue,
    ) -> Result<PageWalk, JsValue> {
        let walk = (|| {
            let args = convert::args(&path, &query, &JsValue::UNDEFINED)?;
            let resume = if position.is_undefined() || position.is_null() {
                None
            } else {
                let p: convert::Position = serde_wasm_bindgen::from_value(position.clone())
                    .map_err(|e| Error::invalid_field("position", "type", e.to_string()))?;
                Some(p.into())
            };
            self.inner
                .api
                .list_from(&endpoint, &args, resume, self.inner.host.now())
        })()
        .map_err(convert::error)?;
        Ok(PageWalk {
            inner: self.inner.clone(),
            walk: Rc::new(RefCell::new(walk)),
            busy: Rc::new(Cell::new(false)),
            failed: Rc::new(Cell::new(false)),
        })
    }

    /// Every quota window: used, limit, reset, and which one binds.
    #[wasm_bindgen(js_name = quotaStatus)]
    pub fn quota_status(&self) -> Result<JsValue, JsValue> {
        let now = self.inner.host.now();
        let status = effects::status(&self.inner.api, &mut *self.inner.ledger.borrow_mut(), now)
            .map_err(convert::error)?;
        let out: Vec<convert::Usage> = status.into_iter().map(Into::into).collect();
        Ok(convert::out(&out))
    }

    /// When a workload such as `{"orders.GET": 5000}` would finish, and which window binds.
    pub fn plan(
        &self,
        workload: JsValue,
        wait_for_reset: Option<bool>,
    ) -> Result<JsValue, JsValue> {
        let work = (|| {
            let map = match convert::json("workload", &workload)? {
                Some(Value::Object(m)) => m,
                _ => {
                    return Err(Error::invalid_field(
                        "workload",
                        "type",
                        "the workload is an object such as {\"orders.GET\": 5000}",
                    ));
                }
            };
            map.iter()
                .map(|(k, v)| {
                    let kind = RequestKind::parse(k).ok_or_else(|| {
                        Error::invalid_field(k, "format", "a request kind is group.METHOD")
                    })?;
                    let n = v.as_u64().ok_or_else(|| {
                        Error::invalid_field(k, "type", "a count is a whole number")
                    })?;
                    Ok((kind, n))
                })
                .collect::<Result<Vec<_>, Error>>()
        })()
        .map_err(convert::error)?;
        let options = ForecastOptions {
            wait_for_reset: wait_for_reset.unwrap_or(false),
            ..ForecastOptions::default()
        };
        let now = self.inner.host.now();
        let forecast = effects::forecast(
            &self.inner.api,
            &mut *self.inner.ledger.borrow_mut(),
            &work,
            now,
            options,
        )
        .map_err(convert::error)?;
        Ok(convert::out(&convert::Plan::from(forecast)))
    }
}

/// A walk over the pages of a list, one request per page.
#[wasm_bindgen]
pub struct PageWalk {
    inner: Rc<Inner>,
    walk: Rc<RefCell<ListWalk>>,
    busy: Rc<Cell<bool>>,
    failed: Rc<Cell<bool>>,
}

#[wasm_bindgen]
impl PageWalk {
    /// The next page `{records, totalResults, position}`, or null when the list is complete.
    pub fn next(&self) -> Promise {
        let (inner, walk, busy, failed) = (
            self.inner.clone(),
            self.walk.clone(),
            self.busy.clone(),
            self.failed.clone(),
        );
        promise(async move {
            if failed.get() {
                return Ok(JsValue::NULL);
            }
            // Two pages in flight would both ask for the same page.
            if busy.replace(true) {
                return Err(Error::config(
                    "drive_loop_misuse",
                    "next() was called before the previous page arrived",
                ));
            }
            let page = inner.next_page(&walk).await;
            busy.set(false);
            failed.set(page.is_err());
            Ok(page?.unwrap_or(JsValue::NULL))
        })
    }

    /// Where the walk stands (pass it to `pages` to resume).
    #[wasm_bindgen(getter)]
    pub fn position(&self) -> JsValue {
        convert::out(&convert::Position::from(self.walk.borrow().position()))
    }
}
