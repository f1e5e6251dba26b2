//! Decoding of recorded-shape fixtures: envelopes, lone objects, nulls versus absent fields,
//! unknown fields and enum values, `sku: ""`, `product_id: 0`, exact money, round trips.

use pacer_sdk_core::Amount;
use pacer_sdk_core::envelope::decode_list;
use pacer_sdk_core::models::*;
use serde_json::Value;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/syncore/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn amount(text: &str) -> Amount {
    text.parse().unwrap()
}

#[test]
fn job_detail_keeps_nulls_unknown_fields_and_unknown_statuses() {
    let text = fixture("job_detail.json");
    let job = Job::from_json(&text).unwrap();
    assert_eq!(job.id, Some(31987));
    // Null and absent are different, and both decode.
    assert_eq!(job.store, None);
    assert_eq!(job.extra.get("store"), Some(&Value::Null));
    assert_eq!(job.completed_date, None);
    assert!(!job.extra.contains_key("completed_date"));
    // An unknown status is kept, not an error.
    assert_eq!(job.status, Some(JobStatus::Other("Awaiting Art".into())));
    // Unknown fields are kept.
    assert_eq!(job.extra["tracker_color"], "#ffcc00");
    assert_eq!(job.extra["custom_fields"]["Region"], "North");
    // Reps: name only on reads.
    assert_eq!(
        job.primary_rep.as_ref().unwrap().name.as_deref(),
        Some("Ana Silva")
    );
    assert_eq!(job.primary_rep.as_ref().unwrap().email, None);
    let po = &job.purchase_orders.as_ref().unwrap()[0];
    // "Posted @ease AP" (docs) and "Posted @ease A/P" (live) are one status.
    assert_eq!(po.status, Some(PurchaseOrderStatus::PostedEaseAp));
    assert_eq!(po.total_value, Some(amount("912.40")));
    assert_eq!(
        po.supplier.as_ref().unwrap().asi_id,
        Some(LooseId::Text("84863".into()))
    );
    assert_eq!(
        job.sales_orders.as_ref().unwrap()[0]
            .total_value
            .unwrap()
            .to_string(),
        "1834.25"
    );
}

#[test]
fn job_round_trips_to_the_same_json() {
    let text = fixture("job_detail.json");
    let job = Job::from_json(&text).unwrap();
    let original: Value = serde_json::from_str(&text).unwrap();
    let again: Value = serde_json::from_str(&serde_json::to_string(&job).unwrap()).unwrap();
    // Canonical status spelling aside, everything comes back as sent.
    let mut expected = original.clone();
    expected["purchase_orders"][0]["status"] = "Posted @ease A/P".into();
    assert_eq!(again, expected);
}

#[test]
fn sales_order_page_with_line_item_tree() {
    let page = decode_list(
        fixture("salesorders_page.json").as_bytes(),
        Some("salesorders"),
        &[],
    )
    .unwrap();
    assert_eq!(
        (
            page.items.len(),
            page.total_results,
            page.links.next.clone()
        ),
        (1, Some(1), None)
    );
    let orders: Vec<SalesOrder> = page.decode().unwrap();
    let so = &orders[0];
    assert_eq!(so.status, Some(SalesOrderStatus::Open));
    assert_eq!(so.invoice_date, None);
    assert_eq!(
        so.sold_to.as_ref().unwrap().country.as_deref(),
        Some("United States")
    );
    let lines = so.line_items.as_ref().unwrap();
    assert_eq!(lines.len(), 6);
    // Colour and size lines carry an empty SKU, not null; product_id 0 is a placeholder.
    assert_eq!(lines[1].sku.as_deref(), Some(""));
    assert_eq!(lines[1].product_id, Some(0));
    // The boolean arrives both as a string and as a boolean.
    assert_eq!(lines[0].visible.as_ref().unwrap().value(), Some(true));
    assert_eq!(lines[5].visible, Some(LooseBool::Text("False".into())));
    assert_eq!(lines[5].visible.as_ref().unwrap().value(), Some(false));
    // Open line types: documented, observed (Asi) and unknown.
    assert_eq!(lines[0].kind, Some(LineType::Asi));
    assert_eq!(lines[4].kind, Some(LineType::StitchCount));
    assert_eq!(
        lines[5].kind,
        Some(LineType::Other("EmbroideryDigitizing".into()))
    );
    // Money is exact: 0.1 + 0.2 is 0.3, and 18.125 keeps its third decimal.
    let sum = lines[5].price_value.unwrap() + lines[5].cost_value.unwrap();
    assert_eq!(sum.to_string(), "0.3");
    assert_eq!(lines[0].cost_value.unwrap().to_string(), "18.125");
    // The tree: one product with a colour holding two sizes and a stitch count, plus a flat line.
    let tree = line_tree(lines);
    assert_eq!(tree.len(), 2);
    assert_eq!(tree[0].children.len(), 2);
    assert_eq!(tree[0].children[0].children.len(), 2);
    assert_eq!(tree[0].leaf_quantity(), amount("36.5"));
    assert_eq!(tree[1].leaf_quantity(), amount("1"));
    assert_eq!(tree[0].walk().len(), 5);
}

#[test]
fn lone_purchase_order_with_mistyped_and_huge_values() {
    let page = decode_list(
        fixture("purchaseorders_lone.json").as_bytes(),
        Some("purchaseorders"),
        &[],
    )
    .unwrap();
    assert_eq!(page.shape, "lone_object");
    let pos: Vec<PurchaseOrder> = page.decode().unwrap();
    let po = &pos[0];
    assert_eq!(po.status, Some(PurchaseOrderStatus::PostedEaseAp));
    // Sixteen significant digits survive: decoded from the literal, not through a float.
    assert_eq!(po.freight_value.unwrap().to_string(), "12345678901234.56");
    // A boolean sent as "yes" does not break the record: it is kept verbatim.
    assert_eq!(po.freight_taxable, None);
    assert_eq!(po.mistyped_fields(), vec!["freight_taxable"]);
    assert_eq!(po.extra["freight_taxable"], "yes");
    let details = po.invoice_details.as_ref().unwrap();
    assert_eq!(details.posting_date.as_deref(), Some("2026-10-30"));
    assert_eq!(details.approval_date, None);
    // Write shape of the address: first/last name and ISO-2 country.
    let write = AddressWrite::from_read(po.ship_to.as_ref().unwrap());
    assert_eq!(write.first_name.as_deref(), Some("Dana"));
    assert_eq!(write.last_name.as_deref(), Some("Whitfield"));
    assert_eq!(write.country.as_deref(), Some("US"));
    assert!(write.extra.is_empty());
}

#[test]
fn bare_array_of_lookup_records() {
    let page = decode_list(
        fixture("payment_terms_bare.json").as_bytes(),
        Some("payment_terms"),
        &[],
    )
    .unwrap();
    assert_eq!(page.shape, "bare_array");
    let terms: Vec<PaymentTerm> = page.decode().unwrap();
    assert_eq!(terms.len(), 3);
    assert_eq!(terms[2].days, None);
    assert_eq!(terms[2].extra["is_default"], true);
    assert_eq!(terms[0].name.as_deref(), Some("Net 30"));
}

#[test]
fn write_results_in_their_plausible_spellings() {
    let r = WriteResult::from_response(br#"{"id": 40455, "location": "https://api.syncore.app/v2/orders/jobs/31987/salesorders/40455"}"#, None);
    assert_eq!(r.id, Some(LooseId::Number(40455)));
    let r = WriteResult::from_response(
        br#"{"salesorder_id": 40456, "location_url": "/x/40456"}"#,
        None,
    );
    assert_eq!(
        (r.id, r.location.as_deref()),
        (Some(LooseId::Number(40456)), Some("/x/40456"))
    );
    let r = WriteResult::from_response(b"", Some("https://api.syncore.app/v2/crm/contacts/991"));
    assert_eq!(r.id, Some(LooseId::Number(991)));
}

#[test]
fn every_known_field_of_every_model_accepts_null_and_absence() {
    fn check<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + Default>(
        fields: &[&str],
    ) {
        let absent: T = serde_json::from_str("{}").unwrap();
        assert_eq!(absent, T::default());
        let nulls: serde_json::Map<String, Value> = fields
            .iter()
            .map(|f| (f.to_string(), Value::Null))
            .collect();
        let decoded: Result<T, _> = serde_json::from_value(Value::Object(nulls));
        assert!(decoded.is_ok(), "{fields:?}");
    }
    check::<Job>(Job::FIELDS);
    check::<SalesOrder>(SalesOrder::FIELDS);
    check::<LineItem>(LineItem::FIELDS);
    check::<PurchaseOrder>(PurchaseOrder::FIELDS);
    check::<Payment>(Payment::FIELDS);
    check::<Contact>(Contact::FIELDS);
    check::<Address>(Address::FIELDS);
    check::<Supplier>(Supplier::FIELDS);
    check::<ProductIndex>(ProductIndex::FIELDS);
    check::<ClientGroup>(ClientGroup::FIELDS);
    check::<PaymentTerm>(PaymentTerm::FIELDS);
    check::<CommissionCode>(CommissionCode::FIELDS);
    check::<CardType>(CardType::FIELDS);
    check::<PaymentType>(PaymentType::FIELDS);
    check::<AdjustmentType>(AdjustmentType::FIELDS);
}

#[test]
fn the_fast_path_decodes_exactly_like_the_lenient_one() {
    fn same<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) {
        let fast: T = pacer_sdk_core::models::decode(text.as_bytes()).unwrap();
        let lenient: T = serde_json::from_str(text).unwrap();
        assert_eq!(fast, lenient);
    }
    same::<Job>(&fixture("job_detail.json"));
    let so_page = decode_list(
        fixture("salesorders_page.json").as_bytes(),
        Some("salesorders"),
        &[],
    )
    .unwrap();
    same::<SalesOrder>(so_page.items[0].get());
    // A mistyped value (a boolean sent as "yes") takes the lenient path and is kept.
    let po_page = decode_list(
        fixture("purchaseorders_lone.json").as_bytes(),
        Some("purchaseorders"),
        &[],
    )
    .unwrap();
    same::<PurchaseOrder>(po_page.items[0].get());
    let po: PurchaseOrder =
        pacer_sdk_core::models::decode(po_page.items[0].get().as_bytes()).unwrap();
    assert_eq!(po.extra["freight_taxable"], "yes");
    assert_eq!(po.freight_value.unwrap().to_string(), "12345678901234.56");
    same::<Vec<PaymentTerm>>(&fixture("payment_terms_bare.json"));
}
