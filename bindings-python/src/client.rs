//! The native client behind every Python client class: a `pacer_sdk::Client` built by
//! `pacer_sdk::surface::builder` from the keyword options (so option names, types, defaults and
//! conflicts are the surface's), with calls by endpoint name whose arguments
//! `pacer_sdk::surface::bind` binds and whose shape (`list`, `get`, `write`) the surface's
//! action kind decides. The Python facade only lays the resources out from `layout()`.

use std::sync::{Arc, Mutex, MutexGuard};

use pacer_sdk::surface::options::OptionType;
use pacer_sdk::surface::{self, ActionKind, Handles};
use pacer_sdk::{Client, ForecastOptions, RequestKind, TokenProvider, WriteState, block_on};
use pacer_sdk_core::{Error, FieldError, ProviderSpec};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::{Map, Value, json};

use crate::aio;
use crate::clock::PyClock;
use crate::convert::{
    decode_error, duration_from_py, is_timedelta, json_to_py, params_to_json, py_repr_of,
    py_to_json, timestamp_to_py,
};
use crate::errors::to_pyerr;
use crate::records::{Decoded, Decoder};
use crate::results::{
    AsyncRecords, ListProgress, PyForecast, QuotaWindow, Records, RecordsState, Written,
    journal_list,
};
use crate::runtime::{blocking, interrupt_hook};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Everything needed to build (and, in a forked child, rebuild) the client.
#[derive(Clone)]
struct Settings {
    provider: String,
    /// The options as `surface::builder` takes them (JSON, durations in seconds).
    values: Map<String, Value>,
    /// The options JSON cannot carry (a Python token provider, a clock object).
    handles: Handles,
}

impl Settings {
    fn build(&self) -> Result<Client, Error> {
        surface::builder(&self.provider, &self.values, self.handles.clone())?
            .interrupt(interrupt_hook())
            .build()
    }
}

/// A token provider that calls a Python callable (with the GIL, from whichever thread needs a
/// token). Its failure is a config error naming the exception, never the token.
fn python_token_provider(callable: Arc<Py<PyAny>>) -> TokenProvider {
    Arc::new(move || {
        Python::attach(|py| {
            let type_name = |t: Bound<'_, pyo3::types::PyType>, or: &str| {
                t.name().map_or_else(|_| or.to_string(), |n| n.to_string())
            };
            let token = callable.bind(py).call0().map_err(|e| {
                Error::config(
                    "token_provider_failed",
                    format!(
                        "the token provider raised {}: {}",
                        type_name(e.get_type(py), "exception"),
                        e.value(py)
                    ),
                )
            })?;
            token.extract::<String>().map_err(|_| {
                Error::config(
                    "token_provider_failed",
                    format!(
                        "the token provider must return a str, not {}",
                        type_name(token.get_type(), "object")
                    ),
                )
            })
        })
    })
}

/// A config error naming the option, as `surface::builder` reports bad options.
fn bad_option(option: &str, rule: &str, message: &str) -> Error {
    let mut e = Error::config("invalid_option", message);
    e.errors = vec![FieldError::new(option, rule, message)];
    e
}

/// The live client and the process that built it.
struct Live {
    pid: u32,
    client: Client,
}

/// A pacer client for one provider; the Python client classes wrap it.
#[pyclass(frozen, module = "pacer_sdk._native")]
pub struct NativeClient {
    settings: Settings,
    /// The options as given, for `options()` (which never shows a credential).
    given: Py<PyDict>,
    live: Mutex<Live>,
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
}

/// A Python option value as the surface takes it. Durations may be a `timedelta`; a token
/// provider and a clock object travel as handles.
fn convert_option(
    ty: Option<&OptionType>,
    name: &str,
    value: &Bound<'_, PyAny>,
    handles: &mut Handles,
) -> PyResult<Option<Value>> {
    let py = value.py();
    Ok(match ty {
        // Seconds as a number go as given (the surface checks them); a `timedelta` as its seconds.
        Some(OptionType::Seconds) if is_timedelta(value)? => {
            Some(json!(duration_from_py(value)?.as_secs_f64()))
        }
        Some(OptionType::TokenProvider) => {
            if !value.is_callable() {
                let message = format!("{name} must be a callable returning the token (a str)");
                return Err(to_pyerr(py, bad_option(name, "type", &message)));
            }
            handles.token_provider = Some(python_token_provider(Arc::new(value.clone().unbind())));
            None
        }
        Some(OptionType::Clock) if value.is_instance_of::<PyClock>() => {
            handles.clock = Some(value.cast::<PyClock>()?.get().inner.clone());
            None
        }
        _ => Some(py_to_json(value)?),
    })
}

#[pymethods]
impl NativeClient {
    /// Builds a client of `provider` from its options (keyword arguments as given; None is
    /// "not given"): checks them, opens the ledger, prepares the transport.
    #[new]
    #[pyo3(signature = (provider, options = None))]
    fn new(
        py: Python<'_>,
        provider: String,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let spec = ProviderSpec::builtin(&provider).map_err(|e| to_pyerr(py, e))?;
        let descs = surface::options(&spec);
        let given = match options {
            Some(d) => d.copy()?,
            None => PyDict::new(py),
        };
        let mut values = Map::new();
        let mut handles = Handles::default();
        for (key, value) in given.iter() {
            let name: String = key.extract()?;
            if value.is_none() {
                continue;
            }
            let ty = descs.iter().find(|o| o.name == name).map(|o| &o.ty);
            if let Some(v) = convert_option(ty, &name, &value, &mut handles)? {
                values.insert(name, v);
            }
        }
        let settings = Settings {
            provider,
            values,
            handles,
        };
        let s = settings.clone();
        let client = py.detach(move || s.build()).map_err(|e| to_pyerr(py, e))?;
        Ok(NativeClient {
            settings,
            given: given.unbind(),
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

    /// Every option of the provider with the value in effect: as given, or the surface's
    /// default. A credential given shows as `"<redacted>"`.
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let spec = ProviderSpec::builtin(&self.settings.provider).map_err(|e| to_pyerr(py, e))?;
        let given = self.given.bind(py);
        let out = PyDict::new(py);
        for o in surface::options(&spec) {
            let value = match given.get_item(&o.name)? {
                Some(v) if !v.is_none() && o.ty == OptionType::Secret => {
                    PyString::new(py, "<redacted>").into_any()
                }
                Some(v) if !v.is_none() => v,
                _ => json_to_py(py, &o.default)?,
            };
            out.set_item(&o.name, value)?;
        }
        Ok(out)
    }

    /// The resources and their actions, as every binding lays them out (`surface::layout`).
    fn layout<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.client()?;
        let layout = surface::layout(client.api().spec());
        let value = serde_json::to_value(&layout.resources).unwrap_or(Value::Null);
        json_to_py(py, &value)
    }

    /// The client's clock reading (an in-process emulator's virtual time when it has one).
    fn now<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timestamp_to_py(py, self.client()?.now())
    }

    /// Calls `endpoint` with path ids `ids` (in path order), named path ids and query
    /// parameters `named` and a body `data`: a list endpoint returns its records as an
    /// iterator (`Records`, or `AsyncRecords` when `is_async`), a read its record, a write its
    /// `Written`; reads and writes are awaitables when `is_async`. Arguments are bound and
    /// checked before anything is sent.
    #[pyo3(signature = (endpoint, ids, named = None, data = None, is_async = false))]
    fn call(
        &self,
        py: Python<'_>,
        endpoint: String,
        ids: Vec<Bound<'_, PyAny>>,
        named: Option<&Bound<'_, PyDict>>,
        data: Option<&Bound<'_, PyAny>>,
        is_async: bool,
    ) -> PyResult<Py<PyAny>> {
        let client = self.client()?;
        let spec = client.api().spec();
        let ep = spec.endpoint(&endpoint).map_err(|e| to_pyerr(py, e))?;
        let kind = surface::layout::action_kind(ep);
        let decoder = Decoder::for_model(&spec.name, ep.returns.as_deref());
        let ids = ids.iter().map(py_to_json).collect::<PyResult<Vec<_>>>()?;
        let body = data.filter(|d| !d.is_none()).map(py_to_json).transpose()?;
        let args = surface::bind(spec, &endpoint, ids, params_to_json(named)?, body)
            .map_err(|e| to_pyerr(py, e))?;
        let pump = if is_async {
            client.clone()
        } else {
            client.blocking()
        };
        match kind {
            ActionKind::List => {
                let pages = pump.pages(&endpoint, args).map_err(|e| to_pyerr(py, e))?;
                let state = RecordsState::new(pages, decoder);
                let progress = ListProgress {
                    position: state.position.clone(),
                };
                let init = PyClassInitializer::from(progress);
                Ok(if is_async {
                    let state = Arc::new(tokio::sync::Mutex::new(state));
                    Py::new(py, init.add_subclass(AsyncRecords { state }))?.into_any()
                } else {
                    let state = Mutex::new(state);
                    Py::new(py, init.add_subclass(Records { state }))?.into_any()
                })
            }
            ActionKind::Get if is_async => Ok(aio::spawn(
                py,
                async move {
                    let response = client.call(&endpoint, args).await?;
                    decode_one(decoder, &endpoint, response.body)
                },
                |py, decoded| decoded.into_py(py),
            )?
            .unbind()),
            ActionKind::Get => blocking(py, move || {
                let response = block_on(pump.call(&endpoint, args))?;
                decode_one(decoder, &endpoint, response.body)
            })?
            .into_py(py),
            ActionKind::Write if is_async => Ok(aio::spawn(
                py,
                async move { client.write(&endpoint, args).await },
                move |py, inner| Ok(Py::new(py, Written { inner, decoder })?.into_any()),
            )?
            .unbind()),
            ActionKind::Write => {
                let inner = blocking(py, move || block_on(pump.write(&endpoint, args)))?;
                Ok(Py::new(py, Written { inner, decoder })?.into_any())
            }
        }
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
                None => bad.push(FieldError::new(
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
        let states = parse_states(py, states)?;
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

    /// Settles writes whose outcome is unknown by looking the records up (an awaitable when
    /// `is_async`).
    #[pyo3(signature = (resend = false, is_async = false))]
    fn reconcile_pending(
        &self,
        py: Python<'_>,
        resend: bool,
        is_async: bool,
    ) -> PyResult<Py<PyAny>> {
        let client = self.client()?;
        if is_async {
            return Ok(aio::spawn(
                py,
                async move { client.reconcile_pending(resend).await },
                |py, entries| Ok(journal_list(py, entries)?.into_any().unbind()),
            )?
            .unbind());
        }
        let entries = blocking(py, move || {
            block_on(client.blocking().reconcile_pending(resend))
        })?;
        Ok(journal_list(py, entries)?.into_any().unbind())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let client = self.client()?;
        py_repr_of!(
            py,
            &client.api().spec().display_name,
            base_url = client.api().base_url().as_str(),
            user_agent = self
                .settings
                .values
                .get("user_agent")
                .and_then(Value::as_str),
            ledger = client.ledger_name(),
            clock = client.clock().describe(),
        )
    }
}

fn decode_one(decoder: Decoder, endpoint: &str, body: Vec<u8>) -> Result<Decoded, Error> {
    let text = String::from_utf8(body).map_err(|e| decode_error(endpoint, e))?;
    decoder
        .decode(text.into_boxed_str())
        .map_err(|e| decode_error(endpoint, e))
}

fn parse_states(py: Python<'_>, states: Option<Vec<String>>) -> PyResult<Vec<WriteState>> {
    states
        .unwrap_or_default()
        .iter()
        .map(|s| {
            WriteState::parse(s).ok_or_else(|| {
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
        .collect()
}

/// Registers the native client.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeClient>()
}
