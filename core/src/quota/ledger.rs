//! The ledger interface drivers use, and the in-memory ledger (one process).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::engine::{self, Correction, Decision, MeterStore, Reservation, WindowUsage};
use super::policy::{MeterPlan, MeterRule};
use crate::error::Result;
use crate::time::Timestamp;

/// Where quota state lives. Every method is atomic with respect to other users of the same
/// ledger (other threads, processes or hosts, depending on the implementation).
pub trait Ledger: Send {
    /// Reserves one request in every meter of `plan`, or in none.
    fn reserve(&mut self, plan: &MeterPlan, now: Timestamp) -> Result<Decision>;
    /// Returns a reservation whose request provably never reached the server.
    fn refund(&mut self, reservation: &Reservation) -> Result<()>;
    /// Applies what the server reported (429, remaining-requests headers).
    fn correct(&mut self, plan: &MeterPlan, correction: &Correction, now: Timestamp) -> Result<()>;
    /// The state of every window in `plan`.
    fn usage(&mut self, plan: &MeterPlan, now: Timestamp) -> Result<Vec<WindowUsage>>;
    /// A copy of the state behind `plans`, for forecasting without touching the real ledger.
    fn export(&mut self, plans: &[MeterPlan], now: Timestamp) -> Result<LedgerExport>;
    /// A short description for logs (`memory`, `sqlite:/path`, `redis://host`), without secrets.
    fn describe(&self) -> String;
    /// Clears the server blocks on `plan`'s meters (`pacer quota unblock`); returns how many
    /// were cleared. Stores that cannot say so refuse.
    fn unblock(&mut self, plan: &MeterPlan) -> Result<usize> {
        let _ = plan;
        Err(crate::Error::transport(
            "ledger_failed",
            format!("the {} ledger cannot clear server blocks", self.describe()),
        ))
    }
}

/// Rows of (instant, number, keep until): log entries (timestamp, id) or counters (period start, count).
pub type Stamped = Vec<(Timestamp, u64, Timestamp)>;

/// A portable copy of ledger state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerExport {
    /// Log entries per key: (timestamp, id, keep until).
    pub logs: Vec<(String, Stamped)>,
    /// Counters per key: (period start, count, keep until).
    pub counts: Vec<(String, Stamped)>,
    /// Server blocks per key.
    pub blocks: Vec<(String, Timestamp)>,
}

impl LedgerExport {
    /// Reads the state of `plans`' keys out of any store.
    pub fn read_from<S: MeterStore + ?Sized>(
        store: &mut S,
        plans: &[MeterPlan],
        now: Timestamp,
    ) -> Result<Self> {
        let mut out = LedgerExport::default();
        let mut seen = std::collections::HashSet::new();
        for meter in plans.iter().flat_map(|p| p.meters.iter()) {
            if !seen.insert(meter.key.clone()) {
                continue;
            }
            if let Some(until) = store.blocked_until(&meter.key)? {
                out.blocks.push((meter.key.clone(), until));
            }
            match &meter.rule {
                MeterRule::Log { period_ms, .. } => {
                    let keep = *period_ms + 1;
                    let entries = store
                        .log_since(&meter.key, now.add_millis(-period_ms), u64::MAX)?
                        .into_iter()
                        .map(|t| (t, 0, t.add_millis(keep)))
                        .collect();
                    out.logs.push((meter.key.clone(), entries));
                }
                MeterRule::Count { calendar, .. } => {
                    let start = calendar.period_start(now);
                    let n = store.count(&meter.key, start)?;
                    out.counts.push((
                        meter.key.clone(),
                        vec![(start, n, calendar.next_start(now))],
                    ));
                }
            }
        }
        Ok(out)
    }
}

/// FNV-1a: ledger keys are short strings chosen by the policy, not by attackers, so a fast
/// non-cryptographic hash is safe and several times cheaper than SipHash.
#[derive(Default, Clone, Copy)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type KeyMap<V> = HashMap<String, V, std::hash::BuildHasherDefault<Fnv>>;

/// Quota state in this process's memory: fast, and lost when the process exits.
#[derive(Clone, Debug, Default)]
pub struct MemoryLedger {
    logs: KeyMap<Stamped>,
    counts: KeyMap<Stamped>,
    blocks: KeyMap<Timestamp>,
    next_id: u64,
}

impl MemoryLedger {
    /// An empty ledger.
    pub fn new() -> Self {
        MemoryLedger::default()
    }

    /// A ledger holding a copy of `export`.
    pub fn from_export(export: &LedgerExport) -> Self {
        let mut ledger = MemoryLedger::new();
        for (key, entries) in &export.logs {
            let mut entries = entries.clone();
            entries.sort();
            ledger.logs.insert(key.clone(), entries);
        }
        for (key, counts) in &export.counts {
            ledger.counts.insert(key.clone(), counts.clone());
        }
        for (key, until) in &export.blocks {
            ledger.blocks.insert(key.clone(), *until);
        }
        ledger.next_id = export
            .logs
            .iter()
            .flat_map(|(_, e)| e.iter().map(|(_, id, _)| *id))
            .max()
            .unwrap_or(0);
        ledger
    }
}

/// The entry for `key`, allocating the key only when it is new (the hot path never does).
fn slot<'a, V: Default>(map: &'a mut KeyMap<V>, key: &str) -> &'a mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key).expect("just inserted")
}

impl MeterStore for MemoryLedger {
    fn log_since(&mut self, key: &str, since: Timestamp, newest: u64) -> Result<Vec<Timestamp>> {
        Ok(match self.logs.get(key) {
            Some(entries) => {
                let from = entries.partition_point(|(t, _, _)| *t < since);
                let keep = usize::try_from(newest).unwrap_or(usize::MAX);
                let from = from.max(entries.len().saturating_sub(keep));
                entries[from..].iter().map(|(t, _, _)| *t).collect()
            }
            None => Vec::new(),
        })
    }

    fn count(&mut self, key: &str, period_start: Timestamp) -> Result<u64> {
        Ok(self
            .counts
            .get(key)
            .and_then(|c| c.iter().find(|(s, _, _)| *s == period_start))
            .map_or(0, |(_, n, _)| *n))
    }

    fn blocked_until(&mut self, key: &str) -> Result<Option<Timestamp>> {
        Ok(self.blocks.get(key).copied())
    }

    fn push(&mut self, key: &str, at: Timestamp, id: u64, keep_until: Timestamp) -> Result<()> {
        let entries = slot(&mut self.logs, key);
        // Forget entries that no window can see any more.
        // Entries of one key share one period, so `keep` ascends with time.
        let expired = entries.partition_point(|(_, _, keep)| *keep < at);
        entries.drain(..expired);
        let pos = entries.partition_point(|(t, _, _)| *t <= at);
        entries.insert(pos, (at, id, keep_until));
        Ok(())
    }

    fn remove(&mut self, key: &str, id: u64) -> Result<()> {
        if let Some(entries) = self.logs.get_mut(key)
            && let Some(pos) = entries.iter().position(|(_, e, _)| *e == id)
        {
            entries.remove(pos);
        }
        Ok(())
    }

    fn add(
        &mut self,
        key: &str,
        period_start: Timestamp,
        delta: i64,
        keep_until: Timestamp,
    ) -> Result<()> {
        let counters = slot(&mut self.counts, key);
        match counters.iter_mut().find(|(s, _, _)| *s == period_start) {
            Some((_, n, keep)) => {
                *n = n.saturating_add_signed(delta);
                *keep = (*keep).max(keep_until);
            }
            None if delta > 0 => {
                // A new period: older periods are no longer needed except for late refunds.
                counters.retain(|(_, _, keep)| *keep >= period_start);
                counters.push((period_start, delta as u64, keep_until));
            }
            None => {}
        }
        Ok(())
    }

    fn block(&mut self, key: &str, until: Timestamp) -> Result<()> {
        let slot = self.blocks.entry(key.to_string()).or_insert(until);
        *slot = (*slot).max(until);
        Ok(())
    }

    fn next_id(&mut self) -> Result<u64> {
        self.next_id += 1;
        Ok(self.next_id)
    }
}

impl Ledger for MemoryLedger {
    fn reserve(&mut self, plan: &MeterPlan, now: Timestamp) -> Result<Decision> {
        engine::try_reserve(self, plan, now)
    }

    fn refund(&mut self, reservation: &Reservation) -> Result<()> {
        engine::refund(self, reservation)
    }

    fn correct(&mut self, plan: &MeterPlan, correction: &Correction, now: Timestamp) -> Result<()> {
        engine::correct(self, plan, correction, now)
    }

    fn usage(&mut self, plan: &MeterPlan, now: Timestamp) -> Result<Vec<WindowUsage>> {
        engine::usage(self, plan, now)
    }

    fn export(&mut self, plans: &[MeterPlan], now: Timestamp) -> Result<LedgerExport> {
        LedgerExport::read_from(self, plans, now)
    }

    fn describe(&self) -> String {
        "memory".into()
    }

    fn unblock(&mut self, plan: &MeterPlan) -> Result<usize> {
        Ok(plan
            .meters
            .iter()
            .filter(|m| self.blocks.remove(&m.key).is_some())
            .count())
    }
}
