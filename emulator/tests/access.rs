//! Auth, User-Agent, routing and the admin view; the API key is never recorded.

mod common;

use common::*;
use pacer_sdk_emulator::{Emulator, EmulatorConfig, RecordedRequest};
use serde_json::{Value, json};

#[test]
fn a_missing_or_wrong_key_is_401_before_anything_else() {
    let emu = emulator(50, None);
    for http in [
        Http::new(&emu).key(None),
        Http::new(&emu).key(Some("00000000-0000-4000-8000-000000000000")),
    ] {
        for path in ["/v2/orders/jobs/30010", "/v2/nowhere", "/v2/orders/jobs"] {
            let a = http.get(path);
            assert_eq!(a.status, 401, "{path}");
            assert_eq!(
                a.json,
                json!({"message": "Unauthorized: missing or invalid API key"})
            );
        }
        // Even without a User-Agent, the key is checked first.
        assert_eq!(http.ua(None).get("/v2/orders/jobs/30010").status, 401);
    }
    let log = emu.requests();
    assert!(
        log.iter()
            .all(|r| r.status == 401 && !r.authenticated && !r.counted)
    );
    assert!(emu.usage().iter().all(|w| w.used == 0));
}

#[test]
fn unregistered_user_agents_are_403() {
    let emu = emulator(50, None);
    let path = "/v2/crm/client-groups";
    let forbidden =
        json!({"message": "Forbidden: the User-Agent is not registered for this integration"});
    let missing = Http::new(&emu).ua(None).get(path);
    assert_eq!((missing.status, missing.json), (403, forbidden.clone()));
    for ua in [
        "",
        "curl/8.4.0",
        "python-requests/2.31.0",
        "Python-urllib/3.11",
        "node-fetch/1.0",
        "axios/1.6.0",
        "undici",
        "reqwest/0.12",
        "Go-http-client/1.1",
        "okhttp/4.12.0",
        "Java/17.0.2",
        "Mozilla/5.0 (X11; Linux x86_64)",
    ] {
        let a = Http::new(&emu).ua(Some(ua)).get(path);
        assert_eq!(a.status, 403, "{ua:?}");
    }
    assert_eq!(
        Http::new(&emu)
            .ua(Some("AcmeSync/2.3 (+https://acme.example)"))
            .get(path)
            .status,
        200
    );
    assert!(
        emu.requests()
            .iter()
            .filter(|r| r.status == 403)
            .all(|r| r.authenticated && !r.counted)
    );

    // With a registry, only the registered strings pass.
    let strict = Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        jobs: 10,
        registered_user_agents: Some(vec!["AcmeSync/1.0".into()]),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        Http::new(&strict).ua(Some("AcmeSync/1.0")).get(path).status,
        200
    );
    assert_eq!(
        Http::new(&strict).ua(Some("AcmeSync/1.1")).get(path).status,
        403
    );
}

#[test]
fn routes_follow_the_spec_including_overrides() {
    let overrides = r#"
[settings]
salesorder_lineitems_segment = "salesorders"
[endpoints."contacts.search"]
path = "/v2/crm/contacts/search"
"#;
    let emu = emulator(200, Some(overrides));
    let http = Http::new(&emu);
    assert_eq!(
        http.get("/v2/crm/contacts/search?count=2").json["contacts"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // The old path is now the contact-get template, and "search" is not a contact id.
    assert_eq!(
        http.get("/v2/crm/contacts").status,
        405,
        "only POST remains on the old path"
    );
    let job = http
        .get(&format!(
            "/v2/orders/jobs?date_from={}&date_to={}&count=1",
            ny_date(&emu, 30),
            ny_date(&emu, 0)
        ))
        .json["jobs"][0]
        .clone();
    let (j, so) = (
        job["id"].as_i64().unwrap(),
        job["sales_orders"][0]["id"].as_i64().unwrap(),
    );
    assert_eq!(
        http.get(&format!("/v2/orders/jobs/{j}/salesorders/{so}/lineitems"))
            .status,
        200
    );
    assert_eq!(
        http.get(&format!("/v2/orders/jobs/{j}/saleseorders/{so}/lineitems"))
            .status,
        200
    );
    let r = emu.requests();
    assert_eq!(r[0].endpoint.as_deref(), Some("contacts.search"));
    assert_eq!(
        r.last().unwrap().endpoint.as_deref(),
        Some("sales_order_line_items.list")
    );
    // A trailing slash is tolerated; an unknown provider is refused.
    assert_eq!(http.get(&format!("/v2/orders/jobs/{j}/")).status, 200);
    let err = Emulator::start_blocking(EmulatorConfig {
        provider: "nimbus".into(),
        ..Default::default()
    })
    .unwrap_err();
    assert!(err.to_string().contains("nimbus"), "{err}");
    assert!(
        err.to_string().contains("salync"),
        "lists what exists: {err}"
    );
    let err = Emulator::start_blocking(EmulatorConfig {
        day_zone: "Mars/Olympus".into(),
        ..Default::default()
    })
    .unwrap_err();
    assert!(err.to_string().contains("Mars/Olympus"), "{err}");
}

#[test]
fn the_key_is_never_recorded() {
    let emu = emulator(50, None);
    let key = emu.api_key();
    let http = Http::new(&emu);
    http.get("/v2/orders/jobs/30040");
    // Even a client that puts the key where it does not belong does not get it recorded.
    http.get(&format!(
        "/v2/orders/jobs?date_from={}&date_to={}&note={key}",
        ny_date(&emu, 30),
        ny_date(&emu, 0)
    ));
    http.post(
        "/v2/crm/contacts",
        &json!({"first_name": "A", "last_name": "B", "email": "a@b.example", "notes": key}),
    );
    Http::new(&emu)
        .key(Some("wrong"))
        .get("/v2/orders/jobs/30040");
    let log = emu.requests();
    assert_eq!(log.len(), 4);
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(&key), "{text}");
    let admin = reqwest::blocking::get(format!("{}/_admin/requests", emu.base_url()))
        .unwrap()
        .text()
        .unwrap();
    assert!(!admin.contains(&key));
    assert!(log[1].query.contains("[redacted]"));
    assert_eq!((log[0].authenticated, log[3].authenticated), (true, false));
    assert_eq!(log[0].user_agent.as_deref(), Some(UA));
    assert_eq!(log[0].endpoint.as_deref(), Some("jobs.get"));
    assert!(log[2].body.as_deref().unwrap().contains("\"first_name\""));
    let config = EmulatorConfig {
        api_key: Some(key.clone()),
        ..Default::default()
    };
    assert!(
        !format!("{config:?}").contains(&key),
        "the config's Debug redacts the key"
    );
}

#[test]
fn the_admin_view_works_from_another_process() {
    let emu = emulator(100, None);
    let base = emu.base_url();
    let admin = reqwest::blocking::Client::new();
    let get = |path: &str| -> Value {
        admin
            .get(format!("{base}{path}"))
            .send()
            .unwrap()
            .json()
            .unwrap()
    };
    let post = |path: &str, body: Value| {
        admin
            .post(format!("{base}{path}"))
            .json(&body)
            .send()
            .unwrap()
    };
    let start = emu.now();
    let clock = get("/_admin/clock");
    assert_eq!(clock["now"], start.to_rfc3339());
    assert_eq!(clock["now_ms"], start.as_millis());
    assert_eq!(
        post("/_admin/clock", json!({"advance_ms": 90_000})).status(),
        200
    );
    assert_eq!(emu.now(), start.add_millis(90_000));
    let later = start.add_millis(9 * 3_600_000);
    assert_eq!(
        post("/_admin/clock", json!({"set": later.to_rfc3339()})).status(),
        200
    );
    assert_eq!(get("/_admin/clock")["now"], later.to_rfc3339());
    assert_eq!(emu.now(), later);
    assert_eq!(
        post(
            "/_admin/clock",
            json!({"set": start.add_millis(-15 * 3_600_000).to_rfc3339()})
        )
        .status(),
        409,
        "never backwards"
    );
    assert_eq!(emu.now(), later);
    assert_eq!(post("/_admin/clock", json!({"bogus": 1})).status(), 400);

    let http = Http::new(&emu);
    assert_eq!(post("/_admin/faults", json!({"kind": "status", "status": 503, "times": 2, "method": "GET", "path_contains": "/jobs/"})).status(), 201);
    assert_eq!(
        post("/_admin/faults", json!({"kind": "teleport"})).status(),
        400
    );
    assert_eq!(get("/_admin/faults")[0]["times"], 2);
    assert_eq!(http.get("/v2/orders/jobs/30090").status, 503);
    assert_eq!(
        http.get("/v2/crm/client-groups").status,
        200,
        "the filter spares other paths"
    );
    assert_eq!(
        admin
            .delete(format!("{base}/_admin/faults"))
            .send()
            .unwrap()
            .status(),
        200
    );
    assert_eq!(http.get("/v2/orders/jobs/30090").status, 200);

    let requests: Vec<RecordedRequest> = serde_json::from_value(get("/_admin/requests")).unwrap();
    assert_eq!(requests.len(), 3, "admin calls are not recorded");
    assert_eq!(requests, emu.requests());
    assert_eq!((requests[0].status, requests[0].counted), (503, false));
    let usage = get("/_admin/usage");
    let orders_get = usage
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["window"] == "orders.GET.rate")
        .unwrap();
    assert_eq!(
        (orders_get["used"].clone(), orders_get["limit"].clone()),
        (json!(1), json!(90))
    );
    let monthly = usage
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["window"] == "monthly")
        .unwrap();
    assert_eq!(monthly["used"], 2);
    assert_eq!(monthly["resets_at"], ny_next_month(emu.now()).to_rfc3339());
    assert_eq!(
        admin
            .get(format!("{base}/_admin/nothing"))
            .send()
            .unwrap()
            .status(),
        404
    );
    // A real-time emulator refuses to move its clock.
    let real = Emulator::start_blocking(EmulatorConfig {
        jobs: 10,
        ..Default::default()
    })
    .unwrap();
    assert!(real.advance(std::time::Duration::from_secs(1)).is_err());
    assert_eq!(
        admin
            .post(format!("{}/_admin/clock", real.base_url()))
            .json(&json!({"advance_ms": 1}))
            .send()
            .unwrap()
            .status(),
        409
    );
    assert_eq!(get("/_admin/clock")["virtual"], true);
}

#[test]
fn oversized_bodies_are_refused() {
    let emu = emulator(10, None);
    let huge = serde_json::Value::String("x".repeat(17 * 1024 * 1024));
    let a = Http::new(&emu).post("/v2/crm/contacts", &json!({ "notes": huge }));
    assert_eq!(a.status, 413);
    assert!(emu.requests().is_empty(), "refused before it is recorded");
}
