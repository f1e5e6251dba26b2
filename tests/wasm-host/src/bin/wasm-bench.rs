//! `wasm-bench`: instantiation of the pacer component and the cost of a quota decision
//! through it versus the native core, measured side by side in one run.
//!
//! ```text
//! cargo run --release -p pacer-wasm-host --bin wasm-bench [-- ITERATIONS]
//! ```
//! Build the component first (`scripts/test-wasm.sh` does). Run it in release: a debug build
//! of wasmtime measures wasmtime, not the component.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use pacer_wasm_host::{PacerHost, bench, component_path};

fn us(d: Duration) -> String {
    format!("{:.2} µs", d.as_secs_f64() * 1e6)
}

fn main() -> ExitCode {
    let iterations: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let Some(path) = component_path() else {
        eprintln!(
            "the component is not built: cargo build -p pacer-wasm --target wasm32-wasip2 --release"
        );
        return ExitCode::FAILURE;
    };
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    let t = Instant::now();
    let host = match PacerHost::new(&path, false) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("cannot load {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let compile = t.elapsed();
    let f = match bench::measure(&host, iterations) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("benchmark failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let build = if cfg!(debug_assertions) {
        "debug (figures not meaningful)"
    } else {
        "release"
    };
    println!(
        "pacer component {} ({:.2} MB), host build: {build}",
        path.display(),
        size as f64 / 1e6
    );
    println!(
        "compile + link (once per process):   {:>10.1} ms",
        compile.as_secs_f64() * 1e3
    );
    println!(
        "instantiate from InstancePre:        {:>13}   target < 1000 µs: {}",
        us(f.instantiate),
        if f.instantiate < Duration::from_millis(1) {
            "met"
        } else {
            "MISSED"
        }
    );
    println!(
        "open a client (parse the spec):      {:>13}",
        us(f.open_client)
    );
    println!("quota decision ({iterations} each, a full window -> wait):");
    println!(
        "  native core                        {:>13}",
        us(f.native_decision)
    );
    println!(
        "  through the component              {:>13}",
        us(f.component_decision)
    );
    let overhead = f.component_decision.saturating_sub(f.native_decision);
    println!(
        "  overhead per call                  {:>13}   ratio {:.2}x   target < 10 µs: {}",
        us(overhead),
        f.component_decision.as_secs_f64() / f.native_decision.as_secs_f64(),
        if overhead < Duration::from_micros(10) {
            "met"
        } else {
            "MISSED"
        }
    );
    println!("reserve + refund + release ({iterations} each):");
    println!(
        "  native core                        {:>13}",
        us(f.native_cycle)
    );
    println!(
        "  through the component (3 calls)    {:>13}",
        us(f.component_cycle)
    );
    println!(
        "  ratio                              {:>13.2}x",
        f.component_cycle.as_secs_f64() / f.native_cycle.as_secs_f64()
    );
    println!("component and core decided alike:    {}", f.same_decisions);
    if f.same_decisions {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
