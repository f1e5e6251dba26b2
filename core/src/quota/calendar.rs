//! Calendar periods (days, months) that reset at a wall-clock time in a time zone.

use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Utc,
};
use chrono_tz::Tz;

use crate::time::{MINUTE_MS, Timestamp};

/// A time zone reading: a fixed UTC offset (`-05:00`) or an IANA zone (`America/New_York`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// A constant offset from UTC, in seconds east.
    Fixed(FixedOffset),
    /// A named zone with daylight-saving rules (compiled-in database; no file access).
    Named(Tz),
}

impl Zone {
    /// UTC.
    pub fn utc() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(0).expect("zero offset"))
    }

    /// The local date-time of `t` in this zone.
    fn local(&self, t: Timestamp) -> NaiveDateTime {
        let utc = t.to_datetime();
        match self {
            Zone::Fixed(off) => utc.with_timezone(off).naive_local(),
            Zone::Named(tz) => utc.with_timezone(tz).naive_local(),
        }
    }

    /// The first instant whose local time is at or after `local` (skips DST gaps; takes the
    /// earlier of two instants in a DST overlap, so a period never starts late).
    fn instant(&self, local: NaiveDateTime) -> Timestamp {
        fn pick<T: TimeZone>(r: LocalResult<DateTime<T>>) -> Option<i64> {
            match r {
                LocalResult::Single(d) => Some(d.timestamp_millis()),
                LocalResult::Ambiguous(a, b) => {
                    Some(a.timestamp_millis().min(b.timestamp_millis()))
                }
                LocalResult::None => None,
            }
        }
        let mut probe = local;
        for _ in 0..(24 * 60) {
            let found = match self {
                Zone::Fixed(off) => pick(off.from_local_datetime(&probe)),
                Zone::Named(tz) => pick(tz.from_local_datetime(&probe)),
            };
            if let Some(ms) = found {
                return Timestamp::from_millis(ms);
            }
            probe += chrono::Duration::minutes(1);
        }
        // Unreachable for real zones (gaps are at most a day); fall back to reading it as UTC.
        Timestamp::from_millis(local.and_utc().timestamp_millis() - MINUTE_MS)
    }
}

impl FromStr for Zone {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("utc") || s == "Z" {
            return Ok(Zone::utc());
        }
        if let Some(rest) = s.strip_prefix(['+', '-']) {
            let sign = if s.starts_with('-') { -1 } else { 1 };
            let (h, m) = rest
                .split_once(':')
                .ok_or_else(|| format!("offset must look like -05:00, got {s:?}"))?;
            let h: i32 = h.parse().map_err(|_| format!("bad hour in offset {s:?}"))?;
            let m: i32 = m
                .parse()
                .map_err(|_| format!("bad minute in offset {s:?}"))?;
            if h > 23 || m > 59 {
                return Err(format!("offset out of range: {s:?}"));
            }
            return FixedOffset::east_opt(sign * (h * 3600 + m * 60))
                .map(Zone::Fixed)
                .ok_or_else(|| format!("offset out of range: {s:?}"));
        }
        s.parse::<Tz>()
            .map(Zone::Named)
            .map_err(|_| format!("unknown time zone {s:?} (use an IANA name like America/New_York or an offset like -05:00)"))
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Fixed(off) if off.local_minus_utc() == 0 => f.write_str("UTC"),
            Zone::Fixed(off) => write!(f, "{off}"),
            Zone::Named(tz) => f.write_str(tz.name()),
        }
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The length of a calendar window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarPeriod {
    /// A calendar day.
    Day,
    /// A calendar month.
    Month,
}

/// A calendar period that starts at `reset` local time in `zone`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CalendarRule {
    /// Day or month.
    pub period: CalendarPeriod,
    /// The zone whose wall clock defines the boundary.
    pub zone: Zone,
    /// Local time of day at which a period starts (00:00 for midnight).
    pub reset: NaiveTime,
}

impl CalendarRule {
    /// The start of the period that contains `t`.
    pub fn period_start(&self, t: Timestamp) -> Timestamp {
        self.bounds(t).0
    }

    /// The start of the period after the one containing `t`.
    pub fn next_start(&self, t: Timestamp) -> Timestamp {
        self.bounds(t).1
    }

    /// The period containing `t` as `[start, next)`. Zone conversions are the costly part of a
    /// quota decision and periods last a day or more, so each thread remembers the last period
    /// of each rule (pure memoization: the answer is the same either way).
    pub fn bounds(&self, t: Timestamp) -> (Timestamp, Timestamp) {
        thread_local! {
            static RECENT: std::cell::RefCell<Vec<(CalendarRule, Timestamp, Timestamp)>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        let cached = RECENT.with(|r| {
            r.borrow()
                .iter()
                .find(|(rule, start, next)| rule == self && *start <= t && t < *next)
                .map(|(_, s, n)| (*s, *n))
        });
        if let Some(found) = cached {
            return found;
        }
        let found = self.compute_bounds(t);
        RECENT.with(|r| {
            let mut r = r.borrow_mut();
            r.retain(|(rule, _, _)| rule != self);
            if r.len() >= 32 {
                r.remove(0);
            }
            r.push((*self, found.0, found.1));
        });
        found
    }

    fn compute_bounds(&self, t: Timestamp) -> (Timestamp, Timestamp) {
        let local = self.zone.local(t);
        let candidate = self.boundary_on_or_before(local.date());
        let start = if candidate <= t {
            candidate
        } else {
            self.boundary_on_or_before(self.step_back(local.date()))
        };
        let start_date = self.period_date(self.zone.local(start).date());
        (start, self.boundary_for(self.step_forward(start_date)))
    }

    /// Boundary instant of the period whose first day is `date`'s period date.
    fn boundary_on_or_before(&self, date: NaiveDate) -> Timestamp {
        self.boundary_for(self.period_date(date))
    }

    fn period_date(&self, date: NaiveDate) -> NaiveDate {
        match self.period {
            CalendarPeriod::Day => date,
            CalendarPeriod::Month => date.with_day(1).expect("day 1 exists"),
        }
    }

    fn boundary_for(&self, first_day: NaiveDate) -> Timestamp {
        self.zone.instant(first_day.and_time(self.reset))
    }

    fn step_back(&self, date: NaiveDate) -> NaiveDate {
        match self.period {
            CalendarPeriod::Day => date.pred_opt().expect("date in range"),
            CalendarPeriod::Month => {
                let first = date.with_day(1).expect("day 1 exists");
                let prev = first.pred_opt().expect("date in range");
                prev.with_day(1).expect("day 1 exists")
            }
        }
    }

    fn step_forward(&self, date: NaiveDate) -> NaiveDate {
        match self.period {
            CalendarPeriod::Day => date.succ_opt().expect("date in range"),
            CalendarPeriod::Month => {
                let (y, m) = if date.month() == 12 {
                    (date.year() + 1, 1)
                } else {
                    (date.year(), date.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1).expect("valid month")
            }
        }
    }
}

/// The date `months` calendar months before `date` (day clamped to the month's end).
pub fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    let total = date.year() * 12 + date.month0() as i32 - months as i32;
    let (y, m0) = (total.div_euclid(12), total.rem_euclid(12) as u32);
    let mut day = date.day();
    loop {
        if let Some(d) = NaiveDate::from_ymd_opt(y, m0 + 1, day) {
            return d;
        }
        day -= 1;
    }
}

/// The local calendar date of `t` in `zone`.
pub fn local_date(zone: &Zone, t: Timestamp) -> NaiveDate {
    zone.local(t).date()
}

/// The UTC instant of `t`, for callers that need chrono.
pub fn to_utc(t: Timestamp) -> DateTime<Utc> {
    t.to_datetime()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    fn day(zone: &str) -> CalendarRule {
        CalendarRule {
            period: CalendarPeriod::Day,
            zone: zone.parse().unwrap(),
            reset: NaiveTime::MIN,
        }
    }

    #[test]
    fn new_york_day_follows_dst() {
        let ny = day("America/New_York");
        // Winter: midnight EST is 05:00 UTC.
        assert_eq!(
            ny.period_start(ts("2026-01-15T12:00:00Z")),
            ts("2026-01-15T05:00:00Z")
        );
        // Summer: midnight EDT is 04:00 UTC.
        assert_eq!(
            ny.period_start(ts("2026-07-15T12:00:00Z")),
            ts("2026-07-15T04:00:00Z")
        );
        assert_eq!(
            ny.next_start(ts("2026-07-15T03:59:59Z")),
            ts("2026-07-15T04:00:00Z")
        );
        // The DST-start day (2026-03-08) is 23 hours long.
        assert_eq!(
            ny.next_start(ts("2026-03-08T05:00:00Z")),
            ts("2026-03-09T04:00:00Z")
        );
        // The DST-end day (2026-11-01) is 25 hours long.
        assert_eq!(
            ny.next_start(ts("2026-11-01T04:00:00Z")),
            ts("2026-11-02T05:00:00Z")
        );
    }

    #[test]
    fn fixed_est_day_ignores_dst() {
        let est = day("-05:00");
        assert_eq!(
            est.period_start(ts("2026-07-15T04:30:00Z")),
            ts("2026-07-14T05:00:00Z")
        );
        assert_eq!(
            est.next_start(ts("2026-07-15T04:30:00Z")),
            ts("2026-07-15T05:00:00Z")
        );
    }

    #[test]
    fn months_and_leap_days() {
        let month = CalendarRule {
            period: CalendarPeriod::Month,
            ..day("UTC")
        };
        assert_eq!(
            month.period_start(ts("2028-02-29T23:59:59Z")),
            ts("2028-02-01T00:00:00Z")
        );
        assert_eq!(
            month.next_start(ts("2028-02-29T23:59:59Z")),
            ts("2028-03-01T00:00:00Z")
        );
        assert_eq!(
            month.next_start(ts("2026-12-31T23:00:00Z")),
            ts("2027-01-01T00:00:00Z")
        );
        assert_eq!(
            months_before(NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(), 13),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
        assert_eq!(
            months_before(NaiveDate::from_ymd_opt(2029, 3, 29).unwrap(), 13),
            NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
        );
    }

    #[test]
    fn zone_parsing() {
        assert!("America/New_York".parse::<Zone>().is_ok());
        assert_eq!("-05:00".parse::<Zone>().unwrap().to_string(), "-05:00");
        assert_eq!("UTC".parse::<Zone>().unwrap().to_string(), "UTC");
        assert!("Mars/Olympus".parse::<Zone>().is_err());
        assert!("-25:00".parse::<Zone>().is_err());
    }
}
