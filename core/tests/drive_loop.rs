//! The drive loop contract: send, wait, retry, refund, fail; and what never happens
//! (a blind retry of a write, a request built from invalid input, a misuse ignored).

mod support;

use std::time::Duration;

use pacer_sdk_core::call::LedgerUpdate;
use pacer_sdk_core::quota::policy::MeterRule;
use pacer_sdk_core::quota::{Correction, Decision, Ledger, MeterStore, WindowUsage};
use pacer_sdk_core::{
    Args, ClientConfig, Error, ErrorKind, Poll, Response, RetryPolicy, TransportFailure, WaitCause,
    WaitPolicy,
};
use serde_json::json;
use support::*;

/// A per-minute rate window as the client keeps it: the minute plus the network margin.
const MINUTE_WINDOW: Duration =
    Duration::from_secs(60).saturating_add(pacer_sdk_core::api::DEFAULT_RATE_MARGIN);

fn job_get(id: i64) -> Args {
    Args::new().path("job_id", id)
}

fn so_create() -> Args {
    Args::new().path("job_id", 31987).body(json!({
        "bill_to": {"first_name": "Dana", "last_name": "Whitfield", "address1": "12 Quay St", "city": "Portland", "country": "US"},
        "ship_to": {"first_name": "Dana", "last_name": "Whitfield", "address1": "12 Quay St", "city": "Portland", "country": "US"},
        "customer_order_number": "HRC-11"
    }))
}

fn used(
    ledger: &mut impl Ledger,
    api: &pacer_sdk_core::Api,
    window: &str,
    now: pacer_sdk_core::Timestamp,
) -> u64 {
    let rows: Vec<WindowUsage> = status(api, ledger, now);
    rows.into_iter().find(|r| r.window == window).unwrap().used
}

#[test]
fn a_get_builds_the_right_request_without_credentials() {
    let api = syncore_api(ClientConfig::default());
    let mut call = api.prepare("jobs.get", &job_get(31987), t0()).unwrap();
    let mut l = ledger();
    let Poll::Send(req) = step(&mut call, t0(), &mut l) else {
        panic!()
    };
    assert_eq!(
        (req.method.as_str(), req.url.as_str()),
        ("GET", "https://api.syncore.app/v2/orders/jobs/31987")
    );
    assert_eq!(req.header("user-agent"), Some("AcmeSync/1.0"));
    assert_eq!(req.header("accept"), Some("application/json"));
    assert_eq!(
        req.header("x-api-key"),
        None,
        "only the transport adds the key"
    );
    assert!(!format!("{req:?}").contains("secret-key"));
    call.handle(Response::new(200, b"{\"id\":31987}".to_vec()), t0());
    assert!(matches!(step(&mut call, t0(), &mut l), Poll::Done(r) if r.status == 200));
    assert!(
        matches!(step(&mut call, t0(), &mut l), Poll::Fail(e) if e.code == "drive_loop_misuse")
    );
}

#[test]
fn misuse_of_the_loop_fails_loudly() {
    let api = syncore_api(ClientConfig::default());
    let mut l = ledger();
    let mut call = api.prepare("jobs.get", &job_get(1), t0()).unwrap();
    assert!(matches!(step(&mut call, t0(), &mut l), Poll::Send(_)));
    match step(&mut call, t0(), &mut l) {
        Poll::Fail(e) => assert_eq!(
            (e.kind, e.code.as_str()),
            (ErrorKind::Config, "drive_loop_misuse")
        ),
        other => panic!("{other:?}"),
    }
    let mut fresh = api.prepare("jobs.get", &job_get(1), t0()).unwrap();
    fresh.handle(Response::new(200, Vec::new()), t0());
    assert!(
        matches!(step(&mut fresh, t0(), &mut l), Poll::Fail(e) if e.code == "drive_loop_misuse")
    );
}

#[test]
fn validation_fails_before_any_request_or_quota() {
    let api = syncore_api(ClientConfig::default());
    let mut l = ledger();
    let bad = Args::new()
        .query("date_from", "2026-02-30")
        .query("status", "Open");
    let err = api.prepare("jobs.search", &bad, t0()).err().unwrap();
    assert_eq!(err.kind, ErrorKind::Validation);
    let fields: Vec<_> = err
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.rule.as_str()))
        .collect();
    assert_eq!(
        fields,
        [("date_from", "format.date"), ("date_to", "required")]
    );
    let err = api
        .prepare(
            "sales_orders.create",
            &Args::new().path("job_id", 0).body(json!({})),
            t0(),
        )
        .err()
        .unwrap();
    assert!(
        err.errors
            .iter()
            .any(|e| e.field == "job_id" && e.rule == "format.id")
    );
    assert!(
        err.errors
            .iter()
            .any(|e| e.field == "bill_to" && e.rule == "required")
    );
    assert_eq!(used(&mut l, &api, "orders.GET.rate", t0()), 0);
    assert_eq!(used(&mut l, &api, "monthly", t0()), 0);
}

#[test]
fn a_429_blocks_the_kind_and_the_call_retries_after_retry_after() {
    let api = syncore_api(ClientConfig::default());
    let mut l = ledger();
    let mut clock = t0();
    let mut trace = Trace::default();
    let mut first = true;
    let mut server = |_: &pacer_sdk_core::Request, _| {
        if std::mem::take(&mut first) {
            Ok(Response::new(429, b"slow down".to_vec()).with_header("Retry-After", "7"))
        } else {
            ok("{\"id\":5}")
        }
    };
    let mut call = api.prepare("jobs.get", &job_get(5), clock).unwrap();
    let r = drive(&mut call, &mut clock, &mut l, &mut server, &mut trace).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(trace.sent.len(), 2);
    assert_eq!(
        trace.sent[1].0,
        t0().add_millis(7_000),
        "the retry waits exactly Retry-After"
    );
    assert!(matches!(
        trace.waits[0].1,
        WaitCause::Quota {
            reason: pacer_sdk_core::quota::WaitReason::ServerBlock,
            ..
        }
    ));
    // Both attempts reached the server, so both count.
    assert_eq!(used(&mut l, &api, "orders.GET.daily", clock), 2);
}

#[test]
fn a_429_on_a_write_is_retried_because_it_was_not_processed() {
    let api = syncore_api(ClientConfig::default());
    let mut l = ledger();
    let mut clock = t0();
    let mut trace = Trace::default();
    let mut n = 0;
    let mut server = |_: &pacer_sdk_core::Request, _| {
        n += 1;
        if n == 1 {
            Ok(Response::new(429, Vec::new()))
        } else {
            Ok(Response::new(201, b"{\"id\":40455}".to_vec()))
        }
    };
    let mut call = api
        .prepare("sales_orders.create", &so_create(), clock)
        .unwrap();
    assert_eq!(
        drive(&mut call, &mut clock, &mut l, &mut server, &mut trace)
            .unwrap()
            .status,
        201
    );
    assert_eq!(trace.sent.len(), 2);
    assert_eq!(
        trace.sent[1].0,
        t0().plus(MINUTE_WINDOW),
        "without Retry-After the server's per-minute window is taken as full for its length"
    );
}

#[test]
fn a_429_without_retry_after_marks_the_window_full_for_every_caller_of_the_ledger() {
    let api = syncore_api(ClientConfig::default());
    let mut l = ledger();
    let mut clock = t0();
    let mut trace = Trace::default();
    // The first caller gets a bare 429 and gives up at once (one attempt allowed).
    let api_once = syncore_api(ClientConfig {
        retry: RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        },
        wait: WaitPolicy {
            max_wait: Some(Duration::ZERO),
            ..WaitPolicy::default()
        },
        ..ClientConfig::default()
    });
    let mut refuse = |_: &pacer_sdk_core::Request, _| Ok(Response::new(429, Vec::new()));
    let mut call = api_once.prepare("jobs.get", &job_get(5), clock).unwrap();
    let e = drive(&mut call, &mut clock, &mut l, &mut refuse, &mut trace).unwrap_err();
    assert_eq!(e.retry_after, Some(MINUTE_WINDOW));
    let row = status(&api, &mut l, clock)
        .into_iter()
        .find(|r| r.window == "orders.GET.rate")
        .unwrap();
    assert_eq!(row.blocked_until, Some(t0().plus(MINUTE_WINDOW)));
    // A second caller on the same ledger waits for the window instead of finding the 429 itself.
    let mut trace = Trace::default();
    let mut ok = |_: &pacer_sdk_core::Request, _| Ok(Response::new(200, b"{\"id\":5}".to_vec()));
    let mut call = api.prepare("jobs.get", &job_get(5), clock).unwrap();
    drive(&mut call, &mut clock, &mut l, &mut ok, &mut trace).unwrap();
    assert_eq!(trace.sent.len(), 1);
    assert_eq!(trace.sent[0].0, t0().plus(MINUTE_WINDOW));
}

#[test]
fn server_errors_retry_reads_but_never_writes() {
    let api = syncore_api(ClientConfig {
        retry: RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(2),
        },
        ..ClientConfig::default()
    });
    let mut l = ledger();
    let mut clock = t0();
    let mut trace = Trace::default();
    let mut server = |_: &pacer_sdk_core::Request, _| {
        Ok(Response::new(
            503,
            b"{\"message\":\"maintenance\"}".to_vec(),
        ))
    };
    let mut call = api.prepare("jobs.get", &job_get(5), clock).unwrap();
    let err = drive(&mut call, &mut clock, &mut l, &mut server, &mut trace)
        .err()
        .unwrap();
    assert_eq!(trace.sent.len(), 4);
    assert_eq!((err.kind, err.status), (ErrorKind::Api, Some(503)));
    assert_eq!(err.body.as_deref(), Some("{\"message\":\"maintenance\"}"));
    assert!(err.message.contains("maintenance"));
    // Backoff grows and stays within the cap.
    let gaps: Vec<i64> = trace
        .sent
        .windows(2)
        .map(|w| w[1].0.as_millis() - w[0].0.as_millis())
        .collect();
    assert!(gaps.iter().all(|g| (100..=2_000).contains(g)), "{gaps:?}");

    let mut trace = Trace::default();
    let mut write = api
        .prepare("sales_orders.create", &so_create(), clock)
        .unwrap();
    let mut server = |_: &pacer_sdk_core::Request, _| Ok(Response::new(500, b"oops".to_vec()));
    let err = drive(&mut write, &mut clock, &mut l, &mut server, &mut trace)
        .err()
        .unwrap();
    assert_eq!(
        trace.sent.len(),
        1,
        "a write whose outcome is unknown is never repeated blindly"
    );
    assert_eq!(
        (err.code.as_str(), err.status),
        ("write_outcome_unknown", Some(500))
    );
}

#[test]
fn transport_failures_refund_or_report_unknown_outcomes() {
    let api = syncore_api(ClientConfig::default());
    let mut l = ledger();
    let mut clock = t0();
    // Not sent: refunded, and even a write is retried.
    let mut trace = Trace::default();
    let mut n = 0;
    let mut server = |_: &pacer_sdk_core::Request, _| {
        n += 1;
        if n == 1 {
            Err(TransportFailure::NotSent("connection refused".into()))
        } else {
            Ok(Response::new(201, b"{}".to_vec()))
        }
    };
    let mut call = api
        .prepare("sales_orders.create", &so_create(), clock)
        .unwrap();
    drive(&mut call, &mut clock, &mut l, &mut server, &mut trace).unwrap();
    assert_eq!(trace.sent.len(), 2);
    assert_eq!(
        used(&mut l, &api, "orders.POST.daily", clock),
        1,
        "the refused attempt was refunded"
    );
    // Unknown outcome on a write: reported, not retried, quota kept.
    let mut trace = Trace::default();
    let mut server = |_: &pacer_sdk_core::Request, _| {
        Err(TransportFailure::Unknown("timed out after sending".into()))
    };
    let mut call = api
        .prepare("sales_orders.create", &so_create(), clock)
        .unwrap();
    let err = drive(&mut call, &mut clock, &mut l, &mut server, &mut trace)
        .err()
        .unwrap();
    assert_eq!(
        (err.kind, err.code.as_str()),
        (ErrorKind::Transport, "write_outcome_unknown")
    );
    assert_eq!(trace.sent.len(), 1);
    assert_eq!(used(&mut l, &api, "orders.POST.daily", clock), 2);
    // Unknown outcome on a read: retried.
    let mut trace = Trace::default();
    let mut n = 0;
    let mut server = |_: &pacer_sdk_core::Request, _| {
        n += 1;
        if n < 3 {
            Err(TransportFailure::Unknown("reset".into()))
        } else {
            ok("{}")
        }
    };
    let mut call = api.prepare("jobs.get", &job_get(9), clock).unwrap();
    drive(&mut call, &mut clock, &mut l, &mut server, &mut trace).unwrap();
    assert_eq!(trace.sent.len(), 3);
}

#[test]
fn quota_waits_are_bounded_and_exhaustion_carries_the_reset() {
    let api = syncore_api(ClientConfig {
        wait: WaitPolicy {
            max_wait: Some(Duration::from_secs(5)),
            wait_for_reset: false,
        },
        ..ClientConfig::default()
    });
    let mut l = ledger();
    let now = t0();
    // Fill the minute.
    let plan = api
        .prepare("jobs.get", &job_get(1), now)
        .unwrap()
        .plan()
        .clone();
    for _ in 0..90 {
        assert!(matches!(
            l.reserve(&plan, now).unwrap(),
            Decision::Granted(_)
        ));
    }
    let mut call = api.prepare("jobs.get", &job_get(1), now).unwrap();
    match step(&mut call, now, &mut l) {
        Poll::Fail(e) => {
            assert_eq!(
                (e.kind, e.code.as_str()),
                (ErrorKind::Quota, "quota_wait_too_long")
            );
            assert!(e.retry_after.unwrap() > Duration::from_secs(59));
            assert!(e.scope.as_deref().unwrap().contains("orders.GET.rate"));
        }
        other => panic!("{other:?}"),
    }
    // Spend the month: a hard stop with the reset time (05:00 UTC on May 1, EST reading).
    for m in plan.meters.iter().filter(|m| m.window == "monthly") {
        if let MeterRule::Count {
            limit, calendar, ..
        } = &m.rule
        {
            l.add(
                &m.key,
                calendar.period_start(now),
                *limit as i64,
                calendar.next_start(now),
            )
            .unwrap();
        }
    }
    let later = now.add_millis(120_000);
    let mut call = api.prepare("jobs.get", &job_get(1), later).unwrap();
    let resets = pacer_sdk_core::Timestamp::parse_rfc3339("2026-05-01T05:00:00Z").unwrap();
    match step(&mut call, later, &mut l) {
        Poll::Fail(e) => {
            assert_eq!(
                (e.kind, e.code.as_str()),
                (ErrorKind::Quota, "quota_exhausted")
            );
            assert_eq!(e.resets_at, Some(resets));
            assert!(e.message.contains("2026-05-01T05:00:00Z"));
        }
        other => panic!("{other:?}"),
    }
    // A caller who asks to wait for the reset is told to wait until then.
    let patient = syncore_api(ClientConfig {
        wait: WaitPolicy {
            max_wait: None,
            wait_for_reset: true,
        },
        ..ClientConfig::default()
    });
    let mut call = patient.prepare("jobs.get", &job_get(1), later).unwrap();
    assert!(
        matches!(step(&mut call, later, &mut l), Poll::Wait { until, cause: WaitCause::Reset { .. } } if until == resets)
    );
}

#[test]
fn error_bodies_keep_status_body_and_field_errors() {
    let api = syncore_api(ClientConfig::default());
    let mut l = ledger();
    let mut clock = t0();
    let body = r#"{"title":"One or more validation errors occurred.","errors":{"LastName":["LastName is required"]}}"#;
    let mut server =
        |_: &pacer_sdk_core::Request, _| Ok(Response::new(400, body.as_bytes().to_vec()));
    let mut call = api
        .prepare("sales_orders.create", &so_create(), clock)
        .unwrap();
    let err = drive(
        &mut call,
        &mut clock,
        &mut l,
        &mut server,
        &mut Trace::default(),
    )
    .err()
    .unwrap();
    assert_eq!((err.status, err.body.as_deref()), (Some(400), Some(body)));
    assert_eq!(err.errors[0].field, "LastName");
    assert!(err.message.contains("One or more validation errors"));
    let mut server = |_: &pacer_sdk_core::Request, _| Ok(Response::new(401, b"".to_vec()));
    let mut call = api.prepare("jobs.get", &job_get(1), clock).unwrap();
    let err = drive(
        &mut call,
        &mut clock,
        &mut l,
        &mut server,
        &mut Trace::default(),
    )
    .err()
    .unwrap();
    assert_eq!(err.code, "unauthorized");
    assert!(err.message.contains("API key"));
}

/// Walks 23 jobs when the server clamps pages to 7 records and sends no links: the walk must
/// not stop at the first short page.
#[test]
fn list_walk_over_clamped_pages() {
    let api = syncore_api(ClientConfig::default());
    let mut l = ledger();
    let mut clock = t0();
    let args = Args::new()
        .query("date_from", "2026-03-01")
        .query("date_to", "2026-03-31");
    let mut walk = api.list("jobs.search", &args, clock).unwrap();
    let mut server = |req: &pacer_sdk_core::Request, _| {
        let url = url::Url::parse(&req.url).unwrap();
        let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(q["date_from"], "2026-03-01");
        assert_eq!(q["count"], "10");
        let page: u64 = q["page"].parse().unwrap();
        let ids: Vec<String> = ((page - 1) * 7 + 1..=(page * 7).min(23))
            .map(|i| format!("{{\"id\":{i}}}"))
            .collect();
        ok(&format!(
            "{{\"jobs\":[{}],\"total_results\":23}}",
            ids.join(",")
        ))
    };
    let mut ids = Vec::new();
    while let Some(mut call) = walk.next_call(&api, clock) {
        let resp = drive(
            &mut call,
            &mut clock,
            &mut l,
            &mut server,
            &mut Trace::default(),
        )
        .unwrap();
        let page = walk.consume(&api, &resp).unwrap();
        let jobs: Vec<pacer_sdk_core::models::Job> = page.decode().unwrap();
        ids.extend(jobs.into_iter().map(|j| j.id.unwrap()));
    }
    assert_eq!(ids, (1..=23).collect::<Vec<_>>());
    assert_eq!(walk.position().pages, 4);
    assert_eq!(walk.position().end_reason.as_deref(), Some("total_reached"));
}

#[test]
fn list_walk_follows_next_links_and_resumes() {
    let api = syncore_api(ClientConfig::default());
    let mut l = ledger();
    let mut clock = t0();
    let args = Args::new().path("job_id", 31987);
    let mut server = |req: &pacer_sdk_core::Request, _| {
        let page: u64 = url::Url::parse(&req.url)
            .unwrap()
            .query_pairs()
            .find(|(k, _)| k == "page")
            .map(|(_, v)| v.parse().unwrap())
            .unwrap();
        let next = if page < 3 {
            format!(
                "\"/v2/orders/jobs/31987/purchaseorders?page={}&count=10\"",
                page + 1
            )
        } else {
            "null".into()
        };
        ok(&format!(
            "{{\"purchaseorders\":[{{\"id\":{page}}}],\"links\":{{\"next\":{next}}}}}"
        ))
    };
    let mut walk = api.list("purchase_orders.list", &args, clock).unwrap();
    let mut call = walk.next_call(&api, clock).unwrap();
    let resp = drive(
        &mut call,
        &mut clock,
        &mut l,
        &mut server,
        &mut Trace::default(),
    )
    .unwrap();
    walk.consume(&api, &resp).unwrap();
    let saved = serde_json::to_string(walk.position()).unwrap();
    // Resume from the saved position in a "new process".
    let pos = serde_json::from_str(&saved).unwrap();
    let mut walk = api
        .list_from("purchase_orders.list", &args, Some(pos), clock)
        .unwrap();
    let mut urls = Vec::new();
    while let Some(mut call) = walk.next_call(&api, clock) {
        urls.push(call.request().url.clone());
        let resp = drive(
            &mut call,
            &mut clock,
            &mut l,
            &mut server,
            &mut Trace::default(),
        )
        .unwrap();
        walk.consume(&api, &resp).unwrap();
    }
    assert_eq!(
        urls,
        [
            "https://api.syncore.app/v2/orders/jobs/31987/purchaseorders?page=2&count=10",
            "https://api.syncore.app/v2/orders/jobs/31987/purchaseorders?page=3&count=10"
        ]
    );
    assert_eq!(walk.position().seen, 3);
}

#[test]
fn every_effect_is_a_value_the_driver_answers() {
    let api = syncore_api(ClientConfig::default());
    let mut l = ledger();
    let mut call = api.prepare("jobs.get", &job_get(7), t0()).unwrap();
    // The call asks for its reservation instead of touching a ledger itself.
    let Poll::Reserve { plan, at } = call.poll(t0()) else {
        panic!("expected a reservation first")
    };
    assert_eq!(at, t0());
    assert_eq!(
        used(&mut l, &api, "orders.GET.rate", t0()),
        0,
        "nothing reserved yet"
    );
    call.reserved(l.reserve(&plan, at));
    let Poll::Send(_) = call.poll(t0()) else {
        panic!("a granted reservation sends")
    };
    assert_eq!(used(&mut l, &api, "orders.GET.rate", t0()), 1);
    // A 429 comes back as a ledger correction to record, then a new reservation.
    call.handle(
        Response::new(429, Vec::new()).with_header("retry-after", "30"),
        t0(),
    );
    match call.poll(t0()) {
        Poll::Record(LedgerUpdate::Correct { correction, .. }) => assert_eq!(
            correction,
            Correction::Blocked {
                until: t0().add_millis(30_000),
                asked: None,
            }
        ),
        other => panic!("{other:?}"),
    }
    call.recorded(Ok(()));
    assert!(matches!(call.poll(t0()), Poll::Reserve { .. }));
    // A ledger failure answered to the reservation ends the call with that failure.
    call.reserved(Err(Error::transport("ledger_failed", "the store is down")));
    assert!(matches!(call.poll(t0()), Poll::Fail(e) if e.code == "ledger_failed"));
    assert!(call.is_over());
}

#[test]
fn a_401_asks_the_driver_to_refresh_the_credential_once() {
    let api = syncore_api(ClientConfig {
        refresh_auth_on_401: true,
        ..ClientConfig::default()
    });
    let mut l = ledger();
    let mut call = api.prepare("jobs.get", &job_get(7), t0()).unwrap();
    assert!(matches!(step(&mut call, t0(), &mut l), Poll::Send(_)));
    call.handle(Response::new(401, b"expired".to_vec()), t0());
    assert!(matches!(step(&mut call, t0(), &mut l), Poll::RefreshAuth));
    call.auth_refreshed(Ok(()));
    assert!(
        matches!(step(&mut call, t0(), &mut l), Poll::Send(_)),
        "sent again with the new credential"
    );
    call.handle(Response::new(401, b"still expired".to_vec()), t0());
    match step(&mut call, t0(), &mut l) {
        Poll::Fail(e) => assert_eq!((e.status, e.code.as_str()), (Some(401), "unauthorized")),
        other => panic!("refreshed only once, then the 401 stands: {other:?}"),
    }
    // A refresh that fails ends the call with the provider's error.
    let mut call = api.prepare("jobs.get", &job_get(7), t0()).unwrap();
    assert!(matches!(step(&mut call, t0(), &mut l), Poll::Send(_)));
    call.handle(Response::new(401, Vec::new()), t0());
    assert!(matches!(step(&mut call, t0(), &mut l), Poll::RefreshAuth));
    call.auth_refreshed(Err(Error::config("token_provider_failed", "no token")));
    assert!(
        matches!(step(&mut call, t0(), &mut l), Poll::Fail(e) if e.code == "token_provider_failed")
    );
}

#[test]
fn misuse_ends_the_call() {
    let api = syncore_api(ClientConfig::default());
    let mut l = ledger();
    // Polling while a request is in flight fails, and the call is over for good.
    let mut call = api.prepare("jobs.get", &job_get(1), t0()).unwrap();
    assert!(matches!(step(&mut call, t0(), &mut l), Poll::Send(_)));
    assert!(matches!(call.poll(t0()), Poll::Fail(e) if e.code == "drive_loop_misuse"));
    assert!(call.is_over());
    call.handle(Response::new(200, Vec::new()), t0());
    assert!(
        matches!(call.poll(t0()), Poll::Fail(e) if e.code == "drive_loop_misuse"),
        "a late answer does not revive it"
    );
    // Polling with a reservation unanswered ends it too.
    let mut call = api.prepare("jobs.get", &job_get(1), t0()).unwrap();
    assert!(matches!(call.poll(t0()), Poll::Reserve { .. }));
    assert!(matches!(call.poll(t0()), Poll::Fail(e) if e.code == "drive_loop_misuse"));
    assert!(call.is_over());
    // Answering an effect that was not asked for ends the call, reported at the next poll.
    let mut call = api.prepare("jobs.get", &job_get(1), t0()).unwrap();
    assert!(matches!(step(&mut call, t0(), &mut l), Poll::Send(_)));
    call.recorded(Ok(()));
    match call.poll(t0()) {
        Poll::Fail(e) => {
            assert_eq!(e.code, "drive_loop_misuse");
            assert!(e.message.contains("recorded()"), "{}", e.message);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(call.poll(t0()), Poll::Fail(e) if e.code == "drive_loop_misuse"));
    let mut call = api.prepare("jobs.get", &job_get(1), t0()).unwrap();
    call.auth_refreshed(Ok(()));
    assert!(matches!(call.poll(t0()), Poll::Fail(e) if e.message.contains("auth_refreshed()")));
    // After Fail, every later poll fails the same way.
    assert!(matches!(call.poll(t0()), Poll::Fail(e) if e.code == "drive_loop_misuse"));
}
