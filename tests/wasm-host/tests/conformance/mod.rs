//! Conformance: the component against the shared scenario (`tests/scenarios/surface.json`,
//! which pacer-sdk-gen writes from the descriptors and every binding runs). Everything here is
//! read from the component itself, not from the WIT files it was built from: the types its
//! binary declares (wasmtime's reflection of `client-options`, `error`, `error-info`), and
//! untyped calls (`wasmtime::component::Val`) whose record fields carry their names, so an
//! option or field added to the descriptors is checked with no new line here.
//!
//! What the component cannot show: the error classes (WIT has no classes; the `error` cases are
//! the kinds, and the scenario maps them to classes), webhook errors (the component verifies no
//! webhooks), and options it has no field for by design (credentials and clocks are the host's:
//! their types are skipped below, as the WIT generator skips them).

use std::sync::Arc;

use pacer_sdk_core::ManualClock;
use pacer_wasm_host::{HostState, PacerHost, Time};
use serde_json::{Map, Value, json};
use wasmtime::Store;
use wasmtime::component::types::{ComponentFunc, ComponentItem, Type};
use wasmtime::component::{Instance, ResourceAny, Val};

use crate::common::*;

const API: &str = "pacer:sdk/api@0.1.0";

/// Option types with no field in the component, as the WIT generator skips them
/// (tools/gen/src/wit.rs `NOT_IN_COMPONENT`): the credential and the clock are the host's.
const HOST_HELD: &[&str] = &["secret", "token_provider", "clock"];

/// Fields only the component has, replacing what it skips (`credential`) or typing an option
/// its own way (`ledger`: `memory` or `host`, where natively it is a URL).
const COMPONENT_OWN: &[&str] = &["credential", "ledger"];

fn kebab(name: &str) -> String {
    name.replace('_', "-")
}

fn snake(name: &str) -> String {
    name.replace('-', "_")
}

fn items(v: &Value) -> &Vec<Value> {
    v.as_array().expect("an array in the scenario")
}

/// A function the component exports from `api` (`[static]client.open`), by its own type.
fn export_func(host: &PacerHost, name: &str) -> ComponentFunc {
    let engine = host.engine();
    let ty = host.component_type();
    let api = ty
        .exports(engine)
        .find(|(n, _)| *n == API)
        .map(|(_, e)| e.ty)
        .expect("the component exports pacer:sdk/api");
    let ComponentItem::ComponentInstance(api) = api else {
        panic!("{API} is not an instance")
    };
    let func = api
        .exports(engine)
        .find(|(n, _)| *n == name)
        .map(|(_, e)| e.ty)
        .unwrap_or_else(|| panic!("{API} exports no {name}"));
    let ComponentItem::ComponentFunc(func) = func else {
        panic!("{name} is not a function")
    };
    func
}

/// A WIT type as WIT writes it (enough for the types options and error fields use).
fn wit(t: &Type) -> String {
    match t {
        Type::Bool => "bool".into(),
        Type::U16 => "u16".into(),
        Type::U64 => "u64".into(),
        Type::S64 => "s64".into(),
        Type::Float64 => "f64".into(),
        Type::String => "string".into(),
        Type::Option(o) => format!("option<{}>", wit(&o.ty())),
        Type::List(l) => format!("list<{}>", wit(&l.ty())),
        Type::Enum(e) => format!("enum {{{}}}", e.names().collect::<Vec<_>>().join(", ")),
        Type::Record(r) => format!(
            "record {{{}}}",
            r.fields().map(|f| f.name).collect::<Vec<_>>().join(", ")
        ),
        other => format!("{other:?}"),
    }
}

/// The WIT type an option of the scenario has in `client-options`.
fn expected_type(scenario_type: &str) -> &'static str {
    match scenario_type {
        "text" | "choice" => "option<string>",
        "count" => "option<u64>",
        "seconds" => "option<f64>",
        "bool" => "bool",
        other => panic!("the scenario has an option type {other} this test does not know"),
    }
}

/// The `client-options` record as the component declares it: `open`'s second parameter.
fn options_type(host: &PacerHost) -> wasmtime::component::types::Record {
    let open = export_func(host, "[static]client.open");
    let params: Vec<(&str, Type)> = open.params().collect();
    assert_eq!(
        params.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        ["provider", "options"]
    );
    match &params[1].1 {
        Type::Record(r) => r.clone(),
        other => panic!("options is not a record: {other:?}"),
    }
}

/// `v` (JSON, by the descriptors' snake_case names) as a value of WIT type `t`; `null` is none,
/// false or an enum's first case (the record's defaults).
fn to_val(t: &Type, v: &Value) -> Val {
    match t {
        Type::Option(_) if v.is_null() => Val::Option(None),
        Type::Option(o) => Val::Option(Some(Box::new(to_val(&o.ty(), v)))),
        Type::Bool => Val::Bool(v.as_bool().unwrap_or(false)),
        Type::String => Val::String(v.as_str().expect("text").to_string()),
        Type::U64 => Val::U64(v.as_u64().expect("a count")),
        Type::Float64 => Val::Float64(v.as_f64().expect("seconds")),
        Type::Enum(e) => Val::Enum(
            v.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| e.names().next().unwrap().to_string()),
        ),
        Type::Record(r) => {
            let map = v.as_object().cloned().unwrap_or_default();
            Val::Record(
                r.fields()
                    .map(|f| {
                        let value = map.get(&snake(f.name)).cloned().unwrap_or(Value::Null);
                        (f.name.to_string(), to_val(&f.ty, &value))
                    })
                    .collect(),
            )
        }
        other => panic!("no JSON form for {other:?}"),
    }
}

/// A component value as JSON, records keyed by the descriptors' snake_case names.
fn to_json(v: &Val) -> Value {
    match v {
        Val::Bool(b) => json!(b),
        Val::U16(n) => json!(n),
        Val::U32(n) => json!(n),
        Val::U64(n) => json!(n),
        Val::S64(n) => json!(n),
        Val::Float64(f) => json!(f),
        Val::String(s) | Val::Enum(s) => json!(s),
        Val::Option(o) => o.as_deref().map_or(Value::Null, to_json),
        Val::List(l) => Value::Array(l.iter().map(to_json).collect()),
        Val::Record(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (snake(k), to_json(v)))
                .collect::<Map<_, _>>(),
        ),
        Val::Variant(case, payload) => json!({
            "case": case,
            "payload": payload.as_deref().map_or(Value::Null, to_json),
        }),
        other => panic!("no JSON form for {other:?}"),
    }
}

/// One instance called by name and untyped, the way the scenario is written.
struct Untyped {
    store: Store<HostState>,
    instance: Instance,
}

impl Untyped {
    fn new(host: &PacerHost) -> Untyped {
        let clock = Arc::new(ManualClock::new(ts("2026-11-22T15:00:00Z")));
        let state = HostState::new(
            Box::new(Offline(Log::default())),
            Time::Virtual(clock),
            None,
        );
        let (store, instance) = host.instantiate_dynamic(state).unwrap();
        Untyped { store, instance }
    }

    fn call(&mut self, name: &str, args: &[Val]) -> Val {
        let api = self
            .instance
            .get_export_index(&mut self.store, None, API)
            .unwrap();
        let index = self
            .instance
            .get_export_index(&mut self.store, Some(&api), name)
            .unwrap_or_else(|| panic!("no {name}"));
        let func = self.instance.get_func(&mut self.store, index).unwrap();
        let mut results = [Val::Bool(false)];
        func.call(&mut self.store, args, &mut results)
            .unwrap_or_else(|e| panic!("{name} trapped: {e:?}"));
        let [result] = results;
        result
    }

    /// `client.open(provider, options)`: the client, or the error as `{kind, …fields}`.
    fn open(
        &mut self,
        host: &PacerHost,
        provider: &str,
        options: &Value,
    ) -> Result<ResourceAny, Value> {
        let options = to_val(&Type::Record(options_type(host)), options);
        match self.call(
            "[static]client.open",
            &[Val::String(provider.into()), options],
        ) {
            Val::Result(Ok(Some(client))) => match *client {
                Val::Resource(r) => Ok(r),
                other => panic!("open gave {other:?}"),
            },
            Val::Result(Err(Some(e))) => Err(error_json(&e)),
            other => panic!("open gave {other:?}"),
        }
    }

    /// `client.settings()`, by the descriptors' names.
    fn settings(&mut self, client: ResourceAny) -> Map<String, Value> {
        let v = self.call("[method]client.settings", &[Val::Resource(client)]);
        match to_json(&v) {
            Value::Object(m) => m,
            other => panic!("settings gave {other}"),
        }
    }
}

/// An `error` value as the error table's fields, with its case as `case`.
fn error_json(e: &Val) -> Value {
    let mut v = to_json(e);
    let case = v["case"].clone();
    let mut fields = v["payload"].take();
    fields["case"] = case;
    fields
}

/// Holds an error (as [`error_json`] gives it) to the scenario: its case is a kind with a class,
/// `kind` says the same, its code is listed for that kind, and it carries exactly the table's
/// fields.
fn assert_error(e: &Value) {
    let kind = e["case"].as_str().unwrap();
    assert_eq!(e["kind"], kind, "error-info.kind is the case: {e}");
    assert_in_table(kind, e["code"].as_str().unwrap());
    let mut fields: Vec<&str> = e
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|k| *k != "case")
        .collect();
    let mut want: Vec<&str> = items(&scenario()["errors"]["fields"])
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    fields.sort_unstable();
    want.sort_unstable();
    assert_eq!(fields, want, "the error table's fields: {e}");
    let want: Vec<&str> = items(&scenario()["errors"]["field_error_fields"])
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    for fe in items(&e["errors"]) {
        let mut fields: Vec<&str> = fe.as_object().unwrap().keys().map(String::as_str).collect();
        let mut want = want.clone();
        fields.sort_unstable();
        want.sort_unstable();
        assert_eq!(fields, want, "the field error table's fields: {fe}");
        // WIT names are the API's, so the property path is the field path.
        assert_eq!(fe["property"], fe["field"], "{fe}");
    }
}

/// The options that open a client of `provider` with everything else at its default: the
/// required ones the scenario names (an emulator-like base URL, the test User-Agent, a tenant).
fn minimal_options(provider: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    for o in items(&provider["options"]) {
        if o["required"] != Value::Bool(true) || HOST_HELD.contains(&o["type"].as_str().unwrap()) {
            continue;
        }
        let name = o["name"].as_str().unwrap();
        let value = match name {
            "user_agent" => UA.to_string(),
            "base_url" => "http://127.0.0.1:9".to_string(),
            other => format!("test-{other}"),
        };
        out.insert(name.to_string(), json!(value));
    }
    out
}

#[test]
fn the_component_takes_the_scenarios_options_by_name_and_type() {
    let Some(host) = host(true) else { return };
    let record = options_type(host);
    let fields: Vec<(String, String)> = record
        .fields()
        .map(|f| (snake(f.name), wit(&f.ty)))
        .collect();
    let providers = scenario()["providers"].as_object().unwrap();
    let mut seen = Vec::new();
    for (provider, p) in providers {
        for o in items(&p["options"]) {
            let (name, ty) = (o["name"].as_str().unwrap(), o["type"].as_str().unwrap());
            let field = fields.iter().find(|(n, _)| n == name);
            if HOST_HELD.contains(&ty) {
                assert!(
                    field.is_none(),
                    "{provider}.{name}: the host's, yet a field"
                );
                continue;
            }
            let (_, wit_type) = field.unwrap_or_else(|| {
                panic!(
                    "{provider}.{name}: no field {} in client-options",
                    kebab(name)
                )
            });
            if !COMPONENT_OWN.contains(&name) {
                assert_eq!(wit_type, expected_type(ty), "{provider}.{name}");
            }
            seen.push(name.to_string());
        }
    }
    for (name, ty) in &fields {
        assert!(
            seen.contains(name) || COMPONENT_OWN.contains(&name.as_str()),
            "client-options.{} ({ty}) is no provider's option in the scenario",
            kebab(name)
        );
    }
    let ledger = fields.iter().find(|(n, _)| n == "ledger").unwrap();
    assert_eq!(ledger.1, "enum {memory, host}");
    let credential = fields.iter().find(|(n, _)| n == "credential").unwrap();
    assert_eq!(credential.1, "enum {key, token}");
}

#[test]
fn each_client_applies_the_scenarios_defaults_and_refuses_options_its_provider_lacks() {
    let Some(host) = host(true) else { return };
    let record = options_type(host);
    let fields: Vec<String> = record.fields().map(|f| snake(f.name)).collect();
    for (provider, p) in scenario()["providers"].as_object().unwrap() {
        let given = minimal_options(p);
        let mut u = Untyped::new(host);
        let client = u
            .open(host, provider, &Value::Object(given.clone()))
            .unwrap_or_else(|e| panic!("{provider} with its required options only: {e}"));
        let settings = u.settings(client);
        let mut has = Vec::new();
        for o in items(&p["options"]) {
            let name = o["name"].as_str().unwrap();
            if HOST_HELD.contains(&o["type"].as_str().unwrap()) {
                continue;
            }
            has.push(name.to_string());
            let applied = &settings[name];
            match name {
                // The component's own: its defaults are its record's.
                "ledger" => assert_eq!(applied, "memory", "{provider}"),
                _ if given.contains_key(name) => {
                    assert_eq!(applied, &given[name], "{provider}.{name}: as given")
                }
                _ => assert_eq!(
                    applied, &o["default"],
                    "{provider}.{name}: the scenario's default"
                ),
            }
        }
        assert_eq!(settings["credential"], "key", "{provider}");
        // An option another provider has is refused here, naming it, before anything opens.
        for name in fields
            .iter()
            .filter(|n| !has.contains(n) && !COMPONENT_OWN.contains(&n.as_str()))
        {
            let value = match record.fields().find(|f| snake(f.name) == *name).unwrap().ty {
                Type::Bool => json!(true),
                Type::Option(o) => match o.ty() {
                    Type::U64 => json!(1),
                    Type::Float64 => json!(1.0),
                    _ => json!("x"),
                },
                other => panic!("{name}: {other:?}"),
            };
            assert!(
                settings[name.as_str()].is_null() || settings[name.as_str()] == false,
                "{provider} reports an option it lacks: {name}"
            );
            let mut options = given.clone();
            options.insert(name.clone(), value);
            let e = Untyped::new(host)
                .open(host, provider, &Value::Object(options))
                .err()
                .unwrap_or_else(|| panic!("{provider} took {name}, an option it lacks"));
            assert_error(&e);
            assert_eq!(
                (e["kind"].as_str(), e["code"].as_str()),
                (Some("config"), Some("invalid_option")),
                "{provider}.{name}: {e}"
            );
            assert_eq!(e["errors"][0]["field"], name.as_str(), "{e}");
            assert_eq!(e["errors"][0]["rule"], "unknown", "{e}");
        }
        // Each required option is refused when missing, naming it, as natively.
        for name in given.keys() {
            let mut options = given.clone();
            options.remove(name);
            let e = Untyped::new(host)
                .open(host, provider, &Value::Object(options))
                .expect_err(name);
            assert_error(&e);
            assert_eq!(
                e["code"], "invalid_option",
                "{provider} without {name}: {e}"
            );
            assert_eq!(
                (&e["errors"][0]["field"], &e["errors"][0]["rule"]),
                (&json!(name), &json!("required"))
            );
        }
    }
}

#[test]
fn the_component_raises_the_error_tables_kinds_codes_and_fields() {
    let Some(host) = host(true) else { return };
    // The error type as the component declares it: the table's kinds, each with error-info,
    // whose fields are the table's.
    let open = export_func(host, "[static]client.open");
    let result = open.results().next().expect("open returns a result");
    let Type::Result(result) = result else {
        panic!("open returns {result:?}")
    };
    let Some(Type::Variant(error)) = result.err() else {
        panic!("open's error is not a variant")
    };
    let cases: Vec<&str> = error.cases().map(|c| c.name).collect();
    let kinds: Vec<&str> = items(&scenario()["errors"]["kinds"])
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        cases, kinds,
        "the error variant's cases are the table's kinds"
    );
    for case in error.cases() {
        let Some(Type::Record(info)) = case.ty else {
            panic!("{}: no error-info", case.name)
        };
        let fields: Vec<String> = info.fields().map(|f| snake(f.name)).collect();
        let want: Vec<&str> = items(&scenario()["errors"]["fields"])
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert_eq!(fields, want, "{}: the table's fields, in order", case.name);
    }

    // Errors of each kind the component can raise here, each held to the table. (The typed
    // tests hold every error they inspect to it too, through `common::info`.)
    let syncore = minimal_options(&scenario()["providers"]["syncore"]);
    let mut raised = Vec::new();
    let mut check = |e: Value| {
        assert_error(&e);
        raised.push((
            e["kind"].as_str().unwrap().to_string(),
            e["code"].as_str().unwrap().to_string(),
        ));
    };
    check(
        Untyped::new(host)
            .open(host, "nope", &json!({}))
            .unwrap_err(),
    );
    let mut insecure = syncore.clone();
    insecure.insert("base_url".into(), json!("http://api.example.com"));
    check(
        Untyped::new(host)
            .open(host, "syncore", &Value::Object(insecure))
            .unwrap_err(),
    );
    let mut negative = syncore.clone();
    negative.insert("max_wait".into(), json!(-1.0));
    check(
        Untyped::new(host)
            .open(host, "syncore", &Value::Object(negative))
            .unwrap_err(),
    );

    let mut u = Untyped::new(host);
    let client = u
        .open(host, "syncore", &Value::Object(syncore.clone()))
        .unwrap();
    let no_params = Val::List(Vec::new());
    // Validation: a body that is not JSON.
    let v = u.call(
        "[method]client.create",
        &[
            Val::Resource(client),
            Val::String("contacts".into()),
            no_params.clone(),
            Val::String("{not json".into()),
        ],
    );
    let Val::Result(Err(Some(e))) = v else {
        panic!("{v:?}")
    };
    check(error_json(&e));
    // Config: no such endpoint.
    let v = u.call(
        "[method]client.get",
        &[
            Val::Resource(client),
            Val::String("nothing".into()),
            no_params.clone(),
        ],
    );
    let Val::Result(Err(Some(e))) = v else {
        panic!("{v:?}")
    };
    check(error_json(&e));
    // Transport: this host never delivers (every attempt is refused as not sent).
    let v = u.call(
        "[method]client.list",
        &[
            Val::Resource(client),
            Val::String("client_groups".into()),
            no_params.clone(),
            no_params.clone(),
        ],
    );
    let Val::Result(Err(Some(e))) = v else {
        panic!("{v:?}")
    };
    check(error_json(&e));

    // Quota: a minute's reads reserved by the host, then a read that may not wait.
    let mut hasty = syncore.clone();
    hasty.insert("max_wait".into(), json!(0.0));
    let mut u = Untyped::new(host);
    let client = u.open(host, "syncore", &Value::Object(hasty)).unwrap();
    let kind = Val::Record(vec![
        ("group".into(), Val::String("orders".into())),
        ("method".into(), Val::String("GET".into())),
    ]);
    loop {
        let d = u.call(
            "[method]client.reserve",
            &[Val::Resource(client), kind.clone()],
        );
        match d {
            Val::Result(Ok(Some(d))) if matches!(&*d, Val::Variant(c, _) if c == "granted") => {}
            Val::Result(Ok(Some(_))) => break,
            other => panic!("{other:?}"),
        }
    }
    let v = u.call(
        "[method]client.list",
        &[
            Val::Resource(client),
            Val::String("product_indices".into()),
            no_params.clone(),
            no_params,
        ],
    );
    let Val::Result(Err(Some(e))) = v else {
        panic!("{v:?}")
    };
    let quota = error_json(&e);
    assert!(
        quota["retry_after"].as_f64().unwrap() > 50.0,
        "seconds: {quota}"
    );
    check(quota);

    let raised: Vec<(&str, &str)> = raised
        .iter()
        .map(|(k, c)| (k.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        raised,
        [
            ("config", "unknown_provider"),
            ("config", "insecure_url"),
            ("config", "invalid_option"),
            ("validation", "validation_failed"),
            ("config", "unknown_endpoint"),
            ("transport", "connect_failed"),
            ("quota", "quota_wait_too_long"),
        ]
    );
    // `api` errors need a server: the typed tests raise them against the emulator (404, 401)
    // and check them through `common::info`; the component has no webhook operations, so
    // `webhook` errors cannot come from it.
}

#[test]
fn the_component_reports_the_scenarios_records_and_their_fields() {
    let Some(host) = host(true) else { return };
    let mut u = Untyped::new(host);
    let mut groups: Vec<(&str, &Value)> = scenario()["providers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, p)| (name.as_str(), &p["records"]))
        .collect();
    groups.push(("webhooks", &scenario()["webhook_records"]));
    for (group, want) in groups {
        let records = to_json(&u.call("records", &[Val::String(group.into())]));
        let got: Vec<Value> = items(&records)
            .iter()
            .map(|r| {
                json!({
                    "name": r["name"],
                    "fields": items(&r["fields"]).iter().map(|f| f["key"].clone()).collect::<Vec<_>>(),
                })
            })
            .collect();
        assert_eq!(
            &Value::Array(got),
            want,
            "{group}: the records and their fields"
        );
        for r in items(&records) {
            for f in items(&r["fields"]) {
                assert!(
                    f["kind"].is_string() && f["doc"].is_string(),
                    "{group}: {f}"
                );
            }
        }
    }
    let none = to_json(&u.call("records", &[Val::String("nope".into())]));
    assert_eq!(none, json!([]));
}
