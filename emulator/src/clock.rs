//! Real time for emulators that do not run on a virtual clock (pacer-sdk-core never reads time).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use pacer_sdk_core::{Clock, Timestamp};

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        Timestamp::from_millis(ms)
    }

    fn real_delay(&self, until: Timestamp) -> Duration {
        until.since(self.now())
    }

    fn advance_to(&self, _until: Timestamp) {}

    fn describe(&self) -> String {
        "system".into()
    }
}
