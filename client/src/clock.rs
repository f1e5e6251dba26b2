//! Real clocks for drivers (the core only declares the trait, it never reads time).

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use pacer_sdk_core::Timestamp;
pub use pacer_sdk_core::clock::{Clock, ManualClock};

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
    pub fn join(base_url: &str) -> Result<LockstepClock, pacer_sdk_core::Error> {
        let addr = emulator_addr(base_url)?;
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

/// One JSON request to an emulator's admin API over a plain socket (loopback only: the admin API
/// needs no credentials and the emulator binds 127.0.0.1).
fn admin_request(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    body: &str,
) -> Result<serde_json::Value, pacer_sdk_core::Error> {
    use std::io::{Read, Write};
    let fail = |e: &dyn std::fmt::Display| {
        pacer_sdk_core::Error::transport(
            "emulator_clock_failed",
            format!("emulator clock at {addr}: {e}"),
        )
    };
    let mut s = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .map_err(|e| fail(&e))?;
    // A lockstep wait blocks until every worker waits, so only connecting is bounded.
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| fail(&e))?;
    let mut text = Vec::new();
    s.take(1 << 20)
        .read_to_end(&mut text)
        .map_err(|e| fail(&e))?;
    let text = String::from_utf8_lossy(&text);
    let (head, json) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    if !head.starts_with("HTTP/1.1 2") {
        return Err(fail(&head.lines().next().unwrap_or("no answer")));
    }
    serde_json::from_str(json).map_err(|e| fail(&e))
}

fn admin_post(
    addr: std::net::SocketAddr,
    path: &str,
    body: &str,
) -> Result<serde_json::Value, pacer_sdk_core::Error> {
    admin_request(addr, "POST", path, body)
}

/// The loopback socket address of an emulator's root URL (`http://127.0.0.1:PORT`).
fn emulator_addr(url: &str) -> Result<std::net::SocketAddr, pacer_sdk_core::Error> {
    let bad = |why: String| pacer_sdk_core::Error::config("invalid_clock", why);
    let parsed = url::Url::parse(url).map_err(|e| bad(format!("{url:?} is not a URL: {e}")))?;
    if parsed.scheme() != "http" {
        return Err(bad(format!(
            "an emulator's clock is followed over http://127.0.0.1:PORT, not {url:?}"
        )));
    }
    let addr = parsed
        .socket_addrs(|| Some(80))
        .ok()
        .and_then(|a| a.into_iter().next())
        .ok_or_else(|| bad(format!("cannot resolve {url:?}")))?;
    if !addr.ip().is_loopback() {
        return Err(bad(format!(
            "an emulator's clock is followed on a loopback address only, not {addr}"
        )));
    }
    Ok(addr)
}

/// Follows the clock of an emulator running in another process (or this one) through its admin
/// API: `now` reads `GET /_admin/clock`; waiting on a virtual clock moves it (`POST
/// /_admin/clock`), as a client sharing the emulator's clock handle in-process would. This is
/// how the CLI, subprocess workers and binding tests share an emulator's virtual time
/// (`--clock emulator:http://127.0.0.1:PORT`, `PACER_CLOCK`).
///
/// Each reading is one loopback round trip (blocking); it is a clock for tests and local runs.
pub struct EmulatorClock {
    addr: std::net::SocketAddr,
    /// The last reading, answered if the emulator stops answering (time never goes back).
    last_ms: std::sync::atomic::AtomicI64,
}

impl std::fmt::Debug for EmulatorClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EmulatorClock({})", self.addr)
    }
}

/// One reading of an emulator's clock.
struct EmulatorReading {
    now: Timestamp,
    real_ms_per_ms: f64,
}

impl EmulatorClock {
    /// Follows the emulator at `root_url` (`http://127.0.0.1:PORT`, its base URL works too);
    /// fails now if nothing answers there.
    pub fn follow(root_url: &str) -> Result<EmulatorClock, pacer_sdk_core::Error> {
        let addr = emulator_addr(root_url)?;
        let clock = EmulatorClock {
            addr,
            last_ms: std::sync::atomic::AtomicI64::new(i64::MIN),
        };
        clock.read()?;
        Ok(clock)
    }

    fn read(&self) -> Result<EmulatorReading, pacer_sdk_core::Error> {
        let state = admin_request(self.addr, "GET", "/_admin/clock", "")?;
        let now = state["now_ms"].as_i64().ok_or_else(|| {
            pacer_sdk_core::Error::transport(
                "emulator_clock_failed",
                format!(
                    "emulator clock at {}: the answer has no now_ms (is it a pacer emulator?)",
                    self.addr
                ),
            )
        })?;
        let ms = self
            .last_ms
            .fetch_max(now, std::sync::atomic::Ordering::SeqCst)
            .max(now);
        Ok(EmulatorReading {
            now: Timestamp::from_millis(ms),
            real_ms_per_ms: state["real_ms_per_ms"].as_f64().unwrap_or(1.0).max(0.0),
        })
    }
}

impl Clock for EmulatorClock {
    fn now(&self) -> Timestamp {
        match self.read() {
            Ok(r) => r.now,
            Err(_) => Timestamp::from_millis(
                self.last_ms
                    .load(std::sync::atomic::Ordering::SeqCst)
                    .max(0),
            ),
        }
    }

    fn real_delay(&self, until: Timestamp) -> Duration {
        match self.read() {
            Ok(r) => Duration::from_secs_f64(until.since(r.now).as_secs_f64() * r.real_ms_per_ms),
            // An emulator that went away cannot be waited for; do not spin.
            Err(_) => Duration::from_millis(100),
        }
    }

    fn advance_to(&self, until: Timestamp) {
        if matches!(self.read(), Ok(r) if r.real_ms_per_ms == 0.0 && r.now < until) {
            let body = format!("{{\"at_least_ms\":{}}}", until.as_millis());
            let _ = admin_request(self.addr, "POST", "/_admin/clock", &body);
        }
    }

    fn describe(&self) -> String {
        format!("emulator clock at http://{}", self.addr)
    }
}

/// The clock a setting names: `system` (real time, the default), `emulator:http://127.0.0.1:PORT`
/// (follow that emulator's clock, virtual time included) or `lockstep:http://127.0.0.1:PORT`
/// (join its lockstep virtual time with other workers). The CLI reads it from `--clock` or
/// `PACER_CLOCK`; the Python and Node clients take the same text as their `clock` option.
pub fn clock_from_setting(setting: &str) -> Result<Arc<dyn Clock>, pacer_sdk_core::Error> {
    let setting = setting.trim();
    if setting.is_empty() || setting.eq_ignore_ascii_case("system") {
        return Ok(default_clock());
    }
    if let Some(url) = setting.strip_prefix("emulator:") {
        return Ok(Arc::new(EmulatorClock::follow(url)?));
    }
    if let Some(url) = setting.strip_prefix("lockstep:") {
        return Ok(Arc::new(LockstepClock::join(url)?));
    }
    Err(pacer_sdk_core::Error::config(
        "invalid_clock",
        format!(
            "clock {setting:?} is not one of: system, emulator:http://127.0.0.1:PORT, lockstep:http://127.0.0.1:PORT"
        ),
    ))
}
