//! The Rust host of the surface conformance scenario (tests/scenarios/surface.json, generated
//! from the descriptors): the descriptors are what the client really does, every error code
//! the crates raise is in the error table, and the record catalogue is closed.

use std::path::Path;

use pacer_sdk::surface::{self, Handles, errors};
use pacer_sdk_core::models::describe::TypeDesc;
use pacer_sdk_core::models::{GROUPS, records};
use serde_json::{Map, Value, json};

fn scenario() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/surface.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_option_is_accepted_at_its_default_and_unknown_ones_are_refused() {
    let s = scenario();
    for (provider, p) in s["providers"].as_object().unwrap() {
        let mut values = Map::new();
        for o in p["options"].as_array().unwrap() {
            let name = o["name"].as_str().unwrap();
            let value = match (o["type"].as_str().unwrap(), &o["default"]) {
                ("token_provider" | "clock", _) => continue,
                (_, d) if !d.is_null() => d.clone(),
                ("secret", _) => json!("k"),
                ("text", _) if o["required"] == true => json!("AcmeSync/1.0"),
                _ => continue,
            };
            values.insert(name.to_string(), value);
        }
        values.insert("ledger".into(), json!("memory"));
        if let Some(url) = values.get_mut("base_url")
            && url.as_str() == Some("AcmeSync/1.0")
        {
            *url = json!("https://api.example.com");
        }
        let b = surface::builder(provider, &values, Handles::default())
            .unwrap_or_else(|e| panic!("{provider}: {e} ({values:?})"));
        b.build().unwrap_or_else(|e| panic!("{provider}: {e}"));
        values.insert("colour".into(), json!("red"));
        let err = surface::builder(provider, &values, Handles::default())
            .err()
            .unwrap();
        assert_eq!(
            (err.code.as_str(), err.errors[0].field.as_str()),
            ("invalid_option", "colour")
        );
    }
}

#[test]
fn the_error_table_is_the_one_the_scenario_lists() {
    let s = scenario();
    for k in s["errors"]["kinds"].as_array().unwrap() {
        let kind = errors::KINDS
            .iter()
            .find(|(kind, _, _)| kind.as_str() == k["kind"])
            .unwrap()
            .0;
        assert_eq!(errors::class_of(kind), k["class"]);
    }
    let flat = serde_json::to_value(pacer_sdk_core::Error::config("x", "y").into_info()).unwrap();
    for f in s["errors"]["fields"].as_array().unwrap() {
        assert!(
            flat.get(f.as_str().unwrap()).is_some(),
            "the flat error has no field {f}"
        );
    }
}

/// Every `Error::config("code", …)`, `Error::transport(…)`, `Error::webhook(…)` and
/// `Error::new(ErrorKind::X, "code", …)` in the crates' sources.
fn raised_codes() -> Vec<(String, String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut found = Vec::new();
    let mut dirs: Vec<std::path::PathBuf> = [
        "core/src",
        "client/src",
        "cli/src",
        "emulator/src",
        "bindings-python/src",
        "bindings-node/src",
        "wasm/component/src",
        "wasm/web/src",
    ]
    .iter()
    .map(|d| root.join(d))
    .collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // A path-qualified kind (`crate::error::ErrorKind::Api`) is the same call.
            let squeezed: String = text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("")
                .replace("crate::error::ErrorKind::", "ErrorKind::")
                .replace("crate::ErrorKind::", "ErrorKind::")
                .replace("pacer_sdk_core::ErrorKind::", "ErrorKind::");
            for (prefix, kind) in [
                ("Error::config(\"", "config"),
                ("Error::transport(\"", "transport"),
                ("Error::webhook(\"", "webhook"),
                ("Error::new(ErrorKind::Api,\"", "api"),
                ("Error::new(ErrorKind::Config,\"", "config"),
                ("Error::new(ErrorKind::Quota,\"", "quota"),
                ("Error::new(ErrorKind::Transport,\"", "transport"),
                ("Error::new(ErrorKind::Validation,\"", "validation"),
                ("Error::new(ErrorKind::Webhook,\"", "webhook"),
            ] {
                for piece in squeezed.split(prefix).skip(1) {
                    let code: String = piece.chars().take_while(|c| *c != '"').collect();
                    if code
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    {
                        found.push((code, kind.to_string(), path.display().to_string()));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn every_error_code_the_crates_raise_is_in_the_table() {
    let raised = raised_codes();
    assert!(
        raised.len() > 50,
        "the scan found only {} codes",
        raised.len()
    );
    let missing: Vec<String> = raised
        .into_iter()
        .filter(|(code, kind, _)| !code.is_empty() && !errors::is_known(code, kind))
        .map(|(code, kind, file)| format!("{kind}/{code} ({file})"))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from surface::errors::CODES: {missing:?}"
    );
}

#[test]
fn the_record_catalogue_is_closed() {
    let mut names = std::collections::HashSet::new();
    for g in GROUPS {
        names.extend(records(g).into_iter().map(|r| r.name));
    }
    fn refs(t: &TypeDesc, out: &mut Vec<&'static str>) {
        match t {
            TypeDesc::Record { name } => out.push(name),
            TypeDesc::List { of } | TypeDesc::Map { of } => refs(of, out),
            _ => {}
        }
    }
    for g in GROUPS {
        for r in records(g) {
            for f in &r.fields {
                let mut out = Vec::new();
                refs(&f.ty, &mut out);
                for name in out {
                    assert!(
                        names.contains(name),
                        "{g}.{}.{} refers to {name}, which no group lists",
                        r.name,
                        f.key
                    );
                }
            }
        }
    }
}
