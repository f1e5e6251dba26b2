//! The Synq client, typed: catalog (PIM), orders (OMS), inventory, channels, integrations,
//! organization, settings and audit, async (`AsyncSynq`) and blocking (`Synq`).
//!
//! Synq authenticates with short-lived bearer tokens and scopes every call to a tenant and an
//! organization; give the builder a token provider (asked again when a token is rejected) and
//! both ids:
//!
//! ```no_run
//! use std::sync::Arc;
//! let synq = pacer_sdk::Synq::builder()
//!     .base_url("https://api.synq.example")
//!     .token_provider(Arc::new(|| Ok(std::env::var("SYNQ_TOKEN").unwrap_or_default())))
//!     .synq_scope("tenant-uuid", "org-uuid")
//!     .build_synq()?;
//! for product in synq.products().list()? {
//!     println!("{:?}", product?.title);
//! }
//! # Ok::<(), pacer_sdk::Error>(())
//! ```

use pacer_sdk_core::models::synq::*;
use serde_json::Value;

use crate::client::ClientBuilder;

crate::facade::provider_client! {
    provider: "synq",
    /// The Synq API, async.
    async: AsyncSynq,
    /// The Synq API, blocking (runs the async client on its own runtime).
    blocking: Synq,
    build: build_synq / build_async_synq,
    resources: {
        /// Catalog products: list (truncated at 100 by the server), get, create, update, delete.
        products() -> Product = "products";
        /// The variants of one product: create.
        product_variants(product_id: &str) -> Variant = "product_variants";
        /// Categories: list, create.
        categories() -> Category = "categories";
        /// Brands: list, create.
        brands() -> Brand = "brands";
        /// Attributes: list, create.
        attributes() -> Attribute = "attributes";
        /// Attribute groups: list, create.
        attribute_groups() -> AttributeGroup = "attribute_groups";
        /// Product templates: list, create.
        templates() -> Template = "templates";
        /// Media records: list, create.
        media() -> Media = "media";
        /// Bulk import jobs: list, create.
        bulk_jobs() -> BulkJob = "bulk_jobs";
        /// Catalog exports: create.
        exports() -> Value = "exports";
        /// Orders: list, get, create (with an idempotency key pacer generates and journals).
        orders() -> Order = "orders";
        /// Inventory adjustments: the `adjust` action.
        inventory() -> InventoryAdjustment = "inventory";
        /// Sales channels: list, create.
        channels() -> Channel = "channels";
        /// Marketplace integrations: the `auth_url` and `callback` actions.
        integrations() -> Value = "integrations";
        /// Marketplace connections: list.
        connections() -> Connection = "connections";
        /// Organization members: list, invite.
        members() -> Member = "members";
        /// The tenant's settings: fetch, replace.
        tenant_settings() -> TenantSettings = "tenant_settings";
        /// The audit log: list (truncated at 50 by the server).
        audit() -> AuditEntry = "audit";
    }
}

impl ClientBuilder {
    /// The tenant and organization every Synq call is scoped to (`X-Tenant-ID`, `X-Org-ID`).
    pub fn synq_scope(self, tenant_id: impl Into<String>, org_id: impl Into<String>) -> Self {
        self.header_value("tenant_id", tenant_id)
            .header_value("org_id", org_id)
    }
}
