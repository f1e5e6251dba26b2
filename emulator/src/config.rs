//! How an emulator is set up.

use std::sync::Arc;

use pacer_sdk_core::{Clock, Timestamp};

/// Emulator settings; `EmulatorConfig::default()` is a Syncore emulator on a random port.
///
/// Build it with `..Default::default()` so fields added later do not break callers.
#[derive(Clone)]
pub struct EmulatorConfig {
    /// Provider to emulate: `syncore`, `synq` or `salync`.
    pub provider: String,
    /// Seed of every generated record and of the default API key.
    pub seed: u64,
    /// Use a virtual clock (a `ManualClock` starting at `start`) instead of real time.
    pub virtual_clock: bool,
    /// Virtual start instant; default the real time when the emulator starts (whole seconds).
    pub start: Option<Timestamp>,
    /// A clock shared with the client (overrides `virtual_clock` and `start`).
    pub clock: Option<Arc<dyn Clock>>,
    /// The API key to accept (Syncore, Salync) or the text of the first token (Synq); default
    /// a UUID derived from the seed (Synq: an opaque token).
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
    /// Salync plan, `growth` or `pro` (quota and webhooks); a plan another provider's spec
    /// defines is used there, otherwise its default plan.
    pub plan: String,
    /// Synq tenant id (`X-Tenant-ID`); default a UUID derived from the seed.
    pub tenant_id: Option<String>,
    /// Synq organization id (`X-Org-ID`); default a UUID derived from the seed.
    pub org_id: Option<String>,
    /// Secret of Synq's inbound and Salync's outbound webhook signatures; default derived
    /// from the seed.
    pub webhook_secret: Option<String>,
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
            plan: "growth".into(),
            tenant_id: None,
            org_id: None,
            webhook_secret: None,
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
            .field("plan", &self.plan)
            .field("tenant_id", &self.tenant_id)
            .field("org_id", &self.org_id)
            .field(
                "webhook_secret",
                &self.webhook_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}
