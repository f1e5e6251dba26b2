//! Typed records. Known fields are typed and optional; unknown fields round-trip in `extra`.

pub mod common;
pub mod macros;
pub mod salync;
pub mod syncore;
pub mod synq;
pub mod tree;

pub use common::{
    Address, AddressWrite, ClientRef, ContactType, LooseBool, LooseId, Ref, RepRef, SupplierRef,
    WriteResult,
};
pub use syncore::*;
pub use tree::{LineNode, line_tree};

use std::cell::Cell;

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

thread_local! {
    /// Whether models on this thread decode in one strict pass (set only inside [`decode`]).
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// Whether the model being decoded on this thread may use the strict one-pass path.
pub fn strict_decoding() -> bool {
    STRICT.with(Cell::get)
}

/// Decodes a record (or a list of records) from JSON: one strict pass, and when a record holds
/// a value of an unexpected type, a second lenient pass that keeps such values in `extra`.
/// The result equals plain lenient decoding, at a fraction of the cost for well-typed data.
pub fn decode<T: DeserializeOwned>(json: &[u8]) -> Result<T, serde_json::Error> {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            STRICT.with(|s| s.set(self.0));
        }
    }
    let previous = STRICT.with(|s| s.replace(true));
    let fast = {
        let _reset = Reset(previous);
        serde_json::from_slice::<T>(json)
    };
    match fast {
        Ok(v) => Ok(v),
        Err(_) => {
            let previous = STRICT.with(|s| s.replace(false));
            let _reset = Reset(previous);
            serde_json::from_slice::<T>(json)
        }
    }
}

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
