//! pacer-sdk-emulator: a stateful local emulator of the APIs pacer talks to: Syncore, Synq and
//! Salync (`EmulatorConfig::provider`).
//!
//! It serves real HTTP on 127.0.0.1 with deterministic seeded data, each provider's auth,
//! paging, envelopes, error bodies and quota style (429 with `Retry-After`), a virtual clock
//! tests can advance, fault injection and an admin view (DESIGN §8). Routes come from the
//! provider spec, so spec overrides move them.
//!
//! ```no_run
//! use pacer_sdk_emulator::{Emulator, EmulatorConfig};
//! let emu = Emulator::start_blocking(EmulatorConfig { virtual_clock: true, ..Default::default() })?;
//! println!("{} (key {})", emu.base_url(), emu.api_key());
//! # Ok::<(), pacer_sdk_emulator::EmulatorError>(())
//! ```
//!
//! Shared by every provider (`server.rs`, `routes.rs`, `faults.rs`, `admin.rs`, `quota.rs`,
//! `lockstep.rs`); per provider (`syncore/`, `synq/`, `salync/`): the request
//! pipeline (order of checks, what is counted), data, handlers and error bodies, behind the
//! `ProviderBackend` trait (`provider.rs`), whose defaults answer "this provider has no ...";
//! a new provider is its module, its line in `provider.rs`'s `REGISTRY` and its `mod` here.
//! The crate README lists each provider's behaviour.
//!
//! Syncore's order of checks: API key (401), User-Agent (403), injected fault (the first
//! pending fault whose method and path filters match, routed or not), route (404; 405 for a
//! known path with another method, e.g. any DELETE), quota (429 with `Retry-After`), then the
//! handler. Counted toward quota: requests that route to a spec endpoint and are accepted by
//! every applicable window (including ones answered 400 or 404-for-a-record). Not counted: 401,
//! 403, unknown routes (404), 405, refused requests (429), injected `Status` faults and
//! `DropBeforeCommit`. Salync counts the same way; Synq's limiter, like the real server's
//! middleware, counts every request that arrives and is not refused.
//!
//! Admin requests (`/_admin/...` on the root URL) need no credentials and are neither recorded
//! nor counted; see the crate README.

mod admin;
mod clock;
mod collection;
mod config;
mod emulator;
mod error;
mod faults;
pub mod hostile;
mod lockstep;
mod provider;
mod query;
mod quota;
mod record;
mod reply;
mod rng;
mod routes;
mod salync;
mod server;
mod syncore;
mod synq;
mod webhooks;
mod zone;

pub use clock::SystemClock;
pub use config::EmulatorConfig;
pub use emulator::Emulator;
pub use error::EmulatorError;
pub use faults::{Fault, FaultKind};
pub use provider::PROVIDERS;
pub use quota::WindowUsage;
pub use server::RecordedRequest;
pub use webhooks::WebhookDelivery;

/// The lowercase hex HMAC-SHA256 of `body` keyed with `secret`: Synq's `X-Unified-Signature`,
/// and Salync's `X-Salync-Signature` after `sha256=` (core's signing, which the emulator uses).
pub fn hmac_sha256_hex(secret: &str, body: &[u8]) -> String {
    pacer_sdk_core::webhooks::sign(secret, body, "")
}

/// The API key a Syncore or Salync emulator with `seed` accepts when none is configured.
pub fn default_api_key(seed: u64) -> String {
    syncore::seed::api_key(seed)
}
