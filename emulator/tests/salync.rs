//! The Salync emulator over real HTTP: seeded data behind every GET of the spec, page/per_page
//! paging with meta and absolute next links, archiving, SKU lookups, write round trips, stock
//! adjustments, the per-plan daily and burst quota on the virtual clock, and webhooks
//! delivered to a local server with a valid signature.

mod common;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use pacer_sdk_core::ProviderSpec;
use pacer_sdk_emulator::{
    Emulator, EmulatorConfig, EmulatorError, WebhookDelivery, hmac_sha256_hex,
};
use serde_json::{Value, json};

fn unmetered() -> Emulator {
    start("salync", |c| c.enforce_quota = false)
}

/// The emulator's UTC date (Salync's calendar) `days` after now (before, when negative).
fn utc_date(emu: &Emulator, days: i64) -> String {
    emu.now().add_millis(days * 86_400_000).to_rfc3339()[..10].to_string()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().expect("object").keys().cloned().collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Every record of a list, following `links.next`.
fn walk(api: &Api, path: &str) -> (Vec<Value>, u64, usize) {
    let mut out = Vec::new();
    let mut next = Some(path.to_string());
    let mut total = 0;
    let mut pages = 0;
    while let Some(url) = next {
        let a = api.get(&url);
        assert_eq!(a.status, 200, "{url}: {}", a.text);
        pages += 1;
        total = a.json["meta"]["total"].as_u64().unwrap();
        out.extend(a.json["data"].as_array().unwrap().iter().cloned());
        next = a.json["links"]["next"].as_str().map(str::to_string);
    }
    (out, total, pages)
}

fn first_with_variants(api: &Api) -> Value {
    walk(api, "/products")
        .0
        .into_iter()
        .find(|p| p["variants"].as_array().unwrap().len() > 1)
        .expect("a product with variants")
}

#[test]
fn every_get_endpoint_answers_seeded_data() {
    let emu = unmetered();
    let api = salync_api(&emu);
    assert!(emu.base_url().ends_with("/v1"), "{}", emu.base_url());
    let spec = ProviderSpec::builtin("salync").unwrap();
    let product = first_with_variants(&api);
    let supplier = api.get("/suppliers").json["data"][0]["id"].clone();
    let po = api.get("/purchase-orders").json["data"][0]["id"].clone();
    let channel = api.get("/channels").json["data"][0]["id"].clone();
    let fill = |path: &str| {
        path.replace("{product_id}", product["id"].as_str().unwrap())
            .replace(
                "{variant_id}",
                product["variants"][0]["id"].as_str().unwrap(),
            )
            .replace("{sku}", product["sku"].as_str().unwrap())
            .replace("{supplier_id}", supplier.as_str().unwrap())
            .replace("{purchase_order_id}", po.as_str().unwrap())
            .replace("{channel_id}", channel.as_str().unwrap())
    };
    for ep in spec.endpoints.iter().filter(|e| e.method == "GET") {
        let path = fill(&ep.path);
        let a = api.get(&path);
        assert_eq!(a.status, 200, "{} {path}: {}", ep.name, a.text);
        if ep.paging.is_some() {
            assert_eq!(
                keys(&a.json),
                set(&["data", "meta", "links"]),
                "{}",
                ep.name
            );
            assert!(
                !a.json["data"].as_array().unwrap().is_empty(),
                "{} has data",
                ep.name
            );
            assert!(a.json["meta"]["total"].as_u64().unwrap() > 0);
        } else {
            assert!(a.json["id"].is_string(), "{}: {}", ep.name, a.text);
        }
    }
    let seen: BTreeSet<String> = emu
        .requests()
        .into_iter()
        .filter_map(|r| r.endpoint)
        .collect();
    for ep in spec.endpoints.iter().filter(|e| e.method == "GET") {
        assert!(seen.contains(&ep.name), "{} was exercised", ep.name);
    }

    // Record shapes.
    assert_eq!(
        keys(&product),
        set(&[
            "id",
            "name",
            "sku",
            "description",
            "barcode",
            "cost_price",
            "price",
            "supplier_id",
            "supplier_reference",
            "low_stock_threshold",
            "stock_on_hand",
            "archived",
            "option_types",
            "variants",
            "created_at",
            "updated_at"
        ])
    );
    assert!(product["id"].as_str().unwrap().starts_with("prd_"));
    let variant = &product["variants"][0];
    assert_eq!(
        keys(variant),
        set(&[
            "id",
            "product_id",
            "sku",
            "options",
            "barcode",
            "cost_price",
            "price",
            "stock_on_hand",
            "archived"
        ])
    );
    assert!(variant["id"].as_str().unwrap().starts_with("var_"));
    let stock_sum: i64 = product["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["stock_on_hand"].as_i64().unwrap())
        .sum();
    assert_eq!(
        product["stock_on_hand"].as_i64().unwrap(),
        stock_sum,
        "stock is held per variant"
    );
    let types = product["option_types"].as_array().unwrap();
    let combos: usize = types
        .iter()
        .map(|t| t["values"].as_array().unwrap().len())
        .product();
    assert_eq!(
        product["variants"].as_array().unwrap().len(),
        combos,
        "every combination"
    );
    let (all, total, _) = walk(&api, "/products");
    assert_eq!(all.len() as u64, total);
    assert!(
        (100..=120).contains(&total),
        "about 120 products, a few archived: {total}"
    );
    for p in &all {
        for money in ["price", "cost_price"] {
            let v = p[money].as_f64().unwrap();
            assert!(
                ((v * 100.0).round() - v * 100.0).abs() < 1e-6,
                "{money} {v} has at most 2 decimals"
            );
        }
        assert!(p["option_types"].as_array().unwrap().len() <= 3);
    }
    let level = &api.get("/stock").json["data"][0];
    assert_eq!(
        keys(level),
        set(&[
            "product_id",
            "variant_id",
            "sku",
            "stock_on_hand",
            "low_stock_threshold",
            "low_stock"
        ])
    );
    let adj = &api.get("/stock/adjustments").json["data"][0];
    assert_eq!(
        keys(adj),
        set(&[
            "id",
            "product_id",
            "variant_id",
            "type",
            "quantity",
            "direction",
            "reference",
            "date",
            "created_at"
        ])
    );
    let (suppliers, _, _) = walk(&api, "/suppliers");
    assert_eq!(suppliers.len(), 25);
    assert_eq!(
        keys(&suppliers[0]),
        set(&[
            "id",
            "name",
            "contact_name",
            "email",
            "phone",
            "website",
            "address",
            "notes",
            "lead_time_days",
            "minimum_order_quantity",
            "minimum_order_value",
            "payment_terms",
            "currency"
        ])
    );
    assert!(
        suppliers.iter().filter(|s| s["currency"] == "GBP").count() > 15,
        "GBP by default"
    );
    let (pos, _, _) = walk(&api, "/purchase-orders");
    assert_eq!(pos.len(), 40);
    let statuses: BTreeSet<&str> = pos.iter().map(|p| p["status"].as_str().unwrap()).collect();
    assert_eq!(
        statuses,
        [
            "cancelled",
            "confirmed",
            "draft",
            "in_transit",
            "received",
            "sent"
        ]
        .into_iter()
        .collect()
    );
    let sent = walk(&api, "/purchase-orders?status=sent").0;
    assert!(
        sent.iter()
            .all(|p| p["status"] == "sent" && !p["sent_at"].is_null())
    );
    let channels = api.get("/channels").json["data"].clone();
    assert_eq!(channels.as_array().unwrap().len(), 3);
    assert_eq!(
        keys(&channels[0]),
        set(&[
            "id",
            "name",
            "platform",
            "connection_status",
            "listing_count"
        ])
    );
    let mut errors = 0;
    for c in channels.as_array().unwrap() {
        let (listings, total, _) = walk(
            &api,
            &format!("/channels/{}/listings", c["id"].as_str().unwrap()),
        );
        assert_eq!(total, c["listing_count"].as_u64().unwrap());
        errors += listings
            .iter()
            .filter(|l| l["state"] == "error" && l["error_message"].is_string())
            .count();
        assert_eq!(
            keys(&listings[0]),
            set(&[
                "id",
                "channel_id",
                "product_id",
                "variant_id",
                "sku",
                "state",
                "error_message"
            ])
        );
    }
    assert!(
        (1..40).contains(&errors),
        "a few listings in error: {errors}"
    );
}

#[test]
fn paging_answers_meta_and_absolute_next_links() {
    let emu = unmetered();
    let api = salync_api(&emu);
    let first = api.get("/products?per_page=25");
    assert_eq!(first.json["meta"]["page"], 1);
    assert_eq!(first.json["meta"]["per_page"], 25);
    let total = first.json["meta"]["total"].as_u64().unwrap();
    assert_eq!(
        first.json["links"]["next"],
        format!("{}/products?per_page=25&page=2", emu.base_url())
    );
    let (all, t, pages) = walk(&api, "/products?per_page=25");
    assert_eq!((all.len() as u64, t), (total, total));
    assert_eq!(pages as u64, total.div_ceil(25));
    let ids: BTreeSet<&str> = all.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), all.len(), "no record twice");
    // Default and maximum page size 100; the query is carried along.
    let d = api.get("/stock/adjustments");
    assert_eq!(d.json["meta"]["per_page"], 100);
    assert_eq!(d.json["data"].as_array().unwrap().len(), 100);
    let filtered = api.get("/products?search=mug&per_page=2");
    let next = filtered.json["links"]["next"].as_str().unwrap();
    assert!(
        next.contains("search=mug") && next.contains("page=2"),
        "{next}"
    );
    let beyond = api.get("/products?page=99");
    assert_eq!(
        (
            beyond.status,
            beyond.json["data"].clone(),
            beyond.json["links"]["next"].clone()
        ),
        (200, json!([]), Value::Null)
    );
    for (q, code) in [
        ("per_page=101", "invalid_per_page"),
        ("per_page=0", "invalid_per_page"),
        ("page=0", "invalid_page"),
        ("page=x", "invalid_page"),
    ] {
        let a = api.get(&format!("/products?{q}"));
        assert_eq!(
            (a.status, a.json["error"].as_str()),
            (400, Some(code)),
            "{q}: {}",
            a.text
        );
        assert!(a.json["message"].is_string());
    }
}

#[test]
fn archived_products_leave_the_lists_but_not_lookups() {
    let emu = unmetered();
    let api = salync_api(&emu);
    let before = api.get("/products").json["meta"]["total"].as_u64().unwrap();
    let archived_before = api.get("/products?archived=true").json["meta"]["total"]
        .as_u64()
        .unwrap();
    assert!(archived_before > 0, "some seeded products are archived");
    let target = api.get("/products").json["data"][3].clone();
    let id = target["id"].as_str().unwrap();
    let a = api.post(&format!("/products/{id}/archive"), &json!({}));
    assert_eq!((a.status, a.json["archived"].as_bool()), (200, Some(true)));
    let (active, total, _) = walk(&api, "/products");
    assert_eq!(total, before - 1);
    assert!(
        active
            .iter()
            .all(|p| p["id"] != id && p["archived"] == false)
    );
    let (archived, _, _) = walk(&api, "/products?archived=true");
    assert_eq!(archived.len() as u64, archived_before + 1);
    assert!(archived.iter().any(|p| p["id"] == id));
    assert!(archived.iter().all(|p| p["archived"] == true));
    assert_eq!(api.get(&format!("/products/{id}")).json["archived"], true);
    let sku = target["sku"].as_str().unwrap();
    assert_eq!(api.get(&format!("/products/sku/{sku}")).json["id"], id);
    let stock = walk(&api, "/stock").0;
    assert!(
        stock.iter().all(|l| l["product_id"] != id),
        "archived stock is not listed"
    );
    let bad = api.get("/products?archived=maybe");
    assert_eq!(
        (bad.status, bad.json["error"].as_str()),
        (400, Some("validation_failed"))
    );
}

#[test]
fn sku_lookup_finds_products_and_variants() {
    let emu = unmetered();
    let api = salync_api(&emu);
    let p = first_with_variants(&api);
    let by_product = api.get(&format!("/products/sku/{}", p["sku"].as_str().unwrap()));
    assert_eq!(by_product.json["id"], p["id"]);
    let vsku = p["variants"][1]["sku"].as_str().unwrap();
    let by_variant = api.get(&format!("/products/sku/{}", vsku.to_lowercase()));
    assert_eq!(
        by_variant.json["id"], p["id"],
        "variant SKUs find the product, case-insensitively"
    );
    let missing = api.get("/products/sku/WIDGET-001");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.json,
        json!({"error": "product_not_found", "message": "No product found with SKU 'WIDGET-001'"})
    );
    let by_id = api.get("/products/prd_nope");
    assert_eq!(
        (by_id.status, by_id.json["error"].as_str()),
        (404, Some("product_not_found"))
    );
    let encoded = api.get("/products/sku/A%2FB%20C");
    assert_eq!(encoded.json["message"], "No product found with SKU 'A/B C'");
}

#[test]
fn creates_and_updates_round_trip() {
    let emu = unmetered();
    let api = salync_api(&emu);
    let supplier = api.get("/suppliers").json["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({
        "name": "Linen Tee", "sku": "TEE-1", "price": 24.5, "cost_price": 9.99,
        "supplier_id": supplier, "low_stock_threshold": 4,
        "option_types": [{"name": "Size", "values": ["S", "M"]}, {"name": "Colour", "values": ["Red", "Blue", "Sea Green"]}],
    });
    let c = api.post("/products", &body);
    assert_eq!(c.status, 201, "{}", c.text);
    let id = c.json["id"].as_str().unwrap().to_string();
    let variants = c.json["variants"].as_array().unwrap();
    assert_eq!(variants.len(), 6, "every combination");
    let skus: Vec<&str> = variants
        .iter()
        .map(|v| v["sku"].as_str().unwrap())
        .collect();
    assert_eq!(
        skus,
        [
            "TEE-1-S-RED",
            "TEE-1-S-BLUE",
            "TEE-1-S-SEAGREEN",
            "TEE-1-M-RED",
            "TEE-1-M-BLUE",
            "TEE-1-M-SEAGREEN"
        ]
    );
    assert_eq!(
        variants[2]["options"],
        json!({"Size": "S", "Colour": "Sea Green"})
    );
    assert_eq!(
        (
            variants[0]["price"].as_f64(),
            variants[0]["stock_on_hand"].as_i64()
        ),
        (Some(24.5), Some(0))
    );
    assert_eq!(api.get(&format!("/products/{id}")).json, c.json);
    assert_eq!(
        api.get("/products?search=TEE-1-M-BLUE").json["data"][0]["id"],
        id.as_str()
    );

    let four = json!({"name": "X", "sku": "X-1", "option_types": [
        {"name": "A", "values": ["1"]}, {"name": "B", "values": ["1"]}, {"name": "C", "values": ["1"]}, {"name": "D", "values": ["1"]}]});
    let a = api.post("/products", &four);
    assert_eq!(
        (a.status, a.json["error"].as_str()),
        (400, Some("validation_failed"))
    );
    let dup = api.post("/products", &json!({"name": "Again", "sku": "tee-1"}));
    assert_eq!(
        (dup.status, dup.json["error"].as_str()),
        (409, Some("sku_already_exists"))
    );
    let clash = api.post("/products", &json!({"name": "Clash", "sku": "TEE-1-S-RED"}));
    assert_eq!(clash.status, 409, "variant SKUs are taken too");
    let no_name = api.post("/products", &json!({"sku": "N-1"}));
    assert_eq!(
        no_name.json,
        json!({"error": "validation_failed", "message": "name is required"})
    );

    // Update: pricing is per variant once a product has variants.
    let u = api.put(
        &format!("/products/{id}"),
        &json!({"name": "Linen Tee II", "low_stock_threshold": 6}),
    );
    assert_eq!(
        (
            u.status,
            u.json["name"].as_str(),
            u.json["low_stock_threshold"].as_i64()
        ),
        (200, Some("Linen Tee II"), Some(6))
    );
    assert_eq!(
        api.put(&format!("/products/{id}"), &json!({"price": 30}))
            .status,
        400
    );

    // Variants: list, get, create (a new value joins the option type), update, archive.
    let (vs, total, _) = walk(&api, &format!("/products/{id}/variants"));
    assert_eq!((vs.len(), total), (6, 6));
    let vid = vs[0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        api.get(&format!("/products/{id}/variants/{vid}")).json["sku"],
        "TEE-1-S-RED"
    );
    let nv = api.post(
        &format!("/products/{id}/variants"),
        &json!({"sku": "TEE-1-L-RED", "options": {"size": "L", "Colour": "Red"}, "price": 26}),
    );
    assert_eq!(nv.status, 201, "{}", nv.text);
    assert_eq!(nv.json["options"], json!({"Size": "L", "Colour": "Red"}));
    let p = api.get(&format!("/products/{id}")).json;
    assert_eq!(p["option_types"][0]["values"], json!(["S", "M", "L"]));
    let dupv = api.post(
        &format!("/products/{id}/variants"),
        &json!({"sku": "TEE-1-L-RED-2", "options": {"Size": "L", "Colour": "red"}}),
    );
    assert_eq!(
        (dupv.status, dupv.json["error"].as_str()),
        (409, Some("duplicate_variant"))
    );
    let partial = api.post(
        &format!("/products/{id}/variants"),
        &json!({"sku": "TEE-1-XL", "options": {"Size": "XL"}}),
    );
    assert_eq!(partial.status, 400, "every option type must be named");
    let uv = api.put(
        &format!("/products/{id}/variants/{vid}"),
        &json!({"sku": "TEE-1-S-RED-V2", "price": 22}),
    );
    assert_eq!(
        (
            uv.status,
            uv.json["sku"].as_str(),
            uv.json["price"].as_f64()
        ),
        (200, Some("TEE-1-S-RED-V2"), Some(22.0))
    );
    let arch = api.post(
        &format!("/products/{id}/variants/{vid}/archive"),
        &json!({}),
    );
    assert_eq!(arch.json["archived"], true);
    assert_eq!(
        walk(&api, &format!("/products/{id}/variants")).1,
        6,
        "archived variant hidden"
    );

    // A simple product, then its variants switch on.
    let s = api.post(
        "/products",
        &json!({"name": "Oak Board", "sku": "OAK-1", "price": 12.5}),
    );
    assert_eq!((s.status, s.json["variants"].clone()), (201, json!([])));
    let sid = s.json["id"].as_str().unwrap().to_string();
    let on = api.post(
        &format!("/products/{sid}/variants"),
        &json!({"sku": "OAK-1-WALNUT", "options": {"Material": "Walnut"}}),
    );
    assert_eq!(on.status, 201, "{}", on.text);
    let p = api.get(&format!("/products/{sid}")).json;
    assert_eq!(
        p["option_types"],
        json!([{"name": "Material", "values": ["Walnut"]}])
    );
    assert_eq!(
        p["variants"][0]["price"],
        json!(12.5),
        "inherits the product's price"
    );

    // Purchase orders: draft by default, or sent; totals computed; lines validated.
    let line_product = walk(&api, "/products")
        .0
        .into_iter()
        .find(|p| p["variants"] == json!([]))
        .unwrap();
    let po = api.post(
        "/purchase-orders",
        &json!({"supplier_id": supplier, "lines": [
        {"product_id": line_product["id"], "quantity": 10, "unit_cost": 2.5},
        {"product_id": id, "variant_id": vs[1]["id"], "quantity": 4}]}),
    );
    assert_eq!(po.status, 201, "{}", po.text);
    assert_eq!(
        (po.json["status"].as_str(), po.json["sent_at"].clone()),
        (Some("draft"), Value::Null)
    );
    assert_eq!(po.json["total"], json!(64.96), "10 × 2.50 + 4 × 9.99");
    assert_eq!(
        po.json["lines"][1]["unit_cost"],
        json!(9.99),
        "defaults to the cost price"
    );
    assert!(po.json["number"].as_str().unwrap().starts_with("PO-"));
    let sent = api.post("/purchase-orders", &json!({"supplier_id": supplier, "status": "sent", "expected_delivery_date": utc_date(&emu, 18), "lines": [{"product_id": line_product["id"], "quantity": 1}]}));
    assert_eq!(
        (
            sent.json["status"].as_str(),
            sent.json["sent_at"].is_string()
        ),
        (Some("sent"), true)
    );
    let bad_status = api.post("/purchase-orders", &json!({"supplier_id": supplier, "status": "received", "lines": [{"product_id": line_product["id"], "quantity": 1}]}));
    assert_eq!(bad_status.status, 400);
    let no_variant = api.post(
        "/purchase-orders",
        &json!({"supplier_id": supplier, "lines": [{"product_id": id, "quantity": 1}]}),
    );
    assert_eq!(
        no_variant.status, 400,
        "a product with variants needs the variant"
    );
    let who = api.post(
        "/purchase-orders",
        &json!({"supplier_id": "sup_nope", "lines": [{"product_id": id, "quantity": 1}]}),
    );
    assert_eq!(
        (who.status, who.json["error"].as_str()),
        (404, Some("supplier_not_found"))
    );
    let po_id = po.json["id"].as_str().unwrap();
    assert_eq!(api.get(&format!("/purchase-orders/{po_id}")).json, po.json);
}

/// Units on hand of a product or one of its variants, read from the product.
fn stock_of(api: &Api, product: &str, variant: Option<&str>) -> i64 {
    let p = api.get(&format!("/products/{product}")).json;
    match variant {
        None => p["stock_on_hand"].as_i64().unwrap(),
        Some(v) => p["variants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == v)
            .map(|x| x["stock_on_hand"].as_i64().unwrap())
            .expect("the variant"),
    }
}

#[test]
fn adjustments_change_stock() {
    let emu = unmetered();
    let api = salync_api(&emu);
    let p = api
        .post(
            "/products",
            &json!({"name": "Beeswax Candle", "sku": "CAN-1", "low_stock_threshold": 10}),
        )
        .json;
    let id = p["id"].as_str().unwrap().to_string();
    let adjust = |body: Value| {
        let mut b = body;
        b["product_id"] = json!(id);
        api.post("/stock/adjustments", &b)
    };
    let a = adjust(
        json!({"type": "manual", "direction": "increase", "quantity": 50, "reference": "Opening stock"}),
    );
    assert_eq!(a.status, 201, "{}", a.text);
    assert!(a.json["id"].as_str().unwrap().starts_with("adj_"));
    assert_eq!(a.json["date"], utc_date(&emu, 0), "today (UTC) by default");
    assert_eq!(stock_of(&api, &id, None), 50);
    assert_eq!(
        adjust(json!({"type": "sale", "quantity": 5})).json["direction"],
        "decrease"
    );
    assert_eq!(
        adjust(json!({"type": "write_off", "quantity": 2})).status,
        201
    );
    assert_eq!(
        adjust(json!({"type": "po_receipt", "quantity": 10})).json["direction"],
        "increase"
    );
    let t = adjust(json!({"type": "transfer", "quantity": 3, "to_location": "Warehouse B"}));
    assert_eq!(
        (t.status, t.json["to_location"].as_str()),
        (201, Some("Warehouse B"))
    );
    assert_eq!(stock_of(&api, &id, None), 50 - 5 - 2 + 10 - 3);
    assert_eq!(
        api.get(&format!("/products/{id}")).json["stock_on_hand"],
        50
    );
    for (body, why) in [
        (
            json!({"type": "manual", "quantity": 1}),
            "manual needs a direction",
        ),
        (
            json!({"type": "transfer", "quantity": 1}),
            "transfer needs to_location",
        ),
        (
            json!({"type": "sale", "quantity": 0}),
            "quantity is positive",
        ),
        (
            json!({"type": "sale", "quantity": -2}),
            "quantity is positive",
        ),
        (json!({"type": "theft", "quantity": 1}), "known types only"),
        (
            json!({"type": "sale", "quantity": 1, "date": "2030-01-01"}),
            "no future dates",
        ),
    ] {
        let r = adjust(body);
        assert_eq!(
            (r.status, r.json["error"].as_str()),
            (400, Some("validation_failed")),
            "{why}: {}",
            r.text
        );
    }
    let (history, _, _) = walk(&api, &format!("/stock/adjustments?product_id={id}"));
    let types: Vec<&str> = history
        .iter()
        .map(|h| h["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        ["transfer", "po_receipt", "write_off", "sale", "manual"],
        "newest first"
    );
    let low = walk(&api, "/stock?low_stock=true").0;
    assert!(
        low.iter()
            .all(|l| l["stock_on_hand"].as_i64() < l["low_stock_threshold"].as_i64())
    );
    let out = walk(&api, "/stock?out_of_stock=true").0;
    assert!(
        out.iter()
            .all(|l| l["stock_on_hand"].as_i64().unwrap() <= 0)
    );

    // Products with variants hold stock per variant.
    let v = first_with_variants(&api);
    let (pid, vid) = (
        v["id"].as_str().unwrap(),
        v["variants"][0]["id"].as_str().unwrap(),
    );
    let before = stock_of(&api, pid, Some(vid));
    let r = api.post(
        "/stock/adjustments",
        &json!({"product_id": pid, "type": "manual", "direction": "increase", "quantity": 1}),
    );
    assert_eq!(r.status, 400, "the variant must be named");
    let r = api.post(
        "/stock/adjustments",
        &json!({"product_id": pid, "variant_id": vid, "type": "po_receipt", "quantity": 7}),
    );
    assert_eq!(r.status, 201);
    assert_eq!(stock_of(&api, pid, Some(vid)), before + 7);
    let r = api.post(
        "/stock/adjustments",
        &json!({"product_id": pid, "variant_id": "var_nope", "type": "sale", "quantity": 1}),
    );
    assert_eq!(
        (r.status, r.json["error"].as_str()),
        (404, Some("variant_not_found"))
    );
    let r = api.post(
        "/stock/adjustments",
        &json!({"product_id": "prd_nope", "type": "sale", "quantity": 1}),
    );
    assert_eq!(
        (r.status, r.json["error"].as_str()),
        (404, Some("product_not_found"))
    );

    // Receiving a purchase order (admin) adds po_receipt adjustments.
    let po = walk(&api, "/purchase-orders?status=in_transit").0[0].clone();
    let po_id = po["id"].as_str().unwrap();
    let line = &po["lines"][0];
    let (lp, lv) = (
        line["product_id"].as_str().unwrap(),
        line["variant_id"].as_str(),
    );
    let before = stock_of(&api, lp, lv);
    let received = admin_post(
        &emu,
        &format!("/_admin/purchase-orders/{po_id}/receive"),
        &json!({}),
    );
    assert_eq!(received.status, 200, "{}", received.text);
    assert_eq!(received.json["status"], "received");
    assert_eq!(
        received.json["lines"][0]["received_quantity"],
        line["quantity"]
    );
    let same_line_qty: i64 = po["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["product_id"] == lp && l["variant_id"].as_str() == lv)
        .map(|l| l["quantity"].as_i64().unwrap())
        .sum();
    assert_eq!(stock_of(&api, lp, lv), before + same_line_qty);
    let receipts = walk(&api, &format!("/stock/adjustments?product_id={lp}")).0;
    assert!(
        receipts
            .iter()
            .any(|r| r["type"] == "po_receipt" && r["reference"] == po["number"])
    );
    assert!(emu.receive_purchase_order(po_id).is_err(), "received once");
    assert_eq!(
        api.get(&format!("/purchase-orders/{po_id}")).json["status"],
        "received"
    );
}

#[test]
fn auth_errors_are_json_and_uncounted() {
    let emu = start("salync", |_| {});
    let missing = Api::new(&emu.base_url()).get("/products");
    assert_eq!(missing.status, 401);
    assert_eq!(
        missing.json,
        json!({"error": "unauthorized", "message": "Missing or invalid API key"})
    );
    let wrong = Api::new(&emu.base_url())
        .with("authorization", "Bearer nope")
        .get("/products");
    assert_eq!(wrong.json, missing.json);
    let bare = Api::new(&emu.base_url())
        .with("authorization", &emu.api_key())
        .get("/products");
    assert_eq!(bare.status, 401, "the Bearer scheme is required");
    let lower = Api::new(&emu.base_url())
        .with("authorization", &format!("bearer {}", emu.api_key()))
        .get("/products");
    assert_eq!(lower.status, 200, "schemes are case-insensitive");
    let unknown = salync_api(&emu).get("/nothing");
    assert_eq!(
        (unknown.status, unknown.json["error"].as_str()),
        (404, Some("not_found"))
    );
    let outside = Api::new(&emu.root_url())
        .with("authorization", &format!("Bearer {}", emu.api_key()))
        .get("/products");
    assert_eq!(outside.status, 404, "routes live under the base URL's /v1");
    let verb = salync_api(&emu).delete("/products");
    assert_eq!(
        (verb.status, verb.json["error"].as_str()),
        (405, Some("method_not_allowed"))
    );
    assert!(
        emu.usage().iter().all(|w| w.used == 1),
        "only the one accepted request was counted"
    );
    assert!(
        !serde_json::to_string(&emu.requests())
            .unwrap()
            .contains(&emu.api_key())
    );
}

fn salync_at(start_at: &str, plan: &str) -> Emulator {
    Emulator::start_blocking(EmulatorConfig {
        provider: "salync".into(),
        virtual_clock: true,
        start: Some(ts(start_at)),
        plan: plan.into(),
        ..Default::default()
    })
    .expect("emulator starts")
}

fn usage(emu: &Emulator, id: &str) -> (u64, u64) {
    let w = emu.usage().into_iter().find(|w| w.window == id).unwrap();
    (w.used, w.limit)
}

#[test]
fn growth_spends_500_a_day_and_resets_at_midnight_utc() {
    let emu = salync_at("2026-11-22T10:00:00Z", "growth");
    let api = salync_api(&emu);
    // One request every 3 s is exactly the burst rate: only the daily window binds.
    for i in 0..500 {
        let a = api.get("/channels");
        assert_eq!(a.status, 200, "request {i}: {}", a.text);
        assert!(
            a.header("x-ratelimit-remaining").is_none(),
            "no rate-limit headers"
        );
        emu.advance(Duration::from_secs(3)).unwrap();
    }
    assert_eq!(usage(&emu, "key.daily"), (500, 500));
    assert_eq!(emu.now(), ts("2026-11-22T10:25:00Z"));
    let refused = api.get("/channels");
    assert_eq!(refused.status, 429);
    assert_eq!(refused.json["error"], "rate_limited");
    assert!(
        refused.json["message"]
            .as_str()
            .unwrap()
            .contains("midnight UTC"),
        "{}",
        refused.text
    );
    assert_eq!(
        refused.retry_after,
        Some(13 * 3600 + 35 * 60),
        "until 00:00 UTC"
    );
    assert_eq!(usage(&emu, "key.daily").0, 500, "refusals are not counted");
    emu.advance(Duration::from_secs(13 * 3600 + 34 * 60 + 59))
        .unwrap();
    assert_eq!(api.get("/channels").retry_after, Some(1));
    emu.advance(Duration::from_secs(1)).unwrap();
    assert_eq!(emu.now(), ts("2026-11-23T00:00:00Z"));
    assert_eq!(api.get("/channels").status, 200, "a new UTC day");
    assert_eq!(usage(&emu, "key.daily"), (1, 500));
}

#[test]
fn the_burst_limit_is_20_a_minute_on_growth_and_200_on_pro() {
    for (plan, burst, daily) in [("growth", 20u64, 500u64), ("pro", 200, 10_000)] {
        let emu = salync_at("2026-11-22T10:00:00Z", plan);
        assert_eq!(usage(&emu, "key.rate"), (0, burst));
        assert_eq!(usage(&emu, "key.daily"), (0, daily));
        let api = salync_api(&emu);
        for i in 0..burst {
            assert_eq!(
                api.get("/suppliers?per_page=1").status,
                200,
                "{plan} request {i}"
            );
        }
        let refused = api.get("/suppliers?per_page=1");
        assert_eq!(
            (refused.status, refused.retry_after),
            (429, Some(60)),
            "{plan}"
        );
        assert_eq!(refused.json["error"], "rate_limited");
        assert!(
            refused.json["message"]
                .as_str()
                .unwrap()
                .contains(&format!("{burst} requests per minute")),
            "{}",
            refused.text
        );
        emu.advance(Duration::from_millis(59_999)).unwrap();
        assert_eq!(api.get("/suppliers?per_page=1").retry_after, Some(1));
        emu.advance(Duration::from_millis(1)).unwrap();
        assert_eq!(
            api.get("/suppliers?per_page=1").status,
            200,
            "half-open window"
        );
        assert_eq!(usage(&emu, "key.rate"), (1, burst));
    }
    let err = Emulator::start_blocking(EmulatorConfig {
        provider: "salync".into(),
        plan: "starter".into(),
        ..Default::default()
    })
    .unwrap_err();
    assert!(err.to_string().contains("starter"), "{err}");
    // Spec overrides change the numbers.
    let emu = start("salync", |c| {
        c.start = Some(ts("2026-11-22T15:00:00Z"));
        c.spec_overrides = Some(
            "[quota.plans.growth]\nwindows = [{ id = \"key.rate\", kind = \"rate\", limit = 20, period = \"1m\" }, { id = \"key.daily\", kind = \"calendar\", limit = 3, period = \"day\", zones = [\"UTC\"] }]\n".into(),
        );
    });
    let api = salync_api(&emu);
    for _ in 0..3 {
        assert_eq!(api.get("/channels").status, 200);
    }
    let r = api.get("/channels");
    assert_eq!(
        (r.status, r.retry_after),
        (429, Some(9 * 3600)),
        "from 15:00 UTC to midnight"
    );
}

/// What a local webhook receiver saw of one delivery.
struct Delivered {
    head: String,
    body: String,
}

/// A receiver on 127.0.0.1 that answers `statuses` in turn (then 200) and reports each
/// request it read.
fn receiver(statuses: Vec<u16>) -> (String, mpsc::Receiver<Delivered>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hooks/salync", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut statuses = statuses.into_iter();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            let (head, body) = loop {
                let n = stream.read(&mut chunk).unwrap_or(0);
                buf.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&buf).into_owned();
                if let Some((head, body)) = text.split_once("\r\n\r\n") {
                    let len = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap())
                        })
                        .unwrap_or(0);
                    if body.len() >= len || n == 0 {
                        break (head.to_string(), body.to_string());
                    }
                } else if n == 0 {
                    break (text, String::new());
                }
            };
            let status = statuses.next().unwrap_or(200);
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = tx.send(Delivered { head, body });
        }
    });
    (url, rx)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then_some(v.trim())
    })
}

fn next_event(rx: &mpsc::Receiver<Delivered>, secret: &str) -> Value {
    let d = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("a delivery");
    assert!(
        d.head.starts_with("POST /hooks/salync HTTP/1.1"),
        "{}",
        d.head
    );
    let sig = header(&d.head, "x-salync-signature").expect("signed");
    assert_eq!(
        sig,
        format!("sha256={}", hmac_sha256_hex(secret, d.body.as_bytes()))
    );
    let tampered = d.body.replacen('{', "{ ", 1);
    assert_ne!(
        sig,
        format!("sha256={}", hmac_sha256_hex(secret, tampered.as_bytes()))
    );
    let event: Value = serde_json::from_str(&d.body).unwrap();
    assert_eq!(keys(&event), set(&["id", "type", "created_at", "data"]));
    assert!(event["id"].as_str().unwrap().starts_with("evt_"));
    event
}

/// The deliveries once `done` holds for them. The worker delivers on the emulator's runtime
/// over real sockets, so its records trail what the receiver saw by an HTTP exchange; this
/// waits for that (bounded), and asserts no timing: the back-off runs on the emulator's clock
/// and is checked on it.
fn deliveries_when(
    emu: &Emulator,
    what: &str,
    done: impl Fn(&[WebhookDelivery]) -> bool,
) -> Vec<WebhookDelivery> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let d = emu.webhook_deliveries();
        if done(&d) {
            return d;
        }
        assert!(Instant::now() < deadline, "{what}: {d:?}");
        // Real time on purpose: polling another thread's record of a socket exchange.
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Delivery `i` once `attempts` were made and the worker is idle on it: finished, or waiting
/// for its next retry.
fn idle(emu: &Emulator, i: usize, attempts: u32) -> WebhookDelivery {
    let what = format!("delivery {i} idle after {attempts} attempts");
    deliveries_when(emu, &what, |d| {
        d.get(i)
            .is_some_and(|d| d.attempts >= attempts && (d.finished || d.next_attempt_at.is_some()))
    })
    .swap_remove(i)
}

#[test]
fn webhooks_are_delivered_signed_on_pro_only() {
    let growth = start("salync", |_| {});
    let (url, _rx) = receiver(vec![]);
    assert!(matches!(
        growth.register_webhook(&url),
        Err(EmulatorError::Unsupported(_))
    ));
    assert!(growth.trigger("channel.listing_error", json!({})).is_err());
    assert_eq!(
        admin_post(&growth, "/_admin/webhooks", &json!({"url": url})).status,
        409
    );

    let emu = start("salync", |c| {
        c.plan = "pro".into();
        c.enforce_quota = false;
    });
    let secret = emu.webhook_secret();
    let api = salync_api(&emu);
    // The first attempt fails with a 500; the delivery is retried.
    let (url, rx) = receiver(vec![500]);
    assert!(
        emu.register_webhook("https://127.0.0.1:1/x").is_err(),
        "loopback http only"
    );
    assert!(emu.register_webhook("http://example.com/x").is_err());
    emu.register_webhook(&url).unwrap();

    // channel.listing_error via trigger, which also puts the listing in error.
    let channel = api.get("/channels").json["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let listing = walk(&api, &format!("/channels/{channel}/listings"))
        .0
        .into_iter()
        .find(|l| l["state"] == "active")
        .unwrap();
    let data = json!({"channel_id": channel, "listing_id": listing["id"], "product_id": listing["product_id"],
                      "sku": listing["sku"], "error_code": "missing_attribute", "message": "Missing required attribute: brand"});
    let id = emu.trigger("channel.listing_error", data.clone()).unwrap();
    let first = next_event(&rx, &secret);
    // The retry is due 50 ms of the emulator's clock after the failure; the clock stands still
    // until the test moves it.
    let failed = idle(&emu, 0, 1);
    let t1 = emu.now();
    assert_eq!(
        (failed.attempts, failed.status, failed.delivered),
        (1, Some(500), false)
    );
    assert_eq!(failed.attempted_at, vec![t1]);
    assert_eq!(failed.next_attempt_at, Some(t1.add_millis(50)));
    emu.advance(Duration::from_millis(50)).unwrap();
    let retried = next_event(&rx, &secret);
    assert_eq!(first, retried, "the same event again after a failure");
    assert_eq!(
        (retried["id"].as_str(), retried["type"].as_str()),
        (Some(id.as_str()), Some("channel.listing_error"))
    );
    assert_eq!(retried["data"], data);
    let listings = walk(&api, &format!("/channels/{channel}/listings")).0;
    let now = listings.iter().find(|l| l["id"] == listing["id"]).unwrap();
    assert_eq!(
        (now["state"].as_str(), now["error_message"].as_str()),
        (Some("error"), Some("Missing required attribute: brand"))
    );
    assert!(emu.trigger("stock.exploded", json!({})).is_err());

    // stock.below_threshold when an adjustment takes stock below the threshold.
    let p = api
        .post(
            "/products",
            &json!({"name": "Wool Throw", "sku": "THR-1", "low_stock_threshold": 10}),
        )
        .json;
    let pid = p["id"].as_str().unwrap();
    api.post(
        "/stock/adjustments",
        &json!({"product_id": pid, "type": "manual", "direction": "increase", "quantity": 12}),
    );
    api.post(
        "/stock/adjustments",
        &json!({"product_id": pid, "type": "sale", "quantity": 1}),
    );
    api.post(
        "/stock/adjustments",
        &json!({"product_id": pid, "type": "sale", "quantity": 4}),
    );
    let low = next_event(&rx, &secret);
    assert_eq!(low["type"], "stock.below_threshold");
    assert_eq!(
        low["data"],
        json!({"product_id": pid, "variant_id": null, "sku": "THR-1", "stock_on_hand": 7, "threshold": 10})
    );
    api.post(
        "/stock/adjustments",
        &json!({"product_id": pid, "type": "sale", "quantity": 1}),
    );
    // Events are recorded when they are raised, before the write is answered.
    assert_eq!(
        emu.webhook_deliveries().len(),
        2,
        "stock that stays low raises nothing new"
    );

    // purchase_order.received when a PO is received.
    let po = walk(&api, "/purchase-orders?status=sent").0[0].clone();
    let admin = admin_post(
        &emu,
        &format!(
            "/_admin/purchase-orders/{}/receive",
            po["id"].as_str().unwrap()
        ),
        &json!({}),
    );
    assert_eq!(admin.status, 200);
    let mut received = next_event(&rx, &secret);
    // A receipt may first take some stock level across its threshold... never downwards.
    while received["type"] != "purchase_order.received" {
        received = next_event(&rx, &secret);
    }
    assert_eq!(received["data"]["purchase_order_id"], po["id"]);
    assert_eq!(received["data"]["supplier_id"], po["supplier_id"]);
    assert_eq!(received["data"]["received_at"], emu.now().to_rfc3339());
    assert_eq!(
        received["data"]["lines"].as_array().unwrap().len(),
        po["lines"].as_array().unwrap().len()
    );
    assert_eq!(
        keys(&received["data"]["lines"][0]),
        set(&["product_id", "variant_id", "quantity"])
    );

    // Deliveries are recorded; the secret never reaches the request log.
    assert_eq!(emu.webhook_deliveries().len(), 3, "one event per receipt");
    let deliveries = deliveries_when(&emu, "every delivery finished", |d| {
        d.iter().all(|d| d.finished)
    });
    assert!(rx.try_recv().is_err(), "nothing else was sent");
    assert_eq!(deliveries.len(), 3);
    assert_eq!(
        (
            deliveries[0].attempts,
            deliveries[0].delivered,
            deliveries[0].finished
        ),
        (2, true, true)
    );
    assert_eq!(
        deliveries[0].attempted_at,
        vec![t1, t1.add_millis(50)],
        "the retry was made when the clock reached it"
    );
    assert_eq!(deliveries[0].next_attempt_at, None);
    assert!(
        deliveries
            .iter()
            .all(|d| d.delivered && d.status == Some(200))
    );
    let view = admin_get(&emu, "/_admin/webhooks").json;
    assert_eq!(view["registered"], json!([url]));
    assert_eq!(view["deliveries"].as_array().unwrap().len(), 3);
    let log = serde_json::to_string(&emu.requests()).unwrap();
    assert!(!log.contains(&secret) && !log.contains(&emu.api_key()));
}

/// A URL on a port nobody listens on: every attempt fails to connect.
fn dead_url() -> String {
    let dead = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/gone", dead.local_addr().unwrap());
    drop(dead);
    url
}

#[test]
fn a_dead_target_is_retried_on_the_emulators_clock_then_given_up() {
    let emu = start("salync", |c| c.plan = "pro".into());
    emu.register_webhook(&dead_url()).unwrap();
    let r = admin_post(
        &emu,
        "/_admin/trigger",
        &json!({"event": "channel.listing_error", "data": {"channel_id": "ch_x"}}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    // Each retry is due 50, 200, then 800 ms of the emulator's clock after the failure before
    // it, and is made when the clock gets there: the instants of the attempts show it waited.
    let mut made = vec![emu.now()];
    for backoff in [50, 200, 800] {
        let d = idle(&emu, 0, made.len() as u32);
        assert_eq!(d.attempted_at, made);
        assert_eq!(d.attempts as usize, made.len());
        assert!(!d.finished && !d.delivered && d.error.is_some(), "{d:?}");
        let due = made.last().unwrap().add_millis(backoff);
        assert_eq!(d.next_attempt_at, Some(due));
        emu.advance(Duration::from_millis(backoff as u64 - 1))
            .unwrap();
        let waiting = &emu.webhook_deliveries()[0];
        assert_eq!(
            (waiting.attempts as usize, waiting.next_attempt_at),
            (made.len(), Some(due)),
            "a millisecond short of the back-off"
        );
        emu.advance(Duration::from_millis(1)).unwrap();
        made.push(due);
    }
    let d = idle(&emu, 0, 4);
    assert_eq!((d.attempts, d.delivered, d.finished), (4, false, true));
    assert_eq!(d.attempted_at, made);
    assert_eq!(d.next_attempt_at, None, "given up");
    assert!(d.error.as_deref().unwrap().contains("connect"), "{d:?}");
    let view = admin_get(&emu, "/_admin/webhooks").json;
    assert_eq!(view["deliveries"][0]["attempts"], 4);
    assert_eq!(
        view["deliveries"][0]["attempted_at"][3],
        made[3].to_rfc3339()
    );
}

#[test]
fn on_real_time_the_back_off_is_slept() {
    // Real time on purpose: this is the test of a real-time emulator's back-off (50 + 200 +
    // 800 ms of real sleeping, about a second); every other webhook test runs on virtual time.
    let emu = Emulator::start_blocking(EmulatorConfig {
        provider: "salync".into(),
        plan: "pro".into(),
        ..Default::default()
    })
    .unwrap();
    emu.register_webhook(&dead_url()).unwrap();
    emu.trigger("channel.listing_error", json!({"channel_id": "ch_x"}))
        .unwrap();
    let d =
        deliveries_when(&emu, "given up", |d| d.first().is_some_and(|d| d.finished)).swap_remove(0);
    assert_eq!((d.attempts, d.delivered), (4, false));
    let gaps: Vec<i64> = d
        .attempted_at
        .windows(2)
        .map(|w| w[1].as_millis() - w[0].as_millis())
        .collect();
    assert_eq!(gaps.len(), 3, "{d:?}");
    for (gap, backoff) in gaps.iter().zip([50, 200, 800]) {
        assert!(*gap >= backoff, "{gaps:?}: at least the back-off apart");
    }
}
