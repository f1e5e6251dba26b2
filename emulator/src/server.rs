//! HTTP serving with hyper: auth, User-Agent, routing, faults, quota, then the handlers.
//! hyper is used directly (not a framework) because a fault must be able to close the TCP
//! connection without any response: a service error makes hyper's HTTP/1 connection abort.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use pacer_core::{Clock, ManualClock, ProviderSpec, Timestamp};
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::admin;
use crate::api::{self, Ctx, Reply};
use crate::error::EmulatorError;
use crate::faults::{FaultKind, FaultQueue};
use crate::listing::Query;
use crate::quota::{QuotaBook, Verdict, WindowUsage};
use crate::routes::{Matched, RouteTable};
use crate::store::Db;

/// One request as the emulator received it (the API key is never recorded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// Clock reading at arrival.
    pub at: Timestamp,
    /// HTTP method.
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// Raw query string ("" when none).
    pub query: String,
    /// Spec endpoint name, when the route matched one.
    pub endpoint: Option<String>,
    /// Status answered; 0 when the connection was dropped (or the answer is still pending).
    pub status: u16,
    /// The User-Agent header.
    pub user_agent: Option<String>,
    /// Whether the API key was right.
    pub authenticated: bool,
    /// The request body as text.
    pub body: Option<String>,
    /// Whether the request was counted toward the quota.
    pub counted: bool,
}

/// Who moves the clock.
pub(crate) enum ClockKind {
    /// The emulator's own virtual clock.
    Manual(Arc<ManualClock>),
    /// A clock shared with the client (moved with `advance_to`).
    Shared,
    /// Real time.
    System,
}

/// State shared by the server tasks and the `Emulator` handle.
pub(crate) struct Shared {
    /// The (possibly overridden) provider spec.
    pub spec: ProviderSpec,
    /// Routes compiled from the spec.
    pub routes: RouteTable,
    /// The accepted key (never logged).
    pub api_key: String,
    /// Registered User-Agents, if restricted.
    pub user_agents: Option<Vec<String>>,
    /// The clock every request is timed by.
    pub clock: Arc<dyn Clock>,
    /// Who may move the clock.
    pub clock_kind: ClockKind,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The data.
    pub db: Mutex<Db>,
    /// Quota counters.
    pub quota: Mutex<QuotaBook>,
    /// Pending faults.
    pub faults: Mutex<FaultQueue>,
    /// Every request received.
    pub log: Mutex<Vec<RecordedRequest>>,
    /// Lockstep virtual time for workers in other processes.
    pub lockstep: crate::lockstep::Lockstep,
}

/// Locks a mutex, surviving a panicked holder (the data stays usable for tests).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Bodies above this are refused with 413 before anything else (no real client sends them).
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

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

impl Shared {
    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) -> Result<(), EmulatorError> {
        match &self.clock_kind {
            ClockKind::Manual(c) => {
                c.advance(by);
                Ok(())
            }
            ClockKind::Shared => self.set_clock(self.clock.now().plus(by)),
            ClockKind::System => Err(EmulatorError::NotVirtual),
        }
    }

    /// Sets the clock to `t` (never backwards).
    pub fn set_clock(&self, t: Timestamp) -> Result<(), EmulatorError> {
        if matches!(self.clock_kind, ClockKind::System) {
            return Err(EmulatorError::NotVirtual);
        }
        if t < self.clock.now() {
            return Err(EmulatorError::ClockBackwards);
        }
        self.clock.advance_to(t);
        if self.clock.now() < t {
            // A shared clock that ignores advances is real time in disguise.
            return Err(EmulatorError::NotVirtual);
        }
        Ok(())
    }

    /// Every quota window's state now.
    pub fn usage(&self) -> Vec<WindowUsage> {
        lock(&self.quota).usage(self.clock.now())
    }

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

    fn redact(&self, text: &str) -> String {
        if self.api_key.is_empty() {
            text.to_string()
        } else {
            text.replace(&self.api_key, "[redacted]")
        }
    }
}

/// The service error that makes hyper abort the connection without a response.
#[derive(Debug)]
pub(crate) struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

/// What became of a request.
struct Outcome {
    /// `None`: drop the connection.
    reply: Option<Reply>,
    retry_after: Option<u64>,
    endpoint: Option<String>,
    counted: bool,
}

impl Outcome {
    fn reply(reply: Reply) -> Outcome {
        Outcome {
            reply: Some(reply),
            retry_after: None,
            endpoint: None,
            counted: false,
        }
    }

    /// An uncounted answer, or a dropped connection when a drop-after fault applies.
    fn answer(reply: Reply, drop: bool) -> Outcome {
        Outcome {
            reply: (!drop).then_some(reply),
            retry_after: None,
            endpoint: None,
            counted: false,
        }
    }
}

/// Builds the HTTP response of a reply.
pub(crate) fn response(reply: &Reply, retry_after: Option<u64>) -> Response<Full<Bytes>> {
    // A final response cannot be informational; 204 and 304 carry no body.
    let status = if (200..600).contains(&reply.status) {
        reply.status
    } else {
        500
    };
    let body = if matches!(status, 204 | 304) {
        Vec::new()
    } else {
        serde_json::to_vec(&reply.body).unwrap_or_default()
    };
    let mut b = Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=utf-8");
    if let Some(l) = &reply.location {
        b = b.header("location", l);
    }
    if let Some(s) = retry_after {
        b = b.header("retry-after", s.to_string());
    }
    b.body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let at = shared.clock.now();
    let method = req.method().as_str().to_ascii_uppercase();
    let path = req.uri().path().to_string();
    let raw_query = req.uri().query().unwrap_or("").to_string();
    let header = |name: &str| {
        req.headers()
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let user_agent = header("user-agent");
    let key = header(&shared.spec.auth.header).map(|k| {
        k.trim()
            .strip_prefix(shared.spec.auth.prefix.as_str())
            .unwrap_or(k.trim())
            .trim()
            .to_string()
    });
    let body = match Limited::new(req.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            let reply = Reply::message(413, "Request body too large");
            return Ok(response(&reply, None));
        }
        Err(_) => return Err(Dropped),
    };
    if method == "POST" && path == "/_admin/lockstep/wait" {
        return Ok(admin::lockstep_wait(&shared, &body).await);
    }
    if path == "/_admin" || path.starts_with("/_admin/") {
        return Ok(admin::handle(&shared, &method, &path, &body));
    }
    let authenticated = key.as_deref() == Some(shared.api_key.as_str());
    let index = {
        let mut log = lock(&shared.log);
        log.push(RecordedRequest {
            at,
            method: method.clone(),
            path: shared.redact(&path),
            query: shared.redact(&raw_query),
            endpoint: None,
            status: 0,
            user_agent: user_agent.as_deref().map(|u| shared.redact(u)),
            authenticated,
            body: (!body.is_empty()).then(|| shared.redact(&String::from_utf8_lossy(&body))),
            counted: false,
        });
        log.len() - 1
    };
    let outcome = process(
        &shared,
        at,
        &method,
        &path,
        &raw_query,
        user_agent.as_deref(),
        authenticated,
        &body,
    )
    .await;
    {
        let mut log = lock(&shared.log);
        if let Some(r) = log.get_mut(index) {
            r.endpoint = outcome.endpoint.clone();
            r.status = outcome.reply.as_ref().map_or(0, |r| r.status);
            r.counted = outcome.counted;
        }
    }
    match &outcome.reply {
        Some(reply) => Ok(response(reply, outcome.retry_after)),
        None => Err(Dropped),
    }
}

#[allow(clippy::too_many_arguments)]
async fn process(
    shared: &Shared,
    at: Timestamp,
    method: &str,
    path: &str,
    raw_query: &str,
    user_agent: Option<&str>,
    authenticated: bool,
    body: &[u8],
) -> Outcome {
    if !authenticated {
        return Outcome::reply(Reply::message(
            401,
            "Unauthorized: missing or invalid API key",
        ));
    }
    if !shared.user_agent_ok(user_agent) {
        return Outcome::reply(Reply::message(
            403,
            "Forbidden: the User-Agent is not registered for this integration",
        ));
    }
    let matched = shared.routes.find(method, path);
    let ep = match &matched {
        Matched::Endpoint { index, .. } => Some(&shared.spec.endpoints[*index]),
        _ => None,
    };
    let endpoint = ep.map(|e| e.name.clone());
    let paged_list = ep.is_some_and(|e| e.paging.is_some()) && method == "GET";
    // Faults apply to every request that passed auth, routed or not, in injection order.
    let fault = lock(&shared.faults).take(method, path, paged_list);
    let mut clamp = None;
    let mut drop_after = false;
    match fault {
        Some(FaultKind::Delay(d)) => tokio::time::sleep(d).await,
        Some(FaultKind::Status(s)) => {
            return Outcome {
                reply: Some(Reply::message(s, &format!("Injected fault: HTTP {s}"))),
                retry_after: None,
                endpoint,
                counted: false,
            };
        }
        Some(FaultKind::DropBeforeCommit) => {
            return Outcome {
                reply: None,
                retry_after: None,
                endpoint,
                counted: false,
            };
        }
        Some(FaultKind::ClampPage(n)) => clamp = Some(n),
        Some(FaultKind::DropAfterCommit) => drop_after = true,
        None => {}
    }
    let (ep, params) = match (ep, matched) {
        (Some(ep), Matched::Endpoint { params, .. }) => (ep, params),
        (_, Matched::MethodNotAllowed) => {
            let msg = if method == "DELETE" {
                "Method not allowed: the API does not delete records".to_string()
            } else {
                format!("Method not allowed: {method} is not supported on this path")
            };
            return Outcome::answer(Reply::message(405, &msg), drop_after);
        }
        _ => return Outcome::answer(Reply::not_found(), drop_after),
    };
    let verdict = lock(&shared.quota).admit(&ep.group, method, at);
    if let Verdict::Refuse {
        window,
        retry_after_ms,
    } = verdict
    {
        let secs = u64::try_from((retry_after_ms + 999) / 1000)
            .unwrap_or(1)
            .max(1);
        return Outcome {
            reply: (!drop_after)
                .then(|| Reply::message(429, &format!("Rate limit exceeded for {window}"))),
            retry_after: Some(secs),
            endpoint,
            counted: false,
        };
    }
    let ctx = Ctx {
        spec: &shared.spec,
        ep,
        now: at,
        base_url: &shared.base_url,
        path,
        query: Query::parse(raw_query),
        params: &params,
        body,
        clamp,
    };
    let reply = {
        let mut db = lock(&shared.db);
        api::handle(&ctx, &mut db)
    };
    Outcome {
        reply: (!drop_after).then_some(reply),
        retry_after: None,
        endpoint,
        counted: true,
    }
}

/// Accepts connections until `stop` fires; dropping the task set aborts open connections.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let shared = shared.clone();
                connections.spawn(async move {
                    let service = service_fn(move |req| handle(shared.clone(), req));
                    let _ = http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() {
                    break;
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}
