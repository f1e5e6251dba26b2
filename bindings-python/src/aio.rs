//! pacer futures as asyncio awaitables: the future runs on the pacer runtime, and its outcome
//! is handed to the caller's event loop with `call_soon_threadsafe`. Cancelling the asyncio
//! future aborts the pacer task.

use std::future::Future;

use pacer_sdk_core::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tokio::task::AbortHandle;

use crate::errors::to_pyerr;
use crate::runtime::runtime;

static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Sets an asyncio future's outcome unless it was cancelled meanwhile.
#[pyfunction]
fn _resolve(future: &Bound<'_, PyAny>, ok: bool, value: &Bound<'_, PyAny>) -> PyResult<()> {
    if future.call_method0("done")?.is_truthy()? {
        return Ok(());
    }
    if ok {
        future.call_method1("set_result", (value,))?;
    } else {
        future.call_method1("set_exception", (value,))?;
    }
    Ok(())
}

/// Aborts the pacer task of an asyncio future that was cancelled.
#[pyclass(frozen, module = "pacer_sdk._native")]
struct Canceller {
    handle: AbortHandle,
}

#[pymethods]
impl Canceller {
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future.call_method0("cancelled")?.is_truthy()? {
            self.handle.abort();
        }
        Ok(())
    }
}

/// The running event loop and a new future on it.
pub fn new_future(py: Python<'_>) -> PyResult<(Bound<'_, PyAny>, Bound<'_, PyAny>)> {
    let get_loop = GET_RUNNING_LOOP.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("asyncio")?.getattr("get_running_loop")?.unbind())
    })?;
    let event_loop = get_loop.bind(py).call0()?;
    let future = event_loop.call_method0("create_future")?;
    Ok((event_loop, future))
}

/// An already-resolved awaitable (for values at hand, such as a buffered record).
pub fn ready<'py>(py: Python<'py>, value: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let (_, future) = new_future(py)?;
    future.call_method1("set_result", (value,))?;
    Ok(future)
}

/// An already-failed awaitable.
pub fn failed<'py>(py: Python<'py>, err: PyErr) -> PyResult<Bound<'py, PyAny>> {
    let (_, future) = new_future(py)?;
    future.call_method1("set_exception", (err.into_value(py),))?;
    Ok(future)
}

/// Runs `fut` on the pacer runtime and returns an asyncio future of `convert(output)`.
/// Must be called from a coroutine (a running event loop).
pub fn spawn<'py, T, Fut, C>(py: Python<'py>, fut: Fut, convert: C) -> PyResult<Bound<'py, PyAny>>
where
    T: Send + 'static,
    Fut: Future<Output = Result<T, Error>> + Send + 'static,
    C: FnOnce(Python<'_>, T) -> PyResult<Py<PyAny>> + Send + 'static,
{
    spawn_py(
        py,
        async move { fut.await.map_err(Outcome::Pacer) },
        convert,
    )
}

/// Why an awaited operation failed: a pacer error, or a Python exception already made.
pub enum Outcome {
    /// A pacer error (mapped to its exception class).
    Pacer(Error),
    /// A Python exception (e.g. `StopAsyncIteration`).
    Python(PyErr),
}

/// Like [`spawn`], for futures that may also fail with a Python exception.
pub fn spawn_py<'py, T, Fut, C>(
    py: Python<'py>,
    fut: Fut,
    convert: C,
) -> PyResult<Bound<'py, PyAny>>
where
    T: Send + 'static,
    Fut: Future<Output = Result<T, Outcome>> + Send + 'static,
    C: FnOnce(Python<'_>, T) -> PyResult<Py<PyAny>> + Send + 'static,
{
    let (event_loop, future) = new_future(py)?;
    let (event_loop_ref, future_ref) = (event_loop.unbind(), future.clone().unbind());
    let task = runtime().spawn(async move {
        let outcome = fut.await;
        Python::attach(|py| {
            let result = match outcome {
                Ok(value) => convert(py, value),
                Err(Outcome::Pacer(e)) => Err(to_pyerr(py, e)),
                Err(Outcome::Python(e)) => Err(e),
            };
            let (ok, value) = match result {
                Ok(v) => (true, v),
                Err(e) => (false, e.into_value(py).into_any()),
            };
            let resolve = match wrap_pyfunction!(_resolve, py) {
                Ok(f) => f,
                Err(_) => return,
            };
            // A closed loop means nobody awaits this any more: nothing to report to.
            let _ = event_loop_ref.call_method1(
                py,
                "call_soon_threadsafe",
                (resolve, future_ref, ok, value),
            );
        });
    });
    future.call_method1(
        "add_done_callback",
        (Canceller {
            handle: task.abort_handle(),
        },),
    )?;
    Ok(future)
}

/// Registers the helper classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Canceller>()?;
    Ok(())
}
