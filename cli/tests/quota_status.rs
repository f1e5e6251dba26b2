//! `pacer quota status` reads the shared quota state other processes wrote.

mod common;

use std::process::Command;

use common::*;
use pacer_sdk::Syncore;

#[test]
fn quota_status_reads_the_shared_state() {
    let redis = RedisServer::start();
    let emu = virtual_emulator(None);
    let url = redis.url("status", "caller");
    let a = builder(&emu).ledger(url.clone()).build_syncore().unwrap();
    for _ in 0..7 {
        a.product_indices()
            .list()
            .unwrap()
            .for_each(|r| assert!(r.is_ok()));
    }
    let b = builder(&emu).ledger(url.clone()).build_syncore().unwrap();
    let used = |c: &Syncore| {
        c.quota_status()
            .unwrap()
            .into_iter()
            .find(|w| w.window == "orders.GET.daily")
            .unwrap()
            .used
    };
    assert_eq!(used(&b), 7);
    let out = Command::new(env!("CARGO_BIN_EXE_pacer"))
        .args([
            "--ledger",
            &url,
            "--base-url",
            &emu.base_url(),
            // The emulator runs on virtual time: the CLI follows its clock, so both count the
            // same day whatever the machine's date.
            "--clock",
            &emu.clock_setting(),
            "quota",
            "status",
            "--format",
            "json",
        ])
        .env("SYNCORE_API_KEY", emu.api_key())
        .env("PACER_USER_AGENT", "AcmeSync/1.0")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value =
        serde_json::from_str(&stdout[stdout.find('[').unwrap()..]).unwrap();
    let daily = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["window"] == "orders.GET.daily")
        .unwrap();
    assert_eq!(daily["used"], 7);
}
