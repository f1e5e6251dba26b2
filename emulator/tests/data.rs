//! Seeded data over real HTTP: determinism, paging, the 13-month window, every GET endpoint,
//! and the shape of the records (line trees, exact money, consistent totals).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use pacer_sdk_core::ProviderSpec;
use pacer_sdk_emulator::{Emulator, EmulatorConfig};
use serde_json::Value;

fn pages(emu: &Emulator, n: u64) -> Vec<String> {
    let http = Http::new(emu);
    let (from, to) = (ny_date(emu, 390), ny_date(emu, -8));
    (1..=n)
        .map(|p| {
            http.get(&format!(
                "/v2/orders/jobs?date_from={from}&date_to={to}&count=10&page={p}"
            ))
            .text
        })
        .collect()
}

#[test]
fn same_seed_gives_identical_pages_and_another_seed_differs() {
    let a = emulator(3000, None);
    // The same seed and the same start: the data is generated relative to the start.
    let same_start = |seed| {
        Emulator::start_blocking(EmulatorConfig {
            virtual_clock: true,
            start: Some(a.now()),
            seed,
            ..Default::default()
        })
        .unwrap()
    };
    let b = same_start(7);
    assert_eq!(a.api_key(), b.api_key());
    let (pa, pb) = (pages(&a, 4), pages(&b, 4));
    // Links carry each emulator's own port; everything else is byte-identical.
    let strip = |pages: &[String], base: &str| {
        pages
            .iter()
            .map(|p| p.replace(base, "BASE"))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&pa, &a.base_url()), strip(&pb, &b.base_url()));
    let other = same_start(8);
    assert_ne!(other.api_key(), a.api_key());
    assert_ne!(
        strip(&pages(&other, 1), &other.base_url()),
        strip(&pa[..1], &a.base_url())
    );
    // A record regenerated on demand is the same every time it is read.
    let http = Http::new(&a);
    assert_eq!(
        http.get("/v2/orders/jobs/31000/salesorders").text,
        http.get("/v2/orders/jobs/31000/salesorders").text
    );
}

#[test]
fn paging_covers_every_job_once_with_true_totals_and_links() {
    let emu = unmetered(3000);
    let http = Http::new(&emu);
    let (from, to) = (ny_date(&emu, 200), ny_date(&emu, 0));
    let first = http.get(&format!(
        "/v2/orders/jobs?date_from={from}&date_to={to}&status=&count=10"
    ));
    assert_eq!(first.status, 200);
    let total = first.json["total_results"].as_u64().unwrap();
    assert!(total > 1000, "{total}");
    assert_eq!(first.json["jobs"].as_array().unwrap().len(), 10);
    let links = &first.json["links"];
    assert_eq!(links["prev"], Value::Null);
    let base = emu.base_url();
    assert_eq!(
        links["self"],
        format!("{base}/v2/orders/jobs?date_from={from}&date_to={to}&status=&count=10&page=1")
    );
    assert_eq!(
        links["next"],
        format!("{base}/v2/orders/jobs?date_from={from}&date_to={to}&status=&count=10&page=2")
    );
    let (jobs, n_pages) = http.walk(links["self"].as_str().unwrap(), "jobs");
    assert_eq!(jobs.len() as u64, total);
    assert_eq!(n_pages as u64, total.div_ceil(10));
    let ids: Vec<i64> = jobs.iter().map(|j| j["id"].as_i64().unwrap()).collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "ordered by job number, no repeats"
    );
    for j in &jobs {
        let d = j["date"].as_str().unwrap();
        assert!(
            d >= from.as_str() && d <= to.as_str(),
            "{d} outside [{from}, {to}]"
        );
    }
    // The last page links back and not forward; a page past the end is empty.
    let last_page = total.div_ceil(10);
    let last = http.get(&format!(
        "/v2/orders/jobs?date_from={from}&date_to={to}&page={last_page}"
    ));
    assert_eq!(last.json["links"]["next"], Value::Null);
    assert!(
        last.json["links"]["prev"]
            .as_str()
            .unwrap()
            .contains(&format!("page={}", last_page - 1))
    );
    let past = http.get(&format!(
        "/v2/orders/jobs?date_from={from}&date_to={to}&page={}",
        last_page + 5
    ));
    assert_eq!(past.json["jobs"], serde_json::json!([]));
    assert_eq!(past.json["total_results"].as_u64(), Some(total));
    // Filters.
    let wip = http
        .walk(
            &format!("/v2/orders/jobs?date_from={from}&date_to={to}&status=wip"),
            "jobs",
        )
        .0;
    assert!(!wip.is_empty() && wip.iter().all(|j| j["status"] == "WIP"));
    let group = http
        .walk(
            &format!("/v2/orders/jobs?date_from={from}&date_to={to}&client_group_id=4"),
            "jobs",
        )
        .0;
    assert!(!group.is_empty() && group.iter().all(|j| j["client_group"]["id"] == 4));
}

#[test]
fn bad_paging_and_missing_dates_are_400() {
    let emu = emulator(200, None);
    let http = Http::new(&emu);
    let q = format!(
        "/v2/orders/jobs?date_from={}&date_to={}",
        ny_date(&emu, 52),
        ny_date(&emu, 21)
    );
    let q = q.as_str();
    for bad in ["count=11", "count=0", "count=ten", "page=0", "page=-1"] {
        let a = http.get(&format!("{q}&{bad}"));
        assert_eq!(a.status, 400, "{bad}: {}", a.text);
    }
    assert_eq!(
        http.get(&format!("{q}&count=11")).json["message"],
        "count must be between 1 and 10"
    );
    assert_eq!(http.get(&format!("{q}&count=10")).status, 200);
    let missing = http.get(&format!("/v2/orders/jobs?date_to={}", ny_date(&emu, 21)));
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.json["title"],
        "One or more validation errors occurred."
    );
    assert_eq!(
        missing.json["errors"]["date_from"][0],
        "date_from is required"
    );
    let both = http.get("/v2/orders/jobs");
    assert!(
        both.json["errors"]["date_from"].is_array() && both.json["errors"]["date_to"].is_array()
    );
    let today = ny_date(&emu, 0);
    let us_style = format!("{}/{}/{}", &today[5..7], &today[8..10], &today[..4]);
    let format = http.get(&format!(
        "/v2/orders/jobs?date_from={us_style}&date_to={today}"
    ));
    assert_eq!(format.status, 400);
    assert!(
        format.json["errors"]["date_from"][0]
            .as_str()
            .unwrap()
            .contains("YYYY-MM-DD")
    );
    // Cross-job searches take dates or date-times and still reject nonsense.
    assert_eq!(
        http.get(&format!(
            "/v2/orders/jobs/salesorders?last_modified_date_from={}T08:00:00",
            ny_date(&emu, 21)
        ))
        .status,
        200
    );
    assert_eq!(
        http.get("/v2/orders/jobs/purchaseorders?date_from=yesterday")
            .status,
        400
    );
}

#[test]
fn only_thirteen_months_of_jobs_exist() {
    let emu = emulator(3000, None);
    let http = Http::new(&emu);
    // Jobs were generated over 14 months; the oldest month is invisible.
    let all = http.get("/v2/orders/jobs?date_from=2000-01-01&date_to=2100-01-01&count=1");
    let visible = all.json["total_results"].as_u64().unwrap();
    assert!(
        visible > 2600 && visible < 2950,
        "{visible} of 3000 visible"
    );
    let oldest_visible = all.json["jobs"][0]["id"].as_i64().unwrap();
    let cutoff = all.json["jobs"][0]["date"].as_str().unwrap().to_string();
    // Today (New York) minus 13 months.
    let window_start = ny_months_back(&emu, 13);
    assert!(cutoff >= window_start, "{cutoff} < {window_start}");
    assert!(oldest_visible > 30001);
    let hidden = oldest_visible - 1;
    assert_eq!(http.get(&format!("/v2/orders/jobs/{hidden}")).status, 404);
    assert_eq!(
        http.get(&format!("/v2/orders/jobs/{hidden}/salesorders"))
            .status,
        404
    );
    assert_eq!(
        http.get(&format!("/v2/orders/jobs/{oldest_visible}"))
            .status,
        200
    );
    // Every day before the window, up to the day before it starts.
    let day_before = |date: &str| {
        (chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap() - chrono::Days::new(1))
            .to_string()
    };
    let old = http.get(&format!(
        "/v2/orders/jobs?date_from=2000-01-01&date_to={}",
        day_before(&window_start)
    ));
    assert_eq!(old.json["total_results"], 0);
    // Time passes: a month later the window has moved on.
    emu.advance(std::time::Duration::from_secs(31 * 86_400))
        .unwrap();
    assert_eq!(
        http.get(&format!("/v2/orders/jobs/{oldest_visible}"))
            .status,
        404
    );
    let later = http.get("/v2/orders/jobs?date_from=2000-01-01&date_to=2100-01-01&count=1");
    assert!(later.json["total_results"].as_u64().unwrap() < visible);
    // Cross-job searches honour the same window.
    let sos = http.get(&format!(
        "/v2/orders/jobs/salesorders?date_from=2000-01-01&date_to={}&count=1",
        day_before(&ny_months_back(&emu, 13))
    ));
    assert_eq!(sos.json["total_results"], 0);
}

/// Fills a path template with real seeded ids.
fn fill(template: &str, spec: &ProviderSpec, ids: &BTreeMap<&str, String>) -> String {
    let mut out = template.to_string();
    for (k, v) in &spec.settings {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    for (k, v) in ids {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    assert!(!out.contains('{'), "unfilled {out}");
    out
}

#[test]
fn every_get_endpoint_of_the_spec_answers() {
    let emu = unmetered(600);
    let http = Http::new(&emu);
    let spec = ProviderSpec::builtin("syncore").unwrap();
    // A recent job with sales orders, purchase orders, lines and payments.
    let (jobs, _) = http.walk(
        &format!(
            "/v2/orders/jobs?date_from={}&date_to={}",
            ny_date(&emu, 300),
            ny_date(&emu, 0)
        ),
        "jobs",
    );
    let mut ids = BTreeMap::new();
    'search: for j in &jobs {
        let job = j["id"].as_i64().unwrap();
        let sos = http.get(&format!("/v2/orders/jobs/{job}/salesorders")).json;
        for so in sos["salesorders"].as_array().unwrap() {
            let so_id = so["id"].as_i64().unwrap();
            if http
                .get(&format!(
                    "/v2/orders/jobs/{job}/salesorders/{so_id}/payments"
                ))
                .json["total_results"]
                == 0
            {
                continue;
            }
            let pos = http
                .get(&format!("/v2/orders/jobs/{job}/purchaseorders"))
                .json;
            let Some(po) = pos["purchaseorders"].as_array().unwrap().first() else {
                continue;
            };
            ids.insert("job_id", job.to_string());
            ids.insert("salesorder_id", so_id.to_string());
            ids.insert("line_id", so["line_items"][0]["line_id"].to_string());
            ids.insert("purchaseorder_id", po["id"].to_string());
            ids.insert("contact_id", j["client"]["id"].to_string());
            break 'search;
        }
    }
    assert_eq!(ids.len(), 5, "found a fully populated job");
    let required: BTreeMap<&str, String> = [
        ("date_from", ny_date(&emu, 30)),
        ("date_to", ny_date(&emu, 0)),
    ]
    .into();
    let mut checked = BTreeSet::new();
    for ep in spec.endpoints.iter().filter(|e| e.method == "GET") {
        let mut ids = ids.clone();
        if ep.name.starts_with("purchase_order_line_items") {
            let po = http
                .get(&fill(
                    "/v2/orders/jobs/{job_id}/purchaseorders/{purchaseorder_id}",
                    &spec,
                    &ids,
                ))
                .json;
            ids.insert("line_id", po["line_items"][0]["line_id"].to_string());
        }
        let mut path = fill(&ep.path, &spec, &ids);
        let query: Vec<String> = ep
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| format!("{}={}", p.name, required[p.name.as_str()]))
            .collect();
        if !query.is_empty() {
            path = format!("{path}?{}", query.join("&"));
        }
        let a = http.get(&path);
        assert_eq!(a.status, 200, "{} {path}: {}", ep.name, a.text);
        if let Some(key) = &ep.envelope {
            let list = a.json[key]
                .as_array()
                .unwrap_or_else(|| panic!("{}: no {key} array", ep.name));
            assert!(!list.is_empty(), "{} returned nothing", ep.name);
            assert!(a.json["total_results"].as_u64().unwrap() >= list.len() as u64);
            assert!(
                a.json["links"]["self"]
                    .as_str()
                    .unwrap()
                    .starts_with(&emu.base_url())
            );
        } else {
            assert!(a.json.is_object(), "{}: a bare object", ep.name);
        }
        checked.insert(ep.name.clone());
    }
    let gets = spec.endpoints.iter().filter(|e| e.method == "GET").count();
    assert_eq!(checked.len(), gets, "{checked:?}");
    // The docs' "saleseorders" and the natural "salesorders" both reach the line items.
    let alt = format!(
        "/v2/orders/jobs/{}/salesorders/{}/lineitems",
        ids["job_id"], ids["salesorder_id"]
    );
    assert_eq!(http.get(&alt).status, 200);
}

fn cents(v: &Value) -> i64 {
    (v.as_f64().unwrap_or_else(|| panic!("money {v}")) * 100.0).round() as i64
}

#[test]
fn records_have_line_trees_exact_money_and_consistent_totals() {
    let emu = unmetered(400);
    let http = Http::new(&emu);
    let (jobs, _) = http.walk(
        &format!(
            "/v2/orders/jobs?date_from={}&date_to={}",
            ny_date(&emu, 120),
            ny_date(&emu, 0)
        ),
        "jobs",
    );
    let mut seen_types = BTreeSet::new();
    let mut string_visible = false;
    let mut stitch = false;
    let mut payments = 0;
    for j in jobs.iter().take(60) {
        let job = j["id"].as_i64().unwrap();
        let sos = http.get(&format!("/v2/orders/jobs/{job}/salesorders"));
        // Money literals never carry more than two decimals.
        for token in sos.text.split(['{', ',', '[']) {
            if let Some((key, value)) = token.split_once("_value\":") {
                let value = value.trim_end_matches(['}', ']']);
                let places = value.split_once('.').map_or(0, |(_, d)| d.len());
                assert!(places <= 2, "{key}: {value}");
            }
        }
        let summary = &j["sales_orders"];
        let list = sos.json["salesorders"].as_array().unwrap();
        assert_eq!(summary.as_array().unwrap().len(), list.len());
        for (so, s) in list.iter().zip(summary.as_array().unwrap()) {
            assert_eq!(
                (so["id"].clone(), so["total_value"].clone()),
                (s["id"].clone(), s["total_value"].clone())
            );
            assert_eq!(so["job_number"], job);
            let lines = so["line_items"].as_array().unwrap();
            let ids: BTreeSet<i64> = lines
                .iter()
                .map(|l| l["line_id"].as_i64().unwrap())
                .collect();
            let mut sub = 0;
            for l in lines {
                let parent = l["parent_id"].as_i64().unwrap();
                assert!(
                    parent == 0 || ids.contains(&parent),
                    "parent {parent} exists"
                );
                let ty = l["type"].as_str().unwrap().to_string();
                if ty == "Color" || ty == "Size" {
                    assert_eq!(
                        (l["sku"].as_str(), l["product_id"].as_i64()),
                        (Some(""), Some(0))
                    );
                    assert!(parent != 0, "{ty} lines hang below a product");
                }
                if ty == "StitchCount" {
                    let d = l["description"].as_str().unwrap();
                    assert!(d.contains(','), "{d}");
                    stitch = true;
                }
                string_visible |= l["visible"].is_string();
                let q = l["quantity"]
                    .as_i64()
                    .unwrap_or_else(|| panic!("quantity of {l}"));
                let expected = if ty == "Color" || ty == "Size" || q == 0 {
                    0
                } else {
                    q * cents(&l["price_value"])
                };
                assert_eq!(cents(&l["line_total_value"]), expected, "{l}");
                sub += cents(&l["line_total_value"]);
                seen_types.insert(ty);
            }
            assert_eq!(cents(&so["sub_total_value"]), sub);
            assert_eq!(cents(&so["total_value"]), sub + cents(&so["tax_value"]));
            let pay = http.get(&format!(
                "/v2/orders/jobs/{job}/salesorders/{}/payments",
                so["id"]
            ));
            let paid: i64 = pay.json["payments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| cents(&p["amount_value"]))
                .sum();
            payments += pay.json["payments"].as_array().unwrap().len();
            if so["status"] == "Paid" {
                assert_eq!(
                    paid,
                    cents(&so["total_value"]),
                    "a paid order is paid in full"
                );
            }
        }
        let pos = http
            .get(&format!("/v2/orders/jobs/{job}/purchaseorders"))
            .json;
        for (po, s) in pos["purchaseorders"]
            .as_array()
            .unwrap()
            .iter()
            .zip(j["purchase_orders"].as_array().unwrap())
        {
            assert_eq!(po["id"], s["id"]);
            assert_eq!(po["supplier"], s["supplier"]);
            let sub: i64 = po["line_items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| cents(&l["line_total_value"]))
                .sum();
            assert_eq!(cents(&po["sub_total_value"]), sub);
            let total = sub
                + cents(&po["tax_value"])
                + cents(&po["freight_value"])
                + cents(&po["artwork_value"]);
            assert_eq!(cents(&po["total_value"]), total);
            assert!(
                [
                    "Open",
                    "Approved",
                    "Posted Manually",
                    "Posted @ease A/P",
                    "Paid"
                ]
                .contains(&po["status"].as_str().unwrap())
            );
        }
    }
    for t in [
        "Product",
        "Asi",
        "Color",
        "Size",
        "DecorationMethod",
        "SetupCharge",
    ] {
        assert!(seen_types.contains(t), "{t} in {seen_types:?}");
    }
    assert!(string_visible && stitch && payments > 0);
    // Lookup lists.
    let suppliers = http.get("/v2/orders/suppliers").json;
    assert!(suppliers["suppliers"].as_array().unwrap().len() >= 40);
    assert!(
        suppliers["suppliers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["asi_id"].is_string())
    );
    assert_eq!(
        http.get("/v2/crm/client-groups").json["client_groups"]
            .as_array()
            .unwrap()
            .len(),
        12
    );
    let contacts = http.get("/v2/crm/contacts?count=1").json;
    assert!(contacts["total_results"].as_u64().unwrap() >= 400);
    for list in [
        "commission-codes",
        "card-types",
        "payment-types",
        "adjustment-types",
        "product-indices",
    ] {
        let key = list.replace('-', "_");
        let n = http.get(&format!("/v2/orders/{list}")).json[&key]
            .as_array()
            .unwrap()
            .len();
        assert!((5..=10).contains(&n), "{list}: {n}");
    }
}

#[test]
fn contact_and_order_searches_filter() {
    let emu = unmetered(800);
    let http = Http::new(&emu);
    let (all, _) = http.walk("/v2/crm/contacts?client_group_id=3", "contacts");
    assert!(!all.is_empty() && all.iter().all(|c| c["client_group"]["id"] == 3));
    let one = &all[0];
    let by_email = http.get(&format!(
        "/v2/crm/contacts?email={}",
        one["email"].as_str().unwrap().to_uppercase()
    ));
    assert_eq!(by_email.json["total_results"], 1);
    let prospects = http
        .walk("/v1/contacts?client_or_prospect=prospect", "contacts")
        .0;
    assert!(!prospects.is_empty() && prospects.iter().all(|c| c["type"] == "Prospect"));
    let state = one["billing_address"]["state"].as_str().unwrap();
    let in_state = http
        .walk(&format!("/v1/contacts?state={state}"), "contacts")
        .0;
    assert!(
        in_state
            .iter()
            .all(|c| c["billing_address"]["state"] == state)
    );
    let store = http.walk("/v2/crm/contacts?store_id=2", "contacts").0;
    assert!(
        !store.is_empty()
            && store
                .iter()
                .all(|c| c["store"]["id"] == 2 && c["contact_kind"] == "Store/Program")
    );

    let (from, to) = (ny_date(&emu, 60), ny_date(&emu, 30));
    let sos = http
        .walk(
            &format!("/v2/orders/jobs/salesorders?invoice_date_from={from}&invoice_date_to={to}"),
            "salesorders",
        )
        .0;
    assert!(!sos.is_empty());
    for so in &sos {
        let d = so["invoice_date"].as_str().unwrap();
        assert!(d >= from.as_str() && d <= to.as_str());
    }
    let ids: Vec<i64> = sos.iter().map(|s| s["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ordered by id");
    let paid = http
        .walk(
            &format!(
                "/v2/orders/jobs/salesorders?date_from={}&status=paid",
                ny_date(&emu, 200)
            ),
            "salesorders",
        )
        .0;
    assert!(!paid.is_empty() && paid.iter().all(|s| s["status"] == "Paid"));
    let posted = http
        .walk(
            "/v2/orders/jobs/purchaseorders?status=Posted%20%40ease%20AP",
            "purchaseorders",
        )
        .0;
    assert!(!posted.is_empty() && posted.iter().all(|p| p["status"] == "Posted @ease A/P"));
    let since = format!("{}T12:00:00", ny_date(&emu, 10));
    let modified = http
        .walk(
            &format!("/v2/orders/jobs/purchaseorders?last_modified_date_from={since}"),
            "purchaseorders",
        )
        .0;
    assert!(
        !modified.is_empty()
            && modified
                .iter()
                .all(|p| p["last_modified_date"].as_str().unwrap() >= since.as_str())
    );
    let v1 = http
        .walk(
            &format!(
                "/v1/jobs?created_date_from={}&status=Pending",
                ny_date(&emu, 5)
            ),
            "jobs",
        )
        .0;
    assert!(v1.iter().all(|j| j["status"] == "Pending"));
}
