//! pacer-node: the Node.js addon of pacer (napi-rs). It holds conversion and error mapping
//! only; `index.js` wraps it in the JavaScript surface (`Syncore`, `Synq`, `Salync`, `Emulator`,
//! `PacerError`, `webhooks`).
//!
//! - [`client`]: `NativeClient` (the provider-agnostic driver) and `NativePages` (list walks);
//! - [`clock`]: `NativeClock`, the clock a client is given (an emulator's, or by setting);
//! - [`emulator`]: `NativeEmulator` and `startEmulator`;
//! - [`describe`]: the resource layout JavaScript builds from the provider spec;
//! - [`records`]: records decoded as the spec's models and written as camelCased JSON;
//! - [`keys`]: snake_case ⇄ camelCase keys;
//! - [`errors`]: the flat error, carried to JavaScript as JSON;
//! - [`webhooks`]: webhook signatures, Synq and Salync events, Synq's order state machine.

pub mod client;
pub mod clock;
pub mod describe;
pub mod emulator;
pub mod errors;
pub mod keys;
pub mod records;
pub mod webhooks;

use napi_derive::napi;

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
