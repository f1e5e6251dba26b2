//! The `Emulator` handle: starts the server, moves its clock, injects faults and reports what
//! it received. Serving stops when the handle is dropped.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use pacer_sdk_core::{Clock, ManualClock, ProviderSpec, Timestamp};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::clock::SystemClock;
use crate::config::EmulatorConfig;
use crate::error::EmulatorError;
use crate::faults::{Fault, FaultQueue};
use crate::provider::{PROVIDERS, Setup};
use crate::quota::WindowUsage;
use crate::rng::Rng;
use crate::routes::RouteTable;
use crate::server::{ClockKind, Identity, RecordedRequest, Shared, lock, serve};
use crate::webhooks::WebhookDelivery;
use crate::zone::DayZone;

enum Runner {
    /// Serving on the caller's runtime.
    Task(tokio::task::JoinHandle<()>),
    /// Serving on a runtime owned by a background thread.
    Thread(Option<std::thread::JoinHandle<()>>),
}

/// A running emulator.
pub struct Emulator {
    shared: Arc<Shared>,
    stop: Option<watch::Sender<bool>>,
    runner: Runner,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.shared.base_url)
            .field("provider", &self.shared.spec.name)
            .finish()
    }
}

/// The path under which the spec's routes are served: the path of its base URL ("/v1" for
/// Salync), so a client configured with `base_url()` joins the spec's paths to it unchanged.
fn prefix_of(spec: &ProviderSpec) -> String {
    spec.base_url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .map(|u| u.path().trim_end_matches('/').to_string())
        .unwrap_or_default()
}

/// The webhook secret derived from the seed.
fn derived_secret(seed: u64) -> String {
    format!("whsec_{}", Rng::derive(seed, 301, 0).base36(32))
}

/// Builds the state and binds the port (before any runtime is involved, so errors surface
/// synchronously from both start functions).
fn prepare(config: EmulatorConfig) -> Result<(Arc<Shared>, std::net::TcpListener), EmulatorError> {
    let Some(provider) = crate::provider::find(&config.provider) else {
        return Err(EmulatorError::Config(format!(
            "no emulator for provider {:?} (available: {})",
            config.provider,
            PROVIDERS.join(", ")
        )));
    };
    let spec = match &config.spec_overrides {
        Some(o) => ProviderSpec::builtin_with_overrides(&config.provider, o),
        None => ProviderSpec::builtin(&config.provider),
    }
    .map_err(|e| EmulatorError::Config(e.to_string()))?;
    let zone = DayZone::parse(&config.day_zone).map_err(EmulatorError::Config)?;
    let (clock, clock_kind): (Arc<dyn Clock>, ClockKind) =
        match (&config.clock, config.virtual_clock) {
            (Some(c), _) => (c.clone(), ClockKind::Shared),
            (None, true) => {
                // Virtual time starts at the real time unless told otherwise, so the seeded data,
                // the quota days and the 13-month window are the machine's (CI moves its date).
                let start = config.start.unwrap_or_else(|| {
                    let real = SystemClock.now().as_millis();
                    Timestamp::from_millis(real - real.rem_euclid(1000))
                });
                let c = Arc::new(ManualClock::new(start));
                (c.clone(), ClockKind::Manual(c))
            }
            (None, false) => (Arc::new(SystemClock), ClockKind::System),
        };
    let plan = config.plan.trim().to_ascii_lowercase();
    let (default_org, default_tenant) = crate::synq::store::default_ids(config.seed);
    let identity = Identity {
        tenant_id: config.tenant_id.clone().unwrap_or(default_tenant),
        org_id: config.org_id.clone().unwrap_or(default_org),
        webhook_secret: config
            .webhook_secret
            .clone()
            .unwrap_or_else(|| derived_secret(config.seed)),
    };
    let mut setup = Setup {
        config: &config,
        spec: &spec,
        zone,
        plan,
        clock: &clock,
        now: clock.now(),
        port: 0,
        identity: &identity,
    };
    // The quota is built before binding, so a bad plan is reported whatever the port.
    let quota = (provider.quota)(&setup).map_err(EmulatorError::Config)?;
    let listener = std::net::TcpListener::bind(("127.0.0.1", config.port))?;
    listener.set_nonblocking(true)?;
    let port = listener.local_addr()?.port();
    let root_url = format!("http://127.0.0.1:{port}");
    let prefix = prefix_of(&spec);
    let base_url = format!("{root_url}{prefix}");
    setup.port = port;
    setup.now = clock.now();
    let backend = (provider.build)(&setup);
    let shared = Shared {
        routes: RouteTable::new(&spec),
        spec,
        prefix,
        clock,
        clock_kind,
        root_url,
        base_url,
        quota: Mutex::new(quota),
        faults: Mutex::new(FaultQueue::default()),
        log: Mutex::new(Vec::new()),
        lockstep: Default::default(),
        backend,
        identity,
    };
    Ok((Arc::new(shared), listener))
}

impl Emulator {
    /// Starts serving on the caller's tokio runtime.
    pub async fn start(config: EmulatorConfig) -> Result<Emulator, EmulatorError> {
        let (shared, listener) = prepare(config)?;
        let listener = TcpListener::from_std(listener)?;
        let (tx, rx) = watch::channel(false);
        let task = tokio::spawn(serve(listener, shared.clone(), rx));
        Ok(Emulator {
            shared,
            stop: Some(tx),
            runner: Runner::Task(task),
        })
    }

    /// Starts serving on a runtime owned by a background thread; usable from plain sync code.
    pub fn start_blocking(config: EmulatorConfig) -> Result<Emulator, EmulatorError> {
        let (shared, listener) = prepare(config)?;
        let (tx, rx) = watch::channel(false);
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<std::io::Result<()>>();
        let serving = shared.clone();
        let thread = std::thread::Builder::new()
            .name("pacer-sdk-emulator".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("pacer-sdk-emulator-worker")
                    .enable_all()
                    .build();
                let runtime = match runtime {
                    Ok(r) => r,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                runtime.block_on(async move {
                    match TcpListener::from_std(listener) {
                        Ok(l) => {
                            let _ = ready_tx.send(Ok(()));
                            serve(l, serving, rx).await;
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                        }
                    }
                });
            })?;
        match ready_rx.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(EmulatorError::Io(e)),
            Err(_) => {
                return Err(EmulatorError::Io(std::io::Error::other(
                    "the emulator thread stopped before serving",
                )));
            }
        }
        Ok(Emulator {
            shared,
            stop: Some(tx),
            runner: Runner::Thread(Some(thread)),
        })
    }

    /// The API's base URL without a trailing slash: `http://127.0.0.1:PORT`, plus the path of
    /// the spec's base URL where it has one (Salync: `http://127.0.0.1:PORT/v1`).
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// `http://127.0.0.1:PORT`: the server root, where `/_admin/` lives.
    pub fn root_url(&self) -> String {
        self.shared.root_url.clone()
    }

    /// The emulated provider's name.
    pub fn provider(&self) -> String {
        self.shared.spec.name.clone()
    }

    /// The credential to send: the API key (Syncore, Salync), or for Synq a bearer token valid
    /// one hour of the emulator's clock from its start.
    pub fn api_key(&self) -> String {
        self.shared.backend.api_key()
    }

    /// Synq: a fresh bearer token valid for `ttl` of the emulator's clock from now. Other
    /// providers have no tokens and answer their API key.
    pub fn issue_token(&self, ttl: Duration) -> String {
        self.shared
            .backend
            .issue_token(self.shared.clock.now(), ttl)
            .unwrap_or_else(|| self.api_key())
    }

    /// The tenant id Synq requires in `X-Tenant-ID`.
    pub fn tenant_id(&self) -> String {
        self.shared.identity.tenant_id.clone()
    }

    /// The organization id Synq requires in `X-Org-ID`.
    pub fn org_id(&self) -> String {
        self.shared.identity.org_id.clone()
    }

    /// The webhook secret: Synq verifies inbound `X-Unified-Signature` with it, Salync signs
    /// its deliveries (`X-Salync-Signature: sha256=<hex>`) with it.
    pub fn webhook_secret(&self) -> String {
        self.shared.identity.webhook_secret.clone()
    }

    /// Salync (Pro plan): delivers every later event to `url` (`http://` on loopback).
    pub fn register_webhook(&self, url: &str) -> Result<(), EmulatorError> {
        self.shared.backend.register_webhook(&self.shared, url)
    }

    /// Salync (Pro plan): emits `event` (e.g. `channel.listing_error`) with `data` now and
    /// returns its id; a `channel.listing_error` naming a `listing_id` also puts that
    /// listing in error.
    pub fn trigger(&self, event: &str, data: Value) -> Result<String, EmulatorError> {
        self.shared.backend.trigger(&self.shared, event, data)
    }

    /// Salync: every webhook delivery so far (attempts, status, body), in emission order.
    pub fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.shared.backend.webhook_deliveries()
    }

    /// Synq: the inbound webhook events accepted at `/unified/webhook`, in order.
    pub fn inbound_webhooks(&self) -> Vec<Value> {
        self.shared.backend.inbound_webhooks()
    }

    /// Salync: receives purchase order `id` into stock now (status `received`, `po_receipt`
    /// adjustments, a `purchase_order.received` event); returns the order.
    pub fn receive_purchase_order(&self, id: &str) -> Result<Value, EmulatorError> {
        self.shared.backend.receive_purchase_order(&self.shared, id)
    }

    /// Synq: moves order `id` to `status` now, if the documented state machine allows it from
    /// where the order is (e.g. `cancelled`, `return_requested`); it then stays there until
    /// moved again. Returns the order.
    pub fn transition_order(&self, id: &str, status: &str) -> Result<Value, EmulatorError> {
        self.shared
            .backend
            .transition_order(&self.shared, id, status)
    }

    /// The provider-specific values a process driving this emulator needs besides its URLs
    /// and credential (Synq: tenant, organization, webhook secret; Salync: webhook secret).
    pub fn provider_details(&self) -> Vec<(&'static str, String)> {
        self.shared.backend.details(&self.shared)
    }

    /// The emulator's clock (share it with a client to keep both on virtual time).
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.shared.clock.clone()
    }

    /// `emulator:http://127.0.0.1:PORT`: the clock setting that follows this emulator's clock
    /// from another process (the CLI's `--clock`/`PACER_CLOCK`, a binding's `clock` option).
    pub fn clock_setting(&self) -> String {
        format!("emulator:{}", self.shared.root_url)
    }

    /// The clock's current reading.
    pub fn now(&self) -> Timestamp {
        self.shared.clock.now()
    }

    /// Moves a virtual (or shared) clock forward; an error on real time.
    pub fn advance(&self, by: Duration) -> Result<(), EmulatorError> {
        self.shared.advance(by)
    }

    /// Adds a fault after the pending ones.
    pub fn inject_fault(&self, fault: Fault) {
        lock(&self.shared.faults).push(fault);
    }

    /// Removes every pending fault.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// Every request received (except admin requests), in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.log).clone()
    }

    /// The state of every quota window now.
    pub fn usage(&self) -> Vec<WindowUsage> {
        self.shared.usage()
    }

    /// Stops serving (as dropping the handle does).
    pub fn stop(self) {}

    fn shutdown(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(true);
        }
        match &mut self.runner {
            Runner::Task(task) => task.abort(),
            Runner::Thread(thread) => {
                if let Some(t) = thread.take() {
                    let _ = t.join();
                }
            }
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.shutdown();
    }
}
