//! Small shapes shared by several records: references, addresses, loose scalars, write results.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::validate::formats::country_code;
use crate::{model, open_enum};

model! {
    /// A reference to another record by id and name (store, product index, client group…).
    pub struct Ref {
        /// The referenced record's id.
        id: i64,
        /// Its display name.
        name: String,
    }
}

model! {
    /// The client (a CRM contact) a job or sales order is for.
    pub struct ClientRef {
        /// Contact id.
        id: i64,
        /// Company name.
        business_name: String,
        /// Person's name.
        name: String,
        /// E-mail address.
        email: String,
    }
}

model! {
    /// A sales rep; reads expose the name only, writes identify reps by e-mail.
    pub struct RepRef {
        /// Rep's name.
        name: String,
        /// Rep's e-mail, when present.
        email: String,
    }
}

model! {
    /// A supplier as embedded in line items and purchase orders.
    pub struct SupplierRef {
        /// Supplier id.
        id: i64,
        /// Supplier name.
        name: String,
        /// Supplier type (tenant-defined).
        kind as "type": String,
        /// Supplier class (tenant-defined label, e.g. "In House Production").
        class: String,
        /// ASI number; a number or a string depending on the record.
        asi_id: LooseId,
    }
}

model! {
    /// An address as GET responses return it: `name` and a country display name.
    pub struct Address {
        /// Company name.
        business_name: String,
        /// Person's full name.
        name: String,
        /// First name (some responses carry it).
        first_name: String,
        /// Last name (some responses carry it).
        last_name: String,
        /// Street line 1.
        address1: String,
        /// Street line 2.
        address2: String,
        /// City.
        city: String,
        /// State or province.
        state: String,
        /// Postal code.
        zip: String,
        /// Country display name, e.g. "United States".
        country: String,
        /// Phone.
        phone: String,
        /// E-mail.
        email: String,
    }
}

model! {
    /// An address as writes (PUT/POST) take it: first and last name, ISO-2 country code.
    pub struct AddressWrite {
        /// First name (required on writes).
        first_name: String,
        /// Last name (required on writes).
        last_name: String,
        /// Company name.
        business_name: String,
        /// Street line 1.
        address1: String,
        /// Street line 2.
        address2: String,
        /// City.
        city: String,
        /// State or province.
        state: String,
        /// Postal code.
        zip: String,
        /// ISO 3166-1 alpha-2 country code, e.g. "US".
        country: String,
        /// Phone.
        phone: String,
        /// E-mail.
        email: String,
    }
}

impl AddressWrite {
    /// Converts a read address to the write shape: splits `name` into first and last name
    /// (the last word is the last name) and maps the country name to its ISO-2 code. A
    /// country that cannot be mapped is kept as is, so validation reports it.
    pub fn from_read(address: &Address) -> AddressWrite {
        let (first, last) = match (&address.first_name, &address.last_name, &address.name) {
            (Some(f), Some(l), _) => (Some(f.clone()), Some(l.clone())),
            (_, _, Some(full)) => {
                let full = full.trim();
                match full.rsplit_once(char::is_whitespace) {
                    Some((f, l)) => (Some(f.trim().to_string()), Some(l.to_string())),
                    None if !full.is_empty() => (Some(full.to_string()), None),
                    None => (None, None),
                }
            }
            _ => (address.first_name.clone(), address.last_name.clone()),
        };
        let country = address.country.as_ref().map(|c| {
            country_code(c)
                .map(str::to_string)
                .unwrap_or_else(|| c.clone())
        });
        AddressWrite {
            first_name: first,
            last_name: last,
            business_name: address.business_name.clone(),
            address1: address.address1.clone(),
            address2: address.address2.clone(),
            city: address.city.clone(),
            state: address.state.clone(),
            zip: address.zip.clone(),
            country,
            phone: address.phone.clone(),
            email: address.email.clone(),
            extra: Default::default(),
        }
    }
}

open_enum! {
    /// Whether a contact is a client or a prospect.
    pub enum ContactType {
        /// Has ordered.
        Client = "Client",
        /// Has not ordered yet.
        Prospect = "Prospect",
    }
}

/// A boolean that some responses send as a string (`"true"`, `"False"`); kept as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LooseBool {
    /// Sent as a JSON boolean.
    Bool(bool),
    /// Sent as text.
    Text(String),
}

impl LooseBool {
    /// The truth value, when the text is recognisable.
    pub fn value(&self) -> Option<bool> {
        match self {
            LooseBool::Bool(b) => Some(*b),
            LooseBool::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" | "y" => Some(true),
                "false" | "no" | "0" | "n" | "" => Some(false),
                _ => None,
            },
        }
    }
}

impl Serialize for LooseBool {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            LooseBool::Bool(b) => s.serialize_bool(*b),
            LooseBool::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for LooseBool {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Bool(b) => Ok(LooseBool::Bool(b)),
            Value::String(s) => Ok(LooseBool::Text(s)),
            other => Err(serde::de::Error::custom(format!(
                "expected a boolean, found {other}"
            ))),
        }
    }
}

/// An identifier that arrives as a number in some records and as a string in others.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LooseId {
    /// Sent as a number.
    Number(i64),
    /// Sent as text.
    Text(String),
}

impl fmt::Display for LooseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LooseId::Number(n) => write!(f, "{n}"),
            LooseId::Text(t) => f.write_str(t),
        }
    }
}

impl Serialize for LooseId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            LooseId::Number(n) => s.serialize_i64(*n),
            LooseId::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for LooseId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Number(n) if n.is_i64() => Ok(LooseId::Number(n.as_i64().unwrap_or_default())),
            Value::String(s) => Ok(LooseId::Text(s)),
            other => Err(serde::de::Error::custom(format!(
                "expected an id, found {other}"
            ))),
        }
    }
}

model! {
    /// What a create or update answers: the record's id and its location URL.
    pub struct WriteResult {
        /// Id of the created or updated record.
        id: LooseId,
        /// Location URL of the record.
        location: String,
    }
}

impl WriteResult {
    /// Reads a write response, accepting the spellings seen or plausible for the id
    /// (`id`, `ID`, `<resource>_id`) and the location (`location`, `location_url`, `url`,
    /// or the `Location` header).
    pub fn from_response(body: &[u8], location_header: Option<&str>) -> WriteResult {
        let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let mut result = WriteResult::default();
        match &value {
            Value::Object(map) => {
                for (k, v) in map {
                    let key = k.to_ascii_lowercase();
                    let is_id = key == "id" || key.ends_with("_id");
                    if result.id.is_none() && is_id {
                        result.id = serde_json::from_value(v.clone()).ok();
                    } else if result.location.is_none()
                        && matches!(
                            key.as_str(),
                            "location" | "location_url" | "locationurl" | "url" | "href"
                        )
                    {
                        result.location = v.as_str().map(str::to_string);
                    } else {
                        result.extra.insert(k.clone(), v.clone());
                    }
                }
            }
            Value::Number(_) | Value::String(_) => {
                result.id = serde_json::from_value(value.clone()).ok()
            }
            _ => {}
        }
        if result.location.is_none() {
            result.location = location_header.map(str::to_string);
        }
        if result.id.is_none()
            && let Some(loc) = &result.location
        {
            // `…/salesorders/40454` → 40454
            let last = loc
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default();
            result.id = Some(match last.parse::<i64>() {
                Ok(n) => LooseId::Number(n),
                Err(_) => LooseId::Text(last.to_string()),
            });
        }
        result
    }
}
