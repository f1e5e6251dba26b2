//! The `pacer` command line against the emulator.

mod common;

use std::process::{Command, Output};

use common::*;
use pacer_sdk_emulator::{Emulator, EmulatorConfig};

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
    for cmd in [
        "syncore",
        "synq",
        "salync",
        "quota",
        "emulator",
        "demo",
        "SYNCORE_API_KEY",
        "SYNQ_TOKEN",
        "SALYNC_API_KEY",
    ] {
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
    // Scaled real time on purpose: the demo always runs the real policy on a clock scaled from
    // the wall clock (×400 here, and it says so); it has no virtual mode to test instead.
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

fn run(args: &[&str], env: &[(&str, String)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pacer"));
    cmd.args(args)
        .env("HOME", tempdir())
        .env_remove("SYNCORE_API_KEY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn synq_commands_use_the_token_and_scope_from_the_environment() {
    let emu = Emulator::start_blocking(EmulatorConfig {
        provider: "synq".into(),
        ..Default::default()
    })
    .unwrap();
    let env = [
        ("SYNQ_TOKEN", emu.api_key()),
        ("SYNQ_TENANT_ID", emu.tenant_id()),
        ("SYNQ_ORG_ID", emu.org_id()),
        ("SYNQ_BASE_URL", emu.base_url()),
    ];
    let out = run(
        &[
            "--ledger", "memory", "synq", "orders", "list", "-f", "ndjson", "--limit", "150",
        ],
        &env,
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout.lines().count(), 150, "paged past the first 100");
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert!(first["status"].is_string());

    // A missing scope is refused locally (exit 3, configuration); a wrong one is the server's
    // plain-text refusal, kept whole (exit 5, API).
    let no_scope = [env[0].clone(), env[3].clone()];
    let out = run(
        &["--ledger", "memory", "synq", "channels", "list"],
        &no_scope,
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("tenant_id"), "{stderr}");
    let out = run(
        &[
            "--ledger",
            "memory",
            "--tenant-id",
            "5d0c8d8e-1111-4222-8333-444455556666",
            "synq",
            "channels",
            "list",
        ],
        &env,
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("server said"), "{stderr}");
    assert!(!stderr.contains(&emu.api_key()), "the token never appears");

    // A token command supplies the token (and is asked again after a 401).
    let script = tempdir().join("token.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho {}\n",
            emu.issue_token(std::time::Duration::from_secs(3600))
        ),
    )
    .unwrap();
    let out = run(
        &[
            "--ledger",
            "memory",
            "synq",
            "tenant_settings",
            "get",
            "-f",
            "json",
        ],
        &[
            ("SYNQ_TOKEN_COMMAND", format!("sh {}", script.display())),
            ("SYNQ_TENANT_ID", emu.tenant_id()),
            ("SYNQ_ORG_ID", emu.org_id()),
            ("SYNQ_BASE_URL", emu.base_url()),
        ],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("costing_method"), "{stdout}");

    // Invalid writes are refused before sending, naming the field; exit code 2.
    let out = run(
        &[
            "--ledger",
            "memory",
            "synq",
            "members",
            "invite",
            "-d",
            r#"{"email": "not-an-email", "role": "OWNER"}"#,
        ],
        &env,
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("email") && stderr.contains("role"),
        "{stderr}"
    );
}

#[test]
fn salync_commands_and_quota_status() {
    let emu = Emulator::start_blocking(EmulatorConfig {
        provider: "salync".into(),
        ..Default::default()
    })
    .unwrap();
    let dir = tempdir();
    let ledger = format!("sqlite://{}", dir.join("salync.db").display());
    let env = [
        ("SALYNC_API_KEY", emu.api_key()),
        ("SALYNC_BASE_URL", emu.base_url()),
        ("SALYNC_PLAN", "growth".to_string()),
    ];
    let out = run(
        &[
            "--ledger",
            &ledger,
            "salync",
            "suppliers",
            "list",
            "-f",
            "json",
        ],
        &env,
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let suppliers: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let id = suppliers[0]["id"].as_str().unwrap().to_string();
    let out = run(
        &[
            "--ledger",
            &ledger,
            "salync",
            "suppliers",
            "get",
            "--supplier-id",
            &id,
            "-f",
            "json",
        ],
        &env,
    );
    assert!(out.status.success(), "{}", text(&out).1);
    let out = run(
        &[
            "--ledger", &ledger, "salync", "products", "by_sku", "--sku", "NOPE-404",
        ],
        &env,
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(5));
    assert!(stderr.contains("404"), "{stderr}");

    // The Growth plan's windows, with what this ledger has spent.
    let out = run(
        &[
            "--ledger",
            &ledger,
            "quota",
            "status",
            "--provider",
            "salync",
            "-f",
            "json",
        ],
        &env,
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .skip(1)
        .collect::<String>()
        .parse::<serde_json::Value>()
        .map(|v| v.as_array().cloned().unwrap_or_default())
        .unwrap();
    let daily = rows.iter().find(|r| r["window"] == "key.daily").unwrap();
    assert_eq!(
        (daily["used"].as_u64(), daily["limit"].as_u64()),
        (Some(3), Some(500))
    );
}

#[test]
fn a_broken_config_file_never_echoes_its_values() {
    let dir = tempdir();
    let key = "5b6f0c1d2e3f4a5b6c7d8e9f";
    let config = dir.join("config.toml");
    for (file_text, key_line) in [
        // Unquoted: the TOML parser's own message quotes the whole line.
        (
            format!("[syncore]\napi_key = {key}\n"),
            "line 2, key api_key",
        ),
        // An unterminated string, and a value of the wrong type (serde's message quotes it).
        (
            format!("[syncore]\nplan = \"growth\"\napi_key = \"{key}\n"),
            "line 3, key api_key",
        ),
        (
            format!("[syncore]\napi_key = {{ k = \"{key}\" }}\n"),
            "line 2",
        ),
        // Found by the config_file fuzz target: on a malformed line the "key" is a value.
        (
            format!("[syncore]\nplan = \"growth\"\nuser_agen{key}t = 1 x\n"),
            "line 3",
        ),
        (format!("[syncore]\n{key} = \"x\"\n"), "line 2"),
        // Found by the config_file fuzz target in CI: a multi-line literal before the section
        // makes serde quote the key inside an escaped string.
        (
            format!("6=''''\n[syncore]\napi_key = \"{key}\"\n''''"),
            "line 1",
        ),
    ] {
        std::fs::write(&config, file_text).unwrap();
        for args in [
            &["quota", "status"][..],
            &["syncore", "jobs", "get", "--job-id", "1"][..],
        ] {
            let out = run(
                &[&["--config", config.to_str().unwrap()][..], args].concat(),
                &[],
            );
            let (stdout, stderr) = text(&out);
            assert_eq!(out.status.code(), Some(3), "{stderr}");
            assert!(!stdout.contains(key) && !stderr.contains(key), "{stderr}");
            assert!(
                stderr.contains("config.toml") && stderr.contains(key_line),
                "{stderr}"
            );
        }
    }
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_neutralized_and_tables_escape_control_characters() {
    use pacer_sdk_emulator::hostile::{HostileReply, HostileServer};
    let server = HostileServer::start(|_, _| {
        HostileReply::json(
            200,
            &serde_json::json!({"data": [
                {"id": "p1", "name": "=HYPERLINK(\"http://evil.example\",\"click\")"},
                {"id": "p2", "name": "@SUM(A1:A9)"},
                {"id": "p3", "name": "-5.00"},
                {"id": "p4", "name": "plain\u{1b}[2Jwiped"},
            ], "links": {"next": null}}),
        )
    });
    let dir = tempdir();
    let env = [
        ("SALYNC_API_KEY", "hostile-key".to_string()),
        ("SALYNC_BASE_URL", format!("{}/v1", server.url())),
        ("SALYNC_PLAN", "growth".to_string()),
    ];
    let ledger = format!("sqlite://{}", dir.join("l.db").display());
    let list = |extra: &[&str]| {
        let out = run(
            &[
                &["--ledger", &ledger, "salync", "products", "list"][..],
                extra,
            ]
            .concat(),
            &env,
        );
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{stderr}");
        stdout
    };
    let csv = list(&["-f", "csv"]);
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(csv.contains("'@SUM(A1:A9)"), "{csv}");
    assert!(csv.contains(",-5.00"), "a number is no formula: {csv}");
    let raw = list(&["-f", "csv", "--csv-formulas"]);
    assert!(
        raw.contains("\"=HYPERLINK(") && !raw.contains("'@SUM"),
        "{raw}"
    );
    let table = list(&["-f", "table"]);
    assert!(!table.contains('\u{1b}'), "{table:?}");
    assert!(table.contains("plain\\u{1b}[2Jwiped"), "{table}");
}

#[test]
fn a_proxy_from_the_environment_is_never_used_for_loopback_or_plain_http() {
    use pacer_sdk_emulator::hostile::{HostileReply, HostileServer};
    let proxy = HostileServer::start(|_, _| HostileReply::json(502, &serde_json::json!({})));
    let api = HostileServer::start(|_, _| {
        HostileReply::json(
            200,
            &serde_json::json!({"data": [], "links": {"next": null}}),
        )
    });
    let dir = tempdir();
    let env = [
        (
            "SALYNC_API_KEY",
            "key-that-must-not-cross-a-proxy".to_string(),
        ),
        ("SALYNC_BASE_URL", format!("{}/v1", api.url())),
        ("SALYNC_PLAN", "growth".to_string()),
        ("HTTP_PROXY", proxy.url().to_string()),
        ("http_proxy", proxy.url().to_string()),
        ("ALL_PROXY", proxy.url().to_string()),
    ];
    let ledger = format!("sqlite://{}", dir.join("l.db").display());
    let out = run(
        &[
            "--ledger", &ledger, "salync", "products", "list", "-f", "json",
        ],
        &env,
    );
    assert!(out.status.success(), "{}", text(&out).1);
    assert_eq!(proxy.requests().len(), 0, "the proxy saw the request");
    assert_eq!(api.requests().len(), 1);
}

#[test]
fn a_record_that_cannot_convert_fails_the_list_naming_it() {
    use pacer_sdk_emulator::hostile::{HostileReply, HostileServer};
    let server = HostileServer::start(|_, _| HostileReply::Full {
        status: 200,
        headers: vec![],
        body:
            br#"{"data": [{"id": "p1"}, {"id": "big-1", "price": 1e400}], "links": {"next": null}}"#
                .to_vec(),
    });
    let dir = tempdir();
    let env = [
        ("SALYNC_API_KEY", "k".to_string()),
        ("SALYNC_BASE_URL", format!("{}/v1", server.url())),
        ("SALYNC_PLAN", "growth".to_string()),
    ];
    let ledger = format!("sqlite://{}", dir.join("l.db").display());
    let out = run(
        &[
            "--ledger", &ledger, "salync", "products", "list", "-f", "ndjson",
        ],
        &env,
    );
    let (_, stderr) = text(&out);
    // Before the fix: the record was dropped and the command exited 0.
    assert!(!out.status.success());
    assert!(
        stderr.contains("big-1") && stderr.contains("products.list"),
        "{stderr}"
    );
}

#[test]
fn quota_status_needs_no_credential_or_base_url_where_the_key_does_not_name_the_account() {
    let dir = tempdir();
    let ledger = format!("sqlite://{}", dir.join("q.db").display());
    // Synq: no token, no base URL, no tenant: the ledger is read, nothing is sent.
    let out = run(
        &["--ledger", &ledger, "quota", "status", "--provider", "synq"],
        &[],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("quota of"), "{stdout}");
    // Syncore's account is the key's fingerprint: without the key (or --account) it says so.
    let out = run(&["--ledger", &ledger, "quota", "status"], &[]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("--account"), "{stderr}");
    let out = run(
        &["--ledger", &ledger, "--account", "acme", "quota", "status"],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out).1);
}

#[test]
fn config_sections_are_the_providers_and_env_names_come_from_the_spec() {
    let dir = tempdir();
    let config = dir.join("config.toml");
    std::fs::write(&config, "[syncor]\napi_key = \"k\"\n").unwrap();
    let out = run(
        &["--config", config.to_str().unwrap(), "quota", "status"],
        &[],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("[syncor] is not a provider"), "{stderr}");
    assert_eq!(pacer_sdk_cli::settings::env_names("synq").key, "SYNQ_TOKEN");
    assert_eq!(
        pacer_sdk_cli::settings::env_names("salync").key,
        "SALYNC_API_KEY"
    );
    assert_eq!(
        pacer_sdk_cli::settings::env_names("syncore").base_url,
        "SYNCORE_BASE_URL"
    );
}

#[test]
fn secrets_are_loaded_only_by_the_commands_that_use_them() {
    let dir = tempdir();
    let ledger = format!("sqlite://{}", dir.join("q.db").display());
    let marker = dir.join("token-command-ran");
    let config = dir.join("config.toml");
    // A key file that cannot be read, and a token command that leaves a trace when it runs.
    std::fs::write(
        &config,
        format!(
            "[syncore]\napi_key_file = \"{}\"\n[synq]\ntoken_command = \"touch {}\"\n",
            dir.join("no-such-key").display(),
            marker.display()
        ),
    )
    .unwrap();
    let cfg = config.to_str().unwrap();
    for args in [
        &["--config", cfg, "syncore", "endpoints"][..],
        &[
            "--config",
            cfg,
            "--ledger",
            &ledger,
            "--account",
            "acme",
            "quota",
            "status",
        ][..],
        &[
            "--config",
            cfg,
            "--ledger",
            &ledger,
            "quota",
            "status",
            "--provider",
            "synq",
        ][..],
    ] {
        let out = run(args, &[]);
        assert!(out.status.success(), "{args:?}: {}", text(&out).1);
    }
    assert!(!marker.exists(), "a quota command ran the token command");
    // The commands that need the key read it, and say which file they could not read.
    let out = run(
        &["--config", cfg, "--ledger", &ledger, "quota", "status"],
        &[],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("API key file"), "{stderr}");
    let out = run(
        &[
            "--config",
            cfg,
            "--base-url",
            "http://127.0.0.1:9",
            "syncore",
            "jobs",
            "search",
        ],
        &[],
    );
    let (_, stderr) = text(&out);
    assert!(stderr.contains("API key file"), "{stderr}");
}
