//! The Syncore client, typed: every resource of the spec, async (`AsyncSyncore`) and blocking
//! (`Syncore`).

use pacer_sdk_core::models::*;
use serde::Serialize;

/// Parameters of a job search (both dates required, at most 13 months back).
#[derive(Clone, Debug, Default, Serialize)]
pub struct JobSearch {
    /// First creation date, `YYYY-MM-DD`.
    pub date_from: String,
    /// Last creation date, `YYYY-MM-DD`.
    pub date_to: String,
    /// Job status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Client group id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_group_id: Option<i64>,
}

impl JobSearch {
    /// Jobs created between two dates (inclusive).
    pub fn between(date_from: impl Into<String>, date_to: impl Into<String>) -> Self {
        JobSearch {
            date_from: date_from.into(),
            date_to: date_to.into(),
            ..Default::default()
        }
    }
}

crate::facade::provider_client! {
    provider: "syncore",
    /// The Syncore API, async.
    async: AsyncSyncore,
    /// The Syncore API, blocking (runs the async client on its own runtime).
    blocking: Syncore,
    build: build_syncore / build_async_syncore,
    resources: {
        /// Contacts (store/program and dropship): search, get, create and update (dropship).
    contacts() -> Contact = "contacts";
    /// Store/program contacts: create and update.
    store_contacts() -> Contact = "store_contacts";
    /// Jobs: search (date range required), get, create and update (dropship).
    jobs() -> Job = "jobs";
    /// Store/program jobs: create and update.
    store_jobs() -> Job = "store_jobs";
    /// The sales orders of one job: list, get, create, update.
    sales_orders(job_id: i64) -> SalesOrder = "sales_orders";
    /// Sales orders across jobs: search by created, last-modified and invoice dates and status.
    all_sales_orders() -> SalesOrder = "sales_orders";
    /// The line items of one sales order: list, get, create, update.
    sales_order_line_items(job_id: i64, salesorder_id: i64) -> LineItem = "sales_order_line_items";
    /// The payments of one sales order: list, create.
    sales_order_payments(job_id: i64, salesorder_id: i64) -> Payment = "sales_order_payments";
    /// The purchase orders of one job: list, get, create, update.
    purchase_orders(job_id: i64) -> PurchaseOrder = "purchase_orders";
    /// Purchase orders across jobs: search by created and last-modified dates and status.
    all_purchase_orders() -> PurchaseOrder = "purchase_orders";
    /// The line items of one purchase order: list, get, update.
    purchase_order_line_items(job_id: i64, purchaseorder_id: i64) -> LineItem = "purchase_order_line_items";
    /// The payments of one purchase order: list, create.
    purchase_order_payments(job_id: i64, purchaseorder_id: i64) -> Payment = "purchase_order_payments";
    /// Commission codes (used to create jobs).
    commission_codes() -> CommissionCode = "commission_codes";
    /// Credit-card types.
    card_types() -> CardType = "card_types";
    /// Payment types.
    payment_types() -> PaymentType = "payment_types";
    /// Payment terms (used to create contacts).
    payment_terms() -> PaymentTerm = "payment_terms";
    /// Adjustment types (bad debt, surcharges).
    adjustment_types() -> AdjustmentType = "adjustment_types";
    /// Suppliers (used for purchase orders).
    suppliers() -> Supplier = "suppliers";
    /// Product indices (used to create jobs).
    product_indices() -> ProductIndex = "product_indices";
    /// Client groups.
    client_groups() -> ClientGroup = "client_groups";
    /// v1 job search (created date, client group, status).
    v1_jobs() -> Job = "v1_jobs";
    /// v1 contact search (created date, client group, e-mail, state, client or prospect).
    v1_contacts() -> Contact = "v1_contacts";
}
}
