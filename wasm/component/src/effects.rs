//! The ledger half of the drive loop (DESIGN §2), shared by both wasm drivers: this crate's
//! (`driver.rs`) and the JS package's (`wasm/web/src/client.rs` includes this file with
//! `#[path]`). Both ledgers answer synchronously (the instance's memory, or the host's
//! `meter-store`, whose calls block), so the answers can be given inside one loop; what differs
//! between the drivers (a blocking host call or an awaited `fetch`, a host import or a JS
//! promise for a credential) stays in each driver.
//!
//! Only pacer-sdk-core is used here, so the file compiles in either crate.

use pacer_sdk_core::call::LedgerUpdate;
use pacer_sdk_core::quota::{Forecast, ForecastOptions, Ledger, RequestKind, WindowUsage};
use pacer_sdk_core::{Api, Call, Error, Poll, Request, Response, Result, Timestamp};

/// Applies one ledger update the call asked for.
pub fn apply(update: &LedgerUpdate, ledger: &mut dyn Ledger) -> Result<()> {
    match update {
        LedgerUpdate::Refund(reservation) => ledger.refund(reservation),
        LedgerUpdate::Correct {
            plan,
            correction,
            at,
        } => ledger.correct(plan, correction, *at),
    }
}

/// What is left for the driver once the ledger effects are answered.
pub enum Next {
    /// `Poll::RefreshAuth`: refresh the credential, answer with `call.auth_refreshed`.
    RefreshAuth,
    /// `Poll::Send`: send it, answer with `call.handle` or `call.handle_transport_error`.
    Send(Request),
    /// `Poll::Wait`: sleep until then.
    Wait(Timestamp),
    /// `Poll::Done`.
    Done(Response),
    /// `Poll::Fail`.
    Fail(Error),
}

/// Polls `call` (reading `now` afresh each time), answering its ledger effects (`Reserve`,
/// `Record`) from `ledger` at once, and returns the first effect the driver must answer
/// itself. The ledger is borrowed only inside this function, never across the driver's I/O.
pub fn step(call: &mut Call, now: &dyn Fn() -> Timestamp, ledger: &mut dyn Ledger) -> Next {
    loop {
        match call.poll(now()) {
            Poll::Reserve { plan, at } => call.reserved(ledger.reserve(&plan, at)),
            Poll::Record(update) => call.recorded(apply(&update, ledger)),
            Poll::RefreshAuth => return Next::RefreshAuth,
            Poll::Send(request) => return Next::Send(request),
            Poll::Wait { until, .. } => return Next::Wait(until),
            Poll::Done(response) => return Next::Done(response),
            Poll::Fail(error) => return Next::Fail(error),
        }
    }
}

/// Every quota window of `api`, as `ledger` holds them now.
pub fn status(api: &Api, ledger: &mut dyn Ledger, now: Timestamp) -> Result<Vec<WindowUsage>> {
    ledger.usage(&api.status_plan(), now)
}

/// A forecast of `workload` from what `ledger` holds now (nothing is spent).
pub fn forecast(
    api: &Api,
    ledger: &mut dyn Ledger,
    workload: &[(RequestKind, u64)],
    now: Timestamp,
    options: ForecastOptions,
) -> Result<Forecast> {
    let plans = api.forecast_plans(workload)?;
    let state = ledger.export(&plans, now)?;
    api.forecast(&state, workload, now, options)
}
