//! The emulator's state: lookup lists, contacts and jobs with their orders.
//!
//! Seeded jobs are kept as a small recipe plus a header (what searches filter on) and are
//! regenerated on demand from the recipe, which is deterministic; only a job that a write
//! touches is materialised. 3,000 jobs with ~70,000 line items would otherwise cost ~100 MB
//! per emulator, and tests start many.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use pacer_sdk_core::Timestamp;
use serde_json::Value;

use crate::record::{Record, id_of, text};
use crate::syncore::values::field_when;
use crate::zone::DayZone;

/// A sales or purchase order with its lines and payments.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderData {
    /// The order without `line_items`.
    pub record: Record,
    /// Its line items, in order.
    pub lines: Vec<Record>,
    /// Its payments, in order.
    pub payments: Vec<Record>,
    /// The client sent the totals itself, so line changes must not recompute them.
    pub pinned_totals: bool,
}

/// A job with everything under it.
#[derive(Clone, Debug, PartialEq)]
pub struct JobData {
    /// The job without the embedded order summaries (computed on read).
    pub job: Record,
    /// Sales orders.
    pub sales_orders: Vec<OrderData>,
    /// Purchase orders.
    pub purchase_orders: Vec<OrderData>,
}

/// First ids a job's generator hands out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdBases {
    /// Next sales-order id.
    pub so: i64,
    /// Next purchase-order id.
    pub po: i64,
    /// Next line id.
    pub line: i64,
    /// Next payment id.
    pub payment: i64,
}

/// How to regenerate a seeded job.
#[derive(Clone, Debug)]
pub struct Recipe {
    /// Seed of the job's own random stream.
    pub rng_seed: u64,
    /// Creation instant.
    pub created_ms: i64,
    /// The client contact.
    pub client_id: i64,
    /// Ids the generator starts from.
    pub bases: IdBases,
}

/// What searches filter an order on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderHeader {
    /// Order id.
    pub id: i64,
    /// Status as stored.
    pub status: String,
    /// Named date fields (`date`, `last_modified_date`, `invoice_date`…) as local time.
    pub dates: BTreeMap<&'static str, NaiveDateTime>,
}

/// What searches filter a job on.
#[derive(Clone, Debug, PartialEq)]
pub struct JobHeader {
    /// Local date the job was really created (the 13-month window is measured from it).
    pub created_on: NaiveDate,
    /// The `date` field as local time.
    pub date: Option<NaiveDateTime>,
    /// Status as stored.
    pub status: String,
    /// `client_group.id`.
    pub client_group_id: Option<i64>,
    /// Sales-order headers.
    pub sales_orders: Vec<OrderHeader>,
    /// Purchase-order headers.
    pub purchase_orders: Vec<OrderHeader>,
}

struct JobEntry {
    header: JobHeader,
    recipe: Option<Recipe>,
    data: Option<Box<JobData>>,
}

/// Date fields of orders that searches can filter on.
pub const ORDER_DATE_FIELDS: &[&str] = &[
    "date",
    "last_modified_date",
    "invoice_date",
    "invoice_status_date",
];

/// Lookup lists and contacts: everything that is not a job.
#[derive(Clone, Debug)]
pub struct World {
    /// Zone of every wall-clock date.
    pub zone: DayZone,
    /// The clock's reading when the data was generated.
    pub seeded_now: Timestamp,
    /// Client groups.
    pub client_groups: Vec<Record>,
    /// Stores (no list endpoint; referenced by store jobs and contacts).
    pub stores: Vec<Record>,
    /// Suppliers with their addresses.
    pub suppliers: Vec<Record>,
    /// Product indices.
    pub product_indices: Vec<Record>,
    /// Payment terms.
    pub payment_terms: Vec<Record>,
    /// Commission codes.
    pub commission_codes: Vec<Record>,
    /// Card types.
    pub card_types: Vec<Record>,
    /// Payment types.
    pub payment_types: Vec<Record>,
    /// Adjustment types.
    pub adjustment_types: Vec<Record>,
    /// Contacts by id.
    pub contacts: BTreeMap<i64, Record>,
}

/// The whole data set.
pub struct Db {
    /// Lookups and contacts.
    pub world: World,
    jobs: BTreeMap<i64, JobEntry>,
    /// Next ids to hand out.
    pub next: IdBases,
    /// Next job number.
    pub next_job: i64,
    /// Next contact id.
    pub next_contact: i64,
}

fn order_header(r: &Record, zone: &DayZone) -> OrderHeader {
    OrderHeader {
        id: r.get("id").and_then(id_of).unwrap_or_default(),
        status: text(r, "status").to_string(),
        dates: ORDER_DATE_FIELDS
            .iter()
            .filter_map(|k| field_when(r, k, zone).map(|t| (*k, t)))
            .collect(),
    }
}

/// The header of `data`.
pub fn header_of(data: &JobData, created_on: NaiveDate, zone: &DayZone) -> JobHeader {
    JobHeader {
        created_on,
        date: field_when(&data.job, "date", zone),
        status: text(&data.job, "status").to_string(),
        client_group_id: data
            .job
            .get("client_group")
            .and_then(|g| g.get("id"))
            .and_then(id_of),
        sales_orders: data
            .sales_orders
            .iter()
            .map(|o| order_header(&o.record, zone))
            .collect(),
        purchase_orders: data
            .purchase_orders
            .iter()
            .map(|o| order_header(&o.record, zone))
            .collect(),
    }
}

impl Db {
    /// An empty data set over `world`.
    pub fn new(world: World, next: IdBases, next_job: i64, next_contact: i64) -> Db {
        Db {
            world,
            jobs: BTreeMap::new(),
            next,
            next_job,
            next_contact,
        }
    }

    /// Adds a seeded job by recipe and header (its data is regenerated on demand).
    pub fn add_seeded(&mut self, id: i64, recipe: Recipe, header: JobHeader) {
        self.jobs.insert(
            id,
            JobEntry {
                header,
                recipe: Some(recipe),
                data: None,
            },
        );
    }

    /// Adds a job created through the API.
    pub fn add_created(&mut self, id: i64, data: JobData, created_on: NaiveDate) {
        let header = header_of(&data, created_on, &self.world.zone);
        self.jobs.insert(
            id,
            JobEntry {
                header,
                recipe: None,
                data: Some(Box::new(data)),
            },
        );
    }

    /// Every job id with its header, in job-number order.
    pub fn headers(&self) -> impl Iterator<Item = (i64, &JobHeader)> {
        self.jobs.iter().map(|(id, e)| (*id, &e.header))
    }

    /// The header of job `id`.
    pub fn header(&self, id: i64) -> Option<&JobHeader> {
        self.jobs.get(&id).map(|e| &e.header)
    }

    /// Job `id` with everything under it (regenerated when not materialised).
    pub fn job(&self, id: i64) -> Option<Cow<'_, JobData>> {
        let e = self.jobs.get(&id)?;
        match (&e.data, &e.recipe) {
            (Some(d), _) => Some(Cow::Borrowed(d)),
            (None, Some(r)) => crate::syncore::seed::jobs::generate_job(&self.world, id, r, false)
                .data
                .map(Cow::Owned),
            (None, None) => None,
        }
    }

    /// Changes job `id` through `edit`, then refreshes what searches see.
    pub fn edit_job<T>(&mut self, id: i64, edit: impl FnOnce(&mut JobData) -> T) -> Option<T> {
        if self.jobs.get(&id)?.data.is_none() {
            let data = self.job(id)?.into_owned();
            self.jobs.get_mut(&id)?.data = Some(Box::new(data));
        }
        let zone = self.world.zone;
        let entry = self.jobs.get_mut(&id)?;
        let data = entry.data.as_mut()?;
        let out = edit(data);
        entry.header = header_of(data, entry.header.created_on, &zone);
        Some(out)
    }

    /// Hands out the next id of a kind.
    pub fn take_id(&mut self, kind: IdKind) -> i64 {
        let slot = match kind {
            IdKind::SalesOrder => &mut self.next.so,
            IdKind::PurchaseOrder => &mut self.next.po,
            IdKind::Line => &mut self.next.line,
            IdKind::Payment => &mut self.next.payment,
            IdKind::Job => &mut self.next_job,
            IdKind::Contact => &mut self.next_contact,
        };
        let id = *slot;
        *slot += 1;
        id
    }
}

/// Kinds of server-assigned ids.
#[derive(Clone, Copy, Debug)]
pub enum IdKind {
    /// Sales orders.
    SalesOrder,
    /// Purchase orders.
    PurchaseOrder,
    /// Line items.
    Line,
    /// Payments.
    Payment,
    /// Jobs (job numbers).
    Job,
    /// Contacts.
    Contact,
}

/// Finds a record with `id` in a list.
pub fn find_by_id(list: &[Record], key: &str, id: i64) -> Option<usize> {
    list.iter()
        .position(|r| r.get(key).and_then(id_of) == Some(id))
}

/// A lookup list by the name the API uses for its `x_id` fields.
pub fn lookup<'a>(world: &'a World, name: &str) -> Option<&'a [Record]> {
    Some(match name {
        "client_group" => &world.client_groups,
        "store" => &world.stores,
        "supplier" => &world.suppliers,
        "product_index" => &world.product_indices,
        "payment_term" => &world.payment_terms,
        "commission_code" => &world.commission_codes,
        "card_type" => &world.card_types,
        "payment_type" => &world.payment_types,
        "adjustment_type" => &world.adjustment_types,
        _ => return None,
    })
}

/// Whether a JSON value is present and not null.
pub fn present(v: Option<&Value>) -> bool {
    !matches!(v, None | Some(Value::Null))
}
