//! One budget across many machines: the Redis ledger with real redis-server processes.

mod common;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use pacer_sdk::{ErrorKind, LockstepClock, Syncore, Timestamp};
use pacer_sdk_emulator::{Emulator, EmulatorConfig};

const WORKER_ENV: &str = "PACER_TEST_REDIS_WORKER";

/// Order reads: 30 a minute and 600 a day (a hard cap, so the day's total is exact).
const DAY_POLICY: &str = r#"
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 30, period = "1m" },
  { id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 600, period = "day", zones = ["-05:00", "America/New_York"] },
]"#;

fn ts(s: &str) -> Timestamp {
    Timestamp::parse_rfc3339(s).unwrap()
}

/// A worker process: two threads, each its own client on the shared Redis ledger and its own
/// participant of the emulator's lockstep clock, reading jobs until the day's quota is spent and
/// then once more after it resets.
#[test]
#[ignore = "a worker process started by eight_workers_in_four_processes_share_one_day"]
fn day_worker() {
    let spec = std::env::var(WORKER_ENV).expect("started by the day test");
    let parts: Vec<String> = spec.split('|').map(str::to_string).collect();
    let [base_url, key, ledger, job] = &parts[..] else {
        panic!("bad worker spec")
    };
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                let clock = Arc::new(LockstepClock::join(base_url).unwrap());
                let client = Syncore::builder()
                    .api_key(key.as_str())
                    .user_agent("AcmeSync/1.0")
                    .base_url(base_url.as_str())
                    .ledger(ledger.as_str())
                    .spec_overrides(DAY_POLICY)
                    .clock(clock.clone())
                    .configure(|c| c.wait.wait_for_reset = true)
                    .build_syncore()
                    .unwrap();
                let day_end = ts("2026-01-21T05:00:00Z");
                let job: i64 = job.parse().unwrap();
                // Read until the first read of the next day (waiting for the reset in between).
                loop {
                    client.jobs().get(job).unwrap();
                    if pacer_sdk::Clock::now(clock.as_ref()) >= day_end {
                        break;
                    }
                }
            });
        }
    });
}

#[test]
fn eight_workers_in_four_processes_share_one_day() {
    let redis = RedisServer::start();
    let emu = Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        start: Some(ts("2026-01-20T05:00:00Z")), // 00:00 EST: a whole day ahead
        jobs: 300,
        spec_overrides: Some(DAY_POLICY.into()),
        ..Default::default()
    })
    .unwrap();
    let job = 30_290; // jobs are numbered by date; this one is recent
    let spec = format!(
        "{}|{}|{}|{job}",
        emu.base_url(),
        emu.api_key(),
        redis.url("day", "caller")
    );
    let started = Instant::now();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            Command::new(std::env::current_exe().unwrap())
                .args(["day_worker", "--exact", "--ignored", "--test-threads", "1"])
                .env(WORKER_ENV, &spec)
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut w in workers {
        assert!(w.wait().unwrap().success(), "a worker failed");
    }
    let requests = emu.requests();
    assert!(requests.iter().all(|r| r.status == 200), "zero 429s");
    let day_end = ts("2026-01-21T05:00:00Z").as_millis();
    let times: Vec<i64> = requests.iter().map(|r| r.at.as_millis()).collect();
    let first_day = times.iter().filter(|t| **t < day_end).count();
    assert_eq!(first_day, 600, "the day's total is exactly the policy's");
    assert_eq!(
        times.len() - first_day,
        8,
        "each of the 8 workers read once more after the reset"
    );
    // The server's view: at most 30 in any half-open minute.
    let worst = (0..times.len())
        .map(|i| {
            times[..=i]
                .iter()
                .filter(|&&t| t > times[i] - 60_000)
                .count()
        })
        .max()
        .unwrap();
    assert!(worst <= 30, "{worst} requests within one minute");
    // Wall clock on purpose, with a wide margin: a simulated day in lockstep takes as long as
    // its requests do, not a day (the virtual instants above prove the rest).
    assert!(started.elapsed() < Duration::from_secs(120));
}

#[test]
fn a_redis_restart_fails_calls_clearly_and_double_spends_nothing() {
    let mut redis = RedisServer::start();
    let emu = virtual_emulator(None);
    let client = builder(&emu)
        .ledger(redis.url("restart", "caller"))
        .build_syncore()
        .unwrap();
    for _ in 0..60 {
        client
            .product_indices()
            .list()
            .unwrap()
            .for_each(|r| assert!(r.is_ok()));
    }
    redis.kill();
    // Wall clock on purpose: this is a test that a dead Redis fails the call fast (a real
    // connection refused) instead of hanging; no virtual clock measures that.
    let t = Instant::now();
    let err = client
        .product_indices()
        .list()
        .unwrap()
        .next()
        .unwrap()
        .err()
        .unwrap();
    assert_eq!(
        (err.kind, err.code.as_str()),
        (ErrorKind::Transport, "ledger_unavailable")
    );
    assert!(err.message.contains("unreachable"), "{}", err.message);
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "fails fast instead of hanging"
    );
    let sent = emu.requests().len();
    assert_eq!(sent, 60, "nothing was sent while the ledger was down");
    redis.restart();
    // The 60 reads of this minute survived the restart: 30 more now, then a wait.
    let before = emu.now();
    for _ in 0..31 {
        client
            .product_indices()
            .list()
            .unwrap()
            .for_each(|r| assert!(r.is_ok()));
    }
    let times: Vec<Timestamp> = emu.requests().iter().map(|r| r.at).collect();
    assert!(times[89] == before, "30 more in the same minute");
    assert!(
        times[90].since(times[0]) >= Duration::from_secs(60),
        "the 91st waited for the minute"
    );
    assert!(emu.requests().iter().all(|r| r.status == 200));
}

#[test]
fn workers_with_skewed_clocks_share_one_window_by_redis_time() {
    // Real time on purpose (its waits sleep, several seconds): the ledger reads Redis's own clock
    // (`time=server`, the wall clock) instead of the callers' skewed ones; that mode exists for
    // real clocks and cannot run on a virtual or lockstep one.
    /// Real time plus a fixed skew.
    struct Skewed(i64);
    impl pacer_sdk::Clock for Skewed {
        fn now(&self) -> Timestamp {
            pacer_sdk::clock::system_now().add_millis(self.0)
        }
        fn real_delay(&self, until: Timestamp) -> Duration {
            until.since(self.now())
        }
        fn advance_to(&self, _: Timestamp) {}
        fn describe(&self) -> String {
            format!("real time {:+} ms", self.0)
        }
    }
    let policy = r#"
[quota.plans.standard]
windows = [{ id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 5, period = "2s" }]"#;
    let redis = RedisServer::start();
    let emu = Emulator::start_blocking(EmulatorConfig {
        spec_overrides: Some(policy.into()),
        jobs: 200,
        ..Default::default()
    })
    .unwrap();
    let make = |skew_ms: i64| {
        Syncore::builder()
            .api_key(emu.api_key())
            .user_agent("AcmeSync/1.0")
            .base_url(emu.base_url())
            .ledger(redis.url("skew", "server"))
            .spec_overrides(policy)
            .clock(Arc::new(Skewed(skew_ms)))
            // A whole second of margin: the server judges arrivals, and on a loaded machine a
            // request can leave later than its reservation by more than the default 250 ms.
            .configure(|c| c.rate_margin = Some(Duration::from_secs(1)))
            .build_syncore()
            .unwrap()
    };
    let (ahead, behind) = (make(600_000), make(-450_000));
    std::thread::scope(|s| {
        for c in [&ahead, &behind] {
            s.spawn(move || {
                for _ in 0..10 {
                    c.product_indices()
                        .list()
                        .unwrap()
                        .for_each(|r| assert!(r.is_ok()));
                }
            });
        }
    });
    let times: Vec<i64> = emu.requests().iter().map(|r| r.at.as_millis()).collect();
    assert_eq!(times.len(), 20);
    assert!(
        emu.requests().iter().all(|r| r.status == 200),
        "clocks ten minutes apart never overspend"
    );
    let worst = (0..times.len())
        .map(|i| {
            times[..=i]
                .iter()
                .filter(|&&t| t > times[i] - 2_000)
                .count()
        })
        .max()
        .unwrap();
    assert!(worst <= 5, "{worst} within 2 s");
    let status = ahead.quota_status().unwrap();
    assert_eq!(
        status
            .iter()
            .find(|w| w.window == "orders.GET.rate")
            .unwrap()
            .limit,
        5
    );
}

#[test]
fn an_unreachable_redis_is_an_error_not_a_local_budget() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let emu = virtual_emulator(None);
    let err = builder(&emu)
        .ledger(format!("redis://127.0.0.1:{port}/"))
        .build_syncore()
        .unwrap_err();
    assert_eq!(
        (err.kind, err.code.as_str()),
        (ErrorKind::Transport, "ledger_unavailable")
    );
    assert!(!err.message.contains("password"));
}

#[test]
fn keys_carry_the_partner_prefix_and_provider_and_expire_after_their_windows() {
    let redis = RedisServer::start();
    let emu = virtual_emulator(None);
    let c = builder(&emu)
        .ledger(redis.url("acme", "caller"))
        .build_syncore()
        .unwrap();
    for _ in 0..3 {
        c.product_indices()
            .list()
            .unwrap()
            .for_each(|r| assert!(r.is_ok()));
    }
    let mut conn = redis::Client::open(format!("redis://127.0.0.1:{}/", redis.port()))
        .unwrap()
        .get_connection()
        .unwrap();
    let keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut conn).unwrap();
    let quota_keys: Vec<&String> = keys.iter().filter(|k| !k.ends_with(":journal")).collect();
    assert!(
        !quota_keys.is_empty(),
        "the reads left quota state: {keys:?}"
    );
    // The longest window is a calendar month (at most 31 days), kept one more day for refunds.
    let longest_ms: i64 = (31 + 1) * 86_400_000 + 1;
    for key in quota_keys {
        assert!(
            key.starts_with("acme:{syncore}:"),
            "{key} is under the partner's prefix and the provider"
        );
        let ttl: i64 = redis::cmd("PTTL").arg(key).query(&mut conn).unwrap();
        assert!(
            ttl > 0 && ttl <= longest_ms,
            "{key} expires after its window (PTTL {ttl} ms)"
        );
    }
}

/// A TCP proxy in front of Redis that holds every reply for `delay` (replies stay in order and
/// flow concurrently): a slow ledger below the ledger trait. It counts the reservation scripts
/// (`EVALSHA`) it has passed on when it forwards the first reply after `arm()`.
struct SlowRedis {
    port: u16,
    stats: Arc<std::sync::Mutex<SlowStats>>,
}

#[derive(Default)]
struct SlowStats {
    scripts: usize,
    armed: bool,
    scripts_at_first_reply: Option<usize>,
}

impl SlowRedis {
    fn start(upstream: u16, delay: Duration) -> SlowRedis {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stats = Arc::new(std::sync::Mutex::new(SlowStats::default()));
        let shared = stats.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let server = std::net::TcpStream::connect(("127.0.0.1", upstream)).unwrap();
                let (mut c_in, mut s_out) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let (mut s_in, mut c_out) = (server, client);
                let up_stats = shared.clone();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 65536];
                    while let Ok(n) = c_in.read(&mut buf) {
                        if n == 0 {
                            break;
                        }
                        let seen = buf[..n]
                            .windows(7)
                            .filter(|w| w.eq_ignore_ascii_case(b"EVALSHA"))
                            .count();
                        up_stats.lock().unwrap().scripts += seen;
                        if s_out.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                });
                let (tx, rx) = std::sync::mpsc::channel::<(Instant, Vec<u8>)>();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 65536];
                    while let Ok(n) = s_in.read(&mut buf) {
                        if n == 0
                            || tx
                                .send((Instant::now() + delay, buf[..n].to_vec()))
                                .is_err()
                        {
                            break;
                        }
                    }
                });
                let down_stats = shared.clone();
                std::thread::spawn(move || {
                    for (ready, bytes) in rx {
                        std::thread::sleep(ready.saturating_duration_since(Instant::now()));
                        {
                            let mut s = down_stats.lock().unwrap();
                            if s.armed && s.scripts_at_first_reply.is_none() {
                                s.scripts_at_first_reply = Some(s.scripts);
                            }
                        }
                        if c_out.write_all(&bytes).is_err() {
                            break;
                        }
                    }
                });
            }
        });
        SlowRedis { port, stats }
    }

    fn url(&self, prefix: &str) -> String {
        format!(
            "redis://127.0.0.1:{}/?prefix={prefix}&time=caller",
            self.port
        )
    }

    /// Starts counting afresh.
    fn arm(&self) {
        let mut s = self.stats.lock().unwrap();
        *s = SlowStats {
            armed: true,
            ..SlowStats::default()
        };
    }

    /// The reservations in flight together when the first reply came back.
    fn in_flight_at_first_reply(&self) -> usize {
        self.stats
            .lock()
            .unwrap()
            .scripts_at_first_reply
            .unwrap_or(0)
    }
}

#[test]
fn concurrent_async_calls_overlap_their_ledger_round_trips() {
    let redis = RedisServer::start();
    let slow = SlowRedis::start(redis.port(), Duration::from_millis(200));
    let emu = Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        enforce_quota: false,
        ..Default::default()
    })
    .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let in_flight = |serialized: bool, prefix: &str| {
        let mut b = builder(&emu).ledger(slow.url(prefix));
        if serialized {
            b = b.bench_serialized_ledger();
        }
        let c = b.build_async_syncore().unwrap();
        rt.block_on(async {
            // The script is loaded and the connections are open before counting.
            c.client()
                .call("payment_types.list", Default::default())
                .await
                .unwrap();
            slow.arm();
            let calls = (0..16).map(|_| c.client().call("payment_types.list", Default::default()));
            for r in futures::future::join_all(calls).await {
                r.unwrap();
            }
        });
        slow.in_flight_at_first_reply()
    };
    // The async pump's reservations share one multiplexed connection: all 16 are on the wire
    // before the first (delayed) reply returns. The old path held one lock across each round
    // trip, so only one ever was.
    let overlapping = in_flight(false, "overlap");
    assert!(
        overlapping >= 8,
        "only {overlapping} reservations overlapped"
    );
    assert_eq!(in_flight(true, "serialized"), 1);
}
