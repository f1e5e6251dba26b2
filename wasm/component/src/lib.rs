//! pacer-wasm: pacer as a WASI Preview 2 component (world `pacer:sdk/sdk`, `wasm/wit/`).
//!
//! The component holds the whole compliant client: validation, request building, paging, the
//! quota engine and the drive loop of `pacer-sdk-core`. The host does the I/O: HTTP through the
//! imported `transport` (the host attaches the API key or token, which never enters the
//! component, and renews a token when asked after a 401), time and sleeping through
//! `wasi:clocks`, and, for clients opened with the `host` ledger, quota state through the
//! imported `meter-store`, so several instances share one budget.
//!
//! Build: `cargo build -p pacer-wasm --target wasm32-wasip2 --release` (rustc's wasip2 target
//! emits a component directly). On other targets this crate is empty.

#[cfg(target_arch = "wasm32")]
mod bindings {
    // Cargo does not see the WIT the bindings come from: including it rebuilds the component
    // when it changes.
    const _: &str = include_str!("../../wit/pacer.wit");
    const _: &str = include_str!("../../wit/records.wit");

    wit_bindgen::generate!({
        world: "pacer:sdk/sdk",
        path: "../wit",
        generate_all,
    });
}

#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod convert;
#[cfg(target_arch = "wasm32")]
mod driver;
#[cfg(target_arch = "wasm32")]
mod effects;
#[cfg(target_arch = "wasm32")]
mod ledger;
#[cfg(target_arch = "wasm32")]
mod options;

/// The type the bindings export.
#[cfg(target_arch = "wasm32")]
pub struct Component;

#[cfg(target_arch = "wasm32")]
bindings::export!(Component with_types_in bindings);
