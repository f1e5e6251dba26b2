//! The providers' policies, encoded exactly, and their behaviour at the edges: Eastern
//! midnight under both readings of "EST" across both DST changes, month ends, leap days,
//! the overage pace, the monthly cap, Synq's shared per-IP window and Salync's plans.

use pacer_sdk_core::ProviderSpec;
use pacer_sdk_core::quota::policy::MeterRule;
use pacer_sdk_core::quota::{
    Correction, Decision, Ledger, MemoryLedger, MeterPlan, MeterStore, Policy, RequestKind, Scopes,
    WaitReason, WindowKind,
};
use pacer_sdk_core::time::{MINUTE_MS, Timestamp};

fn ts(s: &str) -> Timestamp {
    Timestamp::parse_rfc3339(s).unwrap()
}

fn syncore() -> Policy {
    ProviderSpec::builtin("syncore")
        .unwrap()
        .policy(None)
        .unwrap()
}

fn kind(k: &str) -> RequestKind {
    RequestKind::parse(k).unwrap()
}

/// Marks window `id` as spent at `now` in every zone reading (as if `limit` calls were made).
fn spend(ledger: &mut MemoryLedger, plan: &MeterPlan, id: &str, now: Timestamp) {
    for m in plan.meters.iter().filter(|m| m.window == id) {
        if let MeterRule::Count {
            limit, calendar, ..
        } = &m.rule
        {
            let start = calendar.period_start(now);
            let used = ledger.count(&m.key, start).unwrap();
            ledger
                .add(
                    &m.key,
                    start,
                    (*limit - used) as i64,
                    calendar.next_start(now),
                )
                .unwrap();
        }
    }
}

fn granted(d: &Decision) -> bool {
    matches!(d, Decision::Granted(_))
}

#[test]
fn syncore_limits_are_the_policy_exactly() {
    let p = syncore();
    let expect = [
        ("crm.GET", 60, 10_000, 20),
        ("crm.POST", 60, 10_000, 20),
        ("crm.PUT", 60, 10_000, 20),
        ("orders.GET", 90, 20_000, 30),
        ("orders.POST", 90, 15_000, 30),
        ("orders.PUT", 90, 15_000, 30),
    ];
    for (k, rate, daily, overage) in expect {
        let r = p.window(&format!("{k}.rate")).unwrap();
        assert_eq!(
            (r.limit, &r.kind),
            (
                rate,
                &WindowKind::Rate {
                    period_ms: MINUTE_MS
                }
            ),
            "{k}"
        );
        let d = p.window(&format!("{k}.daily")).unwrap();
        assert_eq!(d.limit, daily, "{k}");
        let WindowKind::Calendar {
            rules,
            overage: Some(o),
        } = &d.kind
        else {
            panic!("{k} daily")
        };
        assert_eq!((o.limit, o.period_ms), (overage, MINUTE_MS), "{k}");
        let zones: Vec<String> = rules.iter().map(|r| r.zone.to_string()).collect();
        assert_eq!(zones, ["-05:00", "America/New_York"], "{k}");
        assert!(d.applies_to(&kind(k)) && r.applies_to(&kind(k)));
    }
    let m = p.window("monthly").unwrap();
    assert_eq!(m.limit, 250_000);
    assert!(matches!(&m.kind, WindowKind::Calendar { overage: None, rules } if rules.len() == 3));
    assert_eq!(p.windows.len(), 13);
    // Every request passes its own rate and daily window plus the monthly aggregate.
    let plan = p.plan(&kind("orders.GET"), &Scopes::account("a"));
    let windows: std::collections::BTreeSet<&str> =
        plan.meters.iter().map(|m| m.window.as_str()).collect();
    assert_eq!(
        windows.into_iter().collect::<Vec<_>>(),
        ["monthly", "orders.GET.daily", "orders.GET.rate"]
    );
}

/// The daily reset in winter, when EST and New York time agree: 05:00 UTC.
#[test]
fn winter_reset_at_midnight_est() {
    let p = syncore();
    let plan = p.plan(&kind("orders.POST"), &Scopes::account("a"));
    let mut l = MemoryLedger::new();
    let before = ts("2026-01-14T23:00:00Z");
    spend(&mut l, &plan, "orders.POST.daily", before);
    let usage = l.usage(&plan, before).unwrap();
    let daily = usage
        .iter()
        .find(|u| u.window == "orders.POST.daily")
        .unwrap();
    assert!(daily.in_overage && daily.remaining == 0);
    assert_eq!(daily.resets_at, Some(ts("2026-01-15T05:00:00Z")));
    // Overage, not a stop: 30 a minute.
    let mut n = 0;
    while granted(&l.reserve(&plan, ts("2026-01-15T04:58:00Z")).unwrap()) {
        n += 1;
    }
    assert_eq!(n, 30);
    // At 05:00 UTC the new day starts under both readings and the 90/min rate applies again.
    let mut n = 0;
    while granted(&l.reserve(&plan, ts("2026-01-15T05:00:00Z")).unwrap()) {
        n += 1;
    }
    assert_eq!(
        n, 90,
        "the overage minute has passed: the full 90 a minute applies"
    );
}

/// In summer (EDT), midnight in New York is 04:00 UTC but midnight EST is 05:00 UTC. The
/// budget comes back only when both readings have reset, so neither is overspent.
#[test]
fn summer_reset_waits_for_both_readings() {
    let p = syncore();
    let plan = p.plan(&kind("crm.GET"), &Scopes::account("a"));
    let mut l = MemoryLedger::new();
    let evening = ts("2026-07-14T22:00:00Z");
    spend(&mut l, &plan, "crm.GET.daily", evening);
    let daily = |l: &mut MemoryLedger, at| {
        l.usage(&plan, at)
            .unwrap()
            .into_iter()
            .find(|u| u.window == "crm.GET.daily")
            .unwrap()
    };
    assert_eq!(
        daily(&mut l, evening).resets_at,
        Some(ts("2026-07-15T05:00:00Z"))
    );
    // 04:30 UTC: a new New York day, but still the old EST day: still in overage.
    let mid = ts("2026-07-15T04:30:00Z");
    assert!(daily(&mut l, mid).in_overage);
    let mut n = 0;
    while granted(&l.reserve(&plan, mid).unwrap()) {
        n += 1;
    }
    assert_eq!(n, 20, "overage pace for /crm is 20 a minute");
    // The requests of 04:30 count toward the new New York day too.
    assert_eq!(daily(&mut l, ts("2026-07-15T05:00:00Z")).used, 20);
    // 05:00 UTC: both readings have reset.
    assert!(!daily(&mut l, ts("2026-07-15T05:00:00Z")).in_overage);
}

/// Both DST changes: the day that starts the change and the one after.
#[test]
fn dst_change_days() {
    let p = syncore();
    let plan = p.plan(&kind("orders.GET"), &Scopes::account("a"));
    let reset_after = |spent_at: &str| {
        let mut l = MemoryLedger::new();
        spend(&mut l, &plan, "orders.GET.daily", ts(spent_at));
        l.usage(&plan, ts(spent_at))
            .unwrap()
            .into_iter()
            .find(|u| u.window == "orders.GET.daily")
            .unwrap()
            .resets_at
    };
    // 2026-03-08 02:00 EST → 03:00 EDT. Spent on Saturday the 7th: both readings reset at 05:00 UTC on the 8th.
    assert_eq!(
        reset_after("2026-03-07T23:00:00Z"),
        Some(ts("2026-03-08T05:00:00Z"))
    );
    // Spent on Sunday the 8th (now EDT): New York resets at 04:00 UTC, EST at 05:00 UTC on the 9th.
    assert_eq!(
        reset_after("2026-03-08T12:00:00Z"),
        Some(ts("2026-03-09T05:00:00Z"))
    );
    // 2026-11-01 02:00 EDT → 01:00 EST. Spent on Saturday the 31st (EDT): New York resets at
    // 04:00 UTC on Nov 1, EST at 05:00 UTC: the later one.
    assert_eq!(
        reset_after("2026-10-31T18:00:00Z"),
        Some(ts("2026-11-01T05:00:00Z"))
    );
    // Spent on Sunday Nov 1 (EST again): both reset at 05:00 UTC on Nov 2.
    assert_eq!(
        reset_after("2026-11-01T12:00:00Z"),
        Some(ts("2026-11-02T05:00:00Z"))
    );
    // In the hour between 04:00 and 05:00 UTC on Nov 1 the EST day of Oct 31 is still running.
    let mut l = MemoryLedger::new();
    spend(
        &mut l,
        &plan,
        "orders.GET.daily",
        ts("2026-10-31T18:00:00Z"),
    );
    let u = l.usage(&plan, ts("2026-11-01T04:30:00Z")).unwrap();
    assert!(
        u.iter()
            .find(|u| u.window == "orders.GET.daily")
            .unwrap()
            .in_overage
    );
}

/// The monthly aggregate stops everything (no overage) and says when the month resets; the
/// month is checked in UTC and both Eastern readings, so it resets at the latest: 05:00 UTC.
#[test]
fn monthly_cap_stops_and_resets_at_month_end() {
    let p = syncore();
    let scopes = Scopes::account("a");
    let gets = p.plan(&kind("orders.GET"), &scopes);
    let posts = p.plan(&kind("crm.POST"), &scopes);
    let mut l = MemoryLedger::new();
    let now = ts("2026-01-31T20:00:00Z");
    spend(&mut l, &gets, "monthly", now);
    for plan in [&gets, &posts] {
        match l.reserve(plan, now).unwrap() {
            Decision::Exhausted {
                window, resets_at, ..
            } => {
                assert_eq!(window, "monthly");
                assert_eq!(resets_at, ts("2026-02-01T05:00:00Z"));
            }
            other => panic!("expected the monthly cap, got {other:?}"),
        }
    }
    // 00:30 UTC on Feb 1 is a new UTC month, but still January in the East.
    assert!(matches!(
        l.reserve(&gets, ts("2026-02-01T00:30:00Z")).unwrap(),
        Decision::Exhausted { .. }
    ));
    assert!(granted(
        &l.reserve(&gets, ts("2026-02-01T05:00:00Z")).unwrap()
    ));
}

#[test]
fn leap_day_and_december_rollover() {
    let p = syncore();
    let plan = p.plan(&kind("orders.GET"), &Scopes::account("a"));
    let mut l = MemoryLedger::new();
    spend(&mut l, &plan, "monthly", ts("2028-02-29T12:00:00Z"));
    match l.reserve(&plan, ts("2028-02-29T23:59:00Z")).unwrap() {
        Decision::Exhausted { resets_at, .. } => assert_eq!(resets_at, ts("2028-03-01T05:00:00Z")),
        other => panic!("{other:?}"),
    }
    let mut l = MemoryLedger::new();
    spend(
        &mut l,
        &plan,
        "orders.GET.daily",
        ts("2028-02-29T12:00:00Z"),
    );
    let daily = l.usage(&plan, ts("2028-02-29T12:00:00Z")).unwrap();
    assert_eq!(
        daily
            .iter()
            .find(|u| u.window == "orders.GET.daily")
            .unwrap()
            .resets_at,
        Some(ts("2028-03-01T05:00:00Z"))
    );
    let mut l = MemoryLedger::new();
    spend(&mut l, &plan, "monthly", ts("2026-12-31T23:00:00Z"));
    match l.reserve(&plan, ts("2026-12-31T23:00:00Z")).unwrap() {
        Decision::Exhausted { resets_at, .. } => assert_eq!(resets_at, ts("2027-01-01T05:00:00Z")),
        other => panic!("{other:?}"),
    }
}

/// A driver that sends as soon as it may: after the daily limit, requests keep flowing at the
/// overage pace (a slowdown, not a stop).
#[test]
fn overage_pace_is_a_slowdown_not_a_stop() {
    let p = syncore();
    let plan = p.plan(&kind("orders.GET"), &Scopes::account("a"));
    let mut l = MemoryLedger::new();
    let start = ts("2026-04-10T14:00:00Z");
    spend(&mut l, &plan, "orders.GET.daily", start);
    let mut now = start;
    let mut sent = Vec::new();
    while now < start.add_millis(60 * MINUTE_MS) {
        match l.reserve(&plan, now).unwrap() {
            Decision::Granted(_) => sent.push(now),
            Decision::Wait {
                until,
                reason,
                window,
                ..
            } => {
                assert_eq!(
                    (reason, window.as_str()),
                    (WaitReason::Overage, "orders.GET.daily")
                );
                now = until;
            }
            other => panic!("{other:?}"),
        }
    }
    // Thirty a minute for an hour.
    assert_eq!(sent.len(), 30 * 60);
    for w in sent.windows(31) {
        assert!(
            w[30].as_millis() - w[0].as_millis() > MINUTE_MS,
            "31 requests within one minute"
        );
    }
}

/// A 429 blocks the kind of request that got it until Retry-After (the server is right),
/// without stopping other kinds; X-RateLimit-Remaining tightens local state.
#[test]
fn server_corrections() {
    let p = syncore();
    let scopes = Scopes::account("a");
    let gets = p.plan(&kind("orders.GET"), &scopes);
    let crm = p.plan(&kind("crm.GET"), &scopes);
    let mut l = MemoryLedger::new();
    let now = ts("2026-05-05T15:00:00Z");
    l.correct(
        &gets,
        &Correction::Blocked {
            until: now.add_millis(7_000),
            asked: None,
        },
        now,
    )
    .unwrap();
    match l.reserve(&gets, now).unwrap() {
        Decision::Wait { until, reason, .. } => assert_eq!(
            (until, reason),
            (now.add_millis(7_000), WaitReason::ServerBlock)
        ),
        other => panic!("{other:?}"),
    }
    assert!(granted(&l.reserve(&crm, now).unwrap()));
    assert!(granted(&l.reserve(&gets, now.add_millis(7_000)).unwrap()));
    // Synq reports remaining requests in its IP window.
    let synq = ProviderSpec::builtin("synq").unwrap().policy(None).unwrap();
    let any = synq.plan(&kind("api.GET"), &Scopes::account("x"));
    let mut l = MemoryLedger::new();
    l.correct(
        &any,
        &Correction::Remaining {
            window: "ip.rate".into(),
            remaining: 3,
        },
        now,
    )
    .unwrap();
    let mut n = 0;
    while granted(&l.reserve(&any, now).unwrap()) {
        n += 1;
    }
    assert_eq!(n, 3);
}

/// Synq: 100 a minute per egress IP, shared by every key (account) from that IP.
#[test]
fn synq_window_is_shared_per_ip() {
    let p = ProviderSpec::builtin("synq").unwrap().policy(None).unwrap();
    assert_eq!(p.windows.len(), 1);
    let ip = |account: &str, ip: &str| Scopes {
        account: account.into(),
        ip: ip.into(),
    };
    let a = p.plan(&kind("api.GET"), &ip("key-a", "203.0.113.7"));
    let b = p.plan(&kind("api.POST"), &ip("key-b", "203.0.113.7"));
    let other_ip = p.plan(&kind("api.GET"), &ip("key-a", "198.51.100.1"));
    let mut l = MemoryLedger::new();
    let now = ts("2026-05-05T15:00:00Z");
    for i in 0..100 {
        assert!(granted(
            &l.reserve(if i % 2 == 0 { &a } else { &b }, now).unwrap()
        ));
    }
    assert!(matches!(l.reserve(&a, now).unwrap(), Decision::Wait { .. }));
    assert!(matches!(l.reserve(&b, now).unwrap(), Decision::Wait { .. }));
    assert!(granted(&l.reserve(&other_ip, now).unwrap()));
    // Sliding: one minute (and a millisecond) after the first burst there is room again.
    assert!(granted(
        &l.reserve(&a, now.add_millis(MINUTE_MS + 1)).unwrap()
    ));
}

/// Salync: Growth 500 a day and 20 a minute, Pro 10,000 and 200; midnight-UTC reset; a spent
/// day is a hard stop carrying the reset time.
#[test]
fn salync_plans() {
    let spec = ProviderSpec::builtin("salync").unwrap();
    for (plan, daily, rate) in [("growth", 500, 20), ("pro", 10_000, 200)] {
        let p = spec.policy(Some(plan)).unwrap();
        assert_eq!(p.window("key.daily").unwrap().limit, daily);
        assert_eq!(p.window("key.rate").unwrap().limit, rate);
        let plan_meters = p.plan(&kind("api.GET"), &Scopes::account("k"));
        let mut l = MemoryLedger::new();
        let now = ts("2026-08-20T23:58:00Z");
        let mut n = 0;
        while granted(&l.reserve(&plan_meters, now).unwrap()) {
            n += 1;
        }
        assert_eq!(n, rate, "burst limit");
        spend(&mut l, &plan_meters, "key.daily", now);
        match l
            .reserve(&plan_meters, now.add_millis(MINUTE_MS + 1))
            .unwrap()
        {
            Decision::Exhausted {
                window, resets_at, ..
            } => {
                assert_eq!(
                    (window.as_str(), resets_at),
                    ("key.daily", ts("2026-08-21T00:00:00Z"))
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(granted(
            &l.reserve(&plan_meters, ts("2026-08-21T00:00:00Z")).unwrap()
        ));
    }
    assert_eq!(spec.policy(None).unwrap().plan, "growth");
    assert!(spec.policy(Some("enterprise")).is_err());
}

/// Two clients of one account share every window; two accounts do not.
#[test]
fn scopes_separate_accounts() {
    let p = syncore();
    let a = p.plan(&kind("orders.GET"), &Scopes::account("key-a"));
    let b = p.plan(&kind("orders.GET"), &Scopes::account("key-b"));
    let mut l = MemoryLedger::new();
    let now = ts("2026-05-05T15:00:00Z");
    for _ in 0..90 {
        assert!(granted(&l.reserve(&a, now).unwrap()));
    }
    assert!(!granted(&l.reserve(&a, now).unwrap()));
    assert!(granted(&l.reserve(&b, now).unwrap()));
}

/// Status shows every window and marks the one that binds.
#[test]
fn status_marks_the_binding_window() {
    let p = syncore();
    let scopes = Scopes::account("a");
    let mut l = MemoryLedger::new();
    let now = ts("2026-05-05T15:00:00Z");
    let gets = p.plan(&kind("orders.GET"), &scopes);
    for _ in 0..90 {
        l.reserve(&gets, now).unwrap();
    }
    let rows = l.usage(&p.full_plan(&scopes), now).unwrap();
    assert_eq!(rows.len(), 13);
    let binding: Vec<_> = rows
        .iter()
        .filter(|r| r.binding)
        .map(|r| r.window.as_str())
        .collect();
    assert_eq!(binding, ["orders.GET.rate"]);
    let monthly = rows.iter().find(|r| r.window == "monthly").unwrap();
    assert_eq!(
        (monthly.used, monthly.limit, monthly.kind.as_str()),
        (90, 250_000, "monthly")
    );
    assert_eq!(monthly.resets_at, Some(ts("2026-06-01T05:00:00Z")));
}

#[test]
fn a_block_longer_than_any_window_justifies_is_ignored_and_a_new_one_is_capped() {
    use pacer_sdk_core::quota::MeterStore;
    let p = syncore();
    let gets = p.plan(&kind("orders.GET"), &Scopes::account("a"));
    let now = ts("2026-05-05T15:00:00Z");
    // What an older version stored for `Retry-After: 999999999`: a block until 2058.
    let mut l = MemoryLedger::new();
    for m in &gets.meters {
        l.block(&m.key, ts("2058-01-01T00:00:00Z")).unwrap();
    }
    assert!(granted(&l.reserve(&gets, now).unwrap()), "ignored");
    // Stored now, the same answer is capped per window: the rate window's length, the daily
    // window's next reset in New York.
    let mut l = MemoryLedger::new();
    l.correct(
        &gets,
        &Correction::Blocked {
            until: now.add_millis(999_999_999_000),
            asked: None,
        },
        now,
    )
    .unwrap();
    for m in gets.meters.iter().filter(|m| m.specific) {
        let until = l.blocked_until(&m.key).unwrap();
        let bound = pacer_sdk_core::quota::engine::block_bound(m, now);
        assert_eq!(until, Some(bound), "{}", m.key);
        // The daily window resets at New York midnight, also as fixed -05:00 (05:00Z).
        assert!(bound <= ts("2026-05-06T05:00:00Z"), "{}: {bound}", m.key);
    }
}
