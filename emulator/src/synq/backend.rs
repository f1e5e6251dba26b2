//! Synq as an emulator backend: its registry entry, trait implementation and admin routes
//! (tokens, order transitions, inbound webhooks).

use std::time::Duration;

use pacer_sdk_core::Timestamp;
use serde_json::{Value, json};

use crate::admin::{bad_json, json_reply};
use crate::error::EmulatorError;
use crate::provider::{AdminResponse, BoxFuture, Provider, ProviderBackend, default_quota};
use crate::server::{Outcome, Req, Shared};

use super::Synq;

/// Synq's registry entry.
pub(crate) const PROVIDER: Provider = Provider {
    name: "synq",
    quota: default_quota,
    build: |setup| {
        Box::new(Synq::new(
            setup.config.seed,
            setup.port,
            setup.now,
            (
                setup.identity.org_id.clone(),
                setup.identity.tenant_id.clone(),
            ),
            setup.identity.webhook_secret.clone(),
            setup.config.api_key.clone(),
        ))
    },
};

impl ProviderBackend for Synq {
    fn process<'a>(&'a self, shared: &'a Shared, req: &'a Req) -> BoxFuture<'a, Outcome> {
        Box::pin(super::process(shared, self, req))
    }

    fn secrets(&self) -> Vec<String> {
        Synq::secrets(self)
    }

    fn api_key(&self) -> String {
        self.initial_token.clone()
    }

    fn issue_token(&self, now: Timestamp, ttl: Duration) -> Option<String> {
        Some(self.issue(now, ttl).0)
    }

    fn inbound_webhooks(&self) -> Vec<Value> {
        self.inbound()
    }

    fn transition_order(
        &self,
        shared: &Shared,
        id: &str,
        status: &str,
    ) -> Result<Value, EmulatorError> {
        self.transition(id, status, shared.clock.now())
            .map_err(EmulatorError::Invalid)
    }

    fn admin_route(
        &self,
        shared: &Shared,
        method: &str,
        route: &str,
        parsed: Option<&Value>,
    ) -> Option<AdminResponse> {
        let now = shared.clock.now();
        let reply = match (method, route) {
            ("POST", "/_admin/tokens") => {
                let Some(v) = parsed else {
                    return Some(bad_json());
                };
                let ttl = match (
                    v.get("ttl_ms").and_then(Value::as_u64),
                    v.get("ttl_secs").and_then(Value::as_u64),
                ) {
                    (Some(ms), _) => Duration::from_millis(ms),
                    (None, Some(secs)) => Duration::from_secs(secs),
                    (None, None) => super::DEFAULT_TTL,
                };
                let (token, expires) = self.issue(now, ttl);
                json_reply(
                    201,
                    json!({"token": token, "expires_at": expires.to_rfc3339()}),
                )
            }
            ("POST", r) if r.starts_with("/_admin/orders/") => {
                let id = r
                    .strip_prefix("/_admin/orders/")
                    .and_then(|rest| rest.strip_suffix("/transition"))?;
                let Some(status) = parsed.and_then(|v| v.get("status")).and_then(Value::as_str)
                else {
                    return Some(json_reply(
                        400,
                        json!({"message": "send {\"status\": \"cancelled\"}"}),
                    ));
                };
                match self.transition(id, status, now) {
                    Ok(order) => json_reply(200, order),
                    Err(e) => json_reply(409, json!({"message": e})),
                }
            }
            ("GET", "/_admin/webhooks") => json_reply(200, json!({"received": self.inbound()})),
            _ => return None,
        };
        Some(reply)
    }

    fn admin_info(&self, shared: &Shared, routes: &mut Vec<&'static str>, info: &mut Value) {
        routes.extend([
            "/_admin/tokens",
            "/_admin/webhooks",
            "/_admin/orders/{id}/transition",
        ]);
        info["tenant_id"] = json!(shared.identity.tenant_id);
        info["org_id"] = json!(shared.identity.org_id);
    }

    fn details(&self, shared: &Shared) -> Vec<(&'static str, String)> {
        vec![
            ("tenant_id", shared.identity.tenant_id.clone()),
            ("org_id", shared.identity.org_id.clone()),
            ("webhook_secret", shared.identity.webhook_secret.clone()),
        ]
    }
}
