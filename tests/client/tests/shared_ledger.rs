//! One SQLite ledger file shared by several clients and several processes is one budget.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

use common::*;
use pacer_sdk::models::Job;
use pacer_sdk::{JobSearch, LockstepClock, Syncore};
use pacer_sdk_emulator::{Emulator, EmulatorConfig};

/// Orders reads limited to 15 per 2 seconds.
const SMALL_WINDOW: &str = r#"
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 15, period = "2s" },
]"#;

const WORKER_ENV: &str = "PACER_TEST_WORKER";

/// What a worker prints once it has joined the lockstep clock.
const JOINED: &str = "lockstep worker joined";

/// Child-process entry point, run by the test below with `--ignored`.
#[test]
#[ignore = "a worker process started by two_processes_on_one_ledger_never_exceed_a_window"]
fn worker() {
    let spec = std::env::var(WORKER_ENV).expect("started by the shared-ledger test");
    let parts: Vec<&str> = spec.split('|').collect();
    let [root_url, base_url, key, ledger, job, count] = parts[..] else {
        panic!("bad worker spec")
    };
    // The emulator's virtual time, in lockstep with the other worker: it moves only when both
    // wait, so a request in flight in one process never sees the other's wait pass it by.
    let clock = pacer_sdk::clock_from_setting(&format!("lockstep:{root_url}")).unwrap();
    let mut out = std::io::stdout();
    writeln!(out, "{JOINED}").unwrap();
    out.flush().unwrap();
    let client = Syncore::builder()
        .api_key(key)
        .user_agent("AcmeSync/1.0")
        .base_url(base_url)
        .ledger(ledger)
        .spec_overrides(SMALL_WINDOW)
        .clock(clock)
        .build_syncore()
        .unwrap();
    let job: i64 = job.parse().unwrap();
    for _ in 0..count.parse::<u32>().unwrap() {
        let got: Job = client.jobs().get(job).unwrap();
        assert_eq!(got.id, Some(job));
    }
}

/// Child processes killed if the test fails before they finish (a worker left waiting on the
/// lockstep clock would wait forever).
struct Workers(Vec<Child>);

impl Drop for Workers {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

#[test]
fn two_processes_on_one_ledger_never_exceed_a_window() {
    let emu = Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        spec_overrides: Some(SMALL_WINDOW.into()),
        jobs: 300,
        ..Default::default()
    })
    .unwrap();
    let ledger = format!("sqlite://{}/shared.db", tempdir().display());
    let setup = Syncore::builder()
        .api_key(emu.api_key())
        .user_agent("AcmeSync/1.0")
        .base_url(emu.base_url())
        .ledger(ledger.clone())
        .spec_overrides(SMALL_WINDOW)
        .clock(emu.clock())
        .build_syncore()
        .unwrap();
    let t0 = emu.now();
    let job = setup
        .jobs()
        .search(&JobSearch::between(
            date_before(&emu, 30),
            date_before(&emu, 0),
        ))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let spec = format!(
        "{}|{}|{}|{}|{}|{}",
        emu.root_url(),
        emu.base_url(),
        emu.api_key(),
        ledger,
        job.id.unwrap(),
        25
    );
    // The test joins the lockstep clock too and holds time still until both workers have
    // joined, so they contend for the same windows from the first one on.
    let gate = LockstepClock::join(&emu.root_url()).unwrap();
    let mut workers = Workers(
        (0..2)
            .map(|_| {
                Command::new(std::env::current_exe().unwrap())
                    .args(["worker", "--exact", "--ignored", "--test-threads", "1"])
                    .arg("--nocapture")
                    .env(WORKER_ENV, &spec)
                    .stdout(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect(),
    );
    for child in &mut workers.0 {
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        assert!(
            // (after the harness's `test worker ... `, on the same line)
            lines.any(|l| l.is_ok_and(|l| l.ends_with(JOINED))),
            "a worker stopped before joining"
        );
        // The rest of its output (the test harness's) is read, so the pipe stays open.
        std::thread::spawn(move || lines.for_each(drop));
    }
    drop(gate);
    for child in &mut workers.0 {
        assert!(child.wait().unwrap().success(), "a worker failed");
    }
    let requests = emu.requests();
    let gets: Vec<i64> = requests
        .iter()
        .filter(|r| r.method == "GET")
        .map(|r| r.at.as_millis())
        .collect();
    assert_eq!(gets.len(), 51, "the setup's search and 25 reads per worker");
    assert!(
        requests.iter().all(|r| r.status == 200),
        "no 429: the processes shared one budget"
    );
    // The server's view: at most 15 in any half-open 2-second interval.
    let worst = (0..gets.len())
        .map(|i| gets[..=i].iter().filter(|&&t| t > gets[i] - 2_000).count())
        .max()
        .unwrap();
    assert!(worst <= 15, "{worst} requests within 2 s");
    // On lockstep time the budget is used exactly: 15 at once, then 15 each time the window
    // frees (2 s plus the client's safety margin for network delay after the first of them):
    // the clock only moves when both processes wait, and then to the earliest free slot.
    let mut per_instant: Vec<(i64, usize)> = Vec::new();
    for t in &gets {
        match per_instant.last_mut() {
            Some((at, n)) if at == t => *n += 1,
            _ => per_instant.push((*t, 1)),
        }
    }
    let counts: Vec<usize> = per_instant.iter().map(|(_, n)| *n).collect();
    assert_eq!(
        counts,
        [15, 15, 15, 6],
        "the window was contended and used to the full, never more: {per_instant:?}"
    );
    assert_eq!(per_instant[0].0, t0.as_millis());
    let step = per_instant[1].0 - per_instant[0].0;
    let margin = pacer_sdk_core::api::DEFAULT_RATE_MARGIN.as_millis() as i64;
    assert!(
        (2_000 + margin..=2_000 + margin + 1).contains(&step),
        "{per_instant:?}"
    );
    assert!(
        per_instant.windows(2).all(|w| w[1].0 - w[0].0 == step),
        "{per_instant:?}"
    );
}

#[test]
fn two_clients_on_one_ledger_file_share_one_budget() {
    // 10:00 in New York: the minute it spans stays in one day, whose count it checks.
    let emu = Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        start: Some(pacer_sdk::Timestamp::parse_rfc3339("2026-11-22T15:00:00Z").unwrap()),
        ..Default::default()
    })
    .unwrap();
    let ledger = format!("sqlite://{}/shared.db", tempdir().display());
    let a = builder(&emu)
        .ledger(ledger.clone())
        .build_syncore()
        .unwrap();
    let b = builder(&emu).ledger(ledger).build_syncore().unwrap();
    for _ in 0..90 {
        a.product_indices()
            .list()
            .unwrap()
            .for_each(|r| assert!(r.is_ok()));
    }
    let before = emu.now();
    b.product_indices()
        .list()
        .unwrap()
        .for_each(|r| assert!(r.is_ok()));
    let waited = emu.now().since(before);
    assert!(
        waited.as_secs() >= 59,
        "the second client waited for the first one's minute ({waited:?})"
    );
    let status = b.quota_status().unwrap();
    assert_eq!(
        status
            .iter()
            .find(|w| w.window == "orders.GET.daily")
            .unwrap()
            .used,
        91
    );
    assert!(emu.requests().iter().all(|r| r.status == 200));
}
