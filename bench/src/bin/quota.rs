//! Quota decisions per second in memory: the full Syncore plan (rate, two daily readings with
//! overage, three monthly readings) against a single sliding window, measured side by side.

use std::time::Duration;

use pacer_bench::{human_rate, per_second};
use pacer_sdk_core::quota::{
    Decision, Ledger, MemoryLedger, Policy, QuotaSpec, RequestKind, Scopes,
};
use pacer_sdk_core::{ProviderSpec, Timestamp};

/// Runs `batch` decisions for `kinds` with the clock stepping `step_ms`; returns how many ran.
fn run(
    policy: &Policy,
    kinds: &[RequestKind],
    step_ms: i64,
    batch: u64,
    ledger: &mut MemoryLedger,
    clock: &mut Timestamp,
) -> (u64, u64) {
    let scopes = Scopes::account("bench");
    let plans: Vec<_> = kinds.iter().map(|k| policy.plan(k, &scopes)).collect();
    let mut granted = 0;
    for i in 0..batch {
        *clock = clock.add_millis(step_ms);
        if let Decision::Granted(_) = ledger
            .reserve(&plans[i as usize % plans.len()], *clock)
            .unwrap()
        {
            granted += 1;
        }
    }
    (batch, granted)
}

fn measure(name: &str, policy: &Policy, kinds: &[RequestKind], step_ms: i64) -> f64 {
    let mut clock = Timestamp::parse_rfc3339("2026-04-10T14:00:00Z").unwrap();
    let mut granted_total = 0;
    let mut total = 0;
    let rate = per_second(5, Duration::from_millis(400), || {
        // A fresh ledger per batch keeps every batch inside one day's normal (non-overage) state.
        let mut ledger = MemoryLedger::new();
        let (n, g) = run(policy, kinds, step_ms, 2_000, &mut ledger, &mut clock);
        total += n;
        granted_total += g;
        n
    });
    println!(
        "  {name:<46} {:>12}   ({:.0}% granted)",
        human_rate(rate),
        100.0 * granted_total as f64 / total.max(1) as f64
    );
    rate
}

fn main() {
    let syncore = ProviderSpec::builtin("syncore")
        .unwrap()
        .policy(None)
        .unwrap();
    let single: QuotaSpec = toml::from_str(
        r#"default_plan = "p"
           [plans.p]
           windows = [{ id = "rate", kind = "rate", limit = 90, period = "1m" }]"#,
    )
    .unwrap();
    let single = Policy::compile("bench", &single, None).unwrap();
    let gets = [RequestKind::parse("orders.GET").unwrap()];
    let mixed: Vec<RequestKind> = ["orders.GET", "orders.POST", "crm.GET", "crm.PUT"]
        .iter()
        .map(|k| RequestKind::parse(k).unwrap())
        .collect();

    println!("quota decisions per second, in memory (one thread, release build)");
    let base = measure("single sliding window (baseline)", &single, &gets, 700);
    let full = measure(
        "Syncore orders.GET: 1 rate + 2 daily + 3 monthly",
        &syncore,
        &gets,
        700,
    );
    let mix = measure("Syncore, 4 kinds interleaved", &syncore, &mixed, 200);
    let contended = measure(
        "Syncore orders.GET under contention (waits)",
        &syncore,
        &gets,
        50,
    );
    println!();
    println!(
        "ratio full Syncore plan / single window: {:.2}x the time per decision",
        base / full
    );
    println!(
        "ratio interleaved / single window:       {:.2}x",
        base / mix
    );
    println!(
        "ratio contended / single window:         {:.2}x",
        base / contended
    );
    println!(
        "decisions per second, full Syncore plan: {}",
        human_rate(full)
    );
}
