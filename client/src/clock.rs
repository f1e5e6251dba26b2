//! Real clocks for drivers (the core only declares the trait, it never reads time).

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use pacer_core::Timestamp;
pub use pacer_core::clock::{Clock, ManualClock};

/// Wall-clock time.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

/// The current wall-clock instant.
pub fn system_now() -> Timestamp {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Timestamp::from_millis(ms)
}

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        system_now()
    }

    fn real_delay(&self, until: Timestamp) -> Duration {
        until.since(self.now())
    }

    fn advance_to(&self, _until: Timestamp) {}

    fn describe(&self) -> String {
        "real time".into()
    }
}

/// Time that runs `factor` times faster than the wall clock from `start`: a policy day passes
/// in a fraction of the time, yet every request still meets real network latency.
#[derive(Debug, Clone)]
pub struct ScaledClock {
    origin: Instant,
    start: Timestamp,
    factor: f64,
}

impl ScaledClock {
    /// A clock reading `start` now and running `factor` times faster than real time.
    pub fn new(start: Timestamp, factor: f64) -> Self {
        ScaledClock {
            origin: Instant::now(),
            start,
            factor: factor.max(1.0),
        }
    }

    /// How many times faster than real time it runs.
    pub fn factor(&self) -> f64 {
        self.factor
    }
}

impl Clock for ScaledClock {
    fn now(&self) -> Timestamp {
        let virtual_ms = self.origin.elapsed().as_secs_f64() * 1000.0 * self.factor;
        self.start.add_millis(virtual_ms as i64)
    }

    fn real_delay(&self, until: Timestamp) -> Duration {
        let ahead = until.since(self.now());
        Duration::from_secs_f64(ahead.as_secs_f64() / self.factor)
    }

    fn advance_to(&self, _until: Timestamp) {}

    fn describe(&self) -> String {
        format!("scaled ×{}", self.factor)
    }
}

/// The clock a client uses when none is given.
pub fn default_clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

/// Virtual time shared in lockstep by workers in several processes, driven by an emulator's
/// `/_admin/lockstep/` endpoints: time moves only when every joined worker waits, to the earliest
/// instant any of them waits for. For simulations (a day of quota across processes in seconds).
///
/// A worker that is not waiting cannot see time move, so `now` is a cached reading; waiting is
/// a blocking long poll over a plain socket (it runs inside the driver's runtime).
pub struct LockstepClock {
    addr: std::net::SocketAddr,
    worker: u64,
    now: std::sync::atomic::AtomicI64,
}

impl std::fmt::Debug for LockstepClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LockstepClock(worker {} at {})", self.worker, self.addr)
    }
}

impl LockstepClock {
    /// Joins the lockstep clock of the emulator at `base_url` (`http://127.0.0.1:PORT`).
    pub fn join(base_url: &str) -> Result<LockstepClock, pacer_core::Error> {
        let url = url::Url::parse(base_url)
            .map_err(|e| pacer_core::Error::config("invalid_base_url", e.to_string()))?;
        let addr = url
            .socket_addrs(|| Some(80))
            .ok()
            .and_then(|a| a.into_iter().next())
            .ok_or_else(|| {
                pacer_core::Error::config("invalid_base_url", format!("cannot resolve {base_url}"))
            })?;
        let reply = admin_post(addr, "/_admin/lockstep/join", "{}")?;
        Ok(LockstepClock {
            addr,
            worker: reply["worker"].as_u64().unwrap_or(0),
            now: std::sync::atomic::AtomicI64::new(reply["now"].as_i64().unwrap_or(0)),
        })
    }
}

impl Drop for LockstepClock {
    fn drop(&mut self) {
        // A worker that leaves must not hold time still for the others.
        let _ = admin_post(
            self.addr,
            "/_admin/lockstep/leave",
            &format!("{{\"worker\":{}}}", self.worker),
        );
    }
}

impl Clock for LockstepClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_millis(self.now.load(std::sync::atomic::Ordering::SeqCst))
    }

    fn real_delay(&self, _until: Timestamp) -> Duration {
        Duration::ZERO
    }

    fn advance_to(&self, until: Timestamp) {
        if until <= self.now() {
            return;
        }
        let body = format!(
            "{{\"worker\":{},\"until\":{}}}",
            self.worker,
            until.as_millis()
        );
        if let Ok(reply) = admin_post(self.addr, "/_admin/lockstep/wait", &body)
            && let Some(now) = reply["now"].as_i64()
        {
            self.now.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
        }
    }

    fn describe(&self) -> String {
        "lockstep virtual".into()
    }
}

/// One JSON POST to an emulator's admin API over a plain socket.
fn admin_post(
    addr: std::net::SocketAddr,
    path: &str,
    body: &str,
) -> Result<serde_json::Value, pacer_core::Error> {
    use std::io::{Read, Write};
    let fail = |e: std::io::Error| {
        pacer_core::Error::transport("lockstep_failed", format!("lockstep clock at {addr}: {e}"))
    };
    let mut s = std::net::TcpStream::connect(addr).map_err(fail)?;
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(fail)?;
    let mut text = String::new();
    s.read_to_string(&mut text).map_err(fail)?;
    let json = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    serde_json::from_str(json).map_err(|e| {
        pacer_core::Error::transport("lockstep_failed", format!("lockstep clock at {addr}: {e}"))
    })
}
