//! The `pacer` command line: calls, exports, quota status and plans, emulators (see `pacer --help`).

pub mod demo;
pub mod export;
pub mod output;
pub mod settings;
pub mod status;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use pacer_sdk_core::api::Args;
use pacer_sdk_core::{Error, ErrorKind, ProviderSpec};
use serde_json::Value;

use crate::export::{ExportFormat, ExportOptions, ExportProgress};
use output::{Format, Sink};
use pacer_sdk::client::Client;
use pacer_sdk::events::{Event, EventSink};

const ABOUT: &str =
    "pacer: quota-aware, policy-compliant client for the Syncore, Synq and Salync APIs";

const AFTER_HELP: &str = "\
Configuration comes from flags, then the environment, then ~/.config/pacer/config.toml
(tables [syncore], [synq], [salync] with api_key_file, user_agent, base_url, ledger, plan,
tenant_id, org_id, token_command):
  Syncore  SYNCORE_API_KEY, PACER_USER_AGENT, SYNCORE_BASE_URL
  Synq     SYNQ_TOKEN (or SYNQ_TOKEN_COMMAND, run again when a token expires),
           SYNQ_TENANT_ID, SYNQ_ORG_ID, SYNQ_BASE_URL
  Salync   SALYNC_API_KEY, SALYNC_PLAN (growth or pro), SALYNC_BASE_URL
  all      PACER_LEDGER (memory, sqlite:///path.db or redis://host:6379/)

Try it without an account:
  pacer demo                                  export 30 days from a local emulator
  pacer emulator syncore --virtual-clock      run an emulator for your own scripts
                                              (also: synq, salync)";

/// The providers the CLI speaks to.
pub const PROVIDERS: &[&str] = &provider_names();

/// The providers compiled into the core, by name (a new provider appears here by itself).
const fn provider_names() -> [&'static str; pacer_sdk_core::spec::BUILTIN.len()] {
    let mut names = [""; pacer_sdk_core::spec::BUILTIN.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = pacer_sdk_core::spec::BUILTIN[i].0;
        i += 1;
    }
    names
}

fn kebab(name: &str) -> String {
    name.replace('_', "-")
}

fn format_arg(default: &'static str) -> Arg {
    Arg::new("format")
        .long("format")
        .short('f')
        .value_name("FORMAT")
        .default_value(default)
        .value_parser(["table", "json", "ndjson", "csv"])
        .help("Output format")
}

/// `pacer <provider> <resource> <action>` built from the spec, so every endpoint has a command.
fn provider_command(spec: &ProviderSpec) -> Command {
    let mut resources: Vec<&str> = spec.endpoints.iter().map(|e| e.resource()).collect();
    resources.dedup();
    let about = if spec.name == "syncore" {
        "Call any Syncore endpoint, or export jobs".to_string()
    } else {
        format!("Call any {} endpoint", spec.display_name)
    };
    let mut cmd = Command::new(spec.name.clone())
        .about(about)
        .subcommand_required(true)
        .subcommand(
            Command::new("endpoints")
                .about("List every endpoint of the spec (method, path, quota group, confirmed)")
                .arg(format_arg("table")),
        );
    if spec.name == "syncore" {
        cmd = cmd.subcommand(export_command());
    }
    endpoint_commands(spec, resources, cmd)
}

fn export_command() -> Command {
    Command::new("export")
        .about("Export jobs with their orders to CSV or NDJSON (resumable, streaming)")
        .arg(
            Arg::new("what")
                .value_parser(["jobs"])
                .required(true)
                .help("What to export (jobs)"),
        )
        .arg(
            Arg::new("from")
                .long("from")
                .required(true)
                .value_name("DATE")
                .help("First job creation date, YYYY-MM-DD"),
        )
        .arg(
            Arg::new("to")
                .long("to")
                .required(true)
                .value_name("DATE")
                .help("Last job creation date, YYYY-MM-DD"),
        )
        .arg(
            Arg::new("with")
                .long("with")
                .value_name("LIST")
                .default_value("sales-orders,purchase-orders")
                .help("Comma-separated: sales-orders, purchase-orders, line-items (or none)"),
        )
        .arg(
            Arg::new("format")
                .long("format")
                .short('f')
                .value_parser(["csv", "ndjson"])
                .default_value("csv"),
        )
        .arg(
            Arg::new("out")
                .long("out")
                .short('o')
                .required(true)
                .value_name("FILE"),
        )
        .arg(
            Arg::new("restart")
                .long("restart")
                .action(ArgAction::SetTrue)
                .help("Start over instead of resuming"),
        )
        .arg(
            Arg::new("quiet")
                .long("quiet")
                .short('q')
                .action(ArgAction::SetTrue)
                .help("No progress bar"),
        )
}

fn endpoint_commands(spec: &ProviderSpec, resources: Vec<&str>, mut cmd: Command) -> Command {
    for resource in resources {
        let mut sub = Command::new(resource.to_string()).subcommand_required(true);
        for ep in spec.endpoints.iter().filter(|e| e.resource() == resource) {
            let mut action = Command::new(ep.action().to_string())
                .about(format!(
                    "{} {} {}",
                    ep.method,
                    ep.path,
                    if ep.confirmed {
                        ""
                    } else {
                        "(path unconfirmed)"
                    }
                ))
                .long_about(format!(
                    "{}\n\n{} {}   quota group: {}",
                    ep.description, ep.method, ep.path, ep.group
                ))
                .arg(format_arg(if ep.method == "GET" {
                    "table"
                } else {
                    "json"
                }));
            for p in ep
                .placeholders()
                .into_iter()
                .filter(|p| !spec.settings.contains_key(*p))
            {
                action = action.arg(
                    Arg::new(p.to_string())
                        .long(kebab(p))
                        .value_name("ID")
                        .help(format!("Path parameter {p}")),
                );
            }
            for p in &ep.params {
                let mut help = format!("{} ({})", p.name, p.ty);
                if p.required {
                    help.push_str(", required");
                }
                if !p.values.is_empty() {
                    help.push_str(&format!(": {}", p.values.join(", ")));
                }
                action = action.arg(
                    Arg::new(p.name.clone())
                        .long(kebab(&p.name))
                        .value_name("VALUE")
                        .help(help),
                );
            }
            if ep.body.is_some() {
                action = action.arg(
                    Arg::new("data")
                        .long("data")
                        .short('d')
                        .value_name("JSON")
                        .required(true)
                        .help("The record as JSON, @file.json, or - for standard input"),
                );
            }
            if ep.method == "GET" && ep.envelope.is_some() {
                action = action.arg(
                    Arg::new("limit")
                        .long("limit")
                        .value_name("N")
                        .value_parser(clap::value_parser!(u64))
                        .help("Stop after N records"),
                );
            }
            sub = sub.subcommand(action);
        }
        cmd = cmd.subcommand(sub);
    }
    cmd
}

/// The whole command tree.
pub fn command() -> Command {
    let mut cmd = Command::new("pacer")
        .about(ABOUT)
        .version(env!("CARGO_PKG_VERSION"))
        .after_help(AFTER_HELP)
        .subcommand_required(true)
        .args(settings::global_args());
    for &provider in PROVIDERS {
        let spec = ProviderSpec::builtin(provider).expect("the built-in spec is valid");
        cmd = cmd.subcommand(provider_command(&spec));
    }
    cmd.subcommand(
        Command::new("quota")
            .about("Show quota windows, or forecast a workload")
            .subcommand_required(true)
            .arg(
                Arg::new("provider")
                    .long("provider")
                    .short('p')
                    .global(true)
                    .value_parser(clap::builder::PossibleValuesParser::new(PROVIDERS.iter().copied()))
                    .default_value("syncore")
                    .help("Whose quota"),
            )
            .subcommand(
                Command::new("status")
                    .about("Every window: used, limit, resets at, and which one binds")
                    .arg(format_arg("table")),
            )
            .subcommand(
                Command::new("unblock")
                    .about("Clear the server blocks (a 429's Retry-After) stored in the shared ledger for every process; blocks are capped at the longest window or the next reset, so this is for one you know is stale"),
            )
            .subcommand(
                Command::new("plan")
                    .about(
                        "Forecast a workload, e.g. `pacer quota plan orders.GET=5000 crm.GET=200`",
                    )
                    .arg(
                        Arg::new("workload")
                            .num_args(1..)
                            .required(true)
                            .value_name("KIND=N"),
                    )
                    .arg(
                        Arg::new("wait_for_reset")
                            .long("wait-for-reset")
                            .action(ArgAction::SetTrue)
                            .help("Wait for spent calendar windows to reset"),
                    ),
            ),
    )
    .subcommand(
        Command::new("emulator")
            .about("Run a local emulator of a provider's API")
            .arg(Arg::new("provider").value_parser(clap::builder::PossibleValuesParser::new(PROVIDERS.iter().copied())).required(true))
            .arg(
                Arg::new("port")
                    .long("port")
                    .value_parser(clap::value_parser!(u16))
                    .default_value("0"),
            )
            .arg(
                Arg::new("seed")
                    .long("seed")
                    .value_parser(clap::value_parser!(u64))
                    .default_value("7"),
            )
            .arg(
                Arg::new("virtual_clock")
                    .long("virtual-clock")
                    .action(ArgAction::SetTrue)
                    .help("Time moves only when advanced through /_admin/clock"),
            )
            .arg(
                Arg::new("jobs")
                    .long("jobs")
                    .value_parser(clap::value_parser!(usize))
                    .default_value("3000"),
            ),
    )
    .subcommand(demo::command())
}

/// Runs the CLI with the process arguments.
pub fn run() -> ExitCode {
    let matches = command().get_matches();
    match dispatch(&matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", output::terminal_safe(&e.to_string()));
            for f in &e.errors {
                eprintln!("  {}: {} [{}]", f.field, f.message, f.rule);
            }
            if let Some(body) = e.body.as_deref().filter(|b| !b.is_empty()) {
                eprintln!(
                    "  server said: {}",
                    body.chars().take(500).collect::<String>()
                );
            }
            ExitCode::from(match e.kind {
                ErrorKind::Validation => 2,
                ErrorKind::Config => 3,
                ErrorKind::Quota => 4,
                ErrorKind::Api => 5,
                ErrorKind::Transport => 6,
                ErrorKind::Webhook => 7,
            })
        }
    }
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::config("runtime", format!("cannot start the runtime: {e}")))
}

fn dispatch(m: &ArgMatches) -> Result<(), Error> {
    match m.subcommand() {
        Some((provider, sub)) if PROVIDERS.contains(&provider) => provider_call(m, provider, sub),
        Some(("quota", sub)) => status::quota(m, sub),
        Some(("emulator", sub)) => emulator(m, sub),
        Some(("demo", sub)) => demo::run(sub),
        _ => unreachable!("clap requires a subcommand"),
    }
}

fn provider_call(global: &ArgMatches, provider: &str, m: &ArgMatches) -> Result<(), Error> {
    match m.subcommand() {
        Some(("endpoints", sub)) => endpoints(global, provider, sub),
        Some(("export", sub)) => export(global, sub),
        Some((resource, sub)) => {
            let (action, am) = sub.subcommand().expect("clap requires an action");
            call_endpoint(global, provider, &format!("{resource}.{action}"), am)
        }
        None => unreachable!("clap requires a subcommand"),
    }
}

fn endpoints(global: &ArgMatches, provider: &str, m: &ArgMatches) -> Result<(), Error> {
    let settings = settings::resolve(global, provider, settings::Secrets::Skip)?;
    let spec = match &settings.spec_overrides {
        Some(o) => ProviderSpec::builtin_with_overrides(provider, o)?,
        None => ProviderSpec::builtin(provider)?,
    };
    let mut sink = Sink::new(
        Format::parse(m.get_one::<String>("format").expect("default"))?,
        std::io::stdout().lock(),
    );
    for e in &spec.endpoints {
        sink.write(&serde_json::json!({
            "endpoint": e.name, "method": e.method, "path": e.path, "group": e.group,
            "confirmed": e.confirmed, "availability": e.availability,
        }))?;
    }
    sink.finish().map(|_| ())
}

fn json_arg(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

fn read_data(arg: &str) -> Result<Value, Error> {
    let text = match arg {
        "-" => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map_err(|e| {
                Error::invalid_field("data", "read", format!("cannot read standard input: {e}"))
            })?;
            s
        }
        a if a.starts_with('@') => std::fs::read_to_string(&a[1..]).map_err(|e| {
            Error::invalid_field("data", "read", format!("cannot read {}: {e}", &a[1..]))
        })?,
        a => a.to_string(),
    };
    serde_json::from_str(&text)
        .map_err(|e| Error::invalid_field("data", "json", format!("--data is not valid JSON: {e}")))
}

fn call_endpoint(
    global: &ArgMatches,
    provider: &str,
    endpoint: &str,
    m: &ArgMatches,
) -> Result<(), Error> {
    let settings = settings::resolve(global, provider, settings::Secrets::Send)?;
    let client = settings.builder().build()?;
    let ep = client.api().spec().endpoint(endpoint)?.clone();
    let mut args = Args::new();
    for p in ep.placeholders() {
        if let Some(v) = m.try_get_one::<String>(p).ok().flatten() {
            let textual = matches!(
                ep.path_params.get(p).map(String::as_str),
                Some("string" | "uuid" | "sku")
            );
            let value = if textual {
                Value::String(v.clone())
            } else {
                json_arg(v)
            };
            args.path.insert(p.to_string(), value);
        }
    }
    for p in &ep.params {
        if let Some(v) = m.try_get_one::<String>(&p.name).ok().flatten() {
            let value = if matches!(
                p.ty.as_str(),
                "id" | "integer" | "positive_integer" | "number" | "boolean"
            ) {
                json_arg(v)
            } else {
                Value::String(v.clone())
            };
            args.query.insert(p.name.clone(), value);
        }
    }
    if let Some(data) = m.try_get_one::<String>("data").ok().flatten() {
        args.body = Some(read_data(data)?);
    }
    let format = Format::parse(m.get_one::<String>("format").expect("default"))?;
    let limit = m.try_get_one::<u64>("limit").ok().flatten().copied();
    let rt = runtime()?;
    rt.block_on(async {
        let stdout = std::io::stdout();
        let mut sink =
            Sink::new(format, stdout.lock()).keep_formulas(global.get_flag("csv_formulas"));
        if ep.method == "GET" && ep.envelope.is_some() {
            let mut pages = client.pages(endpoint, args)?;
            'pages: while let Some(page) = pages.next_page().await {
                for record in page?.values(endpoint)? {
                    if limit.is_some_and(|l| sink.count() as u64 >= l) {
                        break 'pages;
                    }
                    sink.write(&record)?;
                }
            }
        } else if ep.method == "GET" {
            let response = client.call(endpoint, args).await?;
            let record = if response.body.is_empty() {
                Value::Null
            } else {
                serde_json::from_slice(&response.body).map_err(|e| {
                    pacer_sdk_core::models::decode_error(endpoint, &response.body, &e)
                })?
            };
            sink.write(&record)?;
        } else {
            let written = client.write(endpoint, args).await?;
            sink.write(&serde_json::to_value(&written).unwrap_or(Value::Null))?;
        }
        sink.finish().map(|_| ())
    })
}

/// Counts the API calls a client makes, for progress displays.
pub(crate) fn call_counter() -> (Arc<AtomicU64>, EventSink) {
    let calls = Arc::new(AtomicU64::new(0));
    let counter = calls.clone();
    let sink: EventSink = Arc::new(move |e: &Event| {
        if matches!(e, Event::Sending { .. }) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    });
    (calls, sink)
}

fn export_options(m: &ArgMatches) -> Result<ExportOptions, Error> {
    let with = m
        .get_one::<String>("with")
        .expect("default")
        .to_ascii_lowercase();
    let parts: Vec<&str> = with
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "none")
        .collect();
    for p in &parts {
        if !matches!(*p, "sales-orders" | "purchase-orders" | "line-items") {
            return Err(Error::invalid_field(
                "with",
                "enum",
                format!("--with takes sales-orders, purchase-orders, line-items; got {p:?}"),
            ));
        }
    }
    Ok(ExportOptions {
        date_from: m.get_one::<String>("from").expect("required").clone(),
        date_to: m.get_one::<String>("to").expect("required").clone(),
        sales_orders: parts.contains(&"sales-orders"),
        purchase_orders: parts.contains(&"purchase-orders"),
        line_items: parts.contains(&"line-items"),
        format: match m.get_one::<String>("format").map(String::as_str) {
            Some("ndjson") => ExportFormat::Ndjson,
            _ => ExportFormat::Csv,
        },
        out: PathBuf::from(m.get_one::<String>("out").expect("required")),
        keep_formulas: m.get_flag("csv_formulas"),
    })
}

fn export(global: &ArgMatches, m: &ArgMatches) -> Result<(), Error> {
    let settings = settings::resolve(global, "syncore", settings::Secrets::Send)?;
    let (calls, sink) = call_counter();
    let client = settings.builder().on_event(sink).build()?;
    let options = export_options(m)?;
    let rt = runtime()?;
    let quiet = m.get_flag("quiet");
    let report = rt.block_on(run_export(
        &client,
        &options,
        m.get_flag("restart"),
        quiet,
        calls,
    ))?;
    eprintln!(
        "{} {} jobs, {} records, {} calls → {}",
        if report.resumed {
            "resumed and exported"
        } else {
            "exported"
        },
        report.jobs,
        report.records,
        report.calls,
        options.out.display()
    );
    Ok(())
}

/// Runs an export with a progress bar showing records, calls, quota left and the ETA.
pub async fn run_export(
    client: &Client,
    options: &ExportOptions,
    restart: bool,
    quiet: bool,
    calls: Arc<AtomicU64>,
) -> Result<ExportProgress, Error> {
    let bar = if quiet {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(0)
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {bar:30} {pos}/{len} jobs  {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let per_job = 1
        + u64::from(options.sales_orders || options.line_items)
        + u64::from(options.purchase_orders);
    let ticker = client.clone();
    let mut last_eta = std::time::Instant::now() - Duration::from_secs(10);
    let mut eta = String::from("ETA …");
    let mut on_progress = |p: &ExportProgress| {
        if let Some(total) = p.jobs_total {
            bar.set_length(total);
        }
        bar.set_position(p.jobs);
        if last_eta.elapsed() > Duration::from_secs(1) {
            last_eta = std::time::Instant::now();
            eta = status::eta_text(
                &ticker,
                p.jobs_total.unwrap_or(p.jobs).saturating_sub(p.jobs) * per_job,
            );
        }
        bar.set_message(format!(
            "{} records · {} calls · {} · {eta}",
            p.records,
            calls.load(Ordering::Relaxed),
            status::quota_left_text(&ticker)
        ));
    };
    let result = crate::export::export_jobs(client, options, restart, &mut on_progress).await;
    bar.finish_and_clear();
    result
}

fn emulator(global: &ArgMatches, m: &ArgMatches) -> Result<(), Error> {
    let provider = m.get_one::<String>("provider").expect("required").clone();
    let config = pacer_sdk_emulator::EmulatorConfig {
        provider: provider.clone(),
        seed: *m.get_one::<u64>("seed").expect("default"),
        virtual_clock: m.get_flag("virtual_clock"),
        jobs: *m.get_one::<usize>("jobs").expect("default"),
        port: *m.get_one::<u16>("port").expect("default"),
        plan: global
            .get_one::<String>("plan")
            .cloned()
            .unwrap_or_else(|| "growth".into()),
        ..Default::default()
    };
    let emu = pacer_sdk_emulator::Emulator::start_blocking(config)
        .map_err(|e| Error::config("emulator", format!("cannot start the emulator: {e}")))?;
    let mut out = std::io::stdout().lock();
    let (from, to) = (
        status::days_before(emu.now(), 30),
        status::days_before(emu.now(), 0),
    );
    let base = emu.base_url();
    // A virtual clock only moves when someone waits: every later command follows it.
    let base = if m.get_flag("virtual_clock") {
        format!("{base} --clock {}", emu.clock_setting())
    } else {
        base
    };
    let text = match provider.as_str() {
        "synq" => {
            // A token for the whole session (the emulator's own expires after an hour).
            let token = emu.issue_token(Duration::from_secs(30 * 86_400));
            format!(
                "Synq emulator at {url}\n  token:       {token}\n  tenant id:   {tenant}\n  org id:      {org}\n  webhook secret: {secret}\n  clock:       {clock}\n  try:         SYNQ_TOKEN={token} SYNQ_TENANT_ID={tenant} SYNQ_ORG_ID={org} pacer --ledger memory --base-url {base} synq orders list",
                url = emu.base_url(),
                tenant = emu.tenant_id(),
                org = emu.org_id(),
                secret = emu.webhook_secret(),
                clock = emu.clock().describe(),
            )
        }
        "salync" => format!(
            "Salync emulator at {url}\n  api key:     {key}\n  webhook secret: {secret}\n  clock:       {clock}\n  try:         SALYNC_API_KEY={key} pacer --ledger memory --base-url {base} salync products list",
            url = emu.base_url(),
            key = emu.api_key(),
            secret = emu.webhook_secret(),
            clock = emu.clock().describe(),
        ),
        "syncore" => format!(
            "Syncore emulator at {url}\n  api key:     {key}\n  clock:       {clock}\n  try:         SYNCORE_API_KEY={key} PACER_USER_AGENT=Me/1.0 pacer --ledger memory --base-url {base} syncore jobs search --date-from {from} --date-to {to}",
            url = emu.base_url(),
            key = emu.api_key(),
            clock = emu.clock().describe(),
        ),
        // Any other provider: what its spec says is enough to get started.
        other => format!(
            "{other} emulator at {url}\n  api key:     {key}\n  clock:       {clock}\n  try:         {var}={key} pacer --ledger memory --base-url {base} {other} endpoints",
            url = emu.base_url(),
            key = emu.api_key(),
            clock = emu.clock().describe(),
            var = settings::env_names(other).key,
        ),
    };
    writeln!(out, "{text}\nPress Ctrl-C to stop.").ok();
    out.flush().ok();
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}
