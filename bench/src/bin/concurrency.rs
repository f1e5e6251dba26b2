//! Concurrency of the async pump, measured against the path it replaced, side by side in one run.
//!
//! 64 tasks make order GETs at once through ONE async client, on a tokio runtime with 2 worker
//! threads (the machine's cores), against the emulator in another process with server quota off.
//! The client still does the full Syncore window work on every call (a rate log, two daily
//! readings with an overage log, three monthly readings) but never has to wait. For the memory,
//! SQLite and Redis ledgers (a real `redis-server` started here on a free loopback port), two
//! variants:
//!
//! - old: `ClientBuilder::bench_serialized_ledger()`, the path before effects were values (one
//!   std lock held across every ledger round trip, taken inside the async call, so a runtime
//!   worker blocks on it);
//! - new: the async pump (SQLite on tokio's blocking threads through a connection pool, Redis
//!   reservations over one multiplexed async connection, no lock held across a round trip).
//!
//! Beside them: the same tasks with a bare reqwest loop (no pacer), the most this machine's
//! two cores allow (the emulator and redis-server share them), and the Redis ledger again
//! behind a proxy that delays each direction (`Redis+rtt`: a Redis on another host; the old
//! path holds its lock for the whole round trip, the new one pipelines).
//!
//! Per variant: throughput, p50 and p99 call latency, the lateness of a 1 ms ticker task on the
//! same runtime (worst and p99) beside the same ticker on a plain OS thread (what the shared
//! machine's scheduler alone does), and the CPU used by this process, the emulator and
//! redis-server. Goals (with the loopback Redis): throughput at least 8x the old path's, and
//! the runtime ticker's worst delay under 5 ms.
//!
//! `concurrency [--calls-per-worker N] [--rounds R]` (defaults 50 and 3); to investigate, also
//! `--only memory|sqlite|redis`, `--concurrency N` (default 64), `--event-interval N` (the
//! runtime's; tokio's default otherwise) and `--proxy-one-way-us N` (default 500).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use pacer_bench::{
    EmulatorProcess, UNLIMITED, cpu_seconds, process_cpu_seconds, spawn_emulator, start_redis,
    wait_counter,
};
use pacer_sdk::{AsyncSyncore, Syncore};

/// Concurrent calls on the one client.
const CONCURRENCY: usize = 64;
/// The job every call reads (jobs are numbered from 30001; the emulator holds 400).
const JOB: i64 = 30_390;

/// One variant under test: a client and the counter of the waits it reported.
struct Variant {
    ledger: &'static str,
    path: &'static str,
    caller: Caller,
    waits: Arc<AtomicUsize>,
}

/// What makes the calls.
#[derive(Clone)]
enum Caller {
    /// A pacer client.
    Pacer(AsyncSyncore),
    /// A bare reqwest loop doing the same GET and parsing its body (no pacer): what HTTP to
    /// the emulator alone costs on this machine, the ceiling of any variant's throughput.
    Bare {
        http: reqwest::Client,
        url: Arc<str>,
        key: Arc<str>,
    },
}

impl Caller {
    async fn call(&self) {
        match self {
            Caller::Pacer(c) => {
                std::hint::black_box(c.jobs().get(JOB).await.unwrap());
            }
            Caller::Bare { http, url, key } => {
                let r = http
                    .get(&**url)
                    .header("x-api-key", &**key)
                    .header("User-Agent", "pacer-bench/1.0")
                    .header("Accept", "application/json")
                    .send()
                    .await
                    .unwrap();
                let body = r.bytes().await.unwrap();
                let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
                std::hint::black_box(v);
            }
        }
    }
}

/// What one run of a variant measured.
#[derive(Clone, Copy, Default)]
struct Figures {
    calls_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    ticker_worst_ms: f64,
    ticker_p99_ms: f64,
    /// The OS-thread ticker's worst lateness during the same run.
    thread_ticker_worst_ms: f64,
    /// CPU used during the run, in cores (CPU seconds / wall seconds).
    bench_cores: f64,
    emulator_cores: f64,
    redis_cores: f64,
    waits: usize,
}

fn build(
    emu: &EmulatorProcess,
    ledger_url: &str,
    serialized: bool,
) -> (AsyncSyncore, Arc<AtomicUsize>) {
    let (waits, sink) = wait_counter();
    let mut builder = Syncore::builder()
        .api_key(emu.api_key.clone())
        .user_agent("pacer-bench/1.0")
        .base_url(emu.base_url.clone())
        .ledger(ledger_url)
        .spec_overrides(UNLIMITED)
        .configure(|c| c.rate_margin = Some(Duration::ZERO))
        .on_event(sink);
    if serialized {
        builder = builder.bench_serialized_ledger();
    }
    (builder.build_async_syncore().unwrap(), waits)
}

/// A task that sleeps 1 ms at a time until `stop`, and how late it woke.
fn ticker(
    rt: &tokio::runtime::Runtime,
    stop: Arc<AtomicBool>,
) -> tokio::task::JoinHandle<Lateness> {
    rt.spawn(async move {
        let period = Duration::from_millis(1);
        let mut late = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let start = Instant::now();
            tokio::time::sleep(period).await;
            late.push(start.elapsed().saturating_sub(period));
        }
        Lateness::of(late)
    })
}

/// How late a ticker's wake-ups were, in milliseconds.
#[derive(Clone, Copy, Default)]
struct Lateness {
    worst: f64,
    p99: f64,
}

impl Lateness {
    fn of(mut late: Vec<Duration>) -> Lateness {
        late.sort_unstable();
        let ms = |d: Option<&Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1e3);
        Lateness {
            worst: ms(late.last()),
            p99: ms(late.get(late.len() * 99 / 100)),
        }
    }
}

/// The same ticker on a plain OS thread outside the runtime: what the machine's scheduler alone
/// does to a 1 ms sleep (the box is shared), to set the runtime ticker's figure against.
fn thread_ticker(stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Lateness> {
    std::thread::spawn(move || {
        let period = Duration::from_millis(1);
        let mut late = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let start = Instant::now();
            std::thread::sleep(period);
            late.push(start.elapsed().saturating_sub(period));
        }
        Lateness::of(late)
    })
}

/// Both tickers' worst lateness over `d` with no calls running (the timer's granularity and
/// the machine's background load), in milliseconds.
fn idle_tickers(rt: &tokio::runtime::Runtime, d: Duration) -> (f64, f64) {
    let stop = Arc::new(AtomicBool::new(false));
    let t = ticker(rt, stop.clone());
    let th = thread_ticker(stop.clone());
    std::thread::sleep(d);
    stop.store(true, Ordering::Relaxed);
    (rt.block_on(t).unwrap().worst, th.join().unwrap().worst)
}

/// `tasks` tasks making `per_worker` calls each; returns every call's latency.
fn calls(
    rt: &tokio::runtime::Runtime,
    caller: &Caller,
    tasks: usize,
    per_worker: usize,
) -> Vec<Duration> {
    let tasks: Vec<_> = (0..tasks)
        .map(|_| {
            let c = caller.clone();
            rt.spawn(async move {
                let mut latencies = Vec::with_capacity(per_worker);
                for _ in 0..per_worker {
                    let t = Instant::now();
                    c.call().await;
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    rt.block_on(async {
        let mut all = Vec::with_capacity(tasks.len() * per_worker);
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        all
    })
}

fn run(
    rt: &tokio::runtime::Runtime,
    v: &Variant,
    tasks: usize,
    per_worker: usize,
    pids: (u32, Option<u32>),
) -> Figures {
    let waits0 = v.waits.load(Ordering::Relaxed);
    let stop = Arc::new(AtomicBool::new(false));
    let tick = ticker(rt, stop.clone());
    let thread_tick = thread_ticker(stop.clone());
    let (bench0, emu0) = (cpu_seconds(), process_cpu_seconds(pids.0));
    let redis0 = pids.1.map(process_cpu_seconds).unwrap_or(0.0);
    let start = Instant::now();
    let mut latencies = calls(rt, &v.caller, tasks, per_worker);
    let wall = start.elapsed().as_secs_f64();
    let (bench1, emu1) = (cpu_seconds(), process_cpu_seconds(pids.0));
    let redis1 = pids.1.map(process_cpu_seconds).unwrap_or(0.0);
    stop.store(true, Ordering::Relaxed);
    let worst = rt.block_on(tick).unwrap();
    let thread_worst = thread_tick.join().unwrap();
    latencies.sort_unstable();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i].as_secs_f64() * 1e3
    };
    Figures {
        calls_per_sec: latencies.len() as f64 / wall,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        ticker_worst_ms: worst.worst,
        ticker_p99_ms: worst.p99,
        thread_ticker_worst_ms: thread_worst.worst,
        bench_cores: (bench1 - bench0) / wall,
        emulator_cores: (emu1 - emu0) / wall,
        redis_cores: (redis1 - redis0) / wall,
        waits: v.waits.load(Ordering::Relaxed) - waits0,
    }
}

/// Each figure's median over the rounds (waits: the total).
fn median(rounds: &[Figures]) -> Figures {
    let m = |f: fn(&Figures) -> f64| {
        let mut xs: Vec<f64> = rounds.iter().map(f).collect();
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    };
    Figures {
        calls_per_sec: m(|f| f.calls_per_sec),
        p50_ms: m(|f| f.p50_ms),
        p99_ms: m(|f| f.p99_ms),
        ticker_worst_ms: m(|f| f.ticker_worst_ms),
        ticker_p99_ms: m(|f| f.ticker_p99_ms),
        thread_ticker_worst_ms: m(|f| f.thread_ticker_worst_ms),
        bench_cores: m(|f| f.bench_cores),
        emulator_cores: m(|f| f.emulator_cores),
        redis_cores: m(|f| f.redis_cores),
        waits: rounds.iter().map(|f| f.waits).sum(),
    }
}

/// A TCP proxy in front of redis-server that holds every chunk for `one_way` in each direction,
/// as a Redis on another host would. It keeps pipelining: chunks queue with their due times
/// rather than waiting for one another. Plain threads (two per direction of a connection, off
/// the runtime under test) sleep to each due time, which is precise to tens of microseconds.
/// Runs until the process ends; returns its port.
fn start_delay_proxy(upstream: u16, one_way: Duration) -> u16 {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    fn pipe(mut from: TcpStream, mut to: TcpStream, delay: Duration) {
        let (tx, rx) = std::sync::mpsc::channel::<(Instant, Vec<u8>)>();
        std::thread::spawn(move || {
            while let Ok((due, bytes)) = rx.recv() {
                std::thread::sleep(due.saturating_duration_since(Instant::now()));
                if to.write_all(&bytes).is_err() {
                    break;
                }
            }
            let _ = to.shutdown(std::net::Shutdown::Write);
        });
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 64 * 1024];
            while let Ok(n @ 1..) = from.read(&mut buf) {
                if tx
                    .send((Instant::now() + delay, buf[..n].to_vec()))
                    .is_err()
                {
                    break;
                }
            }
        });
    }

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for down in listener.incoming() {
            let Ok(down) = down else { continue };
            let Ok(up) = TcpStream::connect(("127.0.0.1", upstream)) else {
                continue;
            };
            let _ = (down.set_nodelay(true), up.set_nodelay(true));
            let (down2, up2) = (down.try_clone().unwrap(), up.try_clone().unwrap());
            pipe(down, up2, one_way);
            pipe(up, down2, one_way);
        }
    });
    port
}

/// The median of 50 PING round trips to the Redis at `url`, in milliseconds.
fn ping_ms(url: &str) -> f64 {
    let mut conn = redis::Client::open(url).unwrap().get_connection().unwrap();
    let mut times: Vec<f64> = (0..50)
        .map(|_| {
            let t = Instant::now();
            let _: String = redis::cmd("PING").query(&mut conn).unwrap();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn count(name: &str, default: usize) -> usize {
    arg(name).map_or(default, |v| {
        v.parse().unwrap_or_else(|_| panic!("{name} needs a count"))
    })
}

fn remove_sqlite(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

fn main() {
    let per_worker = count("--calls-per-worker", 50);
    let rounds = count("--rounds", 3).max(1);
    // Investigation knobs; the benchmark's figures are the defaults.
    let tasks = count("--concurrency", CONCURRENCY).max(1);
    let only = arg("--only").map(|l| l.to_ascii_lowercase());
    let event_interval = arg("--event-interval").map(|v| v.parse::<u32>().unwrap());
    // The emulator counts in the same short windows (see `pacer_bench::spawn_emulator`).
    let emu = spawn_emulator(Some(UNLIMITED));
    let redis = start_redis();
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.worker_threads(2).enable_all();
    if let Some(n) = event_interval {
        runtime.event_interval(n);
    }
    let runtime = runtime.build().unwrap();
    let rt = &runtime;
    let dir = std::env::temp_dir();
    let pid = std::process::id();
    let sqlite_old = dir.join(format!("pacer-bench-conc-old-{pid}.db"));
    let sqlite_new = dir.join(format!("pacer-bench-conc-new-{pid}.db"));
    remove_sqlite(&sqlite_old);
    remove_sqlite(&sqlite_new);
    let redis_url = redis.url();
    // The same server behind a proxy that adds a network's round trip (a Redis on another host).
    let one_way = Duration::from_micros(count("--proxy-one-way-us", 500) as u64);
    let proxy_url = format!(
        "redis://127.0.0.1:{}/",
        start_delay_proxy(redis.port, one_way)
    );
    let ledgers: [(&'static str, String, String); 4] = [
        ("memory", "memory".into(), "memory".into()),
        (
            "SQLite",
            format!("sqlite://{}", sqlite_old.display()),
            format!("sqlite://{}", sqlite_new.display()),
        ),
        (
            "Redis",
            format!("{redis_url}?prefix=bench-old"),
            format!("{redis_url}?prefix=bench-new"),
        ),
        (
            "Redis+rtt",
            format!("{proxy_url}?prefix=bench-proxy-old"),
            format!("{proxy_url}?prefix=bench-proxy-new"),
        ),
    ];
    let mut variants = Vec::new();
    for (ledger, old_url, new_url) in &ledgers {
        if only
            .as_ref()
            .is_some_and(|o| !ledger.to_ascii_lowercase().starts_with(o.as_str()))
        {
            continue;
        }
        for (path, url, serialized) in [("old", old_url, true), ("new", new_url, false)] {
            let (client, waits) = build(&emu, url, serialized);
            variants.push(Variant {
                ledger,
                path,
                caller: Caller::Pacer(client),
                waits,
            });
        }
    }
    // Warm up: connections to the emulator (one per concurrent call), Redis script loads,
    // SQLite schemas and pools.
    let bare = Variant {
        ledger: "reqwest",
        path: "bare",
        caller: Caller::Bare {
            http: reqwest::Client::new(),
            url: format!("{}/v2/orders/jobs/{JOB}", emu.base_url).into(),
            key: emu.api_key.clone().into(),
        },
        waits: Arc::default(),
    };
    for v in std::iter::once(&bare).chain(&variants) {
        calls(rt, &v.caller, tasks, 2);
    }
    let (idle, idle_thread) = idle_tickers(rt, Duration::from_millis(500));
    let (direct_ping, proxy_ping) = (ping_ms(&redis_url), ping_ms(&proxy_url));
    // Rounds interleave the variants, so a slow moment of the shared machine hits each alike.
    let mut bare_measured = Vec::new();
    let mut measured: Vec<Vec<Figures>> = vec![Vec::new(); variants.len()];
    for _ in 0..rounds {
        bare_measured.push(run(rt, &bare, tasks, per_worker, (emu.pid(), None)));
        for (i, v) in variants.iter().enumerate() {
            let redis_pid = v.ledger.starts_with("Redis").then(|| redis.pid());
            measured[i].push(run(rt, v, tasks, per_worker, (emu.pid(), redis_pid)));
        }
    }
    let figures: Vec<Figures> = measured.iter().map(|r| median(r)).collect();
    let ceiling = median(&bare_measured);

    println!(
        "concurrency: {tasks} concurrent async order GETs on one client ({tasks} tasks x {per_worker} calls), \
tokio runtime with 2 worker threads{}, emulator in another process (server quota off; the client runs the full \
Syncore windows and never waits), median of {rounds} rounds",
        event_interval.map_or(String::new(), |n| format!(" (event_interval {n})"))
    );
    println!(
        "  old = bench_serialized_ledger() (one lock across every ledger round trip); new = the async pump"
    );
    println!(
        "  1 ms ticker: a task on the same runtime (its worst and p99 lateness); control: the same on a plain OS \
thread (its worst: the shared machine's own scheduling delay)"
    );
    println!(
        "  Redis+rtt = the same redis-server behind a proxy holding each chunk {} µs each way (a Redis on another host): \
PING {proxy_ping:.2} ms through it, {direct_ping:.2} ms direct",
        one_way.as_micros()
    );
    println!(
        "  idle (no calls): runtime ticker worst {idle:.2} ms, OS-thread ticker worst {idle_thread:.2} ms"
    );
    println!();
    println!(
        "  {:<9} {:<4} {:>8} {:>7} {:>7}  {:>13} {:>10} {:>10} {:>5}   CPU in cores: {:>5} {:>5} {:>5}",
        "ledger",
        "path",
        "calls/s",
        "p50 ms",
        "p99 ms",
        "ticker: worst",
        "p99 (ms)",
        "OS thread",
        "waits",
        "bench",
        "emu",
        "redis"
    );
    let rows = std::iter::once((&bare, &ceiling)).chain(variants.iter().zip(&figures));
    for (v, f) in rows {
        println!(
            "  {:<9} {:<4} {:>8.0} {:>7.2} {:>7.2}  {:>13.2} {:>10.2} {:>10.2} {:>5}                 {:>5.2} {:>5.2} {:>5}",
            v.ledger,
            v.path,
            f.calls_per_sec,
            f.p50_ms,
            f.p99_ms,
            f.ticker_worst_ms,
            f.ticker_p99_ms,
            f.thread_ticker_worst_ms,
            f.waits,
            f.bench_cores,
            f.emulator_cores,
            if v.ledger.starts_with("Redis") {
                format!("{:.2}", f.redis_cores)
            } else {
                "-".into()
            }
        );
    }
    println!();
    for (pair, names) in figures.chunks(2).zip(variants.chunks(2)) {
        let ([old, new], [v, _]) = (pair, names) else {
            unreachable!()
        };
        println!(
            "  ratio new/old, {:<9} throughput {:>5.2}x   p50 {:>5.2}x   p99 {:>5.2}x   ticker worst {:>5.2}x",
            v.ledger,
            new.calls_per_sec / old.calls_per_sec,
            new.p50_ms / old.p50_ms,
            new.p99_ms / old.p99_ms,
            new.ticker_worst_ms / old.ticker_worst_ms,
        );
    }
    println!();
    println!(
        "  ceiling: {:.0} calls/s with bare reqwest (no pacer, same tasks and runtime); each old path reaches, of it:",
        ceiling.calls_per_sec
    );
    for (v, f) in variants
        .iter()
        .zip(&figures)
        .filter(|(v, _)| v.path == "old")
    {
        println!(
            "    {:<9} {:>5.1}%   (so new/old can be at most {:.2}x here)",
            v.ledger,
            f.calls_per_sec / ceiling.calls_per_sec * 100.0,
            ceiling.calls_per_sec / f.calls_per_sec
        );
    }
    if let Some(i) = variants.iter().position(|v| v.ledger == "Redis") {
        let (old, new) = (figures[i], figures[i + 1]);
        let speedup = new.calls_per_sec / old.calls_per_sec;
        let verdict = |met: bool| if met { "met" } else { "NOT met" };
        println!();
        println!(
            "  goal, Redis: new throughput ≥ 8x the old path's: {speedup:.2}x   {}",
            verdict(speedup >= 8.0)
        );
        println!(
            "  goal, Redis: the runtime ticker's worst delay (new) < 5 ms: {:.2} ms   {}",
            new.ticker_worst_ms,
            verdict(new.ticker_worst_ms < 5.0)
        );
    }
    let total_waits: usize = figures.iter().map(|f| f.waits).sum();
    if total_waits > 0 {
        println!(
            "  warning: {total_waits} quota waits: a window bound, so the figures include waiting"
        );
    }
    drop(variants);
    remove_sqlite(&sqlite_old);
    remove_sqlite(&sqlite_new);
    drop(redis);
}
