//! The Syncore handlers, dispatched by spec endpoint name.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use pacer_sdk_core::Timestamp;
use pacer_sdk_core::spec::{EndpointSpec, ProviderSpec};
use serde_json::{Value, json};

use crate::collection::{Collections, Served, serve};
use crate::query::Query;
use crate::record::{NotObject, Record, body_object, id_of, money, text};
use crate::reply::Reply;
use crate::syncore::listing::{check_params, paged, ranges};
use crate::syncore::seed::names::REPS;
use crate::syncore::shape::{Problems, line_to_read, require, require_objects, to_read};
use crate::syncore::store::{Db, IdKind, JobData, OrderData, find_by_id, present};
use crate::syncore::values::{cents_of, fmt_date, fmt_datetime, number_of};
use crate::zone::months_back;

impl Reply {
    /// 404 as Syncore words it.
    pub fn not_found() -> Reply {
        Reply::message(404, "Resource not found")
    }

    /// 400 ProblemDetails.
    pub fn problems(p: &Problems) -> Reply {
        Reply::json(400, p.body())
    }

    /// A write result: `{"id", "location"}` (201 with a Location header for creates).
    fn written(status: u16, id: i64, location: String) -> Reply {
        let mut r = Reply::json(status, json!({"id": id, "location": location}));
        if status == 201 {
            r.location = Some(location);
        }
        r
    }
}

/// Everything a handler needs to know about the request.
pub struct Ctx<'a> {
    /// The provider spec.
    pub spec: &'a ProviderSpec,
    /// The matched endpoint.
    pub ep: &'a EndpointSpec,
    /// The clock's reading at arrival.
    pub now: Timestamp,
    /// `http://127.0.0.1:PORT`.
    pub base_url: &'a str,
    /// The request path.
    pub path: &'a str,
    /// The query.
    pub query: Query,
    /// Path parameters.
    pub params: &'a BTreeMap<String, String>,
    /// The request body.
    pub body: &'a [u8],
    /// A clamp fault's page size.
    pub clamp: Option<u32>,
}

impl Ctx<'_> {
    fn id(&self, name: &str) -> Option<i64> {
        self.params.get(name).and_then(|v| v.parse().ok())
    }

    fn created_at(&self, id: i64) -> String {
        format!("{}{}/{id}", self.base_url, self.path.trim_end_matches('/'))
    }

    fn here(&self) -> String {
        format!("{}{}", self.base_url, self.path.trim_end_matches('/'))
    }

    fn object(&self) -> Result<Record, Reply> {
        let mut p = Problems::default();
        match body_object(self.body) {
            Ok(m) => return Ok(m),
            Err(NotObject::Other) => p.add("$", "The request body must be a JSON object."),
            Err(NotObject::Empty) => p.add("$", "A non-empty request body is required."),
            Err(NotObject::Invalid(e)) => {
                p.add("$", format!("The JSON value could not be parsed: {e}"))
            }
        }
        Err(Reply::problems(&p))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sales,
    Purchase,
}

impl Kind {
    fn param(self) -> &'static str {
        match self {
            Kind::Sales => "salesorder_id",
            Kind::Purchase => "purchaseorder_id",
        }
    }
    fn orders(self, d: &JobData) -> &Vec<OrderData> {
        match self {
            Kind::Sales => &d.sales_orders,
            Kind::Purchase => &d.purchase_orders,
        }
    }
    fn orders_mut(self, d: &mut JobData) -> &mut Vec<OrderData> {
        match self {
            Kind::Sales => &mut d.sales_orders,
            Kind::Purchase => &mut d.purchase_orders,
        }
    }
    fn label(self) -> &'static str {
        match self {
            Kind::Sales => "sales order",
            Kind::Purchase => "purchase order",
        }
    }
}

/// Answers the request `ctx` describes.
pub fn handle(ctx: &Ctx, db: &mut Db) -> Reply {
    if let Some(served) = serve(ctx.ep, ctx.params, db) {
        return match served {
            Served::List(items) => paged(ctx, &items, |r| Some(r.clone())),
            Served::Found(record) => Reply::ok(record),
            Served::Missing { .. } => Reply::not_found(),
        };
    }
    let r = match ctx.ep.name.as_str() {
        "jobs.search" | "v1_jobs.search" => search_jobs(ctx, db),
        "jobs.get" => get_job(ctx, db),
        "jobs.create" => create_job(ctx, db, false),
        "store_jobs.create" => create_job(ctx, db, true),
        "jobs.update" => update_job(ctx, db, false),
        "store_jobs.update" => update_job(ctx, db, true),
        "contacts.search" | "v1_contacts.search" => search_contacts(ctx, db),
        "contacts.get" => get_contact(ctx, db),
        "contacts.create" => write_contact(ctx, db, false, false),
        "store_contacts.create" => write_contact(ctx, db, true, false),
        "contacts.update" => write_contact(ctx, db, false, true),
        "store_contacts.update" => write_contact(ctx, db, true, true),
        "sales_orders.list" => list_orders(ctx, db, Kind::Sales),
        "sales_orders.get" => get_order(ctx, db, Kind::Sales),
        "sales_orders.search" => search_orders(ctx, db, Kind::Sales),
        "sales_orders.create" => write_order(ctx, db, Kind::Sales, false),
        "sales_orders.update" => write_order(ctx, db, Kind::Sales, true),
        "purchase_orders.list" => list_orders(ctx, db, Kind::Purchase),
        "purchase_orders.get" => get_order(ctx, db, Kind::Purchase),
        "purchase_orders.search" => search_orders(ctx, db, Kind::Purchase),
        "purchase_orders.create" => write_order(ctx, db, Kind::Purchase, false),
        "purchase_orders.update" => write_order(ctx, db, Kind::Purchase, true),
        "sales_order_line_items.list" => list_lines(ctx, db, Kind::Sales),
        "sales_order_line_items.get" => get_line(ctx, db, Kind::Sales),
        "sales_order_line_items.create" => write_line(ctx, db, Kind::Sales, false),
        "sales_order_line_items.update" => write_line(ctx, db, Kind::Sales, true),
        "purchase_order_line_items.list" => list_lines(ctx, db, Kind::Purchase),
        "purchase_order_line_items.get" => get_line(ctx, db, Kind::Purchase),
        "purchase_order_line_items.create" => write_line(ctx, db, Kind::Purchase, false),
        "purchase_order_line_items.update" => write_line(ctx, db, Kind::Purchase, true),
        "sales_order_payments.list" => list_payments(ctx, db, Kind::Sales),
        "sales_order_payments.create" => create_payment(ctx, db, Kind::Sales),
        "purchase_order_payments.list" => list_payments(ctx, db, Kind::Purchase),
        "purchase_order_payments.create" => create_payment(ctx, db, Kind::Purchase),
        _ => Err(Reply::not_found()),
    };
    r.unwrap_or_else(|e| e)
}

type Res = Result<Reply, Reply>;

fn today(ctx: &Ctx, db: &Db) -> NaiveDate {
    db.world.zone.date(ctx.now)
}

fn now_text(ctx: &Ctx, db: &Db) -> String {
    fmt_datetime(db.world.zone.local(ctx.now))
}

/// Jobs created before this date do not exist as far as the API is concerned.
fn cutoff(ctx: &Ctx, db: &Db) -> NaiveDate {
    months_back(today(ctx, db), ctx.spec.limits.history_months.unwrap_or(13))
}

fn visible(ctx: &Ctx, db: &Db, job: i64) -> bool {
    db.header(job)
        .is_some_and(|h| h.created_on >= cutoff(ctx, db))
}

fn visible_job(ctx: &Ctx, db: &Db) -> Result<i64, Reply> {
    let id = ctx.id("job_id").ok_or_else(Reply::not_found)?;
    if visible(ctx, db, id) {
        Ok(id)
    } else {
        Err(Reply::not_found())
    }
}

fn params_ok(ctx: &Ctx) -> Result<(), Reply> {
    let p = check_params(ctx.ep, &ctx.query);
    if p.is_empty() {
        Ok(())
    } else {
        Err(Reply::problems(&p))
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn int_param(ctx: &Ctx, name: &str) -> Option<i64> {
    ctx.query.get(name).and_then(|v| v.parse().ok())
}

// ----- rendering -------------------------------------------------------------------------------

fn render_order(o: &OrderData) -> Value {
    let mut r = o.record.clone();
    r.insert(
        "line_items".into(),
        Value::Array(o.lines.iter().cloned().map(Value::Object).collect()),
    );
    Value::Object(r)
}

fn render_job(d: &JobData) -> Value {
    let mut j = d.job.clone();
    let pick = |o: &OrderData, keys: &[&str]| {
        let mut m = Record::new();
        for k in keys {
            m.insert(
                (*k).into(),
                o.record.get(*k).cloned().unwrap_or(Value::Null),
            );
        }
        Value::Object(m)
    };
    j.insert(
        "sales_orders".into(),
        d.sales_orders
            .iter()
            .map(|o| pick(o, &["id", "number", "status", "total_value"]))
            .collect(),
    );
    j.insert(
        "purchase_orders".into(),
        d.purchase_orders
            .iter()
            .map(|o| {
                pick(
                    o,
                    &[
                        "id",
                        "number",
                        "status",
                        "sub_total_value",
                        "tax_value",
                        "total_value",
                        "supplier",
                    ],
                )
            })
            .collect(),
    );
    Value::Object(j)
}

// ----- jobs ------------------------------------------------------------------------------------

fn search_jobs(ctx: &Ctx, db: &mut Db) -> Res {
    params_ok(ctx)?;
    let ranges = ranges(ctx.ep, &ctx.query, &db.world.zone);
    let status = ctx.query.get("status");
    let group = int_param(ctx, "client_group_id");
    let cut = cutoff(ctx, db);
    let ids: Vec<i64> = db
        .headers()
        .filter(|(_, h)| h.created_on >= cut)
        .filter(|(_, h)| ranges.iter().all(|r| r.contains(h.date)))
        .filter(|(_, h)| status.is_none_or(|s| same(s, &h.status)))
        .filter(|(_, h)| group.is_none_or(|g| h.client_group_id == Some(g)))
        .map(|(id, _)| id)
        .collect();
    Ok(paged(ctx, &ids, |id| db.job(*id).map(|d| render_job(&d))))
}

fn get_job(ctx: &Ctx, db: &mut Db) -> Res {
    let id = visible_job(ctx, db)?;
    let d = db.job(id).ok_or_else(Reply::not_found)?;
    Ok(Reply::ok(render_job(&d)))
}

fn rep_name(email: &str) -> Option<&'static str> {
    REPS.iter()
        .find(|(_, e)| e.eq_ignore_ascii_case(email.trim()))
        .map(|(n, _)| *n)
}

/// Checks a job body and builds the stored job (without server-owned fields).
fn job_record(ctx: &Ctx, db: &Db, store: bool) -> Result<Record, Reply> {
    let body = ctx.object()?;
    let mut p = Problems::default();
    let mut required = vec!["client_id", "description", "primary_rep_email"];
    if store {
        required.push("store_id");
    }
    require(&body, &required, "", &mut p);
    let mut rec = to_read(&db.world, &body, "", &mut p);
    if !p.is_empty() {
        return Err(Reply::problems(&p));
    }
    if !rec.contains_key("client_group")
        && let Some(client) = rec.get("client").and_then(|c| c.get("id")).and_then(id_of)
        && let Some(group) = db
            .world
            .contacts
            .get(&client)
            .and_then(|c| c.get("client_group"))
    {
        rec.insert("client_group".into(), group.clone());
    }
    for (email_key, rep_key) in [
        ("primary_rep_email", "primary_rep"),
        ("secondary_rep_email", "secondary_rep"),
    ] {
        if !rec.contains_key(rep_key)
            && let Some(name) = rec
                .get(email_key)
                .and_then(Value::as_str)
                .and_then(rep_name)
        {
            rec.insert(rep_key.into(), json!({ "name": name }));
        }
    }
    Ok(rec)
}

fn create_job(ctx: &Ctx, db: &mut Db, store: bool) -> Res {
    let mut rec = job_record(ctx, db, store)?;
    let id = db.take_id(IdKind::Job);
    let today = today(ctx, db);
    rec.insert("id".into(), json!(id));
    if !present(rec.get("date")) {
        rec.insert("date".into(), json!(fmt_date(today)));
    }
    if !present(rec.get("status")) {
        rec.insert("status".into(), json!("Pending"));
    }
    let (class, ty) = if store {
        ("Store", "Store Order")
    } else {
        ("Dropship", "Dropship Order")
    };
    if !present(rec.get("job_class")) {
        rec.insert("job_class".into(), json!(class));
    }
    if !present(rec.get("job_type")) {
        rec.insert("job_type".into(), json!(ty));
    }
    rec.insert("last_modified_date".into(), json!(now_text(ctx, db)));
    db.add_created(
        id,
        JobData {
            job: rec,
            sales_orders: Vec::new(),
            purchase_orders: Vec::new(),
        },
        today,
    );
    Ok(Reply::written(201, id, ctx.created_at(id)))
}

fn update_job(ctx: &Ctx, db: &mut Db, store: bool) -> Res {
    let id = visible_job(ctx, db)?;
    let mut rec = job_record(ctx, db, store)?;
    let now = now_text(ctx, db);
    db.edit_job(id, |d| {
        rec.insert("id".into(), json!(id));
        rec.insert(
            "date".into(),
            d.job.get("date").cloned().unwrap_or(Value::Null),
        );
        rec.insert("last_modified_date".into(), json!(now));
        d.job = rec;
    });
    Ok(Reply::written(200, id, ctx.here()))
}

// ----- contacts --------------------------------------------------------------------------------

fn search_contacts(ctx: &Ctx, db: &mut Db) -> Res {
    params_ok(ctx)?;
    let zone = db.world.zone;
    let ranges = ranges(ctx.ep, &ctx.query, &zone);
    let group = int_param(ctx, "client_group_id");
    let store = int_param(ctx, "store_id");
    let email = ctx.query.get("email");
    let kind = ctx
        .query
        .get("type")
        .or_else(|| ctx.query.get("client_or_prospect"));
    let state = ctx.query.get("state");
    let nested_id = |c: &Record, key: &str| c.get(key).and_then(|v| v.get("id")).and_then(id_of);
    let found: Vec<&Record> = db
        .world
        .contacts
        .values()
        .filter(|c| {
            ranges
                .iter()
                .all(|r| r.contains(crate::syncore::values::field_when(c, &r.field, &zone)))
        })
        .filter(|c| group.is_none_or(|g| nested_id(c, "client_group") == Some(g)))
        .filter(|c| store.is_none_or(|s| nested_id(c, "store") == Some(s)))
        .filter(|c| email.is_none_or(|e| same(e, text(c, "email"))))
        .filter(|c| kind.is_none_or(|k| same(k, text(c, "type"))))
        .filter(|c| {
            state.is_none_or(|s| {
                c.get("billing_address")
                    .and_then(|a| a.get("state"))
                    .and_then(Value::as_str)
                    .is_some_and(|v| same(v, s))
            })
        })
        .collect();
    Ok(paged(ctx, &found, |c| Some(Value::Object((*c).clone()))))
}

fn get_contact(ctx: &Ctx, db: &mut Db) -> Res {
    let id = ctx.id("contact_id").ok_or_else(Reply::not_found)?;
    let c = db.world.contacts.get(&id).ok_or_else(Reply::not_found)?;
    Ok(Reply::ok(Value::Object(c.clone())))
}

fn write_contact(ctx: &Ctx, db: &mut Db, store: bool, update: bool) -> Res {
    let existing = if update {
        let id = ctx.id("contact_id").ok_or_else(Reply::not_found)?;
        let c = db.world.contacts.get(&id).ok_or_else(Reply::not_found)?;
        Some((id, c.clone()))
    } else {
        None
    };
    let body = ctx.object()?;
    let mut p = Problems::default();
    let mut required = vec!["first_name", "last_name", "email"];
    if store {
        required.push("store_id");
    }
    require(&body, &required, "", &mut p);
    let mut rec = to_read(&db.world, &body, "", &mut p);
    if !p.is_empty() {
        return Err(Reply::problems(&p));
    }
    let id = match &existing {
        Some((id, _)) => *id,
        None => db.take_id(IdKind::Contact),
    };
    rec.insert("id".into(), json!(id));
    if !present(rec.get("name")) {
        let name = format!("{} {}", text(&rec, "first_name"), text(&rec, "last_name"));
        rec.insert("name".into(), json!(name.trim()));
    }
    let kept = |key: &str, default: Value| {
        existing
            .as_ref()
            .and_then(|(_, c)| c.get(key).cloned())
            .unwrap_or(default)
    };
    let kind = if store { "Store/Program" } else { "Dropship" };
    rec.insert("contact_kind".into(), kept("contact_kind", json!(kind)));
    let created = kept("created_date", json!(fmt_date(today(ctx, db))));
    rec.insert("created_date".into(), created);
    if !update && !present(rec.get("type")) {
        rec.insert("type".into(), json!("Client"));
    }
    rec.insert("last_modified_date".into(), json!(now_text(ctx, db)));
    db.world.contacts.insert(id, rec);
    Ok(match update {
        true => Reply::written(200, id, ctx.here()),
        false => Reply::written(201, id, ctx.created_at(id)),
    })
}

// ----- orders ----------------------------------------------------------------------------------

fn order_index(d: &JobData, kind: Kind, id: i64) -> Option<usize> {
    kind.orders(d)
        .iter()
        .position(|o| o.record.get("id").and_then(id_of) == Some(id))
}

/// The job and order index named by the path (404 when either is unknown or not related).
fn locate(ctx: &Ctx, db: &Db, kind: Kind) -> Result<(i64, usize), Reply> {
    let job = visible_job(ctx, db)?;
    let id = ctx.id(kind.param()).ok_or_else(Reply::not_found)?;
    let d = db.job(job).ok_or_else(Reply::not_found)?;
    let i = order_index(&d, kind, id).ok_or_else(Reply::not_found)?;
    Ok((job, i))
}

fn list_orders(ctx: &Ctx, db: &mut Db, kind: Kind) -> Res {
    let job = visible_job(ctx, db)?;
    let d = db.job(job).ok_or_else(Reply::not_found)?;
    Ok(paged(ctx, kind.orders(&d), |o| Some(render_order(o))))
}

fn get_order(ctx: &Ctx, db: &mut Db, kind: Kind) -> Res {
    let (job, i) = locate(ctx, db, kind)?;
    let d = db.job(job).ok_or_else(Reply::not_found)?;
    Ok(Reply::ok(render_order(&kind.orders(&d)[i])))
}

fn search_orders(ctx: &Ctx, db: &mut Db, kind: Kind) -> Res {
    params_ok(ctx)?;
    let ranges = ranges(ctx.ep, &ctx.query, &db.world.zone);
    let status = ctx.query.get("status");
    let cut = cutoff(ctx, db);
    let mut found: Vec<(i64, i64)> = Vec::new();
    for (job, h) in db.headers().filter(|(_, h)| h.created_on >= cut) {
        let orders = match kind {
            Kind::Sales => &h.sales_orders,
            Kind::Purchase => &h.purchase_orders,
        };
        for o in orders {
            let matches = ranges
                .iter()
                .all(|r| r.contains(o.dates.get(r.field.as_str()).copied()))
                && status.is_none_or(|s| {
                    pacer_sdk_core::validate::formats::normalize(s)
                        == pacer_sdk_core::validate::formats::normalize(&o.status)
                });
            if matches {
                found.push((o.id, job));
            }
        }
    }
    found.sort_unstable();
    Ok(paged(ctx, &found, |(id, job)| {
        let d = db.job(*job)?;
        let i = order_index(&d, kind, *id)?;
        Some(render_order(&kind.orders(&d)[i]))
    }))
}

/// Recomputes an order's totals from its lines unless the client pinned them.
fn refresh_totals(o: &mut OrderData, kind: Kind) {
    if o.pinned_totals {
        return;
    }
    let sub: i64 = o
        .lines
        .iter()
        .filter_map(|l| l.get("line_total_value").and_then(cents_of))
        .sum();
    let r = &mut o.record;
    let tax = match r.get("tax_value").and_then(cents_of) {
        Some(t) => t,
        None => {
            let t = match kind {
                Kind::Purchase => r
                    .get("tax_1_percentage")
                    .and_then(number_of)
                    .map_or(0, |pct| (sub as f64 * pct / 100.0).round() as i64),
                Kind::Sales => 0,
            };
            r.insert("tax_value".into(), money(t));
            t
        }
    };
    let extras: i64 = match kind {
        Kind::Purchase => ["freight_value", "artwork_value"]
            .iter()
            .filter_map(|k| r.get(*k).and_then(cents_of))
            .sum(),
        Kind::Sales => 0,
    };
    r.insert("sub_total_value".into(), money(sub));
    r.insert("total_value".into(), money(sub + tax + extras));
}

fn write_order(ctx: &Ctx, db: &mut Db, kind: Kind, update: bool) -> Res {
    let job = visible_job(ctx, db)?;
    let existing = if update {
        Some(locate(ctx, db, kind)?.1)
    } else {
        None
    };
    let body = ctx.object()?;
    let mut p = Problems::default();
    match kind {
        Kind::Sales => require_objects(&body, &["bill_to", "ship_to"], &mut p),
        Kind::Purchase => {
            require(&body, &["supplier_id"], "", &mut p);
            let status = pacer_sdk_core::validate::formats::normalize(text(&body, "status"));
            let details = body.get("invoice_details");
            let has = |k: &str| {
                details
                    .and_then(|d| d.get(k))
                    .is_some_and(|v| present(Some(v)))
            };
            if status == "approved" && !has("approval_date") {
                p.add(
                    "invoice_details.approval_date",
                    "approval_date is required when status is Approved",
                );
            }
            if matches!(status.as_str(), "postedmanually" | "postedeaseap") && !has("posting_date")
            {
                p.add(
                    "invoice_details.posting_date",
                    "posting_date is required when status is Posted Manually or Posted @ease A/P",
                );
            }
        }
    }
    let mut rec = to_read(&db.world, &body, "", &mut p);
    if !p.is_empty() {
        return Err(Reply::problems(&p));
    }
    let sent_lines = rec.remove("line_items").and_then(|v| match v {
        Value::Array(a) => Some(a),
        _ => None,
    });
    let pinned = body.contains_key("sub_total_value") || body.contains_key("total_value");
    let now = now_text(ctx, db);
    let today = fmt_date(today(ctx, db));
    let supplier_address = rec
        .get("supplier")
        .and_then(|s| s.get("id"))
        .and_then(id_of)
        .and_then(|s| find_by_id(&db.world.suppliers, "id", s))
        .map(|i| db.world.suppliers[i]["address"].clone());
    let id = match existing {
        Some(i) => {
            let d = db.job(job).ok_or_else(Reply::not_found)?;
            kind.orders(&d)[i]
                .record
                .get("id")
                .and_then(id_of)
                .unwrap_or_default()
        }
        None => db.take_id(match kind {
            Kind::Sales => IdKind::SalesOrder,
            Kind::Purchase => IdKind::PurchaseOrder,
        }),
    };
    let mut new_lines: Option<Vec<Record>> = sent_lines.map(|lines| {
        lines
            .into_iter()
            .filter_map(|l| match l {
                Value::Object(m) => Some(m),
                _ => None,
            })
            .collect()
    });
    if let Some(lines) = &mut new_lines {
        for l in lines.iter_mut() {
            let line_id = db.take_id(IdKind::Line);
            l.insert("line_id".into(), json!(line_id));
        }
    }
    db.edit_job(job, |d| {
        let client = d.job.get("client").cloned();
        let orders = kind.orders_mut(d);
        let (number, created, old_lines, payments) = match existing {
            Some(i) => {
                let o = &orders[i];
                (
                    o.record.get("number").cloned().unwrap_or(Value::Null),
                    o.record.get("date").cloned().unwrap_or(Value::Null),
                    o.lines.clone(),
                    o.payments.clone(),
                )
            }
            None => {
                let n = orders
                    .iter()
                    .filter_map(|o| o.record.get("number").and_then(id_of))
                    .max()
                    .unwrap_or(0)
                    + 1;
                let date = rec.get("date").filter(|v| present(Some(v))).cloned();
                (
                    json!(n),
                    date.unwrap_or(json!(today)),
                    Vec::new(),
                    Vec::new(),
                )
            }
        };
        rec.insert("id".into(), json!(id));
        rec.insert("number".into(), number);
        rec.insert("job_number".into(), json!(job));
        rec.insert("date".into(), created);
        if existing.is_none() && !present(rec.get("status")) {
            let s = match kind {
                Kind::Sales => "Pending",
                Kind::Purchase => "Open",
            };
            rec.insert("status".into(), json!(s));
        }
        match kind {
            Kind::Sales => {
                if !rec.contains_key("client") {
                    rec.insert("client".into(), client.unwrap_or(Value::Null));
                }
            }
            Kind::Purchase => {
                if !rec.contains_key("supplier_address") {
                    rec.insert(
                        "supplier_address".into(),
                        supplier_address.unwrap_or(Value::Null),
                    );
                }
            }
        }
        rec.insert("last_modified_date".into(), json!(now));
        let mut order = OrderData {
            record: rec,
            lines: new_lines.unwrap_or(old_lines),
            payments,
            pinned_totals: pinned,
        };
        refresh_totals(&mut order, kind);
        match existing {
            Some(i) => orders[i] = order,
            None => orders.push(order),
        }
    });
    Ok(match update {
        true => Reply::written(200, id, ctx.here()),
        false => Reply::written(201, id, ctx.created_at(id)),
    })
}

// ----- line items and payments -----------------------------------------------------------------

fn list_lines(ctx: &Ctx, db: &mut Db, kind: Kind) -> Res {
    let (job, i) = locate(ctx, db, kind)?;
    let d = db.job(job).ok_or_else(Reply::not_found)?;
    Ok(paged(ctx, &kind.orders(&d)[i].lines, |l| {
        Some(Value::Object(l.clone()))
    }))
}

fn get_line(ctx: &Ctx, db: &mut Db, kind: Kind) -> Res {
    let (job, i) = locate(ctx, db, kind)?;
    let line = ctx.id("line_id").ok_or_else(Reply::not_found)?;
    let d = db.job(job).ok_or_else(Reply::not_found)?;
    let lines = &kind.orders(&d)[i].lines;
    let li = find_by_id(lines, "line_id", line).ok_or_else(Reply::not_found)?;
    Ok(Reply::ok(Value::Object(lines[li].clone())))
}

fn write_line(ctx: &Ctx, db: &mut Db, kind: Kind, update: bool) -> Res {
    let (job, i) = locate(ctx, db, kind)?;
    let existing = if update {
        let line = ctx.id("line_id").ok_or_else(Reply::not_found)?;
        let d = db.job(job).ok_or_else(Reply::not_found)?;
        find_by_id(&kind.orders(&d)[i].lines, "line_id", line).ok_or_else(Reply::not_found)?;
        Some(line)
    } else {
        None
    };
    let body = ctx.object()?;
    let mut p = Problems::default();
    let mut rec = line_to_read(&db.world, &body, "", &mut p);
    let parent = rec.get("parent_id").and_then(id_of).unwrap_or(0);
    if parent != 0 {
        let d = db.job(job).ok_or_else(Reply::not_found)?;
        let known = find_by_id(&kind.orders(&d)[i].lines, "line_id", parent).is_some();
        if !known || Some(parent) == existing {
            p.add(
                "parent_id",
                format!("parent_id {parent} is not a line of this {}", kind.label()),
            );
        }
    }
    if !p.is_empty() {
        return Err(Reply::problems(&p));
    }
    let id = existing.unwrap_or_else(|| db.take_id(IdKind::Line));
    rec.insert("line_id".into(), json!(id));
    let now = now_text(ctx, db);
    db.edit_job(job, |d| {
        let o = &mut kind.orders_mut(d)[i];
        match find_by_id(&o.lines, "line_id", id) {
            Some(li) => o.lines[li] = rec,
            None => o.lines.push(rec),
        }
        o.record.insert("last_modified_date".into(), json!(now));
        refresh_totals(o, kind);
    });
    Ok(match update {
        true => Reply::written(200, id, ctx.here()),
        false => Reply::written(201, id, ctx.created_at(id)),
    })
}

fn list_payments(ctx: &Ctx, db: &mut Db, kind: Kind) -> Res {
    let (job, i) = locate(ctx, db, kind)?;
    let d = db.job(job).ok_or_else(Reply::not_found)?;
    Ok(paged(ctx, &kind.orders(&d)[i].payments, |p| {
        Some(Value::Object(p.clone()))
    }))
}

fn create_payment(ctx: &Ctx, db: &mut Db, kind: Kind) -> Res {
    let (job, i) = locate(ctx, db, kind)?;
    let body = ctx.object()?;
    let mut p = Problems::default();
    require(
        &body,
        &["amount_value", "date", "payment_type_id"],
        "",
        &mut p,
    );
    let mut rec = to_read(&db.world, &body, "", &mut p);
    if !p.is_empty() {
        return Err(Reply::problems(&p));
    }
    let id = db.take_id(IdKind::Payment);
    rec.insert("id".into(), json!(id));
    let now = now_text(ctx, db);
    db.edit_job(job, |d| {
        let o = &mut kind.orders_mut(d)[i];
        o.payments.push(rec);
        o.record.insert("last_modified_date".into(), json!(now));
    });
    Ok(Reply::written(201, id, ctx.created_at(id)))
}

/// The lookup lists are plain collections; the client group each belongs to is the
/// emulator's bookkeeping, not part of the answer.
impl Collections for Db {
    fn collection(&self, resource: &str) -> Option<Vec<Value>> {
        let w = &self.world;
        let list = match resource {
            "commission_codes" => &w.commission_codes,
            "card_types" => &w.card_types,
            "payment_types" => &w.payment_types,
            "payment_terms" => &w.payment_terms,
            "adjustment_types" => &w.adjustment_types,
            "suppliers" => &w.suppliers,
            "product_indices" => &w.product_indices,
            "client_groups" => &w.client_groups,
            _ => return None,
        };
        let shown = |r: &Record| {
            let mut r = r.clone();
            r.remove("client_group_id");
            Value::Object(r)
        };
        Some(list.iter().map(shown).collect())
    }
}
