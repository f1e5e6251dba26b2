//! The Salync client, typed: products and variants, stock, suppliers, purchase orders and
//! channel listings, async (`AsyncSalync`) and blocking (`Salync`).
//!
//! ```no_run
//! let salync = pacer_sdk::Salync::builder()
//!     .api_key(std::env::var("SALYNC_API_KEY").unwrap())
//!     .plan("growth")   // 500 requests a day, reset at midnight UTC
//!     .build_salync()?;
//! let product = salync.products().by_sku("MUG-11OZ")?;
//! println!("{:?}", product.name);
//! # Ok::<(), pacer_sdk::Error>(())
//! ```

use pacer_sdk_core::models::salync::*;

crate::facade::provider_client! {
    provider: "salync",
    /// The Salync API, async.
    async: AsyncSalync,
    /// The Salync API, blocking (runs the async client on its own runtime).
    blocking: Salync,
    build: build_salync / build_async_salync,
    resources: {
        /// Products: list, get, look up by SKU, create, update, archive.
        products() -> Product = "products";
        /// The variants of one product: list, get, create, update, archive.
        product_variants(product_id: &str) -> Variant = "product_variants";
        /// Stock levels per variant and location: list.
        stock() -> StockLevel = "stock";
        /// Stock adjustments: list, create.
        stock_adjustments() -> StockAdjustment = "stock_adjustments";
        /// Suppliers: list, get.
        suppliers() -> Supplier = "suppliers";
        /// Purchase orders: list, get, create.
        purchase_orders() -> PurchaseOrder = "purchase_orders";
        /// Sales channels: list, get.
        channels() -> Channel = "channels";
        /// The listings of one channel: list.
        channel_listings(channel_id: &str) -> Listing = "channel_listings";
    }
}
