//! Salync: the API key (401), faults, routing under the base URL's `/v1`, the per-key daily
//! and burst quota of the configured plan (429 with `Retry-After`, no rate-limit headers),
//! then the handlers (`api.rs`). Every error is `{"error", "message"}`. On the Pro plan,
//! events are delivered to registered webhooks, signed with the webhook secret.

pub mod api;
pub(crate) mod backend;
pub mod store;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use pacer_sdk_core::{Clock, Timestamp};
use serde_json::Value;

use crate::query::Query;
use crate::quota::Verdict;
use crate::reply::Reply;
use crate::routes::Matched;
use crate::server::{Outcome, Req, Shared, lock, retry_secs};
use crate::webhooks::Hub;
use api::error;
use store::SalyncDb;

/// The header carrying the delivery signature (`sha256=<hex>`).
pub const SIGNATURE_HEADER: &str = "X-Salync-Signature";
/// Event types the emulator raises or accepts from `trigger`.
pub const EVENT_TYPES: &[&str] = &[
    "stock.below_threshold",
    "purchase_order.received",
    "channel.listing_error",
];

/// Salync's key, plan, data and webhooks.
pub(crate) struct Salync {
    /// The accepted key (never logged).
    pub api_key: String,
    /// `growth` or `pro`.
    pub plan: String,
    /// The secret deliveries are signed with.
    pub webhook_secret: String,
    /// The data.
    pub db: Mutex<SalyncDb>,
    /// Registered webhooks and deliveries.
    pub hub: Hub,
}

impl Salync {
    /// Salync with its seeded data; webhook retries are timed on `clock` (the emulator's).
    pub fn new(
        seed: u64,
        clock: Arc<dyn Clock>,
        api_key: String,
        plan: String,
        secret: String,
    ) -> Salync {
        let now = clock.now();
        Salync {
            api_key,
            plan,
            hub: Hub::new(secret.clone(), SIGNATURE_HEADER, clock),
            webhook_secret: secret,
            db: Mutex::new(store::seed(seed, now)),
        }
    }

    /// Webhooks exist on the Pro plan only.
    pub fn webhooks_enabled(&self) -> bool {
        self.plan.eq_ignore_ascii_case("pro")
    }

    /// Registers a delivery target.
    pub fn register(&self, url: &str) -> Result<String, String> {
        if !self.webhooks_enabled() {
            return Err(format!(
                "webhooks are available on the Pro plan only (this emulator runs the {} plan)",
                self.plan
            ));
        }
        self.hub.register(url)
    }

    /// Delivers the events the last writes raised (Pro) or drops them (Growth).
    fn flush(&self, db: &mut SalyncDb, now: Timestamp) {
        for (ty, data) in std::mem::take(&mut db.events) {
            if self.webhooks_enabled() {
                let id = format!("evt_{}", db.event_rng.base36(20));
                self.hub.emit(&id, &ty, now, data);
            }
        }
    }

    /// Emits `event` with `data` now; returns the event id.
    pub fn trigger(&self, event: &str, data: Value, now: Timestamp) -> Result<String, String> {
        if !self.webhooks_enabled() {
            return Err(format!(
                "webhooks are available on the Pro plan only (this emulator runs the {} plan)",
                self.plan
            ));
        }
        if !EVENT_TYPES.contains(&event) {
            return Err(format!(
                "unknown event type {event:?} (known: {})",
                EVENT_TYPES.join(", ")
            ));
        }
        let mut db = lock(&self.db);
        if event == "channel.listing_error" {
            api::listing_error(&mut db, &data);
        }
        let id = format!("evt_{}", db.event_rng.base36(20));
        self.hub.emit(&id, event, now, data);
        Ok(id)
    }

    /// Receives a purchase order into stock now.
    pub fn receive(&self, id: &str, now: Timestamp) -> Result<Value, Reply> {
        let mut db = lock(&self.db);
        let po = db.receive(id, now)?;
        self.flush(&mut db, now);
        Ok(po)
    }

    /// The key and webhook secret, for redaction.
    pub fn secrets(&self) -> Vec<String> {
        vec![self.api_key.clone(), self.webhook_secret.clone()]
    }
}

/// Salync's answer to an oversized body: refused before anything else.
pub(crate) fn oversized() -> Reply {
    error(413, "payload_too_large", "The request body is too large")
}

/// Decodes `%XX` escapes of a path segment (SKUs may carry reserved characters).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn refusal(shared: &Shared, s: &Salync, window: &str) -> Reply {
    let limit = shared
        .usage()
        .into_iter()
        .find(|w| w.window == window)
        .map_or(0, |w| w.limit);
    let plan = s.plan.to_ascii_lowercase();
    let message = if window.ends_with("daily") {
        format!(
            "Daily quota of {limit} requests on the {plan} plan is used up; it resets at midnight UTC"
        )
    } else {
        format!("Burst limit of {limit} requests per minute on the {plan} plan exceeded")
    };
    error(429, "rate_limited", &message)
}

/// Key (401) → fault → route (404/405) → quota (429) → handler.
pub(crate) async fn process(shared: &Shared, s: &Salync, req: &Req) -> Outcome {
    let (method, path) = (req.method.as_str(), req.path.as_str());
    let key = req.credential(&shared.spec.auth.header, &shared.spec.auth.prefix);
    if key.as_deref() != Some(s.api_key.as_str()) {
        return Outcome::reply(
            error(401, "unauthorized", "Missing or invalid API key"),
            false,
        );
    }
    let matched = shared.route(method, path);
    let ep = match &matched {
        Matched::Endpoint { index, .. } => Some(&shared.spec.endpoints[*index]),
        _ => None,
    };
    let endpoint = ep.map(|e| e.name.clone());
    let paged_list = ep.is_some_and(|e| e.paging.is_some()) && method == "GET";
    let fault = shared.fault(method, path, paged_list).await;
    let answer = |reply: Option<Reply>, counted: bool| Outcome {
        reply,
        endpoint: endpoint.clone(),
        counted,
        authenticated: true,
    };
    if let Some(st) = fault.status {
        return answer(
            Some(error(
                st,
                "injected_fault",
                &format!("Injected fault: HTTP {st}"),
            )),
            false,
        );
    }
    if fault.drop_before {
        return answer(None, false);
    }
    let drop_after = fault.drop_after;
    let (ep, params) = match (ep, matched) {
        (Some(ep), Matched::Endpoint { params, .. }) => (ep, params),
        (_, Matched::MethodNotAllowed) => {
            let reply = error(
                405,
                "method_not_allowed",
                &format!("{method} is not supported on {path}"),
            );
            return answer((!drop_after).then_some(reply), false);
        }
        _ => {
            let reply = error(
                404,
                "not_found",
                &format!("No route matches {method} {path}"),
            );
            return answer((!drop_after).then_some(reply), false);
        }
    };
    if let Verdict::Refuse {
        window,
        retry_after_ms,
    } = shared.admit(&ep.group, method, req.at)
    {
        let reply = refusal(shared, s, &window)
            .header("Retry-After", retry_secs(retry_after_ms).to_string());
        return answer((!drop_after).then_some(reply), false);
    }
    let params: BTreeMap<String, String> = params
        .into_iter()
        .map(|(k, v)| (k, percent_decode(&v)))
        .collect();
    let ctx = api::Ctx {
        ep,
        name: &ep.name,
        now: req.at,
        query: Query::parse(&req.raw_query),
        params: &params,
        body: &req.body,
        root: &shared.root_url,
        path,
        paging: ep.paging.as_ref().and_then(|p| shared.spec.paging.get(p)),
        clamp: fault.clamp,
    };
    let reply = {
        let mut db = lock(&s.db);
        let reply = api::handle(&ctx, &mut db);
        s.flush(&mut db, req.at);
        reply
    };
    answer((!drop_after).then_some(reply), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_percent_decoded() {
        assert_eq!(percent_decode("WIDGET%2F001"), "WIDGET/001");
        assert_eq!(percent_decode("A%20B"), "A B");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
