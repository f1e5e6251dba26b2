//! Record classes built from the core's catalogue (`pacer_sdk_core::models::records`), so a
//! field added to a model in core reaches Python with no binding code.
//!
//! One Rust class, `Record`, holds a record as the core decodes it: its JSON text as received
//! and the core's normalized form of it (`models::normalize`: statuses, loose ids and flags as
//! in Rust, unknown fields kept). Each model of the catalogue becomes a Python subclass created
//! at import, with one read-only property per field, so `isinstance`, attribute access, `help()`
//! and the stubs all see the model's own fields. Converting a field to Python is by its type
//! descriptor; money is read from the received literal, so no digit is lost.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use pacer_sdk_core::Amount;
use pacer_sdk_core::models::describe::{RecordDesc, TypeDesc};
use pacer_sdk_core::models::{GROUPS, normalize, records};
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyType};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::convert::{amount_to_py, json_map_to_py, json_to_py, py_to_json, text_or_bytes};

/// The group whose records sit at the package's top level (`pacer_sdk.Job`), where they have
/// always been; every other group's records live in the submodule of its name.
pub const TOP_LEVEL_GROUP: &str = "syncore";

/// The Python module a group's record classes belong to.
pub fn module_of(group: &str) -> String {
    if group == TOP_LEVEL_GROUP {
        "pacer_sdk".to_string()
    } else {
        format!("pacer_sdk.{group}")
    }
}

/// One model of the catalogue and the group it belongs to.
pub struct Shape {
    group: &'static str,
    desc: RecordDesc,
}

/// The catalogue by group and model, described once per process (the descriptions are built
/// on each call).
type Catalogue = HashMap<&'static str, HashMap<&'static str, Shape>>;

fn shapes() -> &'static Catalogue {
    static SHAPES: OnceLock<Catalogue> = OnceLock::new();
    SHAPES.get_or_init(|| {
        GROUPS
            .iter()
            .map(|group| {
                let models = records(group)
                    .into_iter()
                    .map(|desc| (desc.name, Shape { group, desc }))
                    .collect();
                (*group, models)
            })
            .collect()
    })
}

fn shape(group: &str, name: &str) -> Option<&'static Shape> {
    shapes().get(group)?.get(name)
}

/// The Python class of each model, created by [`register`]: the classes are immutable, so one
/// table per interpreter serves every client.
static CLASSES: PyOnceLock<HashMap<(&'static str, &'static str), Py<PyType>>> = PyOnceLock::new();

/// Whether a normalized value is what the core writes for a field of type `ty`. The core keeps a
/// mistyped value of a known field under the field's key (it round-trips), so a value of any
/// other shape is not the field's value but one kept as sent.
fn fits(ty: &TypeDesc, v: &Value) -> bool {
    let integer = |v: &Value| v.is_i64() || v.is_u64();
    match ty {
        TypeDesc::Int => integer(v),
        TypeDesc::Float | TypeDesc::Money => v.is_number(),
        TypeDesc::Text | TypeDesc::Enum { .. } => v.is_string(),
        TypeDesc::Bool => v.is_boolean(),
        TypeDesc::Any => !v.is_null(),
        TypeDesc::IntOrText => integer(v) || v.is_string(),
        TypeDesc::BoolOrText => v.is_boolean() || v.is_string(),
        TypeDesc::Record { .. } => v.is_object(),
        TypeDesc::List { of } => v.as_array().is_some_and(|a| a.iter().all(|x| fits(of, x))),
        TypeDesc::Map { of } => v
            .as_object()
            .is_some_and(|m| m.values().all(|x| fits(of, x))),
    }
}

/// The top-level fields of one JSON object, borrowed from its text.
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Entries<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<'de>, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    out.push((key, map.next_value::<&'de RawValue>()?));
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl<'a> Entries<'a> {
    /// The raw value of `key` (its last occurrence, as the core reads duplicates).
    fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| *v)
    }
}

/// A record as the core decodes it.
pub struct RecordData {
    shape: &'static Shape,
    /// The JSON text as received (money keeps its literal digits here).
    raw: Box<str>,
    /// The core's normalized form: known fields as Rust writes them, kept fields as sent.
    norm: Map<String, Value>,
    /// Where each top-level field lies in `raw`, found when money or a nested value is read.
    spans: OnceLock<Vec<(String, usize, usize)>>,
}

impl RecordData {
    /// Decodes a record of `shape` from JSON text, exactly as the client does.
    fn decode(shape: &'static Shape, raw: Box<str>) -> Result<RecordData, serde_json::Error> {
        match normalize(shape.group, shape.desc.name, raw.as_bytes())? {
            Value::Object(norm) => Ok(RecordData {
                shape,
                raw,
                norm,
                spans: OnceLock::new(),
            }),
            _ => Err(serde::de::Error::custom("a record is a JSON object")),
        }
    }

    fn raw_field(&self, key: &str) -> Option<&RawValue> {
        let spans = self.spans.get_or_init(|| {
            let base = self.raw.as_ptr() as usize;
            serde_json::from_str::<Entries<'_>>(&self.raw)
                .map(|e| {
                    e.0.into_iter()
                        .map(|(k, v)| {
                            let start = v.get().as_ptr() as usize - base;
                            (k, start, start + v.get().len())
                        })
                        .collect()
                })
                .unwrap_or_default()
        });
        let (_, start, end) = spans.iter().rev().find(|(k, _, _)| k == key)?;
        serde_json::from_str::<&RawValue>(&self.raw[*start..*end]).ok()
    }

    /// Field `index` as Python (`plain`: nested records as dicts), or None when it is absent,
    /// null or kept as sent with an unexpected type.
    fn field<'py>(
        &self,
        py: Python<'py>,
        index: usize,
        plain: bool,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let f = &self.shape.desc.fields[index];
        match self.norm.get(f.key) {
            Some(v) if fits(&f.ty, v) => {
                let raw = self.raw_field(f.key);
                value_to_py(py, self.shape.group, &f.ty, v, raw, plain).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// Fields pacer does not know, and known ones sent as null or with an unexpected type.
    fn extra(&self) -> impl Iterator<Item = (&String, &Value)> {
        let fields = &self.shape.desc.fields;
        self.norm.iter().filter(|(k, v)| {
            fields
                .iter()
                .find(|f| f.key == k.as_str())
                .is_none_or(|f| !fits(&f.ty, v))
        })
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (i, f) in self.shape.desc.fields.iter().enumerate() {
            if let Some(v) = self.field(py, i, true)? {
                dict.set_item(f.key, v)?;
            }
        }
        for (k, v) in self.extra() {
            dict.set_item(k, json_to_py(py, v)?)?;
        }
        Ok(dict)
    }

    /// The Python object of its model's class.
    fn into_py(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let key = (self.shape.group, self.shape.desc.name);
        let class = CLASSES
            .get(py)
            .and_then(|c| c.get(&key))
            .ok_or_else(|| PyTypeError::new_err("the record classes are not registered"))?;
        let seed = Seed(Mutex::new(Some(self)));
        Ok(class.bind(py).call1((seed,))?.unbind())
    }
}

/// A field value as Python, by its type descriptor; `raw` is its text as received, when known.
fn value_to_py<'py>(
    py: Python<'py>,
    group: &'static str,
    ty: &TypeDesc,
    v: &Value,
    raw: Option<&RawValue>,
    plain: bool,
) -> PyResult<Bound<'py, PyAny>> {
    match ty {
        TypeDesc::Money => {
            // The core reads money from its literal; the normalized number is a float.
            let amount = raw
                .and_then(|r| serde_json::from_str::<Amount>(r.get()).ok())
                .or_else(|| Amount::parse(&v.to_string()));
            match amount {
                Some(a) => amount_to_py(py, &a),
                None => json_to_py(py, v),
            }
        }
        TypeDesc::Record { name } => match (shape(group, name), v) {
            (Some(shape), Value::Object(norm)) => {
                let data = RecordData {
                    shape,
                    raw: raw.map_or_else(|| v.to_string().into(), |r| r.get().into()),
                    norm: norm.clone(),
                    spans: OnceLock::new(),
                };
                if plain {
                    Ok(data.to_dict(py)?.into_any())
                } else {
                    Ok(data.into_py(py)?.into_bound(py))
                }
            }
            _ => json_to_py(py, v),
        },
        TypeDesc::List { of } => {
            let raws: Option<Vec<&RawValue>> = raw.and_then(|r| serde_json::from_str(r.get()).ok());
            let list = PyList::empty(py);
            for (i, item) in v.as_array().into_iter().flatten().enumerate() {
                let r = raws.as_ref().and_then(|rs| rs.get(i).copied());
                list.append(value_to_py(py, group, of, item, r, plain)?)?;
            }
            Ok(list.into_any())
        }
        TypeDesc::Map { of } => {
            let raws: Option<Entries<'_>> = raw.and_then(|r| serde_json::from_str(r.get()).ok());
            let dict = PyDict::new(py);
            for (k, item) in v.as_object().into_iter().flatten() {
                let r = raws.as_ref().and_then(|e| e.get(k));
                dict.set_item(k, value_to_py(py, group, of, item, r, plain)?)?;
            }
            Ok(dict.into_any())
        }
        _ => json_to_py(py, v),
    }
}

/// Hands decoded data to a record class's constructor (records decode without the GIL).
#[pyclass(frozen, module = "pacer_sdk._native")]
struct Seed(Mutex<Option<RecordData>>);

/// Reads one field of a record: the getter of the field's property.
#[pyclass(frozen, module = "pacer_sdk._native")]
struct FieldReader {
    index: usize,
}

#[pymethods]
impl FieldReader {
    fn __call__<'py>(&self, record: &Bound<'py, Record>) -> PyResult<Option<Bound<'py, PyAny>>> {
        record.get().data.field(record.py(), self.index, false)
    }
}

/// A record of a provider's API: immutable, equal by value, its known fields as read-only
/// attributes (None when absent), unknown fields kept in `extra`; money is `decimal.Decimal`.
#[pyclass(frozen, subclass, module = "pacer_sdk", name = "Record")]
pub struct Record {
    data: RecordData,
}

/// The model of a record class (the base class `Record` has none).
fn shape_of(cls: &Bound<'_, PyType>) -> PyResult<&'static Shape> {
    let (group, name): (String, String) = cls
        .getattr("_pacer_model")
        .and_then(|m| m.extract())
        .map_err(|_| PyTypeError::new_err("Record is the base class; use a model's class"))?;
    shape(&group, &name).ok_or_else(|| PyTypeError::new_err(format!("no model {group}.{name}")))
}

fn from_value(cls: &Bound<'_, PyType>, value: Value) -> PyResult<Py<PyAny>> {
    let shape = shape_of(cls)?;
    // Through text, as from the server: the core's decoding reads money from its literal.
    let data = RecordData::decode(shape, value.to_string().into())
        .map_err(|e| PyValueError::new_err(format!("cannot decode a {}: {e}", shape.desc.name)))?;
    let seed = Seed(Mutex::new(Some(data)));
    Ok(cls.call1((seed,))?.unbind())
}

#[pymethods]
impl Record {
    /// A record from its fields (JSON keys), e.g. `Job(id=1)` or `Job(**other.to_dict())`.
    #[classmethod]
    #[new]
    #[pyo3(signature = (*args, **fields))]
    fn new(
        cls: &Bound<'_, PyType>,
        args: &Bound<'_, PyTuple>,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        if args.len() == 1
            && let Ok(seed) = args.get_item(0)?.cast::<Seed>()
            && let Some(data) = seed
                .get()
                .0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take()
        {
            return Ok(Record { data });
        }
        if !args.is_empty() {
            return Err(PyTypeError::new_err(
                "a record takes its fields as keywords",
            ));
        }
        let map = match fields {
            Some(d) => crate::convert::dict_to_json_map(d)?,
            None => Map::new(),
        };
        let shape = shape_of(cls)?;
        RecordData::decode(shape, Value::Object(map).to_string().into())
            .map(|data| Record { data })
            .map_err(|e| PyValueError::new_err(format!("cannot decode a {}: {e}", shape.desc.name)))
    }

    /// Fields pacer does not know (and known ones sent as null or with an unexpected type),
    /// kept as sent so records round-trip.
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (k, v) in self.data.extra() {
            dict.set_item(k, json_to_py(py, v)?)?;
        }
        Ok(dict)
    }

    /// The record as plain data: known fields that are set (money as `Decimal`, nested records
    /// as dicts), then the kept fields as sent.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.data.to_dict(py)
    }

    /// A record from plain data (a mapping with the API's JSON keys).
    #[classmethod]
    fn from_dict(cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        match py_to_json(data)? {
            value @ Value::Object(_) => from_value(cls, value),
            _ => Err(PyTypeError::new_err("from_dict takes a mapping")),
        }
    }

    /// A record from JSON text (str or bytes), decoded exactly as the client does.
    #[classmethod]
    fn from_json(cls: &Bound<'_, PyType>, json: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let shape = shape_of(cls)?;
        let bad = |e: &dyn std::fmt::Display| {
            PyValueError::new_err(format!("cannot decode a {}: {e}", shape.desc.name))
        };
        let text = String::from_utf8(text_or_bytes(json)?).map_err(|e| bad(&e))?;
        let data = RecordData::decode(shape, text.into()).map_err(|e| bad(&e))?;
        data.into_py(cls.py())
    }

    /// The records of one list page as the API sends it: an envelope object (records under
    /// `envelope`, or its only list), a bare array or a lone record.
    #[classmethod]
    #[pyo3(signature = (body, envelope = None))]
    fn list_from_json(
        cls: &Bound<'_, PyType>,
        body: &Bound<'_, PyAny>,
        envelope: Option<&str>,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let py = cls.py();
        let shape = shape_of(cls)?;
        let bytes = text_or_bytes(body)?;
        let decoded: Result<Vec<RecordData>, pacer_sdk_core::Error> = py.detach(|| {
            let page = pacer_sdk_core::envelope::decode_list(&bytes, envelope, &[])?;
            page.items
                .into_iter()
                .map(|item| {
                    RecordData::decode(shape, item.into())
                        .map_err(|e| crate::convert::decode_error("a record", e))
                })
                .collect()
        });
        decoded
            .map_err(|e| crate::errors::to_pyerr(py, e))?
            .into_iter()
            .map(|d| d.into_py(py))
            .collect()
    }

    fn __eq__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        match other.cast::<Record>() {
            Ok(o) if o.get_type().is(slf.get_type()) => {
                (o.get().data.norm == slf.get().data.norm).into_py_any(py)
            }
            _ => Ok(py.NotImplemented()),
        }
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        let data = &slf.get().data;
        let mut parts = Vec::new();
        let attrs = slf.get_type().getattr("_pacer_attrs")?;
        for (i, attr) in attrs.cast::<PyTuple>()?.iter().enumerate() {
            if let Some(v) = data.field(py, i, false)? {
                parts.push(format!(
                    "{}={}",
                    attr.cast::<PyString>()?.to_cow()?,
                    v.repr()?
                ));
            }
        }
        let extra: Map<String, Value> = data.extra().map(|(k, v)| (k.clone(), v.clone())).collect();
        if !extra.is_empty() {
            parts.push(format!("extra={}", json_map_to_py(py, &extra)?.repr()?));
        }
        Ok(format!("{}({})", data.shape.desc.name, parts.join(", ")))
    }

    /// Pickles as its plain data (so records cross process boundaries).
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyDict>,))> {
        let from_dict = slf.get_type().getattr("from_dict")?;
        Ok((from_dict, (slf.get().data.to_dict(slf.py())?,)))
    }
}

/// How a call's answer decodes: as a record of the endpoint's model, or as plain data when the
/// endpoint names no model (or one this version's catalogue lacks).
#[derive(Clone, Copy)]
pub struct Decoder {
    shape: Option<&'static Shape>,
}

/// A decoded answer waiting for the GIL to become a Python object.
pub enum Decoded {
    /// A record of a model.
    Record(RecordData),
    /// Plain JSON data.
    Plain(Value),
}

impl Decoder {
    /// The decoder for `model` (a spec's `returns`) of `group`.
    pub fn for_model(group: &str, model: Option<&str>) -> Decoder {
        Decoder {
            shape: model.and_then(|m| shape(group, m)),
        }
    }

    /// Decodes one answer (JSON text); runs without the GIL.
    pub fn decode(&self, raw: Box<str>) -> Result<Decoded, serde_json::Error> {
        match self.shape {
            Some(shape) => RecordData::decode(shape, raw).map(Decoded::Record),
            None => serde_json::from_str(&raw).map(Decoded::Plain),
        }
    }
}

impl Decoded {
    /// The Python object.
    pub fn into_py(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Decoded::Record(data) => data.into_py(py),
            Decoded::Plain(v) => Ok(json_to_py(py, &v)?.unbind()),
        }
    }
}

/// A record of `group`'s model `name` from a Rust value the core produced (a webhook payload).
pub fn record_of<T: serde::Serialize>(
    py: Python<'_>,
    group: &str,
    name: &str,
    value: &T,
) -> PyResult<Py<PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Decoder::for_model(group, Some(name))
        .decode(text.into())
        .map_err(|e| PyValueError::new_err(format!("cannot decode a {name}: {e}")))?
        .into_py(py)
}

/// A record given as a Python argument (a body, or a field of one), as JSON: its fields exactly
/// as the core holds them.
pub fn record_to_json(value: &Bound<'_, PyAny>) -> Option<Value> {
    value
        .cast::<Record>()
        .ok()
        .map(|r| Value::Object(r.get().data.norm.clone()))
}

/// The attribute of a JSON key: the key, with `_` after a Python keyword (`class_`).
fn attribute(iskeyword: &Bound<'_, PyAny>, key: &str) -> PyResult<String> {
    Ok(if iskeyword.call1((key,))?.is_truthy()? {
        format!("{key}_")
    } else {
        key.to_string()
    })
}

/// The modules of the record groups other than the top level's, created empty.
pub fn group_modules() -> impl Iterator<Item = &'static str> {
    GROUPS.iter().copied().filter(|g| *g != TOP_LEVEL_GROUP)
}

/// Creates every model's class and adds it to its module: `m` for the top-level group, the
/// submodule of its name (already added to `m`) for the others; each module gets
/// `RECORD_TYPES`, the names of its classes in catalogue order.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Record>()?;
    let property = py.import("builtins")?.getattr("property")?;
    let iskeyword = py.import("keyword")?.getattr("iskeyword")?;
    let base = py.get_type::<Record>();
    let mut classes = HashMap::new();
    for group in GROUPS.iter().copied() {
        let target = if group == TOP_LEVEL_GROUP {
            m.clone()
        } else {
            m.getattr(group)?.cast_into::<PyModule>()?
        };
        let mut names = Vec::new();
        for desc in records(group) {
            let ns = PyDict::new(py);
            ns.set_item("__doc__", &desc.doc)?;
            ns.set_item("__module__", module_of(group))?;
            ns.set_item("__qualname__", desc.name)?;
            // No instance dict (records are immutable) and no hash (they compare by value).
            ns.set_item("__slots__", PyTuple::empty(py))?;
            ns.set_item("__hash__", py.None())?;
            ns.set_item("_pacer_model", (group, desc.name))?;
            let keys: Vec<&str> = desc.fields.iter().map(|f| f.key).collect();
            ns.set_item("FIELDS", PyTuple::new(py, &keys)?)?;
            let mut attrs = Vec::new();
            for (index, f) in desc.fields.iter().enumerate() {
                let attr = attribute(&iskeyword, f.key)?;
                let doc = if f.doc.is_empty() {
                    format!("The `{}` field.", f.key)
                } else {
                    f.doc.clone()
                };
                let reader = Bound::new(py, FieldReader { index })?;
                ns.set_item(&attr, property.call1((reader, py.None(), py.None(), doc))?)?;
                attrs.push(attr);
            }
            ns.set_item("_pacer_attrs", PyTuple::new(py, &attrs)?)?;
            let class = py
                .get_type::<PyType>()
                .call1((desc.name, (base.clone(),), ns))?
                .cast_into::<PyType>()?;
            target.add(desc.name, &class)?;
            classes.insert((group, desc.name), class.unbind());
            names.push(desc.name);
        }
        target.add("RECORD_TYPES", PyTuple::new(py, &names)?)?;
    }
    let _ = CLASSES.set(py, classes);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_kept_value_does_not_fit_its_field() {
        assert!(fits(&TypeDesc::Int, &json!(3)));
        assert!(!fits(&TypeDesc::Int, &json!(1.5)));
        assert!(!fits(&TypeDesc::Int, &json!("3")));
        assert!(fits(&TypeDesc::Money, &json!(1.5)));
        let ints = TypeDesc::List {
            of: Box::new(TypeDesc::Int),
        };
        assert!(fits(&ints, &json!([1, 2])));
        assert!(
            !fits(&ints, &json!([1, "x"])),
            "a list the core could not read"
        );
    }

    #[test]
    fn money_reads_from_the_literal_and_mistyped_fields_are_kept() {
        let job = shape("syncore", "LineItem").unwrap();
        let data = RecordData::decode(
            job,
            r#"{"line_id": "x", "cost_value": 12345678901234567.89}"#.into(),
        )
        .unwrap();
        let i = job
            .desc
            .fields
            .iter()
            .position(|f| f.key == "cost_value")
            .unwrap();
        assert_eq!(
            data.raw_field("cost_value").unwrap().get(),
            "12345678901234567.89"
        );
        assert!(fits(&job.desc.fields[i].ty, &data.norm["cost_value"]));
        let kept: Vec<&String> = data.extra().map(|(k, _)| k).collect();
        assert_eq!(kept, ["line_id"]);
    }
}
