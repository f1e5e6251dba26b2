//! pacer for Python: the `pacer_sdk._native` extension module behind the `pacer-sdk` wheel.
//!
//! This crate holds conversion and error mapping only (DESIGN §1, §9): the client, its quota
//! engine, paging, validation and write journal are the `pacer` crate's, and what the Python
//! surface looks like (records, resources, options, errors) is `pacer_sdk::surface`'s, driven
//! here on a per-process tokio runtime with the GIL released. The Python package
//! (`python/pacer_sdk/`) adds the language's idioms (iterators, context managers, async).
//!
//! Module layout: `convert` (Python ⇄ JSON, time and money values), `errors` (the error table
//! as exception classes), `records` (record classes from the core's catalogue), `describe`
//! (the surface descriptors), `runtime` (the runtime, blocking calls, Ctrl-C, fork), `aio`
//! (asyncio awaitables), `client` (the native client), `results` (what calls return), `clock`
//! (the clock a client is given), `emulator` (the in-process emulator), `webhooks`
//! (`pacer_sdk.webhooks` and the Synq order state machine).

mod aio;
mod client;
mod clock;
mod convert;
mod describe;
mod emulator;
mod errors;
mod records;
mod results;
mod runtime;
mod webhooks;

use pyo3::prelude::*;
use pyo3::types::{PyList, PyModule};

/// Classes of `_native` that are not part of the public surface.
const INTERNAL: &[&str] = &[
    "NativeClient",
    "Canceller",
    "ListProgress",
    "SUBMODULES",
    "describe",
    "client_doc",
];

/// Sets a module's `__all__`: its public names (not `_`-prefixed, not modules, not internal).
fn set_all(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let names = PyList::empty(m.py());
    for (name, value) in m.dict().iter() {
        let name: String = name.extract()?;
        if !name.starts_with('_')
            && !INTERNAL.contains(&name.as_str())
            && !value.is_instance_of::<PyModule>()
        {
            names.append(name)?;
        }
    }
    m.add("__all__", names)
}

/// The `pacer_sdk._native` module, with a submodule per record group (`synq`, `salync`,
/// `webhooks`) that the package exposes as `pacer_sdk.<group>`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    let mut submodules = Vec::new();
    for group in records::group_modules() {
        let sub = PyModule::new(py, &records::module_of(group))?;
        let display = pacer_sdk_core::ProviderSpec::builtin(group)
            .map(|s| s.display_name)
            .unwrap_or_else(|_| group.to_string());
        sub.setattr(
            "__doc__",
            format!(
                "{display}'s records: what ``pacer_sdk.{display}`` returns. Immutable, equal by value, \
                 with ``to_dict()`` (unknown fields kept), ``from_dict()`` and ``from_json()``; money \
                 is ``decimal.Decimal``.",
            ),
        )?;
        m.add(group, &sub)?;
        submodules.push(sub);
    }
    m.add("SUBMODULES", records::group_modules().collect::<Vec<_>>())?;
    errors::register(m)?;
    records::register(m)?;
    client::register(m)?;
    results::register(m)?;
    clock::register(m)?;
    aio::register(m)?;
    emulator::register(m)?;
    webhooks::register(m)?;
    describe::register(m)?;
    set_all(m)?;
    for sub in &submodules {
        set_all(sub)?;
    }
    Ok(())
}
