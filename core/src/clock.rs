//! The clock drivers use. The core never reads time itself; drivers hold a `Clock` and pass
//! `clock.now()` into every call. A virtual clock lets a day of quota pass in milliseconds.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use crate::time::Timestamp;

/// A source of time that drivers wait on.
///
/// A driver asked to wait until `t` sleeps for `real_delay(t)` of real time, then calls
/// `advance_to(t)`: a system clock sleeps the whole wait and ignores the advance; a virtual
/// clock sleeps nothing and jumps; a scaled clock sleeps a fraction.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> Timestamp;
    /// Real time to sleep before this clock reads `until`.
    fn real_delay(&self, until: Timestamp) -> Duration;
    /// Moves a virtual clock forward to `until` (never backwards); real clocks ignore it.
    fn advance_to(&self, until: Timestamp);
    /// A short description for output, e.g. `virtual` or `scaled ×12`.
    fn describe(&self) -> String;
}

/// A virtual clock that moves only when told to: deterministic tests and emulators.
#[derive(Debug)]
pub struct ManualClock {
    now_ms: AtomicI64,
}

impl ManualClock {
    /// A clock that reads `start` until advanced.
    pub fn new(start: Timestamp) -> Self {
        ManualClock {
            now_ms: AtomicI64::new(start.as_millis()),
        }
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.now_ms.fetch_add(ms, Ordering::SeqCst);
    }

    /// Sets the clock to `t` if that is later than now.
    pub fn set_at_least(&self, t: Timestamp) {
        self.now_ms.fetch_max(t.as_millis(), Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_millis(self.now_ms.load(Ordering::SeqCst))
    }

    fn real_delay(&self, _until: Timestamp) -> Duration {
        Duration::ZERO
    }

    fn advance_to(&self, until: Timestamp) {
        self.set_at_least(until);
    }

    fn describe(&self) -> String {
        "virtual".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_only_moves_forward() {
        let t = Timestamp::parse_rfc3339("2026-11-22T12:00:00Z").unwrap();
        let c = ManualClock::new(t);
        assert_eq!(c.real_delay(t.add_millis(60_000)), Duration::ZERO);
        c.advance_to(t.add_millis(5_000));
        c.advance_to(t.add_millis(1_000));
        assert_eq!(c.now(), t.add_millis(5_000));
        c.advance(Duration::from_secs(1));
        assert_eq!(c.now(), t.add_millis(6_000));
    }
}
