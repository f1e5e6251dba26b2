//! The quota engine (DESIGN §4): sliding-log rate windows, calendar windows that reset at a
//! wall-clock time in a zone, overage paces, server corrections, atomic multi-window
//! reservations with refunds, ledgers and forecasts.

pub mod calendar;
pub mod engine;
pub mod forecast;
pub mod ledger;
pub mod policy;

pub use calendar::{CalendarPeriod, CalendarRule, Zone};
pub use engine::{Correction, Decision, MeterStore, Reservation, WaitReason, WindowUsage};
pub use forecast::{Blocked, Forecast, ForecastOptions, KindForecast, forecast, forecast_from};
pub use ledger::{Ledger, LedgerExport, MemoryLedger};
pub use policy::{
    MeterPlan, Policy, QuotaSpec, RequestKind, ScopeKind, Scopes, Window, WindowKind,
};
