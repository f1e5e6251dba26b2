//! Every Syncore resource over real HTTP against the emulator: paging, list/get/create/update
//! round trips, validation that costs nothing, and server errors kept verbatim.

mod common;

use common::*;
use pacer_sdk::models::*;
use pacer_sdk::{ErrorKind, JobSearch};
use pacer_sdk_emulator::{Fault, FaultKind};
use serde_json::json;

#[test]
fn paging_across_many_pages_returns_every_job_once() {
    let emu = virtual_emulator(None);
    let client = client(&emu);
    let search = JobSearch::between(date_before(&emu, 360), date_before(&emu, 0));
    let records = client.jobs().search(&search).unwrap();
    let jobs: Vec<Job> = records.map(Result::unwrap).collect();
    let pages = emu
        .requests()
        .iter()
        .filter(|r| r.endpoint.as_deref() == Some("jobs.search"))
        .count();
    assert!(jobs.len() > 1_500, "{} jobs", jobs.len());
    assert_eq!(pages, jobs.len().div_ceil(10), "one request per page of 10");
    let ids: Vec<i64> = jobs.iter().map(|j| j.id.unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "each job once, in job-number order");
    assert!(
        emu.requests().iter().all(|r| r.status == 200),
        "no 429s, no errors"
    );
}

#[test]
fn a_short_page_that_is_not_the_last_does_not_end_the_list() {
    let emu = virtual_emulator(None);
    let client = client(&emu);
    let search = JobSearch::between(date_before(&emu, 45), date_before(&emu, 0));
    let expected = client.jobs().search(&search).unwrap().count();
    // The server now clamps pages to 7 records while still reporting the true total.
    emu.inject_fault(Fault {
        kind: FaultKind::ClampPage(7),
        times: 1_000,
        method: None,
        path_contains: Some("/v2/orders/jobs".into()),
    });
    let got: Vec<Job> = client
        .jobs()
        .search(&search)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got.len(), expected);
    let mut ids: Vec<i64> = got.iter().map(|j| j.id.unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), expected, "no duplicates across clamped pages");
}

#[test]
fn every_resource_round_trips() {
    let emu = virtual_emulator(None);
    let c = client(&emu);
    // Find a job with sales orders and purchase orders.
    let search = JobSearch::between(date_before(&emu, 60), date_before(&emu, 0));
    let job = c
        .jobs()
        .search(&search)
        .unwrap()
        .map(Result::unwrap)
        .find(|j| {
            j.sales_orders.as_ref().is_some_and(|s| !s.is_empty())
                && j.purchase_orders.as_ref().is_some_and(|p| !p.is_empty())
        })
        .expect("a job with orders");
    let job_id = job.id.unwrap();
    assert_eq!(c.jobs().get(job_id).unwrap().id, Some(job_id));

    // Sales orders and their lines and payments.
    let sos: Vec<SalesOrder> = c
        .sales_orders(job_id)
        .list()
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!sos.is_empty());
    let so_id = sos[0].id.unwrap();
    assert_eq!(c.sales_orders(job_id).get(so_id).unwrap().id, Some(so_id));
    let created = c.sales_orders(job_id).create(&sales_order("RT-1")).unwrap();
    let new_so = created
        .id
        .clone()
        .unwrap()
        .to_string()
        .parse::<i64>()
        .unwrap();
    let fetched = c.sales_orders(job_id).get(new_so).unwrap();
    assert_eq!(fetched.customer_order_number.as_deref(), Some("RT-1"));
    assert_eq!(
        fetched.bill_to.as_ref().unwrap().country.as_deref(),
        Some("United States"),
        "read shape"
    );
    let mut update = sales_order("RT-1b");
    update["status"] = json!("Open");
    c.sales_orders(job_id).update(new_so, &update).unwrap();
    assert_eq!(
        c.sales_orders(job_id)
            .get(new_so)
            .unwrap()
            .customer_order_number
            .as_deref(),
        Some("RT-1b")
    );
    let lines = c.sales_order_line_items(job_id, so_id);
    let existing: Vec<LineItem> = lines.list().unwrap().map(Result::unwrap).collect();
    assert!(!existing.is_empty());
    let line_id = existing[0].line_id.unwrap();
    assert_eq!(lines.get(line_id).unwrap().line_id, Some(line_id));
    let line = json!({"type": "Pricing", "description": "Rush fee", "quantity": 1, "price_value": 45.5, "cost_value": 0});
    let added = lines.create(&line).unwrap();
    let added_id = added.id.unwrap().to_string().parse::<i64>().unwrap();
    let mut changed = line.clone();
    changed["price_value"] = json!(49.99);
    lines.update(added_id, &changed).unwrap();
    assert_eq!(
        lines
            .get(added_id)
            .unwrap()
            .price_value
            .unwrap()
            .to_string(),
        "49.99"
    );
    let payments = c.sales_order_payments(job_id, so_id);
    let before = payments.list().unwrap().count();
    let ptype = c
        .payment_types()
        .list()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .id
        .unwrap();
    payments.create(&json!({"amount_value": 125.10, "date": date_before(&emu, 0), "payment_type_id": ptype})).unwrap();
    assert_eq!(payments.list().unwrap().count(), before + 1);

    // Purchase orders and their lines and payments.
    let pos: Vec<PurchaseOrder> = c
        .purchase_orders(job_id)
        .list()
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let po_id = pos[0].id.unwrap();
    let po = c.purchase_orders(job_id).get(po_id).unwrap();
    assert_eq!(po.id, Some(po_id));
    let supplier = c
        .suppliers()
        .list()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .id
        .unwrap();
    let po_body = json!({"supplier_id": supplier, "critical_comments": "Ship by Friday", "in_hand_date": date_before(&emu, -10),
        "ship_to": {"first_name": "Dana", "last_name": "Whitfield", "address1": "12 Quay St", "city": "Portland", "country": "US"}});
    let new_po = c
        .purchase_orders(job_id)
        .create(&po_body)
        .unwrap()
        .id
        .unwrap()
        .to_string()
        .parse::<i64>()
        .unwrap();
    let mut po_update = po_body.clone();
    po_update["critical_comments"] = json!("Ship by Thursday");
    c.purchase_orders(job_id)
        .update(new_po, &po_update)
        .unwrap();
    assert_eq!(
        c.purchase_orders(job_id)
            .get(new_po)
            .unwrap()
            .critical_comments
            .as_deref(),
        Some("Ship by Thursday")
    );
    let po_lines: Vec<LineItem> = c
        .purchase_order_line_items(job_id, po_id)
        .list()
        .unwrap()
        .map(Result::unwrap)
        .collect();
    if let Some(first) = po_lines.first() {
        let lid = first.line_id.unwrap();
        assert_eq!(
            c.purchase_order_line_items(job_id, po_id)
                .get(lid)
                .unwrap()
                .line_id,
            Some(lid)
        );
        let body =
            json!({"type": "Pricing", "description": "Adjusted", "quantity": 2, "cost_value": 3.5});
        c.purchase_order_line_items(job_id, po_id)
            .update(lid, &body)
            .unwrap();
    }
    let po_payments = c.purchase_order_payments(job_id, po_id);
    let n = po_payments.list().unwrap().count();
    po_payments
        .create(
            &json!({"amount_value": 99, "date": date_before(&emu, 0), "payment_type_id": ptype}),
        )
        .unwrap();
    assert_eq!(po_payments.list().unwrap().count(), n + 1);

    // Cross-job searches.
    let recent = json!({"date_from": date_before(&emu, 20), "date_to": date_before(&emu, 0)});
    assert!(c.all_sales_orders().search(&recent).unwrap().count() > 0);
    assert!(c.all_purchase_orders().search(&recent).unwrap().count() > 0);

    // Contacts and jobs: create and update, dropship and store.
    let contact = c
        .contacts()
        .search(&json!({}))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let contact_id = contact.id.unwrap();
    assert_eq!(c.contacts().get(contact_id).unwrap().id, Some(contact_id));
    let new_contact = json!({"first_name": "Lee", "last_name": "Park", "email": "lee.park@harborrowing.example", "type": "Client"});
    let cid = c
        .contacts()
        .create(&new_contact)
        .unwrap()
        .id
        .unwrap()
        .to_string()
        .parse::<i64>()
        .unwrap();
    c.contacts().update(cid, &json!({"first_name": "Lee", "last_name": "Park-Ortiz", "email": "lee.park@harborrowing.example"})).unwrap();
    assert_eq!(
        c.contacts().get(cid).unwrap().last_name.as_deref(),
        Some("Park-Ortiz")
    );
    let store_contact = json!({"store_id": 3, "first_name": "Kim", "last_name": "Ng", "email": "kim@store.example"});
    let sid = c
        .store_contacts()
        .create(&store_contact)
        .unwrap()
        .id
        .unwrap()
        .to_string()
        .parse::<i64>()
        .unwrap();
    c.store_contacts().update(sid, &store_contact).unwrap();
    let job_body = json!({"client_id": contact_id, "description": "Team jackets", "primary_rep_email": "ana.silva@acme-promo.example"});
    let jid = c
        .jobs()
        .create(&job_body)
        .unwrap()
        .id
        .unwrap()
        .to_string()
        .parse::<i64>()
        .unwrap();
    c.jobs().update(jid, &json!({"client_id": contact_id, "description": "Team jackets (revised)", "primary_rep_email": "ana.silva@acme-promo.example"})).unwrap();
    assert_eq!(
        c.jobs().get(jid).unwrap().description.as_deref(),
        Some("Team jackets (revised)")
    );
    let store_job = json!({"store_id": 3, "client_id": contact_id, "description": "Store order 1182", "primary_rep_email": "ana.silva@acme-promo.example"});
    let sj = c
        .store_jobs()
        .create(&store_job)
        .unwrap()
        .id
        .unwrap()
        .to_string()
        .parse::<i64>()
        .unwrap();
    c.store_jobs().update(sj, &store_job).unwrap();

    // Supporting lists and v1.
    assert!(c.commission_codes().list().unwrap().count() > 0);
    assert!(c.card_types().list().unwrap().count() > 0);
    assert!(c.payment_terms().list().unwrap().count() > 0);
    assert!(c.adjustment_types().list().unwrap().count() > 0);
    assert!(c.product_indices().list().unwrap().count() > 0);
    assert!(c.client_groups().list().unwrap().count() > 0);
    let v1 = json!({"created_date_from": date_before(&emu, 10), "created_date_to": date_before(&emu, 0)});
    assert!(c.v1_jobs().search(&v1).unwrap().count() > 0);
    assert!(c.v1_contacts().search(&json!({})).unwrap().count() > 0);
    assert!(emu.requests().iter().all(|r| r.status != 429));
}

#[test]
fn validation_errors_cost_no_request_and_no_quota() {
    let emu = virtual_emulator(None);
    let c = client(&emu);
    let before = emu.requests().len();
    let err = c
        .jobs()
        .search(&json!({"date_from": "2026-01-01"}))
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert_eq!(err.errors[0].field, "date_to");
    let err = c
        .jobs()
        .search(&JobSearch::between("2024-01-01", "2024-02-01"))
        .err()
        .unwrap();
    assert_eq!(err.errors[0].rule, "history_window");
    let bad = json!({"bill_to": {"name": "Dana Whitfield", "country": "United States"}});
    let err = c.sales_orders(31987).create(&bad).err().unwrap();
    let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
    for f in [
        "ship_to",
        "bill_to.first_name",
        "bill_to.last_name",
        "bill_to.address1",
        "bill_to.city",
        "bill_to.country",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    assert_eq!(emu.requests().len(), before, "the emulator saw nothing");
    assert!(c.quota_status().unwrap().iter().all(|w| w.used == 0));
    assert!(
        c.pending_writes().unwrap().is_empty(),
        "nothing journaled for an invalid write"
    );
}

#[test]
fn server_errors_keep_status_and_body() {
    let emu = virtual_emulator(None);
    let c = client(&emu);
    let err = c.jobs().get(99_999_999).err().unwrap();
    assert_eq!((err.kind, err.status), (ErrorKind::Api, Some(404)));
    assert!(
        err.body.as_deref().unwrap().contains("not found"),
        "{:?}",
        err.body
    );
    let wrong_key = builder(&emu)
        .api_key("00000000-0000-0000-0000-000000000000")
        .build_syncore()
        .unwrap();
    assert_eq!(
        wrong_key
            .client_groups()
            .list()
            .unwrap()
            .next()
            .unwrap()
            .err()
            .unwrap()
            .status,
        Some(401)
    );
    let generic = builder(&emu)
        .user_agent("curl/8.4.0")
        .build_syncore()
        .unwrap();
    assert_eq!(
        generic
            .client_groups()
            .list()
            .unwrap()
            .next()
            .unwrap()
            .err()
            .unwrap()
            .status,
        Some(403)
    );
}
