//! Syncore records (../shared/reference/syncore-api.md §4). Every field is optional and
//! tolerates null; unknown fields and enum values are kept; money is exact.

use super::common::{
    Address, ClientRef, ContactType, LooseBool, LooseId, Ref, RepRef, SupplierRef,
};
use crate::money::Amount;
use crate::{model, open_enum};

open_enum! {
    /// Job status. Public sources disagree on the set; unknown values are kept.
    pub enum JobStatus {
        /// Pending.
        Pending = "Pending",
        /// Submitted.
        Submitted = "Submitted",
        /// Work in progress.
        Wip = "WIP",
        /// Delivered.
        Delivered = "Delivered",
        /// Completed.
        Completed = "Completed",
        /// Closed.
        Closed = "Closed",
    }
}

open_enum! {
    /// Sales-order status.
    pub enum SalesOrderStatus {
        /// Pending.
        Pending = "Pending",
        /// Open.
        Open = "Open",
        /// Invoiced.
        Invoiced = "Invoiced",
        /// Paid.
        Paid = "Paid",
    }
}

open_enum! {
    /// Purchase-order status; "Posted @ease AP" (docs) and "Posted @ease A/P" (live) are one value.
    pub enum PurchaseOrderStatus {
        /// Open.
        Open = "Open",
        /// Approved (needs an approval date).
        Approved = "Approved",
        /// Posted manually (needs a posting date).
        PostedManually = "Posted Manually",
        /// Posted to @ease accounts payable (needs a posting date).
        PostedEaseAp = "Posted @ease A/P",
        /// Paid.
        Paid = "Paid",
    }
}

open_enum! {
    /// Line-item type: the documented set plus `Asi` (seen live); others are kept.
    pub enum LineType {
        /// Comment line.
        Comment = "Comment",
        /// Pricing line.
        Pricing = "Pricing",
        /// Colour (children are sizes).
        Color = "Color",
        /// Size (quantity lives here for apparel).
        Size = "Size",
        /// Product comment.
        ProductComment = "ProductComment",
        /// Decoration method.
        DecorationMethod = "DecorationMethod",
        /// Setup charge.
        SetupCharge = "SetupCharge",
        /// Run charge.
        RunCharge = "RunCharge",
        /// Decoration location.
        DecorationLocation = "DecorationLocation",
        /// Decoration size.
        DecorationSize = "DecorationSize",
        /// Design name.
        DesignName = "DesignName",
        /// Stitch count (the number is text in `description`, e.g. "7,000").
        StitchCount = "StitchCount",
        /// Decoration colour.
        DecorationColor = "DecorationColor",
        /// Decoration vendor.
        DecorationVendor = "DecorationVendor",
        /// Colour at imprint.
        ColorAtImprint = "ColorAtImprint",
        /// Decoration comment.
        DecorationComment = "DecorationComment",
        /// A product line added through the ASI product search.
        Asi = "Asi",
    }
}

model! {
    /// A sales-order summary embedded in a job.
    pub struct SalesOrderSummary {
        /// Internal id (not the number).
        id: i64,
        /// Sequence within the job (shown as `{job}-{number}`).
        number: i64,
        /// Status.
        status: SalesOrderStatus,
        /// Total.
        total_value: Amount,
    }
}

model! {
    /// A purchase-order summary embedded in a job.
    pub struct PurchaseOrderSummary {
        /// Internal id.
        id: i64,
        /// Sequence within the job.
        number: i64,
        /// Status.
        status: PurchaseOrderStatus,
        /// Subtotal.
        sub_total_value: Amount,
        /// Tax.
        tax_value: Amount,
        /// Total.
        total_value: Amount,
        /// Supplier.
        supplier: SupplierRef,
    }
}

model! {
    /// A job: the container of one customer order (its id is the job number).
    pub struct Job {
        /// Job id, equal to the job number.
        id: i64,
        /// Store (store/program jobs).
        store: Ref,
        /// Job class (e.g. Dropship, Store).
        job_class: String,
        /// Job type (e.g. "Store Order").
        job_type: String,
        /// Status.
        status: JobStatus,
        /// Created date.
        date: String,
        /// Estimated delivery date.
        estimated_delivery_date: String,
        /// Completion date.
        completed_date: String,
        /// Description.
        description: String,
        /// Priority.
        priority: String,
        /// Product index.
        product_index: Ref,
        /// Client contact.
        client: ClientRef,
        /// Client group.
        client_group: Ref,
        /// Primary rep (name only on reads).
        primary_rep: RepRef,
        /// Secondary rep.
        secondary_rep: RepRef,
        /// Customer-service rep's name.
        customer_service_rep_name: String,
        /// Commission split (shape varies).
        commission_split: serde_json::Value,
        /// Sales-order summaries.
        sales_orders: Vec<SalesOrderSummary>,
        /// Purchase-order summaries.
        purchase_orders: Vec<PurchaseOrderSummary>,
        /// Last modification time.
        last_modified_date: String,
    }
}

model! {
    /// One line of a sales or purchase order; lines form a tree through `parent_id`.
    pub struct LineItem {
        /// Line id.
        line_id: i64,
        /// Parent line id; 0 means top level.
        parent_id: i64,
        /// Line type.
        kind as "type": LineType,
        /// Description.
        description: String,
        /// SKU; an empty string (not null) on colour and size lines.
        sku: String,
        /// Internal product id; 0 is a placeholder.
        product_id: i64,
        /// Quantity.
        quantity: Amount,
        /// Unit price.
        price_value: Amount,
        /// Unit cost.
        cost_value: Amount,
        /// Line total.
        line_total_value: Amount,
        /// Taxability.
        taxability: String,
        /// Supplier.
        supplier: SupplierRef,
        /// Whether the line is shown to the client (a boolean or a string).
        visible: LooseBool,
        /// Whether it ships from stock.
        from_stock: bool,
    }
}

model! {
    /// A sales order of a job; its line items are embedded.
    pub struct SalesOrder {
        /// Internal id (not the number).
        id: i64,
        /// Sequence within the job.
        number: i64,
        /// The job's number.
        job_number: i64,
        /// Date.
        date: String,
        /// Status.
        status: SalesOrderStatus,
        /// Client.
        client: ClientRef,
        /// Sold-to address.
        sold_to: Address,
        /// Bill-to address.
        bill_to: Address,
        /// Ship-to address.
        ship_to: Address,
        /// Lines.
        line_items: Vec<LineItem>,
        /// The client's PO number.
        customer_order_number: String,
        /// Client instructions.
        customer_instructions: String,
        /// Description.
        description: String,
        /// Subtotal.
        sub_total_value: Amount,
        /// Tax.
        tax_value: Amount,
        /// Total.
        total_value: Amount,
        /// Invoice date.
        invoice_date: String,
        /// In-hand date.
        in_hand_date: String,
        /// Last modification time.
        last_modified_date: String,
    }
}

model! {
    /// Supplier invoice details of a purchase order.
    pub struct InvoiceDetails {
        /// Supplier's invoice number.
        supplier_invoice_number: String,
        /// Supplier's invoice date.
        supplier_invoice_date: String,
        /// Approval date (required to enter Approved).
        approval_date: String,
        /// Posting date (required to enter a Posted status).
        posting_date: String,
    }
}

model! {
    /// A purchase order of a job.
    pub struct PurchaseOrder {
        /// Internal id.
        id: i64,
        /// Sequence within the job (shown as `{job}-{number}`).
        number: i64,
        /// The job's number.
        job_number: i64,
        /// Date.
        date: String,
        /// Status.
        status: PurchaseOrderStatus,
        /// Last modification time.
        last_modified_date: String,
        /// Supplier.
        supplier: SupplierRef,
        /// Supplier's address.
        supplier_address: Address,
        /// Ship-to address.
        ship_to: Address,
        /// Critical comments.
        critical_comments: String,
        /// In-hand date (YYYY-MM-DD).
        in_hand_date: String,
        /// Ship via.
        ship_via: String,
        /// FOB.
        fob: String,
        /// Repeat order number.
        repeat_order_number: String,
        /// Shipping instructions.
        shipping_and_instructions: String,
        /// Decoration instructions.
        decoration_instructions: String,
        /// CSR instructions copied from the sales order.
        csr_instructions_from_so: String,
        /// Lines.
        line_items: Vec<LineItem>,
        /// Subtotal.
        sub_total_value: Amount,
        /// Tax.
        tax_value: Amount,
        /// Total.
        total_value: Amount,
        /// Artwork charge.
        artwork_value: Amount,
        /// Freight.
        freight_value: Amount,
        /// Whether freight is taxable.
        freight_taxable: bool,
        /// Tax rate 1 in percent.
        tax_1_percentage: Amount,
        /// Supplier invoice details.
        invoice_details: InvoiceDetails,
    }
}

model! {
    /// A payment on a sales or purchase order.
    pub struct Payment {
        /// Payment id.
        id: i64,
        /// Date.
        date: String,
        /// Amount.
        amount_value: Amount,
        /// Payment type.
        payment_type: Ref,
        /// Card type, for card payments.
        card_type: Ref,
        /// Adjustment type (bad debt, surcharge…).
        adjustment_type: Ref,
        /// Reference (cheque number, transaction id).
        reference: String,
        /// Notes.
        notes: String,
    }
}

model! {
    /// A CRM contact (store/program or dropship; client or prospect).
    pub struct Contact {
        /// Contact id.
        id: i64,
        /// Company name.
        business_name: String,
        /// First name.
        first_name: String,
        /// Last name.
        last_name: String,
        /// Full name.
        name: String,
        /// E-mail.
        email: String,
        /// Phone.
        phone: String,
        /// Client or prospect.
        kind as "type": ContactType,
        /// Client group (all contacts of one company share it).
        client_group: Ref,
        /// Store, for store/program contacts.
        store: Ref,
        /// Payment term.
        payment_term: Ref,
        /// Billing address.
        billing_address: Address,
        /// Shipping address.
        shipping_address: Address,
        /// Created date.
        created_date: String,
    }
}

model! {
    /// A supplier from the supplier list.
    pub struct Supplier {
        /// Supplier id.
        id: i64,
        /// Name.
        name: String,
        /// Type.
        kind as "type": String,
        /// Class (tenant-defined label).
        class: String,
        /// ASI number.
        asi_id: LooseId,
        /// E-mail.
        email: String,
        /// Phone.
        phone: String,
    }
}

model! {
    /// A product index (used when creating jobs).
    pub struct ProductIndex {
        /// Id.
        id: i64,
        /// Name.
        name: String,
    }
}

model! {
    /// A client group.
    pub struct ClientGroup {
        /// Id.
        id: i64,
        /// Name.
        name: String,
    }
}

model! {
    /// A payment term (used when creating contacts).
    pub struct PaymentTerm {
        /// Id.
        id: i64,
        /// Name, e.g. "Net 30".
        name: String,
        /// Days until due.
        days: i64,
    }
}

model! {
    /// A commission code (used when creating jobs).
    pub struct CommissionCode {
        /// Id.
        id: i64,
        /// Name.
        name: String,
        /// Code.
        code: String,
        /// Dropship or store.
        kind as "type": String,
    }
}

model! {
    /// A credit-card type.
    pub struct CardType {
        /// Id.
        id: i64,
        /// Name, e.g. "Visa".
        name: String,
    }
}

model! {
    /// A payment type.
    pub struct PaymentType {
        /// Id.
        id: i64,
        /// Name.
        name: String,
    }
}

model! {
    /// An adjustment type (Bad Debt, Credit Card Surcharge…).
    pub struct AdjustmentType {
        /// Id.
        id: i64,
        /// Name.
        name: String,
    }
}
