//! Property tests of the quota engine: for random request streams and clocks,
//! - no window is ever exceeded in any interval (checked by an independent counter),
//! - a refused reservation changes nothing (all or nothing),
//! - a refund restores the ledger exactly,
//! - a `Wait` is honest: asking again at its `until` succeeds.

use pacer_sdk_core::Timestamp;
use pacer_sdk_core::quota::{
    CalendarRule, Decision, Ledger, LedgerExport, MemoryLedger, MeterPlan, Policy, QuotaSpec,
    RequestKind, Scopes, WindowKind,
};
use proptest::prelude::*;

const TEST_POLICY: &str = r#"
default_plan = "p"
[plans.p]
windows = [
  { id = "a.GET.rate", group = "a", method = "GET", kind = "rate", limit = 5, period = "10s" },
  { id = "a.GET.daily", group = "a", method = "GET", kind = "calendar", limit = 40, period = "day", zones = ["-05:00", "America/New_York"], overage = { limit = 2, period = "10s" } },
  { id = "b.rate", group = "b", kind = "rate", limit = 3, period = "7s" },
  { id = "all.daily", kind = "calendar", limit = 120, period = "day", zones = ["UTC"] },
  { id = "ip.rate", scope = "ip", kind = "rate", limit = 8, period = "15s" },
]
"#;

fn test_policy() -> Policy {
    let spec: QuotaSpec = toml::from_str(TEST_POLICY).unwrap();
    Policy::compile("t", &spec, None).unwrap()
}

fn kinds() -> Vec<RequestKind> {
    ["a.GET", "a.POST", "b.GET", "b.PUT"]
        .iter()
        .map(|k| RequestKind::parse(k).unwrap())
        .collect()
}

/// One step of a random stream.
#[derive(Clone, Debug)]
struct Step {
    kind: usize,
    advance_ms: i64,
    refund: bool,
}

fn step(kinds: usize) -> impl Strategy<Value = Step> {
    // Mostly quick requests with occasional pauses and rare jumps of hours or days, so that
    // daily windows fill up (and run into overage) inside one day.
    let advance = prop_oneof![
        90 => 0i64..1_500,
        9 => 1_500i64..20_000,
        1 => 3_600_000i64..(2 * 86_400_000),
    ];
    // The first kind is favoured so its daily window is reached often.
    let kind = prop_oneof![3 => Just(0usize), 2 => 0..kinds];
    (kind, advance, proptest::bool::weighted(0.1)).prop_map(|(kind, advance_ms, refund)| Step {
        kind,
        advance_ms,
        refund,
    })
}

fn starts() -> impl Strategy<Value = i64> {
    // Around both 2026 DST changes in New York and a month end.
    prop_oneof![
        Just(
            Timestamp::parse_rfc3339("2026-03-07T20:00:00Z")
                .unwrap()
                .as_millis()
        ),
        Just(
            Timestamp::parse_rfc3339("2026-10-31T20:00:00Z")
                .unwrap()
                .as_millis()
        ),
        Just(
            Timestamp::parse_rfc3339("2026-01-31T22:00:00Z")
                .unwrap()
                .as_millis()
        ),
        (0i64..86_400_000).prop_map(|o| Timestamp::parse_rfc3339("2026-06-15T00:00:00Z")
            .unwrap()
            .as_millis()
            + o),
    ]
}

fn export_all(ledger: &mut MemoryLedger, plans: &[MeterPlan], now: Timestamp) -> LedgerExport {
    let mut e = ledger.export(plans, now).unwrap();
    for (_, entries) in &mut e.logs {
        for entry in entries.iter_mut() {
            entry.1 = 0;
        }
    }
    e
}

/// Replays a stream: every step asks for a reservation at the current time and, if refused,
/// moves on (the stream's clock is independent of the engine's advice).
fn replay(
    policy: &Policy,
    kinds: &[RequestKind],
    start: i64,
    steps: &[Step],
) -> Vec<(usize, Timestamp)> {
    let scopes = Scopes::account("acct");
    let plans: Vec<MeterPlan> = kinds.iter().map(|k| policy.plan(k, &scopes)).collect();
    let mut ledger = MemoryLedger::new();
    let mut now = Timestamp::from_millis(start);
    let mut granted = Vec::new();
    for s in steps {
        now = now.add_millis(s.advance_ms);
        let before = export_all(&mut ledger, &plans, now);
        let mut probe = ledger.clone();
        match ledger.reserve(&plans[s.kind], now).unwrap() {
            Decision::Granted(r) => {
                if s.refund {
                    ledger.refund(&r).unwrap();
                    assert_eq!(
                        export_all(&mut ledger, &plans, now),
                        before,
                        "refund did not restore the ledger"
                    );
                } else {
                    granted.push((s.kind, now));
                }
            }
            Decision::Wait { until, window, .. } => {
                assert!(until > now, "wait into the past for {window}");
                assert_eq!(
                    export_all(&mut ledger, &plans, now),
                    before,
                    "a refused reservation changed state"
                );
                // Honest advice: at `until` the same request is admitted (or a hard cap bites).
                match probe.reserve(&plans[s.kind], until).unwrap() {
                    Decision::Granted(_) | Decision::Exhausted { .. } => {}
                    other => {
                        panic!("asked to wait until {until} for {window}, but then: {other:?}")
                    }
                }
            }
            Decision::Exhausted { resets_at, .. } => {
                assert!(resets_at > now);
                assert_eq!(
                    export_all(&mut ledger, &plans, now),
                    before,
                    "a refused reservation changed state"
                );
            }
        }
    }
    granted
}

/// Independent check: every window's limits hold over the granted requests.
fn check_windows(policy: &Policy, kinds: &[RequestKind], granted: &[(usize, Timestamp)]) {
    for w in &policy.windows {
        let mut ts: Vec<i64> = granted
            .iter()
            .filter(|(k, _)| w.applies_to(&kinds[*k]))
            .map(|(_, t)| t.as_millis())
            .collect();
        ts.sort();
        match &w.kind {
            WindowKind::Rate { period_ms } => {
                assert_max_in_any_interval(&ts, *period_ms, w.limit, &w.id)
            }
            WindowKind::Calendar { rules, overage } => {
                for rule in rules {
                    check_calendar(
                        &ts,
                        rule,
                        w.limit,
                        overage.map(|o| (o.limit, o.period_ms)),
                        &w.id,
                    );
                }
            }
        }
    }
}

/// At most `limit` timestamps in any closed interval of length `period`.
fn assert_max_in_any_interval(ts: &[i64], period: i64, limit: u64, id: &str) {
    for (i, &t) in ts.iter().enumerate() {
        let n = ts[i..].iter().take_while(|&&x| x <= t + period).count() as u64;
        assert!(
            n <= limit,
            "{id}: {n} requests in [{t}, {}] > {limit}",
            t + period
        );
    }
}

fn check_calendar(
    ts: &[i64],
    rule: &CalendarRule,
    limit: u64,
    overage: Option<(u64, i64)>,
    id: &str,
) {
    let mut by_period: std::collections::BTreeMap<i64, Vec<i64>> = Default::default();
    for &t in ts {
        by_period
            .entry(rule.period_start(Timestamp::from_millis(t)).as_millis())
            .or_default()
            .push(t);
    }
    for (start, in_period) in by_period {
        match overage {
            None => assert!(
                in_period.len() as u64 <= limit,
                "{id}@{:?}: {} in period {start}",
                rule.zone,
                in_period.len()
            ),
            Some((o_limit, o_period)) => {
                for &t in in_period.iter().skip(limit as usize) {
                    // An overage request: the window's requests in the closed minute before it.
                    let recent = ts.iter().filter(|&&x| x >= t - o_period && x <= t).count() as u64;
                    assert!(
                        recent <= o_limit,
                        "{id}: overage request at {t} with {recent} in the last {o_period} ms"
                    );
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn small_policy_never_exceeds_a_window(start in starts(), steps in proptest::collection::vec(step(4), 1..500)) {
        let policy = test_policy();
        let kinds = kinds();
        let granted = replay(&policy, &kinds, start, &steps);
        check_windows(&policy, &kinds, &granted);
    }

    #[test]
    fn syncore_policy_never_exceeds_a_window(start in starts(), steps in proptest::collection::vec(step(6), 1..700)) {
        let policy = pacer_sdk_core::ProviderSpec::builtin("syncore").unwrap().policy(None).unwrap();
        let kinds: Vec<RequestKind> = ["crm.GET", "crm.POST", "crm.PUT", "orders.GET", "orders.POST", "orders.PUT"]
            .iter().map(|k| RequestKind::parse(k).unwrap()).collect();
        let granted = replay(&policy, &kinds, start, &steps);
        check_windows(&policy, &kinds, &granted);
    }
}

/// Greedy streams (always asking again at the advised time) hit every limit exactly, which
/// the random streams above rarely do; the checker must still pass, and the daily and total
/// counts must be exactly the limits.
#[test]
fn greedy_stream_fills_windows_exactly_and_never_over() {
    let policy = test_policy();
    let kinds = kinds();
    let scopes = Scopes::account("acct");
    let plans: Vec<MeterPlan> = kinds.iter().map(|k| policy.plan(k, &scopes)).collect();
    let mut ledger = MemoryLedger::new();
    let start = Timestamp::parse_rfc3339("2026-06-15T06:00:00Z").unwrap();
    let mut ready = vec![start; kinds.len()];
    let mut granted = Vec::new();
    let end = start.add_millis(6 * 3_600_000);
    for iteration in 0.. {
        assert!(
            iteration < 100_000,
            "the engine keeps asking to wait without making progress"
        );
        let (i, &now) = ready.iter().enumerate().min_by_key(|(_, t)| **t).unwrap();
        if now > end {
            break;
        }
        match ledger.reserve(&plans[i], now).unwrap() {
            Decision::Granted(_) => granted.push((i, now)),
            Decision::Wait { until, .. } => ready[i] = until,
            Decision::Exhausted { resets_at, .. } => ready[i] = resets_at,
        }
    }
    check_windows(&policy, &kinds, &granted);
    // all.daily (120, UTC, hard) is the binding cap within one UTC day.
    assert_eq!(granted.len(), 120);
}
