//! Fault injection over real connections: dropped after or before the commit, injected
//! statuses, real-time delays, silently clamped pages; filters and counts.

mod common;

use std::time::{Duration, Instant};

use common::*;
use pacer_sdk_emulator::{Emulator, Fault, FaultKind};
use serde_json::json;

fn order(number: &str) -> serde_json::Value {
    json!({"customer_order_number": number, "bill_to": address("Dana", "Whitfield"), "ship_to": address("Dana", "Whitfield")})
}

/// A job of the last 30 days.
fn recent_job(emu: &Emulator, http: &Http) -> i64 {
    http.get(&format!(
        "/v2/orders/jobs?date_from={}&date_to={}&count=1",
        ny_date(emu, 30),
        ny_date(emu, 0)
    ))
    .json["jobs"][0]["id"]
        .as_i64()
        .unwrap()
}

fn numbers(http: &Http, job: i64) -> Vec<String> {
    http.walk(&format!("/v2/orders/jobs/{job}/salesorders"), "salesorders")
        .0
        .iter()
        .filter_map(|s| s["customer_order_number"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn drop_after_commit_commits_but_never_answers() {
    let emu = unmetered(200);
    let http = Http::new(&emu);
    let job = recent_job(&emu, &http);
    emu.inject_fault(
        Fault::new(FaultKind::DropAfterCommit)
            .method("POST")
            .path_contains("/salesorders"),
    );
    let err = http
        .try_send(
            "POST",
            &format!("/v2/orders/jobs/{job}/salesorders"),
            Some(&order("DROP-1")),
        )
        .expect_err("the connection is closed without a response");
    assert!(!err.is_timeout(), "{err}");
    assert!(
        numbers(&http, job).contains(&"DROP-1".to_string()),
        "the write was committed"
    );
    let post = emu
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap();
    assert_eq!((post.status, post.counted), (0, true));
    assert_eq!(post.endpoint.as_deref(), Some("sales_orders.create"));
    // Used up: the next POST is answered normally.
    assert_eq!(
        http.post(
            &format!("/v2/orders/jobs/{job}/salesorders"),
            &order("DROP-2")
        )
        .status,
        201
    );
    // On a GET it simply drops the answer.
    emu.inject_fault(Fault::new(FaultKind::DropAfterCommit).method("GET"));
    assert!(
        http.try_send("GET", &format!("/v2/orders/jobs/{job}"), None)
            .is_err()
    );
    assert_eq!(http.get(&format!("/v2/orders/jobs/{job}")).status, 200);
}

#[test]
fn drop_before_commit_does_nothing() {
    let emu = unmetered(200);
    let http = Http::new(&emu);
    let job = recent_job(&emu, &http);
    emu.inject_fault(Fault::new(FaultKind::DropBeforeCommit).times(2));
    assert!(
        http.try_send(
            "POST",
            &format!("/v2/orders/jobs/{job}/salesorders"),
            Some(&order("LOST-1"))
        )
        .is_err()
    );
    assert!(http.try_send("GET", "/v2/orders/suppliers", None).is_err());
    assert!(!numbers(&http, job).contains(&"LOST-1".to_string()));
    let log = emu.requests();
    assert_eq!((log[1].status, log[1].counted), (0, false));
    assert_eq!(log[2].status, 0);
    assert_eq!(
        emu.usage()
            .iter()
            .find(|w| w.window == "orders.POST.rate")
            .unwrap()
            .used,
        0
    );
}

#[test]
fn injected_statuses_answer_without_doing_anything() {
    let emu = unmetered(200);
    let http = Http::new(&emu);
    let job = recent_job(&emu, &http);
    emu.inject_fault(Fault::new(FaultKind::Status(503)).times(2).method("POST"));
    emu.inject_fault(Fault::new(FaultKind::Status(500)).path_contains("/purchaseorders"));
    let path = format!("/v2/orders/jobs/{job}/salesorders");
    for _ in 0..2 {
        let a = http.post(&path, &order("FAIL-1"));
        assert_eq!(a.status, 503);
        assert_eq!(a.json["message"], "Injected fault: HTTP 503");
    }
    assert_eq!(http.post(&path, &order("OK-1")).status, 201);
    assert_eq!(
        http.get(&format!("/v2/orders/jobs/{job}/purchaseorders"))
            .status,
        500
    );
    assert_eq!(
        http.get(&format!("/v2/orders/jobs/{job}/purchaseorders"))
            .status,
        200
    );
    let n = numbers(&http, job);
    assert!(!n.contains(&"FAIL-1".to_string()) && n.contains(&"OK-1".to_string()));
    // Faults only apply after authentication, and are checked in injection order.
    emu.inject_fault(Fault::new(FaultKind::Status(502)));
    emu.inject_fault(Fault::new(FaultKind::Status(504)));
    assert_eq!(
        Http::new(&emu).key(None).get("/v2/orders/suppliers").status,
        401
    );
    assert_eq!(http.get("/v2/orders/suppliers").status, 502);
    assert_eq!(http.get("/v2/orders/suppliers").status, 504);
    // Unknown routes are faulted too; only requests that failed auth are spared.
    emu.inject_fault(Fault::new(FaultKind::Status(503)).path_contains("/v2/nowhere"));
    assert_eq!(http.get("/v2/nowhere").status, 503);
    assert_eq!(http.get("/v2/nowhere").status, 404);
    emu.inject_fault(Fault::new(FaultKind::Status(500)).times(100));
    emu.clear_faults();
    assert_eq!(http.get("/v2/orders/suppliers").status, 200);
}

#[test]
fn delays_are_real_time() {
    let emu = unmetered(50);
    let http = Http::new(&emu);
    emu.inject_fault(
        Fault::new(FaultKind::Delay(Duration::from_millis(400))).path_contains("card-types"),
    );
    let virtual_before = emu.now();
    // Real time on purpose: a Delay fault is the emulator's one real-time behaviour (a slow
    // server, for client timeouts), so it is measured on the wall clock.
    let t = Instant::now();
    assert_eq!(http.get("/v2/orders/card-types").status, 200);
    assert!(
        t.elapsed() >= Duration::from_millis(400),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(emu.now(), virtual_before, "the virtual clock does not move");
    let t = Instant::now();
    assert_eq!(http.get("/v2/orders/card-types").status, 200);
    assert!(t.elapsed() < Duration::from_millis(400));
    assert!(emu.requests()[0].counted);
}

#[test]
fn clamped_pages_are_short_but_not_last() {
    let emu = unmetered(1000);
    let http = Http::new(&emu);
    let q = format!(
        "/v2/orders/jobs?date_from={}&date_to={}",
        ny_date(&emu, 60),
        ny_date(&emu, 0)
    );
    let (expected, _) = http.walk(&q, "jobs");
    emu.inject_fault(
        Fault::new(FaultKind::ClampPage(7))
            .times(1000)
            .path_contains("/v2/orders/jobs"),
    );
    let first = http.get(&format!("{q}&count=10"));
    assert_eq!(
        first.json["jobs"].as_array().unwrap().len(),
        7,
        "a short page"
    );
    assert_eq!(
        first.json["total_results"].as_u64().unwrap(),
        expected.len() as u64,
        "the true total"
    );
    assert!(
        first.json["links"]["next"]
            .as_str()
            .unwrap()
            .ends_with("count=10&page=2"),
        "links keep the asked size"
    );
    let (got, pages) = http.walk(&format!("{q}&count=10"), "jobs");
    assert_eq!(
        got, expected,
        "following links.next yields every record once"
    );
    assert_eq!(pages, expected.len().div_ceil(7), "pages of 7");
    // A client that stops at the first short page loses records.
    assert!(expected.len() > 7);
    // The clamp is not used up by requests that are not paged lists.
    let before = emu.requests().len();
    assert_eq!(http.get("/v2/orders/jobs/30990").status, 200);
    emu.clear_faults();
    assert_eq!(
        http.get(&format!("{q}&count=10")).json["jobs"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    assert_eq!(emu.requests().len(), before + 2);
}
