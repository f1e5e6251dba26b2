//! The WebAssembly builds' generated surfaces, from `pacer_sdk::surface::describe()`:
//!
//! - in `wasm/wit/pacer.wit`, the error record and variant (`types`: the error table's fields
//!   and kinds) and the `client-options` record (`api`: every provider's options as far as they
//!   apply inside the component, with their defaults in the doc comments);
//! - in the component's `convert.rs`, the conversions between that record and the options by
//!   their descriptor names, which the component checks and applies;
//! - `wasm/wit/records.wit`, every provider's records (and the webhook payloads) as WIT
//!   records, one interface per group: the shape of the JSON the component's operations return;
//! - in the JS wasm package (`wasm/web`), the error table its error classes are made from
//!   (`errors.js`) and their TypeScript declarations (`index.d.ts`).
//!
//! The rest of those files is written by hand around the marked sections.

use std::collections::BTreeSet;
use std::fmt::Write;

use pacer_sdk::surface::keys::to_camel;
use serde_json::Value;

use crate::Target;

const WIT: &str = "wasm/wit/pacer.wit";
const RECORDS_WIT: &str = "wasm/wit/records.wit";
const ERRORS_JS: &str = "wasm/web/errors.js";
const WEB_DTS: &str = "wasm/web/index.d.ts";
const COMPONENT_CONVERT: &str = "wasm/component/src/convert.rs";

/// The wasm builds' generated files and sections.
pub fn targets() -> Vec<Target> {
    vec![
        Target {
            path: WIT,
            section: Some("ERRORS"),
            render: wit_errors,
        },
        Target {
            path: WIT,
            section: Some("OPTIONS"),
            render: wit_options,
        },
        Target {
            path: COMPONENT_CONVERT,
            section: Some("OPTIONS"),
            render: rust_options,
        },
        Target {
            path: RECORDS_WIT,
            section: None,
            render: wit_records,
        },
        Target {
            path: ERRORS_JS,
            section: Some("ERRORS"),
            render: js_errors,
        },
        Target {
            path: WEB_DTS,
            section: Some("ERRORS"),
            render: dts_errors,
        },
    ]
}

fn items(v: &Value) -> impl Iterator<Item = &Value> {
    v.as_array().into_iter().flatten()
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// WIT's keywords: an identifier spelled like one is written `%name`.
const KEYWORDS: &[&str] = &[
    "as",
    "async",
    "bool",
    "borrow",
    "char",
    "constructor",
    "enum",
    "error-context",
    "export",
    "f32",
    "f64",
    "flags",
    "float32",
    "float64",
    "from",
    "func",
    "future",
    "import",
    "include",
    "interface",
    "list",
    "own",
    "package",
    "record",
    "resource",
    "result",
    "s16",
    "s32",
    "s64",
    "s8",
    "static",
    "stream",
    "string",
    "tuple",
    "type",
    "u16",
    "u32",
    "u64",
    "u8",
    "use",
    "variant",
    "with",
    "world",
    "option",
];

/// A WIT identifier from a snake_case key or a PascalCase name: lower-case words joined by `-`.
/// A word may not start with a digit in WIT, so a digit-led word joins the one before it
/// (`tax_1_percentage` → `tax1-percentage`).
fn kebab(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let boundary = c == '_'
            || c == '-'
            || c == ' '
            || (c.is_ascii_uppercase()
                && i > 0
                && (chars[i - 1].is_ascii_lowercase()
                    || chars.get(i + 1).is_some_and(|n| {
                        n.is_ascii_lowercase() && chars[i - 1].is_ascii_uppercase()
                    })));
        if boundary && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut out: Vec<String> = Vec::new();
    for w in words {
        match out.last_mut() {
            Some(last) if w.starts_with(|c: char| c.is_ascii_digit()) => last.push_str(&w),
            _ => out.push(w),
        }
    }
    let ident = out.join("-");
    assert!(
        ident.starts_with(|c: char| c.is_ascii_lowercase()),
        "{name:?} has no WIT identifier"
    );
    ident
}

/// `kebab(name)`, escaped when it is a keyword.
fn ident(name: &str) -> String {
    let k = kebab(name);
    if KEYWORDS.contains(&k.as_str()) {
        format!("%{k}")
    } else {
        k
    }
}

/// One line of documentation for a `///` comment.
fn doc(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` as `///` lines indented by `indent` spaces, wrapped before column 100.
fn doc_block(indent: usize, text: &str) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent + 4 + line.len() + 1 + word.len() > 100 {
            let _ = writeln!(out, "{pad}/// {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = writeln!(out, "{pad}/// {line}");
    out
}

/// Claims declared names, so that two of one name fail the generator instead of the build.
struct Names(BTreeSet<String>);

impl Names {
    fn claim(&mut self, name: &str, what: &str) {
        assert!(
            self.0.insert(name.to_string()),
            "{what} would declare {name} twice"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Errors (pacer.wit, interface `types`)

/// The WIT type of an error field of the table.
fn error_field_type(name: &str, ty: &str, optional: bool) -> String {
    let base = match (name, ty) {
        ("status", "int") => "u16",
        (_, "int") => "s64",
        (_, "seconds") => "f64",
        (_, "instant") => "instant",
        (_, "field_errors") => return "list<field-error>".into(),
        _ => "string",
    };
    if optional {
        format!("option<{base}>")
    } else {
        base.to_string()
    }
}

fn wit_errors(surface: &Value) -> String {
    let e = &surface["errors"];
    let base = text(&e["base"]);
    let mut out = String::from("  /// One rule broken by one field.\n  record field-error {\n");
    for f in items(&surface["errors"]["field_error_fields"]) {
        out.push_str(&doc_block(4, text(&f["doc"])));
        let _ = writeln!(out, "    {}: string,", ident(text(&f["name"])));
    }
    out.push_str("  }\n\n");
    out.push_str(
        "  /// What every error carries: the fields of the error table every binding raises\n  /// (`pacer_sdk::surface::errors`, DESIGN §5); fields that do not apply are none or empty.\n  /// Durations are seconds.\n  record error-info {\n",
    );
    for f in items(&e["fields"]) {
        let name = text(&f["name"]);
        out.push_str(&doc_block(4, text(&f["doc"])));
        let _ = writeln!(
            out,
            "    {}: {},",
            ident(name),
            error_field_type(name, text(&f["type"]), f["optional"] == Value::Bool(true))
        );
    }
    out.push_str("  }\n\n");
    let _ = writeln!(
        out,
        "  /// The one flat error, by kind: each case is the class the error table names (a subclass of\n  /// `{base}` in Python and JavaScript), and its `error-info.kind` is the case's name."
    );
    out.push_str("  variant error {\n");
    for k in items(&e["kinds"]) {
        out.push_str(&doc_block(
            4,
            &format!("`{}`: {}", text(&k["class"]), text(&k["doc"])),
        ));
        let _ = writeln!(out, "    {}(error-info),", ident(text(&k["kind"])));
    }
    out.push_str("  }\n  ");
    out
}

// ---------------------------------------------------------------------------------------------
// Options (pacer.wit, interface `api`)

/// The option types that have no field in the component's `client-options`, and why: the
/// credential and the clock are the host's. The wasm host's conformance test skips the same.
const NOT_IN_COMPONENT: &[(&str, &str)] = &[
    (
        "secret",
        "the host's `transport` attaches the credential, which never enters the component",
    ),
    (
        "token_provider",
        "the host renews a token when the component asks (`transport.refresh-credential`)",
    ),
    ("clock", "the component's clock is `wasi:clocks`"),
];

/// The reason option `o` has no field in the component, if it has none.
fn not_in_component(o: &Value) -> Option<&'static str> {
    let kind = text(&o["type"]["kind"]);
    NOT_IN_COMPONENT
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, why)| *why)
}

/// Options the component types or explains its own way, with the WIT type and the doc that
/// replace the descriptor's (the descriptor's default still applies unless given here).
const COMPONENT_OPTIONS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "ledger",
        "ledger-kind",
        "Where quota state lives: in this instance (`memory`), or in the host's `meter-store` (`host`), shared by every instance the host points at one store.",
        Some("memory"),
    ),
    (
        "account",
        "option<string>",
        "The quota account label. The key never enters the component, so it cannot be fingerprinted here: instances sharing one key and one store must use one label, which the host may derive from the key (never the key itself); none is the label `default`.",
        None,
    ),
    (
        "credential",
        "credential-kind",
        "What the host's `transport` authenticates with: `token` lets a 401 renew the credential once (`transport.refresh-credential`), as a token provider does natively.",
        Some("key"),
    ),
];

/// One option across every provider that has it.
struct Merged<'a> {
    name: String,
    /// `(provider display name, descriptor)`, in catalogue order.
    per: Vec<(&'a str, &'a Value)>,
}

/// Every provider's options, merged in their order: an option first seen in a later provider
/// goes after the option it follows there.
fn merged_options(surface: &Value) -> (Vec<Merged<'_>>, Vec<&str>) {
    let mut merged: Vec<Merged> = Vec::new();
    let mut providers = Vec::new();
    for p in surface["providers"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, p)| p)
    {
        let display = text(&p["display_name"]);
        providers.push(display);
        let mut after: Option<usize> = None;
        for o in items(&p["options"]) {
            let name = text(&o["name"]);
            let at = match merged.iter().position(|m| m.name == name) {
                Some(i) => i,
                None => {
                    let i = after.map_or(merged.len(), |a| a + 1);
                    merged.insert(
                        i,
                        Merged {
                            name: name.to_string(),
                            per: Vec::new(),
                        },
                    );
                    i
                }
            };
            merged[at].per.push((display, o));
            after = Some(at);
        }
    }
    (merged, providers)
}

/// `Syncore`, `Syncore and Synq`, `Syncore, Synq and Salync`.
fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A default as documentation: text in backticks, numbers as JSON writes them.
fn default_text(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// Groups `(provider, value)` pairs by value, keeping the first provider's order.
fn by_value<'a, T: PartialEq + Clone>(pairs: &[(&'a str, T)]) -> Vec<(Vec<&'a str>, T)> {
    let mut groups: Vec<(Vec<&str>, T)> = Vec::new();
    for (p, v) in pairs {
        match groups.iter_mut().find(|(_, g)| g == v) {
            Some((ps, _)) => ps.push(p),
            None => groups.push((vec![*p], v.clone())),
        }
    }
    groups
}

/// The WIT type of an option of the descriptors.
fn option_type(m: &Merged) -> String {
    let o = m.per[0].1;
    match text(&o["type"]["kind"]) {
        "count" => "option<u64>".into(),
        "seconds" => "option<f64>".into(),
        "bool"
            if m.per
                .iter()
                .all(|(_, o)| o["default"] == Value::Bool(false)) =>
        {
            "bool".into()
        }
        "bool" => "option<bool>".into(),
        "text" | "choice" => "option<string>".into(),
        other => panic!("option {}: no WIT type for {other}", m.name),
    }
}

fn option_doc(m: &Merged, providers: &[&str], component_doc: Option<&str>) -> String {
    let mut parts = Vec::new();
    match component_doc {
        Some(d) => parts.push(d.to_string()),
        None => {
            let docs: Vec<(&str, String)> = m
                .per
                .iter()
                .map(|(p, o)| (*p, doc(text(&o["doc"]))))
                .collect();
            let groups = by_value(&docs);
            if let [(_, d)] = groups.as_slice() {
                parts.push(d.clone());
            } else {
                for (ps, d) in groups {
                    parts.push(format!("{}: {d}", and_list(&ps)));
                }
            }
        }
    }
    let have: Vec<&str> = m.per.iter().map(|(p, _)| *p).collect();
    if have.len() < providers.len() {
        parts.push(format!(
            "{} only (another provider's client refuses it).",
            and_list(&have)
        ));
    }
    let choices: Vec<(&str, Value)> = m
        .per
        .iter()
        .filter(|(_, o)| o["type"]["kind"] == "choice")
        .map(|(p, o)| (*p, o["type"]["values"].clone()))
        .collect();
    for (ps, values) in by_value(&choices) {
        let values: Vec<String> = items(&values).map(|v| format!("`{}`", text(v))).collect();
        if ps.len() == have.len() {
            parts.push(format!("One of {}.", values.join(", ")));
        } else {
            parts.push(format!("{}: one of {}.", and_list(&ps), values.join(", ")));
        }
    }
    let required: Vec<&str> = m
        .per
        .iter()
        .filter(|(_, o)| o["required"] == Value::Bool(true))
        .map(|(p, _)| *p)
        .collect();
    if !required.is_empty() {
        parts.push(format!("Required by {}.", and_list(&required)));
    }
    let defaults: Vec<(&str, Value)> = m
        .per
        .iter()
        .filter(|(_, o)| !o["default"].is_null())
        .map(|(p, o)| (*p, o["default"].clone()))
        .collect();
    match by_value(&defaults).as_slice() {
        [] => {}
        [(ps, v)] if ps.len() == have.len() => parts.push(format!("Default: {}.", default_text(v))),
        groups => {
            let each: Vec<String> = groups
                .iter()
                .map(|(ps, v)| format!("{} {}", and_list(ps), default_text(v)))
                .collect();
            parts.push(format!("Default: {}.", each.join("; ")));
        }
    }
    parts.join(" ")
}

/// The fields of `client-options`: `(descriptor name, WIT type, doc)`, in order.
fn option_fields(surface: &Value) -> Vec<(String, String, String)> {
    let (merged, providers) = merged_options(surface);
    let mut out = Vec::new();
    for m in &merged {
        if not_in_component(m.per[0].1).is_some() {
            continue;
        }
        let own = COMPONENT_OPTIONS.iter().find(|(n, ..)| *n == m.name);
        let ty = own.map_or_else(|| option_type(m), |(_, ty, ..)| ty.to_string());
        let d = match own {
            Some((_, _, d, Some(default))) => format!("{d} Default: `{default}`."),
            Some((_, _, d, None)) => option_doc(m, &providers, Some(d)),
            None => option_doc(m, &providers, None),
        };
        out.push((m.name.clone(), ty, d));
    }
    for (name, ty, d, default) in COMPONENT_OPTIONS {
        if merged.iter().any(|m| m.name == *name) {
            continue;
        }
        let default = default
            .map(|v| format!(" Default: `{v}`."))
            .unwrap_or_default();
        out.push((name.to_string(), ty.to_string(), format!("{d}{default}")));
    }
    out
}

fn wit_options(surface: &Value) -> String {
    let (merged, _) = merged_options(surface);
    let mut out = String::new();
    let mut skipped: Vec<(Vec<String>, &str)> = Vec::new();
    for m in &merged {
        if let Some(why) = not_in_component(m.per[0].1) {
            match skipped.iter_mut().find(|(_, w)| *w == why) {
                Some((names, _)) => names.push(format!("`{}`", m.name)),
                None => skipped.push((vec![format!("`{}`", m.name)], why)),
            }
        }
    }
    let skipped: Vec<String> = skipped
        .iter()
        .map(|(names, why)| {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            format!("{}: {why}", and_list(&names))
        })
        .collect();
    out.push_str(&doc_block(
        2,
        &format!(
            "How a client is configured: the options of every provider's client, named and defaulted as in Python and Node (`pacer_sdk::surface::options`; durations in seconds), as far as they apply inside the component. None (or false) is the option's default. An option its provider lacks is refused (`config` error `invalid_option` naming it). Not here: {}.",
            skipped.join("; ")
        ),
    ));
    out.push_str("  record client-options {\n");
    let mut names = Names(BTreeSet::new());
    for (name, ty, d) in option_fields(surface) {
        let id = ident(&name);
        names.claim(&id, "client-options");
        out.push_str(&doc_block(4, &d));
        let _ = writeln!(out, "    {id}: {ty},");
    }
    out.push_str("  }\n  ");
    out
}

/// The component's conversions of `client-options` to and from the options by name (the
/// Rust field is the WIT name in snake case, which is the descriptor's name).
fn rust_options(surface: &Value) -> String {
    let fields = option_fields(surface);
    let own = |name: &str| {
        COMPONENT_OPTIONS
            .iter()
            .any(|(n, _, _, d)| *n == name && d.is_some())
    };
    let mut out = String::from(
        "/// The WIT options by the descriptors' names, for `options::apply` (`ledger` and\n/// `credential`, which only the component has, are the caller's).\n#[rustfmt::skip]\npub fn options_map(o: &wit::ClientOptions) -> Map<String, Value> {\n    let mut map = Map::new();\n",
    );
    for (name, ty, _) in &fields {
        if own(name) {
            continue;
        }
        let _ = writeln!(
            out,
            "    map.insert({name:?}.into(), serde_json::json!(o.{}));",
            rust_field(name, ty)
        );
    }
    out.push_str("    map\n}\n\n");
    out.push_str(
        "/// The WIT options from the descriptors' names (`options::report`), with the component's\n/// own `ledger` and `credential`.\n#[rustfmt::skip]\npub fn options_record(\n    map: &Map<String, Value>,\n    ledger: wit::LedgerKind,\n    credential: wit::CredentialKind,\n) -> wit::ClientOptions {\n    wit::ClientOptions {\n",
    );
    for (name, ty, _) in &fields {
        let field = name.as_str();
        let value = match ty.as_str() {
            _ if own(name) => field.to_string(),
            "option<string>" => format!("text(map, {field:?})"),
            "option<u64>" => format!("count(map, {field:?})"),
            "option<f64>" => format!("seconds(map, {field:?})"),
            "bool" => format!("flag(map, {field:?})"),
            other => panic!("option {name}: no conversion for the WIT type {other}"),
        };
        if value == field {
            let _ = writeln!(out, "        {field},");
        } else {
            let _ = writeln!(out, "        {field}: {value},");
        }
    }
    out.push_str("    }\n}\n");
    out
}

/// The Rust field of an option, `.clone()`d when it is not `Copy`.
fn rust_field(name: &str, ty: &str) -> String {
    if ty == "option<string>" {
        format!("{name}.clone()")
    } else {
        name.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Records (records.wit)

/// A record field's WIT type; `enums` collects the open enums it names.
fn field_type(t: &Value, enums: &mut Vec<(String, Value)>) -> String {
    match text(&t["kind"]) {
        "int" => "s64".into(),
        "float" => "f64".into(),
        "text" => "string".into(),
        "bool" => "bool".into(),
        "money" => "money".into(),
        "any" => "any-json".into(),
        "int_or_text" => "loose-id".into(),
        "bool_or_text" => "loose-bool".into(),
        "enum" => {
            let name = text(&t["name"]);
            if !enums.iter().any(|(n, _)| n == name) {
                enums.push((name.to_string(), t["values"].clone()));
            }
            ident(name)
        }
        "record" => ident(text(&t["name"])),
        "list" => format!("list<{}>", field_type(&t["of"], enums)),
        "map" => format!("list<tuple<string, {}>>", field_type(&t["of"], enums)),
        other => panic!("no WIT type for a record field of kind {other:?}"),
    }
}

/// The records a record's fields name, for the cycle check.
fn named_records<'a>(t: &'a Value, out: &mut Vec<&'a str>) {
    if text(&t["kind"]) == "record" {
        out.push(text(&t["name"]));
    }
    if t.get("of").is_some() {
        named_records(&t["of"], out);
    }
}

/// WIT types may not refer to themselves: fails the generator on a cycle among `records`.
fn assert_acyclic(group: &str, records: &Value) {
    fn visit<'a>(
        name: &'a str,
        edges: &[(&'a str, Vec<&'a str>)],
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        group: &str,
    ) {
        if done.contains(name) {
            return;
        }
        assert!(
            !path.contains(&name),
            "{group} records refer to themselves ({} -> {name}); a WIT record cannot",
            path.join(" -> ")
        );
        path.push(name);
        for (n, to) in edges {
            if *n == name {
                for t in to {
                    visit(t, edges, path, done, group);
                }
            }
        }
        path.pop();
        done.insert(name);
    }
    let edges: Vec<(&str, Vec<&str>)> = items(records)
        .map(|r| {
            let mut to = Vec::new();
            for f in items(&r["fields"]) {
                named_records(&f["ty"], &mut to);
            }
            (text(&r["name"]), to)
        })
        .collect();
    let mut done = BTreeSet::new();
    for (name, _) in &edges {
        visit(name, &edges, &mut Vec::new(), &mut done, group);
    }
}

fn record_interface(out: &mut String, interface: &str, title: &str, group: &str, records: &Value) {
    assert_acyclic(group, records);
    out.push_str(&doc_block(
        0,
        &format!(
            "{title}: the JSON objects the operations return, as `model!` in pacer-sdk-core describes them."
        ),
    ));
    let _ = writeln!(
        out,
        "interface {interface} {{\n  use record-types.{{money, any-json, loose-id, loose-bool}};\n"
    );
    let mut names = Names(BTreeSet::new());
    let mut enums = Vec::new();
    let mut body = String::new();
    for r in items(records) {
        let name = ident(text(&r["name"]));
        names.claim(&name, interface);
        body.push_str(&doc_block(
            2,
            &format!("`{}`: {}", text(&r["name"]), text(&r["doc"])),
        ));
        let _ = writeln!(body, "  record {name} {{");
        let mut fields = Names(BTreeSet::new());
        for f in items(&r["fields"]) {
            let key = text(&f["key"]);
            let id = ident(key);
            fields.claim(&id, &format!("{interface}.{name}"));
            let ty = field_type(&f["ty"], &mut enums);
            let d = doc(text(&f["doc"]));
            let d = if kebab(key) == key.replace('_', "-") {
                d
            } else {
                format!("{d} (JSON key `{key}`)")
            };
            body.push_str(&doc_block(4, &d));
            let _ = writeln!(body, "    {id}: option<{ty}>,");
        }
        body.push_str("  }\n\n");
    }
    for (name, values) in &enums {
        let id = ident(name);
        names.claim(&id, interface);
        let known: Vec<String> = items(values).map(|v| format!("`{}`", text(v))).collect();
        out.push_str(&doc_block(
            2,
            &format!(
                "`{name}`: text, one of {} or any other value the server sends (kept as sent).",
                known.join(", ")
            ),
        ));
        let _ = writeln!(out, "  type {id} = string;");
    }
    if !enums.is_empty() {
        out.push('\n');
    }
    out.push_str(&body);
    out.truncate(out.trim_end().len());
    out.push_str("\n}\n\n");
}

fn wit_records(surface: &Value) -> String {
    let mut out = String::from(
        "// Generated by pacer-sdk-gen from the surface descriptors (tools/gen/src/wit.rs); do not edit:\n// run `cargo run -p pacer-sdk-gen` after changing a model in pacer-sdk-core.\n\n",
    );
    out.push_str(
        "// The shape of the records the component returns as `json` text: every provider's records (and\n// the webhook payloads), typed. The operations keep JSON rather than these records because a\n// provider's objects are open: fields pacer does not know arrive too and are passed through, and\n// every field may be absent (hence `option`). A host that wants typed values decodes the JSON into\n// these shapes; `api.records` lists the same fields at run time.\n// The file belongs to the package pacer.wit declares.\n\n",
    );
    out.push_str(
        "/// The scalar shapes records share.\ninterface record-types {\n  /// Exact money: the decimal literal the server sent (`\"12.50\"`), never a float.\n  type money = string;\n  /// Any JSON value, as JSON text.\n  type any-json = string;\n  /// An id the server sends as a number or as text.\n  variant loose-id {\n    integer(s64),\n    text(string),\n  }\n  /// A flag the server sends as a boolean or as text.\n  variant loose-bool {\n    boolean(bool),\n    text(string),\n  }\n}\n\n",
    );
    for (name, p) in surface["providers"].as_object().into_iter().flatten() {
        record_interface(
            &mut out,
            &format!("{}-records", kebab(name)),
            &format!("{} records", text(&p["display_name"])),
            name,
            &p["records"],
        );
    }
    record_interface(
        &mut out,
        "webhook-records",
        "Webhook payloads",
        "webhooks",
        &surface["webhooks"]["records"],
    );
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------------------
// The JS wasm package's error table (errors.js, index.d.ts)

/// A JavaScript string literal.
fn js_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string is JSON")
}

fn js_errors(surface: &Value) -> String {
    let e = &surface["errors"];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/** The base class of every pacer error. */\nconst BASE = {};",
        js_string(text(&e["base"]))
    );
    out.push_str("/** Each kind of the error table, the class it is raised as, and when it happens. */\nconst KIND_TABLE = [\n");
    for k in items(&e["kinds"]) {
        let _ = writeln!(
            out,
            "  {{ kind: {}, class: {}, doc: {} }},",
            js_string(text(&k["kind"])),
            js_string(text(&k["class"])),
            js_string(&doc(text(&k["doc"])))
        );
    }
    out.push_str("];\n/** Every field an error carries: its name in the core, in JavaScript, and its type. */\nconst FIELDS = [\n");
    for f in items(&e["fields"]) {
        let name = text(&f["name"]);
        let _ = writeln!(
            out,
            "  {{ name: {}, js: {}, type: {} }},",
            js_string(name),
            js_string(&to_camel(name)),
            js_string(text(&f["type"]))
        );
    }
    out.push_str("];\n");
    out
}

fn dts_errors(surface: &Value) -> String {
    let e = &surface["errors"];
    let base = text(&e["base"]);
    let kinds: Vec<String> = items(&e["kinds"])
        .map(|k| format!("'{}'", text(&k["kind"])))
        .collect();
    let mut out = crate::node::field_error_interface(surface);
    let _ = writeln!(
        out,
        "/** The broad category of a `{base}`. */\nexport type ErrorKind = {};\n",
        kinds.join(" | ")
    );
    let _ = writeln!(
        out,
        "/** Every pacer failure: one flat error with a kind, a stable code and its context. */\nexport declare class {base} extends Error {{"
    );
    out.push_str("  /** An error with the flat error's fields (by their JavaScript or core names); `PacerError.from` picks the class its `kind` names. */\n  constructor(info: { kind: string; code: string; message: string; [field: string]: unknown });\n");
    for f in items(&e["fields"]) {
        let name = text(&f["name"]);
        if name == "message" {
            continue;
        }
        let ty = match (name, text(&f["type"])) {
            ("kind", _) => "ErrorKind",
            (_, "int" | "seconds") => "number",
            (_, "instant") => "Date",
            (_, "field_errors") => "readonly FieldError[]",
            _ => "string",
        };
        let null = if f["optional"] == Value::Bool(true) {
            " | null"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  /** {} */\n  readonly {}: {ty}{null};",
            doc(text(&f["doc"])).replace("*/", "*\\/"),
            to_camel(name)
        );
    }
    let _ = writeln!(
        out,
        "  /** The error of the right class for a `toJSON()` copy (or any object with a `kind`); anything else is returned as it is. */\n  static from<T>(value: T): {base} | T;\n  /** The error's fields as plain data. */\n  toJSON(): Record<string, unknown>;\n}}"
    );
    for k in items(&e["kinds"]) {
        let _ = writeln!(
            out,
            "/** {} */\nexport declare class {} extends {base} {{}}",
            doc(text(&k["doc"])).replace("*/", "*\\/"),
            text(&k["class"])
        );
    }
    let _ = writeln!(
        out,
        "\n/** The kinds of `{base}`, in the error table's order. */\nexport declare const KINDS: readonly ErrorKind[];"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of `after` that `before` lacks.
    fn added(before: &str, after: &str) -> Vec<String> {
        let old: Vec<&str> = before.lines().collect();
        after
            .lines()
            .filter(|l| !old.contains(l))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_field_added_to_a_model_reaches_the_wit_through_the_generator() {
        let surface = pacer_sdk::surface::describe();
        let mut changed = surface.clone();
        let job = changed["providers"]["syncore"]["records"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|r| r["name"] == "Job")
            .unwrap();
        job["fields"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "key": "rush_fee", "ty": {"kind": "money"}, "doc": "The rush fee charged.",
            }));
        assert_eq!(
            added(&wit_records(&surface), &wit_records(&changed)),
            [
                "    /// The rush fee charged.",
                "    rush-fee: option<money>,"
            ]
        );
    }

    #[test]
    fn an_option_added_to_the_descriptors_reaches_the_record_and_its_conversions() {
        let surface = pacer_sdk::surface::describe();
        let mut changed = surface.clone();
        for (_, p) in changed["providers"].as_object_mut().unwrap() {
            p["options"].as_array_mut().unwrap().push(serde_json::json!({
                "name": "read_timeout", "js_name": "readTimeout", "type": {"kind": "seconds"},
                "default": 15.0, "required": false, "doc": "Idle time allowed between reads, seconds.",
            }));
        }
        assert_eq!(
            added(&wit_options(&surface), &wit_options(&changed)),
            [
                "    /// Idle time allowed between reads, seconds. Default: `15.0`.",
                "    read-timeout: option<f64>,"
            ]
        );
        assert_eq!(
            added(&rust_options(&surface), &rust_options(&changed)),
            [
                "    map.insert(\"read_timeout\".into(), serde_json::json!(o.read_timeout));",
                "        read_timeout: seconds(map, \"read_timeout\"),"
            ]
        );
    }

    #[test]
    fn wit_identifiers() {
        assert_eq!(kebab("SalesOrderSummary"), "sales-order-summary");
        assert_eq!(kebab("tax_1_percentage"), "tax1-percentage");
        assert_eq!(kebab("address1"), "address1");
        assert_eq!(kebab("HTTPStatus"), "http-status");
        assert_eq!(ident("type"), "%type");
        assert_eq!(ident("resource"), "%resource");
        assert_eq!(ident("ship_to"), "ship-to");
    }
}
