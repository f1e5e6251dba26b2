//! The two pumps: the loops that drive a core `Call` to its end, answering every effect it
//! returns (DESIGN §2). One per execution model, and every driver in this crate and in the
//! Python and Node bindings goes through one of them:
//!
//! | effect | blocking pump (`pump_blocking`) | async pump (`pump_async`) |
//! |---|---|---|
//! | `Poll::Reserve` | the ledger on the caller's thread | memory inline; SQLite on tokio's blocking threads; Redis over a multiplexed async connection |
//! | `Poll::Record` (refund, correction) | the ledger on the caller's thread | memory inline; SQLite and Redis on tokio's blocking threads |
//! | `Poll::RefreshAuth` | the token provider on the caller's thread | the token provider on a blocking thread |
//! | `Poll::Send` | ureq on the caller's thread | reqwest on the runtime |
//! | `Poll::Wait` | `thread::sleep` in steps (the interrupt hook between them) | `tokio::time::sleep` |
//!
//! Before the first reservation the pump makes sure a credential is at hand (a token provider
//! is asked once), so a call never spends quota it cannot use. No lock is held across a ledger
//! round trip or a request, so concurrent calls overlap up to what the quota allows.

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Wake, Waker};
use std::time::{Duration, Instant};

use pacer_sdk_core::call::LedgerUpdate;
use pacer_sdk_core::quota::Correction;
use pacer_sdk_core::{Call, Error, Poll, Response, Timestamp, TransportFailure, WaitCause};

use crate::client::Client;
use crate::events::Event;

/// How often a long wait checks its interrupt hook.
const INTERRUPT_CHECK: Duration = Duration::from_millis(100);

/// Which pump a client's calls go through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// On the caller's thread, with a blocking transport and no runtime.
    Blocking,
    /// On a tokio runtime, never blocking its workers.
    Async,
}

/// Runs a future to its end on this thread, parking while it waits. The blocking pump's futures
/// are ready when first polled, so this adds no thread hop; it may be nested.
pub fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
        fn wake_by_ref(self: &Arc<Self>) {
            self.0.unpark();
        }
    }
    let mut future = std::pin::pin!(future);
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        std::thread::park();
    }
}

/// Drives `call` on the caller's thread.
pub(crate) fn pump_blocking(client: &Client, mut call: Call) -> Result<Response, Error> {
    let inner = &client.inner;
    block_on(inner.blocking_transport.ensure_auth())?;
    loop {
        match call.poll(client.now()) {
            Poll::Reserve { plan, at } => call.reserved(inner.ledger.reserve_blocking(&plan, at)),
            Poll::Record(update) => {
                recording(client, &call, &update);
                call.recorded(inner.ledger.update_blocking(&update))
            }
            Poll::RefreshAuth => {
                call.auth_refreshed(block_on(inner.blocking_transport.refresh_auth()))
            }
            Poll::Send(request) => {
                sending(client, &call, &request);
                let sent_at = Instant::now();
                let outcome = block_on(inner.blocking_transport.send(request));
                answer(client, &mut call, outcome, sent_at);
            }
            Poll::Wait { until, cause } => {
                waiting(client, &call, until, &cause);
                sleep_blocking(client, until)?;
            }
            Poll::Done(response) => return Ok(response),
            Poll::Fail(error) => return Err(error),
        }
    }
}

/// Drives `call` on the async runtime.
pub(crate) async fn pump_async(client: &Client, mut call: Call) -> Result<Response, Error> {
    let inner = &client.inner;
    inner.transport.ensure_auth().await?;
    loop {
        match call.poll(client.now()) {
            Poll::Reserve { plan, at } => call.reserved(inner.ledger.reserve(plan, at).await),
            Poll::Record(update) => {
                recording(client, &call, &update);
                call.recorded(inner.ledger.update(update).await)
            }
            Poll::RefreshAuth => call.auth_refreshed(inner.transport.refresh_auth().await),
            Poll::Send(request) => {
                sending(client, &call, &request);
                let sent_at = Instant::now();
                let outcome = inner.transport.send(request).await;
                answer(client, &mut call, outcome, sent_at);
            }
            Poll::Wait { until, cause } => {
                waiting(client, &call, until, &cause);
                sleep_async(client, until).await?;
            }
            Poll::Done(response) => return Ok(response),
            Poll::Fail(error) => return Err(error),
        }
    }
}

fn sending(client: &Client, call: &Call, request: &pacer_sdk_core::Request) {
    client.emit(Event::Sending {
        endpoint: call.endpoint().to_string(),
        method: request.method.clone(),
        url: request.url.clone(),
        attempt: call.attempts(),
    });
}

/// Reports what the transport brought back.
fn answer(
    client: &Client,
    call: &mut Call,
    outcome: Result<Response, TransportFailure>,
    sent_at: Instant,
) {
    let now = client.now();
    match outcome {
        Ok(response) => {
            client.emit(Event::Received {
                endpoint: call.endpoint().to_string(),
                status: response.status,
                elapsed: sent_at.elapsed(),
            });
            call.handle(response, now);
        }
        Err(failure) => {
            let (message, not_sent) = match &failure {
                TransportFailure::NotSent(m) => (m.clone(), true),
                TransportFailure::Unknown(m) => (m.clone(), false),
                TransportFailure::TooLarge(limit) => {
                    (format!("the answer passed {limit} bytes"), false)
                }
            };
            client.emit(Event::TransportFailed {
                endpoint: call.endpoint().to_string(),
                message,
                not_sent,
            });
            call.handle_transport_error(failure, now);
        }
    }
}

/// Reports a server block that was capped (an absurd `Retry-After`).
fn recording(client: &Client, call: &Call, update: &LedgerUpdate) {
    if let LedgerUpdate::Correct {
        correction:
            Correction::Blocked {
                until,
                asked: Some(asked),
            },
        ..
    } = update
    {
        client.emit(Event::BlockCapped {
            endpoint: call.endpoint().to_string(),
            asked: *asked,
            until: *until,
        });
    }
}

fn waiting(client: &Client, call: &Call, until: Timestamp, cause: &WaitCause) {
    client.emit(Event::Waiting {
        endpoint: call.endpoint().to_string(),
        until,
        cause: describe_cause(cause),
    });
}

/// The step of one sleep: the whole delay, or a slice of it when an interrupt hook must be
/// checked in between.
fn slice(client: &Client, until: Timestamp) -> Result<Option<Duration>, Error> {
    if let Some(check) = &client.inner.interrupt {
        check()?;
    }
    let delay = client.inner.clock.real_delay(until);
    if delay.is_zero() {
        return Ok(None);
    }
    Ok(Some(if client.inner.interrupt.is_some() {
        delay.min(INTERRUPT_CHECK)
    } else {
        delay
    }))
}

/// Sleeps this thread until the clock reads `until`.
pub(crate) fn sleep_blocking(client: &Client, until: Timestamp) -> Result<(), Error> {
    while let Some(step) = slice(client, until)? {
        std::thread::sleep(step);
    }
    client.inner.clock.advance_to(until);
    Ok(())
}

/// Sleeps the task until the clock reads `until`.
pub(crate) async fn sleep_async(client: &Client, until: Timestamp) -> Result<(), Error> {
    while let Some(step) = slice(client, until)? {
        tokio::time::sleep(step).await;
    }
    client.inner.clock.advance_to(until);
    Ok(())
}

fn describe_cause(cause: &WaitCause) -> String {
    match cause {
        WaitCause::Quota {
            window,
            scope,
            reason,
        } => format!("{reason:?} window {window} ({scope})").to_lowercase(),
        WaitCause::Reset { window, scope } => format!("waiting for {window} ({scope}) to reset"),
        WaitCause::Backoff { attempt } => format!("backing off before attempt {attempt}"),
    }
}
