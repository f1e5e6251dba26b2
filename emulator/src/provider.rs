//! The emulated provider: its credentials, data and request pipeline behind one trait, and the
//! registry of providers. Everything else (the server, routing from the spec, faults, the
//! request log, the admin view, the clock) is shared, so a new provider adds its own module,
//! one line to `REGISTRY` and its `mod` in `lib.rs`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;
use pacer_sdk_core::{Clock, ProviderSpec, Timestamp};
use serde_json::Value;

use crate::config::EmulatorConfig;
use crate::error::EmulatorError;
use crate::quota::{QuotaBook, ZoneRule};
use crate::reply::Reply;
use crate::server::{Identity, Outcome, Req, Shared};
use crate::webhooks::WebhookDelivery;
use crate::zone::DayZone;

/// Every provider the emulator knows, in `PROVIDERS` order: the one list to extend.
const REGISTRY: &[Provider] = &[
    crate::syncore::backend::PROVIDER,
    crate::synq::backend::PROVIDER,
    crate::salync::backend::PROVIDER,
];

/// The names of `REGISTRY`, computed at compile time so the public list cannot drift from it.
const fn names<const N: usize>(registry: &[Provider]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = registry[i].name;
        i += 1;
    }
    out
}

/// `REGISTRY`'s names as an array (a named constant, so `PROVIDERS` can borrow it for `'static`).
const NAMES: [&str; REGISTRY.len()] = names::<{ REGISTRY.len() }>(REGISTRY);

/// The providers the emulator knows.
pub const PROVIDERS: &[&str] = &NAMES;

/// The registry entry named `name`.
pub(crate) fn find(name: &str) -> Option<&'static Provider> {
    REGISTRY.iter().find(|p| p.name == name)
}

/// How to build one provider's emulator.
pub(crate) struct Provider {
    /// The provider's name (its spec's name, `EmulatorConfig::provider`).
    pub name: &'static str,
    /// The quota book for this provider (before the port is bound, so a bad plan fails first).
    pub quota: fn(&Setup<'_>) -> Result<QuotaBook, String>,
    /// The provider's state, once the port is known.
    pub build: fn(&Setup<'_>) -> Box<dyn ProviderBackend>,
}

/// What a provider's constructors read: the configuration and what the emulator resolved.
pub(crate) struct Setup<'a> {
    /// The caller's configuration.
    pub config: &'a EmulatorConfig,
    /// The (possibly overridden) spec.
    pub spec: &'a ProviderSpec,
    /// The day zone parsed from the configuration.
    pub zone: DayZone,
    /// The configured plan, trimmed and lowercased.
    pub plan: String,
    /// The emulator's clock.
    pub clock: &'a Arc<dyn Clock>,
    /// The clock's reading at start.
    pub now: Timestamp,
    /// The bound port (0 while the quota is built, before binding).
    pub port: u16,
    /// Tenant, organization and webhook secret.
    pub identity: &'a Identity,
}

/// The quota most providers use: the configured plan when the spec defines it (else the
/// spec's default), each window in the zone the spec gives it.
pub(crate) fn spec_plan_quota(setup: &Setup<'_>, zones: ZoneRule) -> Result<QuotaBook, String> {
    let plan = setup
        .spec
        .quota
        .plans
        .contains_key(&setup.plan)
        .then_some(setup.plan.as_str());
    QuotaBook::from_spec(&setup.spec.quota, plan, zones, setup.config.enforce_quota)
}

/// `spec_plan_quota` with per-window zones, as a registry entry's `quota`.
pub(crate) fn default_quota(setup: &Setup<'_>) -> Result<QuotaBook, String> {
    spec_plan_quota(setup, ZoneRule::PerWindow)
}

/// A boxed, sendable future: what `process` returns, so the trait stays object-safe.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An admin response.
pub(crate) type AdminResponse = Response<Full<Bytes>>;

/// The error of a webhook capability the provider lacks.
pub(crate) fn no_webhooks(shared: &Shared) -> EmulatorError {
    EmulatorError::Unsupported(format!(
        "the {} emulator sends no webhooks",
        shared.spec.display_name
    ))
}

/// One provider's state and behaviour. The capability methods default to "this provider has
/// no ...", answering as the emulator always has, so a provider implements only what it has.
pub(crate) trait ProviderBackend: Send + Sync {
    /// Runs the provider's pipeline (auth, faults, routing, quota, handler) on one request.
    fn process<'a>(&'a self, shared: &'a Shared, req: &'a Req) -> BoxFuture<'a, Outcome>;

    /// Every credential and secret that must never appear in the request log.
    fn secrets(&self) -> Vec<String>;

    /// The answer to a body over the size limit when the provider refuses it before recording
    /// anything (`None`: the pipeline answers it).
    fn oversized(&self, _req: &Req) -> Option<Reply> {
        None
    }

    /// Starts background work that lives as long as the server (webhook deliveries).
    fn start_worker(&self) -> Option<tokio::task::JoinHandle<()>> {
        None
    }

    /// The credential a client sends (`Emulator::api_key`).
    fn api_key(&self) -> String;

    /// A fresh token valid for `ttl` from `now` (`None`: no tokens, the API key serves).
    fn issue_token(&self, _now: Timestamp, _ttl: Duration) -> Option<String> {
        None
    }

    /// Delivers every later event to `url`.
    fn register_webhook(&self, shared: &Shared, _url: &str) -> Result<(), EmulatorError> {
        Err(no_webhooks(shared))
    }

    /// Emits `event` with `data` now; returns its id.
    fn trigger(
        &self,
        shared: &Shared,
        _event: &str,
        _data: Value,
    ) -> Result<String, EmulatorError> {
        Err(no_webhooks(shared))
    }

    /// Every outbound webhook delivery so far.
    fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        Vec::new()
    }

    /// The inbound webhook events accepted so far.
    fn inbound_webhooks(&self) -> Vec<Value> {
        Vec::new()
    }

    /// Receives purchase order `id` into stock now.
    fn receive_purchase_order(&self, shared: &Shared, _id: &str) -> Result<Value, EmulatorError> {
        Err(EmulatorError::Unsupported(format!(
            "{} has no purchase orders to receive",
            shared.spec.display_name
        )))
    }

    /// Moves order `id` to `status` now.
    fn transition_order(
        &self,
        shared: &Shared,
        _id: &str,
        _status: &str,
    ) -> Result<Value, EmulatorError> {
        Err(EmulatorError::Unsupported(format!(
            "{} has no order state machine",
            shared.spec.display_name
        )))
    }

    /// Answers a provider-specific admin route (`None`: not one of this provider's).
    fn admin_route(
        &self,
        _shared: &Shared,
        _method: &str,
        _route: &str,
        _parsed: Option<&Value>,
    ) -> Option<AdminResponse> {
        None
    }

    /// Adds the provider's admin routes and facts to `/_admin/info`.
    fn admin_info(&self, _shared: &Shared, _routes: &mut Vec<&'static str>, _info: &mut Value) {}

    /// The values besides the URLs and credential that a process driving the emulator needs
    /// (the `pacer-emulator` handshake line).
    fn details(&self, _shared: &Shared) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}
