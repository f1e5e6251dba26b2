//! One conformance suite for every ledger (memory, SQLite, Redis): the same cases must give the
//! same answers, step by step. The memory ledger runs pacer-sdk-core's engine directly, so this is
//! also a differential test of the Redis Lua port of that engine.

mod common;

use common::*;
use pacer_sdk::ledger::{RedisLedger, SqliteLedger};
use pacer_sdk_core::quota::{
    Correction, Decision, Ledger, MemoryLedger, MeterPlan, Policy, QuotaSpec, RequestKind,
    Reservation, Scopes, WindowUsage,
};
use pacer_sdk_core::{ProviderSpec, Timestamp};

const SMALL: &str = r#"
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

fn small_policy() -> Policy {
    let spec: QuotaSpec = toml::from_str(SMALL).unwrap();
    Policy::compile("conf", &spec, None).unwrap()
}

fn ts(s: &str) -> Timestamp {
    Timestamp::parse_rfc3339(s).unwrap()
}

/// The three ledgers, fresh. Redis counts in the caller's clock here so virtual time works.
fn ledgers(redis: &RedisServer, case: &str) -> Vec<(&'static str, Box<dyn Ledger>)> {
    let dir = tempdir();
    vec![
        ("memory", Box::new(MemoryLedger::new()) as Box<dyn Ledger>),
        (
            "sqlite",
            Box::new(SqliteLedger::open(dir.join("l.db")).unwrap()),
        ),
        (
            "redis",
            Box::new(RedisLedger::open(&redis.url(case, "caller")).unwrap()),
        ),
    ]
}

/// A decision with the ledger-specific reservation id blanked out.
fn comparable(d: Decision) -> Decision {
    match d {
        Decision::Granted(mut r) => {
            r.id = 0;
            Decision::Granted(r)
        }
        other => other,
    }
}

/// Reserves on every ledger; returns the common decision and each ledger's own reservation.
fn reserve_each(
    ls: &mut [(&'static str, Box<dyn Ledger>)],
    plan: &MeterPlan,
    now: Timestamp,
) -> (Decision, Vec<Option<Reservation>>) {
    let answers: Vec<Decision> = ls
        .iter_mut()
        .map(|(_, l)| l.reserve(plan, now).unwrap())
        .collect();
    let own = answers
        .iter()
        .map(|d| {
            if let Decision::Granted(r) = d {
                Some(r.clone())
            } else {
                None
            }
        })
        .collect();
    let common: Vec<Decision> = answers.into_iter().map(comparable).collect();
    for ((name, _), a) in ls.iter().zip(&common).skip(1) {
        assert_eq!(a, &common[0], "{name} disagrees with memory at {now}");
    }
    (common.into_iter().next().unwrap(), own)
}

fn reserve_all(
    ls: &mut [(&'static str, Box<dyn Ledger>)],
    plan: &MeterPlan,
    now: Timestamp,
) -> Decision {
    reserve_each(ls, plan, now).0
}

fn usage_all(
    ls: &mut [(&'static str, Box<dyn Ledger>)],
    plan: &MeterPlan,
    now: Timestamp,
) -> Vec<WindowUsage> {
    let rows: Vec<Vec<WindowUsage>> = ls
        .iter_mut()
        .map(|(_, l)| l.usage(plan, now).unwrap())
        .collect();
    for ((name, _), r) in ls.iter().zip(&rows).skip(1) {
        assert_eq!(r, &rows[0], "{name} usage disagrees with memory at {now}");
    }
    rows.into_iter().next().unwrap()
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[test]
fn random_streams_decide_identically_on_every_ledger() {
    let redis = RedisServer::start();
    let policy = small_policy();
    let scopes = Scopes::account("acct");
    let kinds: Vec<RequestKind> = ["a.GET", "a.POST", "b.GET", "b.PUT"]
        .iter()
        .map(|k| RequestKind::parse(k).unwrap())
        .collect();
    let plans: Vec<MeterPlan> = kinds.iter().map(|k| policy.plan(k, &scopes)).collect();
    let full = policy.full_plan(&scopes);
    for (stream, start) in [
        ("2026-03-07T20:00:00Z", 1u64),
        ("2026-10-31T20:00:00Z", 2),
        ("2026-06-15T03:00:00Z", 3),
    ]
    .iter()
    .map(|(s, seed)| (*seed, ts(s)))
    {
        let mut ls = ledgers(&redis, &format!("rand{stream}"));
        let mut rng = stream;
        let mut now = start;
        let mut granted = 0;
        for _ in 0..700 {
            let r = splitmix(&mut rng);
            now = now.add_millis(match r % 100 {
                0 => 3_600_000 * (1 + (r >> 8) as i64 % 20),
                1..=9 => 1_500 + (r >> 8) as i64 % 18_000,
                _ => (r >> 8) as i64 % 1_500,
            });
            let kind = if r % 5 < 3 {
                0
            } else {
                (r >> 16) as usize % plans.len()
            };
            let (decision, own) = reserve_each(&mut ls, &plans[kind], now);
            if matches!(decision, Decision::Granted(_)) {
                granted += 1;
                if (r >> 24).is_multiple_of(10) {
                    // Refund it everywhere: each ledger restores exactly its previous state.
                    let before = usage_all(&mut ls, &plans[kind], now);
                    for ((_, l), res) in ls.iter_mut().zip(&own) {
                        l.refund(res.as_ref().unwrap()).unwrap();
                    }
                    let after = usage_all(&mut ls, &plans[kind], now);
                    assert_ne!(before, after);
                    let (again, _) = reserve_each(&mut ls, &plans[kind], now);
                    assert_eq!(
                        again, decision,
                        "after a refund the same request is granted the same way"
                    );
                }
            }
            if (r >> 32).is_multiple_of(50) {
                usage_all(&mut ls, &full, now);
            }
        }
        assert!(
            granted > 100,
            "the stream exercised the ledgers ({granted} granted)"
        );
    }
}

#[test]
fn syncore_day_overage_month_and_corrections_agree() {
    let redis = RedisServer::start();
    let policy = ProviderSpec::builtin("syncore")
        .unwrap()
        .policy(None)
        .unwrap();
    let scopes = Scopes::account("acct");
    let gets = policy.plan(&RequestKind::parse("orders.GET").unwrap(), &scopes);
    let crm = policy.plan(&RequestKind::parse("crm.GET").unwrap(), &scopes);
    let full = policy.full_plan(&scopes);
    let mut ls = ledgers(&redis, "syncore");
    // A burst, a full minute, the first free slot.
    let mut now = ts("2026-07-15T03:58:30Z");
    for _ in 0..95 {
        if let Decision::Wait { until, .. } = reserve_all(&mut ls, &gets, now) {
            now = until;
        }
    }
    usage_all(&mut ls, &full, now);
    // A 429 blocks the kind; X-RateLimit-Remaining-style corrections tighten counters.
    for (_, l) in ls.iter_mut() {
        l.correct(
            &gets,
            &Correction::Blocked {
                until: now.add_millis(9_000),
                asked: None,
            },
            now,
        )
        .unwrap();
        l.correct(
            &crm,
            &Correction::Remaining {
                window: "crm.GET.daily".into(),
                remaining: 3,
            },
            now,
        )
        .unwrap();
    }
    reserve_all(&mut ls, &gets, now);
    for _ in 0..5 {
        reserve_all(&mut ls, &crm, now);
    }
    usage_all(&mut ls, &full, now);
    // Across the New York midnight (04:00 UTC in July) and the EST one (05:00 UTC).
    for step in 0..200 {
        now = now.add_millis(37_000);
        reserve_all(&mut ls, if step % 3 == 0 { &crm } else { &gets }, now);
    }
    usage_all(&mut ls, &full, now);
}

#[test]
fn exhaustion_and_refunds_agree() {
    let redis = RedisServer::start();
    let spec: QuotaSpec = toml::from_str(
        r#"default_plan = "p"
           [plans.p]
           windows = [{ id = "m", kind = "calendar", limit = 7, period = "month", zones = ["UTC", "America/New_York"] },
                      { id = "r", kind = "rate", limit = 4, period = "1m" }]"#,
    )
    .unwrap();
    let policy = Policy::compile("conf", &spec, None).unwrap();
    let plan = policy.plan(&RequestKind::parse("x.GET").unwrap(), &Scopes::account("a"));
    let mut ls = ledgers(&redis, "exhaust");
    let mut now = ts("2026-01-31T23:00:00Z");
    let mut kept: Vec<Vec<Reservation>> = vec![Vec::new(); 3];
    let mut answers = Vec::new();
    for _ in 0..12 {
        let (d, own) = reserve_each(&mut ls, &plan, now);
        for (k, r) in kept.iter_mut().zip(own) {
            k.extend(r);
        }
        if let Decision::Wait { until, .. } = &d {
            now = *until;
        }
        answers.push(d);
    }
    let exhausted = answers
        .iter()
        .filter(|d| matches!(d, Decision::Exhausted { .. }))
        .count();
    assert!(exhausted >= 4, "{answers:?}");
    match answers.last().unwrap() {
        Decision::Exhausted { resets_at, .. } => assert_eq!(*resets_at, ts("2026-02-01T05:00:00Z")),
        other => panic!("{other:?}"),
    }
    // Refunding one request of the month makes room for exactly one more, on every ledger.
    for ((_, l), k) in ls.iter_mut().zip(&kept) {
        l.refund(k.last().unwrap()).unwrap();
    }
    assert!(matches!(
        reserve_all(&mut ls, &plan, now.add_millis(61_000)),
        Decision::Granted(_)
    ));
    assert!(matches!(
        reserve_all(&mut ls, &plan, now.add_millis(122_000)),
        Decision::Exhausted { .. }
    ));
    usage_all(&mut ls, &policy.full_plan(&Scopes::account("a")), now);
}

/// A read of Salync's Growth plan: a per-minute rate window and the key's daily window.
fn salync_read_plan() -> pacer_sdk_core::quota::MeterPlan {
    ProviderSpec::builtin("salync")
        .unwrap()
        .policy(Some("growth"))
        .unwrap()
        .plan(
            &RequestKind::parse("api.GET").unwrap(),
            &Scopes::account("k"),
        )
}

/// An evening, and the daily reset after it (Salync's day is UTC).
fn evening_and_midnight() -> (Timestamp, Timestamp) {
    (ts("2026-11-22T18:30:00Z"), ts("2026-11-23T00:00:00Z"))
}

#[test]
fn a_block_reaching_the_daily_reset_is_exhaustion_everywhere() {
    let redis = RedisServer::start();
    let plan = salync_read_plan();
    let mut ls = ledgers(&redis, "salync");
    let (now, midnight) = evening_and_midnight();
    // A short block (a burst 429) is a wait; one to the reset (a spent day) is exhaustion,
    // also when Retry-After's whole seconds end a little short of it.
    for (until, expected) in [
        (now.add_millis(30_000), "wait"),
        (midnight.add_millis(-400), "exhausted"),
        (midnight.add_millis(2_000), "exhausted"),
    ] {
        let mut ls = ledgers(&redis, &format!("salync-{}", until.as_millis()));
        for (_, l) in ls.iter_mut() {
            l.correct(&plan, &Correction::Blocked { until, asked: None }, now)
                .unwrap();
        }
        let decision = reserve_all(&mut ls, &plan, now);
        match (&decision, expected) {
            (Decision::Wait { until: at, .. }, "wait") => assert_eq!(*at, until),
            (
                Decision::Exhausted {
                    resets_at, window, ..
                },
                "exhausted",
            ) => {
                assert_eq!((*resets_at, window.as_str()), (midnight, "key.daily"));
            }
            _ => panic!("{decision:?}, expected {expected}"),
        }
    }
    assert!(matches!(
        reserve_all(&mut ls, &plan, now),
        Decision::Granted(_)
    ));
    // A burst 429 three seconds before midnight also reaches the reset, but the minute's rate
    // window explains it: a wait everywhere, not a spent day.
    let late = midnight.add_millis(-3_000);
    let until = late.add_millis(60_000);
    let mut ls = ledgers(&redis, "salync-late");
    for (_, l) in ls.iter_mut() {
        l.correct(&plan, &Correction::Blocked { until, asked: None }, late)
            .unwrap();
    }
    match reserve_all(&mut ls, &plan, late) {
        Decision::Wait { until: at, .. } => assert_eq!(at, until),
        other => panic!("{other:?}, expected a wait until {until}"),
    }
}

#[test]
fn an_absurd_block_is_capped_at_the_next_reset_and_unblock_clears_it() {
    let redis = RedisServer::start();
    let plan = salync_read_plan();
    let mut ls = ledgers(&redis, "absurd-block");
    let (now, midnight) = evening_and_midnight();
    // `Retry-After: 999999999` (31 years): stored as a block until 2058 before the fix.
    let until = now.add_millis(999_999_999_000);
    for (_, l) in ls.iter_mut() {
        l.correct(&plan, &Correction::Blocked { until, asked: None }, now)
            .unwrap();
    }
    for (name, l) in ls.iter_mut() {
        let latest = l
            .usage(&plan, now)
            .unwrap()
            .iter()
            .filter_map(|w| w.blocked_until)
            .max();
        assert_eq!(latest, Some(midnight), "{name}: capped at the daily reset");
    }
    match reserve_all(&mut ls, &plan, now) {
        Decision::Exhausted { resets_at, .. } => assert_eq!(resets_at, midnight),
        other => panic!("{other:?}"),
    }
    // The next day nothing of it is left.
    assert!(matches!(
        reserve_all(&mut ls, &plan, midnight.add_millis(1)),
        Decision::Granted(_)
    ));
    // Unblock clears a fresh block on every ledger at once.
    let mut ls = ledgers(&redis, "absurd-block-2");
    for (_, l) in ls.iter_mut() {
        l.correct(&plan, &Correction::Blocked { until, asked: None }, now)
            .unwrap();
    }
    for (name, l) in ls.iter_mut() {
        assert_eq!(
            l.unblock(&plan).unwrap(),
            2,
            "{name}: rate and daily blocks"
        );
        assert_eq!(l.unblock(&plan).unwrap(), 0, "{name}");
    }
    assert!(matches!(
        reserve_all(&mut ls, &plan, now),
        Decision::Granted(_)
    ));
}
