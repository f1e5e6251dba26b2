//! The Python binding's stubs (`bindings-python/python/pacer_sdk/*.pyi`), generated from the
//! surface descriptors: the exception classes of the error table, one client class per
//! provider and mode with its options as typed keywords and its resources as typed attributes,
//! and every record class with its fields. The rest of each stub file (the result classes, the
//! emulator, `Resource` and `Client`) is written by hand around the generated sections.

use serde_json::Value;

use crate::Target;

/// The record group whose classes sit at the package's top level (`pacer_sdk.Job`), as in the
/// binding (`bindings-python/src/records.rs`); every other group has a module of its name.
const TOP_LEVEL_GROUP: &str = "syncore";

/// Python's reserved words: a field with such a key is the attribute `key_` (`class_`).
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

fn attribute(key: &str) -> String {
    if KEYWORDS.contains(&key) {
        format!("{key}_")
    } else {
        key.to_string()
    }
}

/// A docstring literal (one line).
fn doc(text: &str) -> String {
    let text = if text.trim().is_empty() {
        "."
    } else {
        text.trim()
    };
    format!(
        "\"\"\"{}\"\"\"",
        text.replace('\\', "\\\\").replace('"', "\\\"")
    )
}

/// A Python literal of a JSON value.
fn literal(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

/// The Python type of a record field's type descriptor.
fn field_type(ty: &Value) -> String {
    match ty["kind"].as_str().unwrap_or("any") {
        "int" => "int".into(),
        "float" => "float".into(),
        "text" | "enum" => "str".into(),
        "bool" => "bool".into(),
        "money" => "Decimal".into(),
        "int_or_text" => "int | str".into(),
        "bool_or_text" => "bool | str".into(),
        "record" => ty["name"].as_str().unwrap_or("Any").into(),
        "list" => format!("list[{}]", field_type(&ty["of"])),
        "map" => format!("dict[str, {}]", field_type(&ty["of"])),
        _ => "Any".into(),
    }
}

/// The Python type of a client option.
fn option_type(o: &Value) -> String {
    match o["type"]["kind"].as_str().unwrap_or("") {
        "text" | "secret" => "str".into(),
        "bool" => "bool".into(),
        "count" => "int".into(),
        "seconds" => "float | datetime.timedelta".into(),
        "choice" => {
            let values: Vec<String> = o["type"]["values"]
                .as_array()
                .into_iter()
                .flatten()
                .map(literal)
                .collect();
            format!("Literal[{}]", values.join(", "))
        }
        "clock" => "Clock | str".into(),
        "token_provider" => "Callable[[], str]".into(),
        _ => "Any".into(),
    }
}

fn list(v: &Value) -> impl Iterator<Item = &Value> {
    v.as_array().into_iter().flatten()
}

/// The record classes of one group's list of record descriptors.
fn records(list_of: &Value) -> String {
    let mut out = String::new();
    for r in list(list_of) {
        let name = r["name"].as_str().unwrap_or("Record");
        out.push_str(&format!(
            "class {name}(Record):\n    {}\n\n",
            doc(r["doc"].as_str().unwrap_or(""))
        ));
        for f in list(&r["fields"]) {
            let key = f["key"].as_str().unwrap_or("");
            let field_doc = match f["doc"].as_str() {
                Some(d) if !d.trim().is_empty() => d.to_string(),
                _ => format!("The `{key}` field."),
            };
            out.push_str(&format!(
                "    @property\n    def {}(self) -> {} | None:\n        {}\n",
                attribute(key),
                field_type(&f["ty"]),
                doc(&field_doc)
            ));
        }
        out.push('\n');
    }
    // The marker line follows the last class directly.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn group_records(surface: &Value, group: &str) -> String {
    if group == "webhooks" {
        records(&surface["webhooks"]["records"])
    } else {
        records(&surface["providers"][group]["records"])
    }
}

/// The exception classes of the error table.
fn errors(surface: &Value) -> String {
    let e = &surface["errors"];
    let base = e["base"].as_str().unwrap_or("PacerError");
    let mut out = format!(
        "class FieldError:\n    {}\n\n",
        doc("One rule broken by one field.")
    );
    let names: Vec<&str> = list(&e["field_error_fields"])
        .map(|f| f["name"].as_str().unwrap_or(""))
        .collect();
    let texts: Vec<String> = names
        .iter()
        .filter(|n| **n != "property")
        .map(|n| format!("{n}: str"))
        .collect();
    out.push_str(&format!(
        "    def __init__(self, {}) -> None: ...\n",
        texts.join(", ")
    ));
    for f in list(&e["field_error_fields"]) {
        out.push_str(&format!(
            "    @property\n    def {}(self) -> str:\n        {}\n",
            f["name"].as_str().unwrap_or(""),
            doc(f["doc"].as_str().unwrap_or(""))
        ));
    }
    out.push_str(
        "    def __eq__(self, other: object) -> bool: ...\n    __hash__: ClassVar[None]  # type: ignore[assignment]\n\n",
    );
    out.push_str(&format!(
        "class {base}(Exception):\n    {}\n\n",
        doc("Every pacer failure; the fields of the flat error apply where they are not None.")
    ));
    for f in list(&e["fields"]) {
        let ty = match f["type"].as_str().unwrap_or("") {
            "int" => "int",
            "seconds" => "float",
            "instant" => "datetime.datetime",
            "field_errors" => "list[FieldError]",
            _ => "str",
        };
        let optional = if f["optional"].as_bool().unwrap_or(false) {
            " | None"
        } else {
            ""
        };
        out.push_str(&format!(
            "    {}: {ty}{optional}\n    {}\n",
            f["name"].as_str().unwrap_or(""),
            doc(f["doc"].as_str().unwrap_or(""))
        ));
    }
    for k in list(&e["kinds"]) {
        out.push_str(&format!(
            "\nclass {}({base}):\n    {}\n",
            k["class"].as_str().unwrap_or(""),
            doc(k["doc"].as_str().unwrap_or(""))
        ));
    }
    out
}

/// One client class per provider and mode: options as keywords, resources as attributes.
fn clients(surface: &Value) -> String {
    let mut out = String::new();
    for (provider, p) in surface["providers"].as_object().into_iter().flatten() {
        let display = p["display_name"].as_str().unwrap_or(provider);
        let models: Vec<&str> = list(&p["records"])
            .filter_map(|r| r["name"].as_str())
            .collect();
        let prefix = if provider == TOP_LEVEL_GROUP {
            String::new()
        } else {
            format!("{provider}.")
        };
        for is_async in [false, true] {
            let (name, mode, what) = if is_async {
                (format!("Async{display}"), "_Async", "for asyncio")
            } else {
                (display.to_string(), "_Sync", "blocking")
            };
            out.push_str(&format!(
                "\nclass {name}(Client[{mode}]):\n    {}\n\n    def __init__(\n        self,\n        *,\n",
                doc(&format!("The {display} API, {what}."))
            ));
            for o in list(&p["options"]) {
                let ty = option_type(o);
                let name = o["name"].as_str().unwrap_or("");
                if o["required"].as_bool().unwrap_or(false) {
                    out.push_str(&format!("        {name}: {ty},\n"));
                } else {
                    out.push_str(&format!(
                        "        {name}: {ty} | None = {},\n",
                        literal(&o["default"])
                    ));
                }
            }
            out.push_str("    ) -> None: ...\n");
            for r in list(&p["layout"]["resources"]) {
                let record = match r["model"].as_str() {
                    Some(m) if models.contains(&m) => format!("{prefix}{m}"),
                    _ => "dict[str, Any]".into(),
                };
                out.push_str(&format!(
                    "    {}: Resource[{record}, {mode}]\n",
                    r["attr"].as_str().unwrap_or("")
                ));
            }
        }
    }
    out.remove(0);
    out
}

fn errors_section(s: &Value) -> String {
    errors(s)
}

fn clients_section(s: &Value) -> String {
    clients(s)
}

/// A render function for one group's records (targets take plain function pointers).
macro_rules! records_of {
    ($($f:ident => $group:literal),* $(,)?) => {
        $(fn $f(s: &Value) -> String { group_records(s, $group) })*
    };
}

records_of! {
    syncore_records => "syncore",
    synq_records => "synq",
    salync_records => "salync",
    webhook_records => "webhooks",
}

pub fn targets() -> Vec<Target> {
    let section =
        |path: &'static str, section: &'static str, render: fn(&Value) -> String| Target {
            path,
            section: Some(section),
            render,
        };
    vec![
        section(
            "bindings-python/python/pacer_sdk/__init__.pyi",
            "errors",
            errors_section,
        ),
        section(
            "bindings-python/python/pacer_sdk/__init__.pyi",
            "clients",
            clients_section,
        ),
        section(
            "bindings-python/python/pacer_sdk/__init__.pyi",
            "records",
            syncore_records,
        ),
        section(
            "bindings-python/python/pacer_sdk/synq.pyi",
            "records",
            synq_records,
        ),
        section(
            "bindings-python/python/pacer_sdk/salync.pyi",
            "records",
            salync_records,
        ),
        section(
            "bindings-python/python/pacer_sdk/webhooks.pyi",
            "records",
            webhook_records,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn types_and_names() {
        assert_eq!(
            field_type(&json!({"kind": "list", "of": {"kind": "money"}})),
            "list[Decimal]"
        );
        assert_eq!(
            field_type(&json!({"kind": "map", "of": {"kind": "text"}})),
            "dict[str, str]"
        );
        assert_eq!(attribute("class"), "class_");
        assert_eq!(doc("say \"hi\""), "\"\"\"say \\\"hi\\\"\"\"\"");
    }

    #[test]
    fn every_record_has_a_class_and_every_provider_two_clients() {
        let s = pacer_sdk::surface::describe();
        let text = clients(&s);
        for p in s["providers"].as_object().unwrap().values() {
            let name = p["display_name"].as_str().unwrap();
            assert!(text.contains(&format!("class {name}(Client[_Sync])")));
            assert!(text.contains(&format!("class Async{name}(Client[_Async])")));
        }
        assert!(syncore_records(&s).contains("class Job(Record):"));
    }
}
