//! A host-provided `meter-store`: pacer-sdk-core's `MemoryLedger` storage behind a lock that one
//! instance holds from `begin` to `end`, so reservations from several instances (on several
//! threads) are atomic and share one budget. The component decides; the host only stores.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use pacer_sdk_core::Timestamp;
use pacer_sdk_core::quota::{MemoryLedger, MeterStore};

use crate::HostState;
use crate::pacer::sdk::meter_store::Host;

struct Inner {
    /// Whether an instance is between `begin` and `end`.
    held: bool,
    ledger: MemoryLedger,
    /// The state at `begin`, restored when the operation ends without committing.
    snapshot: Option<MemoryLedger>,
    /// Engine operations committed, for tests and diagnostics.
    operations: u64,
}

/// Quota state shared by every instance given a clone of it.
#[derive(Clone)]
pub struct SharedStore {
    inner: Arc<(Mutex<Inner>, Condvar)>,
}

impl Default for SharedStore {
    fn default() -> Self {
        SharedStore {
            inner: Arc::new((
                Mutex::new(Inner {
                    held: false,
                    ledger: MemoryLedger::new(),
                    snapshot: None,
                    operations: 0,
                }),
                Condvar::new(),
            )),
        }
    }
}

impl std::fmt::Debug for SharedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedStore")
            .field("operations", &self.operations())
            .finish()
    }
}

impl SharedStore {
    /// An empty store.
    pub fn new() -> Self {
        SharedStore::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Engine operations committed so far.
    pub fn operations(&self) -> u64 {
        self.lock().operations
    }

    fn acquire(&self) {
        let mut inner = self.lock();
        while inner.held {
            inner = self.inner.1.wait(inner).unwrap_or_else(|p| p.into_inner());
        }
        inner.held = true;
        inner.snapshot = Some(inner.ledger.clone());
    }

    /// Ends the current operation, keeping its writes or rolling them back; also called for an
    /// instance that trapped holding the store, so the others are not kept waiting.
    pub(crate) fn release(&self, commit: bool) {
        let mut inner = self.lock();
        let snapshot = inner.snapshot.take();
        if commit {
            inner.operations += 1;
        } else if let Some(before) = snapshot {
            inner.ledger = before;
        }
        inner.held = false;
        drop(inner);
        self.inner.1.notify_one();
    }
}

impl HostState {
    /// The store, when this instance holds it.
    fn held(&mut self) -> Result<MutexGuard<'_, Inner>, String> {
        match &self.store {
            None => Err(
                "this host provides no meter-store; open the client with the memory ledger".into(),
            ),
            Some(_) if !self.holding => Err("meter-store used outside begin/end".into()),
            Some(store) => Ok(store.lock()),
        }
    }
}

fn ms(t: i64) -> Timestamp {
    Timestamp::from_millis(t)
}

fn text(e: pacer_sdk_core::Error) -> String {
    e.to_string()
}

impl Host for HostState {
    fn begin(&mut self) -> Result<(), String> {
        let Some(store) = self.store.clone() else {
            return Err(
                "this host provides no meter-store; open the client with the memory ledger".into(),
            );
        };
        if self.holding {
            return Err("begin called twice without end".into());
        }
        store.acquire();
        self.holding = true;
        Ok(())
    }

    fn end(&mut self, commit: bool) -> Result<(), String> {
        match (&self.store, self.holding) {
            (Some(store), true) => {
                store.release(commit);
                self.holding = false;
                Ok(())
            }
            _ => Err("end called without begin".into()),
        }
    }

    fn log_since(&mut self, key: String, since: i64, newest: u64) -> Result<Vec<i64>, String> {
        let mut s = self.held()?;
        let entries = s.ledger.log_since(&key, ms(since), newest).map_err(text)?;
        Ok(entries.into_iter().map(Timestamp::as_millis).collect())
    }

    fn count(&mut self, key: String, period_start: i64) -> Result<u64, String> {
        self.held()?
            .ledger
            .count(&key, ms(period_start))
            .map_err(text)
    }

    fn blocked_until(&mut self, key: String) -> Result<Option<i64>, String> {
        let until = self.held()?.ledger.blocked_until(&key).map_err(text)?;
        Ok(until.map(Timestamp::as_millis))
    }

    fn push(&mut self, key: String, at: i64, id: u64, keep_until: i64) -> Result<(), String> {
        self.held()?
            .ledger
            .push(&key, ms(at), id, ms(keep_until))
            .map_err(text)
    }

    fn remove(&mut self, key: String, id: u64) -> Result<(), String> {
        self.held()?.ledger.remove(&key, id).map_err(text)
    }

    fn add(
        &mut self,
        key: String,
        period_start: i64,
        delta: i64,
        keep_until: i64,
    ) -> Result<(), String> {
        self.held()?
            .ledger
            .add(&key, ms(period_start), delta, ms(keep_until))
            .map_err(text)
    }

    fn block(&mut self, key: String, until: i64) -> Result<(), String> {
        self.held()?.ledger.block(&key, ms(until)).map_err(text)
    }

    fn next_id(&mut self) -> Result<u64, String> {
        self.held()?.ledger.next_id().map_err(text)
    }
}
