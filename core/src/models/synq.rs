//! Synq records (../shared/reference/synq-api.md §6) and the order state machine. Ids are UUID
//! strings; prices may arrive as strings ("89.99") and decode exactly either way.

use serde_json::Value;

use crate::error::{Error, FieldError};
use crate::money::Amount;
use crate::{model, open_enum};

model! {
    /// A catalog product (lists return a light projection; `get` returns the full record).
    pub struct Product {
        /// Id (UUID).
        id: String,
        /// Organization id.
        org_id: String,
        /// Tenant id.
        tenant_id: String,
        /// Title.
        title: String,
        /// Description.
        description: String,
        /// Category label.
        category: String,
        /// Status, e.g. ACTIVE.
        status: String,
        /// Created at (RFC 3339).
        created_at: String,
        /// Updated at (RFC 3339).
        updated_at: String,
    }
}

model! {
    /// A product variant.
    pub struct Variant {
        /// Id (UUID).
        id: String,
        /// Product id.
        product_id: String,
        /// SKU.
        sku: String,
        /// Barcode.
        barcode: String,
        /// Price (sent as a number, returned as a string; exact either way).
        price: Amount,
        /// ISO 4217 currency.
        currency: String,
        /// Option values.
        option_values: Value,
        /// Cost price.
        cost_price: Amount,
        /// Data-quality score.
        data_quality_score: Amount,
    }
}

model! {
    /// A category (a tree through `parent_id`).
    pub struct Category {
        /// Id.
        id: String,
        /// Parent id; null at the top.
        parent_id: String,
        /// Name.
        name: String,
        /// Unique slug.
        slug: String,
        /// Description.
        description: String,
        /// Created at.
        created_at: String,
        /// Updated at.
        updated_at: String,
    }
}

model! {
    /// A brand.
    pub struct Brand {
        /// Id.
        id: String,
        /// Name.
        name: String,
        /// Description.
        description: String,
        /// Logo URL.
        logo_url: String,
    }
}

model! {
    /// A product attribute.
    pub struct Attribute {
        /// Id.
        id: String,
        /// Name.
        name: String,
        /// Slug.
        slug: String,
        /// TEXT, NUMBER…
        kind as "type": String,
        /// Created at.
        created_at: String,
    }
}

model! {
    /// An attribute group.
    pub struct AttributeGroup {
        /// Id.
        id: String,
        /// Name.
        name: String,
        /// Description.
        description: String,
    }
}

model! {
    /// A product template (product type).
    pub struct Template {
        /// Id.
        id: String,
        /// Name.
        name: String,
        /// Description.
        description: String,
    }
}

model! {
    /// A product or variant image.
    pub struct Media {
        /// Id.
        id: String,
        /// Product id.
        product_id: String,
        /// Variant id.
        variant_id: String,
        /// URL.
        url: String,
        /// Alt text.
        alt_text: String,
        /// Sort order.
        sort_order: i64,
    }
}

model! {
    /// A bulk import, update or delete job (poll the list to follow it).
    pub struct BulkJob {
        /// Id.
        id: String,
        /// BULK_IMPORT, BULK_UPDATE or BULK_DELETE.
        job_type: String,
        /// PENDING, PROCESSING, COMPLETED or FAILED.
        status: String,
        /// Items in the payload.
        total_items: i64,
        /// Items processed so far.
        processed_items: i64,
        /// Created at.
        created_at: String,
    }
}

open_enum! {
    /// Order status; transitions follow [`OrderStatus::can_become`].
    pub enum OrderStatus {
        /// Waiting for payment.
        PendingPayment = "pending_payment",
        /// Payment authorized.
        PaymentAuthorized = "payment_authorized",
        /// Confirmed.
        Confirmed = "confirmed",
        /// Being processed.
        Processing = "processing",
        /// Partly shipped.
        PartiallyFulfilled = "partially_fulfilled",
        /// Shipped.
        Fulfilled = "fulfilled",
        /// Delivered.
        Delivered = "delivered",
        /// Completed.
        Completed = "completed",
        /// A return was requested.
        ReturnRequested = "return_requested",
        /// Partly returned.
        PartiallyReturned = "partially_returned",
        /// Returned.
        Returned = "returned",
        /// Refunded (terminal).
        Refunded = "refunded",
        /// Partly refunded.
        PartiallyRefunded = "partially_refunded",
        /// Cancelled (terminal).
        Cancelled = "cancelled",
        /// Failed (terminal).
        Failed = "failed",
    }
}

impl OrderStatus {
    /// The statuses an order in this status may move to (no skipping, no going back).
    pub fn next_statuses(&self) -> &'static [&'static str] {
        match self {
            OrderStatus::PendingPayment => &["payment_authorized", "cancelled", "failed"],
            OrderStatus::PaymentAuthorized => &["confirmed", "cancelled", "failed"],
            OrderStatus::Confirmed => &["processing", "cancelled"],
            OrderStatus::Processing => &["partially_fulfilled", "fulfilled", "cancelled"],
            OrderStatus::PartiallyFulfilled => &["fulfilled", "cancelled"],
            OrderStatus::Fulfilled => &["delivered", "return_requested"],
            OrderStatus::Delivered => &["completed", "return_requested"],
            OrderStatus::Completed => &["return_requested"],
            OrderStatus::ReturnRequested => &["partially_returned", "returned"],
            OrderStatus::PartiallyReturned => &["returned", "partially_refunded"],
            OrderStatus::Returned => &["refunded", "partially_refunded"],
            OrderStatus::PartiallyRefunded => &["refunded"],
            OrderStatus::Refunded
            | OrderStatus::Cancelled
            | OrderStatus::Failed
            | OrderStatus::Other(_) => &[],
        }
    }

    /// Whether the status machine allows moving from this status to `next`.
    pub fn can_become(&self, next: &OrderStatus) -> bool {
        self.next_statuses().contains(&next.as_str())
    }

    /// Whether no transition leaves this status.
    pub fn is_terminal(&self) -> bool {
        self.next_statuses().is_empty()
    }

    /// Checks a transition before anything is sent; the error names both statuses and the
    /// allowed ones.
    pub fn check_transition(&self, next: &OrderStatus) -> Result<(), Error> {
        if self.can_become(next) {
            return Ok(());
        }
        let allowed = self.next_statuses();
        let why = if !next.is_known() {
            format!("{next:?} is not an order status")
        } else if allowed.is_empty() {
            format!("{self} is terminal: no transition leaves it")
        } else {
            format!("{self} can only become {}", allowed.join(", "))
        };
        Err(Error::validation(vec![FieldError::new(
            "status",
            "transition",
            format!("an order cannot go from {self} to {next}: {why}"),
        )]))
    }
}

model! {
    /// One line of an order.
    pub struct OrderItem {
        /// Variant id.
        variant_id: String,
        /// Stock location id.
        location_id: String,
        /// Quantity.
        quantity: i64,
        /// Unit price.
        unit_price: Amount,
    }
}

model! {
    /// An order.
    pub struct Order {
        /// Id.
        id: String,
        /// Status.
        status: OrderStatus,
        /// ISO 4217 currency.
        currency: String,
        /// Subtotal.
        subtotal: Amount,
        /// Discounts.
        discount_total: Amount,
        /// Shipping.
        shipping_total: Amount,
        /// Tax.
        tax_total: Amount,
        /// Total.
        total: Amount,
        /// Payment status.
        payment_status: String,
        /// Payment provider (e.g. stripe).
        payment_provider: String,
        /// Payment reference (e.g. pi_…).
        payment_reference: String,
        /// Channel.
        channel: String,
        /// Source platform.
        source_platform: String,
        /// The idempotency key it was created with.
        idempotency_key: String,
        /// Lines.
        items: Vec<OrderItem>,
        /// Tags.
        tags: Vec<String>,
        /// Created at.
        created_at: String,
        /// Updated at.
        updated_at: String,
    }
}

model! {
    /// What an order create answers: it runs asynchronously as a workflow.
    pub struct OrderAccepted {
        /// Workflow id (`oms-create-order-<idempotency key>`).
        workflow_id: String,
        /// Run id.
        run_id: String,
    }
}

model! {
    /// An immutable stock-ledger entry.
    pub struct InventoryAdjustment {
        /// Id.
        id: String,
        /// Variant id.
        variant_id: String,
        /// Location id.
        location_id: String,
        /// Signed change in stock.
        quantity_delta: i64,
        /// `adjustment` for API calls.
        transaction_type: String,
        /// Notes.
        notes: String,
        /// Created at.
        created_at: String,
    }
}

model! {
    /// A sales channel.
    pub struct Channel {
        /// Id.
        id: String,
        /// Name.
        name: String,
        /// ISO 4217 currency.
        currency: String,
        /// Whether it is active.
        active: bool,
        /// Created at.
        created_at: String,
    }
}

model! {
    /// A connection to a commerce or accounting platform.
    pub struct Connection {
        /// Id.
        id: String,
        /// Unified.to connection id.
        unified_connection_id: String,
        /// Platform (shopify, woocommerce…).
        provider: String,
        /// Status (ACTIVE).
        status: String,
        /// Created at.
        created_at: String,
    }
}

model! {
    /// An organization member.
    pub struct Member {
        /// User id.
        uid: String,
        /// E-mail.
        email: String,
        /// Role.
        role: String,
        /// active or invited.
        status: String,
    }
}

model! {
    /// Tenant settings (PUT replaces all four settable fields).
    pub struct TenantSettings {
        /// Id.
        id: String,
        /// HARD or SOFT.
        inventory_allocation_model: String,
        /// Automatic purchase orders.
        auto_po_enabled: bool,
        /// Default low-stock threshold.
        default_low_stock_threshold: i64,
        /// WAC or FIFO.
        costing_method: String,
        /// Last changed by.
        updated_by: String,
        /// Updated at.
        updated_at: String,
    }
}

model! {
    /// An audit-log entry.
    pub struct AuditEntry {
        /// Id.
        id: String,
        /// Who acted (`system` for automation).
        actor_email: String,
        /// PRODUCT_CREATED, ORDER_PLACED…
        action: String,
        /// PRODUCT, ORDER…
        entity_type: String,
        /// The entity's id (may be empty).
        entity_id: String,
        /// Free-form details.
        details: Value,
        /// Client IP.
        ip_address: String,
        /// When.
        created_at: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_machine() {
        let s = |t: &str| OrderStatus::from(t);
        assert!(s("pending_payment").can_become(&s("payment_authorized")));
        assert!(s("confirmed").can_become(&s("cancelled")));
        assert!(!s("confirmed").can_become(&s("completed")), "no skipping");
        assert!(
            !s("processing").can_become(&s("confirmed")),
            "no going back"
        );
        assert!(
            s("cancelled").is_terminal()
                && s("failed").is_terminal()
                && s("refunded").is_terminal()
        );
        let err = s("confirmed")
            .check_transition(&s("delivered"))
            .unwrap_err();
        assert_eq!(err.errors[0].rule, "transition");
        assert!(
            err.message.contains("processing, cancelled"),
            "{}",
            err.message
        );
        assert!(s("completed").check_transition(&s("teleported")).is_err());
    }

    #[test]
    fn prices_as_strings_or_numbers() {
        let v: Variant =
            crate::models::decode(br#"{"id":"a","price":"89.99","cost_price":41.5}"#).unwrap();
        assert_eq!(v.price.unwrap().to_string(), "89.99");
        assert_eq!(v.cost_price.unwrap().to_string(), "41.5");
    }
}
