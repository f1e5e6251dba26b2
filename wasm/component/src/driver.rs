//! The drive loop: pumps a core `Call` with the host's clock, transport and credential refresh
//! (DESIGN §2), the way `pacer_sdk`'s blocking pump does natively; the ledger effects are
//! answered by `effects::step`, shared with the JS package.

use pacer_sdk_core::quota::Ledger;
use pacer_sdk_core::{Call, Error, Request, Response, Timestamp, TransportFailure};

use crate::bindings::pacer::sdk::{transport, types};
use crate::bindings::wasi::clocks::{monotonic_clock, wall_clock};
use crate::effects::{self, Next};
use crate::options::Limits;

/// The host's wall clock, in the core's milliseconds.
pub fn now() -> Timestamp {
    let t = wall_clock::now();
    let ms = t.seconds.saturating_mul(1000) + u64::from(t.nanoseconds / 1_000_000);
    Timestamp::from_millis(i64::try_from(ms).unwrap_or(i64::MAX))
}

/// Blocks on the host's monotonic clock until its wall clock reads `until`. A virtual-clock
/// host makes the wait jump instead of pass.
pub fn sleep_until(until: Timestamp) -> Result<(), Error> {
    let mut before = now();
    while before < until {
        let nanos = u64::try_from(until.since(before).as_nanos()).unwrap_or(u64::MAX);
        monotonic_clock::subscribe_duration(nanos).block();
        let after = now();
        // A host whose clock stands still would make every wait spin forever: say so instead.
        if after <= before {
            return Err(Error::config(
                "host_clock_stalled",
                format!(
                    "the host's wall clock did not advance during a {} ms sleep (it reads {after})",
                    until.since(before).as_millis()
                ),
            ));
        }
        before = after;
    }
    Ok(())
}

/// The request with the limits the host's HTTP layer applies to it (the client's options).
fn to_wire(request: Request, limits: &Limits) -> types::Request {
    types::Request {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: request.body,
        timeout: limits.timeout,
        connect_timeout: limits.connect_timeout,
        max_response_bytes: limits.max_response_bytes,
    }
}

fn from_wire(response: types::Response) -> Response {
    Response {
        status: response.status,
        headers: response.headers,
        body: response.body,
    }
}

/// Sends one request through the host, which attaches the credential and applies `limits`.
pub fn send(request: Request, limits: &Limits) -> Result<Response, TransportFailure> {
    match transport::send(&to_wire(request, limits)) {
        // A host that read past the limit anyway is held to it here: the core decides what a
        // too-large answer means (never retried; a write's outcome is unknown).
        Ok(response) if response.body.len() as u64 > limits.max_response_bytes => {
            Err(TransportFailure::TooLarge(limits.max_response_bytes))
        }
        Ok(response) => Ok(from_wire(response)),
        Err(types::TransportError::NotSent(why)) => Err(TransportFailure::NotSent(why)),
        Err(types::TransportError::Unknown(why)) => Err(TransportFailure::Unknown(why)),
        Err(types::TransportError::TooLarge(limit)) => Err(TransportFailure::TooLarge(limit)),
    }
}

/// Asks the host for a fresh credential after a 401 (clients opened with `credential: token`).
/// The host's message names the failure; the credential never enters the component.
pub fn refresh_credential() -> Result<(), Error> {
    transport::refresh_credential().map_err(|why| {
        Error::config(
            "token_provider_failed",
            format!("the host could not refresh the credential: {why}"),
        )
    })
}

/// Drives `call` to its end, answering every effect it returns: quota from `ledger`, a
/// credential refresh from the host, requests through the host's transport (with the client's
/// `limits`), waits on the host's clock.
pub fn run(mut call: Call, ledger: &mut dyn Ledger, limits: &Limits) -> Result<Response, Error> {
    loop {
        match effects::step(&mut call, &now, ledger) {
            Next::RefreshAuth => call.auth_refreshed(refresh_credential()),
            Next::Send(request) => match send(request, limits) {
                Ok(response) => call.handle(response, now()),
                Err(failure) => call.handle_transport_error(failure, now()),
            },
            Next::Wait(until) => sleep_until(until)?,
            Next::Done(response) => return Ok(response),
            Next::Fail(error) => return Err(error),
        }
    }
}
