//! Records on their way to JavaScript: decoded as the spec's model (`returns = "Job"`), so
//! statuses, money and loose ids are normalised exactly as in Rust, then written back as JSON
//! text with camelCase keys (JavaScript parses that text faster than objects can be built
//! property by property through N-API). Model names repeat across providers (`Product`,
//! `Supplier`), so the writer is chosen by provider and model.

use pacer_sdk_core::models::*;
use pacer_sdk_core::models::{salync, synq};
use pacer_sdk_core::{Error, ErrorKind};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::keys::json_keys_to_camel;

/// Appends one record (raw API JSON) to `out` as camelCased JSON.
pub type Writer = fn(&[u8], &mut String) -> Result<(), Error>;

fn write_as<T: DeserializeOwned + Serialize>(raw: &[u8], out: &mut String) -> Result<(), Error> {
    let record: T = decode(raw).map_err(|e| {
        Error::new(
            ErrorKind::Api,
            "decode_failed",
            format!("cannot decode a record: {e}"),
        )
    })?;
    let text = serde_json::to_string(&record).map_err(|e| {
        Error::new(
            ErrorKind::Api,
            "decode_failed",
            format!("cannot re-encode a record: {e}"),
        )
    })?;
    json_keys_to_camel(&text, out);
    Ok(())
}

/// The writer for `provider`'s model name; models this binding does not know pass through as
/// plain JSON (keys still camelCased), so a new provider's records arrive before its models.
pub fn writer_for(provider: &str, model: Option<&str>) -> Writer {
    let model = model.unwrap_or_default();
    match provider {
        "synq" => synq_writer(model),
        "salync" => salync_writer(model),
        _ => syncore_writer(model),
    }
}

fn syncore_writer(model: &str) -> Writer {
    match model {
        "Job" => write_as::<Job>,
        "Contact" => write_as::<Contact>,
        "SalesOrder" => write_as::<SalesOrder>,
        "PurchaseOrder" => write_as::<PurchaseOrder>,
        "LineItem" => write_as::<LineItem>,
        "Payment" => write_as::<Payment>,
        "Supplier" => write_as::<Supplier>,
        "ProductIndex" => write_as::<ProductIndex>,
        "ClientGroup" => write_as::<ClientGroup>,
        "PaymentTerm" => write_as::<PaymentTerm>,
        "CommissionCode" => write_as::<CommissionCode>,
        "CardType" => write_as::<CardType>,
        "PaymentType" => write_as::<PaymentType>,
        "AdjustmentType" => write_as::<AdjustmentType>,
        "WriteResult" => write_as::<WriteResult>,
        _ => write_as::<serde_json::Value>,
    }
}

fn synq_writer(model: &str) -> Writer {
    match model {
        "Product" => write_as::<synq::Product>,
        "Variant" => write_as::<synq::Variant>,
        "Category" => write_as::<synq::Category>,
        "Brand" => write_as::<synq::Brand>,
        "Attribute" => write_as::<synq::Attribute>,
        "AttributeGroup" => write_as::<synq::AttributeGroup>,
        "Template" => write_as::<synq::Template>,
        "Media" => write_as::<synq::Media>,
        "BulkJob" => write_as::<synq::BulkJob>,
        "Order" => write_as::<synq::Order>,
        "OrderAccepted" => write_as::<synq::OrderAccepted>,
        "InventoryAdjustment" => write_as::<synq::InventoryAdjustment>,
        "Channel" => write_as::<synq::Channel>,
        "Connection" => write_as::<synq::Connection>,
        "Member" => write_as::<synq::Member>,
        "TenantSettings" => write_as::<synq::TenantSettings>,
        "AuditEntry" => write_as::<synq::AuditEntry>,
        _ => write_as::<serde_json::Value>,
    }
}

fn salync_writer(model: &str) -> Writer {
    match model {
        "Product" => write_as::<salync::Product>,
        "Variant" => write_as::<salync::Variant>,
        "StockLevel" => write_as::<salync::StockLevel>,
        "StockAdjustment" => write_as::<salync::StockAdjustment>,
        "Supplier" => write_as::<salync::Supplier>,
        "PurchaseOrder" => write_as::<salync::PurchaseOrder>,
        "Channel" => write_as::<salync::Channel>,
        "Listing" => write_as::<salync::Listing>,
        _ => write_as::<serde_json::Value>,
    }
}

/// Appends one value (already plain JSON) to `out` as camelCased JSON.
pub fn write_value(value: &impl Serialize, out: &mut String) -> Result<(), Error> {
    let text = serde_json::to_string(value).map_err(|e| {
        Error::new(
            ErrorKind::Api,
            "decode_failed",
            format!("cannot encode a record: {e}"),
        )
    })?;
    json_keys_to_camel(&text, out);
    Ok(())
}

/// Appends a JSON array of records to `out`.
pub fn write_page<'a>(
    writer: Writer,
    items: impl Iterator<Item = &'a [u8]>,
    out: &mut String,
) -> Result<(), Error> {
    out.push('[');
    for (i, raw) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        writer(raw, out)?;
    }
    out.push(']');
    Ok(())
}

/// The JSON keys of every model's known fields (nested shapes included).
pub fn model_fields() -> impl Iterator<Item = &'static str> {
    [
        Job::FIELDS,
        Contact::FIELDS,
        SalesOrder::FIELDS,
        PurchaseOrder::FIELDS,
        LineItem::FIELDS,
        Payment::FIELDS,
        Supplier::FIELDS,
        ProductIndex::FIELDS,
        ClientGroup::FIELDS,
        PaymentTerm::FIELDS,
        CommissionCode::FIELDS,
        CardType::FIELDS,
        PaymentType::FIELDS,
        AdjustmentType::FIELDS,
        SalesOrderSummary::FIELDS,
        PurchaseOrderSummary::FIELDS,
        InvoiceDetails::FIELDS,
        Ref::FIELDS,
        ClientRef::FIELDS,
        RepRef::FIELDS,
        SupplierRef::FIELDS,
        Address::FIELDS,
        AddressWrite::FIELDS,
        WriteResult::FIELDS,
        synq::Product::FIELDS,
        synq::Variant::FIELDS,
        synq::Category::FIELDS,
        synq::Brand::FIELDS,
        synq::Attribute::FIELDS,
        synq::AttributeGroup::FIELDS,
        synq::Template::FIELDS,
        synq::Media::FIELDS,
        synq::BulkJob::FIELDS,
        synq::OrderItem::FIELDS,
        synq::Order::FIELDS,
        synq::OrderAccepted::FIELDS,
        synq::InventoryAdjustment::FIELDS,
        synq::Channel::FIELDS,
        synq::Connection::FIELDS,
        synq::Member::FIELDS,
        synq::TenantSettings::FIELDS,
        synq::AuditEntry::FIELDS,
        salync::OptionType::FIELDS,
        salync::Variant::FIELDS,
        salync::Product::FIELDS,
        salync::StockLevel::FIELDS,
        salync::StockAdjustment::FIELDS,
        salync::Supplier::FIELDS,
        salync::PurchaseOrderLine::FIELDS,
        salync::PurchaseOrder::FIELDS,
        salync::Channel::FIELDS,
        salync::Listing::FIELDS,
    ]
    .into_iter()
    .flatten()
    .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_normalised_and_camel_cased() {
        let mut out = String::new();
        let raw = br#"{"id": 7, "status": "wip", "client": {"business_name": "Harbor"}, "custom_flag": true}"#;
        writer_for("syncore", Some("Job"))(raw, &mut out).unwrap();
        assert_eq!(
            out,
            r#"{"id":7,"status":"WIP","client":{"businessName":"Harbor"},"customFlag":true}"#
        );
        let mut out = String::new();
        write_page(
            writer_for("syncore", None),
            [&br#"{"a_b":1}"#[..], &br#"{"c":2}"#[..]].into_iter(),
            &mut out,
        )
        .unwrap();
        assert_eq!(out, r#"[{"aB":1},{"c":2}]"#);
        let err = writer_for("syncore", Some("Job"))(b"[1]", &mut String::new()).unwrap_err();
        assert_eq!(err.code, "decode_failed");
    }

    #[test]
    fn models_are_chosen_by_provider() {
        // Synq prices arrive as strings and leave as exact numbers; Salync's `Product` is
        // another shape under the same name.
        let mut out = String::new();
        writer_for("synq", Some("Variant"))(br#"{"id":"v1","price":"89.99"}"#, &mut out).unwrap();
        assert_eq!(out, r#"{"id":"v1","price":89.99}"#);
        let mut out = String::new();
        writer_for("salync", Some("Product"))(
            br#"{"id":"prd_1","low_stock_threshold":4,"option_types":[{"name":"Size","values":["S"]}]}"#,
            &mut out,
        )
        .unwrap();
        assert_eq!(
            out,
            r#"{"id":"prd_1","lowStockThreshold":4,"optionTypes":[{"name":"Size","values":["S"]}]}"#
        );
    }
}
