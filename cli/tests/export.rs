//! Exports stream job by job and resume exactly where an interrupted run stopped.

mod common;

use common::*;
use pacer_sdk_cli::export::{ExportFormat, ExportOptions, export_jobs, partial_path, state_path};
use pacer_sdk_emulator::{Fault, FaultKind};

fn options(
    emu: &pacer_sdk_emulator::Emulator,
    out: std::path::PathBuf,
    format: ExportFormat,
) -> ExportOptions {
    ExportOptions {
        date_from: date_before(emu, 20),
        date_to: date_before(emu, 0),
        sales_orders: true,
        purchase_orders: true,
        line_items: true,
        format,
        out,
        keep_formulas: false,
    }
}

#[test]
fn csv_export_has_every_record_with_exact_money() {
    let emu = virtual_emulator(None);
    let c = async_client(&emu);
    let dir = tempdir();
    let opts = options(&emu, dir.join("jobs.csv"), ExportFormat::Csv);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let report = rt
        .block_on(export_jobs(c.client(), &opts, false, &mut |_| {}))
        .unwrap();
    assert!(report.jobs > 50, "{report:?}");
    let text = std::fs::read_to_string(&opts.out).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "record_type");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() as u64, report.records);
    let count = |t: &str| rows.iter().filter(|r| &r[0] == t).count();
    assert_eq!(count("job") as u64, report.jobs);
    assert!(
        count("sales_order") > 0 && count("sales_order_line") > 0 && count("purchase_order") > 0
    );
    // Money keeps its exact decimal text.
    let total = headers.iter().position(|h| h == "total_value").unwrap();
    assert!(
        rows.iter()
            .filter(|r| &r[0] == "sales_order")
            .all(|r| r[total].split('.').nth(1).is_none_or(|d| d.len() <= 2))
    );
    // One call per page of jobs, plus one sales-order list and one purchase-order list per job.
    let calls = emu.requests().len() as u64;
    assert_eq!(report.calls, calls);
    assert!(
        !state_path(&opts.out).exists(),
        "a finished export leaves no resume state"
    );
}

#[test]
fn an_interrupted_export_resumes_to_the_same_file() {
    let emu = virtual_emulator(None);
    let c = async_client(&emu);
    let dir = tempdir();
    let rt = tokio::runtime::Runtime::new().unwrap();
    for format in [ExportFormat::Csv, ExportFormat::Ndjson] {
        let clean = options(&emu, dir.join(format!("clean-{format:?}")), format);
        rt.block_on(export_jobs(c.client(), &clean, false, &mut |_| {}))
            .unwrap();

        let resumed = options(&emu, dir.join(format!("resumed-{format:?}")), format);
        // The server starts failing purchase-order lists after 7 jobs: the export stops.
        let mut at_job = 0;
        let first = rt.block_on(export_jobs(c.client(), &resumed, false, &mut |p| {
            at_job = p.jobs;
            if p.jobs == 7 {
                emu.inject_fault(Fault {
                    kind: FaultKind::Status(503),
                    times: 1_000,
                    method: None,
                    path_contains: Some("/purchaseorders".into()),
                });
            }
        }));
        assert!(first.is_err());
        assert_eq!(at_job, 7);
        assert!(state_path(&resumed.out).exists());
        emu.clear_faults();
        let second = rt
            .block_on(export_jobs(c.client(), &resumed, false, &mut |_| {}))
            .unwrap();
        assert!(second.resumed);
        assert_eq!(
            std::fs::read(&clean.out).unwrap(),
            std::fs::read(&resumed.out).unwrap(),
            "{format:?}: byte-identical"
        );
    }
}

/// Runs an export that the server interrupts after 3 jobs; returns the error.
fn interrupted(
    emu: &pacer_sdk_emulator::Emulator,
    c: &pacer_sdk::AsyncSyncore,
    rt: &tokio::runtime::Runtime,
    opts: &ExportOptions,
) -> pacer_sdk_core::Error {
    let err = rt
        .block_on(export_jobs(c.client(), opts, false, &mut |p| {
            if p.jobs == 3 {
                emu.inject_fault(Fault {
                    kind: FaultKind::Status(503),
                    times: 1_000,
                    method: None,
                    path_contains: Some("/purchaseorders".into()),
                });
            }
        }))
        .unwrap_err();
    emu.clear_faults();
    err
}

#[test]
fn a_resume_refuses_a_partial_output_that_was_shortened_deleted_or_changed() {
    let emu = virtual_emulator(None);
    let c = async_client(&emu);
    let dir = tempdir();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let clean = options(&emu, dir.join("clean.csv"), ExportFormat::Csv);
    rt.block_on(export_jobs(c.client(), &clean, false, &mut |_| {}))
        .unwrap();
    let opts = options(&emu, dir.join("out.csv"), ExportFormat::Csv);
    type Damage = fn(&std::path::Path);
    let damages: [(&str, Damage); 3] = [
        ("shortened", |p| {
            let len = std::fs::metadata(p).unwrap().len();
            std::fs::OpenOptions::new()
                .write(true)
                .open(p)
                .unwrap()
                .set_len(len / 2)
                .unwrap();
        }),
        ("deleted", |p| std::fs::remove_file(p).unwrap()),
        ("changed", |p| {
            let mut bytes = std::fs::read(p).unwrap();
            bytes[40] ^= 1;
            std::fs::write(p, bytes).unwrap();
        }),
    ];
    for (what, damage) in damages {
        interrupted(&emu, &c, &rt, &opts);
        assert!(!opts.out.exists(), "an incomplete export shows no output");
        damage(&partial_path(&opts.out));
        // Before the fix a shortened or deleted output was refilled with NUL bytes, exit 0.
        let err = rt
            .block_on(export_jobs(c.client(), &opts, false, &mut |_| {}))
            .unwrap_err();
        assert_eq!(err.code, "export_resume_mismatch", "{what}: {err}");
        assert!(err.message.contains("--restart"), "{}", err.message);
        rt.block_on(export_jobs(c.client(), &opts, true, &mut |_| {}))
            .unwrap();
        assert_eq!(
            std::fs::read(&clean.out).unwrap(),
            std::fs::read(&opts.out).unwrap(),
            "{what}: the restarted export is whole"
        );
        std::fs::remove_file(&opts.out).unwrap();
    }
}

#[test]
fn a_failed_export_leaves_an_existing_output_untouched() {
    let emu = virtual_emulator(None);
    let c = async_client(&emu);
    let dir = tempdir();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let out = dir.join("precious.csv");
    std::fs::write(&out, "last month's export\n").unwrap();
    // Dates out of order, beyond the 13-month history window, and an unreachable server.
    let mut bad_dates = options(&emu, out.clone(), ExportFormat::Csv);
    bad_dates.date_from = date_before(&emu, 0);
    bad_dates.date_to = date_before(&emu, 3);
    let mut too_old = options(&emu, out.clone(), ExportFormat::Csv);
    too_old.date_from = date_before(&emu, 500);
    for opts in [&bad_dates, &too_old] {
        let err = rt
            .block_on(export_jobs(c.client(), opts, false, &mut |_| {}))
            .unwrap_err();
        assert_eq!(err.kind, pacer_sdk_core::ErrorKind::Validation, "{err}");
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let offline = builder(&emu)
        .base_url(format!("http://127.0.0.1:{port}/v2"))
        .build_async_syncore()
        .unwrap();
    let err = rt
        .block_on(export_jobs(
            offline.client(),
            &options(&emu, out.clone(), ExportFormat::Csv),
            false,
            &mut |_| {},
        ))
        .unwrap_err();
    assert_eq!(err.code, "connect_failed", "{err}");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "last month's export\n"
    );
}

#[test]
fn two_exports_to_one_file_do_not_interleave() {
    let emu = virtual_emulator(None);
    let c = async_client(&emu);
    let dir = tempdir();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let opts = options(&emu, dir.join("shared.csv"), ExportFormat::Csv);
    // Another export holds the output (its lock is on the partial file while it runs).
    let other = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(partial_path(&opts.out))
        .unwrap();
    other.lock().unwrap();
    let err = rt
        .block_on(export_jobs(c.client(), &opts, false, &mut |_| {}))
        .unwrap_err();
    assert_eq!(err.code, "export_busy", "{err}");
    drop(other);
    rt.block_on(export_jobs(c.client(), &opts, false, &mut |_| {}))
        .unwrap();
}

#[cfg(unix)]
#[test]
fn the_state_file_is_private_and_never_written_through_a_symlink() {
    use std::os::unix::fs::PermissionsExt;
    let emu = virtual_emulator(None);
    let c = async_client(&emu);
    let dir = tempdir();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let opts = options(&emu, dir.join("out.csv"), ExportFormat::Csv);
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let tmp = state_path(&opts.out).with_extension("json.tmp");
    std::os::unix::fs::symlink(&victim, &tmp).unwrap();
    interrupted(&emu, &c, &rt, &opts);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    let mode = std::fs::metadata(state_path(&opts.out))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
}
