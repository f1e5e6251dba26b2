//! The Synq emulator over real HTTP: seeded data behind every GET of the spec, write round
//! trips, bearer tokens on the virtual clock, tenant and org headers, plain-text errors, the
//! 100-a-minute sliding window, order idempotency and the order state machine, limit/offset
//! paging and the inbound webhook's signature.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::*;
use pacer_sdk_core::ProviderSpec;
use pacer_sdk_emulator::{Emulator, Fault, FaultKind, hmac_sha256_hex};
use serde_json::{Value, json};

/// The documented transitions (from the brief and the guide), written out independently of
/// the emulator's own table.
const ALLOWED: &[(&str, &str)] = &[
    ("pending_payment", "payment_authorized"),
    ("pending_payment", "cancelled"),
    ("pending_payment", "failed"),
    ("payment_authorized", "confirmed"),
    ("payment_authorized", "cancelled"),
    ("payment_authorized", "failed"),
    ("confirmed", "processing"),
    ("confirmed", "cancelled"),
    ("processing", "partially_fulfilled"),
    ("processing", "fulfilled"),
    ("processing", "cancelled"),
    ("partially_fulfilled", "fulfilled"),
    ("partially_fulfilled", "cancelled"),
    ("fulfilled", "delivered"),
    ("fulfilled", "return_requested"),
    ("delivered", "completed"),
    ("delivered", "return_requested"),
    ("completed", "return_requested"),
    ("return_requested", "partially_returned"),
    ("return_requested", "returned"),
    ("partially_returned", "returned"),
    ("partially_returned", "partially_refunded"),
    ("returned", "refunded"),
    ("returned", "partially_refunded"),
    ("partially_refunded", "refunded"),
];

fn assert_history_allowed(order: &Value) {
    let history = order["status_history"].as_array().expect("status_history");
    assert_eq!(history[0]["status"], "pending_payment", "{order}");
    for pair in history.windows(2) {
        let (a, b) = (
            pair[0]["status"].as_str().unwrap(),
            pair[1]["status"].as_str().unwrap(),
        );
        assert!(ALLOWED.contains(&(a, b)), "{a} -> {b} in {order}");
        assert!(
            ts(pair[0]["at"].as_str().unwrap()) <= ts(pair[1]["at"].as_str().unwrap()),
            "{order}"
        );
    }
    assert_eq!(
        history.last().unwrap()["status"],
        order["status"],
        "the status is the last one reached"
    );
}

fn unmetered_synq() -> Emulator {
    start("synq", |c| c.enforce_quota = false)
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().expect("object").keys().cloned().collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn is_uuid(v: &Value) -> bool {
    let s = v.as_str().unwrap_or("");
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
        && parts[2].starts_with('4')
}

#[test]
fn every_get_endpoint_answers_seeded_data() {
    let emu = unmetered_synq();
    let api = synq_api(&emu);
    let spec = ProviderSpec::builtin("synq").unwrap();
    let products = api.get("/api/v1/pim/products");
    let orders = api.get("/api/v1/oms/orders");
    let product_id = products.json[0]["id"].as_str().unwrap().to_string();
    let order_id = orders.json["orders"][0]["id"].as_str().unwrap().to_string();
    for ep in spec.endpoints.iter().filter(|e| e.method == "GET") {
        let path = ep
            .path
            .replace("{product_id}", &product_id)
            .replace("{order_id}", &order_id);
        let a = api.get(&path);
        assert_eq!(a.status, 200, "{} {path}: {}", ep.name, a.text);
        assert!(
            a.header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
        let has_data = match &a.json {
            Value::Array(v) => !v.is_empty(),
            Value::Object(m) => m.values().any(|v| match v {
                Value::Array(a) => !a.is_empty(),
                other => !other.is_null(),
            }),
            _ => false,
        };
        assert!(has_data, "{} answers seeded data: {}", ep.name, a.text);
    }
    let seen: BTreeSet<String> = emu
        .requests()
        .into_iter()
        .filter_map(|r| r.endpoint)
        .collect();
    for ep in spec.endpoints.iter().filter(|e| e.method == "GET") {
        assert!(seen.contains(&ep.name), "{} was exercised", ep.name);
    }

    // Products: a bare array, newest first, the light projection, at most 100 of ~150.
    let list = products.json.as_array().unwrap();
    assert_eq!(list.len(), 100, "capped at 100");
    assert_eq!(
        keys(&list[0]),
        set(&["id", "title", "category", "status", "updated_at"])
    );
    assert!(
        list.iter()
            .all(|p| is_uuid(&p["id"]) && p["status"] == "ACTIVE")
    );
    let full = api.get(&format!("/api/v1/pim/products/{product_id}")).json;
    assert_eq!(
        keys(&full),
        set(&[
            "id",
            "org_id",
            "tenant_id",
            "title",
            "description",
            "category",
            "status",
            "created_at",
            "updated_at"
        ])
    );
    assert_eq!(full["org_id"], emu.org_id());
    assert_eq!(full["tenant_id"], emu.tenant_id());
    assert!(full["created_at"].as_str().unwrap().ends_with('Z'));
    let created: Vec<String> = list
        .iter()
        .take(10)
        .map(|p| {
            api.get(&format!(
                "/api/v1/pim/products/{}",
                p["id"].as_str().unwrap()
            ))
            .json["created_at"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        created.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {created:?}"
    );

    // Categories: a small tree, alphabetical.
    let cats = api.get("/api/v1/pim/categories").json;
    let names: Vec<&str> = cats
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
    let cats = cats.as_array().unwrap();
    assert!(cats.iter().any(|c| c["parent_id"].is_null()));
    let child = cats.iter().find(|c| !c["parent_id"].is_null()).unwrap();
    assert!(
        cats.iter().any(|c| c["id"] == child["parent_id"]),
        "parents exist"
    );
    assert_eq!(
        keys(child),
        set(&[
            "id",
            "org_id",
            "tenant_id",
            "parent_id",
            "name",
            "slug",
            "description",
            "created_at",
            "updated_at"
        ])
    );
    let attrs = api.get("/api/v1/pim/attributes").json;
    assert!(
        attrs
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["type"].is_string() && a["slug"].is_string())
    );
    assert_eq!(
        keys(&api.get("/api/v1/pim/brands").json[0]),
        set(&["id", "name", "description", "logo_url"])
    );
    assert_eq!(
        keys(&api.get("/api/v1/pim/templates").json[0]),
        set(&["id", "name", "description", "created_at"])
    );

    // Media filter by product; bulk jobs default to BULK_UPDATE.
    let media = api
        .get(&format!("/api/v1/pim/media?product_id={product_id}"))
        .json;
    assert!(!media.as_array().unwrap().is_empty());
    assert!(
        media
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["product_id"] == product_id.as_str())
    );
    let jobs = api.get("/api/v1/pim/bulk-jobs").json;
    assert!(
        jobs.as_array()
            .unwrap()
            .iter()
            .all(|j| j["job_type"] == "BULK_UPDATE" && j["status"] == "COMPLETED")
    );
    assert!(
        jobs[0]["payload"].is_string(),
        "the payload is stored as a JSON string"
    );
    let imports = api.get("/api/v1/pim/bulk-jobs?type=BULK_IMPORT").json;
    assert!(
        imports
            .as_array()
            .unwrap()
            .iter()
            .all(|j| j["job_type"] == "BULK_IMPORT")
    );

    // Orders: the documented envelope and record.
    assert_eq!(keys(&orders.json), set(&["orders", "limit", "offset"]));
    assert_eq!(
        (
            orders.json["limit"].as_u64(),
            orders.json["offset"].as_u64()
        ),
        (Some(50), Some(0))
    );
    let order = &orders.json["orders"][0];
    for k in [
        "id",
        "status",
        "currency",
        "subtotal",
        "discount_total",
        "shipping_total",
        "tax_total",
        "total",
        "payment_status",
        "payment_provider",
        "payment_reference",
        "channel",
        "source_platform",
        "idempotency_key",
        "created_at",
        "updated_at",
        "tags",
        "items",
        "status_history",
    ] {
        assert!(order.get(k).is_some(), "order has {k}: {order}");
    }
    assert!(order["total"].is_number());
    let item = &order["items"][0];
    assert_eq!(
        keys(item),
        set(&["variant_id", "location_id", "quantity", "unit_price"])
    );
    assert_eq!(
        api.get(&format!("/api/v1/oms/orders/{order_id}")).json,
        *order
    );

    assert_eq!(
        api.get("/api/v1/channels").json["channels"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let conns = api.get("/api/v1/integrations/connections").json;
    assert_eq!(conns["connections"].as_array().unwrap().len(), 2);
    assert_eq!(conns["connections"][0]["status"], "ACTIVE");
    let members = api.get("/api/v1/organization/members").json;
    assert!(
        members
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["status"] == "invited")
    );
    assert_eq!(keys(&members[0]), set(&["uid", "email", "role", "status"]));
    let settings = api.get("/api/v1/settings/tenant").json;
    assert_eq!(
        keys(&settings),
        set(&[
            "id",
            "org_id",
            "tenant_id",
            "inventory_allocation_model",
            "auto_po_enabled",
            "default_low_stock_threshold",
            "costing_method",
            "updated_by",
            "created_at",
            "updated_at"
        ])
    );
    let audit = api.get("/api/v1/audit").json;
    let audit = audit.as_array().unwrap();
    assert_eq!(audit.len(), 50, "capped at 50");
    let times: Vec<&str> = audit
        .iter()
        .map(|a| a["created_at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");

    // Every seeded order's history follows the documented edges, in various states.
    let mut statuses = BTreeSet::new();
    for offset in [0, 100] {
        let page = api
            .get(&format!("/api/v1/oms/orders?limit=100&offset={offset}"))
            .json;
        for o in page["orders"].as_array().unwrap() {
            assert_history_allowed(o);
            statuses.insert(o["status"].as_str().unwrap().to_string());
            let created = ts(o["created_at"].as_str().unwrap());
            assert!(
                created >= emu.now().add_millis(-60 * 86_400_000),
                "within 60 days"
            );
        }
    }
    assert!(statuses.len() >= 5, "{statuses:?}");
    assert!(statuses.contains("completed") && statuses.contains("cancelled"));
}

#[test]
fn writes_round_trip_in_the_documented_shapes() {
    let emu = unmetered_synq();
    let api = synq_api(&emu);
    // Products: create 200, update, delete 204, then 404.
    let p = api.post(
        "/api/v1/pim/products",
        &json!({"title": "Trail Mug", "description": "Enamel", "category": "tableware"}),
    );
    assert_eq!(p.status, 200, "{}", p.text);
    assert_eq!(p.json["status"], "ACTIVE");
    assert!(is_uuid(&p.json["id"]));
    let id = p.json["id"].as_str().unwrap().to_string();
    assert_eq!(
        api.get("/api/v1/pim/products").json[0]["id"],
        id.as_str(),
        "newest first"
    );
    emu.advance(Duration::from_secs(5)).unwrap();
    let u = api.put(
        &format!("/api/v1/pim/products/{id}"),
        &json!({"title": "Trail Mug 2", "category": "cookware"}),
    );
    assert_eq!(u.status, 200);
    assert_eq!(
        (u.json["title"].as_str(), u.json["category"].as_str()),
        (Some("Trail Mug 2"), Some("cookware"))
    );
    assert_ne!(u.json["updated_at"], p.json["updated_at"]);
    assert_eq!(api.get(&format!("/api/v1/pim/products/{id}")).json, u.json);

    // Variant: price sent as a number, answered as a string.
    let v = api.post(
        &format!("/api/v1/pim/products/{id}/variants"),
        &json!({"sku": "MUG-1", "price": 89.99, "currency": "USD", "barcode": "0123"}),
    );
    assert_eq!(v.status, 200, "{}", v.text);
    assert_eq!(v.json["price"], "89.99");
    assert_eq!(v.json["product_id"], id.as_str());
    for k in [
        "org_id",
        "tenant_id",
        "option_values",
        "cost_price",
        "data_quality_score",
    ] {
        assert!(v.json.get(k).is_some(), "{k}");
    }
    let variant = v.json["id"].as_str().unwrap().to_string();

    // Taxonomy: camelCase create bodies, snake_case records.
    let parent = api.get("/api/v1/pim/categories").json[0]["id"].clone();
    let c = api.post(
        "/api/v1/pim/categories",
        &json!({"name": "Mugs", "slug": "mugs", "parentId": parent}),
    );
    assert_eq!(c.status, 200, "{}", c.text);
    assert_eq!(c.json["parent_id"], parent);
    assert_eq!(
        api.post(
            "/api/v1/pim/categories",
            &json!({"name": "Mugs 2", "slug": "mugs"})
        )
        .status,
        409
    );
    let b = api.post(
        "/api/v1/pim/brands",
        &json!({"name": "Kiln", "logoUrl": "https://cdn.example/kiln.png"}),
    );
    assert_eq!(b.json["logo_url"], "https://cdn.example/kiln.png");
    let a = api.post(
        "/api/v1/pim/attributes",
        &json!({"name": "Glaze", "slug": "glaze"}),
    );
    assert_eq!(a.json["type"], "TEXT", "default type");
    assert_eq!(
        api.post(
            "/api/v1/pim/attributes",
            &json!({"name": "X", "slug": "x", "type": "COLOR"})
        )
        .status,
        400
    );
    assert_eq!(
        api.post("/api/v1/pim/attribute-groups", &json!({"name": "Glazing"}))
            .json["name"],
        "Glazing"
    );
    assert_eq!(
        api.post("/api/v1/pim/templates", &json!({"name": "Drinkware"}))
            .json["name"],
        "Drinkware"
    );
    let m = api.post("/api/v1/pim/media", &json!({"product_id": id, "variant_id": variant, "url": "https://cdn.example/m.jpg", "alt_text": "Mug", "sort_order": 2}));
    assert_eq!(m.status, 200, "{}", m.text);
    assert_eq!(
        api.get(&format!("/api/v1/pim/media?variant_id={variant}"))
            .json[0]["id"],
        m.json["id"]
    );

    // Bulk job: PENDING, PROCESSING, COMPLETED on the virtual clock, and then applied.
    let j = api.post("/api/v1/pim/bulk-jobs", &json!({"job_type": "BULK_IMPORT", "payload": [{"title": "Imported Bowl"}, {"title": "Imported Plate"}]}));
    assert_eq!(j.status, 202, "{}", j.text);
    assert_eq!(
        (j.json["status"].as_str(), j.json["total_items"].as_u64()),
        (Some("PENDING"), Some(2))
    );
    assert!(
        j.json["payload"]
            .as_str()
            .unwrap()
            .contains("Imported Bowl")
    );
    let job_status = || {
        api.get("/api/v1/pim/bulk-jobs?type=BULK_IMPORT").json[0]["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    emu.advance(Duration::from_secs(10)).unwrap();
    assert_eq!(job_status(), "PROCESSING");
    emu.advance(Duration::from_secs(30)).unwrap();
    assert_eq!(job_status(), "COMPLETED");
    let titles: Vec<String> = api
        .get("/api/v1/pim/products")
        .json
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .map(|p| p["title"].as_str().unwrap().to_string())
        .collect();
    assert!(titles.contains(&"Imported Bowl".to_string()), "{titles:?}");
    assert_eq!(
        api.post(
            "/api/v1/pim/bulk-jobs",
            &json!({"job_type": "BULK_IMPORT", "payload": "x"})
        )
        .text,
        "payload must be a JSON array\n"
    );

    let e = api.post("/api/v1/pim/export", &json!({}));
    assert_eq!((e.status, e.json["status"].as_str()), (202, Some("queued")));

    // Inventory, channels, integrations, members, settings.
    let location =
        api.get("/api/v1/oms/orders").json["orders"][0]["items"][0]["location_id"].clone();
    let adj = api.post(
        "/api/v1/inventory/adjust",
        &json!({"variant_id": variant, "location_id": location, "quantity_delta": -3}),
    );
    assert_eq!(adj.status, 200, "{}", adj.text);
    assert_eq!(
        (
            adj.json["transaction_type"].as_str(),
            adj.json["notes"].as_str(),
            adj.json["quantity_delta"].as_i64()
        ),
        (Some("adjustment"), Some("API Adjustment"), Some(-3))
    );
    let ch = api.post("/api/v1/channels", &json!({"name": "Pop-up"}));
    assert_eq!(ch.status, 201);
    assert_eq!(
        (ch.json["currency"].as_str(), ch.json["active"].as_bool()),
        (Some("USD"), Some(true))
    );
    assert_eq!(
        api.get("/api/v1/channels").json["channels"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    let url = api.post("/api/v1/integrations/auth-url", &json!({})).json["auth_url"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        url.starts_with("https://api.unified.to/integration/auth/"),
        "{url}"
    );
    assert!(url.contains(&format!("state={}", emu.tenant_id())), "{url}");
    let cb = api.post(
        "/api/v1/integrations/callback",
        &json!({"connection_id": "conn_123", "provider": "amazon"}),
    );
    assert_eq!(cb.status, 201);
    assert_eq!(
        (
            cb.json["unified_connection_id"].as_str(),
            cb.json["status"].as_str()
        ),
        (Some("conn_123"), Some("ACTIVE"))
    );
    assert_eq!(
        api.get("/api/v1/integrations/connections").json["connections"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let inv = api.post(
        "/api/v1/organization/members",
        &json!({"email": "new.hire@example.com", "role": "EDITOR"}),
    );
    assert_eq!(inv.status, 201);
    assert_eq!(inv.json["message"], "User successfully invited.");
    let members = api.get("/api/v1/organization/members").json;
    assert!(
        members
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["uid"] == inv.json["uid"] && m["status"] == "invited")
    );
    let settings = json!({"inventory_allocation_model": "SOFT", "auto_po_enabled": true, "default_low_stock_threshold": 4, "costing_method": "FIFO"});
    let s = api.put("/api/v1/settings/tenant", &settings);
    assert_eq!(s.status, 200, "{}", s.text);
    let got = api.get("/api/v1/settings/tenant").json;
    for (k, v) in settings.as_object().unwrap() {
        assert_eq!(&got[k], v);
    }
    let partial = api.put(
        "/api/v1/settings/tenant",
        &json!({"inventory_allocation_model": "HARD"}),
    );
    assert_eq!(partial.status, 400, "PUT replaces all four fields");

    // Delete last: 204, then the product is gone; the audit log saw every write.
    let d = api.delete(&format!("/api/v1/pim/products/{id}"));
    assert_eq!((d.status, d.text.as_str()), (204, ""));
    let gone = api.get(&format!("/api/v1/pim/products/{id}"));
    assert_eq!(
        (gone.status, gone.text.as_str()),
        (404, "Product not found\n")
    );
    let actions: Vec<String> = api
        .get("/api/v1/audit")
        .json
        .as_array()
        .unwrap()
        .iter()
        .take(12)
        .map(|a| a["action"].as_str().unwrap().to_string())
        .collect();
    for action in [
        "PRODUCT_DELETED",
        "TENANT_SETTINGS_UPDATED",
        "USER_INVITED",
        "INTEGRATION_CONNECTED",
        "PRODUCT_UPDATED",
        "PRODUCT_CREATED",
    ] {
        assert!(
            actions.contains(&action.to_string()),
            "{action} in {actions:?}"
        );
    }
    assert_eq!(actions[0], "PRODUCT_DELETED", "newest first");
}

#[test]
fn tokens_expire_on_the_virtual_clock() {
    let emu = unmetered_synq();
    let api = synq_api(&emu);
    assert_eq!(api.get("/api/v1/channels").status, 200);
    emu.advance(Duration::from_millis(3_599_999)).unwrap();
    assert_eq!(
        api.get("/api/v1/channels").status,
        200,
        "valid until the hour is up"
    );
    let longer = emu.issue_token(Duration::from_secs(7200));
    emu.advance(Duration::from_millis(1)).unwrap();
    let expired = api.get("/api/v1/channels");
    assert_eq!(expired.status, 401);
    assert_eq!(
        expired.json,
        json!({"error": "Unauthorized: token expired"})
    );
    assert!(
        expired
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let fresh = api
        .clone()
        .with("authorization", &format!("Bearer {longer}"));
    assert_eq!(fresh.get("/api/v1/channels").status, 200);
    let missing = api.clone().without("authorization").get("/api/v1/channels");
    assert_eq!(missing.status, 401);
    assert_eq!(
        missing.json,
        json!({"error": "Unauthorized: Missing or invalid Authorization header"})
    );
    let forged = api
        .clone()
        .with("authorization", "Bearer synq_forged")
        .get("/api/v1/channels");
    assert_eq!(forged.json, missing.json);
    // Other processes get tokens from the admin view.
    let t = admin_post(&emu, "/_admin/tokens", &json!({"ttl_secs": 60}));
    assert_eq!(t.status, 201);
    let admin_token = t.json["token"].as_str().unwrap();
    let via_admin = api
        .clone()
        .with("authorization", &format!("Bearer {admin_token}"));
    assert_eq!(via_admin.get("/api/v1/channels").status, 200);
    emu.advance(Duration::from_secs(60)).unwrap();
    assert_eq!(via_admin.get("/api/v1/channels").status, 401);
    // No token is ever recorded.
    let log = serde_json::to_string(&emu.requests()).unwrap();
    for secret in [emu.api_key(), longer, admin_token.to_string()] {
        assert!(
            !log.contains(&secret),
            "a token leaked into the request log"
        );
    }
    assert!(!format!("{emu:?}").contains(&emu.api_key()));
}

#[test]
fn tenant_and_org_headers_must_match() {
    let emu = unmetered_synq();
    let api = synq_api(&emu);
    let other = "5d0c8d8e-1111-4222-8333-444455556666";
    for (header, name) in [("x-tenant-id", "X-Tenant-ID"), ("x-org-id", "X-Org-ID")] {
        let missing = api.clone().without(header).get("/api/v1/channels");
        assert_eq!(missing.status, 401, "{name} missing");
        assert!(
            missing.json["error"]
                .as_str()
                .unwrap()
                .starts_with("Unauthorized: "),
            "{}",
            missing.text
        );
        assert!(missing.json["error"].as_str().unwrap().contains(name));
        let wrong = api.clone().with(header, other).get("/api/v1/channels");
        assert_eq!(wrong.status, 403, "{name} mismatched");
        assert!(
            wrong.json["error"]
                .as_str()
                .unwrap()
                .starts_with("Forbidden: "),
            "{}",
            wrong.text
        );
    }
    // Configured ids are honoured.
    let emu = start("synq", |c| {
        c.tenant_id = Some("7f1c9e2a-0000-4000-8000-00000000000a".into());
        c.org_id = Some("7f1c9e2a-0000-4000-8000-00000000000b".into());
    });
    assert_eq!(emu.tenant_id(), "7f1c9e2a-0000-4000-8000-00000000000a");
    let a = synq_api(&emu).get("/api/v1/settings/tenant");
    assert_eq!(a.json["tenant_id"], emu.tenant_id());
    assert_eq!(a.json["org_id"], emu.org_id());
}

#[test]
fn errors_other_than_auth_are_plain_text() {
    let emu = unmetered_synq();
    let api = synq_api(&emu);
    let cases = [
        (
            "GET",
            "/api/v1/pim/products/not-a-uuid",
            None,
            400,
            "invalid product ID",
        ),
        (
            "GET",
            "/api/v1/pim/products/5d0c8d8e-1111-4222-8333-444455556666",
            None,
            404,
            "Product not found",
        ),
        (
            "GET",
            "/api/v1/oms/orders/5d0c8d8e-1111-4222-8333-444455556666",
            None,
            404,
            "Order not found",
        ),
        (
            "GET",
            "/api/v1/oms/orders?limit=0",
            None,
            400,
            "invalid limit",
        ),
        (
            "POST",
            "/api/v1/pim/products",
            Some(json!({"description": "no title"})),
            400,
            "title is required",
        ),
        (
            "POST",
            "/api/v1/oms/orders",
            Some(json!({"payment_provider": "stripe"})),
            400,
            "idempotency_key is required",
        ),
        (
            "GET",
            "/api/v1/nothing-here",
            None,
            404,
            "404 page not found",
        ),
    ];
    for (method, path, body, status, text) in cases {
        let a = api.send(method, path, body.as_ref());
        assert_eq!(a.status, status, "{method} {path}: {}", a.text);
        assert_eq!(a.text.trim_end(), text, "{method} {path}");
        assert!(
            a.header("content-type").unwrap().starts_with("text/plain"),
            "{method} {path}"
        );
        assert_eq!(a.json, Value::Null, "not JSON");
    }
    let garbled = api
        .try_raw("POST", "/api/v1/pim/products", Some(b"{oops".to_vec()), &[])
        .unwrap();
    assert_eq!(
        (garbled.status, garbled.text.trim_end()),
        (400, "Invalid request payload")
    );
    // Bodies over 10 MB are refused with 413.
    let huge = vec![b' '; 10_000_001];
    let a = api
        .try_raw("POST", "/api/v1/pim/products", Some(huge), &[])
        .unwrap();
    assert_eq!(a.status, 413);
    assert!(a.header("x-ratelimit-limit").is_some());
    let logged = emu.requests().pop().unwrap();
    assert_eq!(
        (logged.status, logged.body),
        (413, None),
        "recorded, without the body"
    );
}

#[test]
fn a_sliding_window_of_100_requests_a_minute() {
    let emu = start("synq", |_| {});
    let api = synq_api(&emu);
    let t0 = emu.now();
    for i in 0..100u64 {
        let a = api.get("/api/v1/channels");
        assert_eq!(a.status, 200, "request {i}");
        assert_eq!(a.number("x-ratelimit-limit"), Some(100));
        assert_eq!(
            a.number("x-ratelimit-remaining"),
            Some(99 - i),
            "request {i}"
        );
        emu.advance(Duration::from_millis(300)).unwrap();
    }
    // 100 requests from t0 to t0 + 29.7 s; now t0 + 30 s.
    let refused = api.get("/api/v1/channels");
    assert_eq!(refused.status, 429);
    assert_eq!(
        refused.retry_after,
        Some(30),
        "the first leaves at t0 + 60 s"
    );
    assert_eq!(refused.number("x-ratelimit-remaining"), Some(0));
    assert_eq!(refused.number("x-ratelimit-limit"), Some(100));
    assert_eq!(refused.text.trim_end(), "Too Many Requests");
    let last = emu.requests().pop().unwrap();
    assert_eq!(
        (last.status, last.counted),
        (429, false),
        "refusals are not counted"
    );
    // The limiter runs before auth: an unauthenticated request is refused too.
    assert_eq!(
        Api::new(&emu.base_url()).get("/api/v1/channels").status,
        429
    );
    // A partial second rounds up; half-open: at exactly t0 + 60 s the first has left.
    emu.advance(Duration::from_millis(29_500)).unwrap();
    assert_eq!(api.get("/api/v1/channels").retry_after, Some(1));
    emu.advance(Duration::from_millis(499)).unwrap();
    assert_eq!(api.get("/api/v1/channels").status, 429);
    emu.advance(Duration::from_millis(1)).unwrap();
    assert_eq!(emu.now(), t0.add_millis(60_000));
    let freed = api.get("/api/v1/channels");
    assert_eq!(
        (freed.status, freed.number("x-ratelimit-remaining")),
        (200, Some(0))
    );
    assert_eq!(
        api.get("/api/v1/channels").status,
        429,
        "the freed slot is taken"
    );
    // After a quiet minute the whole window is free again; 401s count like anything else.
    emu.advance(Duration::from_secs(60)).unwrap();
    let unauth = Api::new(&emu.base_url()).get("/api/v1/channels");
    assert_eq!(
        (unauth.status, unauth.number("x-ratelimit-remaining")),
        (401, Some(99))
    );
    assert_eq!(
        api.get("/api/v1/channels").number("x-ratelimit-remaining"),
        Some(98)
    );
    let usage = emu.usage();
    assert_eq!(
        (usage[0].window.as_str(), usage[0].used, usage[0].limit),
        ("ip.rate", 2, 100)
    );

    // Spec overrides change the numbers.
    let small = start("synq", |c| {
        c.spec_overrides = Some(
            "[quota.plans.standard]\nwindows = [{ id = \"ip.rate\", scope = \"ip\", kind = \"rate\", limit = 5, period = \"10s\" }]\n"
                .into(),
        );
    });
    let api = synq_api(&small);
    for i in 0..5u64 {
        let a = api.get("/api/v1/channels");
        assert_eq!(
            (
                a.status,
                a.number("x-ratelimit-limit"),
                a.number("x-ratelimit-remaining")
            ),
            (200, Some(5), Some(4 - i))
        );
    }
    let r = api.get("/api/v1/channels");
    assert_eq!((r.status, r.retry_after), (429, Some(10)));
}

fn order_body(key: &str) -> Value {
    json!({
        "idempotency_key": key,
        "payment_provider": "stripe",
        "payment_reference": "pi_3PqTestRef",
        "currency": "USD",
        "items": [
            {"variant_id": "5d0c8d8e-1111-4222-8333-444455556666", "location_id": "5d0c8d8e-1111-4222-8333-444455556667", "quantity": 2, "unit_price": 12.5},
            {"quantity": 1, "unit_price": 4}
        ],
    })
}

fn orders_with_key(api: &Api, key: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for offset in (0..).step_by(100) {
        let page = api
            .get(&format!("/api/v1/oms/orders?limit=100&offset={offset}"))
            .json;
        let orders = page["orders"].as_array().unwrap().clone();
        out.extend(
            orders
                .iter()
                .filter(|o| o["idempotency_key"] == key)
                .cloned(),
        );
        if orders.len() < 100 {
            break;
        }
    }
    out
}

#[test]
fn orders_are_idempotent_by_key() {
    let emu = unmetered_synq();
    let api = synq_api(&emu);
    let first = api.post("/api/v1/oms/orders", &order_body("key-1"));
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(first.json["workflow_id"], "oms-create-order-key-1");
    assert!(is_uuid(&first.json["run_id"]));
    let again = api.post("/api/v1/oms/orders", &order_body("key-1"));
    assert_eq!(again.json, first.json, "same key, same workflow");
    let found = orders_with_key(&api, "key-1");
    assert_eq!(found.len(), 1, "one order");
    assert_eq!(found[0]["status"], "pending_payment", "visible at once");
    assert_eq!(found[0]["subtotal"], json!(29.0));
    assert_eq!(found[0]["items"][1]["variant_id"], Value::Null);

    // Concurrent attempts with one key still make one order.
    let answers: Vec<Value> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let api = api.clone();
                s.spawn(move || api.post("/api/v1/oms/orders", &order_body("key-race")).json)
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    assert_eq!(orders_with_key(&api, "key-race").len(), 1);

    // A dropped answer after the commit: the retry gets the first run's ids.
    emu.inject_fault(
        Fault::new(FaultKind::DropAfterCommit)
            .method("POST")
            .path_contains("/oms/orders"),
    );
    let err = api.try_send("POST", "/api/v1/oms/orders", Some(&order_body("key-drop")));
    assert!(err.is_err(), "the connection was dropped");
    assert_eq!(orders_with_key(&api, "key-drop").len(), 1, "committed");
    let retry = api.post("/api/v1/oms/orders", &order_body("key-drop"));
    assert_eq!(retry.json["workflow_id"], "oms-create-order-key-drop");
    let committed = orders_with_key(&api, "key-drop");
    assert_eq!(committed.len(), 1, "never a second order");

    // Validation comes first.
    let no_loc = json!({"idempotency_key": "k2", "payment_provider": "stripe", "payment_reference": "pi_1",
                        "items": [{"variant_id": "5d0c8d8e-1111-4222-8333-444455556666", "quantity": 1}]});
    let a = api.post("/api/v1/oms/orders", &no_loc);
    assert_eq!(
        (a.status, a.text.trim_end()),
        (400, "location_id is required for inventory-backed items")
    );
    let no_ref =
        json!({"idempotency_key": "k3", "payment_provider": "stripe", "items": [{"quantity": 1}]});
    assert_eq!(
        api.post("/api/v1/oms/orders", &no_ref).text.trim_end(),
        "payment_reference is required"
    );
    assert!(orders_with_key(&api, "k2").is_empty());
}

#[test]
fn orders_move_along_the_state_machine_on_the_virtual_clock() {
    let emu = unmetered_synq();
    // The test spans more than the first token's hour.
    let token = emu.issue_token(Duration::from_secs(86_400));
    let api = synq_api(&emu).with("authorization", &format!("Bearer {token}"));
    api.post("/api/v1/oms/orders", &order_body("sm-1"));
    let id = orders_with_key(&api, "sm-1")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut seen = vec![];
    for _ in 0..8 {
        let o = api.get(&format!("/api/v1/oms/orders/{id}")).json;
        assert_history_allowed(&o);
        seen.push(o["status"].as_str().unwrap().to_string());
        emu.advance(Duration::from_secs(30)).unwrap();
    }
    assert_eq!(
        seen,
        [
            "pending_payment",
            "payment_authorized",
            "confirmed",
            "processing",
            "fulfilled",
            "delivered",
            "completed",
            "completed"
        ]
    );
    let o = api.get(&format!("/api/v1/oms/orders/{id}")).json;
    assert_eq!(o["payment_status"], "captured");
    assert_eq!(o["status_history"].as_array().unwrap().len(), 7);
    // A big jump reaches the end at once, with the whole history.
    api.post("/api/v1/oms/orders", &order_body("sm-2"));
    emu.advance(Duration::from_secs(3600)).unwrap();
    let o2 = &orders_with_key(&api, "sm-2")[0];
    assert_eq!(o2["status"], "completed");
    assert_history_allowed(o2);

    // Moves outside the happy path follow the edges too.
    let done = emu.transition_order(&id, "return_requested").unwrap();
    assert_eq!(done["status"], "return_requested");
    assert_history_allowed(&done);
    assert!(
        emu.transition_order(&id, "fulfilled").is_err(),
        "no going back"
    );
    assert!(
        emu.transition_order(&id, "refunded").is_err(),
        "no skipping"
    );
    api.post("/api/v1/oms/orders", &order_body("sm-3"));
    let id3 = orders_with_key(&api, "sm-3")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    emu.advance(Duration::from_secs(65)).unwrap();
    let moved = admin_post(
        &emu,
        &format!("/_admin/orders/{id3}/transition"),
        &json!({"status": "cancelled"}),
    );
    assert_eq!(moved.status, 200, "{}", moved.text);
    emu.advance(Duration::from_secs(600)).unwrap();
    let cancelled = api.get(&format!("/api/v1/oms/orders/{id3}")).json;
    assert_eq!(cancelled["status"], "cancelled", "and it stays there");
    assert_history_allowed(&cancelled);
    let refused = admin_post(
        &emu,
        &format!("/_admin/orders/{id3}/transition"),
        &json!({"status": "processing"}),
    );
    assert_eq!(refused.status, 409);
    assert_eq!(
        api.get("/api/v1/audit").json[0]["action"],
        "ORDER_CANCELLED"
    );
}

#[test]
fn limit_and_offset_paging_with_clamping() {
    let emu = unmetered_synq();
    let api = synq_api(&emu);
    let default = api.get("/api/v1/oms/orders").json;
    assert_eq!(default["orders"].as_array().unwrap().len(), 50);
    let big = api.get("/api/v1/oms/orders?limit=500").json;
    assert_eq!(
        (
            big["limit"].as_u64(),
            big["orders"].as_array().unwrap().len()
        ),
        (Some(100), 100)
    );
    for bad in ["limit=0", "limit=-5", "limit=abc", "offset=-1", "offset=x"] {
        let a = api.get(&format!("/api/v1/oms/orders?{bad}"));
        assert_eq!(a.status, 400, "{bad}");
        let word = if bad.starts_with("limit") {
            "invalid limit"
        } else {
            "invalid offset"
        };
        assert_eq!(a.text.trim_end(), word);
    }
    let mut ids = BTreeSet::new();
    let mut offset = 0;
    loop {
        let page = api
            .get(&format!("/api/v1/oms/orders?limit=64&offset={offset}"))
            .json;
        assert_eq!(page["offset"].as_u64(), Some(offset));
        let n = page["orders"].as_array().unwrap().len();
        ids.extend(
            page["orders"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["id"].as_str().unwrap().to_string()),
        );
        offset += 64;
        if n < 64 {
            break;
        }
    }
    assert_eq!(ids.len(), 200, "every seeded order exactly once");
    assert_eq!(
        api.get("/api/v1/oms/orders?offset=10000").json["orders"],
        json!([])
    );
    // A clamp fault returns fewer than asked while echoing the limit.
    emu.inject_fault(Fault::new(FaultKind::ClampPage(7)));
    let clamped = api.get("/api/v1/oms/orders?limit=20").json;
    assert_eq!(
        (
            clamped["limit"].as_u64(),
            clamped["orders"].as_array().unwrap().len()
        ),
        (Some(20), 7)
    );
    // The unpaged lists are capped: products at 100 of 150, audit at 50.
    assert_eq!(
        api.get("/api/v1/pim/products")
            .json
            .as_array()
            .unwrap()
            .len(),
        100
    );
    assert_eq!(api.get("/api/v1/audit").json.as_array().unwrap().len(), 50);
}

#[test]
fn the_unified_webhook_checks_its_signature() {
    let emu = unmetered_synq();
    let open = Api::new(&emu.base_url());
    let connection = synq_api(&emu).get("/api/v1/integrations/connections").json["connections"][0]
        ["unified_connection_id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"connection_id": connection, "event": "accounting.order.created", "data": {"id": "ext-1"}}).to_string();
    let secret = emu.webhook_secret();
    let sign = |secret: &str, body: &str| hmac_sha256_hex(secret, body.as_bytes());
    let post = |body: &str, sig: Option<String>| {
        let sig = sig.unwrap_or_default();
        let extra: Vec<(&str, &str)> = if sig.is_empty() {
            vec![]
        } else {
            vec![("X-Unified-Signature", sig.as_str())]
        };
        open.try_raw(
            "POST",
            "/unified/webhook",
            Some(body.as_bytes().to_vec()),
            &extra,
        )
        .unwrap()
    };
    let ok = post(&body, Some(sign(&secret, &body)));
    assert_eq!(ok.status, 200, "{}", ok.text);
    let tampered = body.replace("ext-1", "ext-2");
    assert_eq!(
        post(&tampered, Some(sign(&secret, &body))).status,
        401,
        "tampered body"
    );
    assert_eq!(
        post(&body, Some(sign("whsec_wrong", &body))).status,
        401,
        "wrong secret"
    );
    let missing = post(&body, None);
    assert_eq!(
        (missing.status, missing.text.trim_end()),
        (401, "invalid signature")
    );
    let upper = sign(&secret, &body).to_uppercase();
    assert_eq!(
        post(&body, Some(format!("sha256={upper}"))).status,
        401,
        "no prefix is accepted"
    );
    let bad_json = "{not json";
    assert_eq!(post(bad_json, Some(sign(&secret, bad_json))).status, 400);
    let no_conn = json!({"event": "x"}).to_string();
    assert_eq!(post(&no_conn, Some(sign(&secret, &no_conn))).status, 400);
    let unknown = json!({"connection_id": "nope", "event": "x"}).to_string();
    assert_eq!(post(&unknown, Some(sign(&secret, &unknown))).status, 403);
    let received = emu.inbound_webhooks();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["event"], "accounting.order.created");
    assert_eq!(received[0]["data"]["id"], "ext-1");
    // A configured secret is the one checked; it never reaches the request log.
    let emu2 = start("synq", |c| {
        c.webhook_secret = Some("whsec_configured".into())
    });
    assert_eq!(emu2.webhook_secret(), "whsec_configured");
    let open2 = Api::new(&emu2.base_url());
    let conn2 = synq_api(&emu2).get("/api/v1/integrations/connections").json["connections"][1]["unified_connection_id"].clone();
    let b2 = json!({"connection_id": conn2, "event": "accounting.order.updated", "note": "whsec_configured"}).to_string();
    let sig2 = hmac_sha256_hex("whsec_configured", b2.as_bytes());
    let a = open2
        .try_raw(
            "POST",
            "/unified/webhook",
            Some(b2.into_bytes()),
            &[("X-Unified-Signature", &sig2)],
        )
        .unwrap();
    assert_eq!(a.status, 200);
    assert!(
        !serde_json::to_string(&emu2.requests())
            .unwrap()
            .contains("whsec_configured")
    );
    assert_eq!(
        admin_get(&emu2, "/_admin/webhooks").json["received"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
