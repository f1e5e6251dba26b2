//! The flat `pacer_sdk::Error` as Python exceptions (DESIGN §5): one class per kind under
//! `PacerError`, every field kept as an attribute. Messages never contain credentials (the
//! core guarantees it); nothing here adds any.

use std::cell::RefCell;

use pacer_sdk_core::{Error, ErrorKind, FieldError};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::convert::opt_timestamp_to_py;

create_exception!(
    pacer_sdk,
    PacerError,
    PyException,
    "Every pacer failure. Attributes: kind, code, message, status, body, errors, retry_after (seconds), resets_at, scope."
);
create_exception!(
    pacer_sdk,
    ValidationError,
    PacerError,
    "Bad input, caught before any request was sent or quota spent; `.errors` lists every field error."
);
create_exception!(
    pacer_sdk,
    QuotaExhausted,
    PacerError,
    "A quota window is spent (or the wait is longer than allowed); see `.resets_at`, `.retry_after`, `.scope`."
);
create_exception!(
    pacer_sdk,
    ApiError,
    PacerError,
    "The server answered with an error status; `.status` and the raw `.body` are kept."
);
create_exception!(
    pacer_sdk,
    TransportError,
    PacerError,
    "The request could not be delivered, or its outcome is unknown."
);
create_exception!(
    pacer_sdk,
    ConfigError,
    PacerError,
    "The client configuration is unusable (missing key, bad URL, unknown endpoint, bad ledger...)."
);
create_exception!(
    pacer_sdk,
    WebhookError,
    PacerError,
    "A webhook delivery failed verification or parsing."
);

/// The stable code of the error that stops a wait interrupted by a Python signal.
pub const INTERRUPTED: &str = "interrupted";

thread_local! {
    /// The Python exception (e.g. `KeyboardInterrupt`) raised by a signal handler while this
    /// thread waited inside a blocking call; re-raised as is when the call returns.
    static PENDING_SIGNAL: RefCell<Option<PyErr>> = const { RefCell::new(None) };
}

/// Keeps the exception a signal handler raised during a wait on this thread.
pub fn stash_signal(err: PyErr) {
    PENDING_SIGNAL.with(|p| *p.borrow_mut() = Some(err));
}

/// Forgets a stashed exception (before a new blocking call starts).
pub fn clear_signal() {
    PENDING_SIGNAL.with(|p| p.borrow_mut().take());
}

/// One rule broken by one field.
#[pyclass(frozen, eq, module = "pacer_sdk", name = "FieldError")]
#[derive(Clone, PartialEq)]
pub struct PyFieldError {
    inner: FieldError,
}

#[pymethods]
impl PyFieldError {
    /// A field error: `field` broke `rule`, explained by `message`.
    #[new]
    fn new(field: String, rule: String, message: String) -> Self {
        PyFieldError {
            inner: FieldError::new(field, rule, message),
        }
    }

    /// Pickling rebuilds it from its three texts (errors cross process boundaries).
    fn __getnewargs__(&self) -> (String, String, String) {
        (
            self.inner.field.clone(),
            self.inner.rule.clone(),
            self.inner.message.clone(),
        )
    }

    /// Path of the offending field or parameter, e.g. `ship_to.country` or `line_items[2].quantity`.
    #[getter]
    fn field(&self) -> &str {
        &self.inner.field
    }

    /// Stable rule name, e.g. `required`, `format.email`, `history_window`.
    #[getter]
    fn rule(&self) -> &str {
        &self.inner.rule
    }

    /// A sentence a person can act on.
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        crate::convert::py_repr_of!(
            py,
            "FieldError",
            field = self.field(),
            rule = self.rule(),
            message = self.message(),
        )
    }
}

fn class_for(kind: ErrorKind) -> fn(String) -> PyErr {
    match kind {
        ErrorKind::Validation => ValidationError::new_err,
        ErrorKind::Quota => QuotaExhausted::new_err,
        ErrorKind::Api => ApiError::new_err,
        ErrorKind::Transport => TransportError::new_err,
        ErrorKind::Config => ConfigError::new_err,
        ErrorKind::Webhook => WebhookError::new_err,
    }
}

fn with_fields(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    let err = class_for(e.kind)(e.to_string());
    let value = err.value(py);
    value.setattr("kind", e.kind.as_str())?;
    value.setattr("code", &e.code)?;
    value.setattr("message", &e.message)?;
    value.setattr("status", e.status)?;
    value.setattr("body", e.body.as_deref())?;
    let errors = PyList::empty(py);
    for fe in &e.errors {
        errors.append(Bound::new(py, PyFieldError { inner: fe.clone() })?)?;
    }
    value.setattr("errors", errors)?;
    value.setattr("retry_after", e.retry_after.map(|d| d.as_secs_f64()))?;
    value.setattr("resets_at", opt_timestamp_to_py(py, e.resets_at)?)?;
    value.setattr("scope", e.scope.as_deref())?;
    Ok(err)
}

/// The Python exception for a pacer error: the class of its kind with every field set, or the
/// signal's own exception (`KeyboardInterrupt`) when a signal interrupted the wait.
pub fn to_pyerr(py: Python<'_>, e: Error) -> PyErr {
    if e.code == INTERRUPTED
        && let Some(signal) = PENDING_SIGNAL.with(|p| p.borrow_mut().take())
    {
        return signal;
    }
    with_fields(py, &e).unwrap_or_else(|failure| failure)
}

/// Registers the exception classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("PacerError", py.get_type::<PacerError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("QuotaExhausted", py.get_type::<QuotaExhausted>())?;
    m.add("ApiError", py.get_type::<ApiError>())?;
    m.add("TransportError", py.get_type::<TransportError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("WebhookError", py.get_type::<WebhookError>())?;
    m.add_class::<PyFieldError>()?;
    Ok(())
}
