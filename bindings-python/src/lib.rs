//! pacer for Python: the `pacer_sdk._native` extension module behind the `pacer-sdk` wheel.
//!
//! This crate holds conversion and error mapping only (DESIGN §1, §9): the client, its quota
//! engine, paging, validation and write journal are the `pacer` crate's, driven here on a
//! per-process tokio runtime with the GIL released. The Python package (`python/pacer_sdk/`) adds
//! the thin, spec-driven resource facade (`client.jobs.search(...)`), type stubs and docs.
//!
//! Module layout: `convert` (Python ⇄ JSON, time and money values), `errors` (the flat
//! `pacer_sdk::Error` as exception classes), `models` (one Python class per record type),
//! `runtime` (the runtime, blocking calls, Ctrl-C, fork), `aio` (asyncio awaitables),
//! `client` (the native client and what it returns), `clock` (the clock a client is given), `emulator` (the in-process emulator),
//! `webhooks` (`pacer.webhooks` and the Synq order state machine).

mod aio;
mod client;
mod clock;
mod convert;
mod emulator;
mod errors;
mod models;
mod runtime;
mod webhooks;

use pyo3::prelude::*;

/// The `pacer_sdk._native` module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    models::register(m)?;
    client::register(m)?;
    clock::register(m)?;
    aio::register(m)?;
    emulator::register(m)?;
    webhooks::register(m)?;
    Ok(())
}
