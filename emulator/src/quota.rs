//! Server-side quota enforcement, written independently of pacer-sdk-core's engine: only the
//! limits and periods are read from the spec (`[quota]`), so a bug in the client's engine
//! cannot be mirrored here and go unnoticed.
//!
//! Semantics (the server's, deliberately simple and exact):
//! - rate window: a request is accepted when fewer than `limit` accepted requests fall in the
//!   half-open interval (now - period, now];
//! - calendar window: accepted requests are counted per calendar day or month in ONE zone
//!   (Syncore: the configured `day_zone`; other providers: the window's own zone from the spec,
//!   e.g. Salync's UTC); once the count reaches `limit`, a window with an overage keeps
//!   accepting while fewer than `overage.limit` overage requests fall in (now - overage period,
//!   now]; a window without one refuses until the next reset;
//! - a refused request is not counted anywhere; an accepted one is counted in every window
//!   that applies (its group and method match, absent filters match everything).

use std::collections::VecDeque;

use chrono::{Datelike, NaiveDate, NaiveTime};
use pacer_sdk_core::Timestamp;
use pacer_sdk_core::quota::QuotaSpec;
use serde::{Deserialize, Serialize};

use crate::zone::DayZone;

/// The state of one quota window, as `Emulator::usage` and `GET /_admin/usage` report it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowUsage {
    /// Window id from the spec, e.g. `orders.GET.daily`.
    pub window: String,
    /// Accepted requests in the current interval (rate) or period (calendar).
    pub used: u64,
    /// The window's limit.
    pub limit: u64,
    /// When the count next drops: the oldest entry leaving a rate window, or the next reset.
    pub resets_at: Option<Timestamp>,
    /// Whether a calendar window is spent and requests run at its overage pace.
    pub in_overage: bool,
}

/// The verdict on one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Accepted and counted.
    Accept,
    /// Refused (not counted): the binding window and how long until it would be accepted.
    Refuse {
        /// Id of the window that binds longest.
        window: String,
        /// Milliseconds until the request would be accepted.
        retry_after_ms: i64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Period {
    Day,
    Month,
}

#[derive(Debug)]
enum Kind {
    Rate {
        period_ms: i64,
        log: VecDeque<i64>,
    },
    Calendar {
        period: Period,
        reset: NaiveTime,
        key: Option<NaiveDate>,
        count: u64,
        overage: Option<Overage>,
    },
}

#[derive(Debug)]
struct Overage {
    limit: u64,
    period_ms: i64,
    log: VecDeque<i64>,
}

#[derive(Debug)]
struct WindowState {
    id: String,
    group: Option<String>,
    method: Option<String>,
    limit: u64,
    kind: Kind,
    zone: DayZone,
}

/// Where calendar windows take their zone from.
#[derive(Clone, Copy, Debug)]
pub enum ZoneRule {
    /// Every window uses this zone (Syncore's `day_zone`).
    All(DayZone),
    /// Each window uses the last zone the spec lists for it (UTC when none parses).
    PerWindow,
}

/// Every window of one plan with its counters.
#[derive(Debug)]
pub struct QuotaBook {
    windows: Vec<WindowState>,
    enforce: bool,
}

/// Parses `500ms`, `30s`, `1m`, `2h`, `1d`.
fn period_ms(text: &str) -> Option<i64> {
    let t = text.trim();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let n: i64 = t[..digits].parse().ok()?;
    let unit = match t[digits..].trim() {
        "ms" => 1,
        "s" | "sec" => 1_000,
        "m" | "min" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return None,
    };
    Some(n * unit).filter(|v| *v > 0)
}

/// Number of log entries in (now - period, ∞).
fn in_window(log: &VecDeque<i64>, now: i64, period: i64) -> Vec<i64> {
    let mut v: Vec<i64> = log.iter().copied().filter(|t| *t > now - period).collect();
    v.sort_unstable();
    v
}

/// Milliseconds until fewer than `limit` of `entries` (sorted, all > now - period) remain.
fn rate_wait(entries: &[i64], limit: u64, now: i64, period: i64) -> i64 {
    let count = entries.len() as u64;
    if count < limit {
        return 0;
    }
    let oldest_to_leave = entries[(count - limit) as usize];
    (oldest_to_leave + period - now).max(1)
}

fn prune(log: &mut VecDeque<i64>, now: i64, period: i64) {
    log.retain(|t| *t > now - period);
}

impl QuotaBook {
    /// Reads the windows of `plan` (the spec's default plan when `None`).
    pub fn from_spec(
        spec: &QuotaSpec,
        plan: Option<&str>,
        zones: ZoneRule,
        enforce: bool,
    ) -> Result<QuotaBook, String> {
        let name = plan.unwrap_or(&spec.default_plan);
        let plan = spec.plans.get(name).ok_or_else(|| {
            let known: Vec<&str> = spec.plans.keys().map(String::as_str).collect();
            format!(
                "quota plan {name:?} is not defined (plans: {})",
                known.join(", ")
            )
        })?;
        let utc = DayZone::parse("UTC")?;
        let mut windows = Vec::new();
        for w in &plan.windows {
            let zone = match zones {
                ZoneRule::All(z) => z,
                ZoneRule::PerWindow => w
                    .zones
                    .iter()
                    .rev()
                    .find_map(|z| DayZone::parse(z).ok())
                    .unwrap_or(utc),
            };
            let kind = match w.kind.as_str() {
                "rate" => Kind::Rate {
                    period_ms: period_ms(&w.period)
                        .ok_or_else(|| format!("window {}: bad period {:?}", w.id, w.period))?,
                    log: VecDeque::new(),
                },
                "calendar" => {
                    let period = match w.period.as_str() {
                        "day" => Period::Day,
                        "month" => Period::Month,
                        p => return Err(format!("window {}: bad calendar period {p:?}", w.id)),
                    };
                    let reset = match &w.reset {
                        Some(r) => NaiveTime::parse_from_str(r, "%H:%M")
                            .map_err(|_| format!("window {}: bad reset {r:?}", w.id))?,
                        None => NaiveTime::MIN,
                    };
                    let overage = match &w.overage {
                        Some(o) => Some(Overage {
                            limit: o.limit,
                            period_ms: period_ms(&o.period).ok_or_else(|| {
                                format!("window {}: bad overage period {:?}", w.id, o.period)
                            })?,
                            log: VecDeque::new(),
                        }),
                        None => None,
                    };
                    Kind::Calendar {
                        period,
                        reset,
                        key: None,
                        count: 0,
                        overage,
                    }
                }
                k => return Err(format!("window {}: unknown kind {k:?}", w.id)),
            };
            windows.push(WindowState {
                id: w.id.clone(),
                group: w.group.clone(),
                method: w.method.clone(),
                limit: w.limit,
                kind,
                zone,
            });
        }
        Ok(QuotaBook { windows, enforce })
    }

    /// Decides on a request of `group`/`method` arriving at `now`, counting it when accepted.
    pub fn admit(&mut self, group: &str, method: &str, now: Timestamp) -> Verdict {
        let now_ms = now.as_millis();
        let mut worst: Option<(String, i64)> = None;
        for w in self.windows.iter_mut().filter(|w| w.applies(group, method)) {
            w.roll(now);
            let wait = w.wait(now);
            if wait > 0 && worst.as_ref().is_none_or(|(_, ms)| wait > *ms) {
                worst = Some((w.id.clone(), wait));
            }
        }
        if self.enforce
            && let Some((window, retry_after_ms)) = worst
        {
            return Verdict::Refuse {
                window,
                retry_after_ms,
            };
        }
        for w in self.windows.iter_mut().filter(|w| w.applies(group, method)) {
            let limit = w.limit;
            match &mut w.kind {
                Kind::Rate { log, .. } => log.push_back(now_ms),
                Kind::Calendar { count, overage, .. } => {
                    if *count >= limit
                        && let Some(o) = overage
                    {
                        o.log.push_back(now_ms);
                    }
                    *count += 1;
                }
            }
        }
        Verdict::Accept
    }

    /// The state of every window at `now`, in spec order.
    pub fn usage(&mut self, now: Timestamp) -> Vec<WindowUsage> {
        let now_ms = now.as_millis();
        self.windows
            .iter_mut()
            .map(|w| {
                w.roll(now);
                let (used, resets_at, in_overage) = match &w.kind {
                    Kind::Rate { period_ms, log } => {
                        let entries = in_window(log, now_ms, *period_ms);
                        let resets = entries
                            .first()
                            .map(|t| Timestamp::from_millis(t + period_ms));
                        (entries.len() as u64, resets, false)
                    }
                    Kind::Calendar { count, overage, .. } => (
                        *count,
                        Some(w.next_reset(now)),
                        overage.is_some() && *count >= w.limit,
                    ),
                };
                WindowUsage {
                    window: w.id.clone(),
                    used,
                    limit: w.limit,
                    resets_at,
                    in_overage,
                }
            })
            .collect()
    }
}

impl WindowState {
    fn applies(&self, group: &str, method: &str) -> bool {
        self.group.as_deref().is_none_or(|g| g == group)
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    }

    /// The first day of the calendar period containing `now`, as a key.
    fn period_key(&self, now: Timestamp) -> NaiveDate {
        let zone = self.zone;
        let Kind::Calendar { period, reset, .. } = &self.kind else {
            return NaiveDate::MIN;
        };
        let shifted = zone.local(now) - (*reset - NaiveTime::MIN);
        let d = shifted.date();
        match period {
            Period::Day => d,
            Period::Month => d.with_day(1).expect("day 1"),
        }
    }

    fn next_reset(&self, now: Timestamp) -> Timestamp {
        let Kind::Calendar { period, reset, .. } = &self.kind else {
            return now;
        };
        let first = self.period_key(now);
        let next = match period {
            Period::Day => first.succ_opt().expect("date in range"),
            Period::Month => {
                let (y, m) = if first.month() == 12 {
                    (first.year() + 1, 1)
                } else {
                    (first.year(), first.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1).expect("valid month")
            }
        };
        self.zone.instant(next.and_time(*reset))
    }

    /// Starts a new calendar period when `now` has left the counted one; drops old log entries.
    fn roll(&mut self, now: Timestamp) {
        let key_now = self.period_key(now);
        let now_ms = now.as_millis();
        match &mut self.kind {
            Kind::Rate { period_ms, log } => prune(log, now_ms, *period_ms),
            Kind::Calendar {
                key,
                count,
                overage,
                ..
            } => {
                if key.is_none_or(|k| k < key_now) {
                    *key = Some(key_now);
                    *count = 0;
                    if let Some(o) = overage {
                        o.log.clear();
                    }
                }
                if let Some(o) = overage {
                    prune(&mut o.log, now_ms, o.period_ms);
                }
            }
        }
    }

    /// Milliseconds until this window would accept a request (0: it accepts now).
    fn wait(&self, now: Timestamp) -> i64 {
        let now_ms = now.as_millis();
        match &self.kind {
            Kind::Rate { period_ms, log } => rate_wait(
                &in_window(log, now_ms, *period_ms),
                self.limit,
                now_ms,
                *period_ms,
            ),
            Kind::Calendar { count, overage, .. } => {
                if *count < self.limit {
                    return 0;
                }
                let until_reset = (self.next_reset(now).as_millis() - now_ms).max(1);
                match overage {
                    Some(o) => {
                        let entries = in_window(&o.log, now_ms, o.period_ms);
                        let w = rate_wait(&entries, o.limit, now_ms, o.period_ms);
                        if w == 0 { 0 } else { w.min(until_reset) }
                    }
                    None => until_reset,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pacer_sdk_core::ProviderSpec;

    fn book(overrides: &str) -> QuotaBook {
        let spec = ProviderSpec::builtin_with_overrides("syncore", overrides).unwrap();
        QuotaBook::from_spec(
            &spec.quota,
            None,
            ZoneRule::All(DayZone::parse("America/New_York").unwrap()),
            true,
        )
        .unwrap()
    }

    #[test]
    fn rate_window_is_half_open() {
        let mut b = book("");
        let t0 = Timestamp::parse_rfc3339("2026-11-22T15:00:00Z").unwrap();
        for i in 0..90 {
            assert_eq!(b.admit("orders", "GET", t0.add_millis(i)), Verdict::Accept);
        }
        match b.admit("orders", "GET", t0.add_millis(500)) {
            Verdict::Refuse {
                window,
                retry_after_ms,
            } => {
                assert_eq!(window, "orders.GET.rate");
                assert_eq!(retry_after_ms, 60_000 - 500);
            }
            v => panic!("{v:?}"),
        }
        // At exactly t0 + 60 s the first entry has left (now - period, now].
        assert_eq!(
            b.admit("orders", "GET", t0.add_millis(60_000)),
            Verdict::Accept
        );
        assert!(matches!(
            b.admit("orders", "GET", t0.add_millis(60_000)),
            Verdict::Refuse { .. }
        ));
    }

    #[test]
    fn period_parsing() {
        assert_eq!(period_ms("1m"), Some(60_000));
        assert_eq!(period_ms("250ms"), Some(250));
        assert_eq!(period_ms("0s"), None);
        assert_eq!(period_ms("x"), None);
    }
}
