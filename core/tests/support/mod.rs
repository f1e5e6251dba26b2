//! A simulated driver for core tests: a virtual clock and a scripted server, below the
//! transport boundary (the only place mocks belong).

#![allow(dead_code)]

use pacer_sdk_core::call::LedgerUpdate;
use pacer_sdk_core::quota::{
    Forecast, ForecastOptions, Ledger, MemoryLedger, RequestKind, WindowUsage,
};
use pacer_sdk_core::{
    Api, Call, ClientConfig, Error, Poll, ProviderSpec, Request, Response, Timestamp,
    TransportFailure,
};

/// What the scripted server does with one request.
pub type Server<'a> = dyn FnMut(&Request, Timestamp) -> Result<Response, TransportFailure> + 'a;

/// The record of one drive: when each request was sent.
#[derive(Debug, Default)]
pub struct Trace {
    /// (time sent, request) in order.
    pub sent: Vec<(Timestamp, Request)>,
    /// Every wait the call asked for.
    pub waits: Vec<(Timestamp, pacer_sdk_core::WaitCause)>,
}

/// Polls `call`, answering its ledger effects from `ledger` (an in-memory driver may answer
/// them at once), and returns the first poll the caller must act on: a request, a wait, a
/// credential refresh, or the end.
pub fn step(call: &mut Call, now: Timestamp, ledger: &mut impl Ledger) -> Poll {
    loop {
        match call.poll(now) {
            Poll::Reserve { plan, at } => call.reserved(ledger.reserve(&plan, at)),
            Poll::Record(LedgerUpdate::Refund(r)) => call.recorded(ledger.refund(&r)),
            Poll::Record(LedgerUpdate::Correct {
                plan,
                correction,
                at,
            }) => call.recorded(ledger.correct(&plan, &correction, at)),
            other => return other,
        }
    }
}

/// The state of every quota window of `api`, read from `ledger`.
pub fn status(api: &Api, ledger: &mut impl Ledger, now: Timestamp) -> Vec<WindowUsage> {
    ledger.usage(&api.status_plan(), now).unwrap()
}

/// A forecast of `workload` from the state of `ledger`.
pub fn forecast(
    api: &Api,
    ledger: &mut impl Ledger,
    workload: &[(RequestKind, u64)],
    now: Timestamp,
    options: ForecastOptions,
) -> Result<Forecast, Error> {
    let plans = api.forecast_plans(workload)?;
    api.forecast(&ledger.export(&plans, now)?, workload, now, options)
}

/// Pumps `call` to completion, jumping the virtual clock over every wait.
pub fn drive(
    call: &mut Call,
    clock: &mut Timestamp,
    ledger: &mut impl Ledger,
    server: &mut Server<'_>,
    trace: &mut Trace,
) -> Result<Response, Error> {
    for _ in 0..10_000 {
        match step(call, *clock, ledger) {
            Poll::RefreshAuth => call.auth_refreshed(Ok(())),
            Poll::Send(req) => {
                trace.sent.push((*clock, req.clone()));
                match server(&req, *clock) {
                    Ok(resp) => call.handle(resp, *clock),
                    Err(f) => call.handle_transport_error(f, *clock),
                }
            }
            Poll::Wait { until, cause } => {
                assert!(until > *clock, "wait into the past: {until} at {clock}");
                trace.waits.push((until, cause));
                *clock = until;
            }
            Poll::Done(r) => return Ok(r),
            Poll::Fail(e) => return Err(e),
            Poll::Reserve { .. } | Poll::Record(_) => unreachable!("step answers ledger effects"),
        }
    }
    panic!("the call did not finish in 10,000 steps");
}

/// A Syncore API bound to the real host (nothing is sent: the server is scripted).
pub fn syncore_api(config: ClientConfig) -> Api {
    let config = ClientConfig {
        user_agent: config.user_agent.or(Some("AcmeSync/1.0".into())),
        ..config
    };
    Api::new(
        ProviderSpec::builtin("syncore").unwrap(),
        config,
        Some(pacer_sdk_core::key_fingerprint("secret-key")),
    )
    .unwrap()
}

/// A fresh in-memory ledger.
pub fn ledger() -> MemoryLedger {
    MemoryLedger::new()
}

/// 2026-04-10T14:00:00Z, a quiet weekday afternoon (EDT).
pub fn t0() -> Timestamp {
    Timestamp::parse_rfc3339("2026-04-10T14:00:00Z").unwrap()
}

/// A 200 response with a JSON body.
pub fn ok(body: &str) -> Result<Response, TransportFailure> {
    Ok(Response::new(200, body.as_bytes().to_vec()))
}
