//! Shared helpers for pacer's benchmarks.

use std::time::{Duration, Instant};

/// Runs `f` repeatedly for at least `min` and returns iterations per second (best of `rounds`).
pub fn per_second(rounds: u32, min: Duration, mut f: impl FnMut() -> u64) -> f64 {
    let mut best: f64 = 0.0;
    for _ in 0..rounds {
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed() < min {
            n += f();
        }
        best = best.max(n as f64 / start.elapsed().as_secs_f64());
    }
    best
}

/// Formats a rate like `1.23 M/s`.
pub fn human_rate(per_sec: f64) -> String {
    if per_sec >= 1e6 {
        format!("{:.2} M/s", per_sec / 1e6)
    } else if per_sec >= 1e3 {
        format!("{:.1} k/s", per_sec / 1e3)
    } else {
        format!("{per_sec:.1} /s")
    }
}
