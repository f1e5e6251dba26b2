//! HTTP serving with hyper, shared by every provider: reading the request, the admin view, the
//! request log, then the provider's own pipeline (auth, faults, routing, quota, handlers).
//! hyper is used directly (not a framework) because a fault must be able to close the TCP
//! connection without any response: a service error makes hyper's HTTP/1 connection abort.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{HeaderMap, Request, Response};
use hyper_util::rt::TokioIo;
use pacer_sdk_core::{Clock, ManualClock, ProviderSpec, Timestamp};
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::admin;
use crate::error::EmulatorError;
use crate::faults::{FaultKind, FaultQueue};
use crate::provider::ProviderBackend;
use crate::quota::{QuotaBook, Verdict, WindowUsage};
use crate::reply::{Reply, response};
use crate::routes::{Matched, RouteTable};

/// One request as the emulator received it (credentials are never recorded).
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
    /// Whether the credentials were right (API key, or a valid unexpired Synq token).
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
    /// The path every spec route sits under ("/v1" when the spec's base URL has a path).
    pub prefix: String,
    /// The clock every request is timed by.
    pub clock: Arc<dyn Clock>,
    /// Who may move the clock.
    pub clock_kind: ClockKind,
    /// `http://127.0.0.1:PORT`, the server's root (admin routes live here).
    pub root_url: String,
    /// The API's base: the root plus the prefix.
    pub base_url: String,
    /// Quota counters.
    pub quota: Mutex<QuotaBook>,
    /// Pending faults.
    pub faults: Mutex<FaultQueue>,
    /// Every request received.
    pub log: Mutex<Vec<RecordedRequest>>,
    /// Lockstep virtual time for workers in other processes.
    pub lockstep: crate::lockstep::Lockstep,
    /// The provider: its credentials, data and pipeline.
    pub backend: Box<dyn ProviderBackend>,
    /// Tenant, organization and webhook secret (resolved for every provider).
    pub identity: Identity,
}

/// Ids and secrets resolved from the configuration or derived from the seed.
pub(crate) struct Identity {
    /// Synq's tenant id.
    pub tenant_id: String,
    /// Synq's organization id.
    pub org_id: String,
    /// The webhook signing secret.
    pub webhook_secret: String,
}

/// Locks a mutex, surviving a panicked holder (the data stays usable for tests).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Bodies above this are refused with 413 when the spec states no limit.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

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

    /// Replaces every credential and secret the provider knows in `text`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        let mut secrets = self.backend.secrets();
        secrets.push(self.identity.webhook_secret.clone());
        for secret in secrets {
            if !secret.is_empty() {
                out = out.replace(&secret, "[redacted]");
            }
        }
        out
    }

    /// Matches a request path against the spec's routes (under the prefix).
    pub fn route(&self, method: &str, path: &str) -> Matched {
        match strip_prefix(path, &self.prefix) {
            Some(rest) => self.routes.find(method, rest),
            None => Matched::NotFound,
        }
    }

    /// Decides on a request of `group`/`method` now, counting it when accepted.
    pub fn admit(&self, group: &str, method: &str, at: Timestamp) -> Verdict {
        lock(&self.quota).admit(group, method, at)
    }

    /// Takes the first pending fault matching the request and applies a delay at once.
    pub async fn fault(&self, method: &str, path: &str, paged_list: bool) -> FaultStep {
        let fault = lock(&self.faults).take(method, path, paged_list);
        match fault {
            None => FaultStep::default(),
            Some(FaultKind::Delay(d)) => {
                tokio::time::sleep(d).await;
                FaultStep::default()
            }
            Some(FaultKind::Status(s)) => FaultStep {
                status: Some(s),
                ..FaultStep::default()
            },
            Some(FaultKind::DropBeforeCommit) => FaultStep {
                drop_before: true,
                ..FaultStep::default()
            },
            Some(FaultKind::ClampPage(n)) => FaultStep {
                clamp: Some(n),
                ..FaultStep::default()
            },
            Some(FaultKind::DropAfterCommit) => FaultStep {
                drop_after: true,
                ..FaultStep::default()
            },
        }
    }
}

/// `path` below `prefix`, or `None` when it is not below it.
fn strip_prefix<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    if prefix.is_empty() {
        return Some(path);
    }
    let rest = path.strip_prefix(prefix)?;
    if rest.is_empty() {
        Some("/")
    } else if rest.starts_with('/') {
        Some(rest)
    } else {
        None
    }
}

/// What an injected fault asks of the request in hand.
#[derive(Debug, Default)]
pub(crate) struct FaultStep {
    /// Answer this status without doing anything.
    pub status: Option<u16>,
    /// Close the connection without doing anything.
    pub drop_before: bool,
    /// Do the work, then close the connection without answering.
    pub drop_after: bool,
    /// Shrink the real page size of a paged list.
    pub clamp: Option<u32>,
}

/// The milliseconds of a refusal as whole seconds for `Retry-After` (at least 1).
pub(crate) fn retry_secs(ms: i64) -> u64 {
    u64::try_from((ms + 999) / 1000).unwrap_or(1).max(1)
}

/// A request as every provider's pipeline sees it.
pub(crate) struct Req {
    /// Clock reading at arrival.
    pub at: Timestamp,
    /// Upper-case method.
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// Raw query string.
    pub raw_query: String,
    /// Request headers.
    pub headers: HeaderMap,
    /// The body (empty when it was too large).
    pub body: Bytes,
    /// The body exceeded the size limit.
    pub too_large: bool,
    /// The client's address.
    pub peer: IpAddr,
}

impl Req {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    }

    /// The credential of an `Authorization`-style header after its scheme (`Bearer`), if any.
    pub fn credential(&self, header: &str, prefix: &str) -> Option<String> {
        let value = self.header(header)?;
        let value = value.trim();
        let scheme = prefix.trim();
        if scheme.is_empty() {
            return Some(value.to_string());
        }
        let rest = value
            .get(..scheme.len())
            .filter(|head| head.eq_ignore_ascii_case(scheme))
            .map(|_| &value[scheme.len()..])
            .filter(|rest| rest.starts_with(char::is_whitespace));
        // A credential without its scheme is no credential (`Authorization: <key>` fails).
        Some(rest.map_or("", str::trim).to_string())
    }
}

/// What became of a request.
pub(crate) struct Outcome {
    /// `None`: drop the connection.
    pub reply: Option<Reply>,
    /// Spec endpoint name, when routed.
    pub endpoint: Option<String>,
    /// Counted toward the quota.
    pub counted: bool,
    /// The credentials were right.
    pub authenticated: bool,
}

impl Outcome {
    /// An uncounted answer.
    pub fn reply(reply: Reply, authenticated: bool) -> Outcome {
        Outcome {
            reply: Some(reply),
            endpoint: None,
            counted: false,
            authenticated,
        }
    }
}

async fn handle(
    shared: Arc<Shared>,
    peer: IpAddr,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let at = shared.clock.now();
    let method = req.method().as_str().to_ascii_uppercase();
    let path = req.uri().path().to_string();
    let raw_query = req.uri().query().unwrap_or("").to_string();
    let (parts, body) = req.into_parts();
    let limit = shared
        .spec
        .limits
        .max_body_bytes
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(MAX_BODY_BYTES);
    let (body, too_large) = match Limited::new(body, limit).collect().await {
        Ok(collected) => (collected.to_bytes(), false),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => (Bytes::new(), true),
        Err(_) => return Err(Dropped),
    };
    if !too_large && method == "POST" && path == "/_admin/lockstep/wait" {
        return Ok(admin::lockstep_wait(&shared, &body).await);
    }
    if !too_large && (path == "/_admin" || path.starts_with("/_admin/")) {
        return Ok(admin::handle(&shared, &method, &path, &body));
    }
    let req = Req {
        at,
        method,
        path,
        raw_query,
        headers: parts.headers,
        body,
        too_large,
        peer,
    };
    if too_large && let Some(reply) = shared.backend.oversized(&req) {
        // Refused before it is recorded: nothing of it was read.
        return Ok(response(&reply));
    }
    // The entry is logged before processing so concurrent requests keep arrival order.
    let index = {
        let mut log = lock(&shared.log);
        log.push(RecordedRequest {
            at,
            method: req.method.clone(),
            path: shared.redact(&req.path),
            query: shared.redact(&req.raw_query),
            endpoint: None,
            status: 0,
            user_agent: req.header("user-agent").map(|u| shared.redact(&u)),
            authenticated: false,
            body: (!req.body.is_empty())
                .then(|| shared.redact(&String::from_utf8_lossy(&req.body))),
            counted: false,
        });
        log.len() - 1
    };
    let outcome = shared.backend.process(&shared, &req).await;
    {
        let mut log = lock(&shared.log);
        if let Some(r) = log.get_mut(index) {
            r.endpoint = outcome.endpoint.clone();
            r.status = outcome.reply.as_ref().map_or(0, |r| r.status);
            r.counted = outcome.counted;
            r.authenticated = outcome.authenticated;
        }
    }
    match &outcome.reply {
        Some(reply) => Ok(response(reply)),
        None => Err(Dropped),
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

/// Accepts connections until `stop` fires; dropping the task set aborts open connections.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    // Outbound webhook deliveries run beside the server and stop with it.
    let worker = shared.backend.start_worker();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, addr)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let shared = shared.clone();
                let peer = peer_ip(addr);
                connections.spawn(async move {
                    let service = service_fn(move |req| handle(shared.clone(), peer, req));
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
    if let Some(w) = worker {
        w.abort();
    }
}

fn peer_ip(addr: SocketAddr) -> IpAddr {
    match addr.ip() {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        ip => ip,
    }
}
