//! How an emulator is set up.

use std::sync::Arc;

use pacer_core::{Clock, Timestamp};

/// The default virtual start: a Sunday in late November 2026, 10:00 in New York.
pub const DEFAULT_START: &str = "2026-11-22T15:00:00Z";

/// Emulator settings; `EmulatorConfig::default()` is a Syncore emulator on a random port.
#[derive(Clone)]
pub struct EmulatorConfig {
    /// Provider to emulate; only `syncore` exists so far.
    pub provider: String,
    /// Seed of every generated record and of the default API key.
    pub seed: u64,
    /// Use a virtual clock (a `ManualClock` starting at `start`) instead of real time.
    pub virtual_clock: bool,
    /// Virtual start instant; default 2026-11-22T15:00:00Z.
    pub start: Option<Timestamp>,
    /// A clock shared with the client (overrides `virtual_clock` and `start`).
    pub clock: Option<Arc<dyn Clock>>,
    /// The API key to accept; default a UUID derived from the seed.
    pub api_key: Option<String>,
    /// Registered User-Agents; `None` accepts any non-empty one except library defaults.
    pub registered_user_agents: Option<Vec<String>>,
    /// Number of seeded jobs, spread over the 14 months before the clock's now.
    pub jobs: usize,
    /// TOML merged over the built-in spec (paths, quota windows), e.g. to shrink limits.
    pub spec_overrides: Option<String>,
    /// Answer 429 when a quota window is spent.
    pub enforce_quota: bool,
    /// Zone of the daily and monthly quota resets and of every calendar date.
    pub day_zone: String,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            provider: "syncore".into(),
            seed: 7,
            virtual_clock: false,
            start: None,
            clock: None,
            api_key: None,
            registered_user_agents: None,
            jobs: 3000,
            spec_overrides: None,
            enforce_quota: true,
            day_zone: "America/New_York".into(),
            port: 0,
        }
    }
}

impl std::fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorConfig")
            .field("provider", &self.provider)
            .field("seed", &self.seed)
            .field("virtual_clock", &self.virtual_clock)
            .field("start", &self.start)
            .field("clock", &self.clock.as_ref().map(|c| c.describe()))
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("registered_user_agents", &self.registered_user_agents)
            .field("jobs", &self.jobs)
            .field("spec_overrides", &self.spec_overrides.is_some())
            .field("enforce_quota", &self.enforce_quota)
            .field("day_zone", &self.day_zone)
            .field("port", &self.port)
            .finish()
    }
}
