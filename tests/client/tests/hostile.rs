//! A hostile or careless server (the emulator crate's `HostileServer`, on loopback) costs a
//! client bounded time, memory and quota: pages that cycle, a total of a billion, links to
//! another endpoint, bodies of gigabytes or without end. Each test scripts the server's answers
//! byte for byte and checks what the client did and how much it asked for.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use pacer_sdk::events::Event;
use pacer_sdk::models::salync::Product;
use pacer_sdk::{Error, ManualClock, Salync, Timestamp};
use pacer_sdk_emulator::hostile::{HostileReply, HostileRequest, HostileServer};
use serde_json::{Value, json};

fn client(server: &HostileServer) -> Salync {
    Salync::builder()
        .api_key("hostile-test-key")
        .base_url(format!("{}/v1", server.url()))
        .plan("pro")
        .ledger("memory")
        // Virtual time: a Retry-After or a rate window costs no real sleeping.
        .clock(Arc::new(ManualClock::new(
            Timestamp::parse_rfc3339("2027-03-14T06:58:00Z").unwrap(),
        )))
        .build_salync()
        .unwrap()
}

fn page_number(r: &HostileRequest) -> u64 {
    r.query("page").and_then(|p| p.parse().ok()).unwrap_or(1)
}

/// A Salync page of products `ids`, announcing `total` and linking to page `next`.
fn page(server_url: &str, ids: &[&str], total: u64, next: Option<String>) -> HostileReply {
    let data: Vec<Value> = ids
        .iter()
        .map(|id| json!({"id": id, "name": format!("product {id}")}))
        .collect();
    let next = next.map(|n| format!("{server_url}{n}"));
    HostileReply::json(
        200,
        &json!({"data": data, "meta": {"page": 1, "per_page": 100, "total": total}, "links": {"next": next}}),
    )
}

fn listed(c: &Salync) -> (Vec<String>, Option<Error>) {
    let mut ids = Vec::new();
    for item in c.products().list().unwrap() {
        match item {
            Ok(Product { id, .. }) => ids.push(id.unwrap_or_default()),
            Err(e) => return (ids, Some(e)),
        }
    }
    (ids, None)
}

#[test]
fn pages_alternating_a_b_a_stop_with_a_typed_error_and_no_record_twice() {
    // The server ignores `page`, alternates two pages, claims a billion records and always
    // links onward: before the fix this spent the whole day's quota emitting duplicates.
    let url = Arc::new(std::sync::OnceLock::<String>::new());
    let u = url.clone();
    let server = HostileServer::start(move |n, r| {
        let base = u.get().cloned().unwrap_or_default();
        let next = Some(format!("/v1/products?page={}", page_number(r) + 1));
        if n % 2 == 0 {
            page(&base, &["a1", "a2"], 1_000_000_000, next)
        } else {
            page(&base, &["b1", "b2"], 1_000_000_000, next)
        }
    });
    url.set(server.url().to_string()).unwrap();
    let (ids, err) = listed(&client(&server));
    assert_eq!(ids, ["a1", "a2", "b1", "b2"], "every record once");
    let err = err.expect("the walk stops with an error");
    assert_eq!(err.code, "paging_cycle", "{err}");
    assert!(err.message.contains("products.list"), "{}", err.message);
    assert_eq!(server.requests().len(), 3, "A, B, then A again ends it");
}

#[test]
fn a_server_ignoring_page_with_a_huge_total_ends_on_the_repeated_page() {
    let server = HostileServer::start(|_, _| {
        HostileReply::json(
            200,
            &json!({"data": [{"id": "p1", "name": "one"}], "meta": {"total": 1_000_000_000u64}, "links": {"next": null}}),
        )
    });
    let (ids, err) = listed(&client(&server));
    assert_eq!(ids, ["p1"], "the repeated page is not output again");
    assert!(err.is_none(), "{err:?}");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn a_next_link_to_another_endpoint_is_refused_not_followed() {
    let url = Arc::new(std::sync::OnceLock::<String>::new());
    let u = url.clone();
    let server = HostileServer::start(move |_, _| {
        let base = u.get().cloned().unwrap_or_default();
        // Suppliers are another endpoint (and could be another quota group).
        page(&base, &["p1"], 5, Some("/v1/suppliers?page=2".into()))
    });
    url.set(server.url().to_string()).unwrap();
    let (ids, err) = listed(&client(&server));
    // The page that carries the foreign link is refused whole: its list cannot be trusted.
    assert!(ids.is_empty(), "{ids:?}");
    let err = err.expect("refused");
    assert_eq!(err.code, "paging_cycle", "{err}");
    assert!(err.message.contains("/v1/suppliers"), "{}", err.message);
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    assert_eq!(
        paths,
        ["/v1/products"],
        "the foreign link was never requested"
    );
}

fn huge_or_endless(reply: HostileReply, blocking: bool) -> (Error, u64, usize) {
    let server = HostileServer::start(move |_, _| reply.clone());
    let builder = Salync::builder()
        .api_key("hostile-test-key")
        .base_url(format!("{}/v1", server.url()))
        .plan("pro")
        .ledger("memory")
        .max_response_bytes(1024 * 1024);
    let err = if blocking {
        let c = builder.build_salync().unwrap();
        c.products().get("p1").unwrap_err()
    } else {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let c = builder.build_async_salync().unwrap();
            c.products().get("p1").await.unwrap_err()
        })
    };
    // Real time, briefly: the server's writer thread notices the closed connection on its own.
    std::thread::sleep(std::time::Duration::from_millis(100));
    (err, server.body_bytes_sent(), server.requests().len())
}

#[test]
fn a_two_gib_body_fails_at_the_limit_naming_the_endpoint() {
    for blocking in [true, false] {
        let (err, sent, requests) = huge_or_endless(
            HostileReply::Huge {
                status: 200,
                length: 2 << 30,
            },
            blocking,
        );
        assert_eq!(err.code, "response_too_large", "{err}");
        assert!(err.message.contains("products.get"), "{}", err.message);
        assert_eq!(requests, 1, "not retried");
        // The declared length alone refuses it; whatever the socket buffers held is all that
        // left the server.
        assert!(
            sent < 64 << 20,
            "blocking={blocking}: {sent} bytes were sent"
        );
    }
}

#[test]
fn an_endless_chunked_body_stops_at_the_limit_not_at_the_timeout() {
    for blocking in [true, false] {
        let started = std::time::Instant::now();
        let (err, sent, requests) =
            huge_or_endless(HostileReply::Endless { status: 200 }, blocking);
        assert_eq!(err.code, "response_too_large", "{err}");
        assert_eq!(requests, 1, "not retried");
        assert!(
            sent < 64 << 20,
            "blocking={blocking}: {sent} bytes were sent"
        );
        // Bounded by the limit, not by the 30 s request timeout (a generous bound: shared
        // machines are slow, and the point is "not 30 s").
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }
}

fn product() -> HostileReply {
    HostileReply::json(200, &json!({"id": "p1", "name": "one"}))
}

#[test]
fn a_429_storm_is_waited_out_by_a_read_up_to_the_longest_rate_window() {
    // Another process spends the same key: ten refusals of a second each, then room.
    let server = HostileServer::start(|n, _| {
        if n < 10 {
            HostileReply::json_with(
                429,
                &[("retry-after", "1")],
                &json!({"error": "rate_limited"}),
            )
        } else {
            product()
        }
    });
    let c = client(&server);
    let p = c.products().get("p1").expect("the read outlasts the storm");
    assert_eq!(p.id.as_deref(), Some("p1"));
    assert_eq!(server.requests().len(), 11);
    // A storm longer than the budget (the minute's rate window) still ends, with the 429.
    let server = HostileServer::start(|_, _| {
        HostileReply::json_with(
            429,
            &[("retry-after", "20")],
            &json!({"error": "rate_limited"}),
        )
    });
    let err = client(&server).products().get("p1").unwrap_err();
    assert_eq!(err.status, Some(429), "{err}");
    assert!(
        server.requests().len() <= 6,
        "{} requests",
        server.requests().len()
    );
}

#[test]
fn an_absurd_retry_after_is_capped_reported_shown_and_unblocked() {
    let server = HostileServer::start(|n, _| {
        if n == 0 {
            HostileReply::json_with(
                429,
                &[("retry-after", "999999999")],
                &json!({"error": "rate_limited"}),
            )
        } else {
            product()
        }
    });
    let dir = common::tempdir();
    let ledger = format!("sqlite://{}", dir.join("ledger.db").display());
    let now = Timestamp::parse_rfc3339("2027-03-14T06:58:00Z").unwrap();
    let midnight = Timestamp::parse_rfc3339("2027-03-15T00:00:00Z").unwrap();
    let events: Arc<Mutex<Vec<Event>>> = Arc::default();
    let seen = events.clone();
    let build = |sink: Option<pacer_sdk::events::EventSink>| {
        let mut b = Salync::builder()
            .api_key("hostile-test-key")
            .base_url(format!("{}/v1", server.url()))
            .plan("growth")
            .ledger(ledger.clone())
            .clock(Arc::new(ManualClock::new(now)));
        if let Some(sink) = sink {
            b = b.on_event(sink);
        }
        b.build_salync().unwrap()
    };
    let first = build(Some(Arc::new(move |e: &Event| {
        seen.lock().unwrap().push(e.clone())
    })));
    let err = first.products().get("p1").unwrap_err();
    // The day's window is blocked until its reset, not until 2058: a spent day, failing at
    // once with the reset time (the caller did not ask to wait for resets).
    assert_eq!(err.code, "quota_exhausted", "{err}");
    assert_eq!(err.resets_at, Some(midnight));
    let capped: Vec<Event> = events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, Event::BlockCapped { .. }))
        .cloned()
        .collect();
    match capped.as_slice() {
        [Event::BlockCapped { asked, until, .. }] => {
            assert!(asked.to_rfc3339().starts_with("2058"), "{asked}");
            assert_eq!(*until, midnight);
        }
        other => panic!("{other:?}"),
    }
    // Another process on the same ledger sees the block, with its end, and can clear it.
    let second = build(None);
    let blocked: Vec<Timestamp> = second
        .client()
        .quota_status()
        .unwrap()
        .iter()
        .filter_map(|w| w.blocked_until)
        .collect();
    assert!(
        !blocked.is_empty() && blocked.iter().all(|t| *t <= midnight),
        "{blocked:?}"
    );
    assert_eq!(second.client().unblock().unwrap(), 2);
    assert_eq!(
        second.products().get("p1").unwrap().id.as_deref(),
        Some("p1")
    );
    assert_eq!(server.requests().len(), 2, "one refused, one answered");
}

#[test]
fn a_record_no_json_value_can_hold_is_an_error_naming_it_never_a_silent_drop() {
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let body = format!(
        r#"{{"data": [{{"id": "p1", "name": "fine"}}, {{"id": "deep-7", "name": "x", "tags": {deep}}}], "links": {{"next": null}}}}"#
    );
    let server = HostileServer::start(move |_, _| HostileReply::Full {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.clone().into_bytes(),
    });
    let (ids, err) = listed(&client(&server));
    assert_eq!(ids, ["p1"]);
    let err = err.expect("the deep record is an error, not dropped");
    assert_eq!(err.code, "decode_failed", "{err}");
    assert!(
        err.message.contains("deep-7") && err.message.contains("products.list"),
        "{}",
        err.message
    );
    // The raw page is still there for a caller that wants it as sent.
    let big = HostileServer::start(|_, _| HostileReply::Full {
        status: 200,
        headers: vec![],
        body: br#"{"data": [{"id": "big-1", "price": 1e400}], "links": {"next": null}}"#.to_vec(),
    });
    let c = client(&big);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut pages = c
        .client()
        .pages("products.list", pacer_sdk_core::Args::new())
        .unwrap();
    let page = rt.block_on(pages.next_page()).unwrap().unwrap();
    assert!(
        page.items[0].get().contains("1e400"),
        "kept losslessly as raw JSON"
    );
    let err = page.values("products.list").unwrap_err();
    assert!(err.message.contains("big-1"), "{}", err.message);
}

#[test]
fn redirects_and_timeouts_say_what_happened() {
    let server = HostileServer::start(|_, _| HostileReply::Full {
        status: 302,
        headers: vec![("location".into(), "http://evil.example/steal".into())],
        body: Vec::new(),
    });
    let err = client(&server).products().get("p1").unwrap_err();
    assert!(
        err.message
            .contains("redirect to http://evil.example/steal, not followed"),
        "{}",
        err.message
    );
    assert_eq!(server.requests().len(), 1, "not followed");
    let server = HostileServer::start(|_, _| HostileReply::Stall(Duration::from_secs(10)));
    let c = Salync::builder()
        .api_key("hostile-test-key")
        .base_url(format!("{}/v1", server.url()))
        .plan("pro")
        .ledger("memory")
        .timeouts(Duration::from_millis(600), Duration::from_millis(600))
        .configure(|c| c.retry.max_attempts = 1)
        .build_salync()
        .unwrap();
    // Real time, by necessity: the timeout is the transport's own.
    let err = c.products().get("p1").unwrap_err();
    assert!(err.message.contains("timed out"), "{}", err.message);
    assert!(err.message.contains("timeout"), "{}", err.message);
}
