//! Shared helpers for pacer's benchmarks.

use std::time::{Duration, Instant};

/// Runs `f` repeatedly for at least `min` and returns iterations per second (best of `rounds`).
pub fn per_second(rounds: u32, min: Duration, mut f: impl FnMut() -> u64) -> f64 {
    let mut best: f64 = 0.0;
    for _ in 0..rounds {
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed() < min {
            n += f();
        }
        best = best.max(n as f64 / start.elapsed().as_secs_f64());
    }
    best
}

/// Formats a rate like `1.23 M/s`.
pub fn human_rate(per_sec: f64) -> String {
    if per_sec >= 1e6 {
        format!("{:.2} M/s", per_sec / 1e6)
    } else if per_sec >= 1e3 {
        format!("{:.1} k/s", per_sec / 1e3)
    } else {
        format!("{per_sec:.1} /s")
    }
}

/// Syncore's window structure for order reads (a sliding rate log, two daily readings with an
/// overage log, three monthly readings) with limits no benchmark here reaches: every
/// reservation does the full Syncore work, yet nothing ever waits. The rate window allows
/// 1,000 per 20 ms (50,000/s); at 4,500 calls/s its log holds 90 entries, the size of
/// Syncore's real 90-a-minute log when full. (It used to be 90 per 50 ms, which binds above
/// 1,800 calls/s: a loop faster than 555 µs a call waited for the window.) The benchmarks count
/// the client's waits to show they stay at zero.
pub const UNLIMITED: &str = r#"
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 1000, period = "20ms" },
  { id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 1000000000, period = "day", zones = ["-05:00", "America/New_York"], overage = { limit = 30, period = "1m" } },
  { id = "monthly", kind = "calendar", limit = 1000000000, period = "month", zones = ["UTC", "-05:00", "America/New_York"] },
]
"#;

/// A sink that counts the client's quota waits (`Event::Waiting`).
pub fn wait_counter() -> (
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
    pacer_sdk::EventSink,
) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let waits = Arc::new(AtomicUsize::new(0));
    let counter = waits.clone();
    let sink: pacer_sdk::EventSink = Arc::new(move |e: &pacer_sdk::Event| {
        if matches!(e, pacer_sdk::Event::Waiting { .. }) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    });
    (waits, sink)
}

/// CPU seconds this process has used (user + system), from `/proc/self/stat`.
pub fn cpu_seconds() -> f64 {
    stat_cpu_seconds("/proc/self/stat")
}

/// CPU seconds (user + system) used so far by process `pid`, from `/proc/PID/stat`.
pub fn process_cpu_seconds(pid: u32) -> f64 {
    stat_cpu_seconds(&format!("/proc/{pid}/stat"))
}

fn stat_cpu_seconds(path: &str) -> f64 {
    // utime + stime, in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string(path).unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// A `pacer-emulator` in another process (killed and reaped on drop).
pub struct EmulatorProcess {
    child: std::process::Child,
    /// Its Syncore base URL.
    pub base_url: String,
    /// The API key it accepts.
    pub api_key: String,
}

impl EmulatorProcess {
    /// The emulator's process id (to read its CPU time).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the `pacer-emulator` binary built beside this one with server quota off and 400 jobs,
/// `overrides` (spec TOML) merged over its built-in spec, and reads its handshake line.
///
/// With quota off the emulator still counts every request in its windows, and a rate window
/// keeps a log of the requests of its whole period (Syncore's: a minute) that each request
/// copies and sorts; at thousands of requests a second that log grows to hundreds of thousands
/// of entries and the emulator's cost per request grows with it. Benchmarks that send that
/// many give it the same short windows as their client.
pub fn spawn_emulator(overrides: Option<&str>) -> EmulatorProcess {
    use std::process::{Command, Stdio};
    let exe = std::env::current_exe()
        .unwrap()
        .with_file_name("pacer-emulator");
    let overrides_file = overrides.map(|toml| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let path = std::env::temp_dir().join(format!(
            "pacer-bench-spec-{}-{nanos}.toml",
            std::process::id()
        ));
        std::fs::write(&path, toml).unwrap();
        path
    });
    let mut command = Command::new(&exe);
    command.args(["--no-quota", "--jobs", "400"]);
    if let Some(path) = &overrides_file {
        command.arg("--spec-overrides").arg(path);
    }
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap_or_else(|e| {
        panic!(
            "start {} (run scripts/bench.sh, which builds it): {e}",
            exe.display()
        )
    });
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    // The emulator has read its overrides once it has printed its handshake.
    if let Some(path) = &overrides_file {
        let _ = std::fs::remove_file(path);
    }
    let info: serde_json::Value = serde_json::from_str(&line)
        .unwrap_or_else(|e| panic!("pacer-emulator handshake {line:?}: {e}"));
    EmulatorProcess {
        child,
        base_url: info["base_url"].as_str().unwrap().into(),
        api_key: info["api_key"].as_str().unwrap().into(),
    }
}

/// A `redis-server` on a free loopback port without persistence (killed and reaped on drop).
pub struct RedisProcess {
    child: std::process::Child,
    /// The loopback port it listens on.
    pub port: u16,
}

impl RedisProcess {
    /// Its URL, `redis://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// The server's process id (to read its CPU time).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for RedisProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `redis-server` on a free loopback port and waits until it answers PING.
pub fn start_redis() -> RedisProcess {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // Owned by the guard at once, so the process is reaped on every path.
    let server = RedisProcess {
        child: Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server is installed (scripts/test.sh installs it)"),
        port,
    };
    for _ in 0..200 {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            let mut buf = [0u8; 16];
            if s.write_all(b"PING\r\n").is_ok()
                && s.read(&mut buf)
                    .is_ok_and(|n| buf[..n].starts_with(b"+PONG"))
            {
                return server;
            }
        }
        // Real time on purpose: waiting for a real redis-server process to listen.
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("redis-server did not answer on port {port}");
}
