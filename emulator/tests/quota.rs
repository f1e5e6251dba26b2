//! Quota enforcement in virtual time: rate windows, daily limits with overage, the reset at
//! New York midnight (summer and winter), the monthly cap, and what is (not) counted.

mod common;

use std::time::Duration;

use common::*;
use pacer_sdk_emulator::{Emulator, EmulatorConfig, WindowUsage};
use serde_json::json;

fn usage(emu: &Emulator, id: &str) -> WindowUsage {
    emu.usage()
        .into_iter()
        .find(|w| w.window == id)
        .unwrap_or_else(|| panic!("no window {id}"))
}

fn ms(d: i64) -> Duration {
    Duration::from_millis(d as u64)
}

/// Advances `emu` to exactly `t`.
fn advance_to(emu: &Emulator, t: &str) {
    let target = ts(t).as_millis();
    emu.advance(ms(target - emu.now().as_millis())).unwrap();
    assert_eq!(emu.now(), ts(t));
}

#[test]
fn the_91st_orders_get_in_a_minute_is_refused_and_not_counted() {
    // 10:00 in New York: the minute it spans stays in one day and month, whose counts it checks.
    let emu = emulator_at("2026-11-22T15:00:00Z", 50, None);
    let http = Http::new(&emu);
    let t0 = emu.now();
    for i in 0..90 {
        assert_eq!(
            http.get("/v2/orders/product-indices").status,
            200,
            "request {i}"
        );
        emu.advance(ms(500)).unwrap();
    }
    // 90 requests from t0 to t0 + 44.5 s; now t0 + 45 s.
    let refused = http.get("/v2/orders/product-indices");
    assert_eq!(refused.status, 429);
    assert_eq!(
        refused.json,
        json!({"message": "Rate limit exceeded for orders.GET.rate"})
    );
    assert_eq!(
        refused.retry_after,
        Some(15),
        "the first request leaves the window at t0 + 60 s"
    );
    assert_eq!(usage(&emu, "orders.GET.rate").used, 90);
    assert_eq!(
        usage(&emu, "orders.GET.rate").resets_at,
        Some(t0.add_millis(60_000))
    );
    let last = emu.requests().pop().unwrap();
    assert_eq!((last.status, last.counted), (429, false));
    // Other groups and methods have budgets of their own.
    assert_eq!(http.get("/v2/crm/client-groups").status, 200);
    // A partial second rounds up; the boundary is half-open: at exactly t0 + 60 s it passes.
    emu.advance(ms(14_750)).unwrap();
    assert_eq!(http.get("/v2/orders/product-indices").retry_after, Some(1));
    emu.advance(ms(249)).unwrap();
    assert_eq!(http.get("/v2/orders/product-indices").status, 429);
    emu.advance(ms(1)).unwrap();
    assert_eq!(emu.now(), t0.add_millis(60_000));
    assert_eq!(http.get("/v2/orders/product-indices").status, 200);
    assert_eq!(
        http.get("/v2/orders/product-indices").status,
        429,
        "the freed slot is taken"
    );
    assert_eq!(usage(&emu, "orders.GET.rate").used, 90);
    assert_eq!(usage(&emu, "orders.GET.daily").used, 91);
    assert_eq!(usage(&emu, "monthly").used, 92);
}

const SHRUNK: &str = r#"
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 20, period = "1m" },
  { id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 50, period = "day", zones = ["-05:00", "America/New_York"], overage = { limit = 5, period = "1m" } },
  { id = "orders.POST.rate", group = "orders", method = "POST", kind = "rate", limit = 20, period = "1m" },
  { id = "monthly", kind = "calendar", limit = 250000, period = "month", zones = ["UTC"] },
]
"#;

/// A client that honours Retry-After by moving the virtual clock; returns accepted instants.
fn drive(emu: &Emulator, path: &str, accepted: usize) -> (Vec<i64>, Vec<String>) {
    let http = Http::new(emu);
    let mut times = Vec::new();
    let mut binding = Vec::new();
    while times.len() < accepted {
        let at = emu.now().as_millis();
        let a = http.get(path);
        match a.status {
            200 => {
                times.push(at);
                emu.advance(ms(100)).unwrap();
            }
            429 => {
                binding.push(a.json["message"].as_str().unwrap().to_string());
                emu.advance(Duration::from_secs(a.retry_after.expect("Retry-After")))
                    .unwrap();
            }
            s => panic!("{s}: {}", a.text),
        }
    }
    (times, binding)
}

fn max_in(times: &[i64], window: i64) -> usize {
    (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|t| **t < times[i] + window)
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn a_spent_daily_window_continues_at_the_overage_pace() {
    // 15:00 UTC (10:00 in New York): the day has room for the run, whose reset is checked.
    let emu = emulator_at("2026-11-22T15:00:00Z", 50, Some(SHRUNK));
    let (times, binding) = drive(&emu, "/v2/orders/product-indices", 100);
    let (normal, overage) = times.split_at(50);
    assert!(max_in(normal, 60_000) <= 20);
    assert_eq!(max_in(normal, 60_000), 20, "the full rate is usable");
    assert!(max_in(overage, 60_000) <= 5, "overage pace: 5 a minute");
    let minutes = (overage[49] - overage[0]) as f64 / 60_000.0;
    assert!(
        (9.0..=10.5).contains(&minutes),
        "50 overage requests took {minutes} minutes"
    );
    assert!(binding.iter().any(|m| m.ends_with("orders.GET.rate")));
    assert!(
        binding.iter().any(|m| m.ends_with("orders.GET.daily")),
        "the overage pace binds"
    );
    let daily = usage(&emu, "orders.GET.daily");
    assert!(daily.in_overage);
    assert_eq!((daily.used, daily.limit), (100, 50));
    assert_eq!(daily.resets_at, Some(ts("2026-11-23T05:00:00Z")));
    assert!(!usage(&emu, "orders.GET.rate").in_overage);
    // POSTs have their own daily budget (none here): still at full speed.
    let http = Http::new(&emu);
    let contact =
        json!({"client_id": 1001, "description": "x", "primary_rep_email": "a@b.example"});
    for _ in 0..20 {
        assert_eq!(http.post("/v2/orders/jobs", &contact).status, 201);
    }
}

fn daily_ten(zone_note: &str) -> String {
    format!(
        r#"
[quota.plans.standard]
windows = [
  {{ id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 10, period = "day", zones = [{zone_note}] }},
]
"#
    )
}

fn check_reset(start: &str, reset: &str, day_zone: &str) {
    let emu = Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        start: Some(ts(start)),
        jobs: 20,
        day_zone: day_zone.into(),
        spec_overrides: Some(daily_ten("\"America/New_York\"")),
        ..Default::default()
    })
    .unwrap();
    let http = Http::new(&emu);
    for _ in 0..10 {
        assert_eq!(http.get("/v2/orders/card-types").status, 200);
    }
    let refused = http.get("/v2/orders/card-types");
    assert_eq!(refused.status, 429);
    assert_eq!(
        refused.json["message"],
        "Rate limit exceeded for orders.GET.daily"
    );
    let wait = (ts(reset).as_millis() - emu.now().as_millis()) / 1000;
    assert_eq!(refused.retry_after, Some(wait as u64), "until {reset}");
    assert_eq!(usage(&emu, "orders.GET.daily").resets_at, Some(ts(reset)));
    advance_to(&emu, &ts(reset).add_millis(-1).to_rfc3339());
    assert_eq!(
        http.get("/v2/orders/card-types").status,
        429,
        "one millisecond before {reset}"
    );
    emu.advance(ms(1)).unwrap();
    for _ in 0..10 {
        assert_eq!(
            http.get("/v2/orders/card-types").status,
            200,
            "a fresh day from {reset}"
        );
    }
    assert_eq!(http.get("/v2/orders/card-types").status, 429);
}

#[test]
fn the_daily_reset_is_new_york_midnight_in_winter_and_summer() {
    check_reset(
        "2026-01-14T23:00:00Z",
        "2026-01-15T05:00:00Z",
        "America/New_York",
    );
    check_reset(
        "2026-07-14T23:00:00Z",
        "2026-07-15T04:00:00Z",
        "America/New_York",
    );
    // Read as a fixed UTC-5 instead, summer midnight is an hour later.
    check_reset("2026-07-14T23:00:00Z", "2026-07-15T05:00:00Z", "-05:00");
    // Across the spring-forward night the day is 23 hours long.
    check_reset(
        "2026-03-08T12:00:00Z",
        "2026-03-09T04:00:00Z",
        "America/New_York",
    );
}

#[test]
fn the_monthly_cap_refuses_until_the_month_resets() {
    let overrides = r#"
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 90, period = "1m" },
  { id = "monthly", kind = "calendar", limit = 30, period = "month", zones = ["UTC", "-05:00", "America/New_York"] },
]
"#;
    let emu = emulator_at("2026-01-31T20:00:00Z", 20, Some(overrides));
    let http = Http::new(&emu);
    for i in 0..30 {
        let path = if i % 2 == 0 {
            "/v2/orders/suppliers"
        } else {
            "/v2/crm/payment-terms"
        };
        assert_eq!(http.get(path).status, 200);
        emu.advance(Duration::from_secs(60)).unwrap();
    }
    for path in ["/v2/orders/suppliers", "/v2/crm/payment-terms"] {
        let a = http.get(path);
        assert_eq!(a.status, 429);
        assert_eq!(a.json["message"], "Rate limit exceeded for monthly");
        let wait = (ts("2026-02-01T05:00:00Z").as_millis() - emu.now().as_millis() + 999) / 1000;
        assert_eq!(a.retry_after, Some(wait as u64));
    }
    let p = http.post(
        "/v2/crm/contacts",
        &json!({"first_name": "A", "last_name": "B", "email": "a@b.example"}),
    );
    assert_eq!(p.status, 429, "the cap spans every endpoint and method");
    advance_to(&emu, "2026-02-01T04:59:59Z");
    assert_eq!(
        http.get("/v2/orders/suppliers").status,
        429,
        "UTC's new month is not New York's"
    );
    advance_to(&emu, "2026-02-01T05:00:00Z");
    assert_eq!(http.get("/v2/orders/suppliers").status, 200);
    let m = usage(&emu, "monthly");
    assert_eq!((m.used, m.resets_at), (1, Some(ts("2026-03-01T05:00:00Z"))));
}

#[test]
fn only_requests_that_reach_an_endpoint_are_counted() {
    let emu = emulator(50, None);
    let http = Http::new(&emu);
    Http::new(&emu).key(None).get("/v2/orders/suppliers"); // 401
    Http::new(&emu)
        .ua(Some("curl/8"))
        .get("/v2/orders/suppliers"); // 403
    http.get("/v2/orders/nothing"); // 404 route
    http.send("DELETE", "/v2/orders/jobs/30010", None); // 405
    assert!(emu.usage().iter().all(|w| w.used == 0));
    assert_eq!(http.get("/v2/orders/jobs/1").status, 404); // unknown record: counted
    assert_eq!(http.get("/v2/orders/jobs").status, 400); // validation: counted
    assert_eq!(usage(&emu, "orders.GET.rate").used, 2);
    let counted: Vec<bool> = emu.requests().iter().map(|r| r.counted).collect();
    assert_eq!(counted, [false, false, false, false, true, true]);

    // With enforcement off nothing is refused, but usage is still reported.
    let free = unmetered(20);
    let http = Http::new(&free);
    for _ in 0..120 {
        assert_eq!(http.get("/v2/crm/client-groups").status, 200);
    }
    assert_eq!(usage(&free, "crm.GET.rate").used, 120);
}
