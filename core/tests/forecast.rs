//! Forecasts against what the drive loop then actually schedules.

mod support;

use pacer_sdk_core::quota::policy::MeterRule;
use pacer_sdk_core::quota::{ForecastOptions, MeterStore, RequestKind};
use pacer_sdk_core::{Api, Args, ClientConfig, Timestamp};
use support::*;

fn orders_get() -> RequestKind {
    RequestKind::parse("orders.GET").unwrap()
}

/// Runs `n` sequential job GETs through the drive loop; returns when the last one was sent.
fn run_gets(
    api: &Api,
    ledger: &mut pacer_sdk_core::quota::MemoryLedger,
    start: Timestamp,
    n: u64,
) -> (Timestamp, u64) {
    let mut clock = start;
    let mut last = start;
    let mut sent = 0;
    let mut server = |_: &pacer_sdk_core::Request, _| ok("{\"id\":1}");
    for i in 0..n {
        let mut call = api
            .prepare("jobs.get", &Args::new().path("job_id", i as i64 + 1), clock)
            .unwrap();
        let mut trace = Trace::default();
        match drive(&mut call, &mut clock, ledger, &mut server, &mut trace) {
            Ok(_) => {
                last = trace.sent.last().unwrap().0;
                sent += 1;
            }
            Err(e) => {
                assert_eq!(e.code, "quota_exhausted");
                break;
            }
        }
    }
    (last, sent)
}

/// Presets a calendar window's count (as if those calls were made earlier today).
fn preset(
    ledger: &mut pacer_sdk_core::quota::MemoryLedger,
    api: &Api,
    window: &str,
    used: u64,
    now: Timestamp,
) {
    let plan = api.policy().plan(&orders_get(), api.scopes());
    for m in plan.meters.iter().filter(|m| m.window == window) {
        if let MeterRule::Count { calendar, .. } = &m.rule {
            ledger
                .add(
                    &m.key,
                    calendar.period_start(now),
                    used as i64,
                    calendar.next_start(now),
                )
                .unwrap();
        }
    }
}

#[test]
fn twelve_thousand_order_gets_finish_when_forecast() {
    let api = syncore_api(ClientConfig::default());
    let start = t0();
    let mut ledger = ledger();
    let forecast = support::forecast(
        &api,
        &mut ledger,
        &[(orders_get(), 12_000)],
        start,
        ForecastOptions::default(),
    )
    .unwrap();
    // Independent arithmetic: 90 a minute in bursts; the 91st request may go one minute, the
    // 250 ms latency margin and 1 ms after the first (a closed one-minute interval never holds
    // 91), so 12,000 requests take 133 such steps after the first burst.
    let step = 60_000 + pacer_sdk_core::api::DEFAULT_RATE_MARGIN.as_millis() as i64 + 1;
    assert_eq!(forecast.finish, Some(start.add_millis(133 * step)));
    assert_eq!(forecast.binding_window.as_deref(), Some("orders.GET.rate"));
    assert_eq!(forecast.kinds[0].scheduled, 12_000);
    // The forecast did not touch the ledger; now run the workload for real (virtual time).
    let (last, sent) = run_gets(&api, &mut ledger, start, 12_000);
    assert_eq!(sent, 12_000);
    let interval_ms = 60_000 / 90;
    let gap = (last.as_millis() - forecast.finish.unwrap().as_millis()).abs();
    assert!(
        gap <= interval_ms,
        "forecast {} vs actual {last}: {gap} ms apart",
        forecast.finish.unwrap()
    );
}

#[test]
fn forecast_through_overage_matches_the_schedule() {
    let api = syncore_api(ClientConfig::default());
    let start = t0();
    let mut ledger = ledger();
    preset(&mut ledger, &api, "orders.GET.daily", 19_950, start);
    let forecast = support::forecast(
        &api,
        &mut ledger,
        &[(orders_get(), 500)],
        start,
        ForecastOptions::default(),
    )
    .unwrap();
    assert_eq!(forecast.binding_window.as_deref(), Some("orders.GET.daily"));
    // 50 at the full rate, then 450 at 30 a minute: about 15 minutes.
    let minutes = forecast.duration().unwrap().as_secs_f64() / 60.0;
    assert!((14.0..17.0).contains(&minutes), "{minutes} minutes");
    let (last, sent) = run_gets(&api, &mut ledger, start, 500);
    assert_eq!(sent, 500);
    assert!((last.as_millis() - forecast.finish.unwrap().as_millis()).abs() <= 60_000 / 30);
}

#[test]
fn forecast_reports_the_monthly_cap() {
    let api = syncore_api(ClientConfig::default());
    let start = t0();
    let mut ledger = ledger();
    preset(&mut ledger, &api, "monthly", 249_990, start);
    let forecast = support::forecast(
        &api,
        &mut ledger,
        &[(orders_get(), 100)],
        start,
        ForecastOptions::default(),
    )
    .unwrap();
    assert_eq!(forecast.finish, None);
    assert_eq!(forecast.kinds[0].scheduled, 10);
    assert_eq!(forecast.blocked[0].window, "monthly");
    assert_eq!(
        forecast.blocked[0].resets_at,
        Timestamp::parse_rfc3339("2026-05-01T05:00:00Z").unwrap()
    );
    let (_, sent) = run_gets(&api, &mut ledger, start, 100);
    assert_eq!(sent, 10, "the drive loop stops where the forecast said");
    // Waiting for the reset finishes the rest in May.
    let patient = support::forecast(
        &api,
        &mut ledger,
        &[(orders_get(), 90)],
        start,
        ForecastOptions {
            wait_for_reset: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        patient.kinds[0].first_at,
        Some(Timestamp::parse_rfc3339("2026-05-01T05:00:00Z").unwrap())
    );
}

#[test]
fn mixed_workloads_share_the_monthly_window_and_run_side_by_side() {
    let api = syncore_api(ClientConfig::default());
    let start = t0();
    let mut ledger = ledger();
    let workload = [
        (orders_get(), 5_000),
        (RequestKind::parse("orders.POST").unwrap(), 300),
    ];
    let f = support::forecast(
        &api,
        &mut ledger,
        &workload,
        start,
        ForecastOptions::default(),
    )
    .unwrap();
    // GETs and POSTs have separate rate windows, so the GETs alone set the finish.
    let step = 60_000 + pacer_sdk_core::api::DEFAULT_RATE_MARGIN.as_millis() as i64 + 1;
    assert_eq!(f.finish, Some(start.add_millis((5_000 / 90) * step)));
    assert_eq!(f.kinds[1].last_at, Some(start.add_millis(3 * step)));
    assert!(
        support::forecast(
            &api,
            &mut ledger,
            &[(RequestKind::parse("nothing.GET").unwrap(), 1)],
            start,
            ForecastOptions::default()
        )
        .is_err()
    );
}
