//! The generated sections of `bindings-node/index.d.ts`: record interfaces with their fields,
//! each provider's options, the error classes, and each provider's resources and client class,
//! all from `pacer_sdk::surface::describe()`. The rest of the file (scalars, results, iterators,
//! write bodies, webhooks, the emulator) is written by hand around them.
//!
//! Names: a provider's records, enums and resources are prefixed with its display name
//! (`SynqOrder`, `SalyncProduct`) because model names repeat across providers; the first
//! provider of the catalogue (Syncore, the package's original) keeps bare names (`Job`), as
//! Python keeps its records at the top of the package, and webhook payloads are bare too. Two
//! declarations of one name fail the generator instead of shadowing each other.

use std::collections::BTreeSet;
use std::fmt::Write;

use pacer_sdk::surface::keys::to_camel;
use serde_json::Value;

use crate::Target;

const DTS: &str = "bindings-node/index.d.ts";

pub fn targets() -> Vec<Target> {
    vec![
        Target {
            path: DTS,
            section: Some("RECORDS"),
            render: records,
        },
        Target {
            path: DTS,
            section: Some("ERRORS"),
            render: errors,
        },
        Target {
            path: DTS,
            section: Some("OPTIONS"),
            render: options,
        },
        Target {
            path: DTS,
            section: Some("CLIENTS"),
            render: clients,
        },
    ]
}

fn items(v: &Value) -> impl Iterator<Item = &Value> {
    v.as_array().into_iter().flatten()
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// `sales_orders` → `SalesOrders`.
fn pascal(snake: &str) -> String {
    let camel = to_camel(snake);
    let mut chars = camel.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// One line of documentation, safe inside `/** … */`.
fn doc(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("*/", "*\\/")
}

/// A property name, quoted when it is not an identifier.
fn prop(name: &str) -> String {
    let ident = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident {
        name.to_string()
    } else {
        format!("{name:?}")
    }
}

/// A union of string literals.
fn literals(values: &Value) -> String {
    let parts: Vec<String> = items(values)
        .map(|v| format!("'{}'", text(v).replace('\'', "\\'")))
        .collect();
    if parts.is_empty() {
        "string".to_string()
    } else {
        parts.join(" | ")
    }
}

/// The providers in catalogue order, with the prefix of their names.
fn providers(surface: &Value) -> Vec<(&str, &Value, String)> {
    surface["providers"]
        .as_object()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, (name, p))| {
            let prefix = if i == 0 {
                String::new()
            } else {
                text(&p["display_name"]).to_string()
            };
            (name.as_str(), p, prefix)
        })
        .collect()
}

/// Declared names, so that a clash fails the generator.
struct Names(BTreeSet<String>);

impl Names {
    fn claim(&mut self, name: &str) {
        assert!(
            self.0.insert(name.to_string()),
            "index.d.ts would declare {name} twice"
        );
    }
}

/// A record field's TypeScript type; `records` are the names of its group's records.
fn field_type(t: &Value, prefix: &str) -> String {
    match text(&t["kind"]) {
        "int" | "float" => "number".into(),
        "text" => "string".into(),
        "bool" => "boolean".into(),
        "money" => "Money".into(),
        "int_or_text" => "LooseId".into(),
        "bool_or_text" => "boolean | string".into(),
        "enum" | "record" => format!("{prefix}{}", text(&t["name"])),
        "list" => {
            let of = field_type(&t["of"], prefix);
            if of.contains(' ') {
                format!("Array<{of}>")
            } else {
                format!("{of}[]")
            }
        }
        "map" => format!("Record<string, {}>", field_type(&t["of"], prefix)),
        _ => "unknown".into(),
    }
}

fn enums_of(t: &Value, out: &mut Vec<(String, Value)>) {
    if text(&t["kind"]) == "enum" && !out.iter().any(|(n, _)| n == text(&t["name"])) {
        out.push((text(&t["name"]).to_string(), t["values"].clone()));
    }
    if t.get("of").is_some() {
        enums_of(&t["of"], out);
    }
}

fn record_group(out: &mut String, names: &mut Names, records: &Value, prefix: &str, title: &str) {
    let _ = writeln!(out, "// {title}\n");
    let mut enums = Vec::new();
    for r in items(records) {
        for f in items(&r["fields"]) {
            enums_of(&f["ty"], &mut enums);
        }
    }
    for (name, values) in &enums {
        names.claim(&format!("{prefix}{name}"));
        let _ = writeln!(
            out,
            "/** A {name} value: the known ones, or any other text the server sends. */\nexport type {prefix}{name} = Open<{}>;",
            literals(values)
        );
    }
    if !enums.is_empty() {
        out.push('\n');
    }
    for r in items(records) {
        let name = format!("{prefix}{}", text(&r["name"]));
        names.claim(&name);
        let _ = writeln!(
            out,
            "/** {} */\nexport interface {name} extends Extra {{",
            doc(text(&r["doc"]))
        );
        for f in items(&r["fields"]) {
            let ty = field_type(&f["ty"], prefix);
            let ty = if ty == "unknown" {
                ty
            } else {
                format!("F<{ty}>")
            };
            let _ = writeln!(
                out,
                "  /** {} */\n  {}?: {ty};",
                doc(text(&f["doc"])),
                prop(&to_camel(text(&f["key"])))
            );
        }
        out.push_str("}\n\n");
    }
}

/// Every record of every provider, and the webhook payloads.
fn records(surface: &Value) -> String {
    let mut out = String::new();
    let mut names = Names(BTreeSet::new());
    for (_, p, prefix) in providers(surface) {
        let title = format!("{} records", text(&p["display_name"]));
        record_group(&mut out, &mut names, &p["records"], &prefix, &title);
    }
    record_group(
        &mut out,
        &mut names,
        &surface["webhooks"]["records"],
        "",
        "Webhook payloads",
    );
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The error classes and the error table's fields.
/// The `FieldError` interface, from the field error table (shared with the JS wasm package).
pub fn field_error_interface(surface: &Value) -> String {
    let mut out =
        String::from("/** One rule broken by one field. */\nexport interface FieldError {\n");
    for f in items(&surface["errors"]["field_error_fields"]) {
        let _ = writeln!(
            out,
            "  /** {} */\n  readonly {}: string;",
            doc(text(&f["doc"])),
            to_camel(text(&f["name"]))
        );
    }
    out.push_str("}\n\n");
    out
}

fn errors(surface: &Value) -> String {
    let e = &surface["errors"];
    let base = text(&e["base"]);
    let kinds: Vec<String> = items(&e["kinds"])
        .map(|k| format!("'{}'", text(&k["kind"])))
        .collect();
    let codes: Vec<String> = items(&e["codes"])
        .map(|c| format!("'{}'", text(&c["code"])))
        .collect();
    let mut out = field_error_interface(surface);
    let _ = writeln!(
        out,
        "/** The broad category of a `{base}`. */\nexport type ErrorKind = {};",
        kinds.join(" | ")
    );
    let _ = writeln!(
        out,
        "/** A stable error code; a provider's own codes (and `http_<status>`) arrive as api codes too. */\nexport type ErrorCode = Open<\n  | {}\n>;\n",
        codes.join("\n  | ")
    );
    let _ = writeln!(
        out,
        "/** Every pacer failure: one flat error with a kind, a stable code and its context. */"
    );
    let _ = writeln!(out, "export declare class {base} extends Error {{");
    let _ = writeln!(
        out,
        "  /** An error of the class its `kind` names, from the flat error's fields. */\n  constructor(info: {{ kind: string; code: string; message: string; [field: string]: unknown }});"
    );
    for f in items(&e["fields"]) {
        let name = text(&f["name"]);
        if name == "message" {
            continue;
        }
        let ty = match (name, text(&f["type"])) {
            ("kind", _) => "ErrorKind".to_string(),
            ("code", _) => "ErrorCode".to_string(),
            (_, "int" | "seconds") => "number".to_string(),
            (_, "instant") => "Date".to_string(),
            (_, "field_errors") => "readonly FieldError[]".to_string(),
            _ => "string".to_string(),
        };
        let null = if f["optional"].as_bool() == Some(true) {
            " | null"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  /** {} */\n  readonly {}: {ty}{null};",
            doc(text(&f["doc"])),
            to_camel(name)
        );
    }
    let _ = writeln!(
        out,
        "  /** The error of the right class for a native failure or a `toJSON()` copy; anything else is returned as it is. */\n  static from<T>(value: T): {base} | T;"
    );
    let _ = writeln!(
        out,
        "  /** The error's fields as plain data. */\n  toJSON(): Record<string, unknown>;\n}}"
    );
    for k in items(&e["kinds"]) {
        let _ = writeln!(
            out,
            "/** {} */\nexport declare class {} extends {base} {{}}",
            doc(text(&k["doc"])),
            text(&k["class"])
        );
    }
    let _ = writeln!(
        out,
        "\n/** The kinds of `{base}`. */\nexport declare const KINDS: readonly ErrorKind[];"
    );
    out
}

fn option_type(o: &Value) -> String {
    match text(&o["type"]["kind"]) {
        "bool" => "boolean".into(),
        "count" | "seconds" => "number".into(),
        "choice" => literals(&o["type"]["values"]),
        "clock" => "Clock | string".into(),
        "token_provider" => "TokenProvider".into(),
        _ => "string".into(),
    }
}

fn options_name(p: &Value) -> String {
    format!("{}Options", text(&p["display_name"]))
}

/// Each provider's options, with their defaults.
fn options(surface: &Value) -> String {
    let mut out = String::new();
    let mut all = Vec::new();
    for (_, p, _) in providers(surface) {
        let name = options_name(p);
        let _ = writeln!(
            out,
            "/** How a {} client is configured (durations in seconds; an unknown option is a `ConfigError`). */\nexport interface {name} {{",
            text(&p["display_name"])
        );
        for o in items(&p["options"]) {
            let default = match &o["default"] {
                Value::Null => String::new(),
                v => format!(" Default: `{v}`."),
            };
            let optional = if o["required"].as_bool() == Some(true) {
                ""
            } else {
                "?"
            };
            let _ = writeln!(
                out,
                "  /** {}{default} */\n  {}{optional}: {};",
                doc(text(&o["doc"])),
                text(&o["js_name"]),
                option_type(o)
            );
        }
        out.push_str("}\n\n");
        all.push(name);
    }
    let _ = writeln!(
        out,
        "/** The options of any provider's client. */\nexport type ClientOptions = {};",
        all.join(" | ")
    );
    out
}

fn query_type(q: &Value) -> String {
    match text(&q["type"]) {
        "date" => "DateString".into(),
        "boolean" => "boolean".into(),
        "id" => "Id".into(),
        "enum" => format!("Open<{}>", literals(&q["values"])),
        _ => "string".into(),
    }
}

/// Each provider's resources (their actions typed by kind) and client class.
fn clients(surface: &Value) -> String {
    let mut out = String::new();
    let mut names = Names(BTreeSet::new());
    for (provider, p, prefix) in providers(surface) {
        let display = text(&p["display_name"]);
        let known: BTreeSet<&str> = items(&p["records"]).map(|r| text(&r["name"])).collect();
        let record = |a: &Value| match a["returns"].as_str() {
            Some(m) if known.contains(m) => format!("{prefix}{m}"),
            _ => "Extra".to_string(),
        };
        let _ = writeln!(out, "// {display} resources\n");
        let mut members = Vec::new();
        for r in items(&p["layout"]["resources"]) {
            let attr = text(&r["attr"]);
            let iface = format!("{prefix}{}Resource", pascal(attr));
            names.claim(&iface);
            let mut body = String::new();
            for a in items(&r["actions"]) {
                let action = text(&a["name"]);
                let mut params: Vec<String> = items(&a["path_params"])
                    .map(|id| format!("{}: Id", to_camel(text(id))))
                    .collect();
                let query: Vec<&Value> = items(&a["query_params"]).collect();
                if text(&a["kind"]) != "write" && !query.is_empty() {
                    let qname = format!("{prefix}{}{}Query", pascal(attr), pascal(action));
                    names.claim(&qname);
                    let _ = writeln!(
                        out,
                        "/** The query of `{}`. */\nexport interface {qname} {{",
                        text(&a["endpoint"])
                    );
                    for q in &query {
                        let optional = if q["required"].as_bool() == Some(true) {
                            ""
                        } else {
                            "?"
                        };
                        let _ = writeln!(
                            out,
                            "  /** `{}` ({}). */\n  {}{optional}: {};",
                            text(&q["name"]),
                            text(&q["type"]),
                            prop(text(&q["js_name"])),
                            query_type(q)
                        );
                    }
                    out.push_str("}\n\n");
                    let required = query.iter().any(|q| q["required"].as_bool() == Some(true));
                    params.push(format!("query{}: {qname}", if required { "" } else { "?" }));
                }
                let returns = match text(&a["kind"]) {
                    "list" => format!("RecordIterator<{}>", record(a)),
                    "get" => format!("Promise<{}>", record(a)),
                    _ => {
                        if a["takes_body"].as_bool() == Some(true) {
                            params.push(format!(
                                "body: Body<'{provider}', '{}'>",
                                text(&a["endpoint"])
                            ));
                        }
                        match record(a).as_str() {
                            "Extra" => "Promise<Written>".to_string(),
                            t => format!("Promise<Written<{t}>>"),
                        }
                    }
                };
                let _ = writeln!(
                    body,
                    "  /** {} */\n  {}({}): {returns};",
                    doc(text(&a["description"])),
                    text(&a["js_name"]),
                    params.join(", ")
                );
            }
            let actions: Vec<&str> = items(&r["actions"]).map(|a| text(&a["js_name"])).collect();
            let _ = writeln!(
                out,
                "/** {display} `{attr}`: {}. */\nexport interface {iface} extends Resource {{\n{body}}}\n",
                actions.join(", ")
            );
            members.push(format!(
                "  /** `{attr}`: {}. */\n  readonly {}: {iface};",
                actions.join(", "),
                text(&r["js_attr"])
            ));
        }
        let options = options_name(p);
        let required = items(&p["options"]).any(|o| o["required"].as_bool() == Some(true));
        let _ = writeln!(
            out,
            "/** The {display} API: every resource of its spec, paced within every window of its policy. */\nexport declare class {display} extends Client {{\n  /** A {display} client. */\n  constructor(options{}: {options});\n{}\n}}\n",
            if required { "" } else { "?" },
            members.join("\n")
        );
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
