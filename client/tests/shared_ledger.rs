//! One SQLite ledger file shared by several clients and several processes is one budget.

mod common;

use std::process::Command;

use common::*;
use pacer_sdk::models::Job;
use pacer_sdk::{JobSearch, Syncore};
use pacer_sdk_emulator::{Emulator, EmulatorConfig};

/// Orders reads limited to 15 per 2 seconds, so a real-time test shows contention quickly.
const SMALL_WINDOW: &str = r#"
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 15, period = "2s" },
]"#;

const WORKER_ENV: &str = "PACER_TEST_WORKER";

/// Child-process entry point, run by the test below with `--ignored`.
#[test]
#[ignore = "a worker process started by two_processes_on_one_ledger_never_exceed_a_window"]
fn worker() {
    let spec = std::env::var(WORKER_ENV).expect("started by the shared-ledger test");
    let parts: Vec<&str> = spec.split('|').collect();
    let [base_url, key, ledger, job, count] = parts[..] else {
        panic!("bad worker spec")
    };
    let client = Syncore::builder()
        .api_key(key)
        .user_agent("AcmeSync/1.0")
        .base_url(base_url)
        .ledger(ledger)
        .spec_overrides(SMALL_WINDOW)
        .build_syncore()
        .unwrap();
    let job: i64 = job.parse().unwrap();
    for _ in 0..count.parse::<u32>().unwrap() {
        let got: Job = client.jobs().get(job).unwrap();
        assert_eq!(got.id, Some(job));
    }
}

#[test]
fn two_processes_on_one_ledger_never_exceed_a_window() {
    let emu = Emulator::start_blocking(EmulatorConfig {
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
        .build_syncore()
        .unwrap();
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
        "{}|{}|{}|{}|{}",
        emu.base_url(),
        emu.api_key(),
        ledger,
        job.id.unwrap(),
        25
    );
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(std::env::current_exe().unwrap())
                .args(["worker", "--exact", "--ignored", "--test-threads", "1"])
                .env(WORKER_ENV, &spec)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success(), "a worker failed");
    }
    let gets: Vec<i64> = emu
        .requests()
        .iter()
        .filter(|r| r.method == "GET")
        .map(|r| r.at.as_millis())
        .collect();
    assert!(gets.len() >= 51, "{} requests", gets.len());
    assert!(
        emu.requests().iter().all(|r| r.status == 200),
        "no 429: the processes shared one budget"
    );
    // The server's view: at most 15 in any half-open 2-second interval.
    let worst = (0..gets.len())
        .map(|i| gets[..=i].iter().filter(|&&t| t > gets[i] - 2_000).count())
        .max()
        .unwrap();
    assert!(worst <= 15, "{worst} requests within 2 s");
    assert!(worst >= 10, "the window was actually contended ({worst})");
}

#[test]
fn two_clients_on_one_ledger_file_share_one_budget() {
    let emu = virtual_emulator(None);
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
