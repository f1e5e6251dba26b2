//! Syncore: the key and User-Agent checks, faults, routing, the per-group quota, then the
//! handlers over the seeded jobs (`api.rs`), with `{"message"}` and ProblemDetails errors.

pub mod api;
pub(crate) mod backend;
pub mod listing;
pub mod seed;
pub mod shape;
pub mod store;
pub mod values;

use std::sync::Mutex;

use crate::query::Query;
use crate::quota::Verdict;
use crate::reply::Reply;
use crate::routes::Matched;
use crate::server::{Outcome, Req, Shared, lock, retry_secs};
use api::Ctx;
use store::Db;

/// User-Agents of generic HTTP libraries: never a registered integration.
const GENERIC_AGENTS: &[&str] = &[
    "curl/",
    "python-requests/",
    "python-urllib",
    "node-fetch",
    "axios/",
    "undici",
    "reqwest",
    "go-http-client",
    "okhttp",
    "java/",
    "mozilla/",
];

/// Syncore's credentials and data.
pub(crate) struct Syncore {
    /// The accepted key (never logged).
    pub api_key: String,
    /// Registered User-Agents, if restricted.
    pub user_agents: Option<Vec<String>>,
    /// The data.
    pub db: Mutex<Db>,
}

impl Syncore {
    fn user_agent_ok(&self, ua: Option<&str>) -> bool {
        let Some(ua) = ua.map(str::trim).filter(|u| !u.is_empty()) else {
            return false;
        };
        match &self.user_agents {
            Some(list) => list.iter().any(|r| r.trim() == ua),
            None => {
                let lower = ua.to_ascii_lowercase();
                !GENERIC_AGENTS.iter().any(|g| lower.starts_with(g))
            }
        }
    }
}

/// Syncore's answer to an oversized body: refused before anything else.
pub(crate) fn oversized() -> Reply {
    Reply::message(413, "Request body too large")
}

/// Key (401) → User-Agent (403) → fault → route (404/405) → quota (429) → handler.
pub(crate) async fn process(shared: &Shared, s: &Syncore, req: &Req) -> Outcome {
    let (method, path) = (req.method.as_str(), req.path.as_str());
    let key = req.credential(&shared.spec.auth.header, &shared.spec.auth.prefix);
    let authenticated = key.as_deref() == Some(s.api_key.as_str());
    if !authenticated {
        return Outcome::reply(
            Reply::message(401, "Unauthorized: missing or invalid API key"),
            false,
        );
    }
    if !s.user_agent_ok(req.header("user-agent").as_deref()) {
        return Outcome::reply(
            Reply::message(
                403,
                "Forbidden: the User-Agent is not registered for this integration",
            ),
            true,
        );
    }
    let matched = shared.route(method, path);
    let ep = match &matched {
        Matched::Endpoint { index, .. } => Some(&shared.spec.endpoints[*index]),
        _ => None,
    };
    let endpoint = ep.map(|e| e.name.clone());
    let paged_list = ep.is_some_and(|e| e.paging.is_some()) && method == "GET";
    // Faults apply to every request that passed auth, routed or not, in injection order.
    let fault = shared.fault(method, path, paged_list).await;
    let answer = |reply: Option<Reply>, counted: bool| Outcome {
        reply,
        endpoint: endpoint.clone(),
        counted,
        authenticated: true,
    };
    if let Some(st) = fault.status {
        return answer(
            Some(Reply::message(st, &format!("Injected fault: HTTP {st}"))),
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
            let msg = if method == "DELETE" {
                "Method not allowed: the API does not delete records".to_string()
            } else {
                format!("Method not allowed: {method} is not supported on this path")
            };
            return answer((!drop_after).then(|| Reply::message(405, &msg)), false);
        }
        _ => return answer((!drop_after).then(Reply::not_found), false),
    };
    if let Verdict::Refuse {
        window,
        retry_after_ms,
    } = shared.admit(&ep.group, method, req.at)
    {
        let reply = Reply::message(429, &format!("Rate limit exceeded for {window}"))
            .header("retry-after", retry_secs(retry_after_ms).to_string());
        return answer((!drop_after).then_some(reply), false);
    }
    let ctx = Ctx {
        spec: &shared.spec,
        ep,
        now: req.at,
        base_url: &shared.base_url,
        path,
        query: Query::parse(&req.raw_query),
        params: &params,
        body: &req.body,
        clamp: fault.clamp,
    };
    let reply = {
        let mut db = lock(&s.db);
        api::handle(&ctx, &mut db)
    };
    answer((!drop_after).then_some(reply), true)
}
