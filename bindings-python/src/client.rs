//! The native client behind `pacer.Syncore` and `pacer.AsyncSyncore`: a `pacer_sdk::Client` (the
//! provider-agnostic driver) with calls by endpoint name, and what those calls return.
//!
//! The Python facade binds `client.jobs.search(...)` to `search("jobs.search", path, query)`
//! from the endpoint descriptions `resources()` gives, so any provider spec works the same way.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use pacer_sdk::{
    ApiKey, Args, Client, ForecastOptions, JournalEntry, LockstepClock, RequestKind, TokenProvider,
    WriteState, block_on,
};
use pacer_sdk_core::paging::PagerPosition;
use pacer_sdk_core::quota::{Forecast, WindowUsage};
use pacer_sdk_core::{Error, spec::EndpointSpec};
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyType};
use serde_json::{Map, Value, json};

use crate::aio::{self, Outcome};
use crate::clock::ClockChoice;
use crate::convert::{
    decode_error, duration_from_py, duration_to_py, json_map_to_py, json_to_py,
    opt_timestamp_to_py, params_to_json, py_repr_of, py_to_json, timestamp_to_py,
};
use crate::errors::to_pyerr;
use crate::models::{Decoded, Decoder, decoder_for};
use crate::runtime::{blocking, interrupt_hook};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Everything needed to build (and, in a forked child, rebuild) the client.
#[derive(Clone)]
struct Settings {
    provider: String,
    api_key: Option<ApiKey>,
    /// A Python callable returning a bearer token (Synq), asked at first use and after a 401.
    token_provider: Option<Arc<Py<PyAny>>>,
    /// Values of the spec's configuration headers (`tenant_id`, `org_id` on Synq).
    header_values: Vec<(String, String)>,
    /// Join the emulator's lockstep virtual clock (concurrent workers in virtual time).
    lockstep: bool,
    /// The clock given as `clock=` (real time when none).
    clock: Option<ClockChoice>,
    user_agent: Option<String>,
    base_url: Option<String>,
    ledger: Option<String>,
    spec_overrides: Option<String>,
    page_size: Option<u64>,
    max_wait: Option<Duration>,
    wait_for_reset: bool,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    account: Option<String>,
    plan: Option<String>,
}

impl Settings {
    fn build(&self) -> Result<Client, Error> {
        let mut b = Client::builder(&self.provider).interrupt(interrupt_hook());
        if let Some(key) = &self.api_key {
            b = b.api_key(key.clone());
        }
        if let Some(callable) = &self.token_provider {
            b = b.token_provider(python_token_provider(callable.clone()));
        }
        for (key, value) in &self.header_values {
            b = b.header_value(key, value.clone());
        }
        if self.lockstep {
            let Some(url) = &self.base_url else {
                return Err(Error::invalid_field(
                    "lockstep",
                    "requires",
                    "lockstep needs the base_url of an emulator",
                ));
            };
            b = b.clock(Arc::new(LockstepClock::join(url)?));
        } else if let Some(choice) = &self.clock {
            b = b.clock(choice.resolve()?);
        }
        if let Some(ua) = &self.user_agent {
            b = b.user_agent(ua.clone());
        }
        if let Some(url) = &self.base_url {
            b = b.base_url(url.clone());
        }
        if let Some(ledger) = &self.ledger {
            b = b.ledger(ledger.clone());
        }
        if let Some(o) = &self.spec_overrides {
            b = b.spec_overrides(o.clone());
        }
        if self.timeout.is_some() || self.connect_timeout.is_some() {
            b = b.timeouts(
                self.timeout.unwrap_or(Duration::from_secs(60)),
                self.connect_timeout.unwrap_or(Duration::from_secs(10)),
            );
        }
        let s = self.clone();
        b.configure(move |c| {
            c.page_size = s.page_size;
            c.wait.max_wait = s.max_wait;
            c.wait.wait_for_reset = s.wait_for_reset;
            c.account = s.account;
            c.plan = s.plan;
        })
        .build()
    }
}

/// A token provider that calls a Python callable (with the GIL, from whichever thread needs a
/// token). Its failure is a config error naming the exception, never the token.
fn python_token_provider(callable: Arc<Py<PyAny>>) -> TokenProvider {
    Arc::new(move || {
        Python::attach(|py| {
            let bound = callable.bind(py);
            let token = bound.call0().map_err(|e| {
                let kind = e
                    .get_type(py)
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_else(|_| "exception".into());
                Error::config(
                    "token_provider_failed",
                    format!("the token provider raised {kind}: {}", e.value(py)),
                )
            })?;
            token.extract::<String>().map_err(|_| {
                let kind = token
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_else(|_| "object".into());
                Error::config(
                    "token_provider_failed",
                    format!("the token provider must return a str, not {kind}"),
                )
            })
        })
    })
}

/// The live client and the process that built it.
struct Live {
    pid: u32,
    client: Client,
}

/// A pacer client for one provider; the Python facade wraps it (`pacer.Syncore`).
#[pyclass(frozen, module = "pacer_sdk._native")]
pub struct NativeClient {
    settings: Settings,
    live: Mutex<Live>,
}

fn args(
    path: Option<&Bound<'_, PyDict>>,
    query: Option<&Bound<'_, PyDict>>,
    body: Option<&Bound<'_, PyAny>>,
) -> PyResult<Args> {
    Ok(Args {
        path: params_to_json(path)?,
        query: params_to_json(query)?,
        body: body.map(py_to_json).transpose()?,
    })
}

fn endpoint_info(spec: &pacer_sdk_core::ProviderSpec, ep: &EndpointSpec) -> Value {
    let path_params: Vec<&str> = ep
        .placeholders()
        .into_iter()
        .filter(|p| !spec.settings.contains_key(*p))
        .collect();
    let query_params: Vec<Value> = ep
        .params
        .iter()
        .map(|p| json!({"name": p.name, "type": p.ty, "required": p.required, "values": p.values}))
        .collect();
    json!({
        "endpoint": ep.name,
        "method": ep.method,
        "path": ep.path,
        "description": ep.description,
        "path_params": path_params,
        "query_params": query_params,
        "returns": ep.returns,
        "paged": ep.paging.is_some(),
        "body": ep.body,
        "confirmed": ep.confirmed,
        "availability": ep.availability,
    })
}

fn decode_one(decoder: Decoder, endpoint: &str, body: Vec<u8>) -> Result<Decoded, Error> {
    let text = String::from_utf8(body).map_err(|e| decode_error(endpoint, e))?;
    decoder(text.into_boxed_str()).map_err(|e| decode_error(endpoint, e))
}

impl NativeClient {
    /// The client for this process (rebuilt in a forked child: the parent's connections,
    /// runtime and SQLite handle must not be used there).
    fn client(&self) -> PyResult<Client> {
        let mut live = lock(&self.live);
        let pid = std::process::id();
        if live.pid != pid {
            let fresh = self
                .settings
                .build()
                .map_err(|e| Python::attach(|py| to_pyerr(py, e)))?;
            let inherited = std::mem::replace(&mut live.client, fresh);
            // Dropping it could close the parent's SQLite locks or join missing threads.
            std::mem::forget(inherited);
            live.pid = pid;
        }
        Ok(live.client.clone())
    }

    fn decoder(client: &Client, endpoint: &str) -> Decoder {
        let spec = client.api().spec();
        let returns = spec
            .endpoint(endpoint)
            .ok()
            .and_then(|ep| ep.returns.clone());
        decoder_for(&spec.name, returns.as_deref())
    }
}

fn journal_list(py: Python<'_>, entries: Vec<JournalEntry>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for entry in entries {
        list.append(Bound::new(py, PyJournalEntry { inner: entry })?)?;
    }
    Ok(list)
}

fn parse_states(states: Option<Vec<String>>) -> PyResult<Vec<WriteState>> {
    states
        .unwrap_or_default()
        .iter()
        .map(|s| {
            WriteState::parse(s).ok_or_else(|| {
                Python::attach(|py| {
                    to_pyerr(
                        py,
                        Error::invalid_field(
                            "states",
                            "enum",
                            format!("unknown write state {s:?} (pending, done, reconciled, unknown, not_applied, failed)"),
                        ),
                    )
                })
            })
        })
        .collect()
}

#[pymethods]
impl NativeClient {
    /// Builds a client: checks the configuration, opens the ledger, prepares the transport.
    #[new]
    #[pyo3(signature = (provider, *, api_key = None, user_agent = None, base_url = None, ledger = None,
        spec_overrides = None, page_size = None, max_wait = None, wait_for_reset = false,
        timeout = None, connect_timeout = None, account = None, plan = None,
        token_provider = None, header_values = None, lockstep = false, clock = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        provider: String,
        api_key: Option<String>,
        user_agent: Option<String>,
        base_url: Option<String>,
        ledger: Option<String>,
        spec_overrides: Option<String>,
        page_size: Option<u64>,
        max_wait: Option<&Bound<'_, PyAny>>,
        wait_for_reset: bool,
        timeout: Option<&Bound<'_, PyAny>>,
        connect_timeout: Option<&Bound<'_, PyAny>>,
        account: Option<String>,
        plan: Option<String>,
        token_provider: Option<Bound<'_, PyAny>>,
        header_values: Option<Vec<(String, String)>>,
        lockstep: bool,
        clock: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        if api_key.is_some() && token_provider.is_some() {
            return Err(to_pyerr(
                py,
                Error::invalid_field(
                    "token_provider",
                    "exclusive",
                    "give a token or a token_provider, not both",
                ),
            ));
        }
        if let Some(callable) = &token_provider
            && !callable.is_callable()
        {
            return Err(to_pyerr(
                py,
                Error::invalid_field(
                    "token_provider",
                    "type",
                    "token_provider must be a callable returning the token (a str)",
                ),
            ));
        }
        let settings = Settings {
            provider,
            api_key: api_key.map(ApiKey::new),
            token_provider: token_provider.map(|c| Arc::new(c.unbind())),
            header_values: header_values.unwrap_or_default(),
            lockstep,
            clock: clock.map(ClockChoice::from_py).transpose()?,
            user_agent,
            base_url,
            ledger,
            spec_overrides,
            page_size,
            max_wait: max_wait.map(duration_from_py).transpose()?,
            wait_for_reset,
            timeout: timeout.map(duration_from_py).transpose()?,
            connect_timeout: connect_timeout.map(duration_from_py).transpose()?,
            account,
            plan,
        };
        let s = settings.clone();
        let client = py.detach(move || s.build()).map_err(|e| to_pyerr(py, e))?;
        Ok(NativeClient {
            settings,
            live: Mutex::new(Live {
                pid: std::process::id(),
                client,
            }),
        })
    }

    /// The provider's name, e.g. `syncore`.
    #[getter]
    fn provider(&self) -> &str {
        &self.settings.provider
    }

    /// The base URL in use.
    #[getter]
    fn base_url(&self) -> PyResult<String> {
        Ok(self.client()?.api().base_url().as_str().to_string())
    }

    /// Where quota state and the write journal live.
    #[getter]
    fn ledger(&self) -> PyResult<String> {
        Ok(self.client()?.ledger_name().to_string())
    }

    /// The client's clock reading (an in-process emulator's virtual time when it has one).
    fn now<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timestamp_to_py(py, self.client()?.now())
    }

    /// The endpoints of the spec grouped by resource: a list of
    /// `{"attr", "name", "actions": {action: {...}}}` (aliases such as `all_sales_orders` too).
    fn resources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let client = self.client()?;
        let spec = client.api().spec();
        let mut order: Vec<String> = Vec::new();
        let mut by_name: Map<String, Value> = Map::new();
        for ep in &spec.endpoints {
            let name = ep.resource().to_string();
            let entry = by_name.entry(name.clone()).or_insert_with(|| {
                order.push(name.clone());
                json!({"attr": name, "name": name, "actions": {}})
            });
            entry["actions"][ep.action()] = endpoint_info(spec, ep);
        }
        let mut out: Vec<Value> = order.iter().map(|n| by_name[n].clone()).collect();
        if spec.name == "syncore" {
            // The Rust client's accessor names that are not spec resources (cross-job searches).
            for (attr, _, name) in pacer_sdk::syncore::RESOURCES {
                if !by_name.contains_key(*attr)
                    && let Some(target) = by_name.get(*name)
                {
                    let mut alias = target.clone();
                    alias["attr"] = json!(attr);
                    out.push(alias);
                }
            }
        }
        let list = PyList::empty(py);
        for v in &out {
            list.append(json_to_py(py, v)?)?;
        }
        Ok(list)
    }

    /// Calls a read endpoint (e.g. `jobs.get`) and returns its record.
    #[pyo3(signature = (endpoint, path = None, query = None))]
    fn get(
        &self,
        py: Python<'_>,
        endpoint: String,
        path: Option<&Bound<'_, PyDict>>,
        query: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let client = self.client()?;
        let args = args(path, query, None)?;
        let decoder = Self::decoder(&client, &endpoint);
        let decoded = blocking(py, move || {
            let response = block_on(client.blocking().call(&endpoint, args))?;
            decode_one(decoder, &endpoint, response.body)
        })?;
        decoded.into_py_record(py)
    }

    /// Like `get`, as an awaitable.
    #[pyo3(signature = (endpoint, path = None, query = None))]
    fn get_async<'py>(
        &self,
        py: Python<'py>,
        endpoint: String,
        path: Option<&Bound<'_, PyDict>>,
        query: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let client = self.client()?;
        let args = args(path, query, None)?;
        let decoder = Self::decoder(&client, &endpoint);
        aio::spawn(
            py,
            async move {
                let response = client.call(&endpoint, args).await?;
                decode_one(decoder, &endpoint, response.body)
            },
            |py, decoded| decoded.into_py_record(py),
        )
    }

    /// Pages through a list or search endpoint; the arguments are validated now.
    #[pyo3(signature = (endpoint, path = None, query = None))]
    fn list(
        &self,
        py: Python<'_>,
        endpoint: String,
        path: Option<&Bound<'_, PyDict>>,
        query: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<Records>> {
        let client = self.client()?.blocking();
        let decoder = Self::decoder(&client, &endpoint);
        let pages = client
            .pages(&endpoint, args(path, query, None)?)
            .map_err(|e| to_pyerr(py, e))?;
        let state = RecordsState::new(pages, decoder);
        let progress = ListProgress {
            position: state.position.clone(),
        };
        Py::new(
            py,
            PyClassInitializer::from(progress).add_subclass(Records {
                state: Mutex::new(state),
            }),
        )
    }

    /// Like `list`, as an async iterator.
    #[pyo3(signature = (endpoint, path = None, query = None))]
    fn list_async(
        &self,
        py: Python<'_>,
        endpoint: String,
        path: Option<&Bound<'_, PyDict>>,
        query: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<AsyncRecords>> {
        let client = self.client()?;
        let decoder = Self::decoder(&client, &endpoint);
        let pages = client
            .pages(&endpoint, args(path, query, None)?)
            .map_err(|e| to_pyerr(py, e))?;
        let state = RecordsState::new(pages, decoder);
        let progress = ListProgress {
            position: state.position.clone(),
        };
        Py::new(
            py,
            PyClassInitializer::from(progress).add_subclass(AsyncRecords {
                state: Arc::new(tokio::sync::Mutex::new(state)),
            }),
        )
    }

    /// Sends a create or update (validated, journaled, never duplicated).
    #[pyo3(signature = (endpoint, path = None, query = None, body = None))]
    fn write(
        &self,
        py: Python<'_>,
        endpoint: String,
        path: Option<&Bound<'_, PyDict>>,
        query: Option<&Bound<'_, PyDict>>,
        body: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Written> {
        let client = self.client()?;
        let args = args(path, query, body)?;
        let decoder = Self::decoder(&client, &endpoint);
        let written = blocking(py, move || {
            block_on(client.blocking().write(&endpoint, args))
        })?;
        Ok(Written {
            inner: written,
            decoder,
        })
    }

    /// Like `write`, as an awaitable.
    #[pyo3(signature = (endpoint, path = None, query = None, body = None))]
    fn write_async<'py>(
        &self,
        py: Python<'py>,
        endpoint: String,
        path: Option<&Bound<'_, PyDict>>,
        query: Option<&Bound<'_, PyDict>>,
        body: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let client = self.client()?;
        let args = args(path, query, body)?;
        let decoder = Self::decoder(&client, &endpoint);
        aio::spawn(
            py,
            async move { client.write(&endpoint, args).await },
            move |py, written| {
                Ok(Bound::new(
                    py,
                    Written {
                        inner: written,
                        decoder,
                    },
                )?
                .into_any()
                .unbind())
            },
        )
    }

    /// Every quota window: used, limit, when it resets, and which one binds.
    fn quota_status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let client = self.client()?;
        let windows = blocking(py, move || client.quota_status())?;
        let list = PyList::empty(py);
        for w in windows {
            list.append(Bound::new(py, QuotaWindow { inner: w })?)?;
        }
        Ok(list)
    }

    /// When would a workload (`{"orders.GET": 5000}`) finish from now, and which window binds?
    #[pyo3(signature = (workload, wait_for_reset = false, horizon_days = 400))]
    fn forecast(
        &self,
        py: Python<'_>,
        workload: &Bound<'_, PyDict>,
        wait_for_reset: bool,
        horizon_days: u32,
    ) -> PyResult<PyForecast> {
        let mut kinds = Vec::new();
        let mut bad = Vec::new();
        for (k, v) in workload.iter() {
            let key: String = k.extract()?;
            let count: u64 = v.extract()?;
            match RequestKind::parse(&key) {
                Some(kind) => kinds.push((kind, count)),
                None => bad.push(pacer_sdk::FieldError::new(
                    key.clone(),
                    "format.request_kind",
                    format!("{key:?} is not a request kind such as \"orders.GET\""),
                )),
            }
        }
        if !bad.is_empty() {
            return Err(to_pyerr(py, Error::validation(bad)));
        }
        let client = self.client()?;
        let options = ForecastOptions {
            wait_for_reset,
            horizon_days,
        };
        let forecast = blocking(py, move || client.forecast(&kinds, options))?;
        Ok(PyForecast { inner: forecast })
    }

    /// Journaled writes in any of `states` (all when none are given), oldest first.
    #[pyo3(signature = (states = None))]
    fn writes<'py>(
        &self,
        py: Python<'py>,
        states: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let states = parse_states(states)?;
        let client = self.client()?;
        let entries = blocking(py, move || client.writes(&states))?;
        journal_list(py, entries)
    }

    /// Writes whose outcome is not settled yet (pending or unknown).
    fn pending_writes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let client = self.client()?;
        let entries = blocking(py, move || client.pending_writes())?;
        journal_list(py, entries)
    }

    /// Settles writes whose outcome is unknown by looking the records up.
    #[pyo3(signature = (resend = false))]
    fn reconcile_pending<'py>(
        &self,
        py: Python<'py>,
        resend: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let client = self.client()?;
        let entries = blocking(py, move || {
            block_on(client.blocking().reconcile_pending(resend))
        })?;
        journal_list(py, entries)
    }

    /// Like `reconcile_pending`, as an awaitable.
    #[pyo3(signature = (resend = false))]
    fn reconcile_pending_async<'py>(
        &self,
        py: Python<'py>,
        resend: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let client = self.client()?;
        aio::spawn(
            py,
            async move { client.reconcile_pending(resend).await },
            |py, entries| Ok(journal_list(py, entries)?.into_any().unbind()),
        )
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let client = self.client()?;
        py_repr_of!(
            py,
            &client.api().spec().display_name,
            base_url = client.api().base_url().as_str(),
            user_agent = self.settings.user_agent.as_deref(),
            ledger = client.ledger_name(),
            clock = client.clock().describe(),
        )
    }
}

/// The walk through a list, with the decoded records of the last page not yet handed out.
struct RecordsState {
    pages: Option<pacer_sdk::PageStream>,
    decoder: Decoder,
    buffer: VecDeque<Result<Decoded, Error>>,
    /// Where the walk stands after the last page (a lock never held across I/O, so the
    /// Python side reads it while another thread waits for a page).
    position: Arc<Mutex<PagerPosition>>,
}

impl RecordsState {
    fn new(pages: pacer_sdk::PageStream, decoder: Decoder) -> RecordsState {
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
                self.buffer.extend(
                    page.items
                        .into_iter()
                        .map(|raw| decoder(raw.into()).map_err(|e| decode_error("a record", e))),
                );
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
    position: Arc<Mutex<PagerPosition>>,
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
    state: Mutex<RecordsState>,
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
            return item
                .map_err(|e| to_pyerr(py, e))?
                .into_py_record(py)
                .map(Some);
        }
        let state = &self.state;
        let next = blocking(py, move || Ok(lock(state).next_blocking()))?;
        match next {
            None => Ok(None),
            Some(item) => item
                .map_err(|e| to_pyerr(py, e))?
                .into_py_record(py)
                .map(Some),
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
    state: Arc<tokio::sync::Mutex<RecordsState>>,
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
                    Ok(decoded) => aio::ready(py, decoded.into_py_record(py)?.into_bound(py)),
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
            |py, decoded| decoded.into_py_record(py),
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
    inner: pacer_sdk::Written,
    /// Decodes the answer into the endpoint's record type.
    decoder: Decoder,
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
        match (self.decoder)(text.into()) {
            Ok(decoded) => decoded.into_py_record(py).map(Some),
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
        use crate::models::ToPy;
        self.inner.id.as_ref().map(|id| id.to_py(py)).transpose()
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
    inner: JournalEntry,
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
    inner: WindowUsage,
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
    inner: Forecast,
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

/// Plain JSON of a journal entry's arguments, for the facade's docs and tests.
#[pyfunction]
fn _json_roundtrip<'py>(py: Python<'py>, value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let v = py_to_json(value)?;
    match &v {
        Value::Object(m) => Ok(json_map_to_py(py, m)?.into_any()),
        other => json_to_py(py, other),
    }
}

/// Registers the client classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeClient>()?;
    m.add_class::<Records>()?;
    m.add_class::<AsyncRecords>()?;
    m.add_class::<Written>()?;
    m.add_class::<PyJournalEntry>()?;
    m.add_class::<QuotaWindow>()?;
    m.add_class::<PyForecast>()?;
    m.add_function(wrap_pyfunction!(_json_roundtrip, m)?)?;
    Ok(())
}
