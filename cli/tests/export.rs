//! Exports stream job by job and resume exactly where an interrupted run stopped.

mod common;

use common::*;
use pacer_sdk_cli::export::{ExportFormat, ExportOptions, export_jobs, state_path};
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
