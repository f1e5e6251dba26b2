//! One flat error value for every failure, so each binding can map it mechanically (DESIGN §5).

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use crate::time::Timestamp;

/// Which part of the system refused or failed.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Bad input, caught before any request or quota was spent.
    Validation,
    /// A quota window is spent (or the wait for it is longer than the caller allows).
    Quota,
    /// The server answered with an error status; `status` and `body` are kept verbatim.
    Api,
    /// The request could not be delivered, or its outcome is unknown.
    Transport,
    /// The client or provider configuration is unusable (or the drive loop was misused).
    Config,
    /// A webhook delivery failed verification or parsing.
    Webhook,
}

impl ErrorKind {
    /// The stable lower-case name used by every binding.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::Quota => "quota",
            ErrorKind::Api => "api",
            ErrorKind::Transport => "transport",
            ErrorKind::Config => "config",
            ErrorKind::Webhook => "webhook",
        }
    }
}

/// One rule broken by one field; `field` is a path such as `ship_to.country` or `line_items[2].quantity`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Path of the offending field or parameter.
    pub field: String,
    /// Stable rule name, e.g. `required`, `format.email`, `history_window`.
    pub rule: String,
    /// A sentence a person can act on.
    pub message: String,
}

impl FieldError {
    /// Builds a field error.
    pub fn new(
        field: impl Into<String>,
        rule: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        FieldError {
            field: field.into(),
            rule: rule.into(),
            message: message.into(),
        }
    }
}

/// The flat error: kind, stable code, message, and the context that applies. Its fields are
/// read through `Deref` (`err.code`, `err.status`); the box keeps `Result` one pointer wide.
#[derive(Clone, PartialEq)]
pub struct Error(Box<ErrorInfo>);

/// The fields of an [`Error`].
#[derive(Clone, PartialEq, Serialize)]
pub struct ErrorInfo {
    /// Broad category.
    pub kind: ErrorKind,
    /// Stable machine-readable code, e.g. `validation_failed`, `quota_exhausted`, `http_404`.
    pub code: String,
    /// Human-readable description; never contains credentials.
    pub message: String,
    /// HTTP status, when the server answered.
    pub status: Option<u16>,
    /// Raw response body, when the server answered.
    pub body: Option<String>,
    /// Field-by-field validation failures (all of them, not just the first).
    pub errors: Vec<FieldError>,
    /// How long to wait before trying again, when known.
    #[serde(serialize_with = "ser_duration_secs")]
    pub retry_after: Option<Duration>,
    /// When the exhausted window resets, when known.
    pub resets_at: Option<Timestamp>,
    /// The quota scope (window and key) that refused, when relevant.
    pub scope: Option<String>,
}

fn ser_duration_secs<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&d.as_secs_f64()),
        None => s.serialize_none(),
    }
}

impl Error {
    /// A bare error of `kind` with a stable `code` and a message.
    pub fn new(kind: ErrorKind, code: impl Into<String>, message: impl Into<String>) -> Self {
        Error(Box::new(ErrorInfo {
            kind,
            code: code.into(),
            message: message.into(),
            status: None,
            body: None,
            errors: Vec::new(),
            retry_after: None,
            resets_at: None,
            scope: None,
        }))
    }

    /// The fields, owned.
    pub fn into_info(self) -> ErrorInfo {
        *self.0
    }

    /// A configuration error.
    pub fn config(code: &str, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Config, code, message)
    }

    /// A validation error carrying every field error found.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let summary = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ");
        let mut err = Error::new(
            ErrorKind::Validation,
            "validation_failed",
            format!(
                "invalid input ({} problem{}): {summary}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            ),
        );
        err.errors = errors;
        err
    }

    /// A validation error for a single field.
    pub fn invalid_field(field: &str, rule: &str, message: impl Into<String>) -> Self {
        Error::validation(vec![FieldError::new(field, rule, message)])
    }

    /// A server error response, keeping its status and raw body.
    pub fn api(status: u16, body: &[u8], message: impl Into<String>) -> Self {
        let code = match status {
            400 => "bad_request".to_string(),
            401 => "unauthorized".to_string(),
            403 => "forbidden".to_string(),
            404 => "not_found".to_string(),
            405 => "method_not_allowed".to_string(),
            409 => "conflict".to_string(),
            413 => "payload_too_large".to_string(),
            422 => "unprocessable".to_string(),
            429 => "rate_limited".to_string(),
            500..=599 => "server_error".to_string(),
            other => format!("http_{other}"),
        };
        let mut err = Error::new(ErrorKind::Api, code, message);
        err.status = Some(status);
        err.body = Some(String::from_utf8_lossy(body).into_owned());
        err
    }

    /// A transport failure (connection refused, timeout, reset).
    pub fn transport(code: &str, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Transport, code, message)
    }

    /// A webhook verification or parsing failure.
    pub fn webhook(code: &str, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Webhook, code, message)
    }

    /// Whether this is a validation error.
    pub fn is_validation(&self) -> bool {
        self.kind == ErrorKind::Validation
    }
}

impl std::ops::Deref for Error {
    type Target = ErrorInfo;
    fn deref(&self) -> &ErrorInfo {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut ErrorInfo {
        &mut self.0
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}/{}] {}", self.kind.as_str(), self.code, self.message)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        if let Some(at) = self.resets_at {
            write!(f, " (resets at {at})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.kind)
            .field("code", &self.code)
            .field("message", &self.message);
        if let Some(s) = self.status {
            d.field("status", &s);
        }
        if let Some(b) = &self.body {
            d.field("body", b);
        }
        if !self.errors.is_empty() {
            d.field("errors", &self.errors);
        }
        if let Some(r) = self.retry_after {
            d.field("retry_after", &r);
        }
        if let Some(r) = self.resets_at {
            d.field("resets_at", &r);
        }
        if let Some(s) = &self.scope {
            d.field("scope", s);
        }
        d.finish()
    }
}

impl std::error::Error for Error {}

/// Result alias used throughout pacer.
pub type Result<T, E = Error> = std::result::Result<T, E>;
