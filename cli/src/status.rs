//! `pacer quota status` and `pacer quota plan`, and the quota texts of progress bars.

use std::io::Write;
use std::time::Duration;

use clap::ArgMatches;
use pacer_sdk_core::quota::{ForecastOptions, RequestKind, WindowUsage};
use pacer_sdk_core::{Error, Timestamp};

use super::output::{Format, Sink};
use super::settings;
use pacer_sdk::client::Client;

/// "3h 12m", "45s", "2d 4h".
pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m {:02}s", s / 60, s % 60),
        3600..=86_399 => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d {}h", s / 86_400, (s % 86_400) / 3600),
    }
}

/// The calendar date `days` days before `t` (UTC), for examples.
pub fn days_before(t: Timestamp, days: i64) -> String {
    t.add_millis(-days * 86_400_000).to_rfc3339()[..10].to_string()
}

/// Prints quota windows as a table (or any other format).
pub fn print_status<W: Write>(
    rows: &[WindowUsage],
    now: Timestamp,
    format: Format,
    out: W,
) -> Result<W, Error> {
    let mut sink = Sink::new(format, out);
    for r in rows {
        let resets_at = r.resets_at.map(|t| t.to_rfc3339()).unwrap_or_default();
        let resets_in = r
            .resets_at
            .map(|t| human_duration(t.since(now)))
            .unwrap_or_default();
        let state = if let Some(until) = r.blocked_until.filter(|t| *t > now) {
            format!(
                "blocked by a 429 until {} (pacer quota unblock clears it)",
                until.to_rfc3339()
            )
        } else if r.in_overage {
            format!("overage: {}/min", r.overage_limit.unwrap_or(0))
        } else {
            String::new()
        };
        sink.write(&serde_json::json!({
            "window": r.window,
            "kind": r.kind,
            "used": r.used,
            "limit": r.limit,
            "remaining": r.remaining,
            "resets_at": resets_at,
            "resets_in": resets_in,
            "state": state,
            "binds": if r.binding { "◀ binds" } else { "" },
        }))?;
    }
    sink.finish()
}

/// "1,234 left in orders.GET.rate" for progress bars.
pub fn quota_left_text(client: &Client) -> String {
    match client.quota_status() {
        Ok(rows) => match rows.iter().find(|r| r.binding) {
            Some(r) if r.in_overage => format!("{} in overage", r.window),
            Some(r) => format!("{} left in {}", r.remaining, r.window),
            None => String::new(),
        },
        Err(e) => format!("quota unknown ({})", e.code),
    }
}

/// "ETA 4m 10s" for `calls` more order reads, from a forecast in the client's clock.
pub fn eta_text(client: &Client, calls: u64) -> String {
    if calls == 0 {
        return "ETA now".into();
    }
    let workload = [(RequestKind::new("orders", "GET"), calls)];
    match client.forecast(&workload, ForecastOptions::default()) {
        Ok(f) => match f.duration() {
            Some(policy_time) => {
                let real = client.clock().real_delay(client.now().plus(policy_time));
                format!("ETA {}", human_duration(real))
            }
            None => match f.blocked.first() {
                Some(b) => format!("blocked by {} until {}", b.window, b.resets_at),
                None => "ETA unknown".into(),
            },
        },
        Err(_) => "ETA unknown".into(),
    }
}

/// `pacer quota …`.
pub fn quota(global: &ArgMatches, m: &ArgMatches) -> Result<(), Error> {
    let provider = m
        .get_one::<String>("provider")
        .map_or("syncore", String::as_str);
    let settings = settings::resolve(global, provider, settings::Secrets::AccountOnly)?;
    let client = settings.quota_builder()?.build()?;
    match m.subcommand() {
        Some(("status", sub)) => {
            let format = Format::parse(sub.get_one::<String>("format").expect("default"))?;
            let rows = client.quota_status()?;
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "quota of {} ({}), ledger {}",
                client.api().scopes().account,
                client.api().policy().plan,
                client.ledger_name()
            )
            .ok();
            print_status(&rows, client.now(), format, out).map(|_| ())
        }
        Some(("unblock", _)) => {
            let cleared = client.unblock()?;
            println!(
                "cleared {cleared} server block{} in ledger {}",
                if cleared == 1 { "" } else { "s" },
                client.ledger_name()
            );
            Ok(())
        }
        Some(("plan", sub)) => {
            let mut workload = Vec::new();
            for item in sub.get_many::<String>("workload").expect("required") {
                let (kind, n) = item.split_once('=').ok_or_else(|| {
                    Error::invalid_field(
                        "workload",
                        "format",
                        format!("{item:?} should look like orders.GET=5000"),
                    )
                })?;
                let kind = RequestKind::parse(kind).ok_or_else(|| {
                    Error::invalid_field(
                        "workload",
                        "format",
                        format!("{kind:?} should look like orders.GET"),
                    )
                })?;
                let n: u64 = n.trim().replace(['_', ','], "").parse().map_err(|_| {
                    Error::invalid_field("workload", "format", format!("{n:?} is not a count"))
                })?;
                workload.push((kind, n));
            }
            let options = ForecastOptions {
                wait_for_reset: sub.get_flag("wait_for_reset"),
                ..Default::default()
            };
            let f = client.forecast(&workload, options)?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "start:   {}", f.start).ok();
            match (f.finish, f.duration()) {
                (Some(finish), Some(d)) => {
                    writeln!(out, "finish:  {finish} (after {})", human_duration(d)).ok()
                }
                _ => writeln!(out, "finish:  never within the limits (see blocked below)").ok(),
            };
            writeln!(
                out,
                "binding: {}",
                f.binding_window.as_deref().unwrap_or("none")
            )
            .ok();
            for k in &f.kinds {
                writeln!(
                    out,
                    "  {:<12} {:>8} of {:<8} first {}  last {}",
                    k.kind.to_string(),
                    k.scheduled,
                    k.requested,
                    k.first_at
                        .map(|t| t.to_string())
                        .unwrap_or_else(|| "-".into()),
                    k.last_at
                        .map(|t| t.to_string())
                        .unwrap_or_else(|| "-".into())
                )
                .ok();
            }
            for b in &f.blocked {
                writeln!(
                    out,
                    "  blocked: {} stops at the {} window until {}",
                    b.kind, b.window, b.resets_at
                )
                .ok();
            }
            Ok(())
        }
        _ => unreachable!("clap requires a subcommand"),
    }
}
