//! One Python class per record type of the core (`pacer_sdk_core::models`). A Python record wraps
//! the Rust record as decoded by the core (one pass, exact money, unknown fields kept) and
//! converts a field only when it is read, so decoding a page costs one object per record.
//!
//! Each class is declared once in `py_models!` below with its attributes and their Python
//! types; the types also feed the `.pyi` stubs (`FIELD_TYPES`, checked by the test suite),
//! and a unit test checks the attributes against the core's `FIELDS`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use pacer_sdk_core::Amount;
use pacer_sdk_core::models as m;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString, PyTuple, PyType};
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::convert::{amount_to_py, json_map_to_py, json_to_py, py_to_json, text_or_bytes};

/// A Rust value that becomes a Python value.
pub trait ToPy {
    /// As an attribute value (records stay records).
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>>;
    /// As plain data for `to_dict()` (records become dicts).
    fn to_plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_py(py)
    }
}

impl ToPy for i64 {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.into_pyobject(py)?.into_any())
    }
}

impl ToPy for bool {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyBool::new(py, *self).to_owned().into_any())
    }
}

impl ToPy for String {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyString::new(py, self).into_any())
    }
}

impl ToPy for Amount {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        amount_to_py(py, self)
    }
}

impl ToPy for Value {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, self)
    }
}

impl ToPy for m::LooseId {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            m::LooseId::Number(n) => n.to_py(py),
            m::LooseId::Text(t) => t.to_py(py),
        }
    }
}

impl ToPy for m::LooseBool {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            m::LooseBool::Bool(b) => b.to_py(py),
            m::LooseBool::Text(t) => t.to_py(py),
        }
    }
}

impl<T: ToPy> ToPy for std::collections::BTreeMap<String, T> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let dict = PyDict::new(py);
        for (k, v) in self {
            dict.set_item(k, v.to_py(py)?)?;
        }
        Ok(dict.into_any())
    }

    fn to_plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let dict = PyDict::new(py);
        for (k, v) in self {
            dict.set_item(k, v.to_plain(py)?)?;
        }
        Ok(dict.into_any())
    }
}

impl<T: ToPy> ToPy for Vec<T> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let list = PyList::empty(py);
        for item in self {
            list.append(item.to_py(py)?)?;
        }
        Ok(list.into_any())
    }

    fn to_plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let list = PyList::empty(py);
        for item in self {
            list.append(item.to_plain(py)?)?;
        }
        Ok(list.into_any())
    }
}

/// Open enums (a status the core does not know is kept): the API's spelling as `str`.
macro_rules! enums_as_text {
    ($($t:ty),*) => {$(
        impl ToPy for $t {
            fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                Ok(PyString::new(py, self.as_str()).into_any())
            }
        }
    )*};
}
enums_as_text!(
    m::JobStatus,
    m::SalesOrderStatus,
    m::PurchaseOrderStatus,
    m::LineType,
    m::ContactType,
    m::synq::OrderStatus
);

/// A decoded record waiting to become a Python object (decoding runs without the GIL).
pub trait IntoPyRecord: Send {
    /// The Python object.
    fn into_py_record(self: Box<Self>, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

/// A decoded record of any type.
pub type Decoded = Box<dyn IntoPyRecord>;

/// Decodes one record (JSON text) into the record type of a spec's `returns` name.
pub type Decoder = fn(Box<str>) -> Result<Decoded, serde_json::Error>;

impl IntoPyRecord for Value {
    fn into_py_record(self: Box<Self>, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(json_to_py(py, &self)?.unbind())
    }
}

fn decode_plain(json: Box<str>) -> Result<Decoded, serde_json::Error> {
    serde_json::from_str::<Value>(&json).map(|v| Box::new(v) as Decoded)
}

/// Where a top-level key lies: a range of the record's text, or owned when it had escapes.
type KeySpan = Result<(u32, u32), Box<str>>;

/// A record's JSON text with where each top-level field's value lies, so that reading one
/// attribute decodes one field (with the core's own decoding) instead of the whole record.
pub struct RawRecord {
    text: Box<str>,
    /// (key, value start, value end); a key is a range of `text`, or owned when it had escapes.
    fields: Vec<(KeySpan, u32, u32)>,
}

/// A top-level key, borrowed from the text when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// The fields of one JSON object, borrowed from its text.
struct Fields<'de>(Vec<(Key<'de>, &'de RawValue)>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a record (a JSON object)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields<'de>, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(24));
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    out.push((key, map.next_value::<&'de RawValue>()?));
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl RawRecord {
    /// Indexes a record's text (one pass; fails unless it is a JSON object).
    pub fn parse(text: Box<str>) -> Result<RawRecord, serde_json::Error> {
        let base = text.as_ptr() as usize;
        let offset = |s: &str| (s.as_ptr() as usize - base) as u32;
        let fields = {
            let parsed: Fields<'_> = serde_json::from_str(&text)?;
            parsed
                .0
                .into_iter()
                .map(|(key, value)| {
                    let key = match key.0 {
                        Cow::Borrowed(k) => Ok((offset(k), offset(k) + k.len() as u32)),
                        Cow::Owned(k) => Err(k.into_boxed_str()),
                    };
                    let v = value.get();
                    (key, offset(v), offset(v) + v.len() as u32)
                })
                .collect()
        };
        Ok(RawRecord { text, fields })
    }

    /// The raw JSON of field `key` (its last occurrence), if present.
    fn get(&self, key: &str) -> Option<&str> {
        self.fields.iter().rev().find_map(|(k, start, end)| {
            let name = match k {
                Ok((a, b)) => &self.text[*a as usize..*b as usize],
                Err(owned) => owned,
            };
            (name == key).then(|| &self.text[*start as usize..*end as usize])
        })
    }
}

/// Where a record's values come from.
pub enum Source<T> {
    /// A record decoded in full (built from Python data, or nested in another record).
    Full(T),
    /// A record as received: fields decode when read, the whole record when needed.
    Lazy(RawRecord, OnceLock<T>),
}

impl<T: DeserializeOwned + Default> Source<T> {
    /// The record decoded in full (once), exactly as the core decodes it.
    fn full(&self) -> &T {
        match self {
            Source::Full(t) => t,
            Source::Lazy(raw, full) => full.get_or_init(|| {
                pacer_sdk_core::models::decode(raw.text.as_bytes()).unwrap_or_default()
            }),
        }
    }

    /// One field; from the received text it decodes with the core's per-value rules (null or
    /// a value of an unexpected type is no value), so it equals the field of `full()`.
    fn field<F: DeserializeOwned + Clone>(
        &self,
        key: &str,
        pick: fn(&T) -> &Option<F>,
    ) -> Option<Cow<'_, F>> {
        match self {
            Source::Full(t) => pick(t).as_ref().map(Cow::Borrowed),
            Source::Lazy(_, full) if full.get().is_some() => {
                pick(self.full()).as_ref().map(Cow::Borrowed)
            }
            Source::Lazy(raw, _) => {
                let text = raw.get(key)?;
                if text == "null" {
                    return None;
                }
                pacer_sdk_core::models::decode::<F>(text.as_bytes())
                    .ok()
                    .map(Cow::Owned)
            }
        }
    }
}

/// Strips the raw-identifier prefix, so `r#type` is the key `type`.
const fn unraw(name: &'static str) -> &'static str {
    match name.as_bytes() {
        [b'r', b'#', ..] => name.split_at(2).1,
        _ => name,
    }
}

/// The field of the Rust record behind an attribute (the attribute's own name unless renamed).
macro_rules! field_of {
    ($rec:expr, $attr:ident) => {
        &$rec.$attr
    };
    ($rec:expr, $attr:ident, $field:ident) => {
        &$rec.$field
    };
}

/// The JSON key of an attribute: its name, unless given (`class_` is the key `class`).
macro_rules! key_of {
    ($attr:ident) => {
        unraw(stringify!($attr))
    };
    ($attr:ident, $key:literal) => {
        $key
    };
}

/// Declares the Python class of each record type; see the module documentation.
macro_rules! py_models {
    (module: $pymod:literal; $(
        $(#[doc = $doc:literal])+
        $rust:ident {
            $( $attr:ident $([$key:literal])? : $pyty:literal $(= $field:ident)? ),* $(,)?
        }
    )*) => {
        $(
            $(#[doc = $doc])+
            #[pyclass(frozen, eq, module = $pymod)]
            pub struct $rust(pub Source<m::$rust>);

            impl PartialEq for $rust {
                fn eq(&self, other: &Self) -> bool {
                    self.0.full() == other.0.full()
                }
            }

            impl $rust {
                /// (key, Python type) of each attribute, in the core's field order.
                const ATTRS: &'static [(&'static str, &'static str)] =
                    &[$((key_of!($attr $(, $key)?), $pyty)),*];

                fn plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                    let dict = PyDict::new(py);
                    let full = self.0.full();
                    $(
                        if let Some(v) = field_of!(full, $attr $(, $field)?) {
                            dict.set_item(pyo3::intern!(py, key_of!($attr $(, $key)?)), v.to_plain(py)?)?;
                        }
                    )*
                    for (k, v) in &full.extra {
                        if !dict.contains(k)? {
                            dict.set_item(k, json_to_py(py, v)?)?;
                        }
                    }
                    Ok(dict)
                }
            }

            #[pymethods]
            impl $rust {
                /// Builds a record from its fields (JSON keys), e.g. from `to_dict()` output.
                #[new]
                #[pyo3(signature = (**fields))]
                fn new(fields: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
                    let map = match fields {
                        Some(d) => crate::convert::dict_to_json_map(d)?,
                        None => Default::default(),
                    };
                    from_value::<m::$rust>(Value::Object(map)).map(|r| $rust(Source::Full(r)))
                }

                $(
                    #[doc = concat!("`", $pyty, " | None`")]
                    #[getter]
                    // Attribute names are the API's field names (e.g. `from_stock`).
                    #[allow(clippy::wrong_self_convention)]
                    fn $attr<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
                        self.0
                            .field(key_of!($attr $(, $key)?), |r: &m::$rust| field_of!(r, $attr $(, $field)?))
                            .map(|v| v.to_py(py))
                            .transpose()
                    }
                )*

                /// Fields pacer does not know (and known fields sent as null or with an
                /// unexpected type), kept as sent so records round-trip.
                #[getter]
                fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                    json_map_to_py(py, &self.0.full().extra)
                }

                /// The JSON keys of the known fields.
                #[classattr]
                #[allow(non_snake_case)]
                fn FIELDS(py: Python<'_>) -> PyResult<Py<PyTuple>> {
                    Ok(PyTuple::new(py, Self::ATTRS.iter().map(|(k, _)| *k))?.unbind())
                }

                /// The Python type of each known field (as written in the stubs).
                #[classattr]
                #[allow(non_snake_case)]
                fn FIELD_TYPES(py: Python<'_>) -> PyResult<Py<PyDict>> {
                    let d = PyDict::new(py);
                    for (k, t) in Self::ATTRS {
                        d.set_item(k, t)?;
                    }
                    Ok(d.unbind())
                }

                /// The record as plain data: known fields that are set (money as `Decimal`,
                /// nested records as dicts), then unknown fields as sent.
                fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                    self.plain(py)
                }

                /// A record from plain data (a mapping with the API's JSON keys).
                #[classmethod]
                fn from_dict(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
                    from_value::<m::$rust>(py_to_json(data)?).map(|r| $rust(Source::Full(r)))
                }

                /// A record from JSON text (str or bytes), decoded exactly as the client does.
                #[classmethod]
                fn from_json(_cls: &Bound<'_, PyType>, json: &Bound<'_, PyAny>) -> PyResult<Self> {
                    let text = String::from_utf8(text_or_bytes(json)?)
                        .map_err(|e| PyValueError::new_err(format!("cannot decode a {}: {e}", stringify!($rust))))?;
                    RawRecord::parse(text.into_boxed_str())
                        .map(|raw| $rust(Source::Lazy(raw, OnceLock::new())))
                        .map_err(|e| PyValueError::new_err(format!("cannot decode a {}: {e}", stringify!($rust))))
                }

                /// The records of one list page as the API sends it: an envelope object
                /// (records under `envelope`, or its only list), a bare array or a lone record.
                #[classmethod]
                #[pyo3(signature = (body, envelope = None))]
                fn list_from_json(
                    _cls: &Bound<'_, PyType>,
                    py: Python<'_>,
                    body: &Bound<'_, PyAny>,
                    envelope: Option<&str>,
                ) -> PyResult<Vec<Self>> {
                    let bytes = text_or_bytes(body)?;
                    let decoded: Result<Vec<RawRecord>, pacer_sdk_core::Error> = py.detach(|| {
                        let page = pacer_sdk_core::envelope::decode_list(&bytes, envelope, &[])?;
                        page.items
                            .into_iter()
                            .map(|item| RawRecord::parse(item.into()).map_err(|e| crate::convert::decode_error("a record", e)))
                            .collect()
                    });
                    decoded
                        .map(|records| records.into_iter().map(|raw| $rust(Source::Lazy(raw, OnceLock::new()))).collect())
                        .map_err(|e| crate::errors::to_pyerr(py, e))
                }

                fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                    let mut parts: Vec<String> = Vec::new();
                    let full = self.0.full();
                    $(
                        if let Some(v) = field_of!(full, $attr $(, $field)?) {
                            parts.push(format!("{}={}", unraw(stringify!($attr)), v.to_py(py)?.repr()?));
                        }
                    )*
                    if !full.extra.is_empty() {
                        parts.push(format!("extra={}", json_map_to_py(py, &full.extra)?.repr()?));
                    }
                    Ok(format!("{}({})", stringify!($rust), parts.join(", ")))
                }

                /// Pickles as its plain data (so records cross process boundaries).
                fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyDict>,))> {
                    let py = slf.py();
                    let from_dict = slf.get_type().getattr("from_dict")?;
                    Ok((from_dict, (slf.get().plain(py)?,)))
                }
            }

            impl ToPy for m::$rust {
                fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    Ok(Bound::new(py, $rust(Source::Full(self.clone())))?.into_any())
                }
                fn to_plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    Ok($rust(Source::Full(self.clone())).plain(py)?.into_any())
                }
            }

            impl IntoPyRecord for $rust {
                fn into_py_record(self: Box<Self>, py: Python<'_>) -> PyResult<Py<PyAny>> {
                    Ok(Bound::new(py, *self)?.into_any().unbind())
                }
            }
        )*

        /// Every record class: (name, Python class registrar, decoder).
        pub fn all_classes() -> Vec<(&'static str, fn(&Bound<'_, PyModule>) -> PyResult<()>, Decoder)> {
            vec![$(
                (
                    stringify!($rust),
                    |module: &Bound<'_, PyModule>| module.add_class::<$rust>(),
                    |json: Box<str>| RawRecord::parse(json).map(|raw| Box::new($rust(Source::Lazy(raw, OnceLock::new()))) as Decoded),
                ),
            )*]
        }

        /// A record given as a Python argument, as JSON (its fields, exactly as sent).
        pub fn record_to_json(value: &Bound<'_, PyAny>) -> Option<Value> {
            $(
                if let Ok(r) = value.cast::<$rust>() {
                    return Some(r.get().0.full().to_value());
                }
            )*
            None
        }

        #[cfg(test)]
        /// (class, attribute keys, the core's FIELDS) of each record, for the drift test.
        pub fn field_lists() -> Vec<(&'static str, Vec<&'static str>, &'static [&'static str])> {
            vec![$((
                stringify!($rust),
                $rust::ATTRS.iter().map(|(k, _)| *k).collect(),
                m::$rust::FIELDS,
            )),*]
        }
    };
}

fn decode<T: serde::de::DeserializeOwned>(json: &[u8], what: &str) -> PyResult<T> {
    pacer_sdk_core::models::decode(json)
        .map_err(|e| PyValueError::new_err(format!("cannot decode {what}: {e}")))
}

fn from_value<T: serde::de::DeserializeOwned>(value: Value) -> PyResult<T> {
    // Records decode from JSON text (money keeps its literal digits), so go through text.
    decode(value.to_string().as_bytes(), "the record")
}

/// Syncore's records (`pacer.Job`, `pacer.SalesOrder`...), at the package's top level.
pub mod syncore {
    use super::*;

    py_models! {
        module: "pacer_sdk";
        /// A reference to another record by id and name (store, product index, client group...).
        Ref { id: "int", name: "str" }
        /// The client (a CRM contact) a job or sales order is for.
        ClientRef { id: "int", business_name: "str", name: "str", email: "str" }
        /// A sales rep; reads expose the name only, writes identify reps by e-mail.
        RepRef { name: "str", email: "str" }
        /// A supplier as embedded in line items and purchase orders.
        SupplierRef {
            id: "int", name: "str", r#type: "str" = kind, class_ ["class"]: "str" = class,
            asi_id: "int | str",
        }
        /// An address as GET responses return it: `name` and a country display name.
        Address {
            business_name: "str", name: "str", first_name: "str", last_name: "str",
            address1: "str", address2: "str", city: "str", state: "str", zip: "str",
            country: "str", phone: "str", email: "str",
        }
        /// An address as writes take it: first and last name, ISO-2 country code.
        AddressWrite {
            first_name: "str", last_name: "str", business_name: "str", address1: "str",
            address2: "str", city: "str", state: "str", zip: "str", country: "str",
            phone: "str", email: "str",
        }
        /// A sales-order summary embedded in a job.
        SalesOrderSummary {
            id: "int", number: "int", status: "str", total_value: "Decimal",
        }
        /// A purchase-order summary embedded in a job.
        PurchaseOrderSummary {
            id: "int", number: "int", status: "str", sub_total_value: "Decimal",
            tax_value: "Decimal", total_value: "Decimal", supplier: "SupplierRef",
        }
        /// A job: the container of one customer order (its id is the job number).
        Job {
            id: "int", store: "Ref", job_class: "str", job_type: "str", status: "str",
            date: "str", estimated_delivery_date: "str", completed_date: "str",
            description: "str", priority: "str", product_index: "Ref", client: "ClientRef",
            client_group: "Ref", primary_rep: "RepRef", secondary_rep: "RepRef",
            customer_service_rep_name: "str", commission_split: "Any",
            sales_orders: "list[SalesOrderSummary]", purchase_orders: "list[PurchaseOrderSummary]",
            last_modified_date: "str",
        }
        /// One line of a sales or purchase order; lines form a tree through `parent_id`.
        LineItem {
            line_id: "int", parent_id: "int", r#type: "str" = kind, description: "str",
            sku: "str", product_id: "int", quantity: "Decimal", price_value: "Decimal",
            cost_value: "Decimal", line_total_value: "Decimal", taxability: "str",
            supplier: "SupplierRef", visible: "bool | str", from_stock: "bool",
        }
        /// A sales order of a job; its line items are embedded.
        SalesOrder {
            id: "int", number: "int", job_number: "int", date: "str", status: "str",
            client: "ClientRef", sold_to: "Address", bill_to: "Address", ship_to: "Address",
            line_items: "list[LineItem]", customer_order_number: "str",
            customer_instructions: "str", description: "str", sub_total_value: "Decimal",
            tax_value: "Decimal", total_value: "Decimal", invoice_date: "str",
            in_hand_date: "str", last_modified_date: "str",
        }
        /// Supplier invoice details of a purchase order.
        InvoiceDetails {
            supplier_invoice_number: "str", supplier_invoice_date: "str",
            approval_date: "str", posting_date: "str",
        }
        /// A purchase order of a job.
        PurchaseOrder {
            id: "int", number: "int", job_number: "int", date: "str", status: "str",
            last_modified_date: "str", supplier: "SupplierRef", supplier_address: "Address",
            ship_to: "Address", critical_comments: "str", in_hand_date: "str", ship_via: "str",
            fob: "str", repeat_order_number: "str", shipping_and_instructions: "str",
            decoration_instructions: "str", csr_instructions_from_so: "str",
            line_items: "list[LineItem]", sub_total_value: "Decimal", tax_value: "Decimal",
            total_value: "Decimal", artwork_value: "Decimal", freight_value: "Decimal",
            freight_taxable: "bool", tax_1_percentage: "Decimal",
            invoice_details: "InvoiceDetails",
        }
        /// A payment on a sales or purchase order.
        Payment {
            id: "int", date: "str", amount_value: "Decimal", payment_type: "Ref",
            card_type: "Ref", adjustment_type: "Ref", reference: "str", notes: "str",
        }
        /// A CRM contact (store/program or dropship; client or prospect).
        Contact {
            id: "int", business_name: "str", first_name: "str", last_name: "str", name: "str",
            email: "str", phone: "str", r#type: "str" = kind, client_group: "Ref",
            store: "Ref", payment_term: "Ref", billing_address: "Address",
            shipping_address: "Address", created_date: "str",
        }
        /// A supplier from the supplier list.
        Supplier {
            id: "int", name: "str", r#type: "str" = kind, class_ ["class"]: "str" = class,
            asi_id: "int | str", email: "str", phone: "str",
        }
        /// A product index (used when creating jobs).
        ProductIndex { id: "int", name: "str" }
        /// A client group.
        ClientGroup { id: "int", name: "str" }
        /// A payment term (used when creating contacts).
        PaymentTerm { id: "int", name: "str", days: "int" }
        /// A commission code (used when creating jobs).
        CommissionCode { id: "int", name: "str", code: "str", r#type: "str" = kind }
        /// A credit-card type.
        CardType { id: "int", name: "str" }
        /// A payment type.
        PaymentType { id: "int", name: "str" }
        /// An adjustment type (Bad Debt, Credit Card Surcharge...).
        AdjustmentType { id: "int", name: "str" }
    }
}

/// Synq's records (`pacer.synq.Product`, `pacer.synq.Order`...).
pub mod synq {
    use super::*;
    use pacer_sdk_core::models::synq as m;

    py_models! {
        module: "pacer_sdk.synq";
        /// A catalog product (its variants, media and attributes are separate resources).
        Product {
            id: "str", org_id: "str", tenant_id: "str", title: "str", description: "str",
            category: "str", status: "str", created_at: "str", updated_at: "str",
        }
        /// A product variant: SKU, barcode, price and option values.
        Variant {
            id: "str", product_id: "str", sku: "str", barcode: "str", price: "Decimal",
            currency: "str", option_values: "Any", cost_price: "Decimal",
            data_quality_score: "Decimal",
        }
        /// A catalog category (a tree through `parent_id`).
        Category {
            id: "str", parent_id: "str", name: "str", slug: "str", description: "str",
            created_at: "str", updated_at: "str",
        }
        /// A brand.
        Brand { id: "str", name: "str", description: "str", logo_url: "str" }
        /// A product attribute definition.
        Attribute { id: "str", name: "str", slug: "str", r#type: "str" = kind, created_at: "str" }
        /// A group of attributes.
        AttributeGroup { id: "str", name: "str", description: "str" }
        /// A product template.
        Template { id: "str", name: "str", description: "str" }
        /// A media record (an image of a product or variant).
        Media {
            id: "str", product_id: "str", variant_id: "str", url: "str", alt_text: "str",
            sort_order: "int",
        }
        /// A bulk import job.
        BulkJob {
            id: "str", job_type: "str", status: "str", total_items: "int",
            processed_items: "int", created_at: "str",
        }
        /// One item of an order.
        OrderItem { variant_id: "str", location_id: "str", quantity: "int", unit_price: "Decimal" }
        /// An order; `status` follows the order state machine (see `pacer.synq.check_transition`).
        Order {
            id: "str", status: "str", currency: "str", subtotal: "Decimal",
            discount_total: "Decimal", shipping_total: "Decimal", tax_total: "Decimal",
            total: "Decimal", payment_status: "str", payment_provider: "str",
            payment_reference: "str", channel: "str", source_platform: "str",
            idempotency_key: "str", items: "list[OrderItem]", tags: "list[str]",
            created_at: "str", updated_at: "str",
        }
        /// The answer to an order create: the order is created asynchronously by a workflow.
        OrderAccepted { workflow_id: "str", run_id: "str" }
        /// An inventory adjustment.
        InventoryAdjustment {
            id: "str", variant_id: "str", location_id: "str", quantity_delta: "int",
            transaction_type: "str", notes: "str", created_at: "str",
        }
        /// A sales channel.
        Channel { id: "str", name: "str", currency: "str", active: "bool", created_at: "str" }
        /// A marketplace connection (through Unified.to).
        Connection {
            id: "str", unified_connection_id: "str", provider: "str", status: "str",
            created_at: "str",
        }
        /// A member of the organization.
        Member { uid: "str", email: "str", role: "str", status: "str" }
        /// The tenant's settings.
        TenantSettings {
            id: "str", inventory_allocation_model: "str", auto_po_enabled: "bool",
            default_low_stock_threshold: "int", costing_method: "str", updated_by: "str",
            updated_at: "str",
        }
        /// One entry of the audit log.
        AuditEntry {
            id: "str", actor_email: "str", action: "str", entity_type: "str",
            entity_id: "str", details: "Any", ip_address: "str", created_at: "str",
        }
    }
}

/// Salync's records (`pacer.salync.Product`, `pacer.salync.PurchaseOrder`...).
pub mod salync {
    use super::*;
    use pacer_sdk_core::models::salync as m;

    py_models! {
        module: "pacer_sdk.salync";
        /// One option type of a product (at most three per product), e.g. Size: S, M, L.
        OptionType { name: "str", values: "list[str]" }
        /// A product variant: one combination of option values, with its own SKU and stock.
        Variant {
            id: "str", product_id: "str", sku: "str", options: "dict[str, str]",
            barcode: "str", cost_price: "Decimal", price: "Decimal", stock_on_hand: "int",
            archived: "bool",
        }
        /// A product; archived products leave lists but are still found by id.
        Product {
            id: "str", name: "str", sku: "str", description: "str", barcode: "str",
            cost_price: "Decimal", price: "Decimal", supplier_id: "str",
            supplier_reference: "str", low_stock_threshold: "int", stock_on_hand: "int",
            archived: "bool", option_types: "list[OptionType]", variants: "list[Variant]",
            created_at: "str", updated_at: "str",
        }
        /// The stock level of a product or variant.
        StockLevel {
            product_id: "str", variant_id: "str", sku: "str", stock_on_hand: "int",
            low_stock_threshold: "int", low_stock: "bool",
        }
        /// A stock adjustment (manual, sale, return, po_receipt...).
        StockAdjustment {
            id: "str", product_id: "str", variant_id: "str", r#type: "str" = kind,
            quantity: "int", direction: "str", reference: "str", date: "str",
            created_at: "str",
        }
        /// A supplier.
        Supplier {
            id: "str", name: "str", contact_name: "str", email: "str", phone: "str",
            website: "str", address: "str", notes: "str", lead_time_days: "int",
            minimum_order_quantity: "int", minimum_order_value: "Decimal",
            payment_terms: "str", currency: "str",
        }
        /// One line of a purchase order.
        PurchaseOrderLine {
            product_id: "str", variant_id: "str", quantity: "int", unit_cost: "Decimal",
            supplier_reference: "str", received_quantity: "int",
        }
        /// A purchase order (draft, sent, partially received, received, cancelled).
        PurchaseOrder {
            id: "str", number: "str", supplier_id: "str", status: "str",
            expected_delivery_date: "str", lines: "list[PurchaseOrderLine]", total: "Decimal",
            currency: "str", notes: "str", created_at: "str", sent_at: "str",
            received_at: "str",
        }
        /// A sales channel and its connection status.
        Channel {
            id: "str", name: "str", platform: "str", connection_status: "str",
            listing_count: "int",
        }
        /// A product listing on a channel and its state.
        Listing {
            id: "str", channel_id: "str", product_id: "str", variant_id: "str", sku: "str",
            state: "str", error_message: "str",
        }
    }
}

/// The typed payloads of Salync webhook events (`pacer.webhooks.StockBelowThreshold`...).
pub mod webhook_data {
    use super::*;
    use pacer_sdk_core::webhooks as m;

    py_models! {
        module: "pacer_sdk.webhooks";
        /// `stock.below_threshold`: stock fell below a product's threshold.
        StockBelowThreshold {
            product_id: "str", variant_id: "str", sku: "str", stock_on_hand: "int",
            threshold: "int",
        }
        /// One received line of a purchase order.
        ReceivedLine { product_id: "str", variant_id: "str", quantity: "int" }
        /// `purchase_order.received`: a purchase order was received into stock.
        PurchaseOrderReceived {
            purchase_order_id: "str", supplier_id: "str", received_at: "str",
            lines: "list[ReceivedLine]",
        }
        /// `channel.listing_error`: a channel listing went into error.
        ChannelListingError {
            channel_id: "str", listing_id: "str", product_id: "str", sku: "str",
            error_code: "str", message: "str",
        }
    }
}

/// The record classes of each Python module: (provider, module, classes).
type ClassList = Vec<(
    &'static str,
    fn(&Bound<'_, PyModule>) -> PyResult<()>,
    Decoder,
)>;

fn modules() -> [(&'static str, &'static str, ClassList); 4] {
    [
        ("syncore", "", syncore::all_classes()),
        ("synq", "synq", synq::all_classes()),
        ("salync", "salync", salync::all_classes()),
        ("webhooks", "webhooks", webhook_data::all_classes()),
    ]
}

fn decoders() -> &'static HashMap<(&'static str, &'static str), Decoder> {
    static DECODERS: OnceLock<HashMap<(&'static str, &'static str), Decoder>> = OnceLock::new();
    DECODERS.get_or_init(|| {
        modules()
            .into_iter()
            .flat_map(|(provider, _, classes)| {
                classes
                    .into_iter()
                    .map(move |(name, _, decoder)| ((provider, name), decoder))
            })
            .collect()
    })
}

/// The decoder for a spec's `returns` name of `provider`; records of a type without a class
/// (a provider added to the spec before its models) come out as plain dicts.
pub fn decoder_for(provider: &str, returns: Option<&str>) -> Decoder {
    returns
        .and_then(|name| {
            decoders()
                .iter()
                .find(|((p, n), _)| *p == provider && *n == name)
                .map(|(_, d)| *d)
        })
        .unwrap_or(decode_plain)
}

/// A record given as a Python argument (any provider's), as JSON (its fields, exactly as sent).
pub fn record_to_json(value: &Bound<'_, PyAny>) -> Option<Value> {
    syncore::record_to_json(value)
        .or_else(|| synq::record_to_json(value))
        .or_else(|| salync::record_to_json(value))
        .or_else(|| webhook_data::record_to_json(value))
}

/// Registers every record class: Syncore's in `m`, the others in the submodule of their
/// provider (`m.synq`, `m.salync`, `m.webhooks`), each with its `RECORD_TYPES`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    for (_, module, classes) in modules() {
        let target = if module.is_empty() {
            m.clone()
        } else {
            match m.getattr(module) {
                Ok(existing) => existing.cast_into::<PyModule>()?,
                Err(_) => {
                    let sub = PyModule::new(py, module)?;
                    m.add_submodule(&sub)?;
                    sub
                }
            }
        };
        let names = PyList::empty(py);
        for (name, add, _) in classes {
            add(&target)?;
            names.append(name)?;
        }
        target.add("RECORD_TYPES", PyTuple::new(py, names.iter())?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each class has exactly the core record's fields, in its order: a field added to the
    /// core without a Python attribute fails here.
    #[test]
    fn attributes_match_the_core_fields() {
        let all = syncore::field_lists()
            .into_iter()
            .chain(synq::field_lists())
            .chain(salync::field_lists())
            .chain(webhook_data::field_lists());
        for (class, attrs, core) in all {
            assert_eq!(attrs, core.to_vec(), "attributes of {class}");
        }
    }

    #[test]
    fn unraw_strips_only_the_prefix() {
        assert_eq!(unraw("r#type"), "type");
        assert_eq!(unraw("rate"), "rate");
    }
}
