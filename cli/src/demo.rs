//! `pacer demo`: the main job end to end without an account. It starts the Syncore emulator in
//! this process, exports its last 30 days of jobs with their sales and purchase orders to CSV
//! under the real policy (on a scaled clock, and says so), and shows the quota table.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use clap::{Arg, ArgMatches, Command};
use pacer_sdk_core::Error;

use super::status::{days_before, human_duration, print_status};
use super::{call_counter, output::Format, run_export, runtime};
use crate::export::{ExportFormat, ExportOptions};
use pacer_sdk::client::ClientBuilder;
use pacer_sdk::clock::{Clock, ScaledClock, system_now};

/// The `demo` command.
pub fn command() -> Command {
    Command::new("demo")
        .about(
            "Export 30 days of jobs from a local Syncore emulator to CSV, paced by the real policy",
        )
        .arg(
            Arg::new("out")
                .long("out")
                .short('o')
                .value_name("FILE")
                .default_value("pacer-demo.csv"),
        )
        .arg(
            Arg::new("scale")
                .long("scale")
                .value_name("X")
                .value_parser(clap::value_parser!(u32).range(1..=1000))
                .default_value("15")
                .help("Run the policy clock X times faster than real time"),
        )
        .arg(
            Arg::new("days")
                .long("days")
                .value_parser(clap::value_parser!(i64).range(1..=395))
                .default_value("30"),
        )
        .arg(
            Arg::new("quiet")
                .long("quiet")
                .short('q')
                .action(clap::ArgAction::SetTrue)
                .help("No progress bar"),
        )
}

/// Runs the demo.
pub fn run(m: &ArgMatches) -> Result<(), Error> {
    let scale = f64::from(*m.get_one::<u32>("scale").expect("default"));
    let days = *m.get_one::<i64>("days").expect("default");
    let out = PathBuf::from(m.get_one::<String>("out").expect("default"));
    let real_start = Instant::now();
    let clock = Arc::new(ScaledClock::new(system_now(), scale));
    let emu = pacer_sdk_emulator::Emulator::start_blocking(pacer_sdk_emulator::EmulatorConfig {
        clock: Some(clock.clone() as Arc<dyn Clock>),
        ..Default::default()
    })
    .map_err(|e| Error::config("emulator", format!("cannot start the emulator: {e}")))?;
    let (calls, sink) = call_counter();
    let client = ClientBuilder::new("syncore")
        .api_key(emu.api_key())
        .user_agent("pacer-demo/0.1")
        .base_url(emu.base_url())
        .ledger("memory")
        .clock(clock.clone())
        .on_event(sink)
        .build()?;
    let policy_start = clock.now();
    let options = ExportOptions {
        date_from: days_before(policy_start, days),
        date_to: days_before(policy_start, 0),
        sales_orders: true,
        purchase_orders: true,
        line_items: false,
        format: ExportFormat::Csv,
        out: out.clone(),
        keep_formulas: false,
    };
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "pacer demo: a Syncore emulator (seed 7) is running at {}",
        emu.base_url()
    )
    .ok();
    writeln!(
        err,
        "The clock is SCALED ×{scale}: the real Syncore policy applies (90 order reads a minute…), but a policy minute \
         passes in {:.1} real seconds.",
        60.0 / scale
    )
    .ok();
    writeln!(
        err,
        "Exporting jobs created {} … {} with their sales and purchase orders to {}",
        options.date_from,
        options.date_to,
        out.display()
    )
    .ok();
    drop(err);
    let rt = runtime()?;
    let report = rt.block_on(run_export(
        &client,
        &options,
        true,
        m.get_flag("quiet"),
        calls,
    ))?;
    let policy_time = clock.now().since(policy_start);
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "\nExported {} jobs ({} records, {} API calls) to {} in {} of policy time ({} real).",
        report.jobs,
        report.records,
        report.calls,
        out.display(),
        human_duration(policy_time),
        human_duration(real_start.elapsed())
    )
    .ok();
    writeln!(stdout, "\nQuota after the export (policy clock):").ok();
    let rows = client.quota_status()?;
    let shown: Vec<_> = rows
        .into_iter()
        .filter(|r| r.used > 0 || r.window == "monthly")
        .collect();
    print_status(&shown, client.now(), Format::Table, stdout).map(|_| ())
}
