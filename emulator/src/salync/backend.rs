//! Salync as an emulator backend: its registry entry, trait implementation and admin routes
//! (webhooks, triggered events, purchase-order receipts).

use serde_json::{Value, json};

use crate::admin::{bad_json, json_reply};
use crate::error::EmulatorError;
use crate::provider::{AdminResponse, BoxFuture, Provider, ProviderBackend};
use crate::quota::{QuotaBook, ZoneRule};
use crate::reply::{Reply, response};
use crate::server::{Outcome, Req, Shared};
use crate::syncore::seed::api_key;
use crate::webhooks::WebhookDelivery;

use super::Salync;

/// Salync's registry entry.
pub(crate) const PROVIDER: Provider = Provider {
    name: "salync",
    // The plan is chosen by configuration (an unknown one is an error), not only honoured.
    quota: |setup| {
        QuotaBook::from_spec(
            &setup.spec.quota,
            Some(&setup.plan),
            ZoneRule::PerWindow,
            setup.config.enforce_quota,
        )
    },
    build: |setup| {
        let config = setup.config;
        Box::new(Salync::new(
            config.seed,
            setup.clock.clone(),
            config
                .api_key
                .clone()
                .unwrap_or_else(|| api_key(config.seed)),
            setup.plan.clone(),
            setup.identity.webhook_secret.clone(),
        ))
    },
};

impl Salync {
    /// The error of a webhook call on the Growth plan.
    fn plan_error(&self) -> EmulatorError {
        EmulatorError::Unsupported(format!(
            "webhooks are available on the Pro plan only (this emulator runs the {} plan)",
            self.plan
        ))
    }
}

impl ProviderBackend for Salync {
    fn process<'a>(&'a self, shared: &'a Shared, req: &'a Req) -> BoxFuture<'a, Outcome> {
        Box::pin(super::process(shared, self, req))
    }

    fn secrets(&self) -> Vec<String> {
        Salync::secrets(self)
    }

    fn oversized(&self, _req: &Req) -> Option<Reply> {
        Some(super::oversized())
    }

    fn start_worker(&self) -> Option<tokio::task::JoinHandle<()>> {
        self.hub.start()
    }

    fn api_key(&self) -> String {
        self.api_key.clone()
    }

    fn register_webhook(&self, _shared: &Shared, url: &str) -> Result<(), EmulatorError> {
        if !self.webhooks_enabled() {
            return Err(self.plan_error());
        }
        self.register(url)
            .map(|_| ())
            .map_err(EmulatorError::Invalid)
    }

    fn trigger(&self, shared: &Shared, event: &str, data: Value) -> Result<String, EmulatorError> {
        if !self.webhooks_enabled() {
            return Err(self.plan_error());
        }
        Salync::trigger(self, event, data, shared.clock.now()).map_err(EmulatorError::Invalid)
    }

    fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.hub.deliveries()
    }

    fn receive_purchase_order(&self, shared: &Shared, id: &str) -> Result<Value, EmulatorError> {
        self.receive(id, shared.clock.now()).map_err(|r| {
            let msg = r
                .json_body()
                .and_then(|b| b.get("message"))
                .and_then(Value::as_str)
                .unwrap_or("refused")
                .to_string();
            EmulatorError::Invalid(msg)
        })
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
            ("GET", "/_admin/webhooks") => json_reply(
                200,
                json!({
                    "enabled": self.webhooks_enabled(),
                    "registered": self.hub.urls(),
                    "deliveries": serde_json::to_value(self.hub.deliveries()).unwrap_or(Value::Null),
                }),
            ),
            ("POST", "/_admin/webhooks") => {
                let Some(url) = parsed.and_then(|v| v.get("url")).and_then(Value::as_str) else {
                    return Some(json_reply(
                        400,
                        json!({"message": "send {\"url\": \"http://127.0.0.1:PORT/path\"}"}),
                    ));
                };
                match self.register(url) {
                    Ok(url) => json_reply(201, json!({"url": url})),
                    Err(e) if !self.webhooks_enabled() => json_reply(409, json!({"message": e})),
                    Err(e) => json_reply(400, json!({"message": e})),
                }
            }
            ("POST", "/_admin/trigger") => {
                let Some(v) = parsed else {
                    return Some(bad_json());
                };
                let Some(event) = v.get("event").and_then(Value::as_str) else {
                    return Some(json_reply(
                        400,
                        json!({"message": "send {\"event\": type, \"data\": {...}}"}),
                    ));
                };
                let data = v.get("data").cloned().unwrap_or_else(|| json!({}));
                match Salync::trigger(self, event, data, now) {
                    Ok(id) => json_reply(201, json!({"id": id, "type": event})),
                    Err(e) if !self.webhooks_enabled() => json_reply(409, json!({"message": e})),
                    Err(e) => json_reply(400, json!({"message": e})),
                }
            }
            ("POST", r) if r.starts_with("/_admin/purchase-orders/") => {
                let id = r
                    .strip_prefix("/_admin/purchase-orders/")
                    .and_then(|rest| rest.strip_suffix("/receive"))?;
                match self.receive(id, now) {
                    Ok(po) => json_reply(200, po),
                    Err(reply) => response(&reply),
                }
            }
            _ => return None,
        };
        Some(reply)
    }

    fn admin_info(&self, _shared: &Shared, routes: &mut Vec<&'static str>, info: &mut Value) {
        routes.extend([
            "/_admin/webhooks",
            "/_admin/trigger",
            "/_admin/purchase-orders/{id}/receive",
        ]);
        info["plan"] = json!(self.plan);
    }

    fn details(&self, shared: &Shared) -> Vec<(&'static str, String)> {
        vec![("webhook_secret", shared.identity.webhook_secret.clone())]
    }
}
