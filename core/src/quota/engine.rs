//! The decision logic, written once over a small storage interface so that the memory,
//! SQLite and Redis ledgers all decide exactly alike.

use serde::{Deserialize, Serialize};

use super::policy::{Meter, MeterPlan, MeterRule};
use crate::error::Result;
use crate::time::Timestamp;

/// Storage primitives a ledger offers the engine. Implementations run a whole engine call
/// inside one transaction (SQLite) or one script (Redis), so a reservation is atomic.
pub trait MeterStore {
    /// Timestamps of the newest `newest` entries of log `key` at or after `since`, ascending.
    /// A decision never needs more than a window's limit of entries, so stores can stop there.
    fn log_since(&mut self, key: &str, since: Timestamp, newest: u64) -> Result<Vec<Timestamp>>;
    /// The count of calendar meter `key` in the period starting at `period_start`.
    fn count(&mut self, key: &str, period_start: Timestamp) -> Result<u64>;
    /// Until when the server told us to stay away from `key`, if it did.
    fn blocked_until(&mut self, key: &str) -> Result<Option<Timestamp>>;
    /// Appends entry `id` at `at` to log `key`; it may be forgotten after `keep_until`.
    fn push(&mut self, key: &str, at: Timestamp, id: u64, keep_until: Timestamp) -> Result<()>;
    /// Removes entry `id` from log `key` (no-op when absent).
    fn remove(&mut self, key: &str, id: u64) -> Result<()>;
    /// Adds `delta` to counter `key` for the period starting at `period_start` (never below 0);
    /// the counter may be forgotten after the later of its old and new `keep_until`.
    fn add(
        &mut self,
        key: &str,
        period_start: Timestamp,
        delta: i64,
        keep_until: Timestamp,
    ) -> Result<()>;
    /// Records that nothing may use `key` before `until` (keeps the later of two blocks).
    fn block(&mut self, key: &str, until: Timestamp) -> Result<()>;
    /// A fresh reservation id, unique within this store.
    fn next_id(&mut self) -> Result<u64>;
}

/// Proof of a granted reservation; hand it back to refund a request that never left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reservation {
    /// Unique id of the entries written.
    pub id: u64,
    /// When it was granted.
    pub at: Timestamp,
    /// Log keys the reservation appended to.
    pub logs: Vec<String>,
    /// Counter keys and the period start each was counted in.
    pub counts: Vec<(String, Timestamp)>,
}

/// Why a request has to wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitReason {
    /// A rate window is full.
    Rate,
    /// A calendar window is spent and the slower overage pace applies.
    Overage,
    /// The server answered 429; we stay away until its Retry-After.
    ServerBlock,
}

/// The engine's answer to a reservation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Every window had room; the request is counted in all of them.
    Granted(Reservation),
    /// Nothing was counted; ask again at `until`.
    Wait {
        /// Earliest instant at which every window can have room.
        until: Timestamp,
        /// The window that forces the longest wait.
        window: String,
        /// Its scope.
        scope: String,
        /// Why.
        reason: WaitReason,
    },
    /// A calendar window without overage is spent; nothing was counted.
    Exhausted {
        /// The spent window.
        window: String,
        /// Its scope.
        scope: String,
        /// When it resets.
        resets_at: Timestamp,
    },
}

/// What the server said about its budget, to correct local state (the server is right).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Correction {
    /// A 429: nothing of this kind may be sent before `until`.
    Blocked {
        /// From Retry-After (at most what the policy can justify), or a backoff when the
        /// server gave none.
        until: Timestamp,
        /// What the server asked for, when it was longer than the policy can justify and
        /// `until` is the cap (for the driver to report).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        asked: Option<Timestamp>,
    },
    /// A header such as `X-RateLimit-Remaining` said `remaining` requests are left in `window`.
    Remaining {
        /// Window id named by the policy's `server.remaining_window`.
        window: String,
        /// Requests the server still allows.
        remaining: u64,
    },
}

/// One window's state for status displays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowUsage {
    /// Window id.
    pub window: String,
    /// Scope description.
    pub scope: String,
    /// `rate`, `daily` or `monthly`.
    pub kind: String,
    /// Requests counted in the current period (rate: in the last interval).
    pub used: u64,
    /// The limit.
    pub limit: u64,
    /// Requests left before the limit (0 when spent or in overage).
    pub remaining: u64,
    /// When the period resets (rate: when the oldest counted request leaves the window).
    pub resets_at: Option<Timestamp>,
    /// Overage pace per overage period, for calendar windows that have one.
    pub overage_limit: Option<u64>,
    /// Whether the window is spent and running at the overage pace.
    pub in_overage: bool,
    /// Server block in force, if any.
    pub blocked_until: Option<Timestamp>,
    /// Whether this window is the one that limits the next request.
    pub binding: bool,
}

enum Verdict {
    Ok,
    Wait(Timestamp, WaitReason),
    Exhausted(Timestamp),
}

/// How far short of a calendar reset a server block may end and still mean "spent until the
/// reset" (Retry-After counts whole seconds).
const BLOCK_RESET_TOLERANCE_MS: i64 = 1_000;

/// Checks every meter of `plan` without writing anything.
fn check<S: MeterStore + ?Sized>(
    store: &mut S,
    plan: &MeterPlan,
    now: Timestamp,
) -> Result<Vec<Verdict>> {
    let mut verdicts = Vec::with_capacity(plan.meters.len());
    for meter in &plan.meters {
        let mut verdict = match &meter.rule {
            MeterRule::Log { limit: None, .. } => Verdict::Ok,
            MeterRule::Log {
                limit: Some(limit),
                period_ms,
            } => {
                let entries = store.log_since(&meter.key, now.add_millis(-period_ms), *limit)?;
                match first_free_slot(&entries, *limit, *period_ms) {
                    None => Verdict::Ok,
                    Some(at) => Verdict::Wait(at, WaitReason::Rate),
                }
            }
            MeterRule::Count {
                limit,
                calendar,
                overage,
            } => {
                let start = calendar.period_start(now);
                if store.count(&meter.key, start)? < *limit {
                    Verdict::Ok
                } else if let Some((pace, log_idx)) = overage {
                    let log_key = &plan.meters[*log_idx].key;
                    let entries =
                        store.log_since(log_key, now.add_millis(-pace.period_ms), pace.limit)?;
                    match first_free_slot(&entries, pace.limit, pace.period_ms) {
                        None => Verdict::Ok,
                        // The reset ends the overage: never wait past it.
                        Some(at) => {
                            Verdict::Wait(at.min(calendar.next_start(now)), WaitReason::Overage)
                        }
                    }
                } else {
                    Verdict::Exhausted(calendar.next_start(now))
                }
            }
        };
        if let Some(until) = store.blocked_until(&meter.key)?
            && until > now
            // A block longer than the window could ever justify was stored by an older
            // version or by hand; it is ignored rather than obeyed (`pacer quota unblock`
            // clears it).
            && until <= block_bound(meter, now).add_millis(BLOCK_RESET_TOLERANCE_MS)
        {
            // A block that lasts until this calendar window resets (Retry-After is in whole
            // seconds) says the server counts the window spent: that is exhaustion, not a wait.
            // Unless a rate window explains it: a minute's 429 just before midnight also
            // reaches the reset, and it is a wait.
            let reset = match &meter.rule {
                MeterRule::Count { calendar, .. } => Some(calendar.next_start(now)),
                MeterRule::Log { .. } => None,
            }
            .filter(|reset| until.add_millis(BLOCK_RESET_TOLERANCE_MS) >= *reset)
            .filter(|_| until.since(now).as_millis() > u128::from(longest_rate_ms(plan)));
            verdict = match (verdict, reset) {
                (Verdict::Exhausted(at), _) => Verdict::Exhausted(at),
                (_, Some(reset)) => Verdict::Exhausted(reset),
                (Verdict::Wait(at, reason), None) if at >= until => Verdict::Wait(at, reason),
                _ => Verdict::Wait(until, WaitReason::ServerBlock),
            };
        }
        verdicts.push(verdict);
    }
    Ok(verdicts)
}

/// The meters a 429 blocks: the windows aimed at this kind of request, or, when the policy has
/// none (one shared window, as on Synq and Salync), the shared ones; never an overage pace.
fn blockable(plan: &MeterPlan) -> impl Iterator<Item = &Meter> {
    let any_specific = plan.meters.iter().any(|m| m.specific);
    plan.meters.iter().filter(move |m| {
        let is_overage_log = matches!(m.rule, MeterRule::Log { limit: None, .. });
        !is_overage_log && (m.specific || !any_specific)
    })
}

/// The latest instant a server block of `meter` can justify at `now`: a rolling window's
/// length, or the calendar window's next reset.
pub fn block_bound(meter: &Meter, now: Timestamp) -> Timestamp {
    match &meter.rule {
        MeterRule::Log { period_ms, .. } => now.add_millis(*period_ms),
        MeterRule::Count { calendar, .. } => calendar.next_start(now),
    }
}

/// The latest instant a 429 on a request of `plan` can justify at `now` (the longest of its
/// blockable windows), or `None` when the plan has no window to block.
pub fn plan_block_bound(plan: &MeterPlan, now: Timestamp) -> Option<Timestamp> {
    blockable(plan).map(|m| block_bound(m, now)).max()
}

/// The shortest rate window a 429 on a request of `plan` can be about, in milliseconds:
/// without Retry-After, the server's window is taken as full for this long.
pub fn shortest_blockable_rate_ms(plan: &MeterPlan) -> Option<i64> {
    blockable(plan)
        .filter_map(|m| match &m.rule {
            MeterRule::Log {
                limit: Some(_),
                period_ms,
            } => Some(*period_ms),
            _ => None,
        })
        .min()
}

/// The longest period of the plan's rate windows, in milliseconds (0 when it has none).
pub fn longest_rate_ms(plan: &MeterPlan) -> u64 {
    plan.meters
        .iter()
        .filter_map(|m| match &m.rule {
            MeterRule::Log {
                limit: Some(_),
                period_ms,
            } => u64::try_from(*period_ms).ok(),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

/// For a log holding `entries` (ascending, all inside the current interval), the earliest
/// instant at which one more entry keeps every closed interval of `period_ms` at `limit` or
/// fewer; `None` when there is room now.
fn first_free_slot(entries: &[Timestamp], limit: u64, period_ms: i64) -> Option<Timestamp> {
    let n = entries.len();
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if n < limit {
        return None;
    }
    // The (n - limit)-th entry must leave the closed interval [t - period, t].
    Some(entries[n - limit].add_millis(period_ms + 1))
}

fn summarize(plan: &MeterPlan, verdicts: &[Verdict]) -> Option<Decision> {
    let mut exhausted: Option<(usize, Timestamp)> = None;
    let mut wait: Option<(usize, Timestamp, WaitReason)> = None;
    for (i, v) in verdicts.iter().enumerate() {
        match v {
            Verdict::Ok => {}
            Verdict::Exhausted(at) => {
                if exhausted.is_none_or(|(_, best)| *at > best) {
                    exhausted = Some((i, *at));
                }
            }
            Verdict::Wait(at, reason) => {
                if wait.is_none_or(|(_, best, _)| *at > best) {
                    wait = Some((i, *at, *reason));
                }
            }
        }
    }
    if let Some((i, resets_at)) = exhausted {
        let m = &plan.meters[i];
        return Some(Decision::Exhausted {
            window: m.window.clone(),
            scope: m.scope.clone(),
            resets_at,
        });
    }
    wait.map(|(i, until, reason)| {
        let m = &plan.meters[i];
        Decision::Wait {
            until,
            window: m.window.clone(),
            scope: m.scope.clone(),
            reason,
        }
    })
}

/// Reserves one request in every meter of `plan`, or in none (the caller runs this inside
/// one transaction of its store).
pub fn try_reserve<S: MeterStore + ?Sized>(
    store: &mut S,
    plan: &MeterPlan,
    now: Timestamp,
) -> Result<Decision> {
    let verdicts = check(store, plan, now)?;
    if let Some(refusal) = summarize(plan, &verdicts) {
        return Ok(refusal);
    }
    let id = store.next_id()?;
    let mut reservation = Reservation {
        id,
        at: now,
        logs: Vec::new(),
        counts: Vec::new(),
    };
    for meter in &plan.meters {
        match &meter.rule {
            MeterRule::Log { period_ms, .. } => {
                store.push(&meter.key, now, id, now.add_millis(period_ms + 1))?;
                reservation.logs.push(meter.key.clone());
            }
            MeterRule::Count { calendar, .. } => {
                let start = calendar.period_start(now);
                store.add(&meter.key, start, 1, calendar.next_start(now))?;
                reservation.counts.push((meter.key.clone(), start));
            }
        }
    }
    Ok(Decision::Granted(reservation))
}

/// Gives back a reservation whose request provably never reached the server.
pub fn refund<S: MeterStore + ?Sized>(store: &mut S, reservation: &Reservation) -> Result<()> {
    for key in &reservation.logs {
        store.remove(key, reservation.id)?;
    }
    for (key, start) in &reservation.counts {
        store.add(key, *start, -1, *start)?;
    }
    Ok(())
}

/// Applies what the server said about its budget for a request that used `plan`.
pub fn correct<S: MeterStore + ?Sized>(
    store: &mut S,
    plan: &MeterPlan,
    correction: &Correction,
    now: Timestamp,
) -> Result<()> {
    match correction {
        Correction::Blocked { until, .. } => {
            for m in blockable(plan) {
                // Never longer than this window can justify (a Retry-After of 31 years would
                // otherwise poison a shared ledger for every process until then).
                store.block(&m.key, (*until).min(block_bound(m, now)))?;
            }
        }
        Correction::Remaining { window, remaining } => {
            for m in plan.meters.iter().filter(|m| &m.window == window) {
                match &m.rule {
                    MeterRule::Log {
                        limit: Some(limit),
                        period_ms,
                    } => {
                        let used = store
                            .log_since(&m.key, now.add_millis(-period_ms), *limit)?
                            .len() as u64;
                        let local_left = limit.saturating_sub(used);
                        // Phantom entries (id 0) make local state as strict as the server's;
                        // they expire with the window, which is conservative.
                        for _ in 0..local_left.saturating_sub(*remaining) {
                            store.push(&m.key, now, 0, now.add_millis(period_ms + 1))?;
                        }
                    }
                    MeterRule::Count {
                        limit, calendar, ..
                    } => {
                        let start = calendar.period_start(now);
                        let used = store.count(&m.key, start)?;
                        let local_left = limit.saturating_sub(used);
                        let extra = local_left.saturating_sub(*remaining);
                        if extra > 0 {
                            store.add(&m.key, start, extra as i64, calendar.next_start(now))?;
                        }
                    }
                    MeterRule::Log { limit: None, .. } => {}
                }
            }
        }
    }
    Ok(())
}

/// The state of every window in `plan`, with the binding one marked.
pub fn usage<S: MeterStore + ?Sized>(
    store: &mut S,
    plan: &MeterPlan,
    now: Timestamp,
) -> Result<Vec<WindowUsage>> {
    let mut rows: Vec<WindowUsage> = Vec::new();
    for m in &plan.meters {
        let blocked_until = store.blocked_until(&m.key)?.filter(|t| *t > now);
        let row = match &m.rule {
            MeterRule::Log { limit: None, .. } => continue,
            MeterRule::Log {
                limit: Some(limit),
                period_ms,
            } => {
                let entries = store.log_since(&m.key, now.add_millis(-period_ms), *limit)?;
                WindowUsage {
                    window: m.window.clone(),
                    scope: m.scope.clone(),
                    kind: "rate".into(),
                    used: entries.len() as u64,
                    limit: *limit,
                    remaining: limit.saturating_sub(entries.len() as u64),
                    resets_at: entries.first().map(|t| t.add_millis(period_ms + 1)),
                    overage_limit: None,
                    in_overage: false,
                    blocked_until,
                    binding: false,
                }
            }
            MeterRule::Count {
                limit,
                calendar,
                overage,
            } => {
                let used = store.count(&m.key, calendar.period_start(now))?;
                WindowUsage {
                    window: m.window.clone(),
                    scope: m.scope.clone(),
                    kind: match calendar.period {
                        super::calendar::CalendarPeriod::Day => "daily".into(),
                        super::calendar::CalendarPeriod::Month => "monthly".into(),
                    },
                    used,
                    limit: *limit,
                    remaining: limit.saturating_sub(used),
                    resets_at: Some(calendar.next_start(now)),
                    overage_limit: overage.map(|(o, _)| o.limit),
                    in_overage: overage.is_some() && used >= *limit,
                    blocked_until,
                    binding: false,
                }
            }
        };
        // Several zone readings of one window collapse into the strictest row.
        if let Some(prev) = rows.iter_mut().find(|r| r.window == row.window) {
            if row.used > prev.used || (row.used == prev.used && row.resets_at > prev.resets_at) {
                *prev = WindowUsage {
                    blocked_until: prev.blocked_until.max(row.blocked_until),
                    ..row
                };
            }
        } else {
            rows.push(row);
        }
    }
    let verdicts = check(store, plan, now)?;
    let binding = match summarize(plan, &verdicts) {
        Some(Decision::Wait { window, .. }) | Some(Decision::Exhausted { window, .. }) => {
            Some(window)
        }
        _ => rows
            .iter()
            .min_by(|a, b| {
                // Smallest fraction left binds first; compare a.rem/a.lim with b.rem/b.lim exactly.
                (a.remaining as u128 * b.limit as u128)
                    .cmp(&(b.remaining as u128 * a.limit as u128))
            })
            .map(|r| r.window.clone()),
    };
    for r in &mut rows {
        r.binding = Some(&r.window) == binding.as_ref();
    }
    Ok(rows)
}
