//! One API call as a state machine the driver pumps (DESIGN §2). The core performs no I/O:
//! every effect leaves it as a value, and the driver performs it and reports the outcome.
//!
//! ```text
//! loop {
//!     match call.poll(now) {
//!         Poll::Reserve { plan, at } => call.reserved(ledger.reserve(&plan, at)),
//!         Poll::Record(update) => call.recorded(update.apply(&mut ledger)),   // refund, correction
//!         Poll::RefreshAuth => call.auth_refreshed(transport.refresh_auth()), // a 401, once
//!         Poll::Send(request) => match transport.send(request) {             // the key is added here
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
//! Contract: each of `Reserve`, `Record`, `RefreshAuth` and `Send` is answered exactly once,
//! with its own answer (`reserved`, `recorded`, `auth_refreshed`, `handle` or
//! `handle_transport_error`), before the call is polled again; after `Done` or `Fail` the call
//! is over. Polling with an effect unanswered, answering an effect that was not asked, or
//! polling after the end is a `config/drive_loop_misuse` error that ends the call.

use std::time::Duration;

use crate::error::{Error, ErrorKind, FieldError};
use crate::http::{Request, Response, TransportFailure};
use crate::quota::policy::ServerSignals;
use crate::quota::{Correction, Decision, Ledger, MeterPlan, RequestKind, Reservation, WaitReason};
use crate::spec::ErrorShape;
use crate::time::Timestamp;
use std::sync::Arc;

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
    /// Reserve one request of `plan` at `at` in the ledger (all windows or none) and answer
    /// with [`Call::reserved`].
    Reserve {
        /// The meters to reserve in.
        plan: Arc<MeterPlan>,
        /// The instant of the reservation.
        at: Timestamp,
    },
    /// Apply this update to the ledger and answer with [`Call::recorded`].
    Record(LedgerUpdate),
    /// The server rejected the credential (401): refresh it (ask the token provider again) and
    /// answer with [`Call::auth_refreshed`]; asked at most once per call.
    RefreshAuth,
    /// Send this request (adding the credential) and answer with [`Call::handle`] or
    /// [`Call::handle_transport_error`].
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

/// A change to the ledger that a call's outcome requires.
#[derive(Clone, Debug, PartialEq)]
pub enum LedgerUpdate {
    /// Give back a reservation whose request provably never reached the server.
    Refund(Reservation),
    /// Apply what the server said about its budget (a 429's block, `X-RateLimit-Remaining`).
    Correct {
        /// The plan of the request the server answered.
        plan: Arc<MeterPlan>,
        /// What it said.
        correction: Correction,
        /// When.
        at: Timestamp,
    },
}

impl LedgerUpdate {
    /// Applies the update to an in-memory ledger (drivers with a store of their own apply it
    /// there; the core never calls a store).
    pub fn apply_in_memory(&self, ledger: &mut crate::quota::MemoryLedger) -> crate::Result<()> {
        match self {
            LedgerUpdate::Refund(r) => ledger.refund(r),
            LedgerUpdate::Correct {
                plan,
                correction,
                at,
            } => ledger.correct(plan, correction, *at),
        }
    }
}

enum State {
    Ready,
    InFlight(Reservation),
    Finished(Result<Response, Error>),
    Over,
}

/// The effect the call has asked for and not had answered yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Awaiting {
    Nothing,
    Reservation(Timestamp),
    Record,
    AuthRefresh,
}

impl Awaiting {
    fn answer_name(self) -> &'static str {
        match self {
            Awaiting::Nothing => "nothing",
            Awaiting::Reservation(_) => "reserved()",
            Awaiting::Record => "recorded()",
            Awaiting::AuthRefresh => "auth_refreshed()",
        }
    }
}

/// A prepared, validated call.
pub struct Call {
    endpoint: String,
    kind: RequestKind,
    idempotent: bool,
    request: Request,
    plan: Arc<MeterPlan>,
    retry: RetryPolicy,
    wait: WaitPolicy,
    signals: ServerSignals,
    errors: ErrorShape,
    state: State,
    awaiting: Awaiting,
    /// The ledger's answer to the last reservation, decided at the next poll.
    decision: Option<(Result<Decision, Error>, Timestamp)>,
    attempts: u32,
    /// Time told to stay away by 429s so far (a read keeps honouring them up to a budget).
    throttled: Duration,
    not_before: Option<Timestamp>,
    started: Option<Timestamp>,
    pending: std::collections::VecDeque<LedgerUpdate>,
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
    pub plan: Arc<MeterPlan>,
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
            awaiting: Awaiting::Nothing,
            decision: None,
            attempts: 0,
            throttled: Duration::ZERO,
            not_before: None,
            started: None,
            pending: std::collections::VecDeque::new(),
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

    /// Whether `poll` has returned `Done` or `Fail`.
    pub fn is_over(&self) -> bool {
        matches!(self.state, State::Over)
    }

    /// Ends the call with a contract violation, reported by the next `poll`.
    fn misused(&mut self, what: String) {
        self.awaiting = Awaiting::Nothing;
        self.decision = None;
        self.pending.clear();
        self.state = State::Finished(Err(misuse(&self.endpoint, &what)));
    }

    /// Advances the call: asks for the next effect, asks to wait, or ends.
    pub fn poll(&mut self, now: Timestamp) -> Poll {
        if matches!(self.state, State::Over) {
            return Poll::Fail(misuse(
                &self.endpoint,
                "poll() was called after the call ended",
            ));
        }
        let unanswered = match (self.awaiting, &self.state) {
            (Awaiting::Nothing, State::InFlight(_)) => Some("handle() or handle_transport_error()"),
            (Awaiting::Nothing, _) => None,
            (a, _) => Some(a.answer_name()),
        };
        if let Some(answer) = unanswered {
            self.state = State::Over;
            self.awaiting = Awaiting::Nothing;
            return Poll::Fail(misuse(
                &self.endpoint,
                &format!(
                    "poll() was called before the last effect was answered with {answer}; the call is over"
                ),
            ));
        }
        if let Some(update) = self.pending.pop_front() {
            self.awaiting = Awaiting::Record;
            return Poll::Record(update);
        }
        if std::mem::take(&mut self.wants_auth_refresh) {
            self.awaiting = Awaiting::AuthRefresh;
            return Poll::RefreshAuth;
        }
        match std::mem::replace(&mut self.state, State::Over) {
            State::Finished(Ok(response)) => Poll::Done(response),
            State::Finished(Err(error)) => Poll::Fail(error),
            State::InFlight(_) | State::Over => unreachable!("checked above"),
            State::Ready => {
                self.state = State::Ready;
                match self.decision.take() {
                    Some((decision, at)) => self.decide(decision, at, now),
                    None => self.poll_ready(now),
                }
            }
        }
    }

    /// Answers `Poll::Reserve` with the ledger's decision (or its failure).
    pub fn reserved(&mut self, decision: Result<Decision, Error>) {
        match self.awaiting {
            Awaiting::Reservation(at) => {
                self.awaiting = Awaiting::Nothing;
                self.decision = Some((decision, at));
            }
            other => self.misused(format!(
                "reserved() was called but the call asked for {}",
                other.answer_name()
            )),
        }
    }

    /// Answers `Poll::Record`: the update was applied (or the ledger failed, which ends the call).
    pub fn recorded(&mut self, result: Result<(), Error>) {
        if self.awaiting != Awaiting::Record {
            let asked = self.awaiting.answer_name();
            return self.misused(format!(
                "recorded() was called but the call asked for {asked}"
            ));
        }
        self.awaiting = Awaiting::Nothing;
        if let Err(e) = result {
            self.pending.clear();
            self.state = State::Finished(Err(e));
        }
    }

    /// Answers `Poll::RefreshAuth`: a fresh credential is in place (or none could be had, which
    /// ends the call).
    pub fn auth_refreshed(&mut self, result: Result<(), Error>) {
        if self.awaiting != Awaiting::AuthRefresh {
            let asked = self.awaiting.answer_name();
            return self.misused(format!(
                "auth_refreshed() was called but the call asked for {asked}"
            ));
        }
        self.awaiting = Awaiting::Nothing;
        if let Err(e) = result {
            self.state = State::Finished(Err(e));
        }
    }

    fn poll_ready(&mut self, now: Timestamp) -> Poll {
        self.started.get_or_insert(now);
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
        self.awaiting = Awaiting::Reservation(now);
        Poll::Reserve {
            plan: self.plan.clone(),
            at: now,
        }
    }

    /// Acts on the ledger's answer to a reservation made at `at`.
    fn decide(&mut self, decision: Result<Decision, Error>, at: Timestamp, now: Timestamp) -> Poll {
        let started = self.started.unwrap_or(at);
        let now = now.max(at);
        let decision = match decision {
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
            return self.misused("handle() was called with no request in flight".into());
        };
        if let (Some(header), Some(window)) = (
            &self.signals.remaining_header,
            &self.signals.remaining_window,
        ) && let Some(remaining) = response
            .header(header)
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            self.pending.push_back(LedgerUpdate::Correct {
                plan: self.plan.clone(),
                correction: Correction::Remaining {
                    window: window.clone(),
                    remaining,
                },
                at: now,
            });
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
            // Without Retry-After, the server's rate window is taken as full for its whole
            // length (every process sharing the ledger then waits, instead of each finding
            // the 429 for itself); a plan without a rate window backs off.
            let asked = match retry_after {
                Some(wait) => now.plus(wait),
                None => match crate::quota::engine::shortest_blockable_rate_ms(&self.plan) {
                    Some(period_ms) => now.add_millis(period_ms),
                    None => now.plus(self.backoff()),
                },
            };
            // A Retry-After past anything the policy can justify (the longest window this
            // request is in, or its next calendar reset) is capped there.
            let bound = crate::quota::engine::plan_block_bound(&self.plan, now)
                .unwrap_or_else(|| now.plus(self.retry.max_delay));
            let until = asked.min(bound);
            self.pending.push_back(LedgerUpdate::Correct {
                plan: self.plan.clone(),
                correction: Correction::Blocked {
                    until,
                    asked: (asked > until).then_some(asked),
                },
                at: now,
            });
            // Another process spending the same key can keep the server answering 429: a read
            // is safe to repeat, so it keeps honouring Retry-After up to the caller's
            // `max_wait` (default: the longest rate window), not just a few attempts.
            self.throttled = self.throttled.saturating_add(until.since(now));
            let budget = self.wait.max_wait.unwrap_or_else(|| {
                Duration::from_millis(crate::quota::engine::longest_rate_ms(&self.plan).max(60_000))
            });
            let may_retry = self.attempts < self.retry.max_attempts
                || (self.idempotent && self.throttled <= budget);
            if may_retry {
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
            other => {
                self.state = other;
                return self.misused(
                    "handle_transport_error() was called with no request in flight".into(),
                );
            }
        };
        let can_retry = self.attempts < self.retry.max_attempts;
        match failure {
            TransportFailure::NotSent(why) => {
                self.pending.push_back(LedgerUpdate::Refund(reservation));
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
            TransportFailure::TooLarge(limit) if self.idempotent => {
                let e = Error::transport(
                    "response_too_large",
                    format!(
                        "{}: the answer was larger than {limit} bytes, the most this client reads (max_response_bytes); reading stopped there and the request is not repeated",
                        self.endpoint
                    ),
                );
                self.state = State::Finished(Err(e));
            }
            TransportFailure::TooLarge(limit) => {
                let e = Error::transport(
                    "write_outcome_unknown",
                    format!(
                        "{}: the server's answer was larger than {limit} bytes (max_response_bytes) and was not read; the write may or may not have been applied, so it is not repeated blindly",
                        self.endpoint
                    ),
                );
                self.state = State::Finished(Err(e));
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
        let mut what = message.unwrap_or_else(|| fallback.to_string());
        if (300..400).contains(&response.status) {
            // Redirects are never followed (the key would go along); say where it pointed.
            what = match response.header("location") {
                Some(to) => format!(
                    "a redirect to {to}, not followed (a redirect could carry the credential elsewhere)"
                ),
                None => "a redirect without a Location, not followed".into(),
            };
        }
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
