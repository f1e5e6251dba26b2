//! Writes: creates answer 201 with the id and location and store the record in READ shape;
//! PUT replaces; validation answers ProblemDetails; nothing can be deleted.

mod common;

use common::*;
use serde_json::{Value, json};

/// A recent visible job with at least one sales order and one purchase order.
fn busy_job(http: &Http, emu: &pacer_sdk_emulator::Emulator) -> (i64, Value) {
    let (jobs, _) = http.walk(
        &format!(
            "/v2/orders/jobs?date_from={}&date_to={}",
            ny_date(emu, 90),
            ny_date(emu, 0)
        ),
        "jobs",
    );
    let j = jobs
        .into_iter()
        .find(|j| {
            j["sales_orders"].as_array().unwrap().len() > 1
                && !j["purchase_orders"].as_array().unwrap().is_empty()
        })
        .expect("a busy job");
    (j["id"].as_i64().unwrap(), j)
}

fn id_of(a: &Answer) -> i64 {
    a.json["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no id in {}", a.text))
}

#[test]
fn sales_order_create_round_trips_in_read_shape() {
    let emu = unmetered(300);
    let http = Http::new(&emu);
    let (job, j) = busy_job(&http, &emu);
    let body = json!({
        "customer_order_number": "HRC-11",
        "description": "Fleece hoodies, navy",
        "bill_to": address("Dana", "Whitfield"),
        "ship_to": address("Mary Ann", "de la Cruz"),
        "custom_note": {"kept": true},
        "line_items": [
            {"type": "Pricing", "description": "Hoodie", "quantity": 24, "price_value": 32.95, "supplier_id": 2},
            {"type": "SetupCharge", "description": "Screens", "quantity": 1, "price_value": 45},
        ],
    });
    let created = http.post(&format!("/v2/orders/jobs/{job}/salesorders"), &body);
    assert_eq!(created.status, 201, "{}", created.text);
    let id = id_of(&created);
    let location = format!("{}/v2/orders/jobs/{job}/salesorders/{id}", emu.base_url());
    assert_eq!(created.json["location"], location.as_str());
    assert_eq!(created.location.as_deref(), Some(location.as_str()));
    let so = http.get(&location).json;
    assert_eq!(so["id"], id);
    assert_eq!(
        so["number"],
        j["sales_orders"].as_array().unwrap().len() as i64 + 1,
        "next number in the job"
    );
    assert_eq!(so["job_number"], job);
    assert_eq!(so["customer_order_number"], "HRC-11");
    assert_eq!(
        so["custom_note"],
        json!({"kept": true}),
        "unknown fields are kept as sent"
    );
    assert_eq!(so["status"], "Pending");
    assert_eq!(so["date"], ny_date(&emu, 0));
    assert_eq!(so["client"], j["client"], "the job's client");
    let ship = &so["ship_to"];
    assert_eq!(ship["name"], "Mary Ann de la Cruz");
    assert_eq!(ship["country"], "United States");
    assert!(ship.get("first_name").is_none() && ship.get("last_name").is_none());
    let lines = so["line_items"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["supplier"]["name"], "Northstar Blanks");
    assert!(lines[0].get("supplier_id").is_none());
    assert_eq!(lines[0]["line_total_value"], json!(790.8));
    assert_eq!(lines[0]["parent_id"], 0);
    assert_eq!(so["sub_total_value"], json!(835.8));
    assert_eq!(so["total_value"], json!(835.8));
    // The job's summary and the list include it.
    let summary = http.get(&format!("/v2/orders/jobs/{job}")).json;
    assert!(
        summary["sales_orders"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == id && s["total_value"] == json!(835.8))
    );
    let listed = http
        .walk(&format!("/v2/orders/jobs/{job}/salesorders"), "salesorders")
        .0;
    assert_eq!(listed.last().unwrap()["id"], id);
    // Found by the cross-job search of today's orders too.
    let today = ny_date(&emu, 0);
    let found = http
        .walk(
            &format!("/v2/orders/jobs/salesorders?date_from={today}&date_to={today}"),
            "salesorders",
        )
        .0;
    assert!(found.iter().any(|s| s["id"] == id));
}

#[test]
fn line_items_and_payments_round_trip() {
    let emu = unmetered(300);
    let http = Http::new(&emu);
    let (job, j) = busy_job(&http, &emu);
    let so = j["sales_orders"][0]["id"].as_i64().unwrap();
    let base = format!("/v2/orders/jobs/{job}/saleseorders/{so}/lineitems");
    let before = http.get(&base).json;
    let n = before["lineitems"].as_array().unwrap().len();
    let product = before["lineitems"][0]["line_id"].as_i64().unwrap();
    let total_before = http
        .get(&format!("/v2/orders/jobs/{job}/salesorders/{so}"))
        .json["total_value"]
        .as_f64()
        .unwrap();
    let line = json!({"type": "RunCharge", "description": "Second location", "parent_id": product,
                      "quantity": 10, "price_value": 1.25, "cost_value": 0.5, "visible": "true"});
    let created = http.post(&base, &line);
    assert_eq!(created.status, 201, "{}", created.text);
    let line_id = id_of(&created);
    // The same line is reachable with either spelling of the segment.
    let got = http
        .get(&format!(
            "/v2/orders/jobs/{job}/salesorders/{so}/lineitems/{line_id}"
        ))
        .json;
    assert_eq!(got["line_id"], line_id);
    assert_eq!(got["parent_id"], product);
    assert_eq!(got["visible"], "true", "kept as sent");
    assert_eq!(got["line_total_value"], json!(12.5));
    assert_eq!(
        http.get(&base).json["lineitems"].as_array().unwrap().len(),
        n + 1
    );
    let total_after = http
        .get(&format!("/v2/orders/jobs/{job}/salesorders/{so}"))
        .json["total_value"]
        .as_f64()
        .unwrap();
    assert!(
        (total_after - total_before - 12.5).abs() < 1e-9,
        "{total_before} -> {total_after}"
    );
    // A parent that is not in this order is refused.
    let orphan = http.post(
        &base,
        &json!({"type": "Size", "description": "XL", "parent_id": 5}),
    );
    assert_eq!(orphan.status, 400);
    assert!(orphan.json["errors"]["parent_id"].is_array());
    let missing = http.post(&base, &json!({"quantity": 1}));
    assert_eq!(missing.json["errors"]["type"][0], "type is required");
    assert_eq!(
        missing.json["errors"]["description"][0],
        "description is required"
    );

    // Payments.
    let pay_path = format!("/v2/orders/jobs/{job}/salesorders/{so}/payments");
    let count = http.get(&pay_path).json["total_results"].as_u64().unwrap();
    let p = http.post(
        &pay_path,
        &json!({"amount_value": 125.10, "date": ny_date(&emu, 0), "payment_type_id": 2,
                                          "card_type_id": 1, "reference": "AUTH 1"}),
    );
    assert_eq!(p.status, 201, "{}", p.text);
    let pid = id_of(&p);
    let list = http.get(&pay_path).json;
    assert_eq!(list["total_results"].as_u64().unwrap(), count + 1);
    let payment = list["payments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == pid)
        .unwrap()
        .clone();
    assert_eq!(
        payment["payment_type"],
        json!({"id": 2, "name": "Credit Card"})
    );
    assert_eq!(payment["card_type"], json!({"id": 1, "name": "Visa"}));
    assert_eq!(payment["amount_value"], json!(125.1));
    assert!(payment.get("payment_type_id").is_none());
    let bad = http.post(
        &pay_path,
        &json!({"amount_value": 1, "payment_type_id": 999}),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json["errors"]["date"][0], "date is required");
    assert_eq!(
        bad.json["errors"]["payment_type_id"][0],
        "payment_type_id 999 does not exist"
    );
}

#[test]
fn purchase_orders_round_trip_and_replace() {
    let emu = unmetered(300);
    let http = Http::new(&emu);
    let (job, j) = busy_job(&http, &emu);
    let path = format!("/v2/orders/jobs/{job}/purchaseorders");
    let body = json!({"supplier_id": 7, "critical_comments": "Ship by Friday", "in_hand_date": ny_date(&emu, -12),
                      "ship_to": address("Dana", "Whitfield"), "freight_value": 20, "tax_1_percentage": 5,
                      "line_items": [{"type": "Pricing", "description": "Tumblers", "quantity": 100, "price_value": 8.45, "cost_value": 8.45}]});
    let created = http.post(&path, &body);
    assert_eq!(created.status, 201, "{}", created.text);
    let id = id_of(&created);
    let po = http.get(&format!("{path}/{id}")).json;
    assert_eq!(po["supplier"]["name"], "Bluewater Drinkware");
    assert!(
        po["supplier_address"]["city"].is_string(),
        "the supplier's address"
    );
    assert_eq!(po["status"], "Open");
    assert_eq!(
        po["number"],
        j["purchase_orders"].as_array().unwrap().len() as i64 + 1
    );
    assert_eq!(po["sub_total_value"], json!(845.0));
    assert_eq!(po["tax_value"], json!(42.25));
    assert_eq!(po["total_value"], json!(907.25));
    let line_id = po["line_items"][0]["line_id"].as_i64().unwrap();
    // PUT replaces: fields not sent are cleared, server-owned ones stay, lines stay unless sent.
    let put = http.put(
        &format!("{path}/{id}"),
        &json!({"supplier_id": 7, "critical_comments": "Ship by Thursday"}),
    );
    assert_eq!(put.status, 200, "{}", put.text);
    assert_eq!(
        put.json,
        json!({"id": id, "location": format!("{}{path}/{id}", emu.base_url())})
    );
    let after = http.get(&format!("{path}/{id}")).json;
    assert_eq!(after["critical_comments"], "Ship by Thursday");
    assert!(
        after.get("in_hand_date").is_none()
            && after.get("ship_to").is_none()
            && after.get("freight_value").is_none()
    );
    assert_eq!(
        (
            after["id"].clone(),
            after["number"].clone(),
            after["job_number"].clone(),
            after["date"].clone()
        ),
        (
            po["id"].clone(),
            po["number"].clone(),
            po["job_number"].clone(),
            po["date"].clone()
        )
    );
    assert_eq!(after["line_items"][0]["line_id"], line_id);
    assert_eq!(
        after["total_value"],
        json!(845.0),
        "recomputed without tax and freight"
    );
    // Status rules.
    let approved = http.put(
        &format!("{path}/{id}"),
        &json!({"supplier_id": 7, "status": "Approved"}),
    );
    assert_eq!(approved.status, 400);
    assert!(approved.json["errors"]["invoice_details.approval_date"].is_array());
    let ok = http.put(&format!("{path}/{id}"), &json!({"supplier_id": 7, "status": "Approved", "invoice_details": {"approval_date": ny_date(&emu, 0)}}));
    assert_eq!(ok.status, 200, "{}", ok.text);
    // PO line items: get and replace.
    let line_path = format!("{path}/{id}/lineitems/{line_id}");
    assert_eq!(http.get(&line_path).json["description"], "Tumblers");
    let replaced = http.put(
        &line_path,
        &json!({"type": "Pricing", "description": "Adjusted", "quantity": 2, "cost_value": 3.5}),
    );
    assert_eq!(replaced.status, 200);
    let line = http.get(&line_path).json;
    assert_eq!(line["description"], "Adjusted");
    assert!(line.get("price_value").is_none(), "cleared");
    assert_eq!(line["line_id"], line_id);
    // PO payments.
    let pays = format!("{path}/{id}/payments");
    assert_eq!(
        http.post(
            &pays,
            &json!({"amount_value": 99, "date": ny_date(&emu, 0), "payment_type_id": 1})
        )
        .status,
        201
    );
    assert_eq!(http.get(&pays).json["total_results"], 1);
    // Unknown supplier, unknown ids and ids of another job.
    let unknown = http.post(&path, &json!({"supplier_id": 4242}));
    assert_eq!(
        unknown.json["errors"]["supplier_id"][0],
        "supplier_id 4242 does not exist"
    );
    assert_eq!(http.get(&format!("{path}/999999")).status, 404);
    let other_job = job - 1;
    assert_eq!(
        http.get(&format!("/v2/orders/jobs/{other_job}/purchaseorders/{id}"))
            .status,
        404
    );
    assert_eq!(
        http.put(
            &format!("/v2/orders/jobs/{other_job}/purchaseorders/{id}"),
            &json!({"supplier_id": 7})
        )
        .status,
        404
    );
}

#[test]
fn sales_order_put_replaces_and_validates_addresses() {
    let emu = unmetered(300);
    let http = Http::new(&emu);
    let (job, j) = busy_job(&http, &emu);
    let so = j["sales_orders"][0]["id"].as_i64().unwrap();
    let path = format!("/v2/orders/jobs/{job}/salesorders/{so}");
    let original = http.get(&path).json;
    let body = json!({"bill_to": address("Dana", "Whitfield"), "ship_to": address("Dana", "Whitfield"), "status": "Open",
                      "customer_order_number": "PUT-2"});
    let put = http.put(&path, &body);
    assert_eq!(put.status, 200, "{}", put.text);
    let after = http.get(&path).json;
    assert_eq!(after["customer_order_number"], "PUT-2");
    assert_eq!(after["status"], "Open");
    assert!(
        after.get("description").is_none() && after.get("in_hand_date").is_none(),
        "not sent, so cleared"
    );
    for k in ["id", "number", "job_number", "date"] {
        assert_eq!(after[k], original[k], "{k} is server-owned");
    }
    assert_eq!(
        after["line_items"], original["line_items"],
        "lines are a sub-resource and stay"
    );
    // Validation: write addresses need names and an ISO-2 country; both addresses are required.
    let bad = http.put(
        &path,
        &json!({"bill_to": {"first_name": "Dana", "country": "United States"}}),
    );
    assert_eq!(bad.status, 400);
    let e = &bad.json["errors"];
    assert_eq!(e["ship_to"][0], "ship_to is required");
    assert_eq!(e["bill_to.last_name"][0], "last_name is required");
    assert_eq!(
        e["bill_to.country"][0],
        "country is over the max length of 2 characters"
    );
    assert_eq!(bad.json["status"], 400);
    assert_eq!(
        http.get(&path).json["customer_order_number"],
        "PUT-2",
        "a refused PUT changes nothing"
    );
    let not_json = http.send("POST", &format!("/v2/orders/jobs/{job}/salesorders"), None);
    assert_eq!(not_json.status, 400);
    assert!(not_json.json["errors"]["$"].is_array());
    assert_eq!(
        http.put(&format!("/v2/orders/jobs/{job}/salesorders/1"), &body)
            .status,
        404
    );
    assert_eq!(
        http.post("/v2/orders/jobs/99999999/salesorders", &body)
            .status,
        404
    );
}

#[test]
fn contacts_and_jobs_round_trip() {
    let emu = unmetered(300);
    let http = Http::new(&emu);
    let contact = json!({"first_name": "Lee", "last_name": "Park", "email": "lee.park@harborrowing.example",
                         "type": "Client", "client_group_id": 5, "payment_term_id": 5,
                         "billing_address": address("Lee", "Park")});
    let created = http.post("/v2/crm/contacts", &contact);
    assert_eq!(created.status, 201, "{}", created.text);
    let cid = id_of(&created);
    let c = http.get(&format!("/v2/crm/contacts/{cid}")).json;
    assert_eq!(c["name"], "Lee Park");
    assert_eq!(
        c["client_group"],
        json!({"id": 5, "name": "Blue Ridge Outfitters"})
    );
    assert_eq!(c["payment_term"]["name"], "Net 30");
    assert_eq!(c["billing_address"]["country"], "United States");
    assert_eq!(c["contact_kind"], "Dropship");
    assert_eq!(c["created_date"], ny_date(&emu, 0));
    let found = http.get("/v2/crm/contacts?email=lee.park@harborrowing.example");
    assert_eq!(found.json["total_results"], 1);
    let put = http.put(&format!("/v2/crm/contacts/{cid}"), &json!({"first_name": "Lee", "last_name": "Park-Ortiz", "email": "lee.park@harborrowing.example"}));
    assert_eq!(put.status, 200);
    let c2 = http.get(&format!("/v2/crm/contacts/{cid}")).json;
    assert_eq!(c2["last_name"], "Park-Ortiz");
    assert!(c2.get("client_group").is_none() && c2.get("billing_address").is_none());
    assert_eq!(c2["created_date"], c["created_date"]);
    let store = http.post("/v2/crm/store-contacts", &json!({"store_id": 3, "first_name": "Kim", "last_name": "Ng", "email": "kim@store.example"}));
    assert_eq!(store.status, 201);
    let sc = http
        .get(&format!("/v2/crm/contacts/{}", id_of(&store)))
        .json;
    assert_eq!(
        (sc["store"]["id"].clone(), sc["contact_kind"].clone()),
        (json!(3), json!("Store/Program"))
    );
    let no_store = http.post(
        "/v2/crm/store-contacts",
        &json!({"first_name": "Kim", "last_name": "Ng", "email": "kim@store.example"}),
    );
    assert_eq!(
        no_store.json["errors"]["store_id"][0],
        "store_id is required"
    );

    // Jobs: the next job number, today's date, the client reference filled in.
    let last = http
        .get("/v2/orders/jobs?date_from=2000-01-01&date_to=2100-01-01&count=1")
        .json["total_results"]
        .as_u64()
        .unwrap();
    assert!(last > 0);
    let job = json!({"client_id": 1001, "description": "Team jackets", "primary_rep_email": "dana.whitfield@pacer-promo.example",
                     "product_index_id": 1, "in_hand_date": ny_date(&emu, -23)});
    let created = http.post("/v2/orders/jobs", &job);
    assert_eq!(created.status, 201, "{}", created.text);
    let jid = id_of(&created);
    assert_eq!(jid, 30001 + 300, "job numbers continue the sequence");
    let got = http.get(&format!("/v2/orders/jobs/{jid}")).json;
    assert_eq!(got["client"]["id"], 1001);
    assert_eq!(got["primary_rep"], json!({"name": "Dana Whitfield"}));
    assert_eq!(
        got["primary_rep_email"],
        "dana.whitfield@pacer-promo.example"
    );
    assert_eq!(got["product_index"], json!({"id": 1, "name": "Apparel"}));
    assert_eq!(
        (got["date"].clone(), got["status"].clone()),
        (json!(ny_date(&emu, 0)), json!("Pending"))
    );
    assert_eq!(got["sales_orders"], json!([]));
    // Reconciliation finds it by searching yesterday..today.
    let today = http
        .walk(
            &format!(
                "/v2/orders/jobs?date_from={}&date_to={}",
                ny_date(&emu, 1),
                ny_date(&emu, 0)
            ),
            "jobs",
        )
        .0;
    assert!(today.iter().any(|j| j["id"] == jid));
    let put = http.put(&format!("/v2/orders/jobs/{jid}"), &json!({"client_id": 1001, "description": "Team jackets (revised)", "primary_rep_email": "x@y.example"}));
    assert_eq!(put.status, 200);
    let got = http.get(&format!("/v2/orders/jobs/{jid}")).json;
    assert_eq!(got["description"], "Team jackets (revised)");
    assert!(got.get("product_index").is_none() && got.get("in_hand_date").is_none());
    assert_eq!(got["date"], ny_date(&emu, 0));
    let store_job = http.post("/v2/orders/storejobs", &json!({"store_id": 3, "client_id": 1001, "description": "Store order 1182", "primary_rep_email": "a@b.example"}));
    assert_eq!(store_job.status, 201);
    let sj = http
        .get(&format!("/v2/orders/jobs/{}", id_of(&store_job)))
        .json;
    assert_eq!(
        (sj["job_class"].clone(), sj["store"]["id"].clone()),
        (json!("Store"), json!(3))
    );
    assert_eq!(
        http.put(
            &format!("/v2/orders/storejobs/{}", id_of(&store_job)),
            &json!({"client_id": 1001})
        )
        .status,
        400
    );
    let unknown = http.post(
        "/v2/orders/jobs",
        &json!({"client_id": 5, "description": "x", "primary_rep_email": "a@b.example"}),
    );
    assert_eq!(
        unknown.json["errors"]["client_id"][0],
        "client_id 5 does not exist"
    );
}

#[test]
fn nothing_can_be_deleted() {
    let emu = unmetered(100);
    let http = Http::new(&emu);
    for path in [
        "/v2/orders/jobs/30050",
        "/v2/orders/jobs/30050/salesorders/40001",
        "/v2/crm/contacts/1001",
        "/v2/orders/jobs",
    ] {
        let a = http.send("DELETE", path, None);
        assert_eq!(a.status, 405, "{path}");
        assert_eq!(
            a.json["message"],
            "Method not allowed: the API does not delete records"
        );
    }
    assert_eq!(
        http.send("PATCH", "/v2/orders/jobs/30050", None).status,
        405
    );
    assert_eq!(http.get("/v2/orders/jobs/30050/logs").status, 404);
    assert_eq!(
        http.get("/v2/orders/jobs/30050/logs").json["message"],
        "Resource not found"
    );
    assert!(
        emu.requests().iter().all(|r| !r.counted),
        "405s and unknown routes are not counted"
    );
}
