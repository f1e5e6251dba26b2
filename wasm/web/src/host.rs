//! What the JavaScript host provides: `fetch`, the clock, sleeping and, for token-based
//! providers, a token provider. The credential, when the client holds it, is attached here and
//! nowhere else.

use std::cell::{Cell, RefCell};

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use pacer_sdk_core::{Error, Request, Response, Timestamp, TransportFailure};

use crate::options::Limits;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// The realm's global object. Not `js_sys::global()`: that may settle on a `window` that
    /// only looks like one, and it keeps the first answer.
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL_THIS: JsValue;
}

fn global() -> JsValue {
    GLOBAL_THIS.with(JsValue::clone)
}

/// A secret with a redacted `Debug`, read only when a request is sent.
pub struct Secret(String);

impl Secret {
    /// Wraps a key.
    pub fn new(key: String) -> Self {
        Secret(key)
    }

    /// The key itself; only the transport calls this.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// What the client authenticates with, when it attaches the credential itself.
pub enum Credential {
    /// A static API key.
    Key(Secret),
    /// `tokenProvider()`: a token (or a promise of one), asked at first use and again when the
    /// server rejects the current one.
    Tokens(TokenSource),
}

/// A token provider and the token it gave last.
pub struct TokenSource {
    provider: Function,
    current: RefCell<Option<Secret>>,
    /// Counts the tokens taken: a 401 to a request sent with an older token needs no refresh.
    generation: Cell<u64>,
    /// The provider's answer being awaited, shared by every call that needs a token meanwhile.
    pending: RefCell<Option<Promise>>,
}

impl TokenSource {
    /// A source that has not asked its provider yet.
    pub fn new(provider: Function) -> Self {
        TokenSource {
            provider,
            current: RefCell::new(None),
            generation: Cell::new(0),
            pending: RefCell::new(None),
        }
    }

    /// Asks the provider (or joins the request already made) and takes its token.
    async fn fetch(&self) -> Result<(), Error> {
        let pending = self.pending.borrow().clone();
        let promise = match pending {
            Some(p) => p,
            None => {
                let answer = self
                    .provider
                    .call0(&JsValue::NULL)
                    .map_err(|e| self.failed(&e))?;
                let p = Promise::resolve(&answer);
                *self.pending.borrow_mut() = Some(p.clone());
                p
            }
        };
        let outcome = JsFuture::from(promise).await;
        self.pending.borrow_mut().take();
        let token = outcome.map_err(|e| self.failed(&e))?;
        let token = token
            .as_string()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty() && !t.chars().any(char::is_control))
            .ok_or_else(|| {
                Error::config(
                    "token_provider_failed",
                    "the token provider must resolve to a non-empty string without control characters",
                )
            })?;
        let fresh = self
            .current
            .borrow()
            .as_ref()
            .is_none_or(|t| t.expose() != token);
        if fresh {
            *self.current.borrow_mut() = Some(Secret::new(token));
            self.generation.set(self.generation.get() + 1);
        }
        Ok(())
    }

    /// The provider's failure as a pacer error; a token in its message is masked.
    fn failed(&self, e: &JsValue) -> Error {
        let mut why = text_of(e, "message")
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "it threw a value that is not an Error".into());
        if let Some(token) = self.current.borrow().as_ref() {
            why = why.replace(token.expose(), "<redacted>");
        }
        Error::config(
            "token_provider_failed",
            format!("the token provider failed: {why}"),
        )
    }
}

/// The credential header and what goes in it.
pub struct Auth {
    /// The spec's header (`x-api-key`, `Authorization`).
    pub header: String,
    /// The spec's prefix (`Bearer `).
    pub prefix: String,
    /// The key or the token source.
    pub credential: Credential,
}

impl Auth {
    fn value(&self) -> Option<String> {
        match &self.credential {
            Credential::Key(key) => Some(format!("{}{}", self.prefix, key.expose())),
            Credential::Tokens(source) => source
                .current
                .borrow()
                .as_ref()
                .map(|t| format!("{}{}", self.prefix, t.expose())),
        }
    }
}

/// The functions the client calls out to.
pub struct Host {
    /// `fetch(url, init)`.
    pub fetch: Function,
    /// `now()` in milliseconds since the epoch (an instant, as `Date.now` counts it); `Date.now`
    /// when none.
    pub now: Option<Function>,
    /// `sleep(seconds)` returning a promise (a duration, in seconds like every other);
    /// `setTimeout` when none.
    pub sleep: Option<Function>,
    /// The credential, when the client attaches it (else the host's `fetch` does).
    pub auth: Option<Auth>,
    /// The client's `timeout` (an abort signal on each fetch) and `maxResponseBytes` (reading
    /// stops past it). `connectTimeout` has no equivalent in `fetch`: `timeout` bounds it.
    pub limits: Limits,
}

/// A global function by name, if the runtime has one.
pub fn global_function(name: &str) -> Option<Function> {
    Reflect::get(&global(), &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
}

/// Whether the global object looks like a browser page's.
pub fn in_browser() -> bool {
    let global = global();
    ["window", "document"].iter().any(|name| {
        Reflect::get(&global, &JsValue::from_str(name)).is_ok_and(|v| !v.is_undefined())
    })
}

/// Node's error codes that mean the connection was never made, so nothing was sent.
const NOT_SENT_CODES: &[&str] = &[
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "UND_ERR_CONNECT_TIMEOUT",
];

fn text_of(value: &JsValue, key: &str) -> Option<String> {
    Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

/// Sorts a rejected fetch into "never sent" and "outcome unknown" (the safe default).
fn classify(error: &JsValue) -> TransportFailure {
    let message = text_of(error, "message").unwrap_or_else(|| "fetch failed".into());
    let cause = Reflect::get(error, &JsValue::from_str("cause")).unwrap_or(JsValue::UNDEFINED);
    let code = text_of(&cause, "code").or_else(|| text_of(error, "code"));
    let why = match &code {
        Some(code) => format!("{message} ({code})"),
        None => message,
    };
    match code {
        Some(code) if NOT_SENT_CODES.contains(&code.as_str()) => TransportFailure::NotSent(why),
        _ => TransportFailure::Unknown(why),
    }
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

impl Host {
    /// The host's clock.
    pub fn now(&self) -> Timestamp {
        let ms = match &self.now {
            Some(f) => f
                .call0(&JsValue::NULL)
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or_else(js_sys::Date::now),
            None => js_sys::Date::now(),
        };
        Timestamp::from_millis(ms as i64)
    }

    /// Sleeps until the host's clock reads `until`.
    pub async fn sleep_until(&self, until: Timestamp) -> Result<(), Error> {
        let mut before = self.now();
        while before < until {
            let seconds = until.since(before).as_secs_f64();
            let ms = seconds * 1000.0;
            let promise = match &self.sleep {
                Some(f) => f.call1(&JsValue::NULL, &JsValue::from_f64(seconds)),
                None => set_timeout(ms),
            }
            .map_err(|e| host_failed("sleep", &e))?;
            JsFuture::from(Promise::resolve(&promise))
                .await
                .map_err(|e| host_failed("sleep", &e))?;
            let after = self.now();
            // A clock that stands still would make every wait spin forever: say so instead.
            if after <= before {
                return Err(Error::config(
                    "host_clock_stalled",
                    format!("the clock did not advance during a {seconds} s sleep"),
                ));
            }
            before = after;
        }
        Ok(())
    }

    fn tokens(&self) -> Option<&TokenSource> {
        match &self.auth {
            Some(Auth {
                credential: Credential::Tokens(source),
                ..
            }) => Some(source),
            _ => None,
        }
    }

    /// Makes sure a credential is at hand before a call reserves quota: a token provider is
    /// asked the first time.
    pub async fn ensure_auth(&self) -> Result<(), Error> {
        match self.tokens() {
            Some(source) if source.current.borrow().is_none() => source.fetch().await,
            _ => Ok(()),
        }
    }

    /// Which token requests are sent with now (0 without a token provider).
    pub fn auth_generation(&self) -> u64 {
        self.tokens().map_or(0, |s| s.generation.get())
    }

    /// Answers the core's `RefreshAuth` after a 401 to a request sent with token `sent_with`:
    /// asks the provider again, unless another call already replaced that token.
    pub async fn refresh_auth(&self, sent_with: u64) -> Result<(), Error> {
        match self.tokens() {
            Some(source) if source.generation.get() == sent_with => source.fetch().await,
            _ => Ok(()),
        }
    }

    /// Sends one request through `fetch`, attaching the credential when the client holds it.
    pub async fn send(&self, request: Request) -> Result<Response, TransportFailure> {
        let headers = Object::new();
        for (k, v) in &request.headers {
            set(&headers, k, &JsValue::from_str(v));
        }
        if let Some(auth) = &self.auth {
            let value = auth
                .value()
                .ok_or_else(|| TransportFailure::NotSent("no token yet".into()))?;
            set(&headers, &auth.header, &JsValue::from_str(&value));
        }
        let init = Object::new();
        set(&init, "method", &JsValue::from_str(&request.method));
        set(&init, "headers", &headers);
        // A redirect could carry the credential to another origin.
        set(&init, "redirect", &JsValue::from_str("manual"));
        if let Some(body) = &request.body {
            set(&init, "body", &Uint8Array::from(body.as_slice()));
        }
        if let Some(signal) = timeout_signal(self.limits.timeout) {
            set(&init, "signal", &signal);
        }
        let pending = self
            .fetch
            .call2(&global(), &JsValue::from_str(&request.url), &init)
            // fetch threw before returning a promise: it refused the request, nothing left.
            .map_err(|e| TransportFailure::NotSent(text_of(&e, "message").unwrap_or_default()))?;
        let response = JsFuture::from(Promise::resolve(&pending))
            .await
            .map_err(|e| classify(&e))?;
        read_response(&response, self.limits.max_response_bytes).await
    }
}

/// `AbortSignal.timeout(ms)`, when the runtime has it (Node 17.3 and later, every current
/// runtime): the fetch then rejects with a `TimeoutError`, an unknown outcome.
fn timeout_signal(seconds: f64) -> Option<JsValue> {
    let class = Reflect::get(&global(), &JsValue::from_str("AbortSignal")).ok()?;
    let timeout = Reflect::get(&class, &JsValue::from_str("timeout"))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    timeout
        .call1(&class, &JsValue::from_f64((seconds * 1000.0).ceil()))
        .ok()
}

/// Reads the body from the response's stream, stopping once it passes `limit` bytes (a
/// hostile or broken server cannot make the client hold more); a response without a stream
/// (a host `fetch` returning a plain object) is read whole by `arrayBuffer()` and then held to
/// the same limit.
async fn read_body(response: &JsValue, limit: u64) -> Result<Vec<u8>, TransportFailure> {
    let too_large = || TransportFailure::TooLarge(limit);
    let stream = Reflect::get(response, &JsValue::from_str("body")).unwrap_or(JsValue::NULL);
    let reader = Reflect::get(&stream, &JsValue::from_str("getReader"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call0(&stream).ok());
    let Some(reader) = reader else {
        let read = Reflect::get(response, &JsValue::from_str("arrayBuffer"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| TransportFailure::Unknown("unusable response: no body".into()))?;
        let buffer = read.call0(response).map_err(|e| classify(&e))?;
        let buffer = JsFuture::from(Promise::resolve(&buffer))
            .await
            .map_err(|e| classify(&e))?;
        let body = Uint8Array::new(&buffer).to_vec();
        return if body.len() as u64 > limit {
            Err(too_large())
        } else {
            Ok(body)
        };
    };
    let read = Reflect::get(&reader, &JsValue::from_str("read"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| TransportFailure::Unknown("unusable response: no reader".into()))?;
    let mut body = Vec::new();
    loop {
        let chunk = read.call0(&reader).map_err(|e| classify(&e))?;
        let chunk = JsFuture::from(Promise::resolve(&chunk))
            .await
            .map_err(|e| classify(&e))?;
        if Reflect::get(&chunk, &JsValue::from_str("done")).is_ok_and(|d| d.is_truthy()) {
            return Ok(body);
        }
        let value = Reflect::get(&chunk, &JsValue::from_str("value")).unwrap_or(JsValue::NULL);
        body.extend(Uint8Array::new(&value).to_vec());
        if body.len() as u64 > limit {
            // Stop the download: what is left is never read.
            if let Some(cancel) = Reflect::get(&reader, &JsValue::from_str("cancel"))
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok())
            {
                let _ = cancel.call0(&reader);
            }
            return Err(too_large());
        }
    }
}

async fn read_response(response: &JsValue, limit: u64) -> Result<Response, TransportFailure> {
    let unknown = |what: &str| TransportFailure::Unknown(format!("unusable response: {what}"));
    let status = Reflect::get(response, &JsValue::from_str("status"))
        .ok()
        .and_then(|s| s.as_f64())
        .ok_or_else(|| unknown("no status"))? as u16;
    let mut headers = Vec::new();
    let list =
        Reflect::get(response, &JsValue::from_str("headers")).map_err(|_| unknown("headers"))?;
    if let Ok(Some(entries)) = js_sys::try_iter(&list) {
        for entry in entries.flatten() {
            let pair = Array::from(&entry);
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                headers.push((k, v));
            }
        }
    }
    Ok(Response {
        status,
        headers,
        body: read_body(response, limit).await?,
    })
}

fn set_timeout(ms: f64) -> Result<JsValue, JsValue> {
    let timer = global_function("setTimeout").ok_or_else(|| {
        JsValue::from_str("this runtime has no setTimeout; pass a sleep function")
    })?;
    let mut start = |resolve: Function, _reject: Function| {
        let _ = timer.call2(&global(), &resolve, &JsValue::from_f64(ms));
    };
    Ok(Promise::new(&mut start).into())
}

fn host_failed(what: &str, e: &JsValue) -> Error {
    Error::config(
        "host_failed",
        format!(
            "the host's {what} function failed: {}",
            text_of(e, "message")
                .or_else(|| e.as_string())
                .unwrap_or_default()
        ),
    )
}
