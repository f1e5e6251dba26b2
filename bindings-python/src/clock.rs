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

/// Adds `Clock` to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyClock>()
}
