//! The flat `pacer_sdk::Error` as Python exceptions (DESIGN §5), mapped through the error table
//! (`pacer_sdk::surface::errors`): one class per kind under the base class, named as the table
//! names them, each error raised with every field of the table as an attribute. Messages never
//! contain credentials (the core guarantees it); nothing here adds any.

use std::cell::RefCell;
use std::ffi::CString;

use pacer_sdk::surface::errors::{BASE_CLASS, FIELDS, KINDS};
use pacer_sdk_core::{Error, ErrorKind, FieldError};
use pyo3::exceptions::{PyException, PyNotImplementedError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyType};

use crate::convert::opt_timestamp_to_py;

/// The exception classes, created from the table by [`register`] (immutable once made).
struct Classes {
    base: Py<PyType>,
    kinds: Vec<(ErrorKind, Py<PyType>)>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

fn new_class<'py>(
    py: Python<'py>,
    name: &str,
    doc: &str,
    base: &Bound<'py, PyType>,
) -> PyResult<Bound<'py, PyType>> {
    let text = |s: String| CString::new(s).map_err(|e| PyErr::new::<PyException, _>(e.to_string()));
    let class = PyErr::new_type(
        py,
        &text(format!("pacer_sdk.{name}"))?,
        Some(&text(doc.to_string())?),
        Some(base),
        None,
    )?;
    Ok(class.into_bound(py))
}

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

    /// The same path as Python spells record attributes: the API's spelling, equal to `field`.
    #[getter]
    fn property(&self) -> &str {
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

/// The value of the table's field `name` for `e`.
fn field<'py>(py: Python<'py>, e: &Error, name: &str) -> PyResult<Bound<'py, PyAny>> {
    use pyo3::IntoPyObjectExt;
    match name {
        "kind" => e.kind.as_str().into_bound_py_any(py),
        "code" => e.code.as_str().into_bound_py_any(py),
        "message" => e.message.as_str().into_bound_py_any(py),
        "status" => e.status.into_bound_py_any(py),
        "body" => e.body.as_deref().into_bound_py_any(py),
        "errors" => {
            let errors = PyList::empty(py);
            for fe in &e.errors {
                errors.append(Bound::new(py, PyFieldError { inner: fe.clone() })?)?;
            }
            Ok(errors.into_any())
        }
        "retry_after" => e.retry_after.map(|d| d.as_secs_f64()).into_bound_py_any(py),
        "resets_at" => opt_timestamp_to_py(py, e.resets_at)?.into_bound_py_any(py),
        "scope" => e.scope.as_deref().into_bound_py_any(py),
        // Fails every error loudly (the conformance test raises each code), so a field added
        // to the table cannot go missing here unnoticed.
        other => Err(PyNotImplementedError::new_err(format!(
            "the error field {other} has no Python conversion"
        ))),
    }
}

fn with_fields(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    let classes = CLASSES
        .get(py)
        .ok_or_else(|| PyErr::new::<PyException, _>(e.to_string()))?;
    let class = classes
        .kinds
        .iter()
        .find(|(k, _)| *k == e.kind)
        .map_or(&classes.base, |(_, c)| c);
    let err = PyErr::from_type(class.bind(py).clone(), (e.to_string(),));
    let value = err.value(py);
    for f in FIELDS {
        value.setattr(f.name, field(py, e, f.name)?)?;
    }
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

/// The exception an error of `kind` with `code` and `message` is raised as (for the
/// conformance test, which checks every code of the table against its class).
#[pyfunction]
fn _error(py: Python<'_>, kind: &str, code: &str, message: &str) -> PyResult<Py<PyAny>> {
    let kind = KINDS
        .iter()
        .map(|(k, _, _)| *k)
        .find(|k| k.as_str() == kind)
        .ok_or_else(|| PyErr::new::<PyException, _>(format!("no error kind {kind}")))?;
    Ok(to_pyerr(py, Error::new(kind, code, message))
        .into_value(py)
        .into_any())
}

/// Creates the exception classes from the table and adds them and `FieldError` to `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let fields: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
    let doc = format!(
        "Every pacer failure. Attributes: {} (None where they do not apply; retry_after in seconds).",
        fields.join(", ")
    );
    let base = new_class(py, BASE_CLASS, &doc, &py.get_type::<PyException>())?;
    m.add(BASE_CLASS, &base)?;
    let mut kinds = Vec::new();
    for (kind, name, doc) in KINDS {
        let class = new_class(py, name, doc, &base)?;
        m.add(*name, &class)?;
        kinds.push((*kind, class.unbind()));
    }
    let _ = CLASSES.set(
        py,
        Classes {
            base: base.unbind(),
            kinds,
        },
    );
    m.add_class::<PyFieldError>()?;
    m.add_function(wrap_pyfunction!(_error, m)?)?;
    Ok(())
}
