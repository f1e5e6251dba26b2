//! A full day of quota in virtual time against the emulator: the daily limit, the overage pace,
//! the reset at the right Eastern midnight, and the monthly cap. Zero 429s throughout.

mod common;

use common::*;
use pacer_sdk::ErrorKind;
use pacer_sdk::models::ClientGroup;
use pacer_sdk_core::Timestamp;
use pacer_sdk_emulator::{Emulator, EmulatorConfig};

fn ts(s: &str) -> Timestamp {
    Timestamp::parse_rfc3339(s).unwrap()
}

fn emulator_at(start: &str, overrides: Option<&str>) -> Emulator {
    Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        start: Some(ts(start)),
        jobs: 300,
        spec_overrides: overrides.map(str::to_string),
        ..Default::default()
    })
    .unwrap()
}

/// Sent times (virtual) of the client-groups lists (crm GETs) the emulator accepted.
fn crm_gets(emu: &Emulator) -> Vec<i64> {
    emu.requests()
        .iter()
        .filter(|r| r.endpoint.as_deref() == Some("client_groups.list"))
        .map(|r| r.at.as_millis())
        .collect()
}

/// /crm GET: 10,000 a day at up to 60 a minute, then 20 a minute until 00:00 EST.
#[test]
fn a_day_of_crm_reads_in_winter() {
    let emu = emulator_at("2026-01-14T13:00:00Z", None);
    let c = client(&emu);
    for _ in 0..10_150 {
        let groups: Vec<ClientGroup> = c
            .client_groups()
            .list()
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(!groups.is_empty());
    }
    let times = crm_gets(&emu);
    assert_eq!(times.len(), 10_150);
    assert!(
        emu.requests().iter().all(|r| r.status == 200),
        "not a single 429"
    );
    // The first 10,000 at the full rate: 60 a minute, so about 167 minutes.
    assert!(max_in_window(&times[..10_000], 60_000) <= 60);
    let normal_span = (times[9_999] - times[0]) as f64 / 60_000.0;
    assert!(
        (166.0..=168.5).contains(&normal_span),
        "{normal_span} minutes"
    );
    // Then overage: 20 a minute, never faster.
    let overage = &times[10_000..];
    assert!(max_in_window(overage, 60_000) <= 20);
    let overage_span = (overage[overage.len() - 1] - overage[0]) as f64 / 60_000.0;
    assert!(
        (6.9..=8.5).contains(&overage_span),
        "150 overage reads took {overage_span} minutes"
    );
    let status = c.quota_status().unwrap();
    let daily = status.iter().find(|w| w.window == "crm.GET.daily").unwrap();
    assert!(daily.in_overage);
    assert_eq!(
        daily.resets_at,
        Some(ts("2026-01-15T05:00:00Z")),
        "midnight EST is 05:00 UTC in winter"
    );
    // At Eastern midnight the day resets: back to 60 a minute.
    emu.advance(std::time::Duration::from_millis(
        (ts("2026-01-15T05:00:00Z").as_millis() - emu.now().as_millis()) as u64,
    ))
    .unwrap();
    for _ in 0..120 {
        c.client_groups()
            .list()
            .unwrap()
            .for_each(|g| assert!(g.is_ok()));
    }
    let after: Vec<i64> = crm_gets(&emu)
        .into_iter()
        .filter(|t| *t >= ts("2026-01-15T05:00:00Z").as_millis())
        .collect();
    assert_eq!(after.len(), 120);
    let span = (after[119] - after[0]) as f64 / 60_000.0;
    assert!(
        (1.0..=1.1).contains(&span),
        "120 reads after the reset took {span} minutes (60/min)"
    );
    assert!(emu.requests().iter().all(|r| r.status == 200));
}

/// In summer New York midnight is 04:00 UTC but 00:00 EST is 05:00 UTC: pacer keeps the
/// overage pace until both readings have reset, so neither is ever overspent.
#[test]
fn summer_reset_waits_for_est_midnight() {
    let overrides = r#"
[quota.plans.standard]
windows = [
  { id = "crm.GET.rate", group = "crm", method = "GET", kind = "rate", limit = 60, period = "1m" },
  { id = "crm.GET.daily", group = "crm", method = "GET", kind = "calendar", limit = 2000, period = "day", zones = ["-05:00", "America/New_York"], overage = { limit = 20, period = "1m" } },
]"#;
    let emu = emulator_at("2026-07-15T03:00:00Z", Some(overrides));
    let c = builder(&emu)
        .spec_overrides(overrides)
        .build_syncore()
        .unwrap();
    while emu.now() < ts("2026-07-15T05:10:00Z") {
        c.client_groups()
            .list()
            .unwrap()
            .for_each(|g| assert!(g.is_ok()));
    }
    let times = crm_gets(&emu);
    let between = |a: &str, b: &str| {
        times
            .iter()
            .filter(|t| **t >= ts(a).as_millis() && **t < ts(b).as_millis())
            .count()
    };
    // 04:00-05:00 UTC: a new day in New York, still the old day in EST: overage pace.
    let edt_hour = between("2026-07-15T04:00:00Z", "2026-07-15T05:00:00Z");
    assert!(
        (1_180..=1_200).contains(&edt_hour),
        "{edt_hour} reads between 04:00 and 05:00 UTC"
    );
    // From 05:00 UTC the EST day is fresh and the New York day has room (its first hour
    // counted ~1,200 of 2,000): the full 60 a minute again.
    let after = between("2026-07-15T05:00:00Z", "2026-07-15T05:02:00Z");
    assert!(
        (118..=120).contains(&after),
        "{after} reads in the two minutes after 05:00 UTC"
    );
    assert!(emu.requests().iter().all(|r| r.status == 200));
}

/// The monthly aggregate (shrunk to 500 here) stops calls with a quota error that says when
/// the month resets; the next month starts fresh.
#[test]
fn monthly_cap_stops_until_the_month_resets() {
    let overrides = r#"
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 90, period = "1m" },
  { id = "monthly", kind = "calendar", limit = 500, period = "month", zones = ["UTC", "-05:00", "America/New_York"] },
]"#;
    let emu = emulator_at("2026-01-31T20:00:00Z", Some(overrides));
    let c = builder(&emu)
        .spec_overrides(overrides)
        .build_syncore()
        .unwrap();
    let mut ok = 0;
    let err = loop {
        match c.product_indices().list().unwrap().next().unwrap() {
            Ok(_) => ok += 1,
            Err(e) => break e,
        }
    };
    assert_eq!(ok, 500);
    assert_eq!(
        (err.kind, err.code.as_str()),
        (ErrorKind::Quota, "quota_exhausted")
    );
    assert_eq!(err.resets_at, Some(ts("2026-02-01T05:00:00Z")));
    assert!(err.message.contains("monthly"));
    let sent_before = emu.requests().len();
    assert_eq!(sent_before, 500, "the refused call sent nothing");
    emu.advance(std::time::Duration::from_millis(
        (ts("2026-02-01T05:00:00Z").as_millis() - emu.now().as_millis()) as u64,
    ))
    .unwrap();
    assert!(c.product_indices().list().unwrap().next().unwrap().is_ok());
    assert!(emu.requests().iter().all(|r| r.status == 200));
}

/// A client pointed at an in-process emulator runs on that emulator's clock without being
/// handed it, so advancing the emulator's virtual clock is what the client sees.
#[test]
fn a_client_following_an_emulator_clock_shares_its_virtual_time() {
    let emu = emulator_at("2026-03-01T12:00:00Z", None);
    let builder = || {
        pacer_sdk::Syncore::builder()
            .api_key(emu.api_key())
            .user_agent("AcmeSync/1.0")
            .base_url(emu.base_url())
            .ledger("memory")
    };
    // Nothing is looked up behind the caller's back: without a clock a client runs on real time.
    let unaware = builder().build_syncore().unwrap();
    let real = pacer_sdk::clock::system_now();
    assert!(unaware.client().now().since(real) < std::time::Duration::from_secs(60));
    assert!(unaware.client().now() > emu.now());
    // The setting other processes use (`--clock`, `PACER_CLOCK`) follows the admin clock.
    let clock = pacer_sdk::clock_from_setting(&format!("emulator:{}", emu.root_url())).unwrap();
    let c = builder().clock(clock.clone()).build_syncore().unwrap();
    assert_eq!(c.client().now(), emu.now());
    emu.advance(std::time::Duration::from_secs(86_400)).unwrap();
    assert_eq!(c.client().now(), ts("2026-03-02T12:00:00Z"));
    // Waiting for quota advances the emulator's clock instead of sleeping: a driver sleeps
    // `real_delay` and then advances the clock, and a minute of it costs no real time.
    assert_eq!(
        pacer_sdk::Clock::real_delay(clock.as_ref(), emu.now().add_millis(60_000)),
        std::time::Duration::ZERO,
        "no real minute to wait"
    );
    for _ in 0..91 {
        c.product_indices()
            .list()
            .unwrap()
            .for_each(|r| assert!(r.is_ok()));
    }
    assert!(
        emu.now() >= ts("2026-03-02T12:01:00Z"),
        "the 91st waited a minute"
    );
}

#[test]
fn clock_settings_are_checked() {
    for (setting, code) in [
        ("sundial", "invalid_clock"),
        ("emulator:https://api.example.com", "invalid_clock"),
        ("emulator:http://10.0.0.1:8080", "invalid_clock"),
    ] {
        let err = pacer_sdk::clock_from_setting(setting).err().unwrap();
        assert_eq!(err.code, code, "{setting}: {err}");
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = pacer_sdk::clock_from_setting(&format!("emulator:http://127.0.0.1:{port}"))
        .err()
        .unwrap();
    assert_eq!(err.code, "emulator_clock_failed");
    assert_eq!(
        pacer_sdk::clock_from_setting("system").unwrap().describe(),
        "real time"
    );
}
