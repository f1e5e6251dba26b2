//! pacer-node: the Node.js addon of pacer (napi-rs). It converts and maps errors only: the
//! surface (options, resources, argument binding, the error table, key spelling) is
//! `pacer_sdk::surface`'s and the records are the core catalogue's; `index.js` wraps the addon
//! in JavaScript idioms (`Syncore`, `Synq`, `Salync`, `Emulator`, `PacerError`, `webhooks`).
//!
//! - [`client`]: `NativeClient` (the provider-agnostic driver) and `NativePages` (list walks);
//! - [`clock`]: `NativeClock`, the clock a client is given (an emulator's, or by setting);
//! - [`emulator`]: `NativeEmulator` and `startEmulator`;
//! - [`errors`]: the flat error, carried to JavaScript as JSON;
//! - [`webhooks`]: webhook signatures, Synq and Salync events, Synq's order state machine.

pub mod client;
pub mod clock;
pub mod emulator;
pub mod errors;
pub mod webhooks;

use napi_derive::napi;
use pacer_sdk::surface::keys::to_camel;
use serde_json::{Map, Value, json};

/// The marker `index.js` looks for in native error messages.
#[napi]
pub fn error_marker() -> String {
    errors::MARKER.to_string()
}

/// The addon's version (the workspace version).
#[napi]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Every record of a catalogue group as `{name: [camelCase field, …]}`.
fn record_fields(records: &Value) -> Value {
    let mut out = Map::new();
    for r in records.as_array().into_iter().flatten() {
        let fields: Vec<String> = r["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["key"].as_str().map(to_camel))
            .collect();
        out.insert(
            r["name"].as_str().unwrap_or_default().to_string(),
            json!(fields),
        );
    }
    Value::Object(out)
}

/// The surface `index.js` builds its classes from, in JavaScript names: per provider its
/// display name, credential, options (with their defaults, seconds for durations) and the
/// field set of each record; the error table (classes, fields, codes). All of it is
/// `pacer_sdk::surface::describe()`, so the binding cannot drift from the other surfaces.
#[napi]
pub fn surface() -> String {
    let d = pacer_sdk::surface::describe();
    let providers: Vec<Value> = d["providers"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, p)| {
            let options: Vec<Value> = p["options"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|o| {
                    json!({
                        "name": o["js_name"], "type": o["type"]["kind"], "default": o["default"],
                        "required": o["required"], "doc": o["doc"],
                    })
                })
                .collect();
            json!({
                "name": name,
                "displayName": p["display_name"],
                "credential": p["credential"],
                "options": options,
                "records": record_fields(&p["records"]),
            })
        })
        .collect();
    let e = &d["errors"];
    let fields: Vec<Value> = e["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            json!({"name": to_camel(f["name"].as_str().unwrap_or_default()), "type": f["type"], "optional": f["optional"]})
        })
        .collect();
    let codes: Vec<Value> = e["codes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| json!({"code": c["code"], "kind": c["kind"]}))
        .collect();
    json!({
        "providers": providers,
        "webhookRecords": record_fields(&d["webhooks"]["records"]),
        "errors": {"base": e["base"], "kinds": e["kinds"], "fields": fields, "codes": codes},
    })
    .to_string()
}

/// Fails with an error of the table's `code` (and that code's kind): the conformance test
/// checks that every code reaches JavaScript as its kind's class.
#[napi]
pub fn error_sample(code: String) -> napi::Result<()> {
    match errors::sample(&code) {
        Some(err) => Err(errors::to_js(err)),
        None => Err(errors::bad_argument(
            "code",
            format!("{code:?} is not in the error table"),
        )),
    }
}
