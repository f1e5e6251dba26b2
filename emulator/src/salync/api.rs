//! The Salync handlers, dispatched by spec endpoint name. Every error is
//! `{"error": "<snake_case code>", "message": "…"}`; lists are
//! `{"data": [...], "meta": {"page", "per_page", "total"}, "links": {"next"}}`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use pacer_sdk_core::Timestamp;
use pacer_sdk_core::spec::{EndpointSpec, PagingStyle};
use serde_json::{Value, json};

use crate::collection::{Collections, Served, serve};
use crate::query::Query;
use crate::record::{NotObject, Record, body_object, iso, money, obj};
use crate::reply::Reply;
use crate::salync::store::{
    Product, SalyncDb, Variant, combinations, day, in_future, new_id, sku_part,
};

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
    /// Path parameters (percent-decoded).
    pub params: &'a BTreeMap<String, String>,
    /// The request body.
    pub body: &'a [u8],
    /// `http://127.0.0.1:PORT` (next links are absolute).
    pub root: &'a str,
    /// The full request path (with the `/v1` prefix).
    pub path: &'a str,
    /// The paging style of the endpoint, if it pages.
    pub paging: Option<&'a PagingStyle>,
    /// A clamp fault's page size.
    pub clamp: Option<u32>,
}

type Res = Result<Reply, Reply>;

/// `{"error": code, "message": message}` with `status`.
pub fn error(status: u16, code: &str, message: &str) -> Reply {
    Reply::json(status, json!({"error": code, "message": message}))
}

fn invalid(message: &str) -> Reply {
    error(400, "validation_failed", message)
}

fn missing(kind: &str, key: &str, value: &str) -> Reply {
    let label = kind.replace('_', " ");
    error(
        404,
        &format!("{kind}_not_found"),
        &format!("No {label} found with {key} '{value}'"),
    )
}

impl Ctx<'_> {
    fn object(&self) -> Result<Record, Reply> {
        body_object(self.body).map_err(|e| match e {
            NotObject::Other => invalid("The request body must be a JSON object"),
            NotObject::Empty => invalid("A JSON request body is required"),
            NotObject::Invalid(e) => error(
                400,
                "invalid_json",
                &format!("The request body is not valid JSON: {e}"),
            ),
        })
    }

    fn param(&self, name: &str) -> &str {
        self.params.get(name).map_or("", String::as_str)
    }

    fn flag(&self, name: &str) -> Result<Option<bool>, Reply> {
        match self.query.get(name) {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(_) => Err(invalid(&format!("{name} must be true or false"))),
        }
    }
}

fn opt_str(body: &Record, key: &str, max: usize) -> Result<Option<String>, Reply> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s.trim().to_string())),
        Some(Value::String(_)) => Err(invalid(&format!("{key} must be at most {max} characters"))),
        Some(_) => Err(invalid(&format!("{key} must be a string"))),
    }
}

fn req_str(body: &Record, key: &str, max: usize) -> Result<String, Reply> {
    opt_str(body, key, max)?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid(&format!("{key} is required")))
}

/// Money sent as a number (rounded to pence); absent is `None`.
fn opt_money_in(body: &Record, key: &str) -> Result<Option<i64>, Reply> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_f64()
            .filter(|f| f.is_finite() && *f >= 0.0)
            .map(|f| Some((f * 100.0).round() as i64))
            .ok_or_else(|| invalid(&format!("{key} must be a non-negative number"))),
    }
}

fn opt_count(body: &Record, key: &str, positive: bool) -> Result<Option<i64>, Reply> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .filter(|n| if positive { *n > 0 } else { *n >= 0 })
            .map(Some)
            .ok_or_else(|| {
                let what = if positive {
                    "a positive"
                } else {
                    "a non-negative"
                };
                invalid(&format!("{key} must be {what} integer"))
            }),
    }
}

fn opt_date(body: &Record, key: &str) -> Result<Option<NaiveDate>, Reply> {
    match opt_str(body, key, 10)? {
        None => Ok(None),
        Some(t) => NaiveDate::parse_from_str(&t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| invalid(&format!("{key} must be a date (YYYY-MM-DD)"))),
    }
}

/// The paged envelope of `items`.
fn paged(ctx: &Ctx, items: Vec<Value>) -> Res {
    let (page_param, size_param, first, max, default) = match ctx.paging {
        Some(p) => (
            p.page_param.as_deref().unwrap_or("page"),
            p.size_param.as_str(),
            p.first_page,
            p.max_size,
            p.default_size,
        ),
        None => ("page", "per_page", 1, 100, 100),
    };
    let page = match ctx.query.get(page_param) {
        None => first,
        Some(t) => match t.parse::<u64>() {
            Ok(p) if p >= first => p,
            _ => {
                return Err(error(
                    400,
                    "invalid_page",
                    &format!("{page_param} must be an integer of at least {first}"),
                ));
            }
        },
    };
    let size = match ctx.query.get(size_param) {
        None => default,
        Some(t) => match t.parse::<u64>() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                return Err(error(
                    400,
                    &format!("invalid_{size_param}"),
                    &format!("{size_param} must be between 1 and {max}"),
                ));
            }
        },
    };
    // A clamp fault shrinks the real page while meta and links keep the size asked for.
    let real = ctx.clamp.map_or(size, |c| size.min(u64::from(c)));
    let total = items.len() as u64;
    let start = (page - first).saturating_mul(real);
    let data: Vec<Value> = items
        .into_iter()
        .skip(usize::try_from(start).unwrap_or(usize::MAX))
        .take(real as usize)
        .collect();
    let next = (start + real < total).then(|| {
        let q = ctx.query.with(&[
            (page_param, (page + 1).to_string()),
            (size_param, size.to_string()),
        ]);
        format!("{}{}?{q}", ctx.root, ctx.path)
    });
    Ok(Reply::ok(json!({
        "data": data,
        "meta": {"page": page, "per_page": size, "total": total},
        "links": {"next": next},
    })))
}

/// Answers the request `ctx` describes.
pub fn handle(ctx: &Ctx, db: &mut SalyncDb) -> Reply {
    if let Some(served) = serve(ctx.ep, ctx.params, db) {
        return match served {
            Served::List(items) => paged(ctx, items).unwrap_or_else(|e| e),
            Served::Found(record) => Reply::ok(record),
            Served::Missing { param, id } => missing(param.trim_end_matches("_id"), "ID", &id),
        };
    }
    let r = match ctx.name {
        "products.list" => list_products(ctx, db),
        "products.get" => {
            product_of(db, ctx.param("product_id")).map(|p| Reply::ok(db.products[p].render()))
        }
        "products.by_sku" => by_sku(ctx, db),
        "products.create" => create_product(ctx, db),
        "products.update" => update_product(ctx, db),
        "products.archive" => archive_product(ctx, db),
        "product_variants.list" => list_variants(ctx, db),
        "product_variants.get" => variant_of(ctx, db)
            .map(|(p, v)| Reply::ok(db.products[p].variants[v].render(&db.products[p].id))),
        "product_variants.create" => write_variant(ctx, db, false),
        "product_variants.update" => write_variant(ctx, db, true),
        "product_variants.archive" => archive_variant(ctx, db),
        "stock.list" => list_stock(ctx, db),
        "stock_adjustments.list" => list_adjustments(ctx, db),
        "stock_adjustments.create" => create_adjustment(ctx, db),
        "purchase_orders.list" => list_purchase_orders(ctx, db),
        "purchase_orders.get" => record_of(
            &db.purchase_orders,
            "purchase_order",
            ctx.param("purchase_order_id"),
        )
        .map(|r| Reply::ok(Value::Object(r.clone()))),
        "purchase_orders.create" => create_purchase_order(ctx, db),
        "channel_listings.list" => list_listings(ctx, db),
        other => Err(error(404, "not_found", &format!("No handler for {other}"))),
    };
    r.unwrap_or_else(|e| e)
}

/// Suppliers and channels (with their listing counts) are plain collections.
impl Collections for SalyncDb {
    fn collection(&self, resource: &str) -> Option<Vec<Value>> {
        match resource {
            "suppliers" => Some(self.suppliers.iter().cloned().map(Value::Object).collect()),
            "channels" => Some(
                self.channels
                    .iter()
                    .map(|c| channel_view(self, c))
                    .collect(),
            ),
            _ => None,
        }
    }
}

fn record_of<'a>(list: &'a [Record], kind: &str, id: &str) -> Result<&'a Record, Reply> {
    list.iter()
        .find(|r| r.get("id").and_then(Value::as_str) == Some(id))
        .ok_or_else(|| missing(kind, "ID", id))
}

fn product_of(db: &SalyncDb, id: &str) -> Result<usize, Reply> {
    db.products
        .iter()
        .position(|p| p.id == id)
        .ok_or_else(|| missing("product", "ID", id))
}

fn variant_of(ctx: &Ctx, db: &SalyncDb) -> Result<(usize, usize), Reply> {
    let p = product_of(db, ctx.param("product_id"))?;
    let id = ctx.param("variant_id");
    let v = db.products[p]
        .variants
        .iter()
        .position(|v| v.id == id)
        .ok_or_else(|| missing("variant", "ID", id))?;
    Ok((p, v))
}

fn channel_view(db: &SalyncDb, c: &Record) -> Value {
    let mut r = c.clone();
    let count = db
        .listings
        .iter()
        .filter(|l| l.get("channel_id") == c.get("id"))
        .count();
    r.insert("listing_count".into(), json!(count));
    Value::Object(r)
}

/// Whether `sku` is taken by a product or variant (other than `except`).
fn sku_taken(db: &SalyncDb, sku: &str, except: Option<&str>) -> bool {
    db.products.iter().any(|p| {
        (p.sku.eq_ignore_ascii_case(sku) && except != Some(p.id.as_str()))
            || p.variants
                .iter()
                .any(|v| v.sku.eq_ignore_ascii_case(sku) && except != Some(v.id.as_str()))
    })
}

fn taken(sku: &str) -> Reply {
    error(
        409,
        "sku_already_exists",
        &format!("A product or variant with SKU '{sku}' already exists"),
    )
}

// ----- products --------------------------------------------------------------------------------

fn list_products(ctx: &Ctx, db: &SalyncDb) -> Res {
    let archived = ctx.flag("archived")?.unwrap_or(false);
    let search = ctx.query.get("search").map(str::to_lowercase);
    let hit = |p: &Product| {
        search.as_deref().is_none_or(|s| {
            p.name.to_lowercase().contains(s)
                || p.sku.to_lowercase().contains(s)
                || p.barcode.as_deref().is_some_and(|b| b.contains(s))
                || p.variants.iter().any(|v| v.sku.to_lowercase().contains(s))
        })
    };
    let found = db
        .products
        .iter()
        .filter(|p| p.archived == archived && hit(p))
        .map(Product::render)
        .collect();
    paged(ctx, found)
}

fn by_sku(ctx: &Ctx, db: &SalyncDb) -> Res {
    let sku = ctx.param("sku");
    db.products
        .iter()
        .find(|p| {
            p.sku.eq_ignore_ascii_case(sku)
                || p.variants.iter().any(|v| v.sku.eq_ignore_ascii_case(sku))
        })
        .map(|p| Reply::ok(p.render()))
        .ok_or_else(|| missing("product", "SKU", sku))
}

fn option_types_of(body: &Record) -> Result<Vec<(String, Vec<String>)>, Reply> {
    let list = match body.get("option_types") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(invalid("option_types must be an array")),
    };
    if list.len() > 3 {
        return Err(invalid("A product has at most 3 option types"));
    }
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (i, t) in list.iter().enumerate() {
        let Value::Object(t) = t else {
            return Err(invalid(&format!("option_types[{i}] must be an object")));
        };
        let name = req_str(t, "name", 100)
            .map_err(|_| invalid(&format!("option_types[{i}].name is required")))?;
        if out.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
            return Err(invalid(&format!("Option type '{name}' is given twice")));
        }
        let values: Vec<String> = match t.get("values") {
            Some(Value::Array(v)) if !v.is_empty() => v
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                })
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    invalid(&format!(
                        "option_types[{i}].values must be non-empty strings"
                    ))
                })?,
            _ => {
                return Err(invalid(&format!(
                    "option_types[{i}].values must be a non-empty array"
                )));
            }
        };
        let mut seen: Vec<String> = Vec::new();
        for v in &values {
            if seen.iter().any(|s| s.eq_ignore_ascii_case(v)) {
                return Err(invalid(&format!(
                    "Option value '{v}' is given twice for '{name}'"
                )));
            }
            seen.push(v.clone());
        }
        out.push((name, values));
    }
    Ok(out)
}

fn supplier_ok(db: &SalyncDb, id: &Option<String>) -> Result<(), Reply> {
    match id {
        Some(s) if !db.suppliers.iter().any(|r| r["id"] == s.as_str()) => {
            Err(missing("supplier", "ID", s))
        }
        _ => Ok(()),
    }
}

fn variant_sku(base: &str, options: &[(String, String)]) -> String {
    let parts: Vec<String> = options.iter().map(|(_, v)| sku_part(v)).collect();
    format!("{base}-{}", parts.join("-"))
}

fn create_product(ctx: &Ctx, db: &mut SalyncDb) -> Res {
    let body = ctx.object()?;
    let name = req_str(&body, "name", 300)?;
    let sku = req_str(&body, "sku", 100)?;
    let option_types = option_types_of(&body)?;
    let supplier_id = opt_str(&body, "supplier_id", 100)?;
    supplier_ok(db, &supplier_id)?;
    let cost = opt_money_in(&body, "cost_price")?;
    let price = opt_money_in(&body, "price")?;
    let threshold = opt_count(&body, "low_stock_threshold", false)?.unwrap_or(0);
    let combos: Vec<Vec<(String, String)>> = combinations(&option_types)
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect();
    let mut skus = vec![sku.clone()];
    skus.extend(combos.iter().map(|c| variant_sku(&sku, c)));
    for s in &skus {
        if sku_taken(db, s, None) {
            return Err(taken(s));
        }
    }
    let now = ctx.now.as_millis();
    let variants = combos
        .into_iter()
        .map(|options| Variant {
            id: new_id(&mut db.rng, "var"),
            sku: variant_sku(&sku, &options),
            options,
            barcode: None,
            cost,
            price,
            stock: 0,
            archived: false,
        })
        .collect();
    let product = Product {
        id: new_id(&mut db.rng, "prd"),
        name,
        sku,
        description: opt_str(&body, "description", 10_000)?,
        barcode: opt_str(&body, "barcode", 100)?,
        cost,
        price,
        supplier_id,
        supplier_reference: opt_str(&body, "supplier_reference", 200)?,
        threshold,
        stock: 0,
        archived: false,
        option_types,
        variants,
        created_ms: now,
        updated_ms: now,
    };
    let view = product.render();
    db.products.push(product);
    Ok(Reply::json(201, view))
}

fn update_product(ctx: &Ctx, db: &mut SalyncDb) -> Res {
    let p = product_of(db, ctx.param("product_id"))?;
    let body = ctx.object()?;
    let has_variants = !db.products[p].variants.is_empty();
    if has_variants && (body.contains_key("price") || body.contains_key("cost_price")) {
        return Err(invalid(
            "Pricing is held per variant once a product has variants; update the variants instead",
        ));
    }
    let sku = opt_str(&body, "sku", 100)?.filter(|s| !s.is_empty());
    if let Some(s) = &sku
        && sku_taken(db, s, Some(&db.products[p].id.clone()))
    {
        return Err(taken(s));
    }
    let supplier_id = opt_str(&body, "supplier_id", 100)?;
    supplier_ok(db, &supplier_id)?;
    let name = opt_str(&body, "name", 300)?.filter(|s| !s.is_empty());
    let description = opt_str(&body, "description", 10_000)?;
    let barcode = opt_str(&body, "barcode", 100)?;
    let reference = opt_str(&body, "supplier_reference", 200)?;
    let cost = opt_money_in(&body, "cost_price")?;
    let price = opt_money_in(&body, "price")?;
    let threshold = opt_count(&body, "low_stock_threshold", false)?;
    let prod = &mut db.products[p];
    if let Some(v) = name {
        prod.name = v;
    }
    if let Some(v) = sku {
        prod.sku = v;
    }
    // A field sent as null clears it; an absent field is left alone.
    let set = |field: &mut Option<String>, key: &str, v: Option<String>| {
        if body.contains_key(key) {
            *field = v;
        }
    };
    set(&mut prod.description, "description", description);
    set(&mut prod.barcode, "barcode", barcode);
    set(
        &mut prod.supplier_reference,
        "supplier_reference",
        reference,
    );
    set(&mut prod.supplier_id, "supplier_id", supplier_id);
    if body.contains_key("cost_price") {
        prod.cost = cost;
    }
    if body.contains_key("price") {
        prod.price = price;
    }
    if let Some(t) = threshold {
        prod.threshold = t;
    }
    prod.updated_ms = ctx.now.as_millis();
    Ok(Reply::ok(prod.render()))
}

fn archive_product(ctx: &Ctx, db: &mut SalyncDb) -> Res {
    let p = product_of(db, ctx.param("product_id"))?;
    let prod = &mut db.products[p];
    if !prod.archived {
        prod.archived = true;
        prod.updated_ms = ctx.now.as_millis();
    }
    Ok(Reply::ok(prod.render()))
}

// ----- variants --------------------------------------------------------------------------------

fn list_variants(ctx: &Ctx, db: &SalyncDb) -> Res {
    let p = product_of(db, ctx.param("product_id"))?;
    let archived = ctx.flag("archived")?.unwrap_or(false);
    let prod = &db.products[p];
    let found = prod
        .variants
        .iter()
        .filter(|v| v.archived == archived)
        .map(|v| v.render(&prod.id))
        .collect();
    paged(ctx, found)
}

/// Reads `options` against the product's option types: every type named once, nothing else.
fn options_of(
    body: &Record,
    types: &[(String, Vec<String>)],
) -> Result<Option<Vec<(String, String)>>, Reply> {
    let given = match body.get("options") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(invalid("options must be an object")),
    };
    let mut pairs = Vec::new();
    for (k, v) in given {
        let v = v
            .as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| invalid(&format!("options.{k} must be a non-empty string")))?;
        pairs.push((k.trim().to_string(), v.to_string()));
    }
    if types.is_empty() {
        if pairs.len() > 3 {
            return Err(invalid("A product has at most 3 option types"));
        }
        return Ok(Some(pairs));
    }
    let mut out = Vec::new();
    for (name, _) in types {
        let (_, value) = pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .ok_or_else(|| invalid(&format!("options.{name} is required")))?;
        out.push((name.clone(), value.clone()));
    }
    if pairs.len() != types.len() {
        let names: Vec<&str> = types.iter().map(|(n, _)| n.as_str()).collect();
        return Err(invalid(&format!(
            "options must name exactly this product's option types: {}",
            names.join(", ")
        )));
    }
    Ok(Some(out))
}

fn same_options(a: &[(String, String)], b: &[(String, String)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((_, x), (_, y))| x.eq_ignore_ascii_case(y))
}

fn write_variant(ctx: &Ctx, db: &mut SalyncDb, update: bool) -> Res {
    let p = product_of(db, ctx.param("product_id"))?;
    let existing = if update {
        Some(variant_of(ctx, db)?.1)
    } else {
        None
    };
    let body = ctx.object()?;
    let sku = req_str(&body, "sku", 100)?;
    let except = existing.map(|v| db.products[p].variants[v].id.clone());
    if sku_taken(db, &sku, except.as_deref()) {
        return Err(taken(&sku));
    }
    let types = db.products[p].option_types.clone();
    let options = options_of(&body, &types)?;
    let barcode = opt_str(&body, "barcode", 100)?;
    let cost = opt_money_in(&body, "cost_price")?;
    let price = opt_money_in(&body, "price")?;
    let options = match (options, existing) {
        (Some(o), _) => o,
        (None, Some(v)) => db.products[p].variants[v].options.clone(),
        (None, None) => return Err(invalid("options are required to add a variant")),
    };
    if options.is_empty() {
        return Err(invalid("options are required to add a variant"));
    }
    let prod = &db.products[p];
    if prod
        .variants
        .iter()
        .enumerate()
        .any(|(i, v)| Some(i) != existing && same_options(&v.options, &options))
    {
        return Err(error(
            409,
            "duplicate_variant",
            "A variant with these options already exists",
        ));
    }
    let id = match existing {
        Some(v) => prod.variants[v].id.clone(),
        None => new_id(&mut db.rng, "var"),
    };
    let prod = &mut db.products[p];
    if types.is_empty() {
        // Enabling variants: stock moves to the variants, so the product's own count resets.
        prod.option_types = options
            .iter()
            .map(|(k, _)| (k.clone(), Vec::new()))
            .collect();
        prod.stock = 0;
    }
    for (name, value) in &options {
        if let Some((_, values)) = prod.option_types.iter_mut().find(|(n, _)| n == name)
            && !values.iter().any(|v| v.eq_ignore_ascii_case(value))
        {
            values.push(value.clone());
        }
    }
    let (cost, price) = (cost.or(prod.cost), price.or(prod.price));
    let variant = match existing {
        Some(v) => {
            let old = &mut prod.variants[v];
            old.sku = sku;
            old.options = options;
            if body.contains_key("barcode") {
                old.barcode = barcode;
            }
            if body.contains_key("cost_price") {
                old.cost = cost;
            }
            if body.contains_key("price") {
                old.price = price;
            }
            old.clone()
        }
        None => {
            let v = Variant {
                id,
                sku,
                options,
                barcode,
                cost,
                price,
                stock: 0,
                archived: false,
            };
            prod.variants.push(v.clone());
            v
        }
    };
    prod.updated_ms = ctx.now.as_millis();
    let status = if update { 200 } else { 201 };
    Ok(Reply::json(status, variant.render(&prod.id)))
}

fn archive_variant(ctx: &Ctx, db: &mut SalyncDb) -> Res {
    let (p, v) = variant_of(ctx, db)?;
    let prod = &mut db.products[p];
    prod.variants[v].archived = true;
    prod.updated_ms = ctx.now.as_millis();
    Ok(Reply::ok(prod.variants[v].render(&prod.id)))
}

// ----- stock -----------------------------------------------------------------------------------

fn stock_level(p: &Product, v: Option<&Variant>) -> Value {
    let (variant_id, sku, stock) = match v {
        Some(v) => (json!(v.id), v.sku.as_str(), v.stock),
        None => (Value::Null, p.sku.as_str(), p.stock),
    };
    json!({
        "product_id": p.id, "variant_id": variant_id, "sku": sku, "stock_on_hand": stock,
        "low_stock_threshold": p.threshold, "low_stock": stock < p.threshold,
    })
}

fn list_stock(ctx: &Ctx, db: &SalyncDb) -> Res {
    let low = ctx.flag("low_stock")?;
    let out = ctx.flag("out_of_stock")?;
    let product = ctx.query.get("product_id");
    let mut levels = Vec::new();
    for p in db.products.iter().filter(|p| !p.archived) {
        if product.is_some_and(|id| id != p.id) {
            continue;
        }
        let items: Vec<Option<&Variant>> = if p.variants.is_empty() {
            vec![None]
        } else {
            p.variants
                .iter()
                .filter(|v| !v.archived)
                .map(Some)
                .collect()
        };
        for v in items {
            let level = stock_level(p, v);
            let stock = level["stock_on_hand"].as_i64().unwrap_or(0);
            if low.is_some_and(|want| level["low_stock"].as_bool() != Some(want)) {
                continue;
            }
            if out.is_some_and(|want| (stock <= 0) != want) {
                continue;
            }
            levels.push(level);
        }
    }
    paged(ctx, levels)
}

fn list_adjustments(ctx: &Ctx, db: &SalyncDb) -> Res {
    let product = ctx.query.get("product_id");
    let found = db
        .adjustments
        .iter()
        .rev()
        .filter(|a| product.is_none_or(|id| a["product_id"] == id))
        .cloned()
        .map(Value::Object)
        .collect();
    paged(ctx, found)
}

const ADJUSTMENT_TYPES: &[&str] = &["sale", "po_receipt", "manual", "write_off", "transfer"];

fn create_adjustment(ctx: &Ctx, db: &mut SalyncDb) -> Res {
    let body = ctx.object()?;
    let product_id = req_str(&body, "product_id", 100)?;
    let ty = req_str(&body, "type", 20)?;
    if !ADJUSTMENT_TYPES.contains(&ty.as_str()) {
        return Err(invalid(&format!(
            "type must be one of: {}",
            ADJUSTMENT_TYPES.join(", ")
        )));
    }
    let quantity =
        opt_count(&body, "quantity", true)?.ok_or_else(|| invalid("quantity is required"))?;
    let direction = match ty.as_str() {
        "manual" => match opt_str(&body, "direction", 20)?.as_deref() {
            Some("increase") => "increase",
            Some("decrease") => "decrease",
            Some(_) => return Err(invalid("direction must be increase or decrease")),
            None => return Err(invalid("direction is required for manual adjustments")),
        },
        "po_receipt" => "increase",
        _ => "decrease",
    };
    let to_location = opt_str(&body, "to_location", 200)?.filter(|s| !s.is_empty());
    if ty == "transfer" && to_location.is_none() {
        return Err(invalid("to_location is required for transfers"));
    }
    let from_location = opt_str(&body, "from_location", 200)?.filter(|s| !s.is_empty());
    let reference = opt_str(&body, "reference", 200)?;
    let date = opt_date(&body, "date")?;
    if date.is_some_and(|d| in_future(d, ctx.now)) {
        return Err(invalid("date cannot be in the future"));
    }
    let p = db
        .products
        .iter()
        .position(|p| p.id == product_id)
        .ok_or_else(|| missing("product", "ID", &product_id))?;
    let variant_id = opt_str(&body, "variant_id", 100)?.filter(|s| !s.is_empty());
    let v = match (&variant_id, db.products[p].variants.is_empty()) {
        (Some(id), _) => Some(
            db.products[p]
                .variants
                .iter()
                .position(|v| &v.id == id)
                .ok_or_else(|| missing("variant", "ID", id))?,
        ),
        (None, false) => {
            return Err(invalid(
                "variant_id is required: this product holds its stock per variant",
            ));
        }
        (None, true) => None,
    };
    let now = ctx.now.as_millis();
    let id = new_id(&mut db.rng, "adj");
    let date = date.map_or_else(|| day(now), |d| d.format("%Y-%m-%d").to_string());
    let mut rec = obj(json!({
        "id": id, "product_id": product_id, "variant_id": variant_id, "type": ty,
        "quantity": quantity, "direction": direction, "reference": reference, "date": date,
        "created_at": iso(now),
    }));
    if let Some(f) = from_location {
        rec.insert("from_location".into(), json!(f));
    }
    if let Some(t) = to_location {
        rec.insert("to_location".into(), json!(t));
    }
    let signed = if direction == "increase" {
        quantity
    } else {
        -quantity
    };
    db.apply_stock(p, v, signed);
    db.adjustments.push(rec.clone());
    Ok(Reply::json(201, Value::Object(rec)))
}

impl SalyncDb {
    /// Moves stock of a product (or one of its variants) by `delta`, raising
    /// `stock.below_threshold` when the change takes it below the product's threshold.
    pub fn apply_stock(&mut self, p: usize, v: Option<usize>, delta: i64) {
        let prod = &mut self.products[p];
        let slot = match v {
            Some(v) => &mut prod.variants[v].stock,
            None => &mut prod.stock,
        };
        let before = *slot;
        *slot += delta;
        let after = *slot;
        let threshold = prod.threshold;
        if before >= threshold && after < threshold {
            let (variant_id, sku) = match v {
                Some(v) => (json!(prod.variants[v].id), prod.variants[v].sku.clone()),
                None => (Value::Null, prod.sku.clone()),
            };
            let data = json!({
                "product_id": prod.id, "variant_id": variant_id, "sku": sku,
                "stock_on_hand": after, "threshold": threshold,
            });
            self.events.push(("stock.below_threshold".into(), data));
        }
    }

    /// Receives every line of a purchase order into stock (`po_receipt` adjustments) and
    /// raises `purchase_order.received`.
    pub fn receive(&mut self, id: &str, now: Timestamp) -> Result<Value, Reply> {
        let i = self
            .purchase_orders
            .iter()
            .position(|po| po["id"] == id)
            .ok_or_else(|| missing("purchase_order", "ID", id))?;
        let status = self.purchase_orders[i]["status"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if matches!(status.as_str(), "received" | "cancelled") {
            return Err(error(
                409,
                "invalid_status",
                &format!("A {status} purchase order cannot be received"),
            ));
        }
        let now_ms = now.as_millis();
        let number = self.purchase_orders[i]["number"].clone();
        let lines = self.purchase_orders[i]["lines"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mut received = Vec::new();
        for line in &lines {
            let pid = line["product_id"].as_str().unwrap_or_default();
            let Some(p) = self.products.iter().position(|p| p.id == pid) else {
                continue;
            };
            let vid = line["variant_id"].as_str();
            let v = vid.and_then(|vid| self.products[p].variants.iter().position(|v| v.id == vid));
            let qty = line["quantity"].as_i64().unwrap_or(0);
            let adj = new_id(&mut self.rng, "adj");
            self.adjustments.push(obj(json!({
                "id": adj, "product_id": pid, "variant_id": vid, "type": "po_receipt",
                "quantity": qty, "direction": "increase", "reference": number,
                "date": day(now_ms), "created_at": iso(now_ms),
            })));
            self.apply_stock(p, v, qty);
            received.push(json!({"product_id": pid, "variant_id": vid, "quantity": qty}));
        }
        let po = &mut self.purchase_orders[i];
        po.insert("status".into(), json!("received"));
        po.insert("received_at".into(), json!(iso(now_ms)));
        if let Some(Value::Array(lines)) = po.get_mut("lines") {
            for l in lines.iter_mut() {
                l["received_quantity"] = l["quantity"].clone();
            }
        }
        let view = Value::Object(po.clone());
        let data = json!({
            "purchase_order_id": id, "supplier_id": po["supplier_id"],
            "received_at": iso(now_ms), "lines": received,
        });
        self.events.push(("purchase_order.received".into(), data));
        Ok(view)
    }
}

// ----- purchase orders and channels ------------------------------------------------------------

const PO_STATUSES: &[&str] = &[
    "draft",
    "sent",
    "confirmed",
    "in_transit",
    "received",
    "cancelled",
];

fn list_purchase_orders(ctx: &Ctx, db: &SalyncDb) -> Res {
    let status = ctx.query.get("status");
    if let Some(s) = status
        && !PO_STATUSES.contains(&s)
    {
        return Err(invalid(&format!(
            "status must be one of: {}",
            PO_STATUSES.join(", ")
        )));
    }
    let found = db
        .purchase_orders
        .iter()
        .filter(|po| status.is_none_or(|s| po["status"] == s))
        .cloned()
        .map(Value::Object)
        .collect();
    paged(ctx, found)
}

fn create_purchase_order(ctx: &Ctx, db: &mut SalyncDb) -> Res {
    let body = ctx.object()?;
    let supplier_id = req_str(&body, "supplier_id", 100)?;
    let status = opt_str(&body, "status", 20)?.unwrap_or_else(|| "draft".into());
    if !matches!(status.as_str(), "draft" | "sent") {
        return Err(invalid("status must be draft or sent"));
    }
    let expected = opt_date(&body, "expected_delivery_date")?;
    let notes = opt_str(&body, "notes", 10_000)?;
    let lines = match body.get("lines") {
        Some(Value::Array(a)) if !a.is_empty() => a.clone(),
        Some(Value::Array(_)) | None | Some(Value::Null) => {
            return Err(invalid("lines must contain at least one line"));
        }
        Some(_) => return Err(invalid("lines must be an array")),
    };
    let supplier = db
        .suppliers
        .iter()
        .find(|s| s["id"] == supplier_id.as_str())
        .cloned()
        .ok_or_else(|| missing("supplier", "ID", &supplier_id))?;
    let mut out = Vec::new();
    let mut total = 0;
    for (i, line) in lines.iter().enumerate() {
        let Value::Object(line) = line else {
            return Err(invalid(&format!("lines[{i}] must be an object")));
        };
        let pid = req_str(line, "product_id", 100)
            .map_err(|_| invalid(&format!("lines[{i}].product_id is required")))?;
        let quantity = opt_count(line, "quantity", true)
            .map_err(|_| invalid(&format!("lines[{i}].quantity must be a positive integer")))?
            .ok_or_else(|| invalid(&format!("lines[{i}].quantity is required")))?;
        let p = product_of(db, &pid)?;
        let prod = &db.products[p];
        let vid = opt_str(line, "variant_id", 100)?.filter(|s| !s.is_empty());
        let variant = match (&vid, prod.variants.is_empty()) {
            (Some(id), _) => Some(
                prod.variant(id)
                    .ok_or_else(|| missing("variant", "ID", id))?,
            ),
            (None, false) => {
                return Err(invalid(&format!(
                    "lines[{i}].variant_id is required: the product has variants"
                )));
            }
            (None, true) => None,
        };
        let unit = opt_money_in(line, "unit_cost")?
            .or_else(|| variant.and_then(|v| v.cost))
            .or(prod.cost)
            .unwrap_or(0);
        let reference =
            opt_str(line, "supplier_reference", 200)?.or_else(|| prod.supplier_reference.clone());
        total += unit * quantity;
        out.push(json!({
            "product_id": pid, "variant_id": vid, "quantity": quantity,
            "unit_cost": money(unit), "supplier_reference": reference, "received_quantity": 0,
        }));
    }
    db.po_number += 1;
    let now = ctx.now.as_millis();
    let id = new_id(&mut db.rng, "po");
    let rec = json!({
        "id": id, "number": format!("PO-{:05}", db.po_number), "supplier_id": supplier_id,
        "status": status,
        "expected_delivery_date": expected.map(|d| d.format("%Y-%m-%d").to_string()),
        "lines": out, "total": money(total), "currency": supplier["currency"],
        "notes": notes, "created_at": iso(now),
        "sent_at": if status == "sent" { json!(iso(now)) } else { Value::Null },
        "received_at": null,
    });
    if let Value::Object(m) = &rec {
        db.purchase_orders.push(m.clone());
    }
    Ok(Reply::json(201, rec))
}

fn list_listings(ctx: &Ctx, db: &SalyncDb) -> Res {
    let channel = ctx.param("channel_id");
    record_of(&db.channels, "channel", channel)?;
    let found = db
        .listings
        .iter()
        .filter(|l| l["channel_id"] == channel)
        .cloned()
        .map(Value::Object)
        .collect();
    paged(ctx, found)
}

/// Marks a listing as in error when a triggered `channel.listing_error` names one.
pub fn listing_error(db: &mut SalyncDb, data: &Value) {
    let Some(id) = data.get("listing_id").and_then(Value::as_str) else {
        return;
    };
    if let Some(l) = db.listings.iter_mut().find(|l| l["id"] == id) {
        l.insert("state".into(), json!("error"));
        let message = data.get("message").cloned().unwrap_or(Value::Null);
        l.insert("error_message".into(), message);
    }
}
