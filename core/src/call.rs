//! One API call as a state machine the driver pumps (DESIGN §2):
//!
//! ```text
//! loop {
//!     match call.poll(now, &mut ledger) {
//!         Poll::Send(request) => match transport.send(request) {      // the key is added here
//!             Ok(response) => call.handle(response, now),
//!             Err(failure) => call.handle_transport_error(failure, now),
//!         },
//!         Poll::Wait { until, .. } => sleep_until(until),
//!         Poll::Done(response) => break Ok(response),
//!         Poll::Fail(error) => break Err(error),
//!     }
//! }
//! ```
//!
//! Contract: after `Send`, the driver must report the outcome with `handle` or
//! `handle_transport_error` before polling again; after `Done` or `Fail` the call is over.
//! Breaking the contract is reported as a `config/drive_loop_misuse` error, never ignored.

use std::time::Duration;

use crate::error::{Error, ErrorKind, FieldError};
use crate::http::{Request, Response, TransportFailure};
use crate::quota::policy::ServerSignals;
use crate::quota::{Correction, Decision, Ledger, MeterPlan, RequestKind, Reservation, WaitReason};
use crate::spec::ErrorShape;
use crate::time::Timestamp;

/// How idempotent calls are retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included.
    pub max_attempts: u32,
    /// First backoff delay; doubled each retry.
    pub base_delay: Duration,
    /// Largest backoff delay.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

/// How long a call may wait for quota before it gives up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct WaitPolicy {
    /// Longest total wait for rate and overage windows (None: as long as it takes).
    pub max_wait: Option<Duration>,
    /// Whether to wait for a spent calendar window to reset instead of failing at once.
    pub wait_for_reset: bool,
}

/// Why the driver should wait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitCause {
    /// A quota window has no room yet.
    Quota {
        /// The window.
        window: String,
        /// Its scope.
        scope: String,
        /// Rate, overage or a server block.
        reason: WaitReason,
    },
    /// A spent calendar window resets then (only with `wait_for_reset`).
    Reset {
        /// The window.
        window: String,
        /// Its scope.
        scope: String,
    },
    /// Backing off before retrying a failed attempt.
    Backoff {
        /// The attempt that will follow.
        attempt: u32,
    },
}

/// What the driver must do next.
#[derive(Clone, Debug, PartialEq)]
pub enum Poll {
    /// Send this request (adding the credential) and report the outcome.
    Send(Request),
    /// Nothing to do before `until`; poll again then.
    Wait {
        /// When to poll again.
        until: Timestamp,
        /// Why.
        cause: WaitCause,
    },
    /// The call succeeded.
    Done(Response),
    /// The call failed.
    Fail(Error),
}

enum State {
    Ready,
    InFlight(Reservation),
    Finished(Result<Response, Error>),
    Over,
}

/// Effects on the ledger queued by `handle` and applied at the next `poll`.
enum LedgerOp {
    Refund(Reservation),
    Correct(Correction),
}

/// A prepared, validated call.
pub struct Call {
    endpoint: String,
    kind: RequestKind,
    idempotent: bool,
    request: Request,
    plan: std::sync::Arc<MeterPlan>,
    retry: RetryPolicy,
    wait: WaitPolicy,
    signals: ServerSignals,
    errors: ErrorShape,
    state: State,
    attempts: u32,
    not_before: Option<Timestamp>,
    started: Option<Timestamp>,
    pending: Vec<LedgerOp>,
    rng: u64,
    refresh_auth: bool,
    auth_refreshes: u32,
    wants_auth_refresh: bool,
}

/// The pieces `Api::prepare` assembles into a call.
pub struct CallParts {
    /// Endpoint name.
    pub endpoint: String,
    /// Quota kind.
    pub kind: RequestKind,
    /// Whether the request may be repeated safely.
    pub idempotent: bool,
    /// The request.
    pub request: Request,
    /// Meters it must pass.
    pub plan: std::sync::Arc<MeterPlan>,
    /// Retry policy.
    pub retry: RetryPolicy,
    /// Wait policy.
    pub wait: WaitPolicy,
    /// Server signal headers.
    pub signals: ServerSignals,
    /// Error body shape.
    pub errors: ErrorShape,
    /// Jitter seed.
    pub seed: u64,
    /// Ask the driver to refresh the credential once on a 401 (token-based auth).
    pub refresh_auth: bool,
}

impl Call {
    /// Assembles a call (normally done by `Api::prepare`, which validates first).
    pub fn from_parts(p: CallParts) -> Call {
        Call {
            endpoint: p.endpoint,
            kind: p.kind,
            idempotent: p.idempotent,
            request: p.request,
            plan: p.plan,
            retry: p.retry,
            wait: p.wait,
            signals: p.signals,
            errors: p.errors,
            state: State::Ready,
            attempts: 0,
            not_before: None,
            started: None,
            pending: Vec::new(),
            rng: p.seed | 1,
            refresh_auth: p.refresh_auth,
            auth_refreshes: 0,
            wants_auth_refresh: false,
        }
    }

    /// The endpoint name, e.g. `jobs.search`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The quota kind of the call.
    pub fn kind(&self) -> &RequestKind {
        &self.kind
    }

    /// The request this call sends (without credentials).
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// The meters the call reserves.
    pub fn plan(&self) -> &MeterPlan {
        &self.plan
    }

    /// Attempts made so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the last response asked for a fresh credential: the driver refreshes it before
    /// polling again (returns true once per request).
    pub fn take_auth_refresh(&mut self) -> bool {
        std::mem::take(&mut self.wants_auth_refresh)
    }

    /// Whether `poll` has returned `Done` or `Fail`.
    pub fn is_over(&self) -> bool {
        matches!(self.state, State::Over)
    }

    /// Advances the call: reserves quota and asks to send, asks to wait, or ends.
    pub fn poll(&mut self, now: Timestamp, ledger: &mut dyn Ledger) -> Poll {
        for op in std::mem::take(&mut self.pending) {
            let applied = match &op {
                LedgerOp::Refund(r) => ledger.refund(r),
                LedgerOp::Correct(c) => ledger.correct(&self.plan, c, now),
            };
            if let Err(e) = applied {
                self.state = State::Over;
                return Poll::Fail(e);
            }
        }
        match std::mem::replace(&mut self.state, State::Over) {
            State::InFlight(r) => {
                self.state = State::InFlight(r);
                Poll::Fail(misuse(
                    &self.endpoint,
                    "poll() was called while a request is in flight; report its outcome with handle() or handle_transport_error() first",
                ))
            }
            State::Over => Poll::Fail(misuse(
                &self.endpoint,
                "poll() was called after the call ended",
            )),
            State::Finished(Ok(response)) => Poll::Done(response),
            State::Finished(Err(error)) => Poll::Fail(error),
            State::Ready => self.poll_ready(now, ledger),
        }
    }

    fn poll_ready(&mut self, now: Timestamp, ledger: &mut dyn Ledger) -> Poll {
        self.state = State::Ready;
        let started = *self.started.get_or_insert(now);
        if let Some(t) = self.not_before
            && t > now
        {
            return Poll::Wait {
                until: t,
                cause: WaitCause::Backoff {
                    attempt: self.attempts + 1,
                },
            };
        }
        let decision = match ledger.reserve(&self.plan, now) {
            Ok(d) => d,
            Err(e) => {
                self.state = State::Over;
                return Poll::Fail(e);
            }
        };
        match decision {
            Decision::Granted(reservation) => {
                self.attempts += 1;
                self.not_before = None;
                self.state = State::InFlight(reservation);
                Poll::Send(self.request.clone())
            }
            Decision::Wait {
                until,
                window,
                scope,
                reason,
            } => {
                if let Some(max) = self.wait.max_wait
                    && until.since(started) > max
                {
                    self.state = State::Over;
                    let mut e = Error::new(
                        ErrorKind::Quota,
                        "quota_wait_too_long",
                        format!(
                            "{} would have to wait until {until} for window {window} ({scope}), longer than the allowed {:?}",
                            self.endpoint, max
                        ),
                    );
                    e.retry_after = Some(until.since(now));
                    e.scope = Some(format!("{window} ({scope})"));
                    return Poll::Fail(e);
                }
                Poll::Wait {
                    until,
                    cause: WaitCause::Quota {
                        window,
                        scope,
                        reason,
                    },
                }
            }
            Decision::Exhausted {
                window,
                scope,
                resets_at,
            } => {
                if self.wait.wait_for_reset {
                    return Poll::Wait {
                        until: resets_at,
                        cause: WaitCause::Reset { window, scope },
                    };
                }
                self.state = State::Over;
                let mut e = Error::new(
                    ErrorKind::Quota,
                    "quota_exhausted",
                    format!(
                        "the {window} quota ({scope}) is spent; it resets at {resets_at}. Nothing was sent."
                    ),
                );
                e.resets_at = Some(resets_at);
                e.retry_after = Some(resets_at.since(now));
                e.scope = Some(format!("{window} ({scope})"));
                Poll::Fail(e)
            }
        }
    }

    /// Reports the server's response to the request last sent.
    pub fn handle(&mut self, response: Response, now: Timestamp) {
        let State::InFlight(_) = &self.state else {
            self.state = State::Finished(Err(misuse(
                &self.endpoint,
                "handle() was called with no request in flight",
            )));
            return;
        };
        if let (Some(header), Some(window)) = (
            &self.signals.remaining_header,
            &self.signals.remaining_window,
        ) && let Some(remaining) = response
            .header(header)
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            self.pending.push(LedgerOp::Correct(Correction::Remaining {
                window: window.clone(),
                remaining,
            }));
        }
        let status = response.status;
        if response.is_success() {
            self.state = State::Finished(Ok(response));
            return;
        }
        let retry_after = response
            .header(&self.signals.retry_after_header)
            .and_then(|v| parse_retry_after(v, now));
        if status == 401 && self.refresh_auth && self.auth_refreshes == 0 {
            // An expired token: the driver refreshes it, and the call goes again (a 401 was
            // not processed, so even a write may be repeated; the quota is reserved anew).
            self.auth_refreshes += 1;
            self.wants_auth_refresh = true;
            self.state = State::Ready;
            return;
        }
        if status == 429 {
            // Not processed, so even a write may be repeated; the ledger learns the block.
            let until = now.plus(retry_after.unwrap_or_else(|| self.backoff()));
            self.pending
                .push(LedgerOp::Correct(Correction::Blocked { until }));
            if self.attempts < self.retry.max_attempts {
                self.state = State::Ready;
                return;
            }
            let mut e = self.api_error(
                &response,
                "the server kept refusing with 429 Too Many Requests",
            );
            e.retry_after = Some(until.since(now));
            self.state = State::Finished(Err(e));
            return;
        }
        if status >= 500 {
            if self.idempotent && self.attempts < self.retry.max_attempts {
                self.not_before = Some(now.plus(retry_after.unwrap_or_else(|| self.backoff())));
                self.state = State::Ready;
                return;
            }
            let mut e = self.api_error(&response, "server error");
            if !self.idempotent {
                e.code = "write_outcome_unknown".into();
                e.message = format!(
                    "{} answered {status}; the write may or may not have been applied, so it is not repeated blindly ({})",
                    self.endpoint, e.message
                );
            }
            self.state = State::Finished(Err(e));
            return;
        }
        let e = self.api_error(&response, "request refused");
        self.state = State::Finished(Err(e));
    }

    /// Reports that the transport could not complete the request last sent.
    pub fn handle_transport_error(&mut self, failure: TransportFailure, now: Timestamp) {
        let reservation = match std::mem::replace(&mut self.state, State::Over) {
            State::InFlight(r) => r,
            _ => {
                self.state = State::Finished(Err(misuse(
                    &self.endpoint,
                    "handle_transport_error() was called with no request in flight",
                )));
                return;
            }
        };
        let can_retry = self.attempts < self.retry.max_attempts;
        match failure {
            TransportFailure::NotSent(why) => {
                self.pending.push(LedgerOp::Refund(reservation));
                if can_retry {
                    self.not_before = Some(now.plus(self.backoff()));
                    self.state = State::Ready;
                } else {
                    let e = Error::transport(
                        "connect_failed",
                        format!(
                            "{} could not reach the server after {} attempts: {why}",
                            self.endpoint, self.attempts
                        ),
                    );
                    self.state = State::Finished(Err(e));
                }
            }
            TransportFailure::Unknown(why) => {
                if self.idempotent && can_retry {
                    self.not_before = Some(now.plus(self.backoff()));
                    self.state = State::Ready;
                } else if self.idempotent {
                    let e = Error::transport(
                        "transport_failed",
                        format!(
                            "{} failed after {} attempts: {why}",
                            self.endpoint, self.attempts
                        ),
                    );
                    self.state = State::Finished(Err(e));
                } else {
                    let e = Error::transport(
                        "write_outcome_unknown",
                        format!(
                            "{}: the connection failed after the request was sent ({why}); the write may or may not have been applied, so it is not repeated blindly",
                            self.endpoint
                        ),
                    );
                    self.state = State::Finished(Err(e));
                }
            }
        }
    }

    fn api_error(&self, response: &Response, fallback: &str) -> Error {
        let (message, fields) = read_error_body(&self.errors, &response.body);
        let what = message.unwrap_or_else(|| fallback.to_string());
        let hint = match response.status {
            401 => " (the API key was missing or rejected)",
            403 => " (forbidden: check the key's permissions and the registered User-Agent)",
            404 => " (no such record, or no such route: 404 cannot tell them apart)",
            _ => "",
        };
        let mut e = Error::api(
            response.status,
            &response.body,
            format!("{} → HTTP {}: {what}{hint}", self.endpoint, response.status),
        );
        e.errors = fields;
        // A provider's own machine-readable code (Salync: `{"error": "product_not_found"}`)
        // is more precise than one derived from the status.
        if let Some(code) = read_error_code(&self.errors, &response.body) {
            e.code = code;
        }
        e
    }

    /// Exponential backoff with "equal jitter": half fixed, half random.
    fn backoff(&mut self) -> Duration {
        let exp = self
            .retry
            .base_delay
            .saturating_mul(1u32 << self.attempts.saturating_sub(1).min(16));
        let cap = exp.min(self.retry.max_delay);
        let half = cap / 2;
        let span = u64::try_from(half.as_millis()).unwrap_or(u64::MAX).max(1);
        half + Duration::from_millis(self.next_random() % span)
    }

    fn next_random(&mut self) -> u64 {
        // splitmix64: the driver seeds it, so the core never reads entropy itself.
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn misuse(endpoint: &str, what: &str) -> Error {
    Error::config("drive_loop_misuse", format!("{endpoint}: {what}"))
}

/// Parses `Retry-After` as seconds or as an HTTP date.
pub fn parse_retry_after(value: &str, now: Timestamp) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>()
        && secs.is_finite()
        && secs >= 0.0
    {
        return Some(Duration::from_millis((secs * 1000.0).ceil() as u64));
    }
    chrono::DateTime::parse_from_rfc2822(value)
        .ok()
        .map(|d| Timestamp::from_millis(d.timestamp_millis()).since(now))
}

/// The provider's own error code, when its error shape names one and the body carries it as a
/// snake_case word.
pub fn read_error_code(shape: &ErrorShape, body: &[u8]) -> Option<String> {
    let key = shape.code_key.as_ref()?;
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let code = v.get(key)?.as_str()?;
    let word = !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
    word.then(|| code.to_string())
}

/// Reads a human message and field errors out of an error body, per the provider's shape.
/// Handles JSON objects (`{"message": …}`, ProblemDetails `{"title", "errors": {field: [msg]}}`),
/// and plain text.
pub fn read_error_body(shape: &ErrorShape, body: &[u8]) -> (Option<String>, Vec<FieldError>) {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let Ok(serde_json::Value::Object(obj)) = serde_json::from_str::<serde_json::Value>(text) else {
        let first_line = text.lines().next().unwrap_or_default();
        let short: String = first_line.chars().take(300).collect();
        return ((!short.is_empty()).then_some(short), Vec::new());
    };
    let message = shape
        .message_keys
        .iter()
        .find_map(|k| obj.get(k).and_then(|v| v.as_str()).map(str::to_string));
    let mut fields = Vec::new();
    if let Some(serde_json::Value::Object(errs)) =
        shape.field_errors_key.as_ref().and_then(|k| obj.get(k))
    {
        for (field, msgs) in errs {
            let list: Vec<String> = match msgs {
                serde_json::Value::Array(a) => a
                    .iter()
                    .filter_map(|m| m.as_str().map(str::to_string))
                    .collect(),
                serde_json::Value::String(s) => vec![s.clone()],
                other => vec![other.to_string()],
            };
            for m in list {
                fields.push(FieldError::new(field, "server", m));
            }
        }
    }
    (message, fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = Timestamp::parse_rfc3339("2026-11-22T10:00:00Z").unwrap();
        assert_eq!(parse_retry_after("30", now), Some(Duration::from_secs(30)));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after("Sun, 22 Nov 2026 10:01:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn error_bodies() {
        let shape = ErrorShape {
            message_keys: vec!["message".into(), "title".into(), "error".into()],
            code_key: None,
            field_errors_key: Some("errors".into()),
        };
        let (m, f) = read_error_body(&shape, br#"{"title":"One or more validation errors occurred.","errors":{"FirstName":["FirstName is required"]}}"#);
        assert_eq!(
            m.as_deref(),
            Some("One or more validation errors occurred.")
        );
        assert_eq!(
            f,
            vec![FieldError::new(
                "FirstName",
                "server",
                "FirstName is required"
            )]
        );
        let (m, f) = read_error_body(&shape, b"Resource not found\n");
        assert_eq!((m.as_deref(), f.len()), (Some("Resource not found"), 0));
    }
}
