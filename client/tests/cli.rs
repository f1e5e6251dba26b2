//! The `pacer` command line against the emulator.

mod common;

use std::process::{Command, Output};

use common::*;
use pacer_emulator::{Emulator, EmulatorConfig};

fn pacer(emu: &Emulator, ledger: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pacer"))
        .args(["--ledger", ledger, "--base-url", &emu.base_url()])
        .args(args)
        .env("SYNCORE_API_KEY", emu.api_key())
        .env("PACER_USER_AGENT", "AcmeSync/1.0")
        .env("PACER_LOG", "1")
        .env("HOME", tempdir())
        .output()
        .unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn real_emulator() -> Emulator {
    Emulator::start_blocking(EmulatorConfig {
        jobs: 400,
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn help_lists_every_command() {
    let out = Command::new(env!("CARGO_BIN_EXE_pacer"))
        .arg("--help")
        .output()
        .unwrap();
    let (stdout, _) = text(&out);
    for cmd in ["syncore", "quota", "emulator", "demo", "SYNCORE_API_KEY"] {
        assert!(stdout.contains(cmd), "--help mentions {cmd}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_pacer"))
        .args(["syncore", "jobs", "search", "--help"])
        .output()
        .unwrap();
    let (stdout, _) = text(&out);
    assert!(
        stdout.contains("--date-from") && stdout.contains("required"),
        "{stdout}"
    );
}

#[test]
fn list_get_create_and_formats() {
    let emu = real_emulator();
    let ledger = format!("sqlite://{}/l.db", tempdir().display());
    let (from, to) = (date_before(&emu, 30), date_before(&emu, 0));
    let out = pacer(
        &emu,
        &ledger,
        &[
            "syncore",
            "jobs",
            "search",
            "--date-from",
            &from,
            "--date-to",
            &to,
            "--format",
            "csv",
        ],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let mut lines = stdout.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert!(
        header.contains(&"id")
            && header.contains(&"status")
            && header.contains(&"client.business_name"),
        "{stdout}"
    );
    let rows = lines.count();
    assert!(rows > 10);
    assert!(
        !stderr.contains(&emu.api_key()),
        "PACER_LOG output must not carry the key"
    );
    let out = pacer(
        &emu,
        &ledger,
        &[
            "syncore",
            "jobs",
            "search",
            "--date-from",
            &from,
            "--date-to",
            &to,
            "--format",
            "ndjson",
            "--limit",
            "3",
        ],
    );
    let (stdout, _) = text(&out);
    assert_eq!(stdout.lines().count(), 3);
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    let job_id = first["id"].to_string();
    let out = pacer(
        &emu,
        &ledger,
        &[
            "syncore", "jobs", "get", "--job-id", &job_id, "--format", "json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out).1);
    let out = pacer(
        &emu,
        &ledger,
        &["syncore", "sales_orders", "list", "--job-id", &job_id],
    );
    assert!(text(&out).0.contains("status"), "a table with a header");
    let body = sales_order("CLI-1").to_string();
    let out = pacer(
        &emu,
        &ledger,
        &[
            "syncore",
            "sales_orders",
            "create",
            "--job-id",
            &job_id,
            "--data",
            &body,
        ],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let written: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(written[0]["id"].is_number(), "{stdout}");
    // Validation fails before any request, with every field named.
    let before = emu.requests().len();
    let out = pacer(
        &emu,
        &ledger,
        &["syncore", "jobs", "search", "--date-from", "2026-13-01"],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("date_from") && stderr.contains("date_to"),
        "{stderr}"
    );
    assert_eq!(emu.requests().len(), before);
    // Quota status reads the same ledger file.
    let out = pacer(&emu, &ledger, &["quota", "status", "--format", "json"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let json_start = stdout.find('[').unwrap();
    let rows: serde_json::Value = serde_json::from_str(&stdout[json_start..]).unwrap();
    let gets = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["window"] == "orders.GET.daily")
        .unwrap();
    assert!(gets["used"].as_u64().unwrap() >= 4, "{gets}");
    assert_eq!(
        rows.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["binds"] != "")
            .count(),
        1
    );
}

#[test]
fn export_and_plan_commands() {
    let emu = real_emulator();
    let dir = tempdir();
    let ledger = format!("sqlite://{}/l.db", dir.display());
    let out_file = dir.join("jobs.ndjson");
    let out = pacer(
        &emu,
        &ledger,
        &[
            "syncore",
            "export",
            "jobs",
            "--from",
            &date_before(&emu, 10),
            "--to",
            &date_before(&emu, 0),
            "--format",
            "ndjson",
            "--with",
            "sales-orders,purchase-orders",
            "--out",
            out_file.to_str().unwrap(),
            "--quiet",
        ],
    );
    let (_, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let lines = std::fs::read_to_string(&out_file).unwrap();
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert!(
        first["job"]["id"].is_number()
            && first["sales_orders"].is_array()
            && first["purchase_orders"].is_array()
    );
    assert!(stderr.contains("exported"), "{stderr}");
    let out = pacer(&emu, "memory", &["quota", "plan", "orders.GET=12000"]);
    let (stdout, _) = text(&out);
    assert!(stdout.contains("binding: orders.GET.rate"), "{stdout}");
    assert!(
        stdout.contains("2h 13m"),
        "12,000 reads at 90 a minute take 2h 13m: {stdout}"
    );
}

#[test]
fn demo_runs_end_to_end() {
    let dir = tempdir();
    let out_file = dir.join("demo.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_pacer"))
        .args([
            "demo",
            "--scale",
            "400",
            "--days",
            "5",
            "--quiet",
            "--out",
            out_file.to_str().unwrap(),
        ])
        .env("HOME", &dir)
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("SCALED"),
        "the demo says its clock is scaled: {stderr}"
    );
    assert!(
        stdout.contains("Exported") && stdout.contains("orders.GET"),
        "{stdout}"
    );
    let csv = std::fs::read_to_string(&out_file).unwrap();
    assert!(csv.lines().count() > 10);
}
