//! Synq through pacer over real HTTP against the emulator: limit/offset paging and capped lists,
//! the token refresh, idempotent order retries, the order state machine, webhook signatures,
//! the per-IP sliding window (shared with other consumers, and by concurrent workers), and the
//! local 10 MB body limit.

mod common;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use common::*;
use pacer_sdk::models::synq::{Order, OrderStatus, Product};
use pacer_sdk::webhooks::{sign, synq_event};
use pacer_sdk::{ErrorKind, LockstepClock, Synq};
use pacer_sdk_emulator::{Emulator, Fault, FaultKind};
use serde_json::{Value, json};

const HOUR: Duration = Duration::from_secs(3600);

fn synq(change: impl FnOnce(&mut pacer_sdk_emulator::EmulatorConfig)) -> Arc<Emulator> {
    Arc::new(provider_emulator("synq", change))
}

fn client(emu: &Arc<Emulator>) -> Synq {
    synq_builder(emu, HOUR).0.build_synq().unwrap()
}

/// Requests the emulator answered with 429.
fn refusals(emu: &Emulator) -> usize {
    emu.requests().iter().filter(|r| r.status == 429).count()
}

#[test]
fn orders_page_by_limit_and_offset_and_capped_lists_say_truncated() {
    let emu = synq(|c| c.enforce_quota = false);
    let c = client(&emu);

    let mut orders = c.orders().list().unwrap();
    let mut ids = std::collections::BTreeSet::new();
    for order in orders.by_ref() {
        let order: Order = order.unwrap();
        ids.insert(order.id.unwrap());
    }
    assert_eq!(ids.len(), 200, "every seeded order once");
    let pos = orders.position().clone();
    assert!(!pos.truncated);
    let queries: Vec<String> = emu
        .requests()
        .iter()
        .filter(|r| r.endpoint.as_deref() == Some("orders.list"))
        .map(|r| r.query.clone())
        .collect();
    assert_eq!(
        queries,
        [
            "limit=100&offset=0",
            "limit=100&offset=100",
            "limit=100&offset=200"
        ],
        "no total in the answer: a full page is not the end, an empty one is"
    );

    // A short page that is not the last (the server clamped it) does not end the walk.
    emu.inject_fault(Fault::new(FaultKind::ClampPage(7)).path_contains("/oms/orders"));
    let again: Vec<Order> = c.orders().list().unwrap().map(Result::unwrap).collect();
    assert_eq!(
        again.len(),
        200,
        "the 7-record page was followed at offset 7"
    );

    // Products and the audit log are capped arrays: the walk says it was cut.
    let mut products = c.products().list().unwrap();
    let first: Vec<Product> = products.by_ref().map(Result::unwrap).collect();
    assert_eq!(first.len(), 100);
    assert!(products.position().truncated, "150 exist, 100 came back");
    assert_eq!(products.position().end_reason.as_deref(), Some("capped"));
    let mut audit = c.audit().list().unwrap();
    let n = audit.by_ref().count();
    assert_eq!((n, audit.position().truncated), (50, true));
    // A short uncapped list is complete.
    let mut channels = c.channels().list().unwrap();
    assert!(channels.by_ref().count() > 0);
    assert!(!channels.position().truncated);
}

#[test]
fn an_expired_token_is_refreshed_once_and_the_call_succeeds() {
    let emu = synq(|_| {});
    let (builder, asked) = synq_builder(&emu, HOUR);
    let c = builder.build_synq().unwrap();
    c.tenant_settings().fetch().unwrap();
    assert_eq!(asked.load(Ordering::SeqCst), 1, "asked once at first use");
    emu.advance(Duration::from_secs(3599)).unwrap();
    c.tenant_settings().fetch().unwrap();
    assert_eq!(asked.load(Ordering::SeqCst), 1, "still valid");
    emu.advance(Duration::from_secs(2)).unwrap();
    let settings = c.tenant_settings().fetch().unwrap();
    assert!(settings.costing_method.is_some());
    assert_eq!(asked.load(Ordering::SeqCst), 2, "refreshed after the 401");
    let statuses: Vec<u16> = emu.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 401, 200]);

    // A provider that keeps handing out dead tokens: one refresh, then the 401 surfaces.
    let dead = emu.clone();
    let stale = synq_builder(&emu, HOUR)
        .0
        .token_provider(Arc::new(move || Ok(dead.issue_token(Duration::ZERO))))
        .build_synq()
        .unwrap();
    emu.advance(Duration::from_secs(1)).unwrap();
    let before = emu.requests().len();
    let err = stale.tenant_settings().fetch().unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::Api, Some(401)));
    assert!(err.body.as_deref().is_some_and(|b| !b.is_empty()));
    assert_eq!(emu.requests().len() - before, 2, "no refresh loop");

    // The provider's own failure is a config error, and no token reaches any message.
    let broken = synq_builder(&emu, HOUR)
        .0
        .token_provider(Arc::new(|| {
            Err(pacer_sdk::Error::config(
                "token",
                "the identity service is down",
            ))
        }))
        .build_synq()
        .unwrap();
    let err = broken
        .orders()
        .get("5d0c8d8e-1111-4222-8333-444455556666")
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Config, "{err}");
    assert!(!format!("{err:?} {c:?}").contains(&emu.api_key()));
}

/// A seeded order's first item, to build a valid order from.
fn seeded_item(c: &Synq) -> Value {
    let order: Order = c.orders().list().unwrap().next().unwrap().unwrap();
    let item = &order.items.unwrap()[0];
    json!({
        "variant_id": item.variant_id, "location_id": item.location_id,
        "quantity": 2, "unit_price": 12.5,
    })
}

/// Places an order for a seeded item without giving a key; returns the key pacer generated.
fn place_order(c: &Synq, payment_reference: &str) -> String {
    let written = c
        .orders()
        .create(
            &json!({"payment_provider": "stripe", "payment_reference": payment_reference,
                        "items": [seeded_item(c)]}),
        )
        .unwrap();
    let workflow = written.json()["workflow_id"].as_str().unwrap().to_string();
    workflow
        .strip_prefix("oms-create-order-")
        .unwrap()
        .to_string()
}

fn orders_with_key(c: &Synq, key: &str) -> usize {
    c.orders()
        .list()
        .unwrap()
        .map(Result::unwrap)
        .filter(|o: &Order| o.idempotency_key.as_deref() == Some(key))
        .count()
}

#[test]
fn an_order_create_retried_after_a_dropped_answer_makes_one_order() {
    let emu = synq(|c| c.enforce_quota = false);
    let c = client(&emu);
    let item = seeded_item(&c);
    emu.inject_fault(
        Fault::new(FaultKind::DropAfterCommit)
            .method("POST")
            .path_contains("/oms/orders"),
    );
    // No key given: pacer generates one, journals it, and resends the same key.
    let written = c
        .orders()
        .create(&json!({
            "payment_provider": "stripe", "payment_reference": "pi_3PqRetry",
            "currency": "USD", "items": [item],
        }))
        .unwrap();
    let answer = written.json();
    let workflow = answer["workflow_id"].as_str().unwrap().to_string();
    let key = workflow
        .strip_prefix("oms-create-order-")
        .unwrap()
        .to_string();
    assert_eq!(key.len(), 36, "a UUID key: {key}");
    let posts: Vec<_> = emu
        .requests()
        .into_iter()
        .filter(|r| r.endpoint.as_deref() == Some("orders.create"))
        .collect();
    assert_eq!(posts.len(), 2, "sent, dropped, resent");
    assert_eq!(posts[0].status, 0);
    for p in &posts {
        let body: Value = serde_json::from_str(p.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body["idempotency_key"],
            key.as_str(),
            "the same key both times"
        );
    }
    assert_eq!(orders_with_key(&c, &key), 1, "one order, not two");
    assert!(c.pending_writes().unwrap().is_empty());

    // A key the caller chose is kept, and a second logical create gets a fresh one.
    let mine = c
        .orders()
        .create(
            &json!({"idempotency_key": "acme-42", "payment_provider": "stripe",
                        "payment_reference": "pi_42", "items": [seeded_item(&c)]}),
        )
        .unwrap();
    assert_eq!(mine.json()["workflow_id"], "oms-create-order-acme-42");
    assert_ne!(place_order(&c, "pi_43"), key);

    // Invalid orders never reach the server.
    let before = emu.requests().len();
    let err = c
        .orders()
        .create(&json!({"payment_provider": "stripe", "payment_reference": "pi_1",
                        "items": [{"variant_id": "not-a-uuid", "location_id": "x", "quantity": 0}]}))
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
    let fields: Vec<&str> = err.errors.iter().map(|f| f.field.as_str()).collect();
    assert!(fields.contains(&"items[0].variant_id"), "{fields:?}");
    assert!(fields.contains(&"items[0].quantity"), "{fields:?}");
    assert_eq!(emu.requests().len(), before);
}

#[test]
fn order_statuses_follow_the_state_machine() {
    let emu = synq(|c| c.enforce_quota = false);
    let c = synq_builder(&emu, Duration::from_secs(30 * 86_400))
        .0
        .build_synq()
        .unwrap();
    let s = |name: &str| OrderStatus::from(name);
    // Local validation names both ends and what is allowed.
    assert!(s("confirmed").check_transition(&s("processing")).is_ok());
    let err = s("confirmed")
        .check_transition(&s("completed"))
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert_eq!(
        (err.errors[0].field.as_str(), err.errors[0].rule.as_str()),
        ("status", "transition")
    );
    assert!(err.to_string().contains("processing, cancelled"), "{err}");
    assert!(s("cancelled").check_transition(&s("processing")).is_err());
    assert!(
        s("completed")
            .check_transition(&s("pending_payment"))
            .is_err()
    );

    // Orders the emulator moves along (every 30 s of its clock) only take allowed steps.
    let key = place_order(&c, "pi_sm");
    let find = || -> Order {
        c.orders()
            .list()
            .unwrap()
            .map(Result::unwrap)
            .find(|o: &Order| o.idempotency_key.as_deref() == Some(key.as_str()))
            .unwrap()
    };
    let mut last = find().status.unwrap();
    assert_eq!(last, OrderStatus::PendingPayment);
    let mut seen = vec![last.clone()];
    for _ in 0..12 {
        emu.advance(Duration::from_secs(30)).unwrap();
        let now = c.orders().get(find().id.unwrap()).unwrap().status.unwrap();
        if now != last {
            last.check_transition(&now).unwrap();
            seen.push(now.clone());
            last = now;
        }
    }
    assert!(seen.len() >= 3, "{seen:?}");
    // Moved to cancelled by the operator, the order is terminal.
    let id = find().id.unwrap();
    if !last.is_terminal() && last.can_become(&OrderStatus::Cancelled) {
        emu.transition_order(&id, "cancelled").unwrap();
        let now = c.orders().get(id.clone()).unwrap().status.unwrap();
        assert_eq!(now, OrderStatus::Cancelled);
        assert!(now.is_terminal());
        assert!(now.check_transition(&OrderStatus::Processing).is_err());
    }
}

#[test]
fn webhook_signatures_are_verified() {
    let emu = synq(|c| c.webhook_secret = Some("whsec_test_synq".into()));
    let c = client(&emu);
    let connection = c.connections().list().unwrap().next().unwrap().unwrap();
    let connection_id = connection.unified_connection_id.unwrap();
    let body = json!({"connection_id": connection_id, "event": "commerce.order.created",
                      "data": {"id": "ext-77", "total": "19.99"}})
    .to_string();
    let secret = emu.webhook_secret();
    let signature = sign(&secret, body.as_bytes(), "");

    let event = synq_event(&secret, body.as_bytes(), Some(&signature)).unwrap();
    assert_eq!(event.event, "commerce.order.created");
    assert_eq!(event.connection_id, connection_id);
    assert_eq!(event.external_id().as_deref(), Some("ext-77"));
    assert!(event.is_order_event());

    let tampered = body.replace("19.99", "0.01");
    let wrong_secret = sign("whsec_other", body.as_bytes(), "");
    for (what, result) in [
        (
            "tampered body",
            synq_event(&secret, tampered.as_bytes(), Some(&signature)),
        ),
        (
            "wrong secret",
            synq_event(&secret, body.as_bytes(), Some(&wrong_secret)),
        ),
        ("missing header", synq_event(&secret, body.as_bytes(), None)),
        (
            "empty header",
            synq_event(&secret, body.as_bytes(), Some("")),
        ),
        ("not hex", synq_event(&secret, body.as_bytes(), Some("zz"))),
    ] {
        let err = result.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Webhook, "{what}");
        assert!(!err.to_string().contains(&secret), "{what}: {err}");
    }
    // A signed body that is not an event is a webhook error too, not a panic.
    let junk = b"{\"event\": 3}";
    let err = synq_event(&secret, junk, Some(&sign(&secret, junk, ""))).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Webhook);

    // The same signature is what Synq's own endpoint accepts (and the tampered one it refuses).
    let http = reqwest::blocking::Client::new();
    let post = |body: &str, sig: &str| {
        http.post(format!("{}/unified/webhook", emu.base_url()))
            .header("X-Unified-Signature", sig)
            .body(body.to_string())
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(post(&body, &signature), 200);
    assert_eq!(post(&tampered, &signature), 401);
}

#[test]
fn the_window_is_shared_with_other_consumers_of_the_ip() {
    let emu = synq(|_| {});
    // Another program on this egress IP spends 70 of the minute's 100.
    let other = reqwest::blocking::Client::new();
    let token = emu.issue_token(HOUR);
    for _ in 0..70 {
        let r = other
            .get(format!("{}/api/v1/channels", emu.base_url()))
            .bearer_auth(&token)
            .header("X-Tenant-ID", emu.tenant_id())
            .header("X-Org-ID", emu.org_id())
            .send()
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    // pacer learns the rest from X-RateLimit-Remaining and paces the remainder: no 429.
    let c = client(&emu);
    for _ in 0..60 {
        c.channels().list().unwrap().for_each(|r| {
            r.unwrap();
        });
    }
    assert_eq!(refusals(&emu), 0);
    let times: Vec<i64> = emu.requests().iter().map(|r| r.at.as_millis()).collect();
    assert!(max_in_window(&times, 60_000) <= 100);
    assert!(
        emu.now().as_millis() - times[0] >= 60_000,
        "the last 30 waited for the window"
    );

    // Spent by someone else entirely: the 429's Retry-After is honoured, then the read retried.
    for _ in 0..100 {
        other
            .get(format!("{}/api/v1/channels", emu.base_url()))
            .bearer_auth(&token)
            .header("X-Tenant-ID", emu.tenant_id())
            .header("X-Org-ID", emu.org_id())
            .send()
            .unwrap();
    }
    let fresh = client(&emu);
    let before = emu.requests().len();
    let channels: Vec<_> = fresh.channels().list().unwrap().collect();
    assert!(!channels.is_empty());
    let mine = &emu.requests()[before..];
    let statuses: Vec<u16> = mine
        .iter()
        .filter(|r| r.counted || r.status == 429)
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses.last(), Some(&200), "{statuses:?}");
    assert!(
        statuses.iter().filter(|s| **s == 429).count() <= 1,
        "{statuses:?}"
    );
}

#[test]
fn concurrent_workers_never_exceed_the_sliding_window() {
    let emu = synq(|_| {});
    let dir = tempdir();
    let ledger = format!("sqlite://{}", dir.join("synq.db").display());
    let token = emu.issue_token(Duration::from_secs(86_400));
    std::thread::scope(|s| {
        for _ in 0..8 {
            let ledger = ledger.clone();
            let token = token.clone();
            let emu = emu.clone();
            s.spawn(move || {
                let clock = Arc::new(LockstepClock::join(&emu.base_url()).unwrap());
                let c = Synq::builder()
                    .base_url(emu.base_url())
                    .api_key(token)
                    .synq_scope(emu.tenant_id(), emu.org_id())
                    .ledger(ledger)
                    .clock(clock)
                    .build_synq()
                    .unwrap();
                for _ in 0..40 {
                    assert!(c.tenant_settings().fetch().is_ok());
                }
            });
        }
    });
    let times: Vec<i64> = emu.requests().iter().map(|r| r.at.as_millis()).collect();
    assert_eq!(times.len(), 320);
    assert_eq!(refusals(&emu), 0, "never a 429");
    assert_eq!(
        max_in_window(&times, 60_000),
        100,
        "the window is used, never exceeded"
    );
    let span = times.iter().max().unwrap() - times.iter().min().unwrap();
    assert!(
        span >= 180_000,
        "320 calls need at least three more minutes: {span} ms"
    );
}

#[test]
fn bodies_over_10_mb_are_refused_before_sending() {
    let emu = synq(|c| c.enforce_quota = false);
    let c = client(&emu);
    let before = emu.requests().len();
    let huge = "x".repeat(10_000_001);
    let err = c
        .products()
        .create(&json!({"title": "Big", "description": huge}))
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation, "{err}");
    assert!(err.to_string().contains("10000000"), "{err}");
    assert_eq!(emu.requests().len(), before, "nothing sent");
    assert!(c.quota_status().unwrap().iter().all(|w| w.used == 0));

    // Plain-text server errors keep their status and raw body.
    let err = c
        .products()
        .get("5d0c8d8e-1111-4222-8333-444455556666")
        .unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::Api, Some(404)));
    assert!(
        err.body.as_deref().is_some_and(|b| b.contains("not found")),
        "{err:?}"
    );
}
