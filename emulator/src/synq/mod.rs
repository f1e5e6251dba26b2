//! Synq: the per-IP sliding-window limiter in front of everything (as the real server's global
//! middleware), bearer tokens with an expiry on the emulator clock, the tenant and org headers,
//! faults, routing, then the handlers (`api.rs`). Auth errors are JSON `{"error"}`; every other
//! error is plain text. `POST /unified/webhook` is public and checks an HMAC signature instead.

pub mod api;
pub(crate) mod backend;
pub mod orders;
pub mod store;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use pacer_sdk_core::Timestamp;
use serde_json::{Value, json};

use crate::query::Query;
use crate::quota::Verdict;
use crate::reply::Reply;
use crate::rng::Rng;
use crate::routes::Matched;
use crate::server::{Outcome, Req, Shared, lock, retry_secs};
use store::SynqDb;

/// The inbound webhook path (Unified.to's deliveries; outside the spec, which lists only what
/// clients call).
pub const WEBHOOK_PATH: &str = "/unified/webhook";
/// The header carrying the inbound signature.
pub const SIGNATURE_HEADER: &str = "x-unified-signature";
/// How long `api_key()`'s token and tokens issued without a TTL stay valid.
pub const DEFAULT_TTL: Duration = Duration::from_secs(3600);

/// Issued tokens and when each expires.
struct Tokens {
    expiry: HashMap<String, Timestamp>,
    rng: Rng,
}

/// Synq's identity, tokens and data.
pub(crate) struct Synq {
    /// The tenant every request must name in `X-Tenant-ID`.
    pub tenant_id: String,
    /// The organization every request must name in `X-Org-ID`.
    pub org_id: String,
    /// The secret inbound webhooks are signed with.
    pub webhook_secret: String,
    /// The token issued at start (valid one hour of the emulator clock).
    pub initial_token: String,
    tokens: Mutex<Tokens>,
    /// The data.
    pub db: Mutex<SynqDb>,
}

enum TokenState {
    Valid,
    Expired,
    Unknown,
}

impl Synq {
    /// Synq with its seeded data and a first token valid for an hour from `now`.
    pub fn new(
        seed: u64,
        port: u16,
        now: Timestamp,
        ids: (String, String),
        webhook_secret: String,
        initial_token: Option<String>,
    ) -> Synq {
        let (org_id, tenant_id) = ids;
        let db = store::seed(seed, now, &org_id, &tenant_id);
        // Tokens differ between emulators on the same seed, so one's token is no good at another.
        let rng = Rng::derive(seed ^ u64::from(port).rotate_left(32), 106, 0);
        let mut tokens = Tokens {
            expiry: HashMap::new(),
            rng,
        };
        let initial_token = initial_token.unwrap_or_else(|| tokens.fresh());
        tokens
            .expiry
            .insert(initial_token.clone(), now.plus(DEFAULT_TTL));
        Synq {
            tenant_id,
            org_id,
            webhook_secret,
            initial_token,
            tokens: Mutex::new(tokens),
            db: Mutex::new(db),
        }
    }

    /// A new token valid for `ttl` from `now`.
    pub fn issue(&self, now: Timestamp, ttl: Duration) -> (String, Timestamp) {
        let mut t = lock(&self.tokens);
        let token = t.fresh();
        let expires = now.plus(ttl);
        t.expiry.insert(token.clone(), expires);
        (token, expires)
    }

    fn check(&self, token: &str, now: Timestamp) -> TokenState {
        match lock(&self.tokens).expiry.get(token) {
            Some(exp) if now < *exp => TokenState::Valid,
            Some(_) => TokenState::Expired,
            None => TokenState::Unknown,
        }
    }

    /// Every token and the webhook secret, for redaction.
    pub fn secrets(&self) -> Vec<String> {
        let mut s: Vec<String> = lock(&self.tokens).expiry.keys().cloned().collect();
        s.push(self.webhook_secret.clone());
        s
    }

    /// Moves an order along the state machine now (see `api::transition`).
    pub fn transition(&self, id: &str, status: &str, now: Timestamp) -> Result<Value, String> {
        api::transition(&mut lock(&self.db), id, status, now)
    }

    /// Inbound webhook events accepted so far.
    pub fn inbound(&self) -> Vec<Value> {
        lock(&self.db).inbound.clone()
    }
}

impl Tokens {
    fn fresh(&mut self) -> String {
        format!("synq_{}", self.rng.base36(40))
    }
}

fn unauthorized(msg: &str) -> Reply {
    Reply::json(401, json!({ "error": format!("Unauthorized: {msg}") }))
}

fn forbidden(msg: &str) -> Reply {
    Reply::json(403, json!({ "error": format!("Forbidden: {msg}") }))
}

/// The rate-limit headers every Synq response carries.
fn with_limits(shared: &Shared, reply: Reply, refused: bool) -> Reply {
    let usage = shared.usage();
    let wanted = shared.spec.quota.server.remaining_window.as_deref();
    let window = usage
        .iter()
        .find(|w| Some(w.window.as_str()) == wanted)
        .or_else(|| usage.first());
    match window {
        Some(w) => {
            let remaining = if refused {
                0
            } else {
                w.limit.saturating_sub(w.used)
            };
            reply
                .header("X-RateLimit-Limit", w.limit.to_string())
                .header("X-RateLimit-Remaining", remaining.to_string())
        }
        None => reply,
    }
}

/// Limiter (429, every request) → 413 → public webhook → token (401) → tenant and org
/// headers (401/403) → fault → route (404/405) → handler.
pub(crate) async fn process(shared: &Shared, s: &Synq, req: &Req) -> Outcome {
    let (method, path) = (req.method.as_str(), req.path.as_str());
    let matched = shared.route(method, path);
    let ep = match &matched {
        Matched::Endpoint { index, .. } => Some(&shared.spec.endpoints[*index]),
        _ => None,
    };
    let endpoint = ep.map(|e| e.name.clone());
    // The limiter is global middleware in the real server: it sees every request first.
    let group = ep.map_or("", |e| e.group.as_str());
    if let Verdict::Refuse { retry_after_ms, .. } = shared.admit(group, method, req.at) {
        let reply = Reply::text(429, "Too Many Requests")
            .header("Retry-After", retry_secs(retry_after_ms).to_string());
        return Outcome {
            reply: Some(with_limits(shared, reply, true)),
            endpoint,
            counted: false,
            authenticated: false,
        };
    }
    let mut out = pipeline(shared, s, req, matched).await;
    out.counted = true;
    out.endpoint = out.endpoint.or(endpoint);
    out.reply = out.reply.map(|r| with_limits(shared, r, false));
    out
}

async fn pipeline(shared: &Shared, s: &Synq, req: &Req, matched: Matched) -> Outcome {
    let (method, path) = (req.method.as_str(), req.path.as_str());
    if req.too_large {
        return Outcome::reply(Reply::text(413, "http: request body too large"), false);
    }
    if path == WEBHOOK_PATH {
        if method != "POST" {
            return Outcome::reply(Reply::text(405, "Method Not Allowed"), false);
        }
        return inbound_webhook(shared, s, req).await;
    }
    let token = req.credential(&shared.spec.auth.header, &shared.spec.auth.prefix);
    match token.as_deref().filter(|t| !t.is_empty()) {
        None => {
            return Outcome::reply(
                unauthorized("Missing or invalid Authorization header"),
                false,
            );
        }
        Some(t) => match s.check(t, req.at) {
            TokenState::Valid => {}
            TokenState::Expired => return Outcome::reply(unauthorized("token expired"), false),
            TokenState::Unknown => {
                return Outcome::reply(
                    unauthorized("Missing or invalid Authorization header"),
                    false,
                );
            }
        },
    }
    // The scoping headers are named by the spec's config headers (X-Tenant-ID, X-Org-ID).
    for (key, want, label) in [
        ("tenant_id", &s.tenant_id, "tenant"),
        ("org_id", &s.org_id, "organization"),
    ] {
        let name = scoping_header(shared, key);
        match req.header(&name).map(|v| v.trim().to_string()) {
            Some(v) if v.is_empty() => {
                return Outcome::reply(unauthorized(&format!("missing {name} header")), true);
            }
            None => {
                return Outcome::reply(unauthorized(&format!("missing {name} header")), true);
            }
            Some(v) if !v.eq_ignore_ascii_case(want) => {
                return Outcome::reply(
                    forbidden(&format!("{name} does not match the token's {label}")),
                    true,
                );
            }
            Some(_) => {}
        }
    }
    let ep = match &matched {
        Matched::Endpoint { index, .. } => Some(&shared.spec.endpoints[*index]),
        _ => None,
    };
    let paged_list = ep.is_some_and(|e| e.paging.is_some()) && method == "GET";
    let fault = shared.fault(method, path, paged_list).await;
    if let Some(st) = fault.status {
        return Outcome::reply(Reply::text(st, &format!("Injected fault: HTTP {st}")), true);
    }
    if fault.drop_before {
        return Outcome {
            reply: None,
            endpoint: None,
            counted: false,
            authenticated: true,
        };
    }
    let drop_after = fault.drop_after;
    let answer = |reply: Reply| Outcome {
        reply: (!drop_after).then_some(reply),
        endpoint: None,
        counted: false,
        authenticated: true,
    };
    let (ep, params) = match (ep, matched) {
        (Some(ep), Matched::Endpoint { params, .. }) => (ep, params),
        (_, Matched::MethodNotAllowed) => return answer(Reply::text(405, "Method Not Allowed")),
        _ => return answer(Reply::text(404, "404 page not found")),
    };
    let max_limit = ep
        .paging
        .as_ref()
        .and_then(|p| shared.spec.paging.get(p))
        .map_or(100, |p| p.max_size);
    let ctx = api::Ctx {
        ep,
        name: &ep.name,
        now: req.at,
        query: Query::parse(&req.raw_query),
        params: &params,
        body: &req.body,
        ip: req.peer.to_string(),
        list_cap: ep.list_cap,
        max_limit,
        clamp: fault.clamp,
    };
    let reply = {
        let mut db = lock(&s.db);
        api::handle(&ctx, &mut db)
    };
    answer(reply)
}

/// The header carrying config value `key` (`tenant_id`, `org_id`) per the spec.
fn scoping_header(shared: &Shared, key: &str) -> String {
    shared
        .spec
        .config_headers
        .iter()
        .find(|h| h.config_key == key)
        .map(|h| h.header.clone())
        .unwrap_or_else(|| match key {
            "tenant_id" => "X-Tenant-ID".into(),
            _ => "X-Org-ID".into(),
        })
}

/// `POST /unified/webhook`: signature (401) → JSON (400) → `connection_id` (400) → known
/// connection (403) → 200, the event recorded.
async fn inbound_webhook(shared: &Shared, s: &Synq, req: &Req) -> Outcome {
    let given = req.header(SIGNATURE_HEADER).unwrap_or_default();
    if !signed(&s.webhook_secret, &req.body, &given) {
        return Outcome::reply(Reply::text(401, "invalid signature"), false);
    }
    let fault = shared.fault("POST", WEBHOOK_PATH, false).await;
    if let Some(st) = fault.status {
        return Outcome::reply(Reply::text(st, &format!("Injected fault: HTTP {st}")), true);
    }
    if fault.drop_before {
        return Outcome {
            reply: None,
            endpoint: None,
            counted: false,
            authenticated: true,
        };
    }
    let reply = {
        let mut db = lock(&s.db);
        accept_event(&mut db, req)
    };
    Outcome {
        reply: (!fault.drop_after).then_some(reply),
        endpoint: None,
        counted: false,
        authenticated: true,
    }
}

/// Whether `given` is the hex HMAC-SHA256 of `body` (any case), compared in constant time.
/// Independent of core's `verify_signature` on purpose: the server's check must not inherit a
/// client-side leniency (core's hex decoding takes `+f` for `0f`), so this compares the text.
fn signed(secret: &str, body: &[u8], given: &str) -> bool {
    let expected = pacer_sdk_core::webhooks::sign(secret, body, "");
    let given = given.trim().to_ascii_lowercase();
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn accept_event(db: &mut SynqDb, req: &Req) -> Reply {
    let Ok(Value::Object(event)) = serde_json::from_slice::<Value>(&req.body) else {
        return Reply::text(400, "invalid JSON payload");
    };
    let Some(connection) = event
        .get("connection_id")
        .and_then(Value::as_str)
        .filter(|c| !c.trim().is_empty())
    else {
        return Reply::text(400, "missing connection_id");
    };
    let active = db.connections.iter().any(|c| {
        c.get("unified_connection_id").and_then(Value::as_str) == Some(connection)
            && c.get("status").and_then(Value::as_str) == Some("ACTIVE")
    });
    if !active {
        return Reply::text(403, "unknown or inactive connection");
    }
    db.inbound.push(json!({
        "received_at": req.at.to_rfc3339(),
        "connection_id": connection,
        "event": event.get("event").cloned().unwrap_or(Value::Null),
        "workspace_id": event.get("workspace_id").cloned().unwrap_or(Value::Null),
        "data": event.get("data").cloned().unwrap_or(Value::Null),
    }));
    Reply::json(200, json!({"status": "accepted"}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_compared_as_hex_text() {
        let sig = pacer_sdk_core::webhooks::sign("whsec", b"{}", "");
        assert!(signed("whsec", b"{}", &sig));
        assert!(signed("whsec", b"{}", &format!(" {} ", sig.to_uppercase())));
        assert!(!signed("whsec", b"{} ", &sig));
        assert!(!signed("whsec", b"{}", ""));
        // A byte written `+f` instead of `0f` is not the signature, whatever a decoder says.
        let body = (0..)
            .map(|n: u32| format!("{{\"n\":{n}}}"))
            .find(|b| {
                let s = pacer_sdk_core::webhooks::sign("whsec", b.as_bytes(), "");
                (0..s.len()).step_by(2).any(|i| &s[i..i + 1] == "0")
            })
            .unwrap();
        let sig = pacer_sdk_core::webhooks::sign("whsec", body.as_bytes(), "");
        let at = (0..sig.len())
            .step_by(2)
            .find(|i| &sig[*i..i + 1] == "0")
            .unwrap();
        let plus = format!("{}+{}", &sig[..at], &sig[at + 1..]);
        assert!(!signed("whsec", body.as_bytes(), &plus));
    }
}
