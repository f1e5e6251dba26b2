//! pacer-web: pacer for JavaScript runtimes that cannot load native addons (serverless
//! functions, edge runtimes, plain Node), built with wasm-bindgen over pacer-sdk-core.
//!
//! The whole compliant client runs in WebAssembly: validation, request building, paging, the
//! quota engine and the drive loop. The host supplies I/O: `fetch` (the runtime's, or one it
//! passes in), the clock (`Date.now`, or `now`) and sleeping (`setTimeout`, or `sleep`, which
//! takes seconds like every duration here). Options have Node's names and defaults; failures
//! are thrown as the error table's classes (`errors.js`, re-exported by `index.js`).
//!
//! Keys belong on servers (DESIGN §7): a client refuses to start where a browser is detected
//! (`window` or `document` defined) unless `dangerouslyAllowBrowser: true` is set. The
//! credential is either given as `apiKey` or as a `tokenProvider` (an async function asked at
//! first use and again once after a 401; either is attached to each request by the transport
//! here, never logged or put in errors), or left out entirely, when the host's `fetch`
//! attaches it.
//!
//! Build: `cargo build -p pacer-web --target wasm32-unknown-unknown --release`, then
//! `wasm-bindgen --target nodejs --out-dir wasm/web/pkg …/pacer_web.wasm`. On other targets
//! this crate is empty.

#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod convert;
/// The ledger half of the drive loop, shared with the WASI component (one file, two crates).
#[cfg(target_arch = "wasm32")]
#[path = "../../component/src/effects.rs"]
mod effects;
#[cfg(target_arch = "wasm32")]
mod host;
/// Client options checked and applied by the descriptors' names, shared with the WASI
/// component (one file, two crates).
#[cfg(target_arch = "wasm32")]
#[path = "../../component/src/options.rs"]
mod options;

#[cfg(target_arch = "wasm32")]
pub use client::{Ledger, PacerClient, PageWalk};
