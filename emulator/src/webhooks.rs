//! Outbound webhooks: events are signed, queued and POSTed by a worker task beside the server
//! over a plain HTTP/1.1 connection (loopback targets only), retried a few times on failure,
//! and every delivery is recorded for the admin view.
//!
//! The back-off between attempts runs on the emulator's clock. On real time the worker sleeps
//! it. On a virtual clock a retry becomes due at a virtual instant (`next_attempt_at`) and is
//! made once the clock reaches it, however it gets there: `advance`, the admin clock, a client
//! sharing the clock, lockstep workers. A virtual clock that stands still holds retries back,
//! so a test advances the clock instead of sleeping, and knows exactly when each attempt ran.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pacer_sdk_core::{Clock, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::server::lock;

/// Attempts per delivery (the first try and its retries).
const MAX_ATTEMPTS: u32 = 4;
/// Time on the emulator's clock from a failed attempt to the first retry; each later retry
/// waits four times as long (50 ms, 200 ms, 800 ms).
const FIRST_BACKOFF: Duration = Duration::from_millis(50);
/// Real time a target has to accept the connection and answer (a network timeout, not part of
/// the emulated API's timing, so it is never virtual).
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often a retry waiting on a virtual clock looks whether the clock got there (such a
/// clock cannot tell anyone that it moved; reading it is one atomic load).
const VIRTUAL_POLL: Duration = Duration::from_millis(2);

/// One event's delivery to one registered URL, as the admin view reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDelivery {
    /// The event id (`evt_…`).
    pub event_id: String,
    /// The event type, e.g. `stock.below_threshold`.
    pub event_type: String,
    /// Where it was sent.
    pub url: String,
    /// The emulator clock when the event was emitted.
    pub emitted_at: Timestamp,
    /// Attempts made so far.
    pub attempts: u32,
    /// The emulator clock when each attempt was made, in order.
    #[serde(default)]
    pub attempted_at: Vec<Timestamp>,
    /// When the next retry is due on the emulator's clock (`None` while an attempt is in
    /// flight and once finished). On a virtual clock it is made when the clock gets there.
    #[serde(default)]
    pub next_attempt_at: Option<Timestamp>,
    /// The last HTTP status received, if any.
    pub status: Option<u16>,
    /// Whether a 2xx answer was received.
    pub delivered: bool,
    /// Whether the worker is done with it (delivered, or every attempt failed).
    pub finished: bool,
    /// The last failure, if any.
    pub error: Option<String>,
    /// The JSON body sent.
    pub body: String,
}

struct Job {
    index: usize,
    url: String,
    body: Arc<String>,
    signature: String,
}

/// Registered URLs, the delivery queue and its record.
pub(crate) struct Hub {
    secret: String,
    header: &'static str,
    clock: Arc<dyn Clock>,
    urls: Mutex<Vec<String>>,
    deliveries: Arc<Mutex<Vec<WebhookDelivery>>>,
    tx: mpsc::UnboundedSender<Job>,
    rx: Mutex<Option<mpsc::UnboundedReceiver<Job>>>,
}

/// Checks that `url` is `http://` on a loopback host; returns it normalised.
pub(crate) fn loopback_url(url: &str) -> Result<String, String> {
    let parsed = url::Url::parse(url.trim()).map_err(|e| format!("invalid URL {url:?}: {e}"))?;
    if parsed.scheme() != "http" {
        return Err(
            "webhook URLs must use http:// (the emulator delivers on loopback only)".into(),
        );
    }
    target(&parsed)?;
    Ok(parsed.to_string())
}

/// The loopback socket address of a parsed URL.
fn target(url: &url::Url) -> Result<SocketAddr, String> {
    let port = url
        .port_or_known_default()
        .ok_or("the webhook URL has no port")?;
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) if ip.is_loopback() => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) if ip.is_loopback() => IpAddr::V6(ip),
        Some(url::Host::Domain(d)) if d.eq_ignore_ascii_case("localhost") => {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        }
        _ => return Err("webhook targets must be on loopback (127.0.0.1, ::1, localhost)".into()),
    };
    Ok(SocketAddr::new(ip, port))
}

impl Hub {
    /// A hub signing with `secret` into the `header` (`sha256=<hex>`), timing its retries on
    /// the emulator's `clock`.
    pub fn new(secret: String, header: &'static str, clock: Arc<dyn Clock>) -> Hub {
        let (tx, rx) = mpsc::unbounded_channel();
        Hub {
            secret,
            header,
            clock,
            urls: Mutex::new(Vec::new()),
            deliveries: Arc::default(),
            tx,
            rx: Mutex::new(Some(rx)),
        }
    }

    /// Adds a target (once).
    pub fn register(&self, url: &str) -> Result<String, String> {
        let url = loopback_url(url)?;
        let mut urls = lock(&self.urls);
        if !urls.contains(&url) {
            urls.push(url.clone());
        }
        Ok(url)
    }

    /// The registered targets.
    pub fn urls(&self) -> Vec<String> {
        lock(&self.urls).clone()
    }

    /// Every delivery so far, in emission order.
    pub fn deliveries(&self) -> Vec<WebhookDelivery> {
        lock(&self.deliveries).clone()
    }

    /// Queues `{"id", "type", "created_at", "data"}` for every registered URL.
    pub fn emit(&self, id: &str, event_type: &str, at: Timestamp, data: Value) {
        let body = json!({
            "id": id,
            "type": event_type,
            "created_at": at.to_rfc3339(),
            "data": data,
        })
        .to_string();
        let signature = pacer_sdk_core::webhooks::sign(&self.secret, body.as_bytes(), "sha256=");
        let body = Arc::new(body);
        for url in self.urls() {
            let index = {
                let mut d = lock(&self.deliveries);
                d.push(WebhookDelivery {
                    event_id: id.to_string(),
                    event_type: event_type.to_string(),
                    url: url.clone(),
                    emitted_at: at,
                    attempts: 0,
                    attempted_at: Vec::new(),
                    next_attempt_at: None,
                    status: None,
                    delivered: false,
                    finished: false,
                    error: None,
                    body: body.as_ref().clone(),
                });
                d.len() - 1
            };
            let _ = self.tx.send(Job {
                index,
                url,
                body: body.clone(),
                signature: signature.clone(),
            });
        }
    }

    /// Starts the delivery worker on the current runtime (once). Aborting the worker (the
    /// server does when it stops) aborts the deliveries still retrying.
    pub fn start(&self) -> Option<tokio::task::JoinHandle<()>> {
        let mut rx = lock(&self.rx).take()?;
        let deliveries = self.deliveries.clone();
        let header = self.header;
        let clock = self.clock.clone();
        Some(tokio::spawn(async move {
            // Each delivery retries on its own, so a dead target does not hold up others.
            let mut running = JoinSet::new();
            loop {
                tokio::select! {
                    job = rx.recv() => match job {
                        Some(job) => {
                            running.spawn(deliver(job, header, clock.clone(), deliveries.clone()));
                        }
                        None => break,
                    },
                    Some(_) = running.join_next(), if !running.is_empty() => {}
                }
            }
            while running.join_next().await.is_some() {}
        }))
    }
}

/// Waits until `clock` reads `due`: a real (or scaled) clock says how long to sleep; a virtual
/// one is watched until whoever moves it gets there.
async fn wait_until(clock: &dyn Clock, due: Timestamp) {
    while clock.now() < due {
        let real = clock.real_delay(due);
        tokio::time::sleep(if real.is_zero() { VIRTUAL_POLL } else { real }).await;
    }
}

async fn deliver(
    job: Job,
    header: &'static str,
    clock: Arc<dyn Clock>,
    deliveries: Arc<Mutex<Vec<WebhookDelivery>>>,
) {
    let mut backoff = FIRST_BACKOFF;
    for attempt in 1..=MAX_ATTEMPTS {
        {
            let mut d = lock(&deliveries);
            let Some(rec) = d.get_mut(job.index) else {
                return;
            };
            rec.attempted_at.push(clock.now());
            rec.next_attempt_at = None;
        }
        let result = tokio::time::timeout(ATTEMPT_TIMEOUT, post(&job, header)).await;
        let result = result.unwrap_or_else(|_| Err("timed out".into()));
        let due = {
            let mut d = lock(&deliveries);
            let Some(rec) = d.get_mut(job.index) else {
                return;
            };
            rec.attempts = attempt;
            match result {
                Ok(status) => {
                    rec.status = Some(status);
                    rec.delivered = (200..300).contains(&status);
                    rec.error = (!rec.delivered).then(|| format!("HTTP {status}"));
                }
                Err(e) => rec.error = Some(e),
            }
            rec.finished = rec.delivered || attempt == MAX_ATTEMPTS;
            if rec.finished {
                return;
            }
            let due = clock.now().plus(backoff);
            rec.next_attempt_at = Some(due);
            due
        };
        wait_until(clock.as_ref(), due).await;
        backoff *= 4;
    }
}

/// One POST; the status of the answer.
async fn post(job: &Job, header: &str) -> Result<u16, String> {
    let url = url::Url::parse(&job.url).map_err(|e| e.to_string())?;
    let addr = target(&url)?;
    let mut stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    let host = url.host_str().unwrap_or("127.0.0.1");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}:{}\r\nUser-Agent: pacer-sdk-emulator-webhooks/1.0\r\n\
Content-Type: application/json\r\nContent-Length: {}\r\n{header}: {}\r\nConnection: close\r\n\r\n",
        addr.port(),
        job.body.len(),
        job.signature,
    );
    stream
        .write_all(head.as_bytes())
        .await
        .map_err(|e| format!("send: {e}"))?;
    stream
        .write_all(job.body.as_bytes())
        .await
        .map_err(|e| format!("send: {e}"))?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    // The status line is all that matters; stop reading once it is in.
    while !buf.windows(2).any(|w| w == b"\r\n") {
        let n = stream
            .read(&mut chunk)
            .await
            .map_err(|e| format!("receive: {e}"))?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&buf);
    text.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| "no HTTP answer".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_http_targets() {
        assert!(loopback_url("http://127.0.0.1:9/hook").is_ok());
        assert!(loopback_url("http://localhost:9/hook").is_ok());
        assert!(loopback_url("http://[::1]:9/hook").is_ok());
        assert!(loopback_url("https://127.0.0.1:9/hook").is_err());
        assert!(loopback_url("http://example.com/hook").is_err());
        assert!(loopback_url("http://10.0.0.1/hook").is_err());
        assert!(loopback_url("not a url").is_err());
    }
}
