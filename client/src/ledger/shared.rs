//! Quota state and the write journal as the pumps reach them: the blocking pump answers on the
//! caller's thread; the async pump never blocks a runtime worker and holds no lock across a
//! round trip, so concurrent calls on one client overlap up to what the quota allows.
//!
//! - In-memory stores are answered inline under a lock held for microseconds (no I/O).
//! - SQLite has one writer per file, and every reservation is a write: one connection, one
//!   operation at a time; async callers wait their turn on a semaphore (holding no thread), then
//!   run on tokio's blocking threads.
//! - Redis keeps a small pool of connections for everything but reservations: each operation
//!   takes one (opening another when all are busy), uses it, and puts it back, on a blocking
//!   thread in the async pump.
//! - The Redis ledger's reservation (every call's hot path) goes over one multiplexed async
//!   connection in the async pump: concurrent reservations share it without waiting for each
//!   other. Its rarer operations (refunds, corrections, status) use the pool.

use std::sync::{Arc, Mutex, MutexGuard};

use pacer_sdk_core::call::LedgerUpdate;
use pacer_sdk_core::quota::{Decision, Ledger, LedgerExport, MeterPlan, WindowUsage};
use pacer_sdk_core::{Error, Timestamp};

use super::redis::AsyncReserver;
use crate::journal::Journal;

fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Opens one more connection of a pooled store.
type Opener<T> = Box<dyn Fn() -> Result<Box<T>, Error> + Send + Sync>;

/// Idle connections of a store, and how to open another.
struct Pool<T: ?Sized> {
    idle: Mutex<Vec<Box<T>>>,
    open: Opener<T>,
}

/// Connections kept idle at most; more are opened under load and closed after it.
const MAX_IDLE: usize = 16;

impl<T: ?Sized> Pool<T> {
    fn with<R>(&self, f: impl FnOnce(&mut T) -> Result<R, Error>) -> Result<R, Error> {
        let taken = lock(&self.idle).pop();
        let mut conn = match taken {
            Some(c) => c,
            None => (self.open)()?,
        };
        let result = f(&mut conn);
        let mut idle = lock(&self.idle);
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
        result
    }
}

/// How a store is reached.
enum Access<T: ?Sized> {
    /// No I/O (the memory ledger and journal): answered inline, under a short lock.
    Inline(Mutex<Box<T>>),
    /// One connection per concurrent operation (Redis).
    Pooled(Arc<Pool<T>>),
    /// One connection and one operation at a time (SQLite, where every reservation is a write
    /// transaction and the file has one writer): async callers queue on a semaphore without
    /// holding a thread, then run on a blocking thread; other processes still meet SQLite's
    /// busy timeout.
    OneWriter {
        conn: Arc<Mutex<Box<T>>>,
        queue: Arc<tokio::sync::Semaphore>,
    },
    /// A store given by the caller: one operation at a time, off the runtime's workers.
    Exclusive(Arc<Mutex<Box<T>>>),
    /// The pre-effects path, kept only to benchmark against: one lock held across every round
    /// trip, taken inside the async pump (it blocks a runtime worker).
    Serialized(Mutex<Box<T>>),
}

/// A store shared by every call of a client (and its clones).
pub(crate) struct Shared<T: ?Sized + Send + 'static> {
    access: Access<T>,
    name: String,
}

impl<T: ?Sized + Send + 'static> Shared<T> {
    fn inline(store: Box<T>, name: String) -> Shared<T> {
        Shared {
            access: Access::Inline(Mutex::new(store)),
            name,
        }
    }

    fn pooled(first: Box<T>, open: Opener<T>, name: String) -> Shared<T> {
        Shared {
            access: Access::Pooled(Arc::new(Pool {
                idle: Mutex::new(vec![first]),
                open,
            })),
            name,
        }
    }

    fn one_writer(store: Box<T>, name: String) -> Shared<T> {
        Shared {
            access: Access::OneWriter {
                conn: Arc::new(Mutex::new(store)),
                queue: Arc::new(tokio::sync::Semaphore::new(1)),
            },
            name,
        }
    }

    fn exclusive(store: Box<T>, name: String) -> Shared<T> {
        Shared {
            access: Access::Exclusive(Arc::new(Mutex::new(store))),
            name,
        }
    }

    /// Runs `f` on this thread (the blocking pump, and local reads such as status).
    pub(crate) fn blocking<R>(
        &self,
        f: impl FnOnce(&mut T) -> Result<R, Error>,
    ) -> Result<R, Error> {
        match &self.access {
            Access::Inline(m) | Access::Serialized(m) => f(&mut **lock(m)),
            Access::Pooled(pool) => pool.with(f),
            Access::Exclusive(m) | Access::OneWriter { conn: m, .. } => f(&mut **lock(m)),
        }
    }

    /// Runs `f` without blocking the async runtime's workers.
    pub(crate) async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut T) -> Result<R, Error> + Send + 'static,
    ) -> Result<R, Error> {
        match &self.access {
            Access::Inline(m) | Access::Serialized(m) => f(&mut **lock(m)),
            Access::Pooled(pool) => {
                let pool = pool.clone();
                off_runtime(move || pool.with(f)).await
            }
            Access::Exclusive(m) => {
                let m = m.clone();
                off_runtime(move || f(&mut **lock(&m))).await
            }
            Access::OneWriter { conn, queue } => {
                let _turn = queue
                    .acquire()
                    .await
                    .map_err(|_| Error::transport("ledger_failed", "the ledger was closed"))?;
                let conn = conn.clone();
                off_runtime(move || f(&mut **lock(&conn))).await
            }
        }
    }

    /// What the store is, e.g. `sqlite:/home/me/.local/share/pacer/ledger.db`.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }
}

/// Runs blocking store work on tokio's blocking threads.
async fn off_runtime<R: Send + 'static>(
    f: impl FnOnce() -> Result<R, Error> + Send + 'static,
) -> Result<R, Error> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        Error::transport("ledger_failed", format!("a ledger operation panicked: {e}"))
    })?
}

/// The quota ledger of a client.
pub(crate) struct SharedLedger {
    store: Shared<dyn Ledger>,
    /// The Redis ledger's async reservations (the async pump's hot path).
    redis: Option<AsyncReserver>,
}

impl SharedLedger {
    /// An in-memory ledger (answered inline).
    pub(crate) fn memory(ledger: Box<dyn Ledger>) -> SharedLedger {
        let name = ledger.describe();
        SharedLedger {
            store: Shared::inline(ledger, name),
            redis: None,
        }
    }

    /// A ledger in a file with one writer (SQLite): one connection, one operation at a time.
    pub(crate) fn one_writer(ledger: Box<dyn Ledger>) -> SharedLedger {
        let name = ledger.describe();
        SharedLedger {
            store: Shared::one_writer(ledger, name),
            redis: None,
        }
    }

    /// A ledger of connections to one store, opened as needed.
    pub(crate) fn pooled(first: Box<dyn Ledger>, open: Opener<dyn Ledger>) -> SharedLedger {
        let name = first.describe();
        SharedLedger {
            store: Shared::pooled(first, open, name),
            redis: None,
        }
    }

    /// The Redis ledger: pooled connections, and async reservations.
    pub(crate) fn redis(
        first: Box<dyn Ledger>,
        open: Opener<dyn Ledger>,
        reserver: AsyncReserver,
    ) -> SharedLedger {
        SharedLedger {
            redis: Some(reserver),
            ..SharedLedger::pooled(first, open)
        }
    }

    /// A ledger given by the caller (a `Store`): reached one operation at a time.
    pub(crate) fn exclusive(ledger: Box<dyn Ledger>) -> SharedLedger {
        let name = ledger.describe();
        SharedLedger {
            store: Shared::exclusive(ledger, name),
            redis: None,
        }
    }

    /// A ledger reached the way the async driver reached it before effects were values: one
    /// lock held across each round trip, taken inside the async pump (blocking a runtime
    /// worker). Only the benchmark uses it, to measure against.
    pub(crate) fn serialized(ledger: Box<dyn Ledger>) -> SharedLedger {
        let name = ledger.describe();
        SharedLedger {
            store: Shared {
                access: Access::Serialized(Mutex::new(ledger)),
                name,
            },
            redis: None,
        }
    }

    /// Where the ledger lives.
    pub(crate) fn name(&self) -> &str {
        self.store.name()
    }

    /// Reserves on this thread (the blocking pump).
    pub(crate) fn reserve_blocking(
        &self,
        plan: &MeterPlan,
        at: Timestamp,
    ) -> Result<Decision, Error> {
        self.store.blocking(|l| l.reserve(plan, at))
    }

    /// Reserves without blocking the runtime (the async pump).
    pub(crate) async fn reserve(
        &self,
        plan: Arc<MeterPlan>,
        at: Timestamp,
    ) -> Result<Decision, Error> {
        match &self.redis {
            Some(redis) => redis.reserve(&plan, at).await,
            None => self.store.run(move |l| l.reserve(&plan, at)).await,
        }
    }

    /// Applies an update on this thread.
    pub(crate) fn update_blocking(&self, update: &LedgerUpdate) -> Result<(), Error> {
        self.store.blocking(|l| apply(l, update))
    }

    /// Applies an update without blocking the runtime.
    pub(crate) async fn update(&self, update: LedgerUpdate) -> Result<(), Error> {
        self.store.run(move |l| apply(l, &update)).await
    }

    /// Every window of `plan` now (read on this thread).
    pub(crate) fn usage(
        &self,
        plan: &MeterPlan,
        now: Timestamp,
    ) -> Result<Vec<WindowUsage>, Error> {
        self.store.blocking(|l| l.usage(plan, now))
    }

    /// The state of `plans` now, for a forecast (read on this thread).
    pub(crate) fn export(
        &self,
        plans: &[MeterPlan],
        now: Timestamp,
    ) -> Result<LedgerExport, Error> {
        self.store.blocking(|l| l.export(plans, now))
    }

    /// Clears the server blocks on `plan`'s meters.
    pub(crate) fn unblock(&self, plan: &MeterPlan) -> Result<usize, Error> {
        self.store.blocking(|l| l.unblock(plan))
    }
}

fn apply(ledger: &mut dyn Ledger, update: &LedgerUpdate) -> Result<(), Error> {
    match update {
        LedgerUpdate::Refund(r) => ledger.refund(r),
        LedgerUpdate::Correct {
            plan,
            correction,
            at,
        } => ledger.correct(plan, correction, *at),
    }
}

/// The write journal of a client.
pub(crate) struct SharedJournal {
    store: Shared<dyn Journal>,
}

impl SharedJournal {
    /// An in-memory journal.
    pub(crate) fn memory(journal: Box<dyn Journal>) -> SharedJournal {
        SharedJournal {
            store: Shared::inline(journal, "memory".into()),
        }
    }

    /// A journal of connections to one store, opened as needed.
    pub(crate) fn pooled(first: Box<dyn Journal>, open: Opener<dyn Journal>) -> SharedJournal {
        SharedJournal {
            store: Shared::pooled(first, open, "journal".into()),
        }
    }

    /// A journal in a file with one writer (SQLite).
    pub(crate) fn one_writer(journal: Box<dyn Journal>) -> SharedJournal {
        SharedJournal {
            store: Shared::one_writer(journal, "journal".into()),
        }
    }

    /// A journal given by the caller.
    pub(crate) fn exclusive(journal: Box<dyn Journal>) -> SharedJournal {
        SharedJournal {
            store: Shared::exclusive(journal, "journal".into()),
        }
    }

    /// Runs `f` on this thread.
    pub(crate) fn blocking<R>(
        &self,
        f: impl FnOnce(&mut dyn Journal) -> Result<R, Error>,
    ) -> Result<R, Error> {
        self.store.blocking(|j| f(j))
    }

    /// Runs `f` without blocking the runtime.
    pub(crate) async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Journal) -> Result<R, Error> + Send + 'static,
    ) -> Result<R, Error> {
        self.store.run(move |j| f(j)).await
    }
}
