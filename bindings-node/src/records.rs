//! Records on their way to JavaScript: decoded as the spec's model (`returns = "Job"`), so
//! statuses, money and loose ids are normalised exactly as in Rust, then written back as JSON
//! text with camelCase keys (JavaScript parses that text faster than objects can be built
//! property by property through N-API).

use pacer_core::models::*;
use pacer_core::{Error, ErrorKind};
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

/// The writer for the spec's model name; models this binding does not know pass through as
/// plain JSON (keys still camelCased), so a new provider's records arrive before its models.
pub fn writer_for(model: Option<&str>) -> Writer {
    match model.unwrap_or_default() {
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
        writer_for(Some("Job"))(raw, &mut out).unwrap();
        assert_eq!(
            out,
            r#"{"id":7,"status":"WIP","client":{"businessName":"Harbor"},"customFlag":true}"#
        );
        let mut out = String::new();
        write_page(
            writer_for(None),
            [&br#"{"a_b":1}"#[..], &br#"{"c":2}"#[..]].into_iter(),
            &mut out,
        )
        .unwrap();
        assert_eq!(out, r#"[{"aB":1},{"c":2}]"#);
        let err = writer_for(Some("Job"))(b"[1]", &mut String::new()).unwrap_err();
        assert_eq!(err.code, "decode_failed");
    }
}
