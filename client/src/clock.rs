//! Real clocks for drivers (the core only declares the trait, it never reads time).

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use pacer_core::Timestamp;
pub use pacer_core::clock::{Clock, ManualClock};

/// Wall-clock time.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

/// The current wall-clock instant.
pub fn system_now() -> Timestamp {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Timestamp::from_millis(ms)
}

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        system_now()
    }

    fn real_delay(&self, until: Timestamp) -> Duration {
        until.since(self.now())
    }

    fn advance_to(&self, _until: Timestamp) {}

    fn describe(&self) -> String {
        "real time".into()
    }
}

/// Time that runs `factor` times faster than the wall clock from `start`: a policy day passes
/// in a fraction of the time, yet every request still meets real network latency.
#[derive(Debug, Clone)]
pub struct ScaledClock {
    origin: Instant,
    start: Timestamp,
    factor: f64,
}

impl ScaledClock {
    /// A clock reading `start` now and running `factor` times faster than real time.
    pub fn new(start: Timestamp, factor: f64) -> Self {
        ScaledClock {
            origin: Instant::now(),
            start,
            factor: factor.max(1.0),
        }
    }

    /// How many times faster than real time it runs.
    pub fn factor(&self) -> f64 {
        self.factor
    }
}

impl Clock for ScaledClock {
    fn now(&self) -> Timestamp {
        let virtual_ms = self.origin.elapsed().as_secs_f64() * 1000.0 * self.factor;
        self.start.add_millis(virtual_ms as i64)
    }

    fn real_delay(&self, until: Timestamp) -> Duration {
        let ahead = until.since(self.now());
        Duration::from_secs_f64(ahead.as_secs_f64() / self.factor)
    }

    fn advance_to(&self, _until: Timestamp) {}

    fn describe(&self) -> String {
        format!("scaled ×{}", self.factor)
    }
}

/// The clock a client uses when none is given.
pub fn default_clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}
