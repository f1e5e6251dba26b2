//! Shared setup: a Syncore emulator over real HTTP, and clients that share its clock.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use pacer_sdk::{AsyncSyncore, ClientBuilder, Event, EventSink, Syncore};
use pacer_sdk_emulator::{Emulator, EmulatorConfig};

/// An emulator with a virtual clock (a day of quota passes in milliseconds).
pub fn virtual_emulator(overrides: Option<&str>) -> Emulator {
    Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        spec_overrides: overrides.map(str::to_string),
        ..Default::default()
    })
    .expect("emulator starts")
}

/// A builder for a client of `emu` that shares its clock and uses a fresh memory ledger.
pub fn builder(emu: &Emulator) -> ClientBuilder {
    Syncore::builder()
        .api_key(emu.api_key())
        .user_agent("AcmeSync/1.0")
        .base_url(emu.base_url())
        .ledger("memory")
        .clock(emu.clock())
}

/// A blocking client of `emu`.
pub fn client(emu: &Emulator) -> Syncore {
    builder(emu).build_syncore().expect("client builds")
}

/// An async client of `emu`.
pub fn async_client(emu: &Emulator) -> AsyncSyncore {
    builder(emu).build_async_syncore().expect("client builds")
}

/// Collects every event a client emits.
pub fn recorder() -> (Arc<Mutex<Vec<Event>>>, EventSink) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink_events = events.clone();
    (
        events,
        Arc::new(move |e: &Event| sink_events.lock().unwrap().push(e.clone())),
    )
}

/// The emulator's current date (UTC) minus `days`, as YYYY-MM-DD.
pub fn date_before(emu: &Emulator, days: i64) -> String {
    emu.now().add_millis(-days * 86_400_000).to_rfc3339()[..10].to_string()
}

/// A sales order body in write shape.
pub fn sales_order(order_number: &str) -> serde_json::Value {
    serde_json::json!({
        "customer_order_number": order_number,
        "description": "Fleece hoodies, navy",
        "status": "Pending",
        "bill_to": {"first_name": "Dana", "last_name": "Whitfield", "address1": "12 Quay St", "city": "Portland", "state": "ME", "zip": "04101", "country": "US"},
        "ship_to": {"first_name": "Dana", "last_name": "Whitfield", "address1": "12 Quay St", "city": "Portland", "state": "ME", "zip": "04101", "country": "US"}
    })
}

/// A fresh directory under the system temp dir.
pub fn tempdir() -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("pacer-test-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A real `redis-server` on a free loopback port, with append-only persistence so a restart
/// keeps the budget (as a production Redis ledger must be configured).
pub struct RedisServer {
    child: Option<std::process::Child>,
    port: u16,
    dir: std::path::PathBuf,
}

impl RedisServer {
    /// Starts a server; panics with instructions when redis-server is not installed.
    pub fn start() -> RedisServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut server = RedisServer {
            child: None,
            port,
            dir: tempdir(),
        };
        server.spawn();
        server
    }

    fn spawn(&mut self) {
        let mut command = std::process::Command::new("redis-server");
        // redis-server links jemalloc, which hangs under libfaketime (wolfcw/libfaketime#130), so
        // a run with the machine's date moved (scripts/test-dates.sh) starts it on the real clock.
        // These tests use its clock only as the time source of a rate window (`time=server`),
        // where a constant offset changes nothing; its expiries are relative (PEXPIRE).
        if let Ok(preload) = std::env::var("LD_PRELOAD") {
            let kept: Vec<&str> = preload
                .split([':', ' '])
                .filter(|lib| !lib.is_empty() && !lib.contains("faketime"))
                .collect();
            if kept.is_empty() {
                command.env_remove("LD_PRELOAD");
            } else {
                command.env("LD_PRELOAD", kept.join(":"));
            }
        }
        let child = command
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string(), "--save", ""])
            .args(["--appendonly", "yes", "--appendfsync", "always", "--dir", self.dir.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start redis-server ({e}): install it (apt-get install redis-server) or run ./scripts/test.sh, which does")
            });
        self.child = Some(child);
        for _ in 0..200 {
            if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", self.port)) {
                use std::io::{Read, Write};
                let mut buf = [0u8; 16];
                if s.write_all(b"PING\r\n").is_ok()
                    && s.read(&mut buf)
                        .is_ok_and(|n| buf[..n].starts_with(b"+PONG"))
                {
                    return;
                }
            }
            // Real time on purpose: waiting for a real redis-server process to listen.
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        panic!("redis-server did not answer on port {}", self.port);
    }

    /// The ledger URL (`time=caller` so virtual clocks work; `prefix` isolates tests).
    pub fn url(&self, prefix: &str, time: &str) -> String {
        format!(
            "redis://127.0.0.1:{}/?prefix={prefix}&time={time}",
            self.port
        )
    }

    /// The loopback port it listens on, for tests that inspect Redis directly.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Kills the server abruptly (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts it again on the same port with the same data directory.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A virtual-clock emulator of `provider` (`synq`, `salync`) with changes to the default config.
pub fn provider_emulator(provider: &str, change: impl FnOnce(&mut EmulatorConfig)) -> Emulator {
    let mut config = EmulatorConfig {
        provider: provider.into(),
        virtual_clock: true,
        ..Default::default()
    };
    change(&mut config);
    Emulator::start_blocking(config).expect("emulator starts")
}

/// Counts how often a token provider was asked.
pub type TokenCount = Arc<std::sync::atomic::AtomicUsize>;

/// A Synq builder for `emu`: a token provider that issues tokens valid for `ttl` of the
/// emulator's clock (and counts how often it was asked), the tenant and org, a memory ledger.
pub fn synq_builder(emu: &Arc<Emulator>, ttl: std::time::Duration) -> (ClientBuilder, TokenCount) {
    let asked: TokenCount = Arc::default();
    let counter = asked.clone();
    let issuer = emu.clone();
    let builder = pacer_sdk::Synq::builder()
        .base_url(emu.base_url())
        .token_provider(Arc::new(move || {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(issuer.issue_token(ttl))
        }))
        .synq_scope(emu.tenant_id(), emu.org_id())
        .ledger("memory")
        .clock(emu.clock());
    (builder, asked)
}

/// A Salync builder for `emu` on `plan`, with a memory ledger and the emulator's clock.
pub fn salync_builder(emu: &Emulator, plan: &str) -> ClientBuilder {
    pacer_sdk::Salync::builder()
        .api_key(emu.api_key())
        .base_url(emu.base_url())
        .plan(plan)
        .ledger("memory")
        .clock(emu.clock())
}

/// The largest number of `times` (milliseconds) inside any window of `window_ms`.
pub fn max_in_window(times: &[i64], window_ms: i64) -> usize {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    (0..sorted.len())
        .map(|i| {
            sorted[i..]
                .iter()
                .take_while(|&&t| t < sorted[i] + window_ms)
                .count()
        })
        .max()
        .unwrap_or(0)
}
