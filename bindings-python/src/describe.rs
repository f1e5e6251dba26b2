//! The surface descriptors for the Python facade: `describe()` (all of
//! `pacer_sdk::surface::describe()`, from which the facade makes one client class per provider
//! and mode) and the client classes' docstrings, rendered from the same descriptors.

use pacer_sdk::surface;
use pacer_sdk_core::ProviderSpec;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde_json::Value;

use crate::convert::json_to_py;

/// The whole surface as data: per provider its layout, options and records, the webhook
/// records and the error table.
#[pyfunction]
fn describe(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    json_to_py(py, &surface::describe())
}

/// An option's default as Python shows it.
fn python_literal(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

/// The docstring of a provider's client class (`is_async`: the asyncio one).
#[pyfunction]
fn client_doc(provider: &str, is_async: bool) -> PyResult<String> {
    let spec = ProviderSpec::builtin(provider).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let name = &spec.display_name;
    let mut out = if is_async {
        format!(
            "The {name} API for asyncio, on the same core as ``{name}`` (same options).\n\n\
             Reads and writes are awaitables (``await client.<resource>.get(...)``), lists are\n\
             async iterators (``async for r in client.<resource>.list(...)``); cancelling an\n\
             awaiting task stops its request or quota wait. A token provider stays a plain\n\
             callable (it runs on pacer's I/O thread).\n"
        )
    } else {
        format!(
            "The {name} API, blocking (each call releases the GIL while it waits or talks HTTP).\n"
        )
    };
    out.push_str("\nOptions (keywords; None means not given):\n\n");
    for o in surface::options(&spec) {
        let default = if o.required {
            " (required)".to_string()
        } else {
            format!(" = {}", python_literal(&o.default))
        };
        out.push_str(&format!("- ``{}``{default}: {}\n", o.name, o.doc));
    }
    out.push_str(
        "\nResources (attributes, each a ``pacer_sdk.Resource``; ``client.<resource>.describe()``\n\
         shows what each action takes; path ids are leading positionals or keywords, every other\n\
         keyword a query parameter; writes take ``data=``; a list's ``truncated`` says whether\n\
         the server capped it):\n\n",
    );
    for r in surface::layout(&spec).resources {
        let actions: Vec<&str> = r.actions.iter().map(|a| a.name.as_str()).collect();
        out.push_str(&format!("- ``{}``: {}\n", r.attr, actions.join(", ")));
    }
    out.push_str(
        "\nAlso: ``client.quota.status()``, ``client.quota.plan(workload)``,\n\
         ``client.pending_writes()``, ``client.writes()``, ``client.reconcile_pending()``,\n\
         ``client.now()``, ``client.options``. A spent quota window raises ``QuotaError`` with\n\
         its ``resets_at``; arguments are validated before anything is sent (``ValidationError``).\n",
    );
    Ok(out)
}

/// Registers the descriptor functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(describe, m)?)?;
    m.add_function(wrap_pyfunction!(client_doc, m)?)?;
    Ok(())
}
