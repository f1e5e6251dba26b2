//! Reservations per second on the Redis ledger from 1 and 8 clients, beside the same number of
//! bare `INCR` round trips (target: within 1.5x) and the SQLite ledger. Starts its own
//! redis-server on a free loopback port.

use std::time::Instant;

use pacer_bench::start_redis;
use pacer_sdk::ledger::{RedisLedger, SqliteLedger};
use pacer_sdk_core::Timestamp;
use pacer_sdk_core::quota::{Decision, Ledger, Policy, QuotaSpec, RequestKind, Scopes};

/// Syncore's window structure for order reads with windows that never bind at this speed, so
/// every reservation does the full work (rate log, two daily readings, three monthly readings).
const POLICY: &str = r#"
default_plan = "p"
[plans.p]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 90, period = "20ms" },
  { id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 1000000000, period = "day", zones = ["-05:00", "America/New_York"], overage = { limit = 30, period = "1m" } },
  { id = "monthly", kind = "calendar", limit = 1000000000, period = "month", zones = ["UTC", "-05:00", "America/New_York"] },
]
"#;

fn now() -> Timestamp {
    pacer_sdk::clock::system_now()
}

/// Operations per second over `threads` threads, each running `op` for `secs`.
fn rate(threads: usize, secs: f64, make: impl Fn(usize) -> Box<dyn FnMut() + Send> + Sync) -> f64 {
    let total: u64 = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let mut op = make(i);
                s.spawn(move || {
                    let start = Instant::now();
                    let mut n = 0u64;
                    while start.elapsed().as_secs_f64() < secs {
                        op();
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    total as f64 / secs
}

fn main() {
    let external = std::env::var("BENCH_REDIS_URL").ok();
    let server = if external.is_none() {
        Some(start_redis())
    } else {
        None
    };
    let url = external.unwrap_or_else(|| server.as_ref().unwrap().url());
    let spec: QuotaSpec = toml::from_str(POLICY).unwrap();
    let policy = Policy::compile("syncore", &spec, None).unwrap();
    let plan = policy.plan(
        &RequestKind::parse("orders.GET").unwrap(),
        &Scopes::account("bench"),
    );
    let sqlite_path =
        std::env::temp_dir().join(format!("pacer-bench-redis-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&sqlite_path);
    if let Some(n) = std::env::args()
        .nth(1)
        .filter(|a| a == "--profile")
        .and(std::env::args().nth(2))
    {
        // Profiling aid: N reservations on one connection, for callgrind.
        let mut l = RedisLedger::open(&format!("{url}?prefix=profile")).unwrap();
        for _ in 0..n.parse::<u64>().unwrap() {
            std::hint::black_box(l.reserve(&plan, now()).unwrap());
        }
        return;
    }
    let secs = 3.0;
    println!("reservations per second (full Syncore order-read plan: 6 meters), {secs} s each");
    for threads in [1usize, 8] {
        let incr = rate(threads, secs, |_| {
            let mut c = redis::Client::open(url.as_str())
                .unwrap()
                .get_connection()
                .unwrap();
            Box::new(move || {
                let _: i64 = redis::cmd("INCR").arg("bench:incr").query(&mut c).unwrap();
            })
        });
        let reserve = rate(threads, secs, |i| {
            let mut l = RedisLedger::open(&format!("{url}?prefix=bench{threads}")).unwrap();
            let plan = plan.clone();
            let _ = i;
            Box::new(move || {
                let d = l.reserve(&plan, now()).unwrap();
                std::hint::black_box(matches!(d, Decision::Granted(_)));
            })
        });
        let sqlite = rate(threads, secs, |_| {
            let mut l = SqliteLedger::open(&sqlite_path).unwrap();
            let plan = plan.clone();
            Box::new(move || {
                std::hint::black_box(l.reserve(&plan, now()).unwrap());
            })
        });
        println!(
            "  {threads} client{}: bare INCR {incr:>9.0}/s   Redis ledger {reserve:>9.0}/s   SQLite ledger {sqlite:>8.0}/s",
            if threads == 1 { " " } else { "s" }
        );
        println!(
            "    ratio Redis reservation / INCR round trip: {:.2}x the time (target ≤ 1.5x)   Redis / SQLite throughput: {:.1}x",
            incr / reserve,
            reserve / sqlite
        );
    }
    let _ = std::fs::remove_file(&sqlite_path);
    drop(server);
}
