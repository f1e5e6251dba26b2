//! The `Emulator` handle: starts the server, moves its clock, injects faults and reports what
//! it received. Serving stops when the handle is dropped.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use pacer_core::{Clock, ManualClock, ProviderSpec, Timestamp};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::clock::SystemClock;
use crate::config::{DEFAULT_START, EmulatorConfig};
use crate::error::EmulatorError;
use crate::faults::{Fault, FaultQueue};
use crate::quota::{QuotaBook, WindowUsage};
use crate::routes::RouteTable;
use crate::seed::{api_key, seed_db};
use crate::server::{ClockKind, RecordedRequest, Shared, lock, serve};
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

/// Builds the state and binds the port (before any runtime is involved, so errors surface
/// synchronously from both start functions).
fn prepare(config: EmulatorConfig) -> Result<(Arc<Shared>, std::net::TcpListener), EmulatorError> {
    if config.provider != "syncore" {
        return Err(EmulatorError::Config(format!(
            "no emulator for provider {:?} (available: syncore)",
            config.provider
        )));
    }
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
                let start = config
                    .start
                    .or_else(|| Timestamp::parse_rfc3339(DEFAULT_START))
                    .unwrap_or_default();
                let c = Arc::new(ManualClock::new(start));
                (c.clone(), ClockKind::Manual(c))
            }
            (None, false) => (Arc::new(SystemClock), ClockKind::System),
        };
    let quota = QuotaBook::from_spec(&spec.quota, zone, config.enforce_quota)
        .map_err(EmulatorError::Config)?;
    let listener = std::net::TcpListener::bind(("127.0.0.1", config.port))?;
    listener.set_nonblocking(true)?;
    let base_url = format!("http://127.0.0.1:{}", listener.local_addr()?.port());
    let db = seed_db(config.seed, config.jobs, clock.now(), zone);
    let shared = Shared {
        routes: RouteTable::new(&spec),
        spec,
        api_key: config.api_key.unwrap_or_else(|| api_key(config.seed)),
        user_agents: config.registered_user_agents,
        clock,
        clock_kind,
        base_url,
        db: Mutex::new(db),
        quota: Mutex::new(quota),
        faults: Mutex::new(FaultQueue::default()),
        log: Mutex::new(Vec::new()),
        lockstep: Default::default(),
    };
    crate::registry::register(&shared.base_url, shared.clock.clone());
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
            .name("pacer-emulator".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("pacer-emulator-worker")
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

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The API key the emulator accepts.
    pub fn api_key(&self) -> String {
        self.shared.api_key.clone()
    }

    /// The emulator's clock (share it with a client to keep both on virtual time).
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.shared.clock.clone()
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
        crate::registry::unregister(&self.shared.base_url);
        self.shutdown();
    }
}
