//! The pacer component under wasmtime, against the emulator over real HTTP, with the key
//! attached by the host: paging, validation before any request, quota errors in virtual time,
//! a host ledger shared by two instances, and that the key never crosses into the component;
//! and (`conformance`) the component against the shared scenario every binding runs.

mod common;
mod conformance;

use std::collections::HashSet;
use std::time::Duration;

use common::*;
use pacer_sdk_core::{Clock, ManualClock, ProviderSpec};
use pacer_sdk_emulator::{Fault, FaultKind};
use pacer_wasm_host::{HostState, SharedStore, Time, api, default_options, types};
use serde_json::Value;

/// Orders reads: 3 a minute, and a day of 5 without overage (a stop, not a slower pace).
/// Overrides merge windows by id, so the daily window is dropped and declared anew: merged, it
/// would keep the spec's overage pace.
const SMALL: &str = r#"
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 3, period = "1m" },
  { id = "orders.GET.daily", remove = true },
  { id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 5, period = "day", zones = ["America/New_York"] },
]"#;

fn small_options() -> api::ClientOptions {
    api::ClientOptions {
        spec_overrides: Some(SMALL.into()),
        ..default_options()
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("records are JSON")
}

#[test]
fn pages_across_a_search_and_resumes_a_walk() {
    let Some(host) = host(true) else { return };
    let emu = emulator(None);
    let mut s = Session::virtual_on(host, &emu, default_options(), None);
    let query = params(&[
        ("date_from", text(&date_before(&emu, 60))),
        ("date_to", text(&date_before(&emu, 0))),
    ]);
    let jobs = s.search("jobs", &query).unwrap();
    assert!(jobs.len() > 20, "{} jobs", jobs.len());
    let ids: HashSet<i64> = jobs
        .iter()
        .map(|j| json(j)["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), jobs.len(), "no record twice");

    let pages: Vec<_> = emu
        .requests()
        .into_iter()
        .filter(|r| r.endpoint.as_deref() == Some("jobs.search"))
        .collect();
    assert_eq!(
        pages.len(),
        jobs.len().div_ceil(10),
        "one request a page, none after the total"
    );
    for (i, r) in pages.iter().enumerate() {
        assert!(r.query.contains(&format!("page={}", i + 1)), "{}", r.query);
        assert_eq!((r.status, r.authenticated), (200, true));
        assert_eq!(r.user_agent.as_deref(), Some(UA));
    }

    // Two pages, then a new walk resumed from the saved position reads exactly the rest.
    let c = s.client;
    let api = s.sdk.pacer_sdk_api();
    let walk = api
        .client()
        .call_pages(&mut s.store, c, "jobs.search", &Vec::new(), &query, None)
        .unwrap()
        .unwrap();
    let first = api
        .page_walk()
        .call_next(&mut s.store, walk)
        .unwrap()
        .unwrap()
        .unwrap();
    let second = api
        .page_walk()
        .call_next(&mut s.store, walk)
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(first.records.len(), 10);
    assert_eq!(first.total_results, Some(jobs.len() as u64));
    assert_eq!((second.position.pages, second.position.seen), (2, 20));
    let saved = api.page_walk().call_position(&mut s.store, walk).unwrap();
    walk.resource_drop(&mut s.store).unwrap();
    let resumed = api
        .client()
        .call_pages(
            &mut s.store,
            c,
            "jobs.search",
            &Vec::new(),
            &query,
            Some(&saved),
        )
        .unwrap()
        .unwrap();
    let mut rest = Vec::new();
    while let Some(page) = api
        .page_walk()
        .call_next(&mut s.store, resumed)
        .unwrap()
        .unwrap()
    {
        rest.extend(page.records);
    }
    assert_eq!(rest.len(), jobs.len() - 20);
    assert_eq!(rest, jobs[20..].to_vec());
    let end = api
        .page_walk()
        .call_position(&mut s.store, resumed)
        .unwrap();
    assert!(end.done);
    assert_eq!(end.end_reason.as_deref(), Some("total_reached"));

    // One record, a child list, and a 404 as an api error with status and body.
    let job_id = json(&jobs[0])["id"].as_i64().unwrap();
    let job = json(&s.get("jobs", &params(&[("job_id", int(job_id))])).unwrap());
    assert_eq!(job["id"].as_i64(), Some(job_id));
    let orders = s
        .list("sales_orders", &params(&[("job_id", int(job_id))]))
        .unwrap();
    assert!(orders.iter().all(|o| json(o).is_object()));
    let missing = s
        .get("jobs", &params(&[("job_id", int(999_999_999))]))
        .unwrap_err();
    let (kind, e) = info(&missing);
    assert_eq!(
        (kind, e.status, e.code.as_str()),
        ("api", Some(404), "not_found")
    );
    assert!(e.body.is_some());
}

#[test]
fn endpoints_describe_the_whole_spec() {
    let Some(host) = host(true) else { return };
    let emu = emulator(None);
    let mut s = Session::virtual_on(host, &emu, default_options(), None);
    let c = s.client;
    let endpoints = s
        .sdk
        .pacer_sdk_api()
        .client()
        .call_endpoints(&mut s.store, c)
        .unwrap();
    let spec = ProviderSpec::builtin("syncore").unwrap();
    let names: Vec<&str> = endpoints.iter().map(|e| e.name.as_str()).collect();
    let expected: Vec<&str> = spec.endpoints.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, expected);
    let lines = endpoints
        .iter()
        .find(|e| e.name == "sales_order_line_items.list")
        .unwrap();
    assert_eq!(
        lines.path_params,
        ["job_id", "salesorder_id"],
        "settings are not parameters"
    );
    assert_eq!(
        s.sdk
            .pacer_sdk_api()
            .client()
            .call_provider(&mut s.store, c)
            .unwrap(),
        "syncore"
    );
}

/// A JSON value of the shared vectors as a WIT scalar.
fn scalar(v: &Value) -> types::Scalar {
    match v {
        Value::String(s) => types::Scalar::Text(s.clone()),
        Value::Bool(b) => types::Scalar::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => types::Scalar::Integer(i),
            None => types::Scalar::Number(n.as_f64().unwrap()),
        },
        other => panic!("not a scalar: {other}"),
    }
}

fn scalars(v: &Value) -> Vec<(String, types::Scalar)> {
    v.as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), scalar(v))).collect())
        .unwrap_or_default()
}

#[test]
fn shared_validation_vectors_fail_before_any_request() {
    let Some(host) = host(true) else { return };
    let vectors: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../scenarios/validation.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let clock = std::sync::Arc::new(ManualClock::new(ts(vectors["now"].as_str().unwrap())));
    let log = Log::default();
    let state = HostState::new(Box::new(Offline(log.clone())), Time::Virtual(clock), None);
    let mut s = Session::open_with(
        host,
        state,
        log.clone(),
        "http://127.0.0.1:9",
        default_options(),
    )
    .unwrap();
    let cases = vectors["cases"].as_array().unwrap();
    assert!(cases.len() >= 8);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let (resource, action) = case["endpoint"].as_str().unwrap().split_once('.').unwrap();
        let path = scalars(&case["path"]);
        let query = scalars(&case["query"]);
        let body = case.get("body").map(Value::to_string);
        let err = match action {
            "search" => s.search(resource, &query).unwrap_err(),
            "get" => s.get(resource, &path).unwrap_err(),
            "create" => s
                .create(resource, &path, body.as_deref().unwrap())
                .unwrap_err(),
            "update" => s
                .update(resource, &path, body.as_deref().unwrap())
                .unwrap_err(),
            _ => s
                .call(
                    case["endpoint"].as_str().unwrap(),
                    &path,
                    &query,
                    body.as_deref(),
                )
                .unwrap_err(),
        };
        let types::Error::Validation(e) = &err else {
            panic!("{name}: not a validation error: {err:?}");
        };
        assert_eq!(e.code, "validation_failed", "{name}");
        let got: Vec<[String; 2]> = e
            .errors
            .iter()
            .map(|f| [f.field.clone(), f.rule.clone()])
            .collect();
        let want: Vec<[String; 2]> = serde_json::from_value(case["errors"].clone()).unwrap();
        assert_eq!(got, want, "{name}");
    }
    // A body that is not JSON is refused the same way.
    let err = s.create("contacts", &[], "{not json").unwrap_err();
    let (kind, e) = info(&err);
    assert_eq!((kind, e.errors[0].rule.as_str()), ("validation", "json"));
    assert!(log.all().is_empty(), "nothing reached the host's transport");
    assert!(
        s.quota_status().iter().all(|w| w.used == 0),
        "no quota spent"
    );
}

#[test]
fn bad_configurations_are_config_errors() {
    let Some(host) = host(true) else { return };
    let clock = std::sync::Arc::new(ManualClock::new(ts("2026-11-22T15:00:00Z")));
    let cases = [
        ("http://api.example.com", default_options(), "insecure_url"),
        (
            "http://127.0.0.1:9",
            api::ClientOptions {
                spec_overrides: Some("[quota".into()),
                ..default_options()
            },
            "invalid_spec",
        ),
        // Syncore has one plan, so no plan option: refused, naming it.
        (
            "http://127.0.0.1:9",
            api::ClientOptions {
                plan: Some("standard".into()),
                ..default_options()
            },
            "invalid_option",
        ),
    ];
    for (base, options, code) in cases {
        let state = HostState::new(
            Box::new(Offline(Log::default())),
            Time::Virtual(clock.clone()),
            None,
        );
        let err = Session::open_with(host, state, Log::default(), base, options)
            .err()
            .unwrap();
        let (kind, e) = info(&err);
        assert_eq!(kind, "config", "{code}: {err:?}");
        assert_eq!(e.code, code);
    }
    // Salync has plans; one it does not have is the core's `unknown_plan`.
    let state = HostState::new(
        Box::new(Offline(Log::default())),
        Time::Virtual(clock.clone()),
        None,
    );
    let platinum = api::ClientOptions {
        plan: Some("platinum".into()),
        ..default_options()
    };
    let err = Session::open_provider(
        host,
        state,
        Log::default(),
        "salync",
        "http://127.0.0.1:9",
        platinum,
    )
    .err()
    .unwrap();
    let (kind, e) = info(&err);
    assert_eq!((kind, e.code.as_str()), ("config", "unknown_plan"));
    // A blank User-Agent is none, which Syncore requires: refused as natively, naming it.
    let state = HostState::new(
        Box::new(Offline(Log::default())),
        Time::Virtual(clock),
        None,
    );
    let blank = api::ClientOptions {
        user_agent: Some(" ".into()),
        ..default_options()
    };
    let err = Session::open_with(host, state, Log::default(), "http://127.0.0.1:9", blank)
        .err()
        .unwrap();
    let (kind, e) = info(&err);
    assert_eq!((kind, e.code.as_str()), ("config", "invalid_option"));
    assert_eq!(
        (e.errors[0].field.as_str(), e.errors[0].rule.as_str()),
        ("user_agent", "required")
    );
}

#[test]
fn quota_exhaustion_is_the_error_variant_and_time_is_the_hosts() {
    let Some(host) = host(true) else { return };
    // 10:00 in New York: the day's reset (checked below) is hours away.
    let emu = emulator_at("2026-11-22T15:00:00Z", Some(SMALL));
    // Three clients below share one budget through the host's store, as one key's users must.
    let shared = SharedStore::new();
    let options = api::ClientOptions {
        ledger: api::LedgerKind::Host,
        ..small_options()
    };
    let mut s = Session::virtual_on(host, &emu, options.clone(), Some(shared.clone()));
    let started = emu.now();
    for _ in 0..5 {
        assert!(!s.list("product_indices", &[]).unwrap().is_empty());
    }
    // The fourth read waited a minute: the component slept on wasi:clocks and the host moved
    // the emulator's virtual clock.
    let waited = emu.now().since(started);
    assert!(
        (Duration::from_secs(60)..Duration::from_secs(62)).contains(&waited),
        "{waited:?}"
    );
    let err = s.list("product_indices", &[]).unwrap_err();
    let types::Error::Quota(e) = &err else {
        panic!("not a quota error: {err:?}")
    };
    assert_eq!(e.code, "quota_exhausted");
    assert!(
        e.scope.as_deref().unwrap().contains("orders.GET.daily"),
        "{:?}",
        e.scope
    );
    // 10:01 in New York on 2026-11-22: the day resets at midnight, 05:00 UTC.
    let midnight = ts("2026-11-23T05:00:00Z");
    assert_eq!(e.resets_at, Some(midnight.as_millis()));
    assert_eq!(
        e.retry_after,
        Some((midnight.as_millis() - emu.now().as_millis()) as f64 / 1000.0),
        "seconds from now to the reset"
    );
    assert_eq!(emu.requests().len(), 5, "the refused call sent nothing");
    let daily = s.window("orders.GET.daily");
    assert_eq!((daily.used, daily.remaining, daily.limit), (5, 0, 5));
    assert_eq!(daily.resets_at, e.resets_at);

    // A client allowed to wait for the reset sleeps until midnight (virtually) and goes on.
    let mut patient = Session::virtual_on(
        host,
        &emu,
        api::ClientOptions {
            wait_for_reset: true,
            ..options.clone()
        },
        Some(shared.clone()),
    );
    patient.list("product_indices", &[]).unwrap();
    assert!(emu.now() >= midnight, "{}", emu.now());
    assert!(emu.now() < midnight.add_millis(1_000), "{}", emu.now());

    // A client that may not wait a minute fails instead, having sent nothing.
    let mut hasty = Session::virtual_on(
        host,
        &emu,
        api::ClientOptions {
            max_wait: Some(1.0),
            ..options
        },
        Some(shared),
    );
    for _ in 0..2 {
        hasty.list("product_indices", &[]).unwrap();
    }
    let err = hasty.list("product_indices", &[]).unwrap_err();
    let (kind, e) = info(&err);
    assert_eq!((kind, e.code.as_str()), ("quota", "quota_wait_too_long"));
    assert!(e.retry_after.unwrap() > 50.0, "seconds: {e:?}");
    let received = emu.requests();
    assert_eq!(received.len(), 8);
    assert!(received.iter().all(|r| r.status == 200), "never a 429");
}

#[test]
fn a_memory_ledger_in_the_instance_enforces_the_same_windows() {
    let Some(host) = host(true) else { return };
    // The in-component ledger (no meter-store calls at all): the same rate wait and the same
    // daily stop as the host ledger above, decided from the instance's own memory (10:00 in
    // New York: the day does not end meanwhile).
    let emu = emulator_at("2026-11-22T15:00:00Z", Some(SMALL));
    let shared = SharedStore::new();
    let mut s = Session::virtual_on(host, &emu, small_options(), Some(shared.clone()));
    let started = emu.now();
    for _ in 0..5 {
        s.list("product_indices", &[]).unwrap();
    }
    let waited = emu.now().since(started);
    assert!(
        (Duration::from_secs(60)..Duration::from_secs(62)).contains(&waited),
        "{waited:?}"
    );
    let err = s.list("product_indices", &[]).unwrap_err();
    let (kind, e) = info(&err);
    assert_eq!((kind, e.code.as_str()), ("quota", "quota_exhausted"));
    assert_eq!(emu.requests().len(), 5, "the refused call sent nothing");
    assert!(emu.requests().iter().all(|r| r.status == 200));
    assert_eq!(s.window("orders.GET.daily").used, 5);
    assert_eq!(shared.operations(), 0, "the host's store was never used");
}

/// Orders reads: 5 a second, so a real-time test contends within a few seconds.
const FAST: &str = r#"
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 5, period = "1s" },
]"#;

#[test]
fn a_host_ledger_shared_by_two_instances_never_exceeds_a_window() {
    let Some(host) = host(false) else { return };
    // Real time and real threads on purpose: each instance sleeps on the system clocks. This is
    // the one test of the component waiting for quota through real wasi:clocks sleeps (a host
    // linked without virtual sleeps); a virtual or lockstep clock would replace what it tests.
    let emu = pacer_sdk_emulator::Emulator::start_blocking(pacer_sdk_emulator::EmulatorConfig {
        jobs: 50,
        spec_overrides: Some(FAST.into()),
        ..Default::default()
    })
    .unwrap();
    let shared = SharedStore::new();
    let options = api::ClientOptions {
        spec_overrides: Some(FAST.into()),
        ledger: api::LedgerKind::Host,
        ..default_options()
    };
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (store, options) = (shared.clone(), options.clone());
            let (base, key) = (emu.base_url(), emu.api_key());
            std::thread::spawn(move || {
                let log = Log::default();
                let state = HostState::new(
                    Box::new(KeyedHttp::new(&key, log.clone())),
                    Time::System,
                    Some(store),
                );
                let mut s = Session::open_with(host, state, log, &base, options).unwrap();
                for _ in 0..10 {
                    s.list("product_indices", &[]).unwrap();
                }
                s.window("orders.GET.rate").used
            })
        })
        .collect();
    for w in workers {
        assert!(w.join().unwrap() <= 5);
    }
    let times: Vec<i64> = emu.requests().iter().map(|r| r.at.as_millis()).collect();
    assert_eq!(times.len(), 20);
    assert!(
        emu.requests().iter().all(|r| r.status == 200),
        "no 429: one budget"
    );
    // The server's view: at most 5 in any half-open second.
    let worst = (0..times.len())
        .map(|i| {
            times
                .iter()
                .filter(|&&t| t > times[i] - 1_000 && t <= times[i])
                .count()
        })
        .max()
        .unwrap();
    assert!(worst <= 5, "{worst} requests within one second");
    assert!(worst >= 4, "the window was contended ({worst})");
    assert!(
        shared.operations() >= 20,
        "reservations went through the host store ({})",
        shared.operations()
    );
}

#[test]
fn separate_memory_ledgers_would_overspend_a_shared_key() {
    let Some(host) = host(true) else { return };
    // The contrast to the shared store: two instances each with their own memory ledger
    // believe they have the whole budget, so the server refuses some requests.
    let emu = emulator(Some(SMALL));
    let mut a = Session::virtual_on(host, &emu, small_options(), None);
    let mut b = Session::virtual_on(host, &emu, small_options(), None);
    for _ in 0..2 {
        a.list("product_indices", &[]).unwrap();
        b.list("product_indices", &[]).unwrap();
    }
    assert!(
        emu.requests().iter().any(|r| r.status == 429),
        "the server had to refuse"
    );

    let emu = emulator(Some(SMALL));
    let shared = SharedStore::new();
    let host_ledger = api::ClientOptions {
        ledger: api::LedgerKind::Host,
        ..small_options()
    };
    let mut a = Session::virtual_on(host, &emu, host_ledger.clone(), Some(shared.clone()));
    let mut b = Session::virtual_on(host, &emu, host_ledger, Some(shared));
    for _ in 0..2 {
        a.list("product_indices", &[]).unwrap();
        b.list("product_indices", &[]).unwrap();
    }
    assert!(
        emu.requests().iter().all(|r| r.status == 200),
        "shared: never a 429"
    );
    assert_eq!(b.window("orders.GET.daily").used, 4);
    assert_eq!(a.window("orders.GET.daily").used, 4);
}

#[test]
fn the_key_never_crosses_into_the_component() {
    let Some(host) = host(true) else { return };
    let emu = emulator(None);
    let key = emu.api_key();
    let mut s = Session::virtual_on(host, &emu, default_options(), None);
    let groups = s.list("client_groups", &[]).unwrap();
    assert!(!groups.is_empty());
    let address = r#"{"first_name":"Dana","last_name":"Whitfield","address1":"12 Quay St","city":"Portland","country":"US"}"#;
    let jobs = s
        .search(
            "jobs",
            &params(&[
                ("date_from", text(&date_before(&emu, 30))),
                ("date_to", text(&date_before(&emu, 0))),
            ]),
        )
        .unwrap();
    let job_id = json(&jobs[0])["id"].as_i64().unwrap();
    s.create(
        "sales_orders",
        &params(&[("job_id", int(job_id))]),
        &format!(r#"{{"bill_to":{address},"ship_to":{address}}}"#),
    )
    .unwrap();
    let passed = s.log.all();
    assert!(passed.len() >= 3);
    for r in &passed {
        assert!(r.header("x-api-key").is_none(), "{r:?}");
        let everything = format!(
            "{} {} {:?} {}",
            r.method,
            r.url,
            r.headers,
            String::from_utf8_lossy(r.body.as_deref().unwrap_or_default())
        );
        assert!(!everything.contains(&key), "the key is in {r:?}");
        assert_eq!(r.header("user-agent"), Some(UA));
    }
    assert!(
        emu.requests().iter().all(|r| r.authenticated),
        "the host attached it"
    );

    // With a wrong key from the host, the 401 error carries no key either.
    let log = Log::default();
    let state = HostState::new(
        Box::new(KeyedHttp::new("wrong-key-123", log.clone())),
        Time::Virtual(emu.clock()),
        None,
    );
    let mut wrong =
        Session::open_with(host, state, log, &emu.base_url(), default_options()).unwrap();
    let err = wrong.list("client_groups", &[]).unwrap_err();
    assert_eq!(info(&err).1.status, Some(401));
    assert!(!format!("{err:?}").contains("wrong-key-123"));
}

#[test]
fn the_hosts_http_layer_applies_the_clients_limits_and_a_long_answer_is_too_large() {
    let Some(host) = host(true) else { return };
    let emu = emulator(None);
    let open = |options: api::ClientOptions| {
        let log = Log::default();
        let http = KeyedHttp::new(&emu.api_key(), log.clone());
        let limits = http.limits.clone();
        let state = HostState::new(Box::new(http), Time::Virtual(emu.clock()), None);
        let s = Session::open_with(host, state, log, &emu.base_url(), options).unwrap();
        (s, limits)
    };
    // Defaults: the scenario's 30 s and 10 s, and Syncore's 8 MiB, in every request.
    let (mut s, limits) = open(default_options());
    s.list("client_groups", &[]).unwrap();
    let seen = limits.lock().unwrap().clone();
    assert_eq!(
        seen,
        [pacer_wasm_host::Limits {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_response_bytes: 8 * 1024 * 1024,
        }]
    );
    // Seconds as floats, and a response limit the list's answer passes: the host stops reading,
    // and a read that large is not repeated.
    let (mut s, limits) = open(api::ClientOptions {
        timeout: Some(2.5),
        connect_timeout: Some(0.75),
        max_response_bytes: Some(64),
        ..default_options()
    });
    let before = emu.requests().len();
    let err = s.list("client_groups", &[]).unwrap_err();
    let (kind, e) = info(&err);
    assert_eq!((kind, e.code.as_str()), ("transport", "response_too_large"));
    assert_eq!(emu.requests().len() - before, 1, "not repeated");
    assert_eq!(
        limits.lock().unwrap()[0],
        pacer_wasm_host::Limits {
            timeout: Duration::from_millis(2500),
            connect_timeout: Duration::from_millis(750),
            max_response_bytes: 64,
        }
    );
}

#[test]
fn writes_are_sent_once_and_never_repeated_blindly() {
    let Some(host) = host(true) else { return };
    let emu = emulator(None);
    let mut s = Session::virtual_on(host, &emu, default_options(), None);
    let jobs = s
        .search(
            "jobs",
            &params(&[
                ("date_from", text(&date_before(&emu, 30))),
                ("date_to", text(&date_before(&emu, 0))),
            ]),
        )
        .unwrap();
    let job = params(&[("job_id", int(json(&jobs[0])["id"].as_i64().unwrap()))]);
    let before = s.list("sales_orders", &job).unwrap().len();
    let address = r#"{"first_name":"Dana","last_name":"Whitfield","address1":"12 Quay St","city":"Portland","country":"US"}"#;
    let body = format!(
        r#"{{"bill_to":{address},"ship_to":{address},"description":"from the component"}}"#
    );
    let written = s.create("sales_orders", &job, &body).unwrap();
    assert!(written.status < 300);
    let id = written.id.clone().expect("the new id");
    assert_eq!(s.list("sales_orders", &job).unwrap().len(), before + 1);

    // PUT replaces: the same body again under the record's id.
    let mut path = job.clone();
    path.push(("salesorder_id".into(), text(&id)));
    let updated = s.update("sales_orders", &path, &body).unwrap();
    assert!(updated.status < 300);

    // The connection drops after the server committed: the outcome is unknown, so the write
    // is reported, not sent again.
    emu.inject_fault(Fault::new(FaultKind::DropAfterCommit).method("POST"));
    let err = s.create("sales_orders", &job, &body).unwrap_err();
    let (kind, e) = info(&err);
    assert_eq!(
        (kind, e.code.as_str()),
        ("transport", "write_outcome_unknown")
    );
    let posts = emu.requests().iter().filter(|r| r.method == "POST").count();
    assert_eq!(posts, 2, "one POST each, never repeated");
}

#[test]
fn reservations_are_decisions_the_host_can_use() {
    let Some(host) = host(true) else { return };
    let clock = std::sync::Arc::new(ManualClock::new(ts("2026-11-22T15:00:00Z")));
    let state = HostState::new(
        Box::new(Offline(Log::default())),
        Time::Virtual(clock.clone()),
        None,
    );
    let mut s = Session::open_with(
        host,
        state,
        Log::default(),
        "http://127.0.0.1:9",
        default_options(),
    )
    .unwrap();
    let c = s.client;
    let api = s.sdk.pacer_sdk_api();
    let kind = api::RequestKind {
        group: "orders".into(),
        method: "get".into(),
    };
    let mut granted = Vec::new();
    for _ in 0..90 {
        match api
            .client()
            .call_reserve(&mut s.store, c, &kind)
            .unwrap()
            .unwrap()
        {
            api::Decision::Granted(r) => granted.push(r),
            other => panic!("{other:?}"),
        }
    }
    let api::Decision::Wait(wait) = api
        .client()
        .call_reserve(&mut s.store, c, &kind)
        .unwrap()
        .unwrap()
    else {
        panic!("the 91st read in a minute must wait")
    };
    assert_eq!(wait.window, "orders.GET.rate");
    assert_eq!(wait.reason, api::WaitReason::Rate);
    let ahead = wait.until - clock.now().as_millis();
    assert!(
        (60_250..=60_251).contains(&ahead),
        "a minute plus the latency margin: {ahead}"
    );
    // A refund frees the place at once; a second refund of the same reservation is refused.
    let last = granted.pop().unwrap();
    api.reservation()
        .call_refund(&mut s.store, last)
        .unwrap()
        .unwrap();
    let again = api
        .reservation()
        .call_refund(&mut s.store, last)
        .unwrap()
        .unwrap_err();
    assert_eq!(info(&again).1.code, "already_refunded");
    assert!(matches!(
        api.client()
            .call_reserve(&mut s.store, c, &kind)
            .unwrap()
            .unwrap(),
        api::Decision::Granted(_)
    ));
    let unknown = api::RequestKind {
        group: "billing".into(),
        method: "GET".into(),
    };
    let err = api
        .client()
        .call_reserve(&mut s.store, c, &unknown)
        .unwrap()
        .unwrap_err();
    assert_eq!(info(&err).0, "validation");
    // The forecast sees the same state: 90 of 90 used this minute.
    let plan = api
        .client()
        .call_plan(
            &mut s.store,
            c,
            &[api::WorkloadItem {
                kind: kind.clone(),
                count: 10,
            }],
            false,
        )
        .unwrap()
        .unwrap();
    assert_eq!(plan.binding_window.as_deref(), Some("orders.GET.rate"));
    assert!(plan.kinds[0].first_at.unwrap() >= wait.until);
}

#[test]
fn the_benchmark_runs_and_the_component_decides_like_the_core() {
    let Some(host) = host(false) else { return };
    let figures = pacer_wasm_host::bench::measure(host, 300).unwrap();
    assert!(figures.same_decisions, "{figures:?}");
    assert!(
        figures.component_decision > Duration::ZERO && figures.native_decision > Duration::ZERO
    );
}

#[test]
fn the_component_can_reach_nothing_but_its_host() {
    let Some(host) = host(true) else { return };
    let imports = host.imports();
    for wanted in [
        "pacer:sdk/transport@0.1.0",
        "pacer:sdk/meter-store@0.1.0",
        "wasi:clocks/wall-clock",
        "wasi:clocks/monotonic-clock",
    ] {
        assert!(
            imports.iter().any(|i| i.starts_with(wanted)),
            "{wanted} in {imports:?}"
        );
    }
    // No sockets, no HTTP, no files: its only way out is the host's transport. Anything else it
    // imports is one of these interfaces (a new import fails here until it is looked at).
    let allowed = [
        "pacer:sdk/",
        "wasi:clocks/",
        "wasi:io/",
        "wasi:random/",
        // Rust's std for wasip2 links these whether or not the code uses them (the panic
        // handler reads RUST_BACKTRACE, stdio backs eprintln!); the environment is checked below.
        "wasi:cli/",
    ];
    for import in &imports {
        assert!(
            allowed.iter().any(|a| import.starts_with(a)),
            "unexpected import {import} in {imports:?}"
        );
    }
    for forbidden in ["wasi:sockets", "wasi:http", "wasi:filesystem"] {
        assert!(
            !imports.iter().any(|i| i.starts_with(forbidden)),
            "{forbidden} in {imports:?}"
        );
    }
    // `wasi:cli/environment` is imported, so what it answers matters: the host's state gives
    // no variables, arguments or directory, so a key in the host's environment cannot leak in.
    // This asks the very implementation the linker hands the component.
    use wasmtime_wasi::cli::WasiCliView;
    use wasmtime_wasi::p2::bindings::cli::environment::Host as _;
    let (mut store, _sdk) = host
        .instantiate(HostState::new(
            Box::new(Offline(Log::default())),
            Time::System,
            None,
        ))
        .unwrap();
    let mut cli = store.data_mut().cli();
    assert!(
        std::env::vars().next().is_some(),
        "the test process has variables that could leak"
    );
    assert_eq!(cli.get_environment().unwrap(), Vec::new());
    assert_eq!(cli.get_arguments().unwrap(), Vec::<String>::new());
    assert_eq!(cli.initial_cwd().unwrap(), None);
}

/// The typed operation that serves `endpoint` (`resource.action`), as a host calls it.
fn operate(
    s: &mut Session,
    endpoint: &str,
    path: &[(String, types::Scalar)],
    query: &[(String, types::Scalar)],
    body: Option<Value>,
) -> Vec<Value> {
    let (resource, action) = endpoint.split_once('.').unwrap();
    let body = body.map(|b| b.to_string());
    let outcome = match action {
        "search" => {
            assert!(path.is_empty(), "{endpoint}: searches take no path");
            s.search(resource, query)
        }
        "list" => {
            assert!(
                query.is_empty(),
                "{endpoint}: this host lists without a query"
            );
            s.list(resource, path)
        }
        "get" => s.get(resource, path).map(|r| vec![r]),
        "create" => s
            .create(resource, path, body.as_deref().unwrap())
            .map(|w| vec![w.body]),
        "update" => s
            .update(resource, path, body.as_deref().unwrap())
            .map(|w| vec![w.body]),
        other => panic!("{endpoint}: no typed operation for {other}"),
    };
    let records = outcome.unwrap_or_else(|e| panic!("{endpoint}: {e:?}"));
    records.iter().map(|r| json(r)).collect()
}

fn id_of(record: &Value, field: &str) -> i64 {
    record[field]
        .as_i64()
        .unwrap_or_else(|| panic!("no {field} in {record}"))
}

#[test]
fn every_resource_of_the_spec_is_served_by_its_typed_operation() {
    let Some(host) = host(true) else { return };
    let emu = emulator(None);
    let mut s = Session::virtual_on(host, &emu, default_options(), None);
    let today = date_before(&emu, 0);
    let recent = params(&[
        ("date_from", text(&date_before(&emu, 20))),
        ("date_to", text(&today)),
    ]);
    let address = serde_json::json!({
        "first_name": "Dana", "last_name": "Whitfield", "address1": "12 Quay St",
        "city": "Portland", "state": "ME", "zip": "04101", "country": "US",
    });
    let p = |pairs: &[(&str, i64)]| -> Vec<(String, types::Scalar)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), int(*v)))
            .collect()
    };

    // Supporting lists and searches without a parent.
    for list in [
        "commission_codes.list",
        "card_types.list",
        "payment_types.list",
        "payment_terms.list",
        "adjustment_types.list",
        "suppliers.list",
        "product_indices.list",
        "client_groups.list",
    ] {
        let records = operate(&mut s, list, &[], &[], None);
        assert!(records[0]["id"].is_i64(), "{list}: {records:?}");
    }
    let payment_type = id_of(
        &operate(&mut s, "payment_types.list", &[], &[], None)[0],
        "id",
    );
    let supplier = id_of(&operate(&mut s, "suppliers.list", &[], &[], None)[0], "id");
    for search in ["sales_orders.search", "purchase_orders.search"] {
        assert!(
            !operate(&mut s, search, &[], &recent, None).is_empty(),
            "{search}"
        );
    }
    let v1 = params(&[
        ("created_date_from", text(&date_before(&emu, 10))),
        ("created_date_to", text(&today)),
    ]);
    assert!(!operate(&mut s, "v1_jobs.search", &[], &v1, None).is_empty());
    assert!(!operate(&mut s, "v1_contacts.search", &[], &[], None).is_empty());

    // A job with sales and purchase orders, and one of its purchase orders with lines.
    let jobs = operate(
        &mut s,
        "jobs.search",
        &[],
        &params(&[
            ("date_from", text(&date_before(&emu, 60))),
            ("date_to", text(&today)),
        ]),
        None,
    );
    let has = |j: &Value, k: &str| j[k].as_array().is_some_and(|a| !a.is_empty());
    let (job, po, po_line) = jobs
        .iter()
        .filter(|j| has(j, "sales_orders") && has(j, "purchase_orders"))
        .find_map(|j| {
            let job = id_of(j, "id");
            let pos = operate(
                &mut s,
                "purchase_orders.list",
                &p(&[("job_id", job)]),
                &[],
                None,
            );
            pos.iter().find_map(|po| {
                let po = id_of(po, "id");
                let path = p(&[("job_id", job), ("purchaseorder_id", po)]);
                let lines = operate(&mut s, "purchase_order_line_items.list", &path, &[], None);
                lines.first().map(|l| (job, po, id_of(l, "line_id")))
            })
        })
        .expect("a job with orders and a purchase order with lines");
    let job_path = p(&[("job_id", job)]);
    assert_eq!(
        id_of(&operate(&mut s, "jobs.get", &job_path, &[], None)[0], "id"),
        job
    );

    // Sales orders, their lines and payments.
    let so = id_of(
        &operate(&mut s, "sales_orders.list", &job_path, &[], None)[0],
        "id",
    );
    let so_path = p(&[("job_id", job), ("salesorder_id", so)]);
    assert_eq!(
        id_of(
            &operate(&mut s, "sales_orders.get", &so_path, &[], None)[0],
            "id"
        ),
        so
    );
    let order = serde_json::json!({
        "customer_order_number": "WASM-1", "description": "Fleece hoodies, navy",
        "status": "Pending", "bill_to": address, "ship_to": address,
    });
    let created = operate(
        &mut s,
        "sales_orders.create",
        &job_path,
        &[],
        Some(order.clone()),
    );
    let new_so = id_of(&created[0], "id");
    let mut revised = order.clone();
    revised["status"] = "Open".into();
    revised["customer_order_number"] = "WASM-1b".into();
    let new_so_path = p(&[("job_id", job), ("salesorder_id", new_so)]);
    operate(
        &mut s,
        "sales_orders.update",
        &new_so_path,
        &[],
        Some(revised),
    );
    let back = &operate(&mut s, "sales_orders.get", &new_so_path, &[], None)[0];
    assert_eq!(
        back["customer_order_number"], "WASM-1b",
        "the update landed"
    );

    let line = id_of(
        &operate(&mut s, "sales_order_line_items.list", &so_path, &[], None)[0],
        "line_id",
    );
    let line_path = p(&[("job_id", job), ("salesorder_id", so), ("line_id", line)]);
    let got = &operate(&mut s, "sales_order_line_items.get", &line_path, &[], None)[0];
    assert_eq!(id_of(got, "line_id"), line);
    let fee = serde_json::json!({
        "type": "Pricing", "description": "Rush fee", "quantity": 1, "price_value": 45.5, "cost_value": 0,
    });
    let added = operate(
        &mut s,
        "sales_order_line_items.create",
        &so_path,
        &[],
        Some(fee.clone()),
    );
    let mut dearer = fee;
    dearer["price_value"] = 49.99.into();
    let added_path = p(&[
        ("job_id", job),
        ("salesorder_id", so),
        ("line_id", id_of(&added[0], "id")),
    ]);
    operate(
        &mut s,
        "sales_order_line_items.update",
        &added_path,
        &[],
        Some(dearer),
    );
    let payments = operate(&mut s, "sales_order_payments.list", &so_path, &[], None).len();
    let payment = serde_json::json!({ "amount_value": 125.1, "date": today, "payment_type_id": payment_type });
    operate(
        &mut s,
        "sales_order_payments.create",
        &so_path,
        &[],
        Some(payment.clone()),
    );
    assert_eq!(
        operate(&mut s, "sales_order_payments.list", &so_path, &[], None).len(),
        payments + 1
    );

    // Purchase orders, their lines and payments.
    let po_path = p(&[("job_id", job), ("purchaseorder_id", po)]);
    assert_eq!(
        id_of(
            &operate(&mut s, "purchase_orders.get", &po_path, &[], None)[0],
            "id"
        ),
        po
    );
    let po_body = serde_json::json!({
        "supplier_id": supplier, "critical_comments": "Ship by Friday",
        "in_hand_date": date_before(&emu, -10), "ship_to": address, "tax_1_percentage": 8.25,
    });
    let new_po = id_of(
        &operate(
            &mut s,
            "purchase_orders.create",
            &job_path,
            &[],
            Some(po_body.clone()),
        )[0],
        "id",
    );
    let mut po_revised = po_body;
    po_revised["critical_comments"] = "Ship by Thursday".into();
    let new_po_path = p(&[("job_id", job), ("purchaseorder_id", new_po)]);
    operate(
        &mut s,
        "purchase_orders.update",
        &new_po_path,
        &[],
        Some(po_revised),
    );
    let line_path = p(&[
        ("job_id", job),
        ("purchaseorder_id", po),
        ("line_id", po_line),
    ]);
    assert_eq!(
        id_of(
            &operate(
                &mut s,
                "purchase_order_line_items.get",
                &line_path,
                &[],
                None
            )[0],
            "line_id"
        ),
        po_line
    );
    let adjusted = serde_json::json!({ "type": "Pricing", "description": "Adjusted", "quantity": 2, "cost_value": 3.5 });
    operate(
        &mut s,
        "purchase_order_line_items.update",
        &line_path,
        &[],
        Some(adjusted),
    );
    operate(&mut s, "purchase_order_payments.list", &po_path, &[], None);
    operate(
        &mut s,
        "purchase_order_payments.create",
        &po_path,
        &[],
        Some(payment),
    );

    // Contacts and jobs: dropship and store.
    let contact = id_of(&operate(&mut s, "contacts.search", &[], &[], None)[0], "id");
    let contact_path = p(&[("contact_id", contact)]);
    assert_eq!(
        id_of(
            &operate(&mut s, "contacts.get", &contact_path, &[], None)[0],
            "id"
        ),
        contact
    );
    let person = serde_json::json!({ "first_name": "Lee", "last_name": "Park", "email": "lee.park@harborrowing.example", "type": "Client" });
    let new_contact = id_of(
        &operate(&mut s, "contacts.create", &[], &[], Some(person.clone()))[0],
        "id",
    );
    operate(
        &mut s,
        "contacts.update",
        &p(&[("contact_id", new_contact)]),
        &[],
        Some(person),
    );
    let store_contact = serde_json::json!({ "store_id": 3, "first_name": "Kim", "last_name": "Ng", "email": "kim@store.example" });
    let sc = id_of(
        &operate(
            &mut s,
            "store_contacts.create",
            &[],
            &[],
            Some(store_contact.clone()),
        )[0],
        "id",
    );
    operate(
        &mut s,
        "store_contacts.update",
        &p(&[("contact_id", sc)]),
        &[],
        Some(store_contact),
    );
    let job_body = serde_json::json!({ "client_id": contact, "description": "Team jackets", "primary_rep_email": "ana.silva@acme-promo.example" });
    let new_job = id_of(
        &operate(&mut s, "jobs.create", &[], &[], Some(job_body.clone()))[0],
        "id",
    );
    operate(
        &mut s,
        "jobs.update",
        &p(&[("job_id", new_job)]),
        &[],
        Some(job_body.clone()),
    );
    let mut store_job = job_body;
    store_job["store_id"] = 3.into();
    let sj = id_of(
        &operate(
            &mut s,
            "store_jobs.create",
            &[],
            &[],
            Some(store_job.clone()),
        )[0],
        "id",
    );
    operate(
        &mut s,
        "store_jobs.update",
        &p(&[("job_id", sj)]),
        &[],
        Some(store_job),
    );

    // What the server answered with success covers every search/list/get/create/update of
    // the spec: a new endpoint in the spec fails here until a host can be shown to reach it.
    let received = emu.requests();
    assert!(received.iter().all(|r| r.status != 429), "never a 429");
    let served: std::collections::BTreeSet<String> = received
        .iter()
        .filter(|r| (200..300).contains(&r.status))
        .filter_map(|r| r.endpoint.clone())
        .collect();
    let spec: std::collections::BTreeSet<String> = ProviderSpec::builtin("syncore")
        .unwrap()
        .endpoints
        .iter()
        .map(|e| e.name.clone())
        .filter(|n| {
            ["search", "list", "get", "create", "update"]
                .iter()
                .any(|a| n.ends_with(&format!(".{a}")))
        })
        .collect();
    assert!(spec.len() >= 40, "{spec:?}");
    assert_eq!(served, spec);
}

/// A Synq client whose host starts with token `first` and renews from `source`.
fn synq_session(
    host: &pacer_wasm_host::PacerHost,
    emu: &pacer_sdk_emulator::Emulator,
    first: String,
    source: TokenSource,
) -> (Session, TokenUse) {
    let (log, used) = (Log::default(), TokenUse::default());
    let state = HostState::new(
        Box::new(TokenHttp::new(
            "synq",
            first,
            source,
            log.clone(),
            used.clone(),
        )),
        Time::Virtual(emu.clock()),
        None,
    );
    let s = Session::open_provider(host, state, log, "synq", &emu.base_url(), synq_options(emu))
        .expect("opens");
    (s, used)
}

#[test]
fn an_expired_token_is_refreshed_once_through_the_host_and_the_call_goes_again() {
    let Some(host) = host(true) else { return };
    let emu = synq_emulator();
    // The emulator's first token is valid for an hour of its clock: let it expire.
    let expired = emu.api_key();
    emu.advance(Duration::from_secs(3601)).unwrap();
    let issued = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let (issuer, record) = (emu.clone(), issued.clone());
    let source: TokenSource = Box::new(move || {
        let token = issuer.issue_token(Duration::from_secs(3600));
        record.lock().unwrap().push(token.clone());
        Ok(token)
    });
    let (mut s, used) = synq_session(host, &emu, expired.clone(), source);

    let settings = json(&s.get("tenant_settings", &[]).unwrap());
    assert!(settings.is_object(), "{settings}");
    assert_eq!(*used.refreshes.lock().unwrap(), 1, "exactly one refresh");
    let fresh = issued.lock().unwrap().clone();
    assert_eq!(fresh.len(), 1);
    assert_ne!(fresh[0], expired);
    assert_eq!(
        *used.sent_with.lock().unwrap(),
        [expired.clone(), fresh[0].clone()],
        "two requests: the expired token, then the new one"
    );
    let received: Vec<(u16, bool)> = emu
        .requests()
        .iter()
        .map(|r| (r.status, r.authenticated))
        .collect();
    assert_eq!(received, [(401, false), (200, true)]);
    // Neither token crossed into the component.
    for r in &s.log.all() {
        assert!(r.header("authorization").is_none(), "{r:?}");
        let everything = format!("{} {:?}", r.url, r.headers);
        assert!(!everything.contains(&expired) && !everything.contains(&fresh[0]));
    }

    // The new token stays in use: the next call needs no refresh.
    s.get("tenant_settings", &[]).unwrap();
    assert_eq!(*used.refreshes.lock().unwrap(), 1);
    assert_eq!(emu.requests().len(), 3);

    // A source that only has dead tokens: one refresh, then the 401 is the error (no loop).
    let dead = emu.clone();
    let (mut stale, used) = synq_session(
        host,
        &emu,
        expired.clone(),
        Box::new(move || Ok(dead.issue_token(Duration::ZERO))),
    );
    let before = emu.requests().len();
    let err = stale.get("tenant_settings", &[]).unwrap_err();
    let (kind, e) = info(&err);
    assert_eq!((kind, e.status), ("api", Some(401)), "{err:?}");
    assert_eq!(*used.refreshes.lock().unwrap(), 1);
    assert_eq!(emu.requests().len() - before, 2, "no refresh loop");
}

#[test]
fn a_failed_refresh_ends_the_call_with_a_typed_error_naming_the_failure() {
    let Some(host) = host(true) else { return };
    let emu = synq_emulator();
    let expired = emu.api_key();
    emu.advance(Duration::from_secs(3601)).unwrap();
    let (mut s, used) = synq_session(
        host,
        &emu,
        expired.clone(),
        Box::new(|| Err("the identity service is down (503)".into())),
    );
    let err = s.get("tenant_settings", &[]).unwrap_err();
    let (kind, e) = info(&err);
    assert_eq!((kind, e.code.as_str()), ("config", "token_provider_failed"));
    assert!(
        e.message.contains("the identity service is down (503)"),
        "{}",
        e.message
    );
    assert!(
        !format!("{err:?}").contains(&expired),
        "no token in {err:?}"
    );
    assert_eq!(*used.refreshes.lock().unwrap(), 1);
    let received: Vec<u16> = emu.requests().iter().map(|r| r.status).collect();
    assert_eq!(received, [401], "nothing sent after the failed refresh");

    // A host with a static key answers a refresh with an error too: a client opened with
    // `credential: token` over such a host gets the same typed error after its 401.
    let log = Log::default();
    let state = HostState::new(
        Box::new(KeyedHttp::new("not-a-token", log.clone())),
        Time::Virtual(emu.clock()),
        None,
    );
    let mut keyed = Session::open_provider(
        host,
        state,
        log,
        "synq",
        &emu.base_url(),
        synq_options(&emu),
    )
    .unwrap();
    let err = keyed.get("tenant_settings", &[]).unwrap_err();
    let (kind, e) = info(&err);
    assert_eq!((kind, e.code.as_str()), ("config", "token_provider_failed"));
    assert!(e.message.contains("static key"), "{}", e.message);

    // Opened with `credential: key`, a 401 is final: no refresh is asked, one request.
    let log = Log::default();
    let state = HostState::new(
        Box::new(TokenHttp::new(
            "synq",
            expired,
            Box::new(|| panic!("a key client never asks for a refresh")),
            log.clone(),
            TokenUse::default(),
        )),
        Time::Virtual(emu.clock()),
        None,
    );
    let options = api::ClientOptions {
        credential: api::CredentialKind::Key,
        ..synq_options(&emu)
    };
    let mut key_client =
        Session::open_provider(host, state, log, "synq", &emu.base_url(), options).unwrap();
    let before = emu.requests().len();
    let err = key_client.get("tenant_settings", &[]).unwrap_err();
    assert_eq!(info(&err).1.status, Some(401));
    assert_eq!(emu.requests().len() - before, 1);
}
