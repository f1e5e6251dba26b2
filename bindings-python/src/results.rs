//! What calls return: the records of a list (`Records`, `AsyncRecords`, walking the pager page
//! by page), the outcome of a write (`Written`), journal entries, quota windows and forecasts.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use pacer_sdk::{JournalEntry, block_on};
use pacer_sdk_core::Error;
use pacer_sdk_core::paging::PagerPosition;
use pacer_sdk_core::quota::{Forecast, WindowUsage};
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyType};
use serde_json::Value;

use crate::aio::{self, Outcome};
use crate::convert::{
    decode_error, duration_to_py, json_to_py, opt_timestamp_to_py, py_repr_of, timestamp_to_py,
};
use crate::errors::to_pyerr;
use crate::records::{Decoded, Decoder};
use crate::runtime::blocking;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The walk through a list, with the decoded records of the last page not yet handed out.
pub struct RecordsState {
    pages: Option<pacer_sdk::PageStream>,
    decoder: Decoder,
    buffer: VecDeque<Result<Decoded, Error>>,
    /// Where the walk stands after the last page (a lock never held across I/O, so the
    /// Python side reads it while another thread waits for a page).
    pub(crate) position: Arc<Mutex<PagerPosition>>,
}

impl RecordsState {
    /// The walk of `pages`, decoding each record with `decoder`.
    pub fn new(pages: pacer_sdk::PageStream, decoder: Decoder) -> RecordsState {
        RecordsState {
            position: Arc::new(Mutex::new(pages.position().clone())),
            pages: Some(pages),
            decoder,
            buffer: VecDeque::new(),
        }
    }

    /// Files a fetched page (or the error that ended the walk) into the buffer.
    fn take_page(&mut self, page: Option<Result<pacer_sdk_core::envelope::ListPage, Error>>) {
        if let Some(pages) = &self.pages {
            *lock(&self.position) = pages.position().clone();
        }
        match page {
            Some(Ok(page)) => {
                let decoder = self.decoder;
                self.buffer.extend(page.items.into_iter().map(|raw| {
                    decoder
                        .decode(raw.into())
                        .map_err(|e| decode_error("a record", e))
                }));
            }
            Some(Err(e)) => {
                self.pages = None;
                self.buffer.push_back(Err(e));
            }
            None => self.pages = None,
        }
    }

    /// The next record, fetching pages as needed; `None` at the end of the list.
    fn next_blocking(&mut self) -> Option<Result<Decoded, Error>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(item);
            }
            let pages = self.pages.as_mut()?;
            let page = block_on(pages.next_page());
            self.take_page(page);
        }
    }

    async fn next_async(&mut self) -> Option<Result<Decoded, Error>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(item);
            }
            let pages = self.pages.as_mut()?;
            let page = pages.next_page().await;
            self.take_page(page);
        }
    }
}

/// How far a list has got: shared by `Records` and `AsyncRecords`, which read the same pager.
#[pyclass(frozen, subclass, module = "pacer_sdk")]
pub struct ListProgress {
    pub(crate) position: Arc<Mutex<PagerPosition>>,
}

#[pymethods]
impl ListProgress {
    /// Whether the server cut the list short: a capped list (Synq's products at 100,
    /// its audit log at 50) came back full, so more records exist than were returned.
    #[getter]
    fn truncated(&self) -> bool {
        lock(&self.position).truncated
    }
    /// Why the walk ended (`total_reached`, `empty_page`, `capped`...), None while it goes on.
    #[getter]
    fn end_reason(&self) -> Option<String> {
        lock(&self.position).end_reason.clone()
    }
    /// The total the server announced, if it did.
    #[getter]
    fn total(&self) -> Option<u64> {
        lock(&self.position).total
    }
    /// Pages fetched so far.
    #[getter]
    fn pages(&self) -> u64 {
        lock(&self.position).pages
    }
    /// Records received so far (including those not yet iterated).
    #[getter]
    fn seen(&self) -> u64 {
        lock(&self.position).seen
    }
    /// Whether every page has been fetched.
    #[getter]
    fn done(&self) -> bool {
        lock(&self.position).done
    }
}

/// The records of a list or search, fetched page by page as iteration needs them.
///
/// After iterating, `truncated` says whether the server cut the list short.
#[pyclass(frozen, extends = ListProgress, module = "pacer_sdk")]
pub struct Records {
    pub(crate) state: Mutex<RecordsState>,
}

#[pymethods]
impl Records {
    fn __iter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    /// `Records[Job]` in annotations evaluated at run time (the stubs make it generic).
    #[classmethod]
    fn __class_getitem__(cls: &Bound<'_, PyType>, _item: &Bound<'_, PyAny>) -> Py<PyType> {
        cls.clone().unbind()
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        // A record already fetched needs no wait; `try_lock` never blocks while holding the GIL.
        if let Ok(mut state) = self.state.try_lock()
            && let Some(item) = state.buffer.pop_front()
        {
            drop(state);
            return item.map_err(|e| to_pyerr(py, e))?.into_py(py).map(Some);
        }
        let state = &self.state;
        let next = blocking(py, move || Ok(lock(state).next_blocking()))?;
        match next {
            None => Ok(None),
            Some(item) => item.map_err(|e| to_pyerr(py, e))?.into_py(py).map(Some),
        }
    }

    /// Reads every remaining record into a list (for small lists; iterate large ones).
    fn to_list<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(slf.py());
        for item in slf.try_iter()? {
            list.append(item?)?;
        }
        Ok(list)
    }

    fn __repr__(&self) -> String {
        match self.state.try_lock() {
            Ok(state) => match &state.pages {
                Some(p) => format!(
                    "<pacer.Records: {} records in {} pages so far ({} buffered)>",
                    p.position().seen,
                    p.position().pages,
                    state.buffer.len()
                ),
                None => format!("<pacer.Records done ({} buffered)>", state.buffer.len()),
            },
            Err(_) => "<pacer.Records (busy)>".to_string(),
        }
    }
}

/// The records of a list or search as an async iterator (`async for`).
///
/// After iterating, `truncated` says whether the server cut the list short.
#[pyclass(frozen, extends = ListProgress, module = "pacer_sdk")]
pub struct AsyncRecords {
    pub(crate) state: Arc<tokio::sync::Mutex<RecordsState>>,
}

#[pymethods]
impl AsyncRecords {
    fn __aiter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    /// `AsyncRecords[Job]` in annotations evaluated at run time.
    #[classmethod]
    fn __class_getitem__(cls: &Bound<'_, PyType>, _item: &Bound<'_, PyAny>) -> Py<PyType> {
        cls.clone().unbind()
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        if let Ok(mut state) = self.state.try_lock() {
            if let Some(item) = state.buffer.pop_front() {
                drop(state);
                return match item {
                    Ok(decoded) => aio::ready(py, decoded.into_py(py)?.into_bound(py)),
                    Err(e) => aio::failed(py, to_pyerr(py, e)),
                }
                .map(Some);
            }
            if state.pages.is_none() {
                return Ok(None);
            }
        }
        let state = self.state.clone();
        aio::spawn_py(
            py,
            async move {
                match state.lock().await.next_async().await {
                    Some(Ok(decoded)) => Ok(decoded),
                    Some(Err(e)) => Err(Outcome::Pacer(e)),
                    None => Err(Outcome::Python(PyStopAsyncIteration::new_err(()))),
                }
            },
            |py, decoded| decoded.into_py(py),
        )
        .map(Some)
    }

    fn __repr__(&self) -> String {
        match self.state.try_lock() {
            Ok(state) => format!(
                "<pacer.AsyncRecords {} ({} buffered)>",
                if state.pages.is_some() {
                    "open"
                } else {
                    "done"
                },
                state.buffer.len()
            ),
            Err(_) => "<pacer.AsyncRecords (busy)>".to_string(),
        }
    }
}

/// The outcome of a create or update.
#[pyclass(frozen, module = "pacer_sdk")]
pub struct Written {
    pub(crate) inner: pacer_sdk::Written,
    /// Decodes the answer into the endpoint's record type.
    pub(crate) decoder: Decoder,
}

#[pymethods]
impl Written {
    /// The answer as a typed record of the endpoint's type (e.g. `pacer.salync.Product`,
    /// `pacer.synq.OrderAccepted`); a dict for endpoints without a record type; None when
    /// the answer had no JSON object (or the write was reconciled by a lookup).
    #[getter]
    fn record(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let body = &self.inner.response.body;
        let Ok(text) = std::str::from_utf8(body) else {
            return Ok(None);
        };
        if !text.trim_start().starts_with('{') {
            return Ok(None);
        }
        match self.decoder.decode(text.into()) {
            Ok(decoded) => decoded.into_py(py).map(Some),
            Err(_) => Ok(None),
        }
    }

    /// The answer's JSON as plain Python data (None when the body was empty or not JSON).
    fn json<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match serde_json::from_slice::<Value>(&self.inner.response.body) {
            Ok(v) => json_to_py(py, &v).map(Some),
            Err(_) => Ok(None),
        }
    }

    /// Id of the created or updated record (int, or str when the server sends text).
    #[getter]
    fn id<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match serde_json::to_value(&self.inner.id) {
            Ok(Value::Null) | Err(_) => Ok(None),
            Ok(id) => json_to_py(py, &id).map(Some),
        }
    }

    /// The record's location URL, when the server gave one.
    #[getter]
    fn location(&self) -> Option<&str> {
        self.inner.location.as_deref()
    }

    /// True when the outcome was unknown and the record was found by a lookup.
    #[getter]
    fn reconciled(&self) -> bool {
        self.inner.reconciled
    }

    /// The journal entry of this write.
    #[getter]
    fn journal_id(&self) -> &str {
        &self.inner.journal_id
    }

    /// The HTTP status answered (200 when the write was reconciled by a lookup).
    #[getter]
    fn status(&self) -> u16 {
        self.inner.response.status
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        py_repr_of!(
            py,
            "Written",
            id = self.id(py)?,
            location = self.location(),
            reconciled = self.inner.reconciled,
            journal_id = self.journal_id(),
        )
    }
}

/// One journaled write.
#[pyclass(frozen, module = "pacer_sdk", name = "JournalEntry")]
pub struct PyJournalEntry {
    pub(crate) inner: JournalEntry,
}

#[pymethods]
impl PyJournalEntry {
    /// Unique id of the intent.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    /// Provider name.
    #[getter]
    fn provider(&self) -> &str {
        &self.inner.provider
    }
    /// Endpoint name, e.g. `sales_orders.create`.
    #[getter]
    fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }
    /// Endpoint plus its path arguments (records created in one scope are compared).
    #[getter]
    fn scope(&self) -> &str {
        &self.inner.scope
    }
    /// Path, query and body as sent (the body is the customer data).
    #[getter]
    fn args<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.args)
    }
    /// `pending`, `done`, `reconciled`, `unknown`, `not_applied` or `failed`.
    #[getter]
    fn state(&self) -> &'static str {
        self.inner.state.as_str()
    }
    /// Times it was sent.
    #[getter]
    fn attempts(&self) -> u32 {
        self.inner.attempts
    }
    /// Id of the record it created or updated, once known.
    #[getter]
    fn result_id(&self) -> Option<&str> {
        self.inner.result_id.as_deref()
    }
    /// Why it is in its state.
    #[getter]
    fn note(&self) -> Option<&str> {
        self.inner.note.as_deref()
    }
    /// When it was recorded.
    #[getter]
    fn created_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timestamp_to_py(py, self.inner.created_at)
    }
    /// When it last changed.
    #[getter]
    fn updated_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timestamp_to_py(py, self.inner.updated_at)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        py_repr_of!(
            py,
            "JournalEntry",
            id = self.id(),
            endpoint = self.endpoint(),
            state = self.state(),
            attempts = self.attempts(),
            result_id = self.result_id(),
        )
    }
}

/// The state of one quota window.
#[pyclass(frozen, module = "pacer_sdk")]
pub struct QuotaWindow {
    pub(crate) inner: WindowUsage,
}

#[pymethods]
impl QuotaWindow {
    /// Window id, e.g. `orders.GET.daily`.
    #[getter]
    fn window(&self) -> &str {
        &self.inner.window
    }
    /// Whose budget it counts (account and key fingerprint, never the key).
    #[getter]
    fn scope(&self) -> &str {
        &self.inner.scope
    }
    /// `rate`, `daily` or `monthly`.
    #[getter]
    fn kind(&self) -> &str {
        &self.inner.kind
    }
    /// Requests counted in the current period (rate: in the last interval).
    #[getter]
    fn used(&self) -> u64 {
        self.inner.used
    }
    /// The limit.
    #[getter]
    fn limit(&self) -> u64 {
        self.inner.limit
    }
    /// Requests left before the limit (0 when spent or in overage).
    #[getter]
    fn remaining(&self) -> u64 {
        self.inner.remaining
    }
    /// When the period resets (rate: when the oldest counted request leaves the window).
    #[getter]
    fn resets_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_timestamp_to_py(py, self.inner.resets_at)
    }
    /// Overage pace per overage period, for calendar windows that have one.
    #[getter]
    fn overage_limit(&self) -> Option<u64> {
        self.inner.overage_limit
    }
    /// Whether the window is spent and running at the overage pace.
    #[getter]
    fn in_overage(&self) -> bool {
        self.inner.in_overage
    }
    /// Until when the server blocks requests (after a 429), if it does.
    #[getter]
    fn blocked_until<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_timestamp_to_py(py, self.inner.blocked_until)
    }
    /// Whether this window is the one that limits the next request.
    #[getter]
    fn binding(&self) -> bool {
        self.inner.binding
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        py_repr_of!(
            py,
            "QuotaWindow",
            window = self.window(),
            scope = self.scope(),
            used = self.used(),
            limit = self.limit(),
            resets_at = self.inner.resets_at.map(|t| t.to_rfc3339()),
            in_overage = self.in_overage(),
            binding = self.binding(),
        )
    }
}

/// A workload forecast: when it would finish and which window binds (nothing is spent).
#[pyclass(frozen, module = "pacer_sdk", name = "Forecast")]
pub struct PyForecast {
    pub(crate) inner: Forecast,
}

#[pymethods]
impl PyForecast {
    /// When the workload starts.
    #[getter]
    fn start<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timestamp_to_py(py, self.inner.start)
    }
    /// When the last request can be sent; None when a stream is blocked by a spent window.
    #[getter]
    fn finish<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_timestamp_to_py(py, self.inner.finish)
    }
    /// Time from start to finish, when the workload completes.
    #[getter]
    fn duration<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .duration()
            .map(|d| duration_to_py(py, d))
            .transpose()
    }
    /// The window responsible for the most waiting (or the one that blocked).
    #[getter]
    fn binding_window(&self) -> Option<&str> {
        self.inner.binding_window.as_deref()
    }
    /// Waiting attributed to each window, in seconds.
    #[getter]
    fn wait_seconds<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.inner.wait_seconds {
            d.set_item(k, v)?;
        }
        Ok(d)
    }
    /// Per request kind: `kind`, `requested`, `scheduled`, `first_at`, `last_at`.
    #[getter]
    fn kinds<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for k in &self.inner.kinds {
            let d = PyDict::new(py);
            d.set_item("kind", k.kind.to_string())?;
            d.set_item("requested", k.requested)?;
            d.set_item("scheduled", k.scheduled)?;
            d.set_item("first_at", opt_timestamp_to_py(py, k.first_at)?)?;
            d.set_item("last_at", opt_timestamp_to_py(py, k.last_at)?)?;
            list.append(d)?;
        }
        Ok(list)
    }
    /// Streams stopped by a spent window: `kind`, `window`, `resets_at`.
    #[getter]
    fn blocked<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for b in &self.inner.blocked {
            let d = PyDict::new(py);
            d.set_item("kind", b.kind.to_string())?;
            d.set_item("window", &b.window)?;
            d.set_item("resets_at", timestamp_to_py(py, b.resets_at)?)?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// Everything above as a dict.
    fn to_dict<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(slf.py());
        for key in [
            "start",
            "finish",
            "duration",
            "binding_window",
            "wait_seconds",
            "kinds",
            "blocked",
        ] {
            d.set_item(key, slf.getattr(key)?)?;
        }
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        py_repr_of!(
            py,
            "Forecast",
            start = self.inner.start.to_rfc3339(),
            finish = self.inner.finish.map(|t| t.to_rfc3339()),
            binding_window = self.binding_window(),
        )
    }
}

/// Journal entries as a Python list.
pub fn journal_list(py: Python<'_>, entries: Vec<JournalEntry>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for entry in entries {
        list.append(Bound::new(py, PyJournalEntry { inner: entry })?)?;
    }
    Ok(list)
}

/// Registers the result classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Records>()?;
    m.add_class::<AsyncRecords>()?;
    m.add_class::<Written>()?;
    m.add_class::<PyJournalEntry>()?;
    m.add_class::<QuotaWindow>()?;
    m.add_class::<PyForecast>()?;
    Ok(())
}
