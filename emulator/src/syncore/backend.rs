//! Syncore as an emulator backend: its registry entry and trait implementation.

use std::sync::Mutex;

use crate::provider::{BoxFuture, Provider, ProviderBackend, spec_plan_quota};
use crate::quota::ZoneRule;
use crate::reply::Reply;
use crate::server::{Outcome, Req, Shared};

use super::Syncore;
use super::seed::{api_key, seed_db};

/// Syncore's registry entry.
pub(crate) const PROVIDER: Provider = Provider {
    name: "syncore",
    // Every window counts days in the configured day zone.
    quota: |setup| spec_plan_quota(setup, ZoneRule::All(setup.zone)),
    build: |setup| {
        let config = setup.config;
        Box::new(Syncore {
            api_key: config
                .api_key
                .clone()
                .unwrap_or_else(|| api_key(config.seed)),
            user_agents: config.registered_user_agents.clone(),
            db: Mutex::new(seed_db(config.seed, config.jobs, setup.now, setup.zone)),
        })
    },
};

impl ProviderBackend for Syncore {
    fn process<'a>(&'a self, shared: &'a Shared, req: &'a Req) -> BoxFuture<'a, Outcome> {
        Box::pin(super::process(shared, self, req))
    }

    fn secrets(&self) -> Vec<String> {
        vec![self.api_key.clone()]
    }

    fn oversized(&self, _req: &Req) -> Option<Reply> {
        Some(super::oversized())
    }

    fn api_key(&self) -> String {
        self.api_key.clone()
    }
}
