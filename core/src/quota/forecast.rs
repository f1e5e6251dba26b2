//! Forecasts: when will a workload finish, and which window binds. The forecast runs the
//! same engine the drivers use, on a copy of the ledger, so it schedules exactly as they will.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::engine::Decision;
use super::ledger::{Ledger, LedgerExport, MemoryLedger};
use super::policy::{Policy, RequestKind, Scopes};
use crate::error::{Error, Result};
use crate::time::{DAY_MS, Timestamp};

/// How the forecast treats a spent calendar window without overage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastOptions {
    /// Wait for the reset (true) or stop the stream there (false, the drivers' default).
    pub wait_for_reset: bool,
    /// Give up simulating beyond this many days.
    pub horizon_days: u32,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        ForecastOptions {
            wait_for_reset: false,
            horizon_days: 400,
        }
    }
}

/// The schedule of one kind of request within the workload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindForecast {
    /// The request kind, e.g. `orders.GET`.
    pub kind: RequestKind,
    /// Requests asked for.
    pub requested: u64,
    /// Requests the schedule could place.
    pub scheduled: u64,
    /// When the first one can be sent.
    pub first_at: Option<Timestamp>,
    /// When the last one can be sent.
    pub last_at: Option<Timestamp>,
}

/// A stream stopped by a spent window without overage (e.g. Syncore's monthly cap).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocked {
    /// The kind that stopped.
    pub kind: RequestKind,
    /// The spent window.
    pub window: String,
    /// When it resets.
    pub resets_at: Timestamp,
}

/// The answer of a forecast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// When the workload starts.
    pub start: Timestamp,
    /// When the last request can be sent; `None` when a stream is blocked.
    pub finish: Option<Timestamp>,
    /// Per kind.
    pub kinds: Vec<KindForecast>,
    /// The window responsible for the most waiting (or the one that blocked).
    pub binding_window: Option<String>,
    /// Waiting attributed to each window, in seconds, summed over streams.
    pub wait_seconds: BTreeMap<String, f64>,
    /// Streams stopped by a spent window.
    pub blocked: Vec<Blocked>,
}

impl Forecast {
    /// Duration from start to finish, when the workload completes.
    pub fn duration(&self) -> Option<Duration> {
        self.finish.map(|f| f.since(self.start))
    }
}

/// Simulates `workload` (request kinds and counts) from `start` against a copy of `ledger`.
/// Each kind is a stream that sends its next request as soon as the engine allows; streams
/// run side by side and share every window they have in common.
pub fn forecast(
    policy: &Policy,
    scopes: &Scopes,
    mut ledger: MemoryLedger,
    workload: &[(RequestKind, u64)],
    start: Timestamp,
    options: ForecastOptions,
) -> Result<Forecast> {
    let plans: Vec<_> = workload
        .iter()
        .map(|(k, _)| policy.plan(k, scopes))
        .collect();
    if let Some((kind, _)) = workload
        .iter()
        .zip(&plans)
        .find(|(_, p)| p.meters.is_empty())
    {
        return Err(Error::config(
            "unknown_request_kind",
            format!(
                "no quota window of {} applies to {}",
                policy.provider, kind.0
            ),
        ));
    }
    let horizon = start.add_millis(DAY_MS * i64::from(options.horizon_days));
    let mut ready: Vec<Timestamp> = vec![start; workload.len()];
    let mut left: Vec<u64> = workload.iter().map(|(_, n)| *n).collect();
    let mut kinds: Vec<KindForecast> = workload
        .iter()
        .map(|(k, n)| KindForecast {
            kind: k.clone(),
            requested: *n,
            scheduled: 0,
            first_at: None,
            last_at: None,
        })
        .collect();
    let mut stopped = vec![false; workload.len()];
    let mut waits: BTreeMap<String, i64> = BTreeMap::new();
    let mut blocked = Vec::new();
    let mut last_served = usize::MAX;

    loop {
        // The stream that can go first; ties rotate so streams share fairly.
        let n = workload.len();
        let pick = (1..=n)
            .map(|off| (last_served.wrapping_add(off)) % n)
            .filter(|&i| left[i] > 0 && !stopped[i])
            .min_by_key(|&i| ready[i]);
        let Some(i) = pick else { break };
        let now = ready[i];
        if now > horizon {
            stopped[i] = true;
            continue;
        }
        match ledger.reserve(&plans[i], now)? {
            Decision::Granted(_) => {
                left[i] -= 1;
                kinds[i].scheduled += 1;
                kinds[i].first_at.get_or_insert(now);
                kinds[i].last_at = Some(now);
                last_served = i;
            }
            Decision::Wait { until, window, .. } => {
                *waits.entry(window).or_default() += until.as_millis() - now.as_millis();
                ready[i] = until;
            }
            Decision::Exhausted {
                window, resets_at, ..
            } => {
                if options.wait_for_reset {
                    *waits.entry(window).or_default() += resets_at.as_millis() - now.as_millis();
                    ready[i] = resets_at;
                } else {
                    blocked.push(Blocked {
                        kind: workload[i].0.clone(),
                        window,
                        resets_at,
                    });
                    stopped[i] = true;
                }
            }
        }
    }

    let complete = left.iter().all(|n| *n == 0);
    let finish = if complete {
        kinds.iter().filter_map(|k| k.last_at).max().or(Some(start))
    } else {
        None
    };
    let binding_window = blocked.first().map(|b| b.window.clone()).or_else(|| {
        waits
            .iter()
            .max_by_key(|(_, ms)| **ms)
            .map(|(w, _)| w.clone())
    });
    Ok(Forecast {
        start,
        finish,
        kinds,
        binding_window,
        wait_seconds: waits
            .into_iter()
            .map(|(w, ms)| (w, ms as f64 / 1000.0))
            .collect(),
        blocked,
    })
}

/// Forecasts from the exported state of any ledger (read by the driver; nothing is changed).
pub fn forecast_from(
    policy: &Policy,
    scopes: &Scopes,
    state: &LedgerExport,
    workload: &[(RequestKind, u64)],
    start: Timestamp,
    options: ForecastOptions,
) -> Result<Forecast> {
    forecast(
        policy,
        scopes,
        MemoryLedger::from_export(state),
        workload,
        start,
        options,
    )
}
