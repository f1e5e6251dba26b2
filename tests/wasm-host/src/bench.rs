//! Measurements for the `wasm-bench` binary: instantiating the component from a pre-linked
//! `InstancePre`, and one quota decision through the component against the same decision by
//! the native core, measured side by side in one run.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use pacer_sdk_core::api::{Api, ClientConfig};
use pacer_sdk_core::quota::{Decision, Ledger, MemoryLedger, RequestKind};
use pacer_sdk_core::{ProviderSpec, Timestamp};
use wasmtime::Store;
use wasmtime::component::ResourceAny;

use crate::{HostState, NoNetwork, PacerHost, Sdk, Time, api, default_options};

/// What one run measured; durations are per operation.
#[derive(Clone, Debug)]
pub struct Figures {
    /// Median time to instantiate the component (store, WASI context and instance).
    pub instantiate: Duration,
    /// Median time to open a client in a fresh instance (parses and compiles the spec).
    pub open_client: Duration,
    /// A quota decision (a full rate window: `wait`) by the native core.
    pub native_decision: Duration,
    /// The same decision through the component (`client.reserve`).
    pub component_decision: Duration,
    /// Reserve, refund and release by the native core.
    pub native_cycle: Duration,
    /// Reserve, refund and drop of the reservation through the component (three calls).
    pub component_cycle: Duration,
    /// Whether the component and the core decided identically in every step compared.
    pub same_decisions: bool,
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The wall clock as the component reads it through `wasi:clocks`.
fn now() -> Timestamp {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    Timestamp::from_millis(i64::try_from(ms).unwrap_or(i64::MAX))
}

fn orders_get() -> api::RequestKind {
    api::RequestKind {
        group: "orders".into(),
        method: "GET".into(),
    }
}

struct Guest {
    store: Store<HostState>,
    sdk: Sdk,
    client: ResourceAny,
}

impl Guest {
    fn open(host: &PacerHost) -> wasmtime::Result<Guest> {
        let state = HostState::new(Box::new(NoNetwork), Time::System, None);
        let (mut store, sdk) = host.instantiate(state)?;
        let client = sdk
            .pacer_sdk_api()
            .client()
            .call_open(
                &mut store,
                "syncore",
                &api::ClientOptions {
                    base_url: Some("http://127.0.0.1:9".into()),
                    user_agent: Some("AcmeSync/1.0".into()),
                    ..default_options()
                },
            )?
            .map_err(|e| wasmtime::format_err!("open: {e:?}"))?;
        Ok(Guest { store, sdk, client })
    }

    fn reserve(&mut self, kind: &api::RequestKind) -> wasmtime::Result<api::Decision> {
        self.sdk
            .pacer_sdk_api()
            .client()
            .call_reserve(&mut self.store, self.client, kind)?
            .map_err(|e| wasmtime::format_err!("reserve: {e:?}"))
    }
}

/// Runs every measurement with `iterations` decisions per figure.
pub fn measure(host: &PacerHost, iterations: u32) -> wasmtime::Result<Figures> {
    let rounds = (iterations / 100).clamp(5, 200) as usize;
    let mut inst = Vec::with_capacity(rounds);
    let mut open = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        let state = HostState::new(Box::new(NoNetwork), Time::System, None);
        let made = host.instantiate(state)?;
        inst.push(t.elapsed());
        drop(made);
        let t = Instant::now();
        let guest = Guest::open(host)?;
        open.push(t.elapsed());
        drop(guest);
    }

    // Native: the same provider, configuration and ledger as the component's client.
    let native_api = Api::new(
        ProviderSpec::builtin("syncore")?,
        ClientConfig {
            base_url: Some("http://127.0.0.1:9".into()),
            user_agent: Some("AcmeSync/1.0".into()),
            ..ClientConfig::default()
        },
        None,
    )?;
    let kind = RequestKind::new("orders", "GET");
    let plan = native_api.policy().plan(&kind, native_api.scopes());
    let mut ledger = MemoryLedger::new();
    let mut guest = Guest::open(host)?;
    let wit_kind = orders_get();

    // Reserve, refund, release: the window never fills.
    let t = Instant::now();
    for _ in 0..iterations {
        if let Decision::Granted(r) = ledger.reserve(&plan, now())? {
            ledger.refund(&r)?;
        }
    }
    let native_cycle = t.elapsed() / iterations;
    let t = Instant::now();
    for _ in 0..iterations {
        if let api::Decision::Granted(r) = guest.reserve(&wit_kind)? {
            guest
                .sdk
                .pacer_sdk_api()
                .reservation()
                .call_refund(&mut guest.store, r)?
                .map_err(|e| wasmtime::format_err!("refund: {e:?}"))?;
            r.resource_drop(&mut guest.store)?;
        }
    }
    let component_cycle = t.elapsed() / iterations;

    // Fill the rate window on both sides, checking they agree step by step.
    let mut same = true;
    let mut native_grants = 0;
    let mut guest_grants = 0;
    loop {
        let n = ledger.reserve(&plan, now())?;
        let g = guest.reserve(&wit_kind)?;
        let (n_granted, g_granted) = (
            matches!(n, Decision::Granted(_)),
            matches!(g, api::Decision::Granted(_)),
        );
        same &= n_granted == g_granted;
        native_grants += usize::from(n_granted);
        guest_grants += usize::from(g_granted);
        if let api::Decision::Granted(r) = g {
            r.resource_drop(&mut guest.store)?;
        }
        if !n_granted && !g_granted {
            same &= matches!(
                (&n, &g),
                (Decision::Wait { window: a, .. }, api::Decision::Wait(b)) if *a == b.window
            );
            break;
        }
        if native_grants > 1000 || guest_grants > 1000 {
            same = false;
            break;
        }
    }
    same &= native_grants == guest_grants;

    // A decision in that full window: a `wait`, computed from every meter of the plan.
    let t = Instant::now();
    for _ in 0..iterations {
        let d = ledger.reserve(&plan, now())?;
        debug_assert!(matches!(d, Decision::Wait { .. }));
    }
    let native_decision = t.elapsed() / iterations;
    let t = Instant::now();
    for _ in 0..iterations {
        let d = guest.reserve(&wit_kind)?;
        same &= matches!(d, api::Decision::Wait(_));
    }
    let component_decision = t.elapsed() / iterations;

    Ok(Figures {
        instantiate: median(inst),
        open_client: median(open),
        native_decision,
        component_decision,
        native_cycle,
        component_cycle,
        same_decisions: same,
    })
}
