//! Driver benchmarks against the emulator, printed side by side:
//!
//! 1. Schedule efficiency in virtual time: 5,000 order GETs and 300 sales-order creates run by
//!    two workers at once; the finish time divided by the policy's lower bound (target ≤ 1.02)
//!    and the number of 429s (target 0).
//! 2. Per-request CPU of the pacer driver versus a bare reqwest loop doing the same calls, against
//!    an emulator in another process with quota off (target ≤ 1.10×).

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use pacer_sdk::{Clock, Syncore, Timestamp};
use pacer_sdk_emulator::{Emulator, EmulatorConfig};

/// Virtual time that advances only when every worker is waiting, to the earliest wake-up among
/// them: concurrent workers share time without one's jump delaying another.
struct LockstepClock {
    state: Mutex<(i64, usize, Vec<i64>)>, // now, active workers, wake-up times of waiting ones
    changed: Condvar,
}

impl LockstepClock {
    fn new(start: Timestamp, workers: usize) -> Arc<Self> {
        Arc::new(LockstepClock {
            state: Mutex::new((start.as_millis(), workers, Vec::new())),
            changed: Condvar::new(),
        })
    }

    fn settle(state: &mut (i64, usize, Vec<i64>)) {
        if state.1 > 0
            && state.2.len() == state.1
            && let Some(&next) = state.2.iter().min()
        {
            state.0 = state.0.max(next);
        }
    }

    fn leave(&self) {
        let mut s = self.state.lock().unwrap();
        s.1 -= 1;
        Self::settle(&mut s);
        self.changed.notify_all();
    }
}

impl Clock for LockstepClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_millis(self.state.lock().unwrap().0)
    }
    fn real_delay(&self, _until: Timestamp) -> Duration {
        Duration::ZERO
    }
    fn advance_to(&self, until: Timestamp) {
        let until = until.as_millis();
        let mut s = self.state.lock().unwrap();
        if s.0 >= until {
            return;
        }
        s.2.push(until);
        Self::settle(&mut s);
        self.changed.notify_all();
        while s.0 < until {
            s = self.changed.wait(s).unwrap();
        }
        let i = s.2.iter().position(|t| *t == until).unwrap();
        s.2.swap_remove(i);
    }
    fn describe(&self) -> String {
        "lockstep virtual".into()
    }
}

fn schedule_efficiency(margin: Duration) -> (f64, usize, f64) {
    let start = Timestamp::parse_rfc3339("2026-11-18T14:00:00Z").unwrap();
    let clock = LockstepClock::new(start, 2);
    let emu = Emulator::start_blocking(EmulatorConfig {
        clock: Some(clock.clone()),
        jobs: 400,
        ..Default::default()
    })
    .unwrap();
    let ledger = std::env::temp_dir().join(format!("pacer-bench-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&ledger);
    let make = || {
        Syncore::builder()
            .api_key(emu.api_key())
            .user_agent("pacer-bench/1.0")
            .base_url(emu.base_url())
            .ledger(format!("sqlite://{}", ledger.display()))
            .clock(clock.clone())
            .configure(|c| c.rate_margin = Some(margin))
            .build_syncore()
            .unwrap()
    };
    let (reader, writer) = (make(), make());
    let job = 30_390i64; // recent (jobs are numbered from 30001 by date; 400 of them)
    std::thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..5_000 {
                reader.jobs().get(job).unwrap();
            }
            clock.leave();
        });
        s.spawn(|| {
            for i in 0..300 {
                let body = serde_json::json!({
                    "customer_order_number": format!("BENCH-{i}"),
                    "bill_to": {"first_name": "Dana", "last_name": "Whitfield", "address1": "12 Quay St", "city": "Portland", "country": "US"},
                    "ship_to": {"first_name": "Dana", "last_name": "Whitfield", "address1": "12 Quay St", "city": "Portland", "country": "US"},
                });
                writer.sales_orders(job).create(&body).unwrap();
            }
            clock.leave();
        });
    });
    let requests = emu.requests();
    let too_many = requests.iter().filter(|r| r.status == 429).count();
    let last = requests.iter().map(|r| r.at.as_millis()).max().unwrap();
    let finish = (last - start.as_millis()) as f64 / 1000.0;
    // Lower bound: at most 90 a minute per kind, kinds in separate windows, so the slowest kind
    // needs floor((n - 1) / 90) full minutes after its first request.
    let bound = [(5_000.0f64, 90.0f64), (300.0, 90.0)]
        .iter()
        .map(|(n, per_min)| ((n - 1.0) / per_min).floor() * 60.0)
        .fold(0.0, f64::max);
    let _ = std::fs::remove_file(&ledger);
    (finish / bound, too_many, finish)
}

fn cpu_seconds() -> f64 {
    // utime + stime of this process, in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
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

struct EmulatorProcess {
    child: Child,
    base_url: String,
    api_key: String,
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn_emulator() -> EmulatorProcess {
    let exe = std::env::current_exe()
        .unwrap()
        .with_file_name("pacer-emulator");
    let mut child = Command::new(&exe)
        .args(["--no-quota", "--jobs", "400"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
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
    let info: serde_json::Value = serde_json::from_str(&line).unwrap();
    EmulatorProcess {
        child,
        base_url: info["base_url"].as_str().unwrap().into(),
        api_key: info["api_key"].as_str().unwrap().into(),
    }
}

/// Syncore's window structure for order reads (a sliding log of 90, two daily readings with an
/// overage log, three monthly readings) with a 50 ms rate window and huge calendar limits: every
/// reservation does the full Syncore work on a full log, yet nothing ever waits.
const UNLIMITED: &str = r#"
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 90, period = "50ms" },
  { id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 1000000000, period = "day", zones = ["-05:00", "America/New_York"], overage = { limit = 30, period = "1m" } },
  { id = "monthly", kind = "calendar", limit = 1000000000, period = "month", zones = ["UTC", "-05:00", "America/New_York"] },
]
"#;

fn driver_overhead(n: usize, rounds: usize) {
    let emu = spawn_emulator();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let rt = &runtime;
    let url = format!("{}/v2/orders/jobs/30390", emu.base_url);
    let bare_client = reqwest::Client::builder().build().unwrap();
    let bare = || {
        rt.block_on(async {
            for _ in 0..n {
                let r = bare_client
                    .get(&url)
                    .header("x-api-key", &emu.api_key)
                    .header("User-Agent", "pacer-bench/1.0")
                    .header("Accept", "application/json")
                    .send()
                    .await
                    .unwrap();
                let body = r.bytes().await.unwrap();
                let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
                std::hint::black_box(v);
            }
        })
    };
    let pacer_with = |ledger: &str| {
        let client = Syncore::builder()
            .api_key(emu.api_key.clone())
            .user_agent("pacer-bench/1.0")
            .base_url(emu.base_url.clone())
            .ledger(ledger)
            .spec_overrides(UNLIMITED)
            .configure(|c| c.rate_margin = Some(Duration::ZERO))
            .build_async_syncore()
            .unwrap();
        move || {
            rt.block_on(async {
                for _ in 0..n {
                    std::hint::black_box(client.jobs().get(30_390).await.unwrap());
                }
            })
        }
    };
    let sqlite_path =
        std::env::temp_dir().join(format!("pacer-bench-cpu-{}.db", std::process::id()));
    let memory_run = pacer_with("memory");
    let sqlite_run = pacer_with(&format!("sqlite://{}", sqlite_path.display()));
    let measure = |f: &dyn Fn()| {
        let (c0, w0) = (cpu_seconds(), Instant::now());
        f();
        (cpu_seconds() - c0, w0.elapsed().as_secs_f64())
    };
    bare(); // warm up connections and code paths
    let mut best = [(f64::MAX, f64::MAX); 3];
    for _ in 0..rounds {
        for (i, f) in [&bare as &dyn Fn(), &memory_run, &sqlite_run]
            .iter()
            .enumerate()
        {
            let (cpu, wall) = measure(*f);
            best[i] = (best[i].0.min(cpu), best[i].1.min(wall));
        }
    }
    let per = |x: f64| x / n as f64 * 1e6;
    println!(
        "  bare reqwest + serde_json      {:>7.1} µs CPU/request  {:>7.1} µs wall/request",
        per(best[0].0),
        per(best[0].1)
    );
    println!(
        "  pacer, memory ledger           {:>7.1} µs CPU/request  {:>7.1} µs wall/request",
        per(best[1].0),
        per(best[1].1)
    );
    println!(
        "  pacer, SQLite ledger           {:>7.1} µs CPU/request  {:>7.1} µs wall/request",
        per(best[2].0),
        per(best[2].1)
    );
    println!(
        "ratio pacer (memory ledger) / bare: {:.2}x CPU, {:.2}x wall   (target ≤ 1.10x)",
        best[1].0 / best[0].0,
        best[1].1 / best[0].1
    );
    println!(
        "ratio pacer (SQLite ledger) / bare: {:.2}x CPU, {:.2}x wall",
        best[2].0 / best[0].0,
        best[2].1 / best[0].1
    );
    let _ = std::fs::remove_file(&sqlite_path);
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--cpu-only") {
        driver_overhead(4_000, 1);
        return;
    }
    println!(
        "schedule efficiency: 5,000 order GETs + 300 sales-order creates, two workers, virtual time"
    );
    for (label, margin) in [
        (
            "default 250 ms latency margin",
            pacer_sdk_core::api::DEFAULT_RATE_MARGIN,
        ),
        ("no margin", Duration::ZERO),
    ] {
        let (ratio, too_many, finish) = schedule_efficiency(margin);
        println!(
            "  {label:<32} finish {finish:>7.1} s   finish / lower bound {ratio:.4}   429s: {too_many}   (target ≤ 1.02, 0)"
        );
    }
    println!();
    println!(
        "driver CPU per request against the emulator in another process (server quota off; client runs the full Syncore windows), 4,000 GETs, best of 3"
    );
    driver_overhead(4_000, 3);
}
