//! The Syncore client, typed: every resource of the spec, async (`AsyncSyncore`) and blocking
//! (`Syncore`).

use std::sync::Arc;

use pacer_core::Error;
use pacer_core::models::*;
use pacer_core::quota::{Forecast, ForecastOptions, RequestKind, WindowUsage};
use serde::Serialize;

use crate::client::{Client, ClientBuilder};
use crate::journal::JournalEntry;
use crate::resource::{AsyncResource, Resource};

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

/// The Syncore API, async.
#[derive(Clone, Debug)]
pub struct AsyncSyncore {
    client: Client,
}

/// The Syncore API, blocking (runs the async client on its own runtime).
#[derive(Clone, Debug)]
pub struct Syncore {
    inner: AsyncSyncore,
    rt: Arc<tokio::runtime::Runtime>,
}

impl AsyncSyncore {
    /// A builder preset for Syncore; finish with `build_async_syncore()`.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new("syncore")
    }

    /// Wraps a client built for Syncore.
    pub fn from_client(client: Client) -> Result<Self, Error> {
        if client.api().spec().name != "syncore" {
            return Err(Error::config(
                "wrong_provider",
                format!("this client is for {}", client.api().spec().name),
            ));
        }
        Ok(AsyncSyncore { client })
    }

    /// The provider-agnostic client underneath.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Every quota window: used, limit, when it resets, and which one binds.
    pub fn quota_status(&self) -> Result<Vec<WindowUsage>, Error> {
        self.client.quota_status()
    }

    /// Forecast for a workload such as `[("orders.GET", 5000)]`.
    pub fn forecast(&self, workload: &[(RequestKind, u64)]) -> Result<Forecast, Error> {
        self.client.forecast(workload, ForecastOptions::default())
    }

    /// Writes whose outcome is not settled yet.
    pub fn pending_writes(&self) -> Result<Vec<JournalEntry>, Error> {
        self.client.pending_writes()
    }

    /// Settles writes whose outcome is unknown (see `Client::reconcile_pending`).
    pub async fn reconcile_pending(&self, resend: bool) -> Result<Vec<JournalEntry>, Error> {
        self.client.reconcile_pending(resend).await
    }
}

impl Syncore {
    /// A builder preset for Syncore; finish with `build_syncore()`.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new("syncore")
    }

    /// Wraps a client built for Syncore, with a runtime of its own.
    pub fn from_client(client: Client) -> Result<Self, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::config(
                "blocking_in_async",
                "the blocking Syncore client cannot run inside an async runtime; use AsyncSyncore",
            ));
        }
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("pacer-io")
            .enable_all()
            .build()
            .map_err(|e| Error::config("runtime", format!("cannot start the I/O runtime: {e}")))?;
        Ok(Syncore {
            inner: AsyncSyncore::from_client(client)?,
            rt: Arc::new(rt),
        })
    }

    /// The async client underneath.
    pub fn as_async(&self) -> &AsyncSyncore {
        &self.inner
    }

    /// The provider-agnostic client underneath.
    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// The runtime the blocking calls run on.
    pub fn runtime(&self) -> &Arc<tokio::runtime::Runtime> {
        &self.rt
    }

    /// Every quota window: used, limit, when it resets, and which one binds.
    pub fn quota_status(&self) -> Result<Vec<WindowUsage>, Error> {
        self.inner.quota_status()
    }

    /// Forecast for a workload such as `[("orders.GET", 5000)]`.
    pub fn forecast(&self, workload: &[(RequestKind, u64)]) -> Result<Forecast, Error> {
        self.inner.forecast(workload)
    }

    /// Writes whose outcome is not settled yet.
    pub fn pending_writes(&self) -> Result<Vec<JournalEntry>, Error> {
        self.inner.pending_writes()
    }

    /// Settles writes whose outcome is unknown.
    pub fn reconcile_pending(&self, resend: bool) -> Result<Vec<JournalEntry>, Error> {
        self.rt.block_on(self.inner.reconcile_pending(resend))
    }
}

impl ClientBuilder {
    /// Builds a blocking Syncore client.
    pub fn build_syncore(self) -> Result<Syncore, Error> {
        Syncore::from_client(self.build()?)
    }

    /// Builds an async Syncore client.
    pub fn build_async_syncore(self) -> Result<AsyncSyncore, Error> {
        AsyncSyncore::from_client(self.build()?)
    }
}

/// Declares each resource accessor once for both clients.
macro_rules! resources {
    ($( $(#[$doc:meta])* $method:ident ( $($param:ident),* ) -> $model:ty = $name:literal; )*) => {
        impl AsyncSyncore {
            $(
                $(#[$doc])*
                pub fn $method(&self, $($param: i64),*) -> AsyncResource<$model> {
                    AsyncResource::new(self.client.clone(), $name, &[$((stringify!($param), $param)),*])
                }
            )*
        }
        impl Syncore {
            $(
                $(#[$doc])*
                pub fn $method(&self, $($param: i64),*) -> Resource<$model> {
                    Resource { inner: self.inner.$method($($param),*), rt: self.rt.clone() }
                }
            )*
        }
        /// Every resource accessor: (method, parent parameters, spec resource name).
        pub const RESOURCES: &[(&str, &[&str], &str)] = &[$((stringify!($method), &[$(stringify!($param)),*], $name)),*];
    };
}

resources! {
    /// Contacts (store/program and dropship): search, get, create and update (dropship).
    contacts() -> Contact = "contacts";
    /// Store/program contacts: create and update.
    store_contacts() -> Contact = "store_contacts";
    /// Jobs: search (date range required), get, create and update (dropship).
    jobs() -> Job = "jobs";
    /// Store/program jobs: create and update.
    store_jobs() -> Job = "store_jobs";
    /// The sales orders of one job: list, get, create, update.
    sales_orders(job_id) -> SalesOrder = "sales_orders";
    /// Sales orders across jobs: search by created, last-modified and invoice dates and status.
    all_sales_orders() -> SalesOrder = "sales_orders";
    /// The line items of one sales order: list, get, create, update.
    sales_order_line_items(job_id, salesorder_id) -> LineItem = "sales_order_line_items";
    /// The payments of one sales order: list, create.
    sales_order_payments(job_id, salesorder_id) -> Payment = "sales_order_payments";
    /// The purchase orders of one job: list, get, create, update.
    purchase_orders(job_id) -> PurchaseOrder = "purchase_orders";
    /// Purchase orders across jobs: search by created and last-modified dates and status.
    all_purchase_orders() -> PurchaseOrder = "purchase_orders";
    /// The line items of one purchase order: list, get, update.
    purchase_order_line_items(job_id, purchaseorder_id) -> LineItem = "purchase_order_line_items";
    /// The payments of one purchase order: list, create.
    purchase_order_payments(job_id, purchaseorder_id) -> Payment = "purchase_order_payments";
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
