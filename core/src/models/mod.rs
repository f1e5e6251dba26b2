//! Typed records. Known fields are typed and optional; unknown fields round-trip in `extra`.

pub mod common;
pub mod macros;
pub mod syncore;
pub mod tree;

pub use common::{
    Address, AddressWrite, ClientRef, ContactType, LooseBool, LooseId, Ref, RepRef, SupplierRef,
    WriteResult,
};
pub use syncore::*;
pub use tree::{LineNode, line_tree};

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

/// Decodes one field from its raw JSON: `Ok(None)` for null, `Err(value)` (the value as
/// sent) when its type is unexpected, so the record can keep it instead of failing.
pub fn decode_field<T: DeserializeOwned>(raw: &RawValue) -> Result<Option<T>, Value> {
    let text = raw.get();
    if text == "null" {
        return Ok(None);
    }
    serde_json::from_str::<T>(text)
        .map(Some)
        .map_err(|_| serde_json::from_str(text).unwrap_or(Value::Null))
}
