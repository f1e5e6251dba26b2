//! Salync through pacer over real HTTP against the emulator: every resource's round trip,
//! archive, SKU lookup, page/per_page paging, JSON errors with their codes, the Growth plan's
//! 500-a-day budget spent and reset at midnight UTC, `quota_exhausted` carrying the reset time,
//! and webhook deliveries received, verified and deduplicated.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

use common::*;
use pacer_sdk::models::salync::{
    Channel, Listing, Product, PurchaseOrder, StockAdjustment, StockLevel, Supplier, Variant,
};
use pacer_sdk::webhooks::{SalyncEventData, SalyncReceiver};
use pacer_sdk::{ErrorKind, Salync, Timestamp};
use pacer_sdk_emulator::{Emulator, EmulatorConfig};
use serde_json::json;

fn ts(s: &str) -> Timestamp {
    Timestamp::parse_rfc3339(s).unwrap()
}

fn salync(change: impl FnOnce(&mut EmulatorConfig)) -> Emulator {
    provider_emulator("salync", change)
}

fn client(emu: &Emulator, plan: &str) -> Salync {
    salync_builder(emu, plan).build_salync().unwrap()
}

fn all<T>(records: pacer_sdk::Records<T>) -> Vec<T>
where
    T: serde::de::DeserializeOwned,
{
    records.map(Result::unwrap).collect()
}

#[test]
fn every_resource_round_trips() {
    let emu = salync(|c| c.enforce_quota = false);
    let c = client(&emu, "growth");

    // Suppliers: list (paged by page/per_page, every page followed), get.
    let suppliers: Vec<Supplier> = all(c.suppliers().list().unwrap());
    assert!(!suppliers.is_empty());
    let supplier_id = suppliers[0].id.clone().unwrap();
    let one = c.suppliers().get(supplier_id.as_str()).unwrap();
    assert_eq!(one.name, suppliers[0].name);

    let mut products = c.products().list().unwrap();
    let listed: Vec<Product> = products.by_ref().map(Result::unwrap).collect();
    let position = products.position().clone();
    assert_eq!(
        Some(listed.len() as u64),
        position.total,
        "meta.total reached"
    );
    assert!(
        position.pages > 1,
        "more than one page of 100: {position:?}"
    );

    // Products: create with option types (the variants follow), get, update, by SKU, archive.
    let written = c
        .products()
        .create(&json!({
            "name": "Linen Tee", "sku": "TEE-PACER", "price": 24.5, "cost_price": 9.99,
            "supplier_id": supplier_id, "low_stock_threshold": 4,
            "option_types": [{"name": "Size", "values": ["S", "M"]},
                             {"name": "Colour", "values": ["Red", "Blue"]}],
        }))
        .unwrap();
    let created: Product = written.record().unwrap();
    let id = created.id.clone().unwrap();
    assert_eq!(written.id.as_ref().map(|i| i.to_string()), Some(id.clone()));
    assert_eq!(created.variants.as_ref().map(Vec::len), Some(4));
    let fetched = c.products().get(id.as_str()).unwrap();
    assert_eq!(fetched.sku.as_deref(), Some("TEE-PACER"));
    c.products()
        .update(
            id.as_str(),
            &json!({"name": "Linen Tee II", "low_stock_threshold": 6}),
        )
        .unwrap();
    let by_sku = c.products().by_sku("TEE-PACER").unwrap();
    assert_eq!(
        (
            by_sku.id.as_deref(),
            by_sku.name.as_deref(),
            by_sku.low_stock_threshold
        ),
        (Some(id.as_str()), Some("Linen Tee II"), Some(6))
    );
    // A variant SKU finds its product too.
    let variant_sku = created.variants.as_ref().unwrap()[0].sku.clone().unwrap();
    assert_eq!(
        c.products().by_sku(&variant_sku).unwrap().id.as_deref(),
        Some(id.as_str())
    );

    // Variants of the product: list, get, create, update, archive.
    let variants: Vec<Variant> = all(c.product_variants(&id).list().unwrap());
    assert_eq!(variants.len(), 4);
    let vid = variants[0].id.clone().unwrap();
    assert_eq!(
        c.product_variants(&id).get(vid.as_str()).unwrap().sku,
        variants[0].sku
    );
    let added: Variant = c
        .product_variants(&id)
        .create(&json!({"sku": "TEE-PACER-L-RED", "options": {"Size": "L", "Colour": "Red"}, "price": 26}))
        .unwrap()
        .record()
        .unwrap();
    assert_eq!(added.product_id.as_deref(), Some(id.as_str()));
    c.product_variants(&id)
        .update(
            vid.as_str(),
            &json!({"sku": "TEE-PACER-S-RED-2", "price": 22}),
        )
        .unwrap();
    let archived_variant = c.product_variants(&id).archive(vid.as_str()).unwrap();
    assert_eq!(archived_variant.archived, Some(true));
    assert_eq!(
        all(c.product_variants(&id).list().unwrap()).len(),
        4,
        "5 less 1 archived"
    );

    // Up to three option types: a fourth is refused locally, before any request.
    let before = emu.requests().len();
    let err = c
        .products()
        .create(&json!({"name": "X", "sku": "X-1", "option_types": [
            {"name": "A", "values": ["1"]}, {"name": "B", "values": ["1"]},
            {"name": "C", "values": ["1"]}, {"name": "D", "values": ["1"]}]}))
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert_eq!(err.errors[0].field, "option_types");
    assert_eq!(emu.requests().len(), before);

    // Stock: levels, then an adjustment moves them.
    let simple: Product = c
        .products()
        .create(&json!({"name": "Oak Board", "sku": "OAK-PACER", "price": 12.5}))
        .unwrap()
        .record()
        .unwrap();
    let sid = simple.id.clone().unwrap();
    let level = |c: &Salync| -> i64 {
        all::<StockLevel>(c.stock().list_with(&json!({"product_id": sid})).unwrap())
            .iter()
            .map(|l| l.stock_on_hand.unwrap_or(0))
            .sum()
    };
    assert_eq!(level(&c), 0);
    let adj: StockAdjustment = c
        .stock_adjustments()
        .create(
            &json!({"product_id": sid, "type": "manual", "direction": "increase",
                        "quantity": 12, "reference": "count 2026-11"}),
        )
        .unwrap()
        .record()
        .unwrap();
    assert_eq!(adj.quantity, Some(12));
    assert_eq!(level(&c), 12);
    let history: Vec<StockAdjustment> = all(c
        .stock_adjustments()
        .list_with(&json!({"product_id": sid}))
        .unwrap());
    assert_eq!(history[0].id, adj.id);
    // A manual adjustment must say which way: refused locally.
    let err = c
        .stock_adjustments()
        .create(&json!({"product_id": sid, "type": "manual", "quantity": 1}))
        .unwrap_err();
    assert_eq!(
        (err.kind, err.errors[0].field.as_str()),
        (ErrorKind::Validation, "direction")
    );

    // Purchase orders: create, list, get; received into stock by the warehouse.
    let po: PurchaseOrder = c
        .purchase_orders()
        .create(&json!({"supplier_id": supplier_id, "status": "sent",
                        "lines": [{"product_id": sid, "quantity": 10, "unit_cost": 2.5}]}))
        .unwrap()
        .record()
        .unwrap();
    let po_id = po.id.clone().unwrap();
    assert_eq!(po.status.as_deref(), Some("sent"));
    let sent: Vec<PurchaseOrder> = all(c
        .purchase_orders()
        .list_with(&json!({"status": "sent"}))
        .unwrap());
    assert!(sent.iter().any(|p| p.id == po.id));
    emu.receive_purchase_order(&po_id).unwrap();
    let received = c.purchase_orders().get(po_id.as_str()).unwrap();
    assert_eq!(received.status.as_deref(), Some("received"));
    assert_eq!(level(&c), 22);

    // Channels: connection status, and the listing states of one.
    let channels: Vec<Channel> = all(c.channels().list().unwrap());
    let channel_id = channels[0].id.clone().unwrap();
    assert!(
        c.channels()
            .get(channel_id.as_str())
            .unwrap()
            .connection_status
            .is_some()
    );
    let listings: Vec<Listing> = all(c.channel_listings(&channel_id).list().unwrap());
    assert!(listings.iter().all(|l| l.state.is_some()));

    // Archive a product: gone from lists, still found by id.
    let archived = c.products().archive(id.as_str()).unwrap();
    assert_eq!(archived.archived, Some(true));
    let live: Vec<Product> = all(c.products().list().unwrap());
    assert!(live.iter().all(|p| p.id.as_deref() != Some(id.as_str())));
    assert_eq!(c.products().get(id.as_str()).unwrap().archived, Some(true));
}

#[test]
fn errors_carry_the_code_and_message() {
    let emu = salync(|c| c.enforce_quota = false);
    let c = client(&emu, "growth");
    let err = c.products().get("prod_nope").unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::Api, Some(404)));
    assert!(err.code.contains("not_found"), "{}", err.code);
    assert!(err.body.as_deref().unwrap().contains("\"error\""));
    c.products()
        .create(&json!({"name": "Mug", "sku": "MUG-PACER"}))
        .unwrap();
    let err = c
        .products()
        .create(&json!({"name": "Mug again", "sku": "mug-pacer"}))
        .unwrap_err();
    assert_eq!(
        (err.status, err.code.as_str()),
        (Some(409), "sku_already_exists")
    );
    assert!(!err.message.is_empty());

    // HTTPS only: the real base URL cannot be swapped for plain HTTP on a public host.
    let err = Salync::builder()
        .api_key("sk_live_example")
        .base_url("http://api.salync.com/v1")
        .ledger("memory")
        .build_salync()
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Config);
}

#[test]
fn growth_spends_500_a_day_and_resets_at_midnight_utc() {
    let emu = salync(|c| c.start = Some(ts("2026-11-22T23:00:00Z")));
    let c = client(&emu, "growth");
    for _ in 0..500 {
        c.suppliers().list().unwrap().for_each(|s| {
            s.unwrap();
        });
    }
    let sent = emu.requests();
    assert_eq!(sent.len(), 500);
    assert!(sent.iter().all(|r| r.status == 200), "never a 429");
    let times: Vec<i64> = sent.iter().map(|r| r.at.as_millis()).collect();
    assert!(max_in_window(&times, 60_000) <= 20, "20 a minute");
    assert!(
        emu.now() < ts("2026-11-23T00:00:00Z"),
        "done within the day"
    );

    // The 501st fails at once, saying when the budget comes back; nothing is sent.
    let before = emu.now();
    let err = c.suppliers().list().unwrap().next().unwrap().unwrap_err();
    // Every wait of a client goes through its clock (the emulator's): it did not move, so the
    // call did not wait at all.
    assert_eq!(emu.now(), before, "no waiting inside the call");
    assert_eq!(
        (err.kind, err.code.as_str()),
        (ErrorKind::Quota, "quota_exhausted")
    );
    assert_eq!(err.resets_at, Some(ts("2026-11-23T00:00:00Z")));
    assert_eq!(emu.requests().len(), 500);
    let daily = c
        .quota_status()
        .unwrap()
        .into_iter()
        .find(|w| w.window == "key.daily")
        .unwrap();
    assert_eq!((daily.used, daily.limit), (500, 500));
    assert_eq!(daily.resets_at, Some(ts("2026-11-23T00:00:00Z")));

    // A caller that asks to wait is held (in virtual time) until midnight UTC.
    let patient = salync_builder(&emu, "growth")
        .configure(|cfg| cfg.wait.wait_for_reset = true)
        .build_salync()
        .unwrap();
    // Its own ledger starts empty: the server's 429 teaches it, and it waits for the reset.
    let records: Vec<Supplier> = all(patient.suppliers().list().unwrap());
    assert!(!records.is_empty());
    let last = emu.requests().last().unwrap().clone();
    assert_eq!(last.status, 200);
    assert!(last.at >= ts("2026-11-23T00:00:00Z"), "{}", last.at);

    // After midnight the first client has a fresh day too.
    c.suppliers().list().unwrap().for_each(|s| {
        s.unwrap();
    });
}

#[test]
fn a_quota_spent_elsewhere_is_reported_with_its_reset() {
    // Another program with the same key spent the day; the server says so with a 429.
    let emu = salync(|c| {
        c.start = Some(ts("2026-11-22T18:30:00Z"));
        c.spec_overrides = Some(
            r#"[quota.plans.growth]
windows = [
  { id = "key.rate", kind = "rate", limit = 20, period = "1m" },
  { id = "key.daily", kind = "calendar", limit = 3, period = "day", zones = ["UTC"] },
]"#
            .into(),
        );
    });
    let http = reqwest::blocking::Client::new();
    for _ in 0..3 {
        let r = http
            .get(format!("{}/suppliers", emu.base_url()))
            .bearer_auth(emu.api_key())
            .send()
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let c = client(&emu, "growth");
    let before = emu.now();
    let err = c.suppliers().list().unwrap().next().unwrap().unwrap_err();
    assert_eq!(emu.now(), before, "no waiting inside the call");
    assert_eq!(
        (err.kind, err.code.as_str()),
        (ErrorKind::Quota, "quota_exhausted"),
        "{err}"
    );
    assert_eq!(err.resets_at, Some(ts("2026-11-23T00:00:00Z")), "{err:?}");
    assert_eq!(
        err.retry_after,
        Some(Duration::from_secs(5 * 3600 + 30 * 60))
    );
    // It remembers: the next call does not even ask the server.
    let asked = emu.requests().len();
    assert!(c.suppliers().get("sup_any").is_err());
    assert_eq!(emu.requests().len(), asked);
}

/// Waits for the next delivery and hands it to `receiver`, expecting a new event.
fn next_new_event(
    rx: &mpsc::Receiver<Delivery>,
    receiver: &mut SalyncReceiver,
) -> pacer_sdk::webhooks::SalyncEvent {
    let (headers, body) = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("a delivery");
    let pairs = headers.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    receiver
        .receive(pairs, &body)
        .unwrap()
        .expect("a new event")
}

/// One delivery as the receiver read it: headers and raw body.
type Delivery = (Vec<(String, String)>, Vec<u8>);

/// A loopback receiver that hands each POST (headers, body) to the test and answers 200.
fn receiver() -> (String, mpsc::Receiver<Delivery>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hooks/salync", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = Vec::new();
            let mut chunk = [0u8; 8192];
            let (head, body) = loop {
                let n = stream.read(&mut chunk).unwrap_or(0);
                buf.extend_from_slice(&chunk[..n]);
                if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buf[..at]).into_owned();
                    let len = head
                        .lines()
                        .filter_map(|l| l.split_once(':'))
                        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
                        .map_or(0, |(_, v)| v.trim().parse::<usize>().unwrap());
                    if buf.len() - at - 4 >= len || n == 0 {
                        break (head, buf[at + 4..].to_vec());
                    }
                } else if n == 0 {
                    break (String::from_utf8_lossy(&buf).into_owned(), Vec::new());
                }
            };
            let headers = head
                .lines()
                .skip(1)
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .collect();
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            let _ = tx.send((headers, body));
        }
    });
    (url, rx)
}

#[test]
fn webhooks_are_received_verified_and_typed() {
    let emu = salync(|c| {
        c.plan = "pro".into();
        c.enforce_quota = false;
        c.webhook_secret = Some("whsec_salync_test".into());
    });
    let c = client(&emu, "pro");
    let (url, rx) = receiver();
    emu.register_webhook(&url).unwrap();
    let mut receiver = SalyncReceiver::new(Some("whsec_salync_test"));
    let next = |rx: &mpsc::Receiver<Delivery>| {
        rx.recv_timeout(Duration::from_secs(20))
            .expect("a delivery")
    };

    // A received purchase order.
    let supplier = all::<Supplier>(c.suppliers().list().unwrap())[0]
        .id
        .clone()
        .unwrap();
    let product: Product = c
        .products()
        .create(
            &json!({"name": "Hook Tee", "sku": "HOOK-1", "price": 10, "low_stock_threshold": 5}),
        )
        .unwrap()
        .record()
        .unwrap();
    let pid = product.id.clone().unwrap();
    let po: PurchaseOrder = c
        .purchase_orders()
        .create(&json!({"supplier_id": supplier, "status": "sent", "lines": [{"product_id": pid, "quantity": 8}]}))
        .unwrap()
        .record()
        .unwrap();
    emu.receive_purchase_order(po.id.as_deref().unwrap())
        .unwrap();
    let (headers, body) = next(&rx);
    let pairs = || headers.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let event = receiver
        .receive(pairs(), &body)
        .unwrap()
        .expect("a new event");
    assert_eq!(event.kind, "purchase_order.received");
    match &event.data {
        SalyncEventData::PurchaseOrderReceived(r) => {
            assert_eq!(r.purchase_order_id, po.id);
            assert_eq!(r.lines.as_ref().unwrap()[0].quantity, Some(8));
        }
        other => panic!("{other:?}"),
    }
    // The same delivery again (a retry) is recognized.
    assert_eq!(receiver.receive(pairs(), &body).unwrap(), None);
    // Tampered, wrongly signed or unsigned deliveries are webhook errors.
    let mut tampered = body.clone();
    let at = tampered.iter().position(|b| *b == b'8').unwrap();
    tampered[at] = b'9';
    let sig = pacer_sdk::webhooks::find_header(pairs(), "x-salync-signature")
        .unwrap()
        .to_string();
    let mut fresh = SalyncReceiver::new(Some("whsec_salync_test"));
    for (what, hdrs, b) in [
        (
            "tampered",
            vec![("X-Salync-Signature", sig.as_str())],
            &tampered,
        ),
        (
            "wrong secret",
            vec![("X-Salync-Signature", "sha256=00ff")],
            &body,
        ),
        ("unsigned", vec![], &body),
    ] {
        let err = fresh.receive(hdrs, b).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Webhook, "{what}");
    }
    // Without a secret configured, events are parsed unverified.
    assert!(
        SalyncReceiver::new(None)
            .receive(vec![], &body)
            .unwrap()
            .is_some()
    );

    // Stock falling below the threshold (sold down from 8 to 3).
    c.stock_adjustments()
        .create(&json!({"product_id": pid, "type": "sale", "quantity": 5}))
        .unwrap();
    let event = next_new_event(&rx, &mut receiver);
    match &event.data {
        SalyncEventData::StockBelowThreshold(s) => {
            assert_eq!(
                (s.product_id.as_deref(), s.stock_on_hand, s.threshold),
                (Some(pid.as_str()), Some(3), Some(5))
            );
        }
        other => panic!("{} {other:?}", event.kind),
    }

    // A channel listing error.
    let channel = all::<Channel>(c.channels().list().unwrap())[0]
        .id
        .clone()
        .unwrap();
    let listing = all::<Listing>(c.channel_listings(&channel).list().unwrap())
        .into_iter()
        .find(|l| l.state.as_deref() == Some("active"))
        .unwrap();
    emu.trigger(
        "channel.listing_error",
        json!({"channel_id": channel, "listing_id": listing.id, "product_id": listing.product_id,
               "sku": listing.sku, "error_code": "missing_attribute", "message": "Missing required attribute: brand"}),
    )
    .unwrap();
    let event = next_new_event(&rx, &mut receiver);
    match &event.data {
        SalyncEventData::ChannelListingError(e) => {
            assert_eq!(e.error_code.as_deref(), Some("missing_attribute"));
            assert_eq!(e.listing_id, listing.id);
        }
        other => panic!("{other:?}"),
    }
    let now: Listing = all::<Listing>(c.channel_listings(&channel).list().unwrap())
        .into_iter()
        .find(|l| l.id == listing.id)
        .unwrap();
    assert_eq!(now.state.as_deref(), Some("error"));
    assert!(!format!("{receiver:?}").contains("whsec_salync_test"));
}

#[test]
fn unconfirmed_paths_can_be_overridden() {
    let moved = "[endpoints.\"products.by_sku\"]\npath = \"/products/lookup/{sku}\"\n";
    let emu = salync(|c| {
        c.enforce_quota = false;
        c.spec_overrides = Some(moved.into());
    });
    let stock = client(&emu, "growth");
    let sku = all::<Product>(stock.products().list().unwrap())[0]
        .sku
        .clone()
        .unwrap();
    let err = stock.products().by_sku(&sku).unwrap_err();
    assert_eq!(
        err.status,
        Some(404),
        "the built-in path is gone on this server"
    );
    let moved_client = salync_builder(&emu, "growth")
        .spec_overrides(moved)
        .build_salync()
        .unwrap();
    assert_eq!(
        moved_client.products().by_sku(&sku).unwrap().sku.as_deref(),
        Some(sku.as_str())
    );
    assert!(
        emu.requests()
            .last()
            .unwrap()
            .path
            .starts_with("/v1/products/lookup/")
    );
}
