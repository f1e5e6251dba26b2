//! The Synq handlers, dispatched by spec endpoint name. Errors are plain text like the Go
//! server's `http.Error` (`invalid limit`, `Product not found`); successes are the resource
//! itself, bare arrays, or the few documented envelopes.

use std::collections::BTreeMap;

use pacer_sdk_core::Timestamp;
use pacer_sdk_core::spec::EndpointSpec;
use serde_json::{Value, json};

use crate::collection::{Collections, Served, serve};
use crate::query::Query;
use crate::record::{NotObject, Record, array, body_object, find, iso, money, obj, position};
use crate::reply::Reply;
use crate::synq::orders::{HAPPY_PATH, STATUSES, STEP_MS, allowed, payment_status};
use crate::synq::store::{BulkJob, Order, SynqDb, money_text, price_cents};

/// Everything a handler needs to know about the request.
pub struct Ctx<'a> {
    /// The matched endpoint.
    pub ep: &'a EndpointSpec,
    /// Spec endpoint name.
    pub name: &'a str,
    /// Clock reading at arrival.
    pub now: Timestamp,
    /// The query.
    pub query: Query,
    /// Path parameters.
    pub params: &'a BTreeMap<String, String>,
    /// The request body.
    pub body: &'a [u8],
    /// The client's IP, for audit entries.
    pub ip: String,
    /// The spec's list cap of the endpoint (products 100, audit 50).
    pub list_cap: Option<u64>,
    /// The spec's largest page of offset paging (orders).
    pub max_limit: u64,
    /// A clamp fault's page size.
    pub clamp: Option<u32>,
}

type Res = Result<Reply, Reply>;

/// The default `limit` of `GET /oms/orders` (the server's, not a client's choice).
const DEFAULT_LIMIT: u64 = 50;
/// A bulk job waits this long in PENDING, then runs for `BULK_RUN_MS`.
const BULK_START_MS: i64 = 5_000;
/// How long a bulk job runs (PROCESSING) before it completes.
const BULK_RUN_MS: i64 = 30_000;

fn bad(msg: &str) -> Reply {
    Reply::text(400, msg)
}

fn not_found(what: &str) -> Reply {
    Reply::text(404, &format!("{what} not found"))
}

/// Whether `text` is a UUID (8-4-4-4-12 hex digits).
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

fn is_currency(text: &str) -> bool {
    text.len() == 3 && text.chars().all(|c| c.is_ascii_uppercase())
}

impl Ctx<'_> {
    fn object(&self) -> Result<Record, Reply> {
        body_object(self.body).map_err(|_: NotObject| bad("Invalid request payload"))
    }

    fn uuid_param(&self, name: &str, label: &str) -> Result<String, Reply> {
        let v = self.params.get(name).map(String::as_str).unwrap_or("");
        if is_uuid(v) {
            Ok(v.to_ascii_lowercase())
        } else {
            Err(bad(&format!("invalid {label} ID")))
        }
    }

    fn stamp(&self) -> String {
        iso(self.now.as_millis())
    }
}

/// An optional string field: absent or null is `None`; another type is a 400.
fn opt_str(body: &Record, key: &str) -> Result<Option<String>, Reply> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(_) => Err(bad(&format!("invalid {key}"))),
    }
}

/// A required non-blank string field.
fn req_str(body: &Record, key: &str, msg: &str) -> Result<String, Reply> {
    opt_str(body, key)?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad(msg))
}

/// An optional UUID field.
fn opt_uuid(body: &Record, key: &str) -> Result<Option<String>, Reply> {
    match opt_str(body, key)? {
        Some(v) if v.is_empty() => Ok(None),
        Some(v) if is_uuid(&v) => Ok(Some(v.to_ascii_lowercase())),
        Some(_) => Err(bad(&format!("invalid {key}"))),
        None => Ok(None),
    }
}

fn cents(v: &Value) -> Option<i64> {
    v.as_f64()
        .filter(|f| f.is_finite() && *f >= 0.0)
        .map(|f| (f * 100.0).round() as i64)
}

fn alphabetical(list: &[Record]) -> Vec<Record> {
    let mut v = list.to_vec();
    v.sort_by_key(|r| {
        r.get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_lowercase()
    });
    v
}

impl SynqDb {
    fn scoped(&self, rec: Record) -> Record {
        crate::synq::store::scoped(&self.org_id, &self.tenant_id, rec)
    }

    fn audit_entry(
        &mut self,
        at: &str,
        actor: Option<&str>,
        ip: &str,
        action: &str,
        entity: (&str, &str),
        details: Value,
    ) {
        let id = self.rng.uuid();
        let actor = actor.unwrap_or(&self.actor_email).to_string();
        self.audit.push(obj(json!({
            "id": id, "actor_email": actor, "action": action,
            "entity_type": entity.0, "entity_id": entity.1, "details": details,
            "ip_address": ip, "created_at": at,
        })));
    }

    fn audit(&mut self, ctx: &Ctx, action: &str, entity: (&str, &str), details: Value) {
        self.audit_entry(&ctx.stamp(), None, &ctx.ip, action, entity, details);
    }

    /// Applies the effect of every bulk job that has completed by `now` (once each).
    pub fn settle(&mut self, now: Timestamp) {
        let now_ms = now.as_millis();
        for i in 0..self.bulk_jobs.len() {
            let job = &self.bulk_jobs[i];
            let done_at = job.created_ms + BULK_START_MS + BULK_RUN_MS;
            if job.applied || now_ms < done_at {
                continue;
            }
            let (ty, items) = (
                job.record["job_type"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                job.items.clone(),
            );
            let at = iso(done_at);
            let mut applied = 0;
            for item in &items {
                let ok = match ty.as_str() {
                    "BULK_IMPORT" => item
                        .get("title")
                        .and_then(Value::as_str)
                        .filter(|t| !t.trim().is_empty())
                        .map(|title| {
                            let id = self.rng.uuid();
                            let category = item.get("category").and_then(Value::as_str);
                            let description = item.get("description").and_then(Value::as_str);
                            let rec = self.scoped(obj(json!({
                                "id": id, "title": title.trim(),
                                "description": description.unwrap_or_default(),
                                "category": category.unwrap_or_default(), "status": "ACTIVE",
                                "created_at": at, "updated_at": at,
                            })));
                            self.products.push(rec);
                            self.audit_entry(
                                &at,
                                Some("system"),
                                "",
                                "PRODUCT_CREATED",
                                ("PRODUCT", &id),
                                json!({"bulk_job": true}),
                            );
                        })
                        .is_some(),
                    "BULK_UPDATE" => {
                        let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
                        match position(&self.products, "id", id) {
                            Some(p) => {
                                for key in ["title", "description", "category"] {
                                    if let Some(v) = item.get(key).and_then(Value::as_str) {
                                        self.products[p].insert(key.into(), json!(v));
                                    }
                                }
                                self.products[p].insert("updated_at".into(), json!(at));
                                self.audit_entry(
                                    &at,
                                    Some("system"),
                                    "",
                                    "PRODUCT_UPDATED",
                                    ("PRODUCT", id),
                                    json!({"bulk_job": true}),
                                );
                                true
                            }
                            None => false,
                        }
                    }
                    _ => {
                        let id = item.as_str().unwrap_or_default().to_string();
                        let removed = self.delete_product(&id);
                        if removed {
                            self.audit_entry(
                                &at,
                                Some("system"),
                                "",
                                "PRODUCT_DELETED",
                                ("PRODUCT", &id),
                                json!({"bulk_job": true}),
                            );
                        }
                        removed
                    }
                };
                applied += usize::from(ok);
            }
            let job = &mut self.bulk_jobs[i];
            job.applied = true;
            job.failed = !items.is_empty() && applied == 0;
        }
    }

    fn delete_product(&mut self, id: &str) -> bool {
        let Some(p) = position(&self.products, "id", id) else {
            return false;
        };
        self.products.remove(p);
        self.variants
            .retain(|v| v.get("product_id").and_then(Value::as_str) != Some(id));
        self.media
            .retain(|m| m.get("product_id").and_then(Value::as_str) != Some(id));
        true
    }
}

/// An order as the API shows it at `now`.
pub fn render_order(o: &Order, now: Timestamp) -> Value {
    let now_ms = now.as_millis();
    let reached: Vec<&(&str, i64)> = o.steps.iter().filter(|(_, at)| *at <= now_ms).collect();
    let (status, updated) = reached
        .last()
        .map_or((o.steps[0].0, o.created_ms), |(s, at)| (*s, *at));
    let mut r = Record::new();
    for (k, v) in &o.record {
        r.insert(k.clone(), v.clone());
        if k == "id" {
            r.insert("status".into(), json!(status));
        }
        if k == "total" {
            r.insert("payment_status".into(), json!(payment_status(status)));
        }
        if k == "created_at" {
            r.insert("updated_at".into(), json!(iso(updated)));
        }
    }
    r.insert(
        "status_history".into(),
        reached
            .iter()
            .map(|(s, at)| json!({"status": s, "at": iso(*at)}))
            .collect(),
    );
    Value::Object(r)
}

/// Moves order `id` to `status` now, when the state machine allows it from the status the
/// order has reached; the rest of its planned path is dropped, so it stays there until moved
/// again. Cancellations, fulfilments and refunds are audited as the real server does.
pub fn transition(
    db: &mut SynqDb,
    id: &str,
    status: &str,
    now: Timestamp,
) -> Result<Value, String> {
    let to = STATUSES
        .iter()
        .copied()
        .find(|s| *s == status)
        .ok_or_else(|| format!("unknown order status {status:?}"))?;
    let now_ms = now.as_millis();
    let o = db
        .orders
        .iter_mut()
        .find(|o| o.record.get("id").and_then(Value::as_str) == Some(id))
        .ok_or_else(|| format!("no order {id}"))?;
    o.steps.retain(|(_, at)| *at <= now_ms);
    let from = o.steps.last().map_or("pending_payment", |(s, _)| *s);
    if !allowed(from, to) {
        return Err(format!("an order cannot move from {from} to {to}"));
    }
    o.steps.push((to, now_ms));
    let view = render_order(o, now);
    let action = match to {
        "cancelled" => Some("ORDER_CANCELLED"),
        "fulfilled" => Some("ORDER_FULFILLED"),
        "refunded" | "partially_refunded" => Some("ORDER_REFUNDED"),
        _ => None,
    };
    if let Some(action) = action {
        db.audit_entry(
            &iso(now_ms),
            Some("system"),
            "",
            action,
            ("ORDER", id),
            json!({"from": from, "to": to}),
        );
    }
    Ok(view)
}

fn bulk_view(job: &BulkJob, now: Timestamp) -> Value {
    let elapsed = now.as_millis() - job.created_ms;
    let total = job.items.len() as i64;
    let (status, processed) = if elapsed < BULK_START_MS {
        ("PENDING", 0)
    } else if elapsed < BULK_START_MS + BULK_RUN_MS {
        (
            "PROCESSING",
            total * (elapsed - BULK_START_MS) / BULK_RUN_MS,
        )
    } else if job.failed {
        ("FAILED", total)
    } else {
        ("COMPLETED", total)
    };
    let mut r = Record::new();
    for (k, v) in &job.record {
        r.insert(k.clone(), v.clone());
        if k == "job_type" {
            r.insert("status".into(), json!(status));
        }
        if k == "total_items" {
            r.insert("processed_items".into(), json!(processed));
        }
    }
    Value::Object(r)
}

/// The catalogue's lookups (categories, brands and attributes listed by name), the
/// attribute groups, templates, channels, connections and members are plain collections.
impl Collections for SynqDb {
    fn collection(&self, resource: &str) -> Option<Vec<Value>> {
        let records = match resource {
            "categories" => alphabetical(&self.categories),
            "brands" => alphabetical(&self.brands),
            "attributes" => alphabetical(&self.attributes),
            "attribute_groups" => self.attribute_groups.clone(),
            "templates" => self.templates.clone(),
            "channels" => self.channels.clone(),
            "connections" => self.connections.clone(),
            "members" => self.members.clone(),
            _ => return None,
        };
        Some(records.into_iter().map(Value::Object).collect())
    }
}

/// Answers the request `ctx` describes.
pub fn handle(ctx: &Ctx, db: &mut SynqDb) -> Reply {
    db.settle(ctx.now);
    if let Some(served) = serve(ctx.ep, ctx.params, db) {
        return match served {
            // Synq's plain lists come whole: under the spec's envelope key, or bare.
            Served::List(items) => Reply::ok(match &ctx.ep.envelope {
                Some(key) => json!({ key.as_str(): items }),
                None => Value::Array(items),
            }),
            Served::Found(record) => Reply::ok(record),
            Served::Missing { param, .. } => not_found(param.trim_end_matches("_id")),
        };
    }
    let r = match ctx.name {
        "products.list" => list_products(ctx, db),
        "products.get" => get_product(ctx, db),
        "products.create" => create_product(ctx, db),
        "products.update" => update_product(ctx, db),
        "products.delete" => delete_product(ctx, db),
        "product_variants.create" => create_variant(ctx, db),
        "categories.create" => create_category(ctx, db),
        "brands.create" => create_brand(ctx, db),
        "attributes.create" => create_attribute(ctx, db),
        "attribute_groups.create" => create_named(ctx, db, false),
        "templates.create" => create_named(ctx, db, true),
        "media.list" => list_media(ctx, db),
        "media.create" => create_media(ctx, db),
        "bulk_jobs.list" => list_bulk_jobs(ctx, db),
        "bulk_jobs.create" => create_bulk_job(ctx, db),
        "exports.create" => export(ctx),
        "orders.list" => list_orders(ctx, db),
        "orders.get" => get_order(ctx, db),
        "orders.create" => create_order(ctx, db),
        "inventory.adjust" => adjust(ctx, db),
        "channels.create" => create_channel(ctx, db),
        "integrations.auth_url" => Ok(Reply::ok(json!({
            "auth_url": format!(
                "https://api.unified.to/integration/auth/{}?state={}&category=commerce&success_redirect=https%3A%2F%2Fapp.synq.com%2Fintegrations",
                db.org_id, db.tenant_id
            ),
        }))),
        "integrations.callback" => callback(ctx, db),
        "members.invite" => invite(ctx, db),
        "tenant_settings.get" => Ok(Reply::ok(Value::Object(db.settings.clone()))),
        "tenant_settings.update" => update_settings(ctx, db),
        "audit.list" => {
            let cap = ctx.list_cap.unwrap_or(50) as usize;
            Ok(Reply::ok(array(db.audit.iter().rev().take(cap))))
        }
        _ => Err(Reply::text(404, "404 page not found")),
    };
    r.unwrap_or_else(|e| e)
}

// ----- catalog ---------------------------------------------------------------------------------

fn list_products(ctx: &Ctx, db: &SynqDb) -> Res {
    let cap = ctx.list_cap.unwrap_or(100) as usize;
    let light = db.products.iter().rev().take(cap).map(|p| {
        let mut r = Record::new();
        for k in ["id", "title", "category", "status", "updated_at"] {
            r.insert(k.into(), p.get(k).cloned().unwrap_or(Value::Null));
        }
        r
    });
    Ok(Reply::ok(array(&light.collect::<Vec<_>>())))
}

fn get_product(ctx: &Ctx, db: &SynqDb) -> Res {
    let id = ctx.uuid_param("product_id", "product")?;
    let p = find(&db.products, "id", &id).ok_or_else(|| not_found("Product"))?;
    Ok(Reply::ok(Value::Object(p.clone())))
}

/// The three text fields a product write carries.
fn product_fields(ctx: &Ctx) -> Result<(String, String, String), Reply> {
    let body = ctx.object()?;
    let title = req_str(&body, "title", "title is required")?;
    if title.chars().count() > 500 {
        return Err(bad("title is too long"));
    }
    let description = opt_str(&body, "description")?.unwrap_or_default();
    let category = opt_str(&body, "category")?.unwrap_or_default();
    Ok((title, description, category))
}

fn create_product(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let (title, description, category) = product_fields(ctx)?;
    let id = db.rng.uuid();
    let at = ctx.stamp();
    let rec = db.scoped(obj(json!({
        "id": id, "title": title, "description": description, "category": category,
        "status": "ACTIVE", "created_at": at, "updated_at": at,
    })));
    db.products.push(rec.clone());
    db.audit(
        ctx,
        "PRODUCT_CREATED",
        ("PRODUCT", &id),
        json!({"title": title}),
    );
    Ok(Reply::ok(Value::Object(rec)))
}

fn update_product(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let id = ctx.uuid_param("product_id", "product")?;
    let i = position(&db.products, "id", &id).ok_or_else(|| not_found("Product"))?;
    let (title, description, category) = product_fields(ctx)?;
    let p = &mut db.products[i];
    p.insert("title".into(), json!(title));
    p.insert("description".into(), json!(description));
    p.insert("category".into(), json!(category));
    p.insert("updated_at".into(), json!(ctx.stamp()));
    let rec = p.clone();
    db.audit(
        ctx,
        "PRODUCT_UPDATED",
        ("PRODUCT", &id),
        json!({"title": title}),
    );
    Ok(Reply::ok(Value::Object(rec)))
}

fn delete_product(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let id = ctx.uuid_param("product_id", "product")?;
    if !db.delete_product(&id) {
        return Err(not_found("Product"));
    }
    db.audit(ctx, "PRODUCT_DELETED", ("PRODUCT", &id), json!({}));
    Ok(Reply::empty(204))
}

fn create_variant(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let product = ctx.uuid_param("product_id", "product")?;
    if find(&db.products, "id", &product).is_none() {
        return Err(not_found("Product"));
    }
    let body = ctx.object()?;
    let sku = req_str(&body, "sku", "sku is required")?;
    let barcode = opt_str(&body, "barcode")?.unwrap_or_default();
    let price = body
        .get("price")
        .and_then(cents)
        .ok_or_else(|| bad("invalid price"))?;
    let currency = req_str(&body, "currency", "currency is required")?;
    if !is_currency(&currency) {
        return Err(bad("invalid currency"));
    }
    if db
        .variants
        .iter()
        .any(|v| v.get("sku").and_then(Value::as_str) == Some(sku.as_str()))
    {
        return Err(Reply::text(409, "variant with this SKU already exists"));
    }
    let id = db.rng.uuid();
    // A rough completeness score: what a merchandiser would still have to fill in.
    let score = 60 + if barcode.is_empty() { 0 } else { 20 };
    let rec = db.scoped(obj(json!({
        "id": id, "product_id": product, "sku": sku, "barcode": barcode,
        "price": money_text(price), "currency": currency,
        "option_values": {}, "cost_price": null, "data_quality_score": score,
    })));
    db.variants.push(rec.clone());
    Ok(Reply::ok(Value::Object(rec)))
}

fn unique_slug(list: &[Record], slug: &str) -> Result<(), Reply> {
    if find(list, "slug", slug).is_some() {
        Err(Reply::text(409, "slug already exists"))
    } else {
        Ok(())
    }
}

fn create_category(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let body = ctx.object()?;
    let name = opt_str(&body, "name")?.unwrap_or_default();
    let slug_text = opt_str(&body, "slug")?.unwrap_or_default();
    if name.is_empty() || slug_text.is_empty() {
        return Err(bad("name and slug are required"));
    }
    let parent = opt_uuid(&body, "parentId")?;
    if let Some(p) = &parent
        && find(&db.categories, "id", p).is_none()
    {
        return Err(bad("parent category not found"));
    }
    unique_slug(&db.categories, &slug_text)?;
    let description = opt_str(&body, "description")?.unwrap_or_default();
    let (id, at) = (db.rng.uuid(), ctx.stamp());
    let rec = db.scoped(obj(json!({
        "id": id, "parent_id": parent, "name": name, "slug": slug_text,
        "description": description, "created_at": at, "updated_at": at,
    })));
    db.categories.push(rec.clone());
    Ok(Reply::ok(Value::Object(rec)))
}

fn create_brand(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let body = ctx.object()?;
    let name = req_str(&body, "name", "name is required")?;
    let description = opt_str(&body, "description")?.unwrap_or_default();
    let logo = opt_str(&body, "logoUrl")?.unwrap_or_default();
    let rec = obj(json!({
        "id": db.rng.uuid(), "name": name, "description": description, "logo_url": logo,
    }));
    db.brands.push(rec.clone());
    Ok(Reply::ok(Value::Object(rec)))
}

const ATTRIBUTE_TYPES: &[&str] = &["TEXT", "NUMBER", "BOOLEAN", "DATE", "SELECT"];

fn create_attribute(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let body = ctx.object()?;
    let name = opt_str(&body, "name")?.unwrap_or_default();
    let slug_text = opt_str(&body, "slug")?.unwrap_or_default();
    if name.is_empty() || slug_text.is_empty() {
        return Err(bad("name and slug are required"));
    }
    let ty = opt_str(&body, "type")?
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "TEXT".into())
        .to_ascii_uppercase();
    if !ATTRIBUTE_TYPES.contains(&ty.as_str()) {
        return Err(bad("invalid attribute type"));
    }
    unique_slug(&db.attributes, &slug_text)?;
    let (id, at) = (db.rng.uuid(), ctx.stamp());
    let rec = db.scoped(obj(json!({
        "id": id, "name": name, "slug": slug_text, "type": ty,
        "created_at": at, "updated_at": at,
    })));
    db.attributes.push(rec.clone());
    Ok(Reply::ok(Value::Object(rec)))
}

fn create_named(ctx: &Ctx, db: &mut SynqDb, template: bool) -> Res {
    let body = ctx.object()?;
    let name = req_str(&body, "name", "name is required")?;
    let description = opt_str(&body, "description")?.unwrap_or_default();
    let rec = obj(json!({
        "id": db.rng.uuid(), "name": name, "description": description, "created_at": ctx.stamp(),
    }));
    if template {
        db.templates.push(rec.clone());
    } else {
        db.attribute_groups.push(rec.clone());
    }
    Ok(Reply::ok(Value::Object(rec)))
}

fn list_media(ctx: &Ctx, db: &SynqDb) -> Res {
    let filter = |name: &str| -> Result<Option<String>, Reply> {
        match ctx.query.get(name) {
            None => Ok(None),
            Some(v) if is_uuid(v) => Ok(Some(v.to_ascii_lowercase())),
            Some(_) => Err(bad(&format!("invalid {name}"))),
        }
    };
    let (product, variant) = (filter("product_id")?, filter("variant_id")?);
    let matches = |m: &&Record, key: &str, want: &Option<String>| {
        want.as_deref()
            .is_none_or(|w| m.get(key).and_then(Value::as_str) == Some(w))
    };
    let found = db
        .media
        .iter()
        .filter(|m| matches(m, "product_id", &product) && matches(m, "variant_id", &variant));
    Ok(Reply::ok(array(found)))
}

fn create_media(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let body = ctx.object()?;
    let product = opt_uuid(&body, "product_id")?.ok_or_else(|| bad("product_id is required"))?;
    if find(&db.products, "id", &product).is_none() {
        return Err(not_found("Product"));
    }
    let variant = opt_uuid(&body, "variant_id")?;
    if let Some(v) = &variant {
        let belongs = find(&db.variants, "id", v)
            .is_some_and(|r| r.get("product_id").and_then(Value::as_str) == Some(&product));
        if !belongs {
            return Err(bad("variant does not belong to the product"));
        }
    }
    let url = req_str(&body, "url", "url is required")?;
    let alt = opt_str(&body, "alt_text")?.unwrap_or_default();
    let sort = match body.get("sort_order") {
        None | Some(Value::Null) => 0,
        Some(v) => v.as_u64().ok_or_else(|| bad("invalid sort_order"))?,
    };
    let rec = obj(json!({
        "id": db.rng.uuid(), "product_id": product, "variant_id": variant,
        "url": url, "alt_text": alt, "sort_order": sort,
    }));
    db.media.push(rec.clone());
    Ok(Reply::ok(Value::Object(rec)))
}

const JOB_TYPES: &[&str] = &["BULK_IMPORT", "BULK_UPDATE", "BULK_DELETE"];

fn list_bulk_jobs(ctx: &Ctx, db: &SynqDb) -> Res {
    let ty = ctx.query.get("type").unwrap_or("BULK_UPDATE");
    if !JOB_TYPES.contains(&ty) {
        return Err(bad("invalid job type"));
    }
    let jobs: Vec<Value> = db
        .bulk_jobs
        .iter()
        .rev()
        .filter(|j| j.record["job_type"] == ty)
        .map(|j| bulk_view(j, ctx.now))
        .collect();
    Ok(Reply::ok(Value::Array(jobs)))
}

fn create_bulk_job(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let body = ctx.object()?;
    let ty = opt_str(&body, "job_type")?.unwrap_or_default();
    if !JOB_TYPES.contains(&ty.as_str()) {
        return Err(bad("invalid job_type"));
    }
    let Some(Value::Array(items)) = body.get("payload") else {
        return Err(bad("payload must be a JSON array"));
    };
    let job = BulkJob {
        record: obj(json!({
            "id": db.rng.uuid(), "job_type": ty,
            "payload": Value::Array(items.clone()).to_string(),
            "total_items": items.len(), "created_at": ctx.stamp(),
        })),
        items: items.clone(),
        created_ms: ctx.now.as_millis(),
        applied: false,
        failed: false,
    };
    let view = bulk_view(&job, ctx.now);
    db.bulk_jobs.push(job);
    Ok(Reply::json(202, view))
}

fn export(ctx: &Ctx) -> Res {
    if !ctx.body.is_empty() {
        let body = ctx.object()?;
        opt_str(&body, "format")?;
    }
    Ok(Reply::json(
        202,
        json!({"status": "queued", "message": "Catalog export queued; the file will be written to Cloud Storage."}),
    ))
}

// ----- orders ----------------------------------------------------------------------------------

fn list_orders(ctx: &Ctx, db: &SynqDb) -> Res {
    let limit = match ctx.query.get("limit") {
        None => DEFAULT_LIMIT,
        Some(t) => match t.parse::<i64>() {
            Ok(n) if n > 0 => (n as u64).min(ctx.max_limit),
            _ => return Err(bad("invalid limit")),
        },
    };
    let offset = match ctx.query.get("offset") {
        None => 0,
        Some(t) => match t.parse::<i64>() {
            Ok(n) if n >= 0 => n as u64,
            _ => return Err(bad("invalid offset")),
        },
    };
    // A clamp fault silently returns fewer records than asked while echoing the limit.
    let real = ctx.clamp.map_or(limit, |c| limit.min(u64::from(c)));
    let orders: Vec<Value> = db
        .orders
        .iter()
        .rev()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(real as usize)
        .map(|o| render_order(o, ctx.now))
        .collect();
    Ok(Reply::ok(
        json!({"orders": orders, "limit": limit, "offset": offset}),
    ))
}

fn get_order(ctx: &Ctx, db: &SynqDb) -> Res {
    let id = ctx.uuid_param("order_id", "order")?;
    let o = db
        .orders
        .iter()
        .find(|o| o.record.get("id").and_then(Value::as_str) == Some(id.as_str()))
        .ok_or_else(|| not_found("Order"))?;
    Ok(Reply::ok(render_order(o, ctx.now)))
}

fn create_order(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let body = ctx.object()?;
    let key = opt_str(&body, "idempotency_key")?
        .filter(|k| !k.is_empty())
        .ok_or_else(|| bad("idempotency_key is required"))?;
    if key.len() > 200 {
        return Err(bad("idempotency_key is too long"));
    }
    let provider = req_str(&body, "payment_provider", "payment_provider is required")?;
    let reference = req_str(&body, "payment_reference", "payment_reference is required")?;
    let currency = opt_str(&body, "currency")?.unwrap_or_else(|| "USD".into());
    if !is_currency(&currency) {
        return Err(bad("invalid currency"));
    }
    let channel = opt_uuid(&body, "channel_id")?;
    let items = match body.get("items") {
        Some(Value::Array(a)) if !a.is_empty() => a.clone(),
        Some(Value::Array(_)) | None | Some(Value::Null) => {
            return Err(bad("at least one item is required"));
        }
        Some(_) => return Err(bad("invalid items")),
    };
    let mut lines = Vec::new();
    let mut subtotal = 0;
    for item in &items {
        let Value::Object(item) = item else {
            return Err(bad("invalid items"));
        };
        let variant = opt_uuid(item, "variant_id")?;
        let location = opt_uuid(item, "location_id")?;
        if variant.is_some() && location.is_none() {
            return Err(bad("location_id is required for inventory-backed items"));
        }
        let quantity = item
            .get("quantity")
            .and_then(Value::as_i64)
            .filter(|q| *q > 0)
            .ok_or_else(|| bad("quantity must be a positive integer"))?;
        let unit = match item.get("unit_price") {
            None | Some(Value::Null) => variant
                .as_deref()
                .and_then(|v| find(&db.variants, "id", v))
                .map_or(0, price_cents),
            Some(v) => cents(v).ok_or_else(|| bad("invalid unit_price"))?,
        };
        subtotal += unit * quantity;
        lines.push(json!({
            "variant_id": variant, "location_id": location,
            "quantity": quantity, "unit_price": money(unit),
        }));
    }
    let tags: Vec<Value> = match body.get("tags") {
        Some(Value::Array(a)) => a.iter().filter(|t| t.is_string()).cloned().collect(),
        _ => Vec::new(),
    };
    // The workflow id is derived from the key, so a retry finds the first run's answer.
    if let Some((workflow, run)) = db.idempotency.get(&key) {
        return Ok(Reply::ok(json!({"workflow_id": workflow, "run_id": run})));
    }
    let workflow = format!("oms-create-order-{key}");
    let run = db.rng.uuid();
    let id = db.rng.uuid();
    let now_ms = ctx.now.as_millis();
    let record = obj(json!({
        "id": id, "currency": currency,
        "subtotal": money(subtotal), "discount_total": money(0), "shipping_total": money(0),
        "tax_total": money(0), "total": money(subtotal),
        "payment_provider": provider, "payment_reference": reference,
        "channel": channel, "source_platform": "api", "idempotency_key": key,
        "created_at": ctx.stamp(), "tags": tags, "items": lines,
    }));
    db.orders.push(Order {
        record,
        steps: HAPPY_PATH
            .iter()
            .enumerate()
            .map(|(i, s)| (*s, now_ms + i as i64 * STEP_MS))
            .collect(),
        created_ms: now_ms,
    });
    db.idempotency
        .insert(key.clone(), (workflow.clone(), run.clone()));
    db.audit(
        ctx,
        "ORDER_PLACED",
        ("ORDER", &id),
        json!({"total": money(subtotal)}),
    );
    Ok(Reply::ok(json!({"workflow_id": workflow, "run_id": run})))
}

// ----- inventory, channels, integrations -------------------------------------------------------

fn adjust(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let body = ctx.object()?;
    let variant = opt_uuid(&body, "variant_id")?;
    let location = opt_uuid(&body, "location_id")?;
    let (Some(variant), Some(location)) = (variant, location) else {
        return Err(bad("variant_id and location_id are required"));
    };
    let delta = body
        .get("quantity_delta")
        .and_then(Value::as_i64)
        .ok_or_else(|| bad("invalid quantity_delta"))?;
    if find(&db.variants, "id", &variant).is_none() {
        return Err(not_found("Variant"));
    }
    let id = db.rng.uuid();
    let rec = db.scoped(obj(json!({
        "id": id, "variant_id": variant, "location_id": location,
        "quantity_delta": delta, "transaction_type": "adjustment", "notes": "API Adjustment",
        "created_at": ctx.stamp(),
    })));
    db.ledger.push(rec.clone());
    db.audit(
        ctx,
        "INVENTORY_ADJUSTED",
        ("INVENTORY", &id),
        json!({"variant_id": variant, "quantity_delta": delta}),
    );
    Ok(Reply::ok(Value::Object(rec)))
}

fn create_channel(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let body = ctx.object()?;
    let name = req_str(&body, "name", "name is required")?;
    let currency = opt_str(&body, "currency")?
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "USD".into());
    if !is_currency(&currency) {
        return Err(bad("currency must be a 3-letter ISO 4217 code"));
    }
    let active = match body.get("active") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(bad("invalid active")),
    };
    let (id, at) = (db.rng.uuid(), ctx.stamp());
    let rec = obj(json!({
        "id": id, "name": name, "currency": currency, "active": active,
        "created_at": at, "updated_at": at,
    }));
    db.channels.push(rec.clone());
    db.audit(
        ctx,
        "CHANNEL_CREATED",
        ("CHANNEL", &id),
        json!({"name": name}),
    );
    Ok(Reply::json(201, Value::Object(rec)))
}

fn callback(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let body = ctx.object()?;
    let connection = req_str(&body, "connection_id", "connection_id is required")?;
    let category = opt_str(&body, "category")?
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "commerce".into());
    if !matches!(category.as_str(), "commerce" | "accounting") {
        return Err(bad("invalid category"));
    }
    let provider = opt_str(&body, "provider")?
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| category.clone());
    let at = ctx.stamp();
    // The same connection twice updates the first record rather than adding another.
    let rec = match position(&db.connections, "unified_connection_id", &connection) {
        Some(i) => {
            let c = &mut db.connections[i];
            c.insert("provider".into(), json!(provider));
            c.insert("status".into(), json!("ACTIVE"));
            c.insert("updated_at".into(), json!(at));
            c.clone()
        }
        None => {
            let rec = obj(json!({
                "id": db.rng.uuid(), "unified_connection_id": connection,
                "provider": provider, "status": "ACTIVE", "created_at": at, "updated_at": at,
            }));
            db.connections.push(rec.clone());
            rec
        }
    };
    let id = rec["id"].as_str().unwrap_or_default().to_string();
    db.audit(
        ctx,
        "INTEGRATION_CONNECTED",
        ("COMMERCE_CONNECTION", &id),
        json!({"provider": provider, "category": category}),
    );
    Ok(Reply::json(201, Value::Object(rec)))
}

// ----- organization, settings ------------------------------------------------------------------

const ROLES: &[&str] = &["ADMIN", "EDITOR", "VIEWER", "MEMBER"];

fn invite(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let body = ctx.object()?;
    let email = opt_str(&body, "email")?.unwrap_or_default();
    if !is_email(&email) {
        return Err(bad("invalid email"));
    }
    let role = req_str(&body, "role", "role is required")?.to_ascii_uppercase();
    if !ROLES.contains(&role.as_str()) {
        return Err(bad("invalid role"));
    }
    if db.members.iter().any(|m| {
        m.get("email")
            .and_then(Value::as_str)
            .is_some_and(|e| e.eq_ignore_ascii_case(&email))
    }) {
        return Err(Reply::text(409, "user already exists"));
    }
    let uid = db.rng.base36(28);
    db.members.push(obj(json!({
        "uid": uid, "email": email, "role": role, "status": "invited",
    })));
    db.audit(
        ctx,
        "USER_INVITED",
        ("USER", &uid),
        json!({"email": email, "role": role}),
    );
    Ok(Reply::json(
        201,
        json!({"message": "User successfully invited.", "uid": uid}),
    ))
}

fn update_settings(ctx: &Ctx, db: &mut SynqDb) -> Res {
    let body = ctx.object()?;
    let model = opt_str(&body, "inventory_allocation_model")?.unwrap_or_default();
    if !matches!(model.as_str(), "HARD" | "SOFT") {
        return Err(bad("inventory_allocation_model must be HARD or SOFT"));
    }
    let Some(Value::Bool(auto_po)) = body.get("auto_po_enabled") else {
        return Err(bad("auto_po_enabled must be a boolean"));
    };
    let threshold = body
        .get("default_low_stock_threshold")
        .and_then(Value::as_u64)
        .ok_or_else(|| bad("default_low_stock_threshold must be a non-negative integer"))?;
    let costing = opt_str(&body, "costing_method")?.unwrap_or_default();
    if !matches!(costing.as_str(), "WAC" | "FIFO") {
        return Err(bad("costing_method must be WAC or FIFO"));
    }
    let uid = db.actor_uid.clone();
    let s = &mut db.settings;
    s.insert("inventory_allocation_model".into(), json!(model));
    s.insert("auto_po_enabled".into(), json!(auto_po));
    s.insert("default_low_stock_threshold".into(), json!(threshold));
    s.insert("costing_method".into(), json!(costing));
    s.insert("updated_by".into(), json!(uid));
    s.insert("updated_at".into(), json!(ctx.stamp()));
    let rec = s.clone();
    let id = rec["id"].as_str().unwrap_or_default().to_string();
    db.audit(
        ctx,
        "TENANT_SETTINGS_UPDATED",
        ("TENANT_SETTINGS", &id),
        json!({"inventory_allocation_model": model, "costing_method": costing}),
    );
    Ok(Reply::ok(Value::Object(rec)))
}
