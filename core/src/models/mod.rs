//! Typed records. Known fields are typed and optional; unknown fields round-trip in `extra`.

pub mod common;
pub mod describe;
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

/// A typed error for a record that cannot be decoded, naming the endpoint and, when the raw
/// text shows one, the record's id: a record is never dropped silently, and the message says
/// which one to look at.
pub fn decode_error(endpoint: &str, raw: &[u8], e: &serde_json::Error) -> crate::Error {
    let which = record_id_text(raw).map_or_else(String::new, |id| format!(" (id {id})"));
    crate::Error::new(
        crate::ErrorKind::Api,
        "decode_failed",
        format!("{endpoint}: cannot decode a record{which}: {e}"),
    )
}

/// The value of the first `"id"` key in raw JSON text, found without parsing (the record may
/// be too deep or hold numbers JSON parsers refuse, which is why it failed).
fn record_id_text(raw: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(raw.get(..raw.len().min(64 * 1024))?).ok()?;
    let at = text.find("\"id\"")? + 4;
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start();
    let value: String = if let Some(quoted) = rest.strip_prefix('"') {
        quoted.chars().take_while(|c| *c != '"').take(64).collect()
    } else {
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
            .take(64)
            .collect()
    };
    (!value.is_empty()).then_some(value)
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

/// Declares each provider's catalogue of models once: their descriptions for the generators
/// and decoding by model name for the bindings.
macro_rules! catalogue {
    ($($group:literal => { $($name:ident => $ty:ty),* $(,)? })*) => {
        /// The record groups, in the order bindings lay them out: a provider's models, or
        /// `webhooks` for webhook payloads.
        pub const GROUPS: &[&str] = &[$($group),*];

        /// Every record of `group` (a provider, or `webhooks`), described.
        pub fn records(group: &str) -> Vec<describe::RecordDesc> {
            use describe::Model;
            match group {
                $($group => vec![$(<$ty>::record()),*],)*
                _ => Vec::new(),
            }
        }

        /// The names of the records of `group`.
        pub fn record_names(group: &str) -> &'static [&'static str] {
            match group {
                $($group => &[$(stringify!($name)),*],)*
                _ => &[],
            }
        }

        /// Decodes `raw` as `group`'s model `name` and writes it back normalized (statuses,
        /// money and loose ids exactly as in Rust; unknown fields kept). A model this version
        /// does not know passes through as plain JSON, so a new provider's records arrive
        /// before its models do.
        pub fn normalize(group: &str, name: &str, raw: &[u8]) -> Result<Value, serde_json::Error> {
            fn via<T: DeserializeOwned + serde::Serialize>(raw: &[u8]) -> Result<Value, serde_json::Error> {
                serde_json::to_value(decode::<T>(raw)?)
            }
            match (group, name) {
                $($(($group, stringify!($name)) => via::<$ty>(raw),)*)*
                _ => decode::<Value>(raw),
            }
        }
    };
}

catalogue! {
    "syncore" => {
        Ref => common::Ref, ClientRef => common::ClientRef, RepRef => common::RepRef,
        SupplierRef => common::SupplierRef, Address => common::Address,
        AddressWrite => common::AddressWrite, SalesOrderSummary => syncore::SalesOrderSummary,
        PurchaseOrderSummary => syncore::PurchaseOrderSummary, Job => syncore::Job,
        LineItem => syncore::LineItem, SalesOrder => syncore::SalesOrder,
        InvoiceDetails => syncore::InvoiceDetails, PurchaseOrder => syncore::PurchaseOrder,
        Payment => syncore::Payment, Contact => syncore::Contact, Supplier => syncore::Supplier,
        ProductIndex => syncore::ProductIndex, ClientGroup => syncore::ClientGroup,
        PaymentTerm => syncore::PaymentTerm, CommissionCode => syncore::CommissionCode,
        CardType => syncore::CardType, PaymentType => syncore::PaymentType,
        AdjustmentType => syncore::AdjustmentType, WriteResult => common::WriteResult,
    }
    "synq" => {
        Product => synq::Product, Variant => synq::Variant, Category => synq::Category,
        Brand => synq::Brand, Attribute => synq::Attribute, AttributeGroup => synq::AttributeGroup,
        Template => synq::Template, Media => synq::Media, BulkJob => synq::BulkJob,
        OrderItem => synq::OrderItem, Order => synq::Order, OrderAccepted => synq::OrderAccepted,
        InventoryAdjustment => synq::InventoryAdjustment, Channel => synq::Channel,
        Connection => synq::Connection, Member => synq::Member,
        TenantSettings => synq::TenantSettings, AuditEntry => synq::AuditEntry,
    }
    "salync" => {
        OptionType => salync::OptionType, Variant => salync::Variant, Product => salync::Product,
        StockLevel => salync::StockLevel, StockAdjustment => salync::StockAdjustment,
        Supplier => salync::Supplier, PurchaseOrderLine => salync::PurchaseOrderLine,
        PurchaseOrder => salync::PurchaseOrder, Channel => salync::Channel,
        Listing => salync::Listing,
    }
    "webhooks" => {
        StockBelowThreshold => crate::webhooks::StockBelowThreshold,
        ReceivedLine => crate::webhooks::ReceivedLine,
        PurchaseOrderReceived => crate::webhooks::PurchaseOrderReceived,
        ChannelListingError => crate::webhooks::ChannelListingError,
    }
}
