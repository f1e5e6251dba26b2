//! `pacer_sdk.Clock`: the clock a client runs on, given explicitly (nothing is looked up by URL).

use std::sync::Arc;

use pacer_sdk::Clock;
use pyo3::prelude::*;

use crate::convert::timestamp_to_py;
use crate::errors::to_pyerr;

/// A clock a client can run on: an emulator's (`emu.clock`, its virtual time in this process),
/// or one a setting names: `Clock("emulator:http://127.0.0.1:PORT")` follows an emulator in
/// another process, `Clock("lockstep:http://127.0.0.1:PORT")` joins its lockstep time,
/// `Clock("system")` is real time. Pass it, or the setting text, as a client's `clock=`.
#[pyclass(frozen, module = "pacer_sdk", name = "Clock")]
pub struct PyClock {
    pub inner: Arc<dyn Clock>,
}

#[pymethods]
impl PyClock {
    /// The clock a setting names (`system`, `emulator:URL`, `lockstep:URL`).
    #[new]
    fn new(py: Python<'_>, setting: &str) -> PyResult<Self> {
        let setting = setting.to_string();
        py.detach(move || pacer_sdk::clock_from_setting(&setting))
            .map(|inner| PyClock { inner })
            .map_err(|e| to_pyerr(py, e))
    }

    /// The clock's reading (a timezone-aware UTC datetime).
    fn now<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let clock = self.inner.clone();
        let now = py.detach(move || clock.now());
        timestamp_to_py(py, now)
    }

    /// What kind of clock this is, e.g. `virtual` or `real time`.
    #[getter]
    fn description(&self) -> String {
        self.inner.describe()
    }

    fn __repr__(&self) -> String {
        format!("Clock({})", self.inner.describe())
    }
}

/// How a client was told which clock to use, kept so a forked child can rebuild its client.
#[derive(Clone)]
pub enum ClockChoice {
    /// A clock object shared in this process (an emulator's).
    Shared(Arc<dyn Clock>),
    /// A setting, resolved again by each process that builds a client.
    Setting(String),
}

impl ClockChoice {
    /// `clock=` as given: a `pacer_sdk.Clock` or its setting text.
    pub fn from_py(value: &Bound<'_, PyAny>) -> PyResult<ClockChoice> {
        if let Ok(clock) = value.cast::<PyClock>() {
            return Ok(ClockChoice::Shared(clock.get().inner.clone()));
        }
        if let Ok(text) = value.extract::<String>() {
            return Ok(ClockChoice::Setting(text));
        }
        Err(to_pyerr(
            value.py(),
            pacer_sdk::Error::invalid_field(
                "clock",
                "type",
                "clock must be a pacer_sdk.Clock (e.g. emulator.clock) or a setting such as \"emulator:http://127.0.0.1:PORT\"",
            ),
        ))
    }

    /// The clock to build a client with.
    pub fn resolve(&self) -> Result<Arc<dyn Clock>, pacer_sdk::Error> {
        match self {
            ClockChoice::Shared(clock) => Ok(clock.clone()),
            ClockChoice::Setting(text) => pacer_sdk::clock_from_setting(text),
        }
    }
}

/// Adds `Clock` to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyClock>()
}
