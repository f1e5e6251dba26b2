//! Starting and stopping: on the caller's runtime, on its own thread, with a shared clock, and
//! as the `pacer-emulator` binary.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use pacer_sdk_core::{Clock, ManualClock};
use pacer_sdk_emulator::{Emulator, EmulatorConfig, SystemClock};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_on_the_callers_runtime_with_a_shared_clock() {
    let clock = Arc::new(ManualClock::new(ts("2026-05-05T14:00:00Z")));
    let emu = Emulator::start(EmulatorConfig {
        clock: Some(clock.clone()),
        jobs: 100,
        ..Default::default()
    })
    .await
    .unwrap();
    let client = reqwest::Client::new();
    let get = |path: &str| {
        client
            .get(format!("{}{path}", emu.base_url()))
            .header("x-api-key", emu.api_key())
            .header("user-agent", UA)
            .send()
    };
    let a: Value = get("/v2/orders/jobs?date_from=2026-05-01&date_to=2026-05-05&count=1")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(a["total_results"].as_u64().unwrap() > 0);
    // The client's clock is the emulator's clock.
    clock.advance(Duration::from_secs(3600));
    assert_eq!(emu.now(), ts("2026-05-05T15:00:00Z"));
    emu.advance(Duration::from_secs(60)).unwrap();
    assert_eq!(clock.now(), ts("2026-05-05T15:01:00Z"));
    assert_eq!(emu.clock().describe(), "virtual");
    let base = emu.base_url();
    emu.stop();
    // Stopping aborts the serving task, which the runtime drops (closing the port) on its next
    // turn on that task: wait for that, bounded, instead of sleeping a guessed real time.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while reqwest::get(format!("{base}/_admin/clock")).await.is_ok() {
        assert!(std::time::Instant::now() < deadline, "stopped serving");
        tokio::task::yield_now().await;
    }
}

#[test]
fn virtual_time_starts_at_the_real_time_unless_told_otherwise() {
    // The machine's time brackets the start (in whole seconds), so the seeded months, the quota
    // days and every date a test derives from `now()` are the machine's.
    let before = SystemClock.now().as_millis();
    let emu = emulator(10, None);
    let after = SystemClock.now().as_millis();
    let start = emu.now().as_millis();
    assert_eq!(start % 1000, 0, "whole seconds");
    assert!(
        (before - before % 1000..=after).contains(&start),
        "{before} <= {start} <= {after}"
    );
    let fixed = emulator_at("2026-03-01T12:00:00Z", 10, None);
    assert_eq!(
        fixed.now(),
        ts("2026-03-01T12:00:00Z"),
        "an explicit start wins"
    );
}

#[tokio::test]
async fn the_blocking_start_also_works_inside_a_runtime() {
    let emu = Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        jobs: 20,
        ..Default::default()
    })
    .unwrap();
    let r = reqwest::get(format!("{}/_admin/clock", emu.base_url()))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    drop(emu);
}

#[test]
fn dropping_the_handle_stops_serving_and_frees_the_port() {
    let emu = emulator(10, None);
    let base = emu.base_url();
    let port: u16 = base.rsplit(':').next().unwrap().parse().unwrap();
    assert_eq!(Http::new(&emu).get("/v2/orders/card-types").status, 200);
    drop(emu);
    assert!(reqwest::blocking::get(format!("{base}/_admin/clock")).is_err());
    let again = Emulator::start_blocking(EmulatorConfig {
        port,
        jobs: 10,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(again.base_url(), base, "the same port can be bound again");
    let clash = Emulator::start_blocking(EmulatorConfig {
        port,
        jobs: 10,
        ..Default::default()
    });
    assert!(clash.is_err(), "a port in use is an error");
}

#[test]
fn the_binary_prints_one_json_line_and_serves() {
    let dir = std::env::temp_dir().join(format!("pacer-sdk-emulator-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let overrides = dir.join("overrides.toml");
    let mut f = std::fs::File::create(&overrides).unwrap();
    writeln!(f, "[quota.plans.standard]\nwindows = [{{ id = \"orders.GET.rate\", group = \"orders\", method = \"GET\", kind = \"rate\", limit = 2, period = \"1m\" }}]").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pacer-emulator"))
        .args([
            "--virtual-clock",
            "--seed",
            "3",
            "--jobs",
            "40",
            "--start",
            "2026-03-01T12:00:00Z",
        ])
        .arg("--spec-overrides")
        .arg(&overrides)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: Value = serde_json::from_str(&line).unwrap();
    let base = info["base_url"].as_str().unwrap().to_string();
    assert_eq!(info["virtual_clock"], true);
    assert_eq!(info["api_key"], pacer_sdk_emulator::default_api_key(3));
    let client = reqwest::blocking::Client::new();
    let get = |path: &str| {
        client
            .get(format!("{base}{path}"))
            .header("x-api-key", info["api_key"].as_str().unwrap())
            .header("user-agent", UA)
            .send()
            .unwrap()
    };
    let clock: Value = client
        .get(format!("{base}/_admin/clock"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(clock["now"], "2026-03-01T12:00:00Z");
    assert_eq!(get("/v2/orders/suppliers").status(), 200);
    assert_eq!(get("/v2/orders/suppliers").status(), 200);
    let refused = get("/v2/orders/suppliers");
    assert_eq!(refused.status(), 429, "the overrides file was applied");
    child.kill().unwrap();
    child.wait().unwrap();
    let bad = Command::new(env!("CARGO_BIN_EXE_pacer-emulator"))
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("usage"));
    std::fs::remove_dir_all(&dir).ok();
}

/// Starts the binary with `args`, returns the child and its JSON handshake line.
fn spawn(args: &[&str]) -> (std::process::Child, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pacer-emulator"))
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, serde_json::from_str(&line).unwrap())
}

#[test]
fn the_binary_serves_synq_and_salync() {
    let (mut synq, info) = spawn(&["--provider", "synq", "--virtual-clock", "--seed", "5"]);
    assert_eq!(info["provider"], "synq");
    let base = info["base_url"].as_str().unwrap();
    assert_eq!(info["admin_url"].as_str().unwrap(), base);
    let client = reqwest::blocking::Client::new();
    let products = client
        .get(format!("{base}/api/v1/pim/products"))
        .bearer_auth(info["api_key"].as_str().unwrap())
        .header("x-tenant-id", info["tenant_id"].as_str().unwrap())
        .header("x-org-id", info["org_id"].as_str().unwrap())
        .send()
        .unwrap();
    assert_eq!(products.status(), 200);
    assert_eq!(
        products.headers()["x-ratelimit-remaining"],
        "99",
        "one request counted"
    );
    let token: Value = client
        .post(format!("{base}/_admin/tokens"))
        .body(r#"{"ttl_secs": 30}"#)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert!(token["token"].as_str().unwrap().starts_with("synq_"));
    synq.kill().unwrap();
    synq.wait().unwrap();

    let (mut salync, info) = spawn(&["--provider", "salync", "--plan", "pro", "--virtual-clock"]);
    let base = info["base_url"].as_str().unwrap();
    let admin = info["admin_url"].as_str().unwrap();
    assert_eq!(base, format!("{admin}/v1"), "the spec's base path");
    assert!(
        info["webhook_secret"]
            .as_str()
            .unwrap()
            .starts_with("whsec_")
    );
    let list = client
        .get(format!("{base}/suppliers?per_page=5"))
        .bearer_auth(info["api_key"].as_str().unwrap())
        .send()
        .unwrap();
    assert_eq!(list.status(), 200);
    let body: Value = list.json().unwrap();
    assert_eq!(body["meta"]["total"], 25);
    let info: Value = client
        .get(format!("{admin}/_admin/info"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(info["plan"], "pro");
    salync.kill().unwrap();
    salync.wait().unwrap();
}
