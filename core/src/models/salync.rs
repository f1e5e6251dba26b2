//! Salync records (../shared/reference/salync-api.md §8; field names are pacer's documented
//! choice, like the paths). Ids are prefixed strings; money is exact.

use std::collections::BTreeMap;

use crate::model;
use crate::money::Amount;

model! {
    /// An option type of a product (Size, Colour…); a product has up to three.
    pub struct OptionType {
        /// Name.
        name: String,
        /// Values.
        values: Vec<String>,
    }
}

model! {
    /// A product variant: one combination of option values.
    pub struct Variant {
        /// Id.
        id: String,
        /// Product id.
        product_id: String,
        /// SKU.
        sku: String,
        /// Option values by option name.
        options: BTreeMap<String, String>,
        /// Barcode.
        barcode: String,
        /// Cost price.
        cost_price: Amount,
        /// Selling price.
        price: Amount,
        /// Stock on hand.
        stock_on_hand: i64,
        /// Whether it is archived.
        archived: bool,
    }
}

model! {
    /// A product.
    pub struct Product {
        /// Id.
        id: String,
        /// Name.
        name: String,
        /// SKU.
        sku: String,
        /// Description.
        description: String,
        /// Barcode.
        barcode: String,
        /// Cost price (pre-fills purchase-order unit cost).
        cost_price: Amount,
        /// Selling price.
        price: Amount,
        /// Supplier id.
        supplier_id: String,
        /// Supplier's product code.
        supplier_reference: String,
        /// Alert below this stock.
        low_stock_threshold: i64,
        /// Stock on hand (summed over variants when it has them).
        stock_on_hand: i64,
        /// Whether it is archived.
        archived: bool,
        /// Up to three option types.
        option_types: Vec<OptionType>,
        /// Variants.
        variants: Vec<Variant>,
        /// Created at.
        created_at: String,
        /// Updated at.
        updated_at: String,
    }
}

model! {
    /// The stock level of a product or variant.
    pub struct StockLevel {
        /// Product id.
        product_id: String,
        /// Variant id, for variant stock.
        variant_id: String,
        /// SKU.
        sku: String,
        /// Stock on hand.
        stock_on_hand: i64,
        /// Low-stock threshold.
        low_stock_threshold: i64,
        /// Whether it is below the threshold.
        low_stock: bool,
    }
}

model! {
    /// A stock adjustment (the quantity is positive; the type gives the direction).
    pub struct StockAdjustment {
        /// Id.
        id: String,
        /// Product id.
        product_id: String,
        /// Variant id.
        variant_id: String,
        /// sale, po_receipt, manual, write_off or transfer.
        kind as "type": String,
        /// Quantity (positive).
        quantity: i64,
        /// increase or decrease.
        direction: String,
        /// Reference (order or invoice number).
        reference: String,
        /// Date of the movement.
        date: String,
        /// Recorded at.
        created_at: String,
    }
}

model! {
    /// A supplier.
    pub struct Supplier {
        /// Id.
        id: String,
        /// Company name.
        name: String,
        /// Contact name.
        contact_name: String,
        /// E-mail (purchase orders are sent there).
        email: String,
        /// Phone.
        phone: String,
        /// Website.
        website: String,
        /// Address.
        address: String,
        /// Internal notes.
        notes: String,
        /// Lead time in days.
        lead_time_days: i64,
        /// Minimum order quantity per line.
        minimum_order_quantity: i64,
        /// Minimum order value.
        minimum_order_value: Amount,
        /// Payment terms, e.g. Net 30.
        payment_terms: String,
        /// ISO 4217 currency (GBP by default).
        currency: String,
    }
}

model! {
    /// A line of a purchase order.
    pub struct PurchaseOrderLine {
        /// Product id.
        product_id: String,
        /// Variant id.
        variant_id: String,
        /// Quantity ordered.
        quantity: i64,
        /// Unit cost.
        unit_cost: Amount,
        /// Supplier's product code.
        supplier_reference: String,
        /// Quantity received so far.
        received_quantity: i64,
    }
}

model! {
    /// A purchase order (draft → sent → confirmed → in transit → received, or cancelled).
    pub struct PurchaseOrder {
        /// Id.
        id: String,
        /// Human number.
        number: String,
        /// Supplier id.
        supplier_id: String,
        /// Status.
        status: String,
        /// Expected delivery date.
        expected_delivery_date: String,
        /// Lines.
        lines: Vec<PurchaseOrderLine>,
        /// Total.
        total: Amount,
        /// ISO 4217 currency.
        currency: String,
        /// Notes.
        notes: String,
        /// Created at.
        created_at: String,
        /// Sent at.
        sent_at: String,
        /// Received at.
        received_at: String,
    }
}

model! {
    /// A sales channel and its connection status.
    pub struct Channel {
        /// Id.
        id: String,
        /// Name.
        name: String,
        /// Platform (Shopify, Amazon…).
        platform: String,
        /// connected, disconnected or error.
        connection_status: String,
        /// Number of listings.
        listing_count: i64,
    }
}

model! {
    /// A listing on a channel.
    pub struct Listing {
        /// Id.
        id: String,
        /// Channel id.
        channel_id: String,
        /// Product id.
        product_id: String,
        /// Variant id.
        variant_id: String,
        /// SKU.
        sku: String,
        /// active, pending, error or inactive.
        state: String,
        /// Why it is in error.
        error_message: String,
    }
}
