//! pacer-wasm-host: a wasmtime host for the pacer component (`wasm/wit`, world `pacer:sdk/sdk`).
//!
//! It shows what a host owes the component: HTTP with the credential attached
//! ([`HostTransport`], the only place the key or token lives, which also renews a token when a
//! client opened with `credential: token` asks after a 401), clocks ([`Time`]: the system's, or a
//! virtual clock whose sleeps jump), and optionally a shared quota store ([`SharedStore`]) so
//! that several instances never exceed one budget. The integration tests drive it against the
//! emulator, and the `wasm-bench` binary measures it.

pub mod bench;
pub mod clock;
pub mod meter;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use pacer_sdk_core::{Clock, Request, Response, TransportFailure};
use wasmtime::component::{Component, HasSelf, Instance, Linker, ResourceTable};
use wasmtime::{Config, Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

/// A quota store shared by instances (the `meter-store` a host provides).
pub use meter::SharedStore;

// The bindings are generated from the WIT at compile time, but cargo does not see those files:
// including them makes an edited WIT rebuild the host instead of leaving stale bindings.
const _: &str = include_str!("../../../wasm/wit/pacer.wit");
const _: &str = include_str!("../../../wasm/wit/records.wit");

wasmtime::component::bindgen!({
    world: "pacer:sdk/sdk",
    path: "../../wasm/wit",
    with: {
        "wasi": wasmtime_wasi::p2::bindings,
    },
    // wasmtime-wasi's bindings, reused above, need `Send` store data.
    require_store_data_send: true,
});

/// The WIT's shared types (requests, responses, the error variant), as the bindings name them.
pub use self::pacer::sdk::types;
/// The exported `api` interface (client options, resources), as the bindings name it.
pub use exports::pacer::sdk::api;

/// What the component asks the host's HTTP layer to honour for one request: its client's
/// `timeout`, `connect-timeout` and `max-response-bytes` options (the component decides, the
/// host only enforces).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// The whole exchange.
    pub timeout: Duration,
    /// Opening the connection.
    pub connect_timeout: Duration,
    /// The most bytes of response body to read; a longer body is [`TransportFailure::TooLarge`].
    pub max_response_bytes: u64,
}

/// A WIT duration (seconds) as a `Duration`; a value no `Duration` holds is the longest one
/// (the component only sends numbers of at least 0).
fn seconds(s: f64) -> Duration {
    Duration::try_from_secs_f64(s).unwrap_or(Duration::MAX)
}

/// The host's HTTP layer: sends what the component built, adding the credential.
pub trait HostTransport: Send {
    /// Sends one request within `limits`; a failure says whether it provably never left, or
    /// that the answer passed `limits.max_response_bytes`.
    fn send(&mut self, request: Request, limits: Limits) -> Result<Response, TransportFailure>;

    /// Replaces the credential with a fresh one (`transport.refresh-credential`), asked by
    /// clients opened with `credential: token` after a 401, at most once per call. The error
    /// text reaches the component's error message, so it must never contain the credential.
    /// A static key cannot be refreshed, which is the default.
    fn refresh_credential(&mut self) -> Result<(), String> {
        Err("this host authenticates with a static key, which cannot be refreshed".into())
    }
}

/// A transport for hosts that never send (benchmarks, validation-only runs): every request
/// fails as not sent, so nothing can leave by accident.
#[derive(Debug, Default)]
pub struct NoNetwork;

impl HostTransport for NoNetwork {
    fn send(&mut self, request: Request, _limits: Limits) -> Result<Response, TransportFailure> {
        Err(TransportFailure::NotSent(format!(
            "this host has no network (asked for {} {})",
            request.method, request.url
        )))
    }
}

/// Where the component's time comes from.
#[derive(Clone)]
pub enum Time {
    /// The system clocks; sleeps take real time.
    System,
    /// A shared virtual clock (e.g. the emulator's): the component reads it through
    /// `wasi:clocks`, and its sleeps advance it instead of passing.
    Virtual(Arc<dyn Clock>),
}

/// Per-instance host state: WASI, the transport, the quota store.
pub struct HostState {
    wasi: WasiCtx,
    table: ResourceTable,
    transport: Box<dyn HostTransport>,
    store: Option<SharedStore>,
    /// Whether this instance holds the store between `begin` and `end`.
    holding: bool,
    virtual_clock: Option<Arc<dyn Clock>>,
}

impl HostState {
    /// State for one instance. The WASI context has no environment, arguments, files or
    /// sockets: the component gets nothing from the host but clocks, randomness and stderr.
    pub fn new(transport: Box<dyn HostTransport>, time: Time, store: Option<SharedStore>) -> Self {
        let mut wasi = WasiCtxBuilder::new();
        wasi.inherit_stderr();
        let virtual_clock = match time {
            Time::System => None,
            Time::Virtual(c) => {
                wasi.wall_clock(clock::VirtualWall(c.clone()))
                    .monotonic_clock(clock::VirtualMonotonic(c.clone()));
                Some(c)
            }
        };
        HostState {
            wasi: wasi.build(),
            table: ResourceTable::new(),
            transport,
            store,
            holding: false,
            virtual_clock,
        }
    }
}

impl Drop for HostState {
    fn drop(&mut self) {
        // An instance that trapped inside an engine operation must not keep others waiting.
        if self.holding
            && let Some(store) = &self.store
        {
            store.release(false);
        }
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl self::pacer::sdk::types::Host for HostState {}

impl self::pacer::sdk::transport::Host for HostState {
    fn send(&mut self, request: types::Request) -> Result<types::Response, types::TransportError> {
        let limits = Limits {
            timeout: seconds(request.timeout),
            connect_timeout: seconds(request.connect_timeout),
            max_response_bytes: request.max_response_bytes,
        };
        let request = Request {
            method: request.method,
            url: request.url,
            headers: request.headers,
            body: request.body,
        };
        match self.transport.send(request, limits) {
            Ok(r) => Ok(types::Response {
                status: r.status,
                headers: r.headers,
                body: r.body,
            }),
            Err(TransportFailure::NotSent(why)) => Err(types::TransportError::NotSent(why)),
            Err(TransportFailure::Unknown(why)) => Err(types::TransportError::Unknown(why)),
            Err(TransportFailure::TooLarge(limit)) => Err(types::TransportError::TooLarge(limit)),
        }
    }

    fn refresh_credential(&mut self) -> Result<(), String> {
        self.transport.refresh_credential()
    }
}

/// The compiled component with its linker, ready to instantiate many times.
pub struct PacerHost {
    engine: Engine,
    component: Component,
    pre: SdkPre<HostState>,
}

impl PacerHost {
    /// Compiles the component at `path`. With `virtual_time`, instances whose [`Time`] is
    /// virtual sleep by advancing their clock; otherwise sleeps are real.
    pub fn new(path: &Path, virtual_time: bool) -> wasmtime::Result<PacerHost> {
        let engine = Engine::new(&Config::new())?;
        let component = Component::from_file(&engine, path)?;
        Self::from_component(engine, &component, virtual_time)
    }

    /// Links an already compiled component.
    pub fn from_component(
        engine: Engine,
        component: &Component,
        virtual_time: bool,
    ) -> wasmtime::Result<PacerHost> {
        let mut linker = Linker::<HostState>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        self::pacer::sdk::types::add_to_linker::<_, HasSelf<HostState>>(&mut linker, |s| s)?;
        self::pacer::sdk::transport::add_to_linker::<_, HasSelf<HostState>>(&mut linker, |s| s)?;
        self::pacer::sdk::meter_store::add_to_linker::<_, HasSelf<HostState>>(&mut linker, |s| s)?;
        if virtual_time {
            clock::link_virtual_sleep(&mut linker)?;
        }
        let pre = SdkPre::new(linker.instantiate_pre(component)?)?;
        Ok(PacerHost {
            engine,
            component: component.clone(),
            pre,
        })
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The names of everything the component imports (what a host must provide).
    pub fn imports(&self) -> Vec<String> {
        self.component
            .component_type()
            .imports(&self.engine)
            .map(|(name, _)| name.to_string())
            .collect()
    }

    /// A fresh instance in its own store.
    pub fn instantiate(&self, state: HostState) -> wasmtime::Result<(Store<HostState>, Sdk)> {
        let mut store = Store::new(&self.engine, state);
        let sdk = self.pre.instantiate(&mut store)?;
        Ok((store, sdk))
    }

    /// A fresh instance, untyped: for hosts (and tests) that call the component by the names
    /// and types it reports (`wasmtime::component::Val`) rather than through these bindings.
    pub fn instantiate_dynamic(
        &self,
        state: HostState,
    ) -> wasmtime::Result<(Store<HostState>, Instance)> {
        let mut store = Store::new(&self.engine, state);
        let instance = self.pre.instance_pre().instantiate(&mut store)?;
        Ok((store, instance))
    }

    /// The component's type as the binary declares it (exports, their functions and records),
    /// which a host can check without trusting the WIT files it was built from.
    pub fn component_type(&self) -> wasmtime::component::types::Component {
        self.component.component_type()
    }
}

/// Where the release build of the component is: `$PACER_WASM_COMPONENT`, else
/// `<target dir>/wasm32-wasip2/release/pacer_wasm.wasm` for the target dir this executable
/// was built in (found from its own path, so an exported `CARGO_TARGET_DIR` is respected).
pub fn component_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PACER_WASM_COMPONENT") {
        return Some(PathBuf::from(p));
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors()
        .map(|dir| dir.join("wasm32-wasip2/release/pacer_wasm.wasm"))
        .find(|p| p.is_file())
}

/// Options with every field at its default (none, false, the memory ledger, a static key): a
/// host sets what it needs with struct update syntax.
pub fn default_options() -> api::ClientOptions {
    api::ClientOptions {
        user_agent: None,
        tenant_id: None,
        org_id: None,
        base_url: None,
        plan: None,
        ledger: api::LedgerKind::Memory,
        spec_overrides: None,
        account: None,
        page_size: None,
        timeout: None,
        connect_timeout: None,
        max_response_bytes: None,
        max_wait: None,
        wait_for_reset: false,
        rate_margin: None,
        max_attempts: None,
        retry_base_delay: None,
        retry_max_delay: None,
        egress_ip: None,
        dangerously_allow_insecure_http: false,
        credential: api::CredentialKind::Key,
    }
}
