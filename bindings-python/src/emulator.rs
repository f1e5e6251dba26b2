//! `pacer.Emulator`: the in-process Syncore, Synq or Salync emulator (real HTTP on 127.0.0.1, seeded data,
//! quotas, virtual clock, faults, admin view), started from Python.

use std::sync::Mutex;
use std::time::Duration;

use crate::clock::PyClock;
use pacer_sdk_core::Error;
use pacer_sdk_emulator::{
    Emulator, EmulatorConfig, EmulatorError, Fault, RecordedRequest, WebhookDelivery,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyType};
use serde_json::json;

use crate::convert::{json_to_py, py_to_json};

use crate::convert::{
    duration_from_py, opt_timestamp_to_py, py_repr_of, timestamp_from_py, timestamp_to_py,
};
use crate::errors::to_pyerr;

fn emulator_error(py: Python<'_>, e: EmulatorError) -> PyErr {
    // The codes of the error table (`pacer_sdk::surface::errors::CODES`).
    let code = match &e {
        EmulatorError::Io(_) => "emulator_io",
        EmulatorError::NotVirtual
        | EmulatorError::ClockBackwards
        | EmulatorError::Unsupported(_)
        | EmulatorError::Invalid(_) => "emulator_refused",
        _ => "emulator",
    };
    to_pyerr(py, Error::config(code, e.to_string()))
}

fn stopped(py: Python<'_>) -> PyErr {
    to_pyerr(
        py,
        Error::config("emulator_stopped", "the emulator has been stopped"),
    )
}

/// The running emulator and the process that started it.
struct Running {
    pid: u32,
    emulator: Emulator,
}

/// A local emulator of a provider's API, served over real HTTP on 127.0.0.1.
///
/// Use it as a context manager, or call `stop()`. Give a client its clock (`clock=emu.clock`)
/// to share its virtual time, so `advance()` moves the client's time too; another process
/// follows it with `clock=emu.clock_setting`.
#[pyclass(frozen, module = "pacer_sdk", name = "Emulator")]
pub struct PyEmulator {
    running: Mutex<Option<Running>>,
    provider: String,
    base_url: String,
    root_url: String,
    api_key: String,
}

impl PyEmulator {
    /// Like `with`, callable without the GIL (None once stopped).
    fn with_detached<T>(&self, f: impl FnOnce(&Emulator) -> T) -> Option<T> {
        let guard = self.running.lock().unwrap_or_else(|p| p.into_inner());
        guard.as_ref().map(|r| f(&r.emulator))
    }

    fn with<T>(&self, py: Python<'_>, f: impl FnOnce(&Emulator) -> T) -> PyResult<T> {
        let guard = self.running.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_ref() {
            Some(r) => Ok(f(&r.emulator)),
            None => Err(stopped(py)),
        }
    }
}

impl Drop for PyEmulator {
    fn drop(&mut self) {
        let slot = self.running.get_mut().unwrap_or_else(|p| p.into_inner());
        if let Some(r) = slot.take()
            && r.pid != std::process::id()
        {
            // A forked child: the serving thread is the parent's, joining it would hang.
            std::mem::forget(r);
        }
    }
}

#[pymethods]
impl PyEmulator {
    /// Starts an emulator of `provider` (`syncore`, `synq` or `salync`) on a free loopback port.
    ///
    /// `seed` drives every generated record and the default API key; `virtual_clock` starts a
    /// clock at `start` (a datetime or RFC 3339 text; default: the real time now) that only
    /// moves when advanced (or when a client waits for quota); `jobs` seeded Syncore jobs are
    /// spread over the 14 months before it; `spec_overrides` is TOML merged over the spec
    /// (e.g. to shrink quota windows; give the client the same); `registered_user_agents`
    /// limits the accepted User-Agents (Syncore); `enforce_quota=False` never answers 429.
    /// Synq: `tenant_id` and `org_id` (default: derived from the seed) are required in every
    /// request; `api_key` is the first token's text. Salync: `plan` is `growth` (500 a day,
    /// 20 a minute) or `pro` (10,000 and 200, webhooks). `webhook_secret` signs Salync's
    /// deliveries and verifies Synq's inbound webhooks (default: derived from the seed).
    #[new]
    #[pyo3(signature = (provider = "syncore", *, seed = 7, virtual_clock = false, start = None,
        api_key = None, registered_user_agents = None, jobs = 3000, spec_overrides = None,
        enforce_quota = true, day_zone = "America/New_York", port = 0, plan = "growth",
        tenant_id = None, org_id = None, webhook_secret = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        provider: &str,
        seed: u64,
        virtual_clock: bool,
        start: Option<&Bound<'_, PyAny>>,
        api_key: Option<String>,
        registered_user_agents: Option<Vec<String>>,
        jobs: usize,
        spec_overrides: Option<String>,
        enforce_quota: bool,
        day_zone: &str,
        port: u16,
        plan: &str,
        tenant_id: Option<String>,
        org_id: Option<String>,
        webhook_secret: Option<String>,
    ) -> PyResult<Self> {
        let config = EmulatorConfig {
            provider: provider.to_string(),
            seed,
            virtual_clock,
            start: start.map(timestamp_from_py).transpose()?,
            api_key,
            registered_user_agents,
            jobs,
            spec_overrides,
            enforce_quota,
            day_zone: day_zone.to_string(),
            port,
            plan: plan.to_string(),
            tenant_id,
            org_id,
            webhook_secret,
            ..EmulatorConfig::default()
        };
        let emulator = py
            .detach(move || Emulator::start_blocking(config))
            .map_err(|e| emulator_error(py, e))?;
        Ok(PyEmulator {
            provider: emulator.provider(),
            base_url: emulator.base_url(),
            root_url: emulator.root_url(),
            api_key: emulator.api_key(),
            running: Mutex::new(Some(Running {
                pid: std::process::id(),
                emulator,
            })),
        })
    }

    /// `http://127.0.0.1:PORT` (give it to a client as `base_url`).
    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The API key the emulator accepts (a test key; never printed by `repr`); for Synq the
    /// first bearer token, valid one hour of the emulator's clock from its start.
    #[getter]
    fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The emulated provider: `syncore`, `synq` or `salync`.
    #[getter]
    fn provider(&self) -> &str {
        &self.provider
    }

    /// `http://127.0.0.1:PORT`, the server root (Salync's `base_url` adds `/v1`).
    #[getter]
    fn root_url(&self) -> &str {
        &self.root_url
    }

    /// Synq: a fresh bearer token valid for `ttl` (a timedelta or seconds; default one hour)
    /// of the emulator's clock from now, e.g. for a client's `token_provider`.
    #[pyo3(signature = (ttl = None))]
    fn issue_token(&self, py: Python<'_>, ttl: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        let ttl = ttl
            .map(duration_from_py)
            .transpose()?
            .unwrap_or(Duration::from_secs(3600));
        py.detach(|| self.with_detached(|e| e.issue_token(ttl)))
            .ok_or_else(|| stopped(py))
    }

    /// Synq: the tenant id every request must carry (`X-Tenant-ID`).
    #[getter]
    fn tenant_id(&self, py: Python<'_>) -> PyResult<String> {
        self.with(py, Emulator::tenant_id)
    }

    /// Synq: the organization id every request must carry (`X-Org-ID`).
    #[getter]
    fn org_id(&self, py: Python<'_>) -> PyResult<String> {
        self.with(py, Emulator::org_id)
    }

    /// The webhook secret: Synq verifies inbound `X-Unified-Signature` with it, Salync signs
    /// its deliveries (`X-Salync-Signature: sha256=<hex>`) with it (never printed by `repr`).
    #[getter]
    fn webhook_secret(&self, py: Python<'_>) -> PyResult<String> {
        self.with(py, Emulator::webhook_secret)
    }

    /// Salync (Pro plan): delivers every later event to `url` (`http://` on loopback).
    fn register_webhook(&self, py: Python<'_>, url: &str) -> PyResult<()> {
        self.with(py, |e| e.register_webhook(url))?
            .map_err(|e| emulator_error(py, e))
    }

    /// Salync (Pro plan): emits `event` (e.g. `channel.listing_error`) with `data` now and
    /// returns its id; a `channel.listing_error` naming a `listing_id` also puts that listing
    /// in error.
    fn trigger(&self, py: Python<'_>, event: &str, data: &Bound<'_, PyAny>) -> PyResult<String> {
        let data = py_to_json(data)?;
        self.with(py, |e| e.trigger(event, data))?
            .map_err(|e| emulator_error(py, e))
    }

    /// Salync: every webhook delivery so far, in emission order, as dicts (`event_id`,
    /// `event_type`, `url`, `emitted_at`, `attempts`, `status`, `delivered`, `finished`,
    /// `error`, `body`).
    fn webhook_deliveries<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let deliveries = self.with(py, Emulator::webhook_deliveries)?;
        let list = PyList::empty(py);
        for d in deliveries {
            list.append(delivery_to_py(py, d)?)?;
        }
        Ok(list)
    }

    /// Synq: the inbound webhook events its `/unified/webhook` accepted, in order.
    fn inbound_webhooks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let events = self.with(py, Emulator::inbound_webhooks)?;
        let list = PyList::empty(py);
        for v in &events {
            list.append(json_to_py(py, v)?)?;
        }
        Ok(list)
    }

    /// Salync: receives purchase order `id` into stock now (status `received`, `po_receipt`
    /// adjustments, a `purchase_order.received` event); returns the order as a dict.
    fn receive_purchase_order<'py>(
        &self,
        py: Python<'py>,
        id: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let order = self
            .with(py, |e| e.receive_purchase_order(id))?
            .map_err(|e| emulator_error(py, e))?;
        json_to_py(py, &order)
    }

    /// Synq: moves order `id` to `status` now, if the state machine allows it from where the
    /// order is (e.g. `cancelled`); returns the order as a dict.
    fn transition_order<'py>(
        &self,
        py: Python<'py>,
        id: &str,
        status: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let order = self
            .with(py, |e| e.transition_order(id, status))?
            .map_err(|e| emulator_error(py, e))?;
        json_to_py(py, &order)
    }

    /// The emulator's clock, to give a client of it (`clock=emu.clock`): the client then runs
    /// on the emulator's virtual time, and its quota waits move that clock instead of sleeping.
    #[getter]
    fn clock(&self, py: Python<'_>) -> PyResult<PyClock> {
        let inner = self.with(py, Emulator::clock)?;
        Ok(PyClock { inner })
    }

    /// `emulator:http://127.0.0.1:PORT`: the setting that follows this emulator's clock from
    /// another process (a client's `clock=`, the CLI's `--clock` or `PACER_CLOCK`).
    #[getter]
    fn clock_setting(&self) -> String {
        format!("emulator:{}", self.root_url)
    }

    /// The emulator clock's reading.
    fn now<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let now = self.with(py, Emulator::now)?;
        timestamp_to_py(py, now)
    }

    /// Moves a virtual clock forward by a `timedelta` and/or days, hours, minutes, seconds
    /// and milliseconds (a ConfigError on real time).
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (delta = None, *, days = 0.0, hours = 0.0, minutes = 0.0, seconds = 0.0, milliseconds = 0.0))]
    fn advance(
        &self,
        py: Python<'_>,
        delta: Option<&Bound<'_, PyAny>>,
        days: f64,
        hours: f64,
        minutes: f64,
        seconds: f64,
        milliseconds: f64,
    ) -> PyResult<()> {
        let mut by = delta.map(duration_from_py).transpose()?.unwrap_or_default();
        let extra =
            days * 86_400.0 + hours * 3_600.0 + minutes * 60.0 + seconds + milliseconds / 1000.0;
        if !extra.is_finite() || extra < 0.0 {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "the clock only moves forward",
            ));
        }
        by += Duration::from_secs_f64(extra);
        self.with(py, |e| e.advance(by))?
            .map_err(|e| emulator_error(py, e))
    }

    /// Makes the next matching requests fail: `kind` is `drop_after_commit` (perform a write,
    /// then close the connection unanswered), `drop_before_commit`, `status` (answer
    /// `status`), `delay` (wait `delay`, a timedelta or seconds, then answer) or `clamp_page`
    /// (short pages of `page_size`). Applies to the next `times` requests whose method is
    /// `method` and whose path contains `path_contains` (any when not given).
    #[pyo3(signature = (kind, times = 1, *, status = None, delay = None, page_size = None, method = None, path_contains = None))]
    #[allow(clippy::too_many_arguments)]
    fn inject_fault(
        &self,
        py: Python<'_>,
        kind: &str,
        times: u32,
        status: Option<u16>,
        delay: Option<&Bound<'_, PyAny>>,
        page_size: Option<u32>,
        method: Option<String>,
        path_contains: Option<String>,
    ) -> PyResult<()> {
        let delay_ms = delay
            .map(duration_from_py)
            .transpose()?
            .map(|d| d.as_millis() as u64);
        let spec = json!({
            "kind": kind, "times": times, "status": status, "delay_ms": delay_ms,
            "page_size": page_size, "method": method, "path_contains": path_contains,
        });
        let fault = Fault::from_json(&spec).map_err(|m| {
            to_pyerr(
                py,
                Error::invalid_field("fault", "fault", format!("bad fault: {m}")),
            )
        })?;
        self.with(py, |e| e.inject_fault(fault))
    }

    /// Removes every pending fault.
    fn clear_faults(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, Emulator::clear_faults)
    }

    /// Every request received (admin requests aside), in arrival order.
    fn requests<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let requests = self.with(py, Emulator::requests)?;
        let list = PyList::empty(py);
        for r in requests {
            list.append(Bound::new(py, PyRecordedRequest { inner: r })?)?;
        }
        Ok(list)
    }

    /// The state of every quota window as the emulator counts it.
    fn usage<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let usage = self.with(py, Emulator::usage)?;
        let list = PyList::empty(py);
        for w in usage {
            list.append(Bound::new(py, EmulatorWindow { inner: w })?)?;
        }
        Ok(list)
    }

    /// Stops serving (waits for the server thread); later calls raise ConfigError.
    fn stop(&self, py: Python<'_>) {
        let running = self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(r) = running {
            if r.pid == std::process::id() {
                py.detach(move || drop(r));
            } else {
                std::mem::forget(r);
            }
        }
    }

    /// Whether it is serving.
    #[getter]
    fn running(&self) -> bool {
        self.running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    fn __enter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    #[pyo3(signature = (*_exc))]
    fn __exit__(&self, py: Python<'_>, _exc: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.stop(py);
        false
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        py_repr_of!(
            py,
            "Emulator",
            provider = &self.provider,
            base_url = &self.base_url,
            running = self.running()
        )
    }

    /// The API key an emulator started with `seed` accepts when none is given.
    #[classmethod]
    fn default_api_key(_cls: &Bound<'_, PyType>, seed: u64) -> String {
        pacer_sdk_emulator::default_api_key(seed)
    }
}

fn delivery_to_py(py: Python<'_>, d: WebhookDelivery) -> PyResult<Bound<'_, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("event_id", d.event_id)?;
    out.set_item("event_type", d.event_type)?;
    out.set_item("url", d.url)?;
    out.set_item("emitted_at", timestamp_to_py(py, d.emitted_at)?)?;
    out.set_item("attempts", d.attempts)?;
    out.set_item("status", d.status)?;
    out.set_item("delivered", d.delivered)?;
    out.set_item("finished", d.finished)?;
    out.set_item("error", d.error)?;
    out.set_item("body", d.body)?;
    Ok(out)
}

/// One request the emulator received.
#[pyclass(frozen, module = "pacer_sdk", name = "RecordedRequest")]
pub struct PyRecordedRequest {
    inner: RecordedRequest,
}

#[pymethods]
impl PyRecordedRequest {
    /// Clock reading at arrival.
    #[getter]
    fn at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timestamp_to_py(py, self.inner.at)
    }
    /// HTTP method.
    #[getter]
    fn method(&self) -> &str {
        &self.inner.method
    }
    /// Path without the query.
    #[getter]
    fn path(&self) -> &str {
        &self.inner.path
    }
    /// Raw query string ("" when none).
    #[getter]
    fn query(&self) -> &str {
        &self.inner.query
    }
    /// Spec endpoint name, when the route matched one.
    #[getter]
    fn endpoint(&self) -> Option<&str> {
        self.inner.endpoint.as_deref()
    }
    /// Status answered; 0 when the connection was dropped.
    #[getter]
    fn status(&self) -> u16 {
        self.inner.status
    }
    /// The User-Agent header.
    #[getter]
    fn user_agent(&self) -> Option<&str> {
        self.inner.user_agent.as_deref()
    }
    /// Whether the API key was right.
    #[getter]
    fn authenticated(&self) -> bool {
        self.inner.authenticated
    }
    /// The request body as text.
    #[getter]
    fn body(&self) -> Option<&str> {
        self.inner.body.as_deref()
    }
    /// Whether the request was counted toward the quota.
    #[getter]
    fn counted(&self) -> bool {
        self.inner.counted
    }
    /// The milliseconds since the Unix epoch of `at` (handy for spacing checks).
    #[getter]
    fn at_ms(&self) -> i64 {
        self.inner.at.as_millis()
    }

    fn __repr__(&self) -> String {
        let query = if self.inner.query.is_empty() {
            String::new()
        } else {
            format!("?{}", self.inner.query)
        };
        format!(
            "RecordedRequest({} {}{} -> {} at {})",
            self.inner.method,
            self.inner.path,
            query,
            self.inner.status,
            self.inner.at.to_rfc3339()
        )
    }
}

/// One quota window as the emulator counts it.
#[pyclass(frozen, module = "pacer_sdk", name = "EmulatorWindow")]
pub struct EmulatorWindow {
    inner: pacer_sdk_emulator::WindowUsage,
}

#[pymethods]
impl EmulatorWindow {
    /// Window id from the spec, e.g. `orders.GET.daily`.
    #[getter]
    fn window(&self) -> &str {
        &self.inner.window
    }
    /// Accepted requests in the current interval or period.
    #[getter]
    fn used(&self) -> u64 {
        self.inner.used
    }
    /// The limit.
    #[getter]
    fn limit(&self) -> u64 {
        self.inner.limit
    }
    /// When the count next drops.
    #[getter]
    fn resets_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_timestamp_to_py(py, self.inner.resets_at)
    }
    /// Whether a calendar window is spent and requests run at its overage pace.
    #[getter]
    fn in_overage(&self) -> bool {
        self.inner.in_overage
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        py_repr_of!(
            py,
            "EmulatorWindow",
            window = self.window(),
            used = self.used(),
            limit = self.limit(),
            resets_at = self.inner.resets_at.map(|t| t.to_rfc3339()),
            in_overage = self.in_overage(),
        )
    }
}

/// Registers the emulator classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyEmulator>()?;
    m.add_class::<PyRecordedRequest>()?;
    m.add_class::<EmulatorWindow>()?;
    Ok(())
}
