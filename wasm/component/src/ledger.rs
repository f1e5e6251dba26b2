//! The host ledger: pacer-sdk-core's quota engine deciding over the host's `meter-store`, one
//! begin/end bracket per engine operation so that each reservation is atomic across instances.

use pacer_sdk_core::quota::engine::{
    self, Correction, Decision, MeterStore, Reservation, WindowUsage,
};
use pacer_sdk_core::quota::{Ledger, LedgerExport, MeterPlan};
use pacer_sdk_core::{Error, Result, Timestamp};

use crate::bindings::pacer::sdk::meter_store as host;

fn failed(what: &str, message: String) -> Error {
    // Same code as the native SQLite and Redis ledgers: the store, not the request, failed.
    Error::transport(
        "ledger_failed",
        format!("host meter-store {what}: {message}"),
    )
}

fn at(t: i64) -> Timestamp {
    Timestamp::from_millis(t)
}

/// `MeterStore` over the imported interface; only used between `begin` and `end`.
struct HostStore;

impl MeterStore for HostStore {
    fn log_since(&mut self, key: &str, since: Timestamp, newest: u64) -> Result<Vec<Timestamp>> {
        host::log_since(key, since.as_millis(), newest)
            .map(|v| v.into_iter().map(at).collect())
            .map_err(|m| failed("log-since", m))
    }

    fn count(&mut self, key: &str, period_start: Timestamp) -> Result<u64> {
        host::count(key, period_start.as_millis()).map_err(|m| failed("count", m))
    }

    fn blocked_until(&mut self, key: &str) -> Result<Option<Timestamp>> {
        host::blocked_until(key)
            .map(|v| v.map(at))
            .map_err(|m| failed("blocked-until", m))
    }

    fn push(&mut self, key: &str, at: Timestamp, id: u64, keep_until: Timestamp) -> Result<()> {
        host::push(key, at.as_millis(), id, keep_until.as_millis()).map_err(|m| failed("push", m))
    }

    fn remove(&mut self, key: &str, id: u64) -> Result<()> {
        host::remove(key, id).map_err(|m| failed("remove", m))
    }

    fn add(
        &mut self,
        key: &str,
        period_start: Timestamp,
        delta: i64,
        keep_until: Timestamp,
    ) -> Result<()> {
        host::add(key, period_start.as_millis(), delta, keep_until.as_millis())
            .map_err(|m| failed("add", m))
    }

    fn block(&mut self, key: &str, until: Timestamp) -> Result<()> {
        host::block(key, until.as_millis()).map_err(|m| failed("block", m))
    }

    fn next_id(&mut self) -> Result<u64> {
        host::next_id().map_err(|m| failed("next-id", m))
    }
}

/// Runs one engine operation inside the host's begin/end bracket; commits only on success.
fn atomically<T>(op: impl FnOnce(&mut HostStore) -> Result<T>) -> Result<T> {
    host::begin().map_err(|m| failed("begin", m))?;
    let out = op(&mut HostStore);
    let end = host::end(out.is_ok()).map_err(|m| failed("end", m));
    let value = out?;
    end?;
    Ok(value)
}

/// Quota state in the host's store, shared by every instance pointed at it.
pub struct HostLedger;

impl Ledger for HostLedger {
    fn reserve(&mut self, plan: &MeterPlan, now: Timestamp) -> Result<Decision> {
        atomically(|s| engine::try_reserve(s, plan, now))
    }

    fn refund(&mut self, reservation: &Reservation) -> Result<()> {
        atomically(|s| engine::refund(s, reservation))
    }

    fn correct(&mut self, plan: &MeterPlan, correction: &Correction, now: Timestamp) -> Result<()> {
        atomically(|s| engine::correct(s, plan, correction, now))
    }

    fn usage(&mut self, plan: &MeterPlan, now: Timestamp) -> Result<Vec<WindowUsage>> {
        atomically(|s| engine::usage(s, plan, now))
    }

    fn export(&mut self, plans: &[MeterPlan], now: Timestamp) -> Result<LedgerExport> {
        atomically(|s| LedgerExport::read_from(s, plans, now))
    }

    fn describe(&self) -> String {
        "host meter-store".into()
    }
}
