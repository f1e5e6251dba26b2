//! The emulator's wall clock: which calendar day (and month) an instant falls on in the zone
//! whose midnight resets the daily quotas ("00:00 EST" read as New York civil time by default).
//!
//! Written independently of pacer-sdk-core's calendar code on purpose: the emulator is the check
//! on the client, so a shared bug must not make both agree.

use chrono::{FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use pacer_sdk_core::Timestamp;

/// A time zone given as an IANA name or a fixed offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayZone {
    /// A named zone with daylight-saving rules.
    Named(Tz),
    /// A constant offset from UTC.
    Fixed(FixedOffset),
}

impl DayZone {
    /// Parses `America/New_York`, `UTC`, or an offset such as `-05:00`.
    pub fn parse(text: &str) -> Result<DayZone, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("utc") || t == "Z" {
            return Ok(DayZone::Fixed(FixedOffset::east_opt(0).expect("zero")));
        }
        if let Some(rest) = t.strip_prefix(['+', '-']) {
            let sign = if t.starts_with('-') { -1 } else { 1 };
            let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
            let (h, m): (i32, i32) = match (h.parse(), m.parse()) {
                (Ok(h), Ok(m)) if h < 24 && m < 60 => (h, m),
                _ => return Err(format!("bad UTC offset {t:?}")),
            };
            return FixedOffset::east_opt(sign * (h * 3600 + m * 60))
                .map(DayZone::Fixed)
                .ok_or_else(|| format!("bad UTC offset {t:?}"));
        }
        t.parse::<Tz>()
            .map(DayZone::Named)
            .map_err(|_| format!("unknown time zone {t:?}"))
    }

    /// Wall-clock reading of `t` in this zone.
    pub fn local(&self, t: Timestamp) -> NaiveDateTime {
        let utc = t.to_datetime();
        match self {
            DayZone::Named(tz) => utc.with_timezone(tz).naive_local(),
            DayZone::Fixed(off) => utc.with_timezone(off).naive_local(),
        }
    }

    /// Calendar date of `t` in this zone.
    pub fn date(&self, t: Timestamp) -> NaiveDate {
        self.local(t).date()
    }

    /// The first instant whose wall-clock reading is `local` or later: a time skipped by a
    /// daylight-saving jump maps to the end of the gap; a repeated time maps to its first pass.
    pub fn instant(&self, local: NaiveDateTime) -> Timestamp {
        let mut probe = local;
        for _ in 0..=(26 * 60) {
            let found = match self {
                DayZone::Named(tz) => earliest(tz.from_local_datetime(&probe)),
                DayZone::Fixed(off) => earliest(off.from_local_datetime(&probe)),
            };
            if let Some(ms) = found {
                return Timestamp::from_millis(ms);
            }
            probe += chrono::Duration::minutes(1);
        }
        Timestamp::from_millis(local.and_utc().timestamp_millis())
    }

    /// Start of `date` (local midnight) as an instant.
    #[cfg(test)]
    pub fn midnight(&self, date: NaiveDate) -> Timestamp {
        self.instant(date.and_time(chrono::NaiveTime::MIN))
    }
}

fn earliest<T: TimeZone>(r: LocalResult<chrono::DateTime<T>>) -> Option<i64> {
    match r {
        LocalResult::Single(d) => Some(d.timestamp_millis()),
        LocalResult::Ambiguous(a, b) => Some(a.timestamp_millis().min(b.timestamp_millis())),
        LocalResult::None => None,
    }
}

/// The date `months` calendar months before `date`, the day clamped to the month's length.
pub fn months_back(date: NaiveDate, months: u32) -> NaiveDate {
    use chrono::Datelike;
    let index = date.year() * 12 + date.month0() as i32 - months as i32;
    let (year, month0) = (index.div_euclid(12), index.rem_euclid(12) as u32);
    (1..=date.day())
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(year, month0 + 1, d))
        .expect("every month has a first day")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_york_midnight_in_summer_and_winter() {
        let z = DayZone::parse("America/New_York").unwrap();
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        let winter = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(z.midnight(summer).to_rfc3339(), "2026-07-01T04:00:00Z");
        assert_eq!(z.midnight(winter).to_rfc3339(), "2026-12-01T05:00:00Z");
        let fixed = DayZone::parse("-05:00").unwrap();
        assert_eq!(fixed.midnight(summer).to_rfc3339(), "2026-07-01T05:00:00Z");
    }

    #[test]
    fn months_back_clamps() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        assert_eq!(
            months_back(d, 1),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
        assert_eq!(
            months_back(d, 13),
            NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()
        );
    }
}
