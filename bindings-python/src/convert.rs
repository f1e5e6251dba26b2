//! Conversions between Python values and pacer's: JSON values, instants, durations and exact
//! money amounts.

use std::time::Duration;

use pacer_sdk_core::{Amount, Error, Timestamp};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PySequence, PyString, PyTuple, PyType,
};
use serde_json::{Map, Number, Value};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TIMEDELTA: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static EPOCH: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `decimal.Decimal`.
pub fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

fn timedelta_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    TIMEDELTA.import(py, "datetime", "timedelta")
}

/// Whether `value` is a `datetime.timedelta`.
pub fn is_timedelta(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    value.is_instance(timedelta_type(value.py())?)
}

/// An exact amount as `decimal.Decimal` (built from its decimal text, so no digit is lost).
pub fn amount_to_py<'py>(py: Python<'py>, amount: &Amount) -> PyResult<Bound<'py, PyAny>> {
    decimal_type(py)?.call1((amount.to_string(),))
}

/// An instant as a timezone-aware UTC `datetime`, exact to the millisecond.
pub fn timestamp_to_py<'py>(py: Python<'py>, t: Timestamp) -> PyResult<Bound<'py, PyAny>> {
    let epoch = EPOCH.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        let datetime = py.import("datetime")?;
        let utc = datetime.getattr("timezone")?.getattr("utc")?;
        Ok(datetime
            .getattr("datetime")?
            .call1((1970, 1, 1, 0, 0, 0, 0, utc))?
            .unbind())
    })?;
    let delta = timedelta_type(py)?.call1((0, 0, 0, t.as_millis()))?;
    epoch.bind(py).call_method1("__add__", (delta,))
}

/// An optional instant as an optional `datetime`.
pub fn opt_timestamp_to_py<'py>(
    py: Python<'py>,
    t: Option<Timestamp>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    t.map(|t| timestamp_to_py(py, t)).transpose()
}

/// A duration as a `timedelta`.
pub fn duration_to_py<'py>(py: Python<'py>, d: Duration) -> PyResult<Bound<'py, PyAny>> {
    let ms = i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
    timedelta_type(py)?.call1((0, 0, 0, ms))
}

/// Reads an instant: an aware `datetime` (a naive one is taken as UTC) or RFC 3339 text.
pub fn timestamp_from_py(value: &Bound<'_, PyAny>) -> PyResult<Timestamp> {
    let py = value.py();
    if let Ok(text) = value.cast::<PyString>() {
        let text = text.to_cow()?;
        return Timestamp::parse_rfc3339(&text).ok_or_else(|| {
            PyValueError::new_err(format!(
                "{text:?} is not an RFC 3339 instant such as 2026-11-22T15:00:00Z"
            ))
        });
    }
    let datetime = DATETIME.import(py, "datetime", "datetime")?;
    if value.is_instance(datetime)? {
        let aware = if value.getattr("tzinfo")?.is_none() {
            let utc = py.import("datetime")?.getattr("timezone")?.getattr("utc")?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("tzinfo", utc)?;
            value.call_method("replace", (), Some(&kwargs))?
        } else {
            value.clone()
        };
        let seconds: f64 = aware.call_method0("timestamp")?.extract()?;
        return Ok(Timestamp::from_millis((seconds * 1000.0).round() as i64));
    }
    Err(PyTypeError::new_err(
        "expected a datetime or RFC 3339 text for an instant",
    ))
}

/// Reads a duration: a `timedelta` or a number of seconds.
pub fn duration_from_py(value: &Bound<'_, PyAny>) -> PyResult<Duration> {
    let py = value.py();
    let seconds: f64 = if value.is_instance(timedelta_type(py)?)? {
        value.call_method0("total_seconds")?.extract()?
    } else {
        value.extract().map_err(|_| {
            PyTypeError::new_err("expected a timedelta or a number of seconds for a duration")
        })?
    };
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(PyValueError::new_err(format!(
            "a duration must be finite and not negative, got {seconds}"
        )));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// A JSON value as plain Python objects (dict, list, str, int, float, bool, None).
pub fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => json_map_to_py(py, map)?.into_any(),
    })
}

/// A JSON object as a Python dict.
pub fn json_map_to_py<'py>(
    py: Python<'py>,
    map: &Map<String, Value>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (k, v) in map {
        dict.set_item(k, json_to_py(py, v)?)?;
    }
    Ok(dict)
}

/// A `Decimal` as a JSON number. JSON numbers here travel as 64-bit floats (as the core's
/// `Amount` does), so a value with more digits than a float keeps exactly is refused rather
/// than silently rounded.
fn decimal_to_json(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    let text: String = value.str()?.extract()?;
    let exact = Amount::parse(&text)
        .ok_or_else(|| PyValueError::new_err(format!("Decimal {text:?} is not a finite number")))?;
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Value::from(i));
    }
    let float: f64 = text
        .parse()
        .map_err(|_| PyValueError::new_err(format!("Decimal {text:?} is not a finite number")))?;
    let round_trip = Amount::parse(&format!("{float}"));
    match Number::from_f64(float) {
        Some(n) if round_trip == Some(exact) => Ok(Value::Number(n)),
        _ => Err(PyValueError::new_err(format!(
            "Decimal {text:?} has more digits than a JSON number can carry exactly (about 15 significant digits)"
        ))),
    }
}

/// Python data as JSON: mappings, sequences, str, int, float, bool, None, `Decimal` (exact
/// or refused), dates and datetimes (ISO 8601 text) and pacer records (their fields).
pub fn py_to_json(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    let py = value.py();
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = value.cast::<PyInt>() {
        if let Ok(v) = i.extract::<i64>() {
            return Ok(Value::from(v));
        }
        if let Ok(v) = i.extract::<u64>() {
            return Ok(Value::from(v));
        }
        return Err(PyValueError::new_err(format!(
            "integer {} does not fit a JSON number",
            i.str()?
        )));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        let v = f.value();
        return Number::from_f64(v).map(Value::Number).ok_or_else(|| {
            PyValueError::new_err(format!("{v} cannot be sent as JSON (not finite)"))
        });
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Some(record) = crate::records::record_to_json(value) {
        return Ok(record);
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        return dict_to_json_map(dict).map(Value::Object);
    }
    if value.is_instance(decimal_type(py)?)? {
        return decimal_to_json(value);
    }
    if value.is_instance(DATE.import(py, "datetime", "date")?)? {
        let text: String = value.call_method0("isoformat")?.extract()?;
        return Ok(Value::String(text));
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return tuple
            .iter()
            .map(|v| py_to_json(&v))
            .collect::<PyResult<_>>()
            .map(Value::Array);
    }
    if let Ok(list) = value.cast::<PyList>() {
        return list
            .iter()
            .map(|v| py_to_json(&v))
            .collect::<PyResult<_>>()
            .map(Value::Array);
    }
    if let Ok(mapping) = value.cast::<PyMapping>() {
        let mut map = Map::new();
        for item in mapping.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            map.insert(key_text(&k)?, py_to_json(&v)?);
        }
        return Ok(Value::Object(map));
    }
    if !value.is_instance_of::<PyString>()
        && let Ok(seq) = value.cast::<PySequence>()
    {
        let mut out = Vec::new();
        for i in 0..seq.len()? {
            out.push(py_to_json(&seq.get_item(i)?)?);
        }
        return Ok(Value::Array(out));
    }
    if value.hasattr("to_dict")? {
        return py_to_json(&value.call_method0("to_dict")?);
    }
    Err(PyTypeError::new_err(format!(
        "cannot send a {} as JSON",
        value.get_type().name()?
    )))
}

fn key_text(key: &Bound<'_, PyAny>) -> PyResult<String> {
    key.cast::<PyString>()
        .map_err(|_| PyTypeError::new_err("JSON object keys must be str"))?
        .to_cow()
        .map(|c| c.into_owned())
}

/// A dict as a JSON object.
pub fn dict_to_json_map(dict: &Bound<'_, PyDict>) -> PyResult<Map<String, Value>> {
    let mut map = Map::new();
    for (k, v) in dict.iter() {
        map.insert(key_text(&k)?, py_to_json(&v)?);
    }
    Ok(map)
}

/// Keyword parameters as a JSON object, leaving out those set to `None` (not given).
pub fn params_to_json(dict: Option<&Bound<'_, PyDict>>) -> PyResult<Map<String, Value>> {
    let mut map = Map::new();
    if let Some(dict) = dict {
        for (k, v) in dict.iter() {
            if !v.is_none() {
                map.insert(key_text(&k)?, py_to_json(&v)?);
            }
        }
    }
    Ok(map)
}

/// Reads bytes or text (a JSON document) as bytes.
pub fn text_or_bytes(value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    value
        .extract::<Vec<u8>>()
        .map_err(|_| PyTypeError::new_err("expected JSON as str or bytes"))
}

/// A decode failure as the flat error the core uses for it.
pub fn decode_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::new(
        pacer_sdk_core::ErrorKind::Api,
        "decode_failed",
        format!("cannot decode {what}: {e}"),
    )
}

/// `Class(name=value, ...)` with each value shown by Python's own `repr`.
pub fn py_repr(class: &str, fields: &[(&str, Bound<'_, PyAny>)]) -> PyResult<String> {
    let mut parts = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        parts.push(format!("{name}={}", value.repr()?));
    }
    Ok(format!("{class}({})", parts.join(", ")))
}

/// Builds a Python-style repr: `py_repr_of!(py, "Written", id = self.id(py)?, reconciled = true)`.
macro_rules! py_repr_of {
    ($py:expr, $class:expr $(, $name:ident = $value:expr)* $(,)?) => {{
        use pyo3::IntoPyObjectExt as _;
        $crate::convert::py_repr($class, &[$((stringify!($name), ($value).into_bound_py_any($py)?)),*])
    }};
}
pub(crate) use py_repr_of;
