//! `NativeEmulator`: the in-process pacer emulator for JavaScript tests. It serves on a runtime
//! of its own (a background thread), so it answers while JavaScript and the client's runtime
//! are busy, just as a remote server would.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use napi::Result;
use napi_derive::napi;
use pacer_sdk::ScaledClock;
use pacer_sdk::surface::keys::{KeySpelling, json_keys_to_camel};
use pacer_sdk_core::{Error, ProviderSpec, Timestamp};
use pacer_sdk_emulator::{Emulator, EmulatorConfig, Fault};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::errors::{bad_argument, emulator_to_js, to_js};

/// How an emulator is set up (every field optional), as JavaScript spells it; an unknown key
/// is refused rather than ignored, so a misspelt option cannot pass unnoticed.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EmulatorOptions {
    /// Seed of the generated data and of the default API key (7 by default).
    seed: Option<i64>,
    /// Run on a virtual clock that moves only when advanced (or when a client waits).
    virtual_clock: Option<bool>,
    /// Run on a clock this many times faster than real time (for paced benchmarks).
    clock_scale: Option<f64>,
    /// Start instant (RFC 3339) of a virtual or scaled clock; the real time by default.
    start: Option<String>,
    /// The API key to accept (derived from the seed by default).
    api_key: Option<String>,
    /// Registered User-Agents (any non-generic one by default).
    registered_user_agents: Option<Vec<String>>,
    /// Number of seeded jobs (3,000 by default).
    jobs: Option<u32>,
    /// TOML merged over the built-in spec, e.g. to shrink quota windows.
    spec_overrides: Option<String>,
    /// Answer 429 once a window is spent (true by default).
    enforce_quota: Option<bool>,
    /// Zone of daily resets and calendar dates (America/New_York by default).
    day_zone: Option<String>,
    /// Port on 127.0.0.1 (a free one by default).
    port: Option<u32>,
    /// Quota plan, for providers with several (Salync: `growth` or `pro`).
    plan: Option<String>,
    /// Synq tenant id (derived from the seed by default).
    tenant_id: Option<String>,
    /// Synq organization id (derived from the seed by default).
    org_id: Option<String>,
    /// Secret of webhook signatures (derived from the seed by default).
    webhook_secret: Option<String>,
}

/// A fault as JavaScript gives it (`{kind, times, method, pathContains, status, delayMs,
/// pageSize}`), re-spelt for the emulator's admin JSON form; unknown keys are refused.
#[derive(Deserialize, Serialize)]
#[serde(rename_all(deserialize = "camelCase"), deny_unknown_fields)]
struct FaultOptions {
    kind: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    times: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path_contains: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delay_ms: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_size: Option<Value>,
}

/// Parses a JSON options argument into `T` (`null`: every default).
fn parse<T: DeserializeOwned + Default>(what: &str, json: &str) -> Result<T> {
    match serde_json::from_str::<Option<T>>(json) {
        Ok(value) => Ok(value.unwrap_or_default()),
        Err(e) => Err(bad_argument(what, format!("{what}: {e}"))),
    }
}

/// A duration in seconds from JavaScript, refused when negative or not finite.
fn seconds(what: &str, s: f64) -> Result<Duration> {
    if s.is_finite() && s >= 0.0 {
        Ok(Duration::from_secs_f64(s))
    } else {
        Err(bad_argument(
            what,
            format!("{what} is a duration of at least 0 seconds"),
        ))
    }
}

fn config(provider: String, o: EmulatorOptions) -> Result<EmulatorConfig> {
    let defaults = EmulatorConfig::default();
    let start = match &o.start {
        Some(text) => Some(Timestamp::parse_rfc3339(text).ok_or_else(|| {
            bad_argument("start", format!("{text:?} is not an RFC 3339 instant"))
        })?),
        None => None,
    };
    let clock = match o.clock_scale {
        Some(f) if f.is_finite() && f >= 1.0 => {
            let origin = start.unwrap_or_else(pacer_sdk::clock::system_now);
            Some(Arc::new(ScaledClock::new(origin, f)) as Arc<dyn pacer_sdk::Clock>)
        }
        Some(_) => return Err(bad_argument("clockScale", "clockScale must be at least 1")),
        None => None,
    };
    let seed = match o.seed {
        Some(s) => u64::try_from(s).map_err(|_| bad_argument("seed", "seed must be ≥ 0"))?,
        None => defaults.seed,
    };
    let port = match o.port {
        Some(p) => u16::try_from(p).map_err(|_| bad_argument("port", "port must be < 65536"))?,
        None => 0,
    };
    Ok(EmulatorConfig {
        provider,
        seed,
        virtual_clock: o.virtual_clock.unwrap_or(false),
        start,
        clock,
        api_key: o.api_key,
        registered_user_agents: o.registered_user_agents,
        jobs: o.jobs.map_or(defaults.jobs, |n| n as usize),
        spec_overrides: o.spec_overrides,
        enforce_quota: o.enforce_quota.unwrap_or(defaults.enforce_quota),
        day_zone: o.day_zone.unwrap_or(defaults.day_zone),
        port,
        plan: o.plan.unwrap_or(defaults.plan),
        tenant_id: o.tenant_id,
        org_id: o.org_id,
        webhook_secret: o.webhook_secret,
    })
}

/// Starts an emulator of `provider` on a background thread; `options` is JSON.
#[napi]
pub async fn start_emulator(provider: String, options: String) -> Result<NativeEmulator> {
    let config = config(provider, parse("options", &options)?)?;
    let emulator = tokio::task::spawn_blocking(move || Emulator::start_blocking(config))
        .await
        .map_err(|e| to_js(Error::config("emulator_io", e.to_string())))?
        .map_err(emulator_to_js)?;
    let spelling = ProviderSpec::builtin(&emulator.provider())
        .map(|spec| KeySpelling::for_spec(&spec))
        .unwrap_or_default();
    Ok(NativeEmulator {
        spelling,
        base_url: emulator.base_url(),
        provider: emulator.provider(),
        inner: Arc::new(Mutex::new(Some(emulator))),
    })
}

/// A running emulator.
#[napi]
pub struct NativeEmulator {
    /// The emulated provider's key spelling (event data and faults arrive camelCased).
    spelling: KeySpelling,
    base_url: String,
    provider: String,
    inner: Arc<Mutex<Option<Emulator>>>,
}

fn stopped() -> napi::Error {
    to_js(Error::config(
        "emulator_stopped",
        "the emulator has been stopped",
    ))
}

fn camel(value: &impl Serialize) -> Result<String> {
    let text = serde_json::to_string(value)
        .map_err(|e| to_js(Error::config("encode_failed", e.to_string())))?;
    let mut out = String::with_capacity(text.len());
    json_keys_to_camel(&text, &mut out);
    Ok(out)
}

impl NativeEmulator {
    fn with<T>(&self, f: impl FnOnce(&Emulator) -> Result<T>) -> Result<T> {
        let guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_ref() {
            Some(emu) => f(emu),
            None => Err(stopped()),
        }
    }
}

#[napi]
impl NativeEmulator {
    /// `http://127.0.0.1:PORT`.
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The emulated provider's spec name.
    #[napi(getter)]
    pub fn provider(&self) -> String {
        self.provider.clone()
    }

    /// The API key the emulator accepts.
    #[napi]
    pub fn api_key(&self) -> Result<String> {
        self.with(|e| Ok(e.api_key()))
    }

    /// The emulator's clock, to give a client of it: the client then runs on the emulator's
    /// virtual time, and its quota waits move that clock instead of sleeping.
    #[napi]
    pub fn clock(&self) -> Result<crate::clock::NativeClock> {
        self.with(|e| Ok(crate::clock::NativeClock { inner: e.clock() }))
    }

    /// The emulator clock's reading, in milliseconds since the epoch.
    #[napi]
    pub fn now_ms(&self) -> Result<f64> {
        self.with(|e| Ok(e.now().as_millis() as f64))
    }

    /// `http://127.0.0.1:PORT`: the server root (Salync's API lives under `/v1` of it).
    #[napi(getter)]
    pub fn root_url(&self) -> Result<String> {
        self.with(|e| Ok(e.root_url()))
    }

    /// Synq: a fresh bearer token valid for `ttl` seconds of the emulator's clock from now
    /// (other providers answer their API key).
    #[napi]
    pub fn issue_token(&self, ttl: f64) -> Result<String> {
        let ttl = seconds("ttl", ttl)?;
        self.with(|e| Ok(e.issue_token(ttl)))
    }

    /// The tenant id Synq requires in `X-Tenant-ID`.
    #[napi]
    pub fn tenant_id(&self) -> Result<String> {
        self.with(|e| Ok(e.tenant_id()))
    }

    /// The organization id Synq requires in `X-Org-ID`.
    #[napi]
    pub fn org_id(&self) -> Result<String> {
        self.with(|e| Ok(e.org_id()))
    }

    /// The webhook secret (Synq verifies inbound signatures with it; Salync signs with it).
    #[napi]
    pub fn webhook_secret(&self) -> Result<String> {
        self.with(|e| Ok(e.webhook_secret()))
    }

    /// Salync (Pro plan): delivers every later event to `url` (`http://` on loopback).
    #[napi]
    pub async fn register_webhook(&self, url: String) -> Result<()> {
        self.with(|e| e.register_webhook(&url).map_err(emulator_to_js))
    }

    /// Salync (Pro plan): emits `event` with `data` (camelCase or snake_case keys) now;
    /// returns the event id.
    #[napi]
    pub async fn trigger(&self, event: String, data: String) -> Result<String> {
        let value: Value =
            serde_json::from_str(&data).map_err(|e| bad_argument("data", e.to_string()))?;
        self.with(|e| {
            e.trigger(&event, self.spelling.value_to_snake(value))
                .map_err(emulator_to_js)
        })
    }

    /// Salync: every webhook delivery so far, as camelCased JSON.
    #[napi]
    pub async fn webhook_deliveries(&self) -> Result<String> {
        let deliveries = self.with(|e| Ok(e.webhook_deliveries()))?;
        camel(&deliveries)
    }

    /// Synq: the inbound webhook events its `/unified/webhook` accepted, as camelCased JSON.
    #[napi]
    pub async fn inbound_webhooks(&self) -> Result<String> {
        let events = self.with(|e| Ok(e.inbound_webhooks()))?;
        camel(&events)
    }

    /// Salync: receives purchase order `id` into stock now; returns the order as JSON.
    #[napi]
    pub async fn receive_purchase_order(&self, id: String) -> Result<String> {
        let order = self.with(|e| e.receive_purchase_order(&id).map_err(emulator_to_js))?;
        camel(&order)
    }

    /// Synq: moves order `id` to `status` if the state machine allows it; returns the order.
    #[napi]
    pub async fn transition_order(&self, id: String, status: String) -> Result<String> {
        let order = self.with(|e| e.transition_order(&id, &status).map_err(emulator_to_js))?;
        camel(&order)
    }

    /// Moves a virtual clock forward by `by` seconds (never backwards).
    #[napi]
    pub async fn advance(&self, by: f64) -> Result<()> {
        let by = seconds("advance", by)?;
        self.with(|e| e.advance(by).map_err(emulator_to_js))
    }

    /// Queues a fault (`{kind, times, method, pathContains, status, delayMs, pageSize}`, JSON).
    #[napi]
    pub async fn inject_fault(&self, fault: String) -> Result<()> {
        let options: FaultOptions = serde_json::from_str(&fault)
            .map_err(|e| bad_argument("fault", format!("fault: {e}")))?;
        let value = serde_json::to_value(&options)
            .map_err(|e| to_js(Error::config("encode_failed", e.to_string())))?;
        let fault = Fault::from_json(&value).map_err(|m| bad_argument("fault", m))?;
        self.with(|e| {
            e.inject_fault(fault);
            Ok(())
        })
    }

    /// Removes every pending fault.
    #[napi]
    pub async fn clear_faults(&self) -> Result<()> {
        self.with(|e| {
            e.clear_faults();
            Ok(())
        })
    }

    /// Every request received, in order, as camelCased JSON (never the key).
    #[napi]
    pub async fn requests(&self) -> Result<String> {
        let log = self.with(|e| Ok(e.requests()))?;
        camel(&log)
    }

    /// Every quota window's state, as camelCased JSON.
    #[napi]
    pub async fn usage(&self) -> Result<String> {
        let usage = self.with(|e| Ok(e.usage()))?;
        camel(&usage)
    }

    /// Stops serving; later calls fail with `emulator_stopped`.
    #[napi]
    pub async fn stop(&self) -> Result<()> {
        let taken = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(emu) = taken {
            // Stopping joins the server thread: do it where blocking is allowed.
            tokio::task::spawn_blocking(move || emu.stop())
                .await
                .map_err(|e| to_js(Error::config("emulator_io", e.to_string())))?;
        }
        Ok(())
    }
}
