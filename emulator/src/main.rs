//! `pacer-emulator`: runs an emulator until killed and prints one JSON line describing it.
//!
//! ```text
//! pacer-emulator [--provider NAME] [--port N] [--seed N] [--virtual-clock]
//!                [--start RFC3339] [--jobs N] [--spec-overrides FILE] [--api-key KEY]
//!                [--day-zone ZONE] [--no-quota] [--user-agent UA]... [--plan growth|pro]
//!                [--tenant-id ID] [--org-id ID] [--webhook-secret SECRET]
//! ```

use std::process::ExitCode;

use pacer_sdk_core::Timestamp;
use pacer_sdk_emulator::{Emulator, EmulatorConfig, PROVIDERS};

/// The usage text; the provider names come from the emulator's registry, so a new provider
/// needs no change here.
fn usage() -> String {
    format!(
        "usage: pacer-emulator [--provider {}] [--port N] [--seed N] \
[--virtual-clock] [--start RFC3339] [--jobs N] [--spec-overrides FILE] [--api-key KEY] [--day-zone ZONE] \
[--no-quota] [--user-agent UA]... [--plan growth|pro] [--tenant-id ID] [--org-id ID] [--webhook-secret SECRET]",
        PROVIDERS.join("|")
    )
}

fn parse(args: &[String]) -> Result<EmulatorConfig, String> {
    let mut config = EmulatorConfig::default();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--port" => {
                config.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port must be 0..65535")?
            }
            "--seed" => {
                config.seed = value("--seed")?
                    .parse()
                    .map_err(|_| "--seed must be an unsigned integer")?
            }
            "--virtual-clock" => config.virtual_clock = true,
            "--start" => {
                let text = value("--start")?;
                config.start = Some(
                    Timestamp::parse_rfc3339(&text)
                        .ok_or_else(|| format!("--start: not RFC 3339: {text}"))?,
                );
            }
            "--jobs" => {
                config.jobs = value("--jobs")?
                    .parse()
                    .map_err(|_| "--jobs must be a count")?
            }
            "--spec-overrides" => {
                let file = value("--spec-overrides")?;
                config.spec_overrides = Some(
                    std::fs::read_to_string(&file)
                        .map_err(|e| format!("--spec-overrides {file}: {e}"))?,
                );
            }
            "--api-key" => config.api_key = Some(value("--api-key")?),
            "--day-zone" => config.day_zone = value("--day-zone")?,
            "--no-quota" => config.enforce_quota = false,
            "--user-agent" => config
                .registered_user_agents
                .get_or_insert_with(Vec::new)
                .push(value("--user-agent")?),
            "--provider" => config.provider = value("--provider")?,
            "--plan" => config.plan = value("--plan")?,
            "--tenant-id" => config.tenant_id = Some(value("--tenant-id")?),
            "--org-id" => config.org_id = Some(value("--org-id")?),
            "--webhook-secret" => config.webhook_secret = Some(value("--webhook-secret")?),
            "-h" | "--help" => return Err(usage()),
            other => return Err(format!("unknown argument {other:?}\n{}", usage())),
        }
    }
    Ok(config)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let virtual_clock = config.virtual_clock;
    let emulator = match Emulator::start_blocking(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("pacer-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The handshake a parent process reads: everything it needs to call and sign requests.
    let mut line = serde_json::json!({
        "provider": emulator.provider(),
        "base_url": emulator.base_url(),
        "admin_url": emulator.root_url(),
        "api_key": emulator.api_key(),
        "virtual_clock": virtual_clock,
    });
    for (key, value) in emulator.provider_details() {
        line[key] = value.into();
    }
    println!("{line}");
    // Serve until the process is killed (SIGINT/SIGTERM end it with the default handlers).
    loop {
        std::thread::park();
    }
}
