//! One seeded job with its sales orders (line-item trees), purchase orders and payments,
//! generated from the job's own random stream so it can be rebuilt alone, identically.

use chrono::{Duration as ChronoDuration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use pacer_sdk_core::Timestamp;
use serde_json::{Value, json};

use super::names::*;
use crate::record::{Record, money, obj};
use crate::rng::Rng;
use crate::syncore::store::{IdBases, JobData, JobHeader, OrderData, OrderHeader, Recipe, World};
use crate::syncore::values::{fmt_date, fmt_datetime, reference};

/// A product chosen for an order, before it becomes lines.
struct Plan {
    product: &'static Product,
    line_type: &'static str,
    price: i64,
    colors: Vec<(&'static str, Vec<(&'static str, i64)>)>,
    quantity: i64,
    method: &'static str,
    location: &'static str,
    stitches: Option<i64>,
    imprint_color: &'static str,
    design: Option<&'static str>,
    setup: Option<(&'static str, i64, i64)>,
    run: Option<(String, i64, i64)>,
}

/// Sales-tax rates in basis points by state (Canada and unknown: none).
fn tax_bp(state: &str) -> i64 {
    match state {
        "OH" => 575,
        "IN" | "TN" | "RI" => 700,
        "NC" => 475,
        "VA" => 530,
        "WI" => 500,
        "ID" | "PA" | "FL" | "KY" | "VT" => 600,
        "NY" | "GA" => 400,
        "TX" => 625,
        "CO" => 290,
        "CA" => 725,
        "AZ" => 560,
        "NE" => 550,
        "MN" => 688,
        "MO" => 423,
        _ => 0,
    }
}

fn plan_product(r: &mut Rng) -> Plan {
    let product = r.pick(PRODUCTS);
    let line_type = if r.chance(35) { "Asi" } else { "Product" };
    let price = product.price * r.range(95, 110) / 100 / 5 * 5;
    let mut colors = Vec::new();
    let mut quantity = 0;
    if product.apparel {
        let one_size = matches!(
            product.name,
            "Structured Twill Cap" | "Performance Crew Socks"
        );
        let n_colors = if r.chance(30) { 2 } else { 1 };
        let first = r.below(COLORS.len() as u64) as usize;
        for c in 0..n_colors {
            let color = COLORS[(first + c * 3) % COLORS.len()];
            let mut sizes = Vec::new();
            if one_size {
                sizes.push(("OSFA", *r.pick(&[12, 24, 36, 48, 72])));
            } else {
                let start = r.range(0, 2) as usize;
                let len = r.range(3, 5) as usize;
                for s in SIZES.iter().skip(start).take(len) {
                    sizes.push((*s, *r.pick(&[2, 4, 6, 8, 12, 12, 18, 24, 36])));
                }
            }
            quantity += sizes.iter().map(|(_, q)| q).sum::<i64>();
            colors.push((color, sizes));
        }
    } else {
        quantity = *r.pick(&[50, 75, 100, 150, 200, 250, 300, 500, 1000]);
    }
    let method = if product.apparel {
        ["Screen Print", "Embroidery", "Heat Transfer"][r.weighted(&[55, 35, 10])]
    } else {
        *r.pick(&[
            "Pad Print",
            "Laser Engraving",
            "Full Color Imprint",
            "Deboss",
        ])
    };
    let location = if product.apparel {
        *r.pick(&LOCATIONS[..4])
    } else {
        *r.pick(&LOCATIONS[4..])
    };
    let stitches = (method == "Embroidery").then(|| 4_000 + 500 * r.range(0, 17));
    let setup = match method {
        "Screen Print" => Some(("Screen Setup", 4_500, 2_500)),
        "Embroidery" if r.chance(50) => Some(("Digitizing", 6_000, 3_500)),
        "Heat Transfer" | "Embroidery" => None,
        _ if r.chance(70) => Some(("Setup Charge", 5_000, 3_000)),
        _ => None,
    };
    let run = (method == "Screen Print" && r.chance(30)).then(|| {
        let second = if location == "Full Back" {
            "Left Chest"
        } else {
            "Full Back"
        };
        (format!("Run Charge - {second}"), 85, 45)
    });
    Plan {
        product,
        line_type,
        price,
        colors,
        quantity,
        method,
        location,
        stitches,
        imprint_color: r.pick_copy(IMPRINT_COLORS),
        design: r.chance(50).then(|| *r.pick(DESIGNS)),
        setup,
        run,
    }
}

/// `7000` → `"7,000"` (stitch counts are text with thousands separators).
fn thousands(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn supplier_ref(world: &World, id: i64) -> Value {
    world
        .suppliers
        .iter()
        .find(|s| s.get("id") == Some(&json!(id)))
        .map_or(Value::Null, |s| {
            json!({"id": s["id"], "name": s["name"], "type": s["type"], "class": s["class"],
                   "asi_id": s["asi_id"]})
        })
}

fn supplier_address(world: &World, id: i64) -> Value {
    world
        .suppliers
        .iter()
        .find(|s| s.get("id") == Some(&json!(id)))
        .map_or(Value::Null, |s| s["address"].clone())
}

/// Builds line items. A dry builder only hands out ids and sums money: seeding needs every
/// job's ids and totals but not its ~40 line records, which are rebuilt when read.
struct Lines<'a> {
    ids: &'a mut IdBases,
    out: Vec<Record>,
    taxability: &'static str,
    dry: bool,
    sub: i64,
    taxable: i64,
}

impl<'a> Lines<'a> {
    fn new(ids: &'a mut IdBases, taxability: &'static str, dry: bool) -> Lines<'a> {
        Lines {
            ids,
            out: Vec::new(),
            taxability,
            dry,
            sub: 0,
            taxable: 0,
        }
    }

    /// Adds a line with zero money and returns its id.
    fn add(&mut self, parent: i64, ty: &str, description: &str, visible: Value) -> i64 {
        let id = self.ids.line;
        self.ids.line += 1;
        if self.dry {
            return id;
        }
        let mut m = Record::new();
        m.insert("line_id".into(), json!(id));
        m.insert("parent_id".into(), json!(parent));
        m.insert("type".into(), json!(ty));
        m.insert("description".into(), json!(description));
        m.insert("sku".into(), json!(""));
        m.insert("product_id".into(), json!(0));
        m.insert("quantity".into(), json!(0));
        m.insert("price_value".into(), money(0));
        m.insert("cost_value".into(), money(0));
        m.insert("line_total_value".into(), money(0));
        m.insert("taxability".into(), json!(self.taxability));
        m.insert("supplier".into(), Value::Null);
        m.insert("visible".into(), visible);
        m.insert("from_stock".into(), json!(false));
        self.out.push(m);
        id
    }

    fn set(&mut self, key: &str, value: Value) {
        if self.dry {
            return;
        }
        if let Some(last) = self.out.last_mut() {
            last.insert(key.into(), value);
        }
    }

    /// Sets quantity, unit price, unit cost and the exact line total on the last line.
    fn money(&mut self, quantity: i64, price: i64, cost: i64) {
        self.sub += quantity * price;
        if self.taxability == "Taxable" {
            self.taxable += quantity * price;
        }
        self.set("quantity", json!(quantity));
        self.set("price_value", money(price));
        self.set("cost_value", money(cost));
        self.set("line_total_value", money(quantity * price));
    }

    /// (subtotal, taxable part) in cents.
    fn total(&self) -> (i64, i64) {
        (self.sub, self.taxable)
    }
}

fn loose_visible(r: &mut Rng, string_percent: u64) -> Value {
    if r.chance(string_percent) {
        json!("true")
    } else {
        json!(true)
    }
}

fn so_lines(
    r: &mut Rng,
    world: &World,
    plans: &[Plan],
    ids: &mut IdBases,
    taxable: bool,
    dry: bool,
) -> (Vec<Record>, i64) {
    let taxability = if taxable { "Taxable" } else { "Exempt" };
    let mut l = Lines::new(ids, taxability, dry);
    for p in plans {
        let product = l.add(0, p.line_type, p.product.name, json!(true));
        if !l.dry {
            l.set("sku", json!(p.product.sku));
            l.set("product_id", json!(p.product.product_id));
            l.set("supplier", supplier_ref(world, p.product.supplier));
        }
        l.money(p.quantity, p.price, p.product.cost);
        for (color, sizes) in &p.colors {
            let v = loose_visible(r, 15);
            let c = l.add(product, "Color", color, v);
            l.set("quantity", json!(sizes.iter().map(|(_, q)| q).sum::<i64>()));
            for (size, q) in sizes {
                let v = loose_visible(r, 15);
                l.add(c, "Size", size, v);
                l.set("quantity", json!(q));
            }
        }
        let v = loose_visible(r, 10);
        l.add(product, "DecorationMethod", p.method, v);
        let v = loose_visible(r, 10);
        l.add(product, "DecorationLocation", p.location, v);
        match p.stitches {
            Some(s) => {
                let v = loose_visible(r, 10);
                l.add(product, "StitchCount", &thousands(s), v);
            }
            None => {
                let v = loose_visible(r, 10);
                l.add(product, "DecorationColor", p.imprint_color, v);
            }
        }
        if let Some(d) = p.design {
            l.add(product, "DesignName", d, json!(false));
        }
        if let Some((name, price, cost)) = p.setup {
            l.add(0, "SetupCharge", name, json!(true));
            l.money(1, price, cost);
        }
        if let Some((name, price, cost)) = &p.run {
            l.add(0, "RunCharge", name, json!(true));
            l.money(p.quantity, *price, *cost);
        }
    }
    if r.chance(20) {
        l.add(0, "Comment", r.pick_copy(COMMENTS), json!(true));
    }
    let (sub, _) = l.total();
    (l.out, sub)
}

fn decorator_for(method: &str, r: &mut Rng) -> Option<(i64, i64)> {
    // (supplier id, unit cost in cents)
    match method {
        "Screen Print" => Some((*r.pick(&[17, 21]), r.range(65, 140))),
        "Embroidery" => Some((*r.pick(&[18, 22]), r.range(250, 450))),
        "Heat Transfer" => Some((20, r.range(150, 250))),
        "Laser Engraving" => Some((19, r.range(120, 200))),
        _ => None,
    }
}

/// The seed's "now": no event is generated after it.
struct Clock {
    now: NaiveDateTime,
}

impl Clock {
    fn date(&self, d: NaiveDate) -> NaiveDate {
        d.min(self.now.date())
    }

    /// A date `lo..=hi` days after `base`, no later than today.
    fn after(&self, base: NaiveDate, lo: i64, hi: i64, r: &mut Rng) -> NaiveDate {
        let room = (self.now.date() - base).num_days().max(0);
        let lo = lo.min(room);
        base + ChronoDuration::days(r.range(lo, hi.min(room).max(lo)))
    }
    fn at(&self, d: NaiveDate, r: &mut Rng) -> NaiveDateTime {
        let t = d.and_time(NaiveTime::from_hms_opt(8, 0, 0).expect("time"))
            + ChronoDuration::seconds(r.range(0, 9 * 3600));
        t.min(self.now)
    }
}

/// Builds a payment (or, dry, only hands out its id and makes the same draws).
#[allow(clippy::too_many_arguments)]
fn payment(
    r: &mut Rng,
    world: &World,
    ids: &mut IdBases,
    date: NaiveDate,
    cents: i64,
    types: &[usize],
    dry: bool,
) -> Option<Record> {
    let id = ids.payment;
    ids.payment += 1;
    let t = *r.pick(types);
    let type_name = world.payment_types[t]["name"].as_str().unwrap_or_default();
    let card =
        (type_name == "Credit Card").then(|| r.below(world.card_types.len() as u64) as usize);
    let reference_text = match type_name {
        "Check" => format!("CHK {}", r.range(1001, 9999)),
        "Credit Card" => format!("AUTH {:06X}", r.below(0xFF_FFFF)),
        "ACH" => format!(
            "ACH {}-{}",
            fmt_date(date).replace('-', ""),
            r.range(100, 999)
        ),
        "Wire Transfer" => format!("WIRE {}", r.range(10000, 99999)),
        _ => String::new(),
    };
    if dry {
        return None;
    }
    let mut m = Record::new();
    m.insert("id".into(), json!(id));
    m.insert("date".into(), json!(fmt_date(date)));
    m.insert("amount_value".into(), money(cents));
    m.insert("payment_type".into(), reference(t as i64 + 1, type_name));
    m.insert(
        "card_type".into(),
        card.map_or(Value::Null, |c| {
            reference(
                c as i64 + 1,
                world.card_types[c]["name"].as_str().unwrap_or_default(),
            )
        }),
    );
    m.insert("adjustment_type".into(), Value::Null);
    m.insert("reference".into(), json!(reference_text));
    m.insert("notes".into(), json!(""));
    Some(m)
}

/// A generated job: its data (absent for a dry run), what searches see, and the next free ids.
pub struct Generated {
    /// The job with everything under it; `None` for a dry run.
    pub data: Option<JobData>,
    /// The header searches filter on.
    pub header: JobHeader,
    /// Ids after this job's.
    pub next: IdBases,
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

fn order_header(
    id: i64,
    status: &str,
    dates: &[(&'static str, Option<NaiveDateTime>)],
) -> OrderHeader {
    OrderHeader {
        id,
        status: status.to_string(),
        dates: dates
            .iter()
            .filter_map(|(k, v)| v.map(|v| (*k, v)))
            .collect(),
    }
}

/// Builds job `job_id` from its recipe; ids come from `recipe.bases` in order. Every random
/// draw happens whether or not the run is `dry`, so a dry run (seeding: header and ids only)
/// and a full run (reading) describe the same job.
pub fn generate_job(world: &World, job_id: i64, recipe: &Recipe, dry: bool) -> Generated {
    let mut r = Rng::new(recipe.rng_seed);
    let mut ids = recipe.bases;
    let zone = world.zone;
    let seconds = |t: NaiveDateTime| t.with_nanosecond(0).unwrap_or(t);
    let created = seconds(zone.local(Timestamp::from_millis(recipe.created_ms)));
    let clock = Clock {
        now: seconds(zone.local(world.seeded_now)),
    };
    let today = clock.now.date();
    let job_date = created.date();
    let age = (today - job_date).num_days();
    let empty = Record::new();
    let client = world.contacts.get(&recipe.client_id).unwrap_or(&empty);
    let business = client
        .get("business_name")
        .and_then(Value::as_str)
        .unwrap_or("Client")
        .to_string();
    let group = client.get("client_group").cloned().unwrap_or(Value::Null);
    let group_name = group["name"].as_str().unwrap_or_default().to_string();
    let exempt = group_name.contains("School") || group_name.contains("University");
    let store = client.get("store").cloned().unwrap_or(Value::Null);
    let is_store_job = !store.is_null() && r.chance(60);

    let status = match age {
        0..=2 => ["Pending", "Submitted"][r.weighted(&[60, 40])],
        3..=13 => ["Submitted", "WIP"][r.weighted(&[30, 70])],
        14..=34 => ["WIP", "Delivered"][r.weighted(&[50, 50])],
        35..=74 => ["Delivered", "Completed"][r.weighted(&[40, 60])],
        _ => ["Completed", "Closed", "Delivered"][r.weighted(&[45, 50, 5])],
    };
    let n_so = [1, 2, 3][r.weighted(&[60, 30, 10])];
    let client_ref = (!dry).then(|| {
        json!({"id": recipe.client_id, "business_name": client.get("business_name"),
               "name": client.get("name"), "email": client.get("email")})
    });
    let billing = client
        .get("billing_address")
        .cloned()
        .unwrap_or(Value::Null);
    let shipping = client
        .get("shipping_address")
        .cloned()
        .unwrap_or(Value::Null);

    let mut sales_orders = Vec::new();
    let mut so_headers = Vec::new();
    let mut first_plans = Vec::new();
    let mut first_ship = shipping.clone();
    let mut first_instructions = String::new();
    let mut last_modified = created;
    for k in 0..n_so {
        let plans: Vec<Plan> = (0..[1, 2, 3][r.weighted(&[50, 35, 15])])
            .map(|_| plan_product(&mut r))
            .collect();
        let so_date = if k == 0 {
            job_date
        } else {
            clock.date(job_date + ChronoDuration::days(r.range(1, 20)))
        };
        let so_created = if k == 0 {
            created
        } else {
            clock.at(so_date, &mut r)
        };
        let so_age = (today - so_date).num_days();
        let so_status = match so_age {
            0..=9 => ["Pending", "Open"][r.weighted(&[50, 50])],
            10..=29 => ["Open", "Invoiced"][r.weighted(&[60, 40])],
            30..=89 => ["Invoiced", "Paid"][r.weighted(&[40, 60])],
            _ => ["Paid", "Invoiced"][r.weighted(&[90, 10])],
        };
        let ship_to = if r.chance(25) {
            // A dropship to another person of the same company.
            let name = format!("{} {}", r.pick(FIRST_NAMES), r.pick(LAST_NAMES));
            super::address(&mut r, &business, &name)
        } else {
            shipping.clone()
        };
        let state = ship_to["state"].as_str().unwrap_or_default().to_string();
        let so_id = ids.so;
        ids.so += 1;
        let (lines, sub) = so_lines(&mut r, world, &plans, &mut ids, !exempt, dry);
        let taxable = if exempt { 0 } else { sub };
        let tax = (taxable * tax_bp(&state) + 5_000) / 10_000;
        let total = sub + tax;
        let invoiced = matches!(so_status, "Invoiced" | "Paid");
        let invoice_date = invoiced.then(|| clock.after(so_date, 7, 25, &mut r));
        let mut payments = Vec::new();
        let mut latest = so_created;
        if let Some(inv) = invoice_date {
            latest = latest.max(clock.at(inv, &mut r));
        }
        let mut status_date = invoice_date;
        if so_status == "Paid" {
            let inv = invoice_date.unwrap_or(so_date);
            if r.chance(30) {
                let deposit = total / 2;
                payments.extend(payment(
                    &mut r,
                    world,
                    &mut ids,
                    so_date,
                    deposit,
                    &[0, 1, 2],
                    dry,
                ));
                let d = clock.after(inv, 3, 30, &mut r);
                payments.extend(payment(
                    &mut r,
                    world,
                    &mut ids,
                    d,
                    total - deposit,
                    &[0, 1, 2, 3],
                    dry,
                ));
                status_date = Some(d);
            } else {
                let d = clock.after(inv, 3, 40, &mut r);
                payments.extend(payment(
                    &mut r,
                    world,
                    &mut ids,
                    d,
                    total,
                    &[0, 1, 2, 3, 5],
                    dry,
                ));
                status_date = Some(d);
            }
        } else if so_status == "Invoiced" && r.chance(30) {
            payments.extend(payment(
                &mut r,
                world,
                &mut ids,
                so_date,
                total / 2,
                &[1],
                dry,
            ));
        }
        if let Some(d) = status_date {
            latest = latest.max(clock.at(d, &mut r));
        }
        last_modified = last_modified.max(latest);
        let order_number = if r.chance(60) {
            format!("PO {}", r.range(1000, 999_999))
        } else {
            String::new()
        };
        let instructions = if r.chance(30) {
            r.pick(COMMENTS).to_string()
        } else {
            String::new()
        };
        let in_hand = so_date + ChronoDuration::days(r.range(14, 30));
        so_headers.push(order_header(
            so_id,
            so_status,
            &[
                ("date", Some(midnight(so_date))),
                ("last_modified_date", Some(latest)),
                ("invoice_date", invoice_date.map(midnight)),
                ("invoice_status_date", status_date.map(midnight)),
            ],
        ));
        if k == 0 {
            first_ship = ship_to.clone();
            first_instructions = instructions.clone();
        }
        if !dry {
            let so = json!({
                "id": so_id,
                "number": k as i64 + 1,
                "job_number": job_id,
                "date": fmt_date(so_date),
                "status": so_status,
                "client": client_ref,
                "sold_to": billing,
                "bill_to": billing,
                "ship_to": ship_to,
                "customer_order_number": order_number,
                "customer_instructions": instructions,
                "description": plans.iter().map(|p| p.product.name).collect::<Vec<_>>().join(", "),
                "sub_total_value": money(sub),
                "tax_value": money(tax),
                "total_value": money(total),
                "invoice_date": invoice_date.map(fmt_date),
                "invoice_status_date": status_date.map(fmt_date),
                "in_hand_date": fmt_date(in_hand),
                "last_modified_date": fmt_datetime(latest),
            });
            sales_orders.push(OrderData {
                record: obj(so),
                lines,
                payments,
                pinned_totals: false,
            });
        }
        if k == 0 {
            first_plans = plans;
        }
    }

    // Purchase orders: one per product supplier of the first sales order, then decorators.
    let mut purchase_orders = Vec::new();
    let mut po_headers = Vec::new();
    let skip_pos = age < 3 && r.chance(50);
    let mut orders: Vec<(i64, Vec<usize>, bool)> = Vec::new(); // (supplier, plan indexes, decorator)
    for (i, p) in first_plans.iter().enumerate() {
        match orders
            .iter_mut()
            .find(|o| o.0 == p.product.supplier && !o.2)
        {
            Some(o) => o.1.push(i),
            None => orders.push((p.product.supplier, vec![i], false)),
        }
    }
    let mut decorator_costs = Vec::new();
    for (i, p) in first_plans.iter().enumerate() {
        if let Some((dec, cost)) = decorator_for(p.method, &mut r) {
            decorator_costs.push((i, cost));
            match orders.iter_mut().find(|o| o.0 == dec && o.2) {
                Some(o) => o.1.push(i),
                None => orders.push((dec, vec![i], true)),
            }
        }
    }
    orders.truncate(3);
    if skip_pos {
        orders.clear();
    }
    for (n, (supplier, plan_ix, decorator)) in orders.iter().enumerate() {
        let po_id = ids.po;
        ids.po += 1;
        let po_date = clock.after(job_date, 0, 3, &mut r);
        let po_age = (today - po_date).num_days();
        let po_status = match po_age {
            0..=4 => "Open",
            5..=14 => ["Open", "Approved"][r.weighted(&[40, 60])],
            15..=39 => {
                ["Approved", "Posted Manually", "Posted @ease A/P"][r.weighted(&[30, 30, 40])]
            }
            _ => ["Paid", "Posted @ease A/P", "Posted Manually"][r.weighted(&[70, 20, 10])],
        };
        let mut l = Lines::new(&mut ids, "Exempt", dry);
        for &i in plan_ix {
            let p = &first_plans[i];
            if *decorator {
                let cost = decorator_costs
                    .iter()
                    .find(|(j, _)| *j == i)
                    .map_or(100, |(_, c)| *c);
                l.add(
                    0,
                    "RunCharge",
                    &format!("{} - {}", p.method, p.location),
                    json!(true),
                );
                l.money(p.quantity, cost, cost);
                if let Some((name, _, setup_cost)) = p.setup {
                    l.add(0, "SetupCharge", name, json!(true));
                    l.money(1, setup_cost, setup_cost);
                }
            } else {
                let product = l.add(0, p.line_type, p.product.name, json!(true));
                if !dry {
                    l.set("sku", json!(p.product.sku));
                    l.set("product_id", json!(p.product.product_id));
                    l.set("supplier", supplier_ref(world, p.product.supplier));
                }
                l.money(p.quantity, p.product.cost, p.product.cost);
                for (color, sizes) in &p.colors {
                    let c = l.add(product, "Color", color, json!(true));
                    l.set("quantity", json!(sizes.iter().map(|(_, q)| q).sum::<i64>()));
                    for (size, q) in sizes {
                        l.add(c, "Size", size, json!(true));
                        l.set("quantity", json!(q));
                    }
                }
            }
        }
        let (sub, _) = l.total();
        let lines = l.out;
        let freight = if *decorator { 0 } else { r.range(12, 75) * 100 };
        let artwork = if r.chance(15) { 2_500 } else { 0 };
        let total = sub + freight + artwork;
        let rank = [
            "Open",
            "Approved",
            "Posted Manually",
            "Posted @ease A/P",
            "Paid",
        ]
        .iter()
        .position(|s| *s == po_status)
        .unwrap_or(0);
        let approval = (rank >= 1).then(|| clock.after(po_date, 1, 5, &mut r));
        let posting = (rank >= 2).then(|| clock.after(approval.unwrap_or(po_date), 5, 20, &mut r));
        let invoice_number = posting.map(|_| format!("INV-{}", r.range(100_000, 999_999)));
        let mut payments = Vec::new();
        let mut latest = clock.at(po_date, &mut r);
        for d in approval.iter().chain(posting.iter()) {
            latest = latest.max(clock.at(*d, &mut r));
        }
        if po_status == "Paid" {
            let d = clock.after(posting.unwrap_or(po_date), 10, 30, &mut r);
            payments.extend(payment(&mut r, world, &mut ids, d, total, &[0, 2], dry));
            latest = latest.max(clock.at(d, &mut r));
        }
        last_modified = last_modified.max(latest);
        let critical = if r.chance(20) {
            r.pick(COMMENTS).to_string()
        } else {
            String::new()
        };
        let in_hand = po_date + ChronoDuration::days(r.range(7, 21));
        let ship_via = *r.pick(SHIP_VIA);
        let fob = if r.chance(70) {
            "Origin"
        } else {
            "Destination"
        };
        let repeat = if r.chance(10) {
            format!("{}-1", job_id - r.range(50, 900))
        } else {
            String::new()
        };
        let shipping_note = if r.chance(30) {
            "Ship complete; call before delivery."
        } else {
            ""
        };
        po_headers.push(order_header(
            po_id,
            po_status,
            &[
                ("date", Some(midnight(po_date))),
                ("last_modified_date", Some(latest)),
            ],
        ));
        if dry {
            continue;
        }
        // Blank goods ship to the decorator when one decorates them.
        let ship_to = match orders
            .iter()
            .find(|o| !*decorator && o.2 && o.1.iter().any(|i| plan_ix.contains(i)))
        {
            Some((dec, _, _)) => supplier_address(world, *dec),
            None => first_ship.clone(),
        };
        let decoration = if *decorator {
            plan_ix
                .iter()
                .map(|i| {
                    let p = &first_plans[*i];
                    format!(
                        "{} {} on {}",
                        p.method,
                        p.design.unwrap_or("logo"),
                        p.location
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        } else {
            String::new()
        };
        let po = json!({
            "id": po_id,
            "number": n as i64 + 1,
            "job_number": job_id,
            "date": fmt_date(po_date),
            "status": po_status,
            "last_modified_date": fmt_datetime(latest),
            "supplier": supplier_ref(world, *supplier),
            "supplier_address": supplier_address(world, *supplier),
            "ship_to": ship_to,
            "critical_comments": critical,
            "in_hand_date": fmt_date(in_hand),
            "ship_via": ship_via,
            "fob": fob,
            "repeat_order_number": repeat,
            "shipping_and_instructions": shipping_note,
            "decoration_instructions": decoration,
            "csr_instructions_from_so": first_instructions,
            "sub_total_value": money(sub),
            "tax_value": money(0),
            "total_value": money(total),
            "artwork_value": money(artwork),
            "freight_value": money(freight),
            "freight_taxable": false,
            "tax_1_percentage": 0,
            "invoice_details": {
                "supplier_invoice_number": invoice_number,
                "supplier_invoice_date": posting.map(|d| fmt_date(d - ChronoDuration::days(2))),
                "approval_date": approval.map(fmt_date),
                "posting_date": posting.map(fmt_date),
            },
        });
        purchase_orders.push(OrderData {
            record: obj(po),
            lines,
            payments,
            pinned_totals: false,
        });
    }

    let rep = r.below(REPS.len() as u64) as usize;
    let secondary = r
        .chance(30)
        .then(|| (rep + 1 + r.below(REPS.len() as u64 - 1) as usize) % REPS.len());
    let first_index = first_plans.first().map_or(1, |p| p.product.index);
    let code = if is_store_job {
        r.range(5, 8)
    } else {
        r.range(1, 4)
    };
    let completed =
        matches!(status, "Completed" | "Closed").then(|| clock.after(job_date, 15, 40, &mut r));
    if let Some(d) = completed {
        last_modified = last_modified.max(clock.at(d, &mut r));
    }
    let topic = *r.pick(JOB_TOPICS);
    let estimated = job_date + ChronoDuration::days(r.range(10, 25));
    let priority = if r.chance(15) { "Rush" } else { "Normal" };
    let csr = *r.pick(CSRS);
    let header = JobHeader {
        created_on: job_date,
        date: Some(midnight(job_date)),
        status: status.to_string(),
        client_group_id: group.get("id").and_then(Value::as_i64),
        sales_orders: so_headers,
        purchase_orders: po_headers,
    };
    let data = (!dry).then(|| {
        let job = json!({
            "id": job_id,
            "store": if is_store_job { store } else { Value::Null },
            "job_class": if is_store_job { "Store" } else { "Dropship" },
            "job_type": if is_store_job { "Store Order" } else { "Dropship Order" },
            "status": status,
            "date": fmt_date(job_date),
            "estimated_delivery_date": fmt_date(estimated),
            "completed_date": completed.map(fmt_date),
            "description": format!("{business} {topic}"),
            "priority": priority,
            "product_index": reference(first_index, PRODUCT_INDICES[(first_index - 1) as usize]),
            "client": client_ref,
            "client_group": group,
            "primary_rep": {"name": REPS[rep].0},
            "secondary_rep": secondary.map(|s| json!({"name": REPS[s].0})),
            "customer_service_rep_name": csr,
            "commission_split": match secondary {
                Some(_) => json!({"primary_rep": 60, "secondary_rep": 40}),
                None => json!({"primary_rep": 100}),
            },
            "commission_code": reference(code, COMMISSION_CODES[(code - 1) as usize].0),
            "last_modified_date": fmt_datetime(last_modified),
        });
        JobData {
            job: obj(job),
            sales_orders,
            purchase_orders,
        }
    });
    Generated {
        data,
        header,
        next: ids,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stitch_counts_have_separators() {
        assert_eq!(thousands(7000), "7,000");
        assert_eq!(thousands(12500), "12,500");
        assert_eq!(thousands(500), "500");
    }
}
