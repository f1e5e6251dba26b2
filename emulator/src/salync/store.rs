//! Salync's state: products with option types and variants (stock held per variant once a
//! product has them), the stock adjustment ledger, suppliers, purchase orders, channels and
//! listings; money in integer pence, rendered as JSON numbers with at most two decimals.

use chrono::{Duration as ChronoDuration, NaiveDate};
use pacer_sdk_core::Timestamp;
use serde_json::{Value, json};

use crate::record::{Record, iso, money, obj};
use crate::rng::Rng;

/// Random streams, so adding a record kind never reshuffles another.
mod stream {
    pub const SUPPLIERS: u64 = 202;
    pub const PRODUCTS: u64 = 203;
    pub const STOCK: u64 = 204;
    pub const ORDERS: u64 = 205;
    pub const CHANNELS: u64 = 206;
    pub const WRITES: u64 = 207;
}

/// One variant of a product.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// `var_…`.
    pub id: String,
    /// Its SKU.
    pub sku: String,
    /// Option name → value, in the product's option-type order.
    pub options: Vec<(String, String)>,
    /// Barcode.
    pub barcode: Option<String>,
    /// Cost price in pence.
    pub cost: Option<i64>,
    /// Selling price in pence.
    pub price: Option<i64>,
    /// Units on hand.
    pub stock: i64,
    /// Archived.
    pub archived: bool,
}

/// A product.
#[derive(Clone, Debug, PartialEq)]
pub struct Product {
    /// `prd_…`.
    pub id: String,
    /// Name.
    pub name: String,
    /// SKU.
    pub sku: String,
    /// Description.
    pub description: Option<String>,
    /// Barcode.
    pub barcode: Option<String>,
    /// Cost price in pence.
    pub cost: Option<i64>,
    /// Selling price in pence.
    pub price: Option<i64>,
    /// `sup_…`.
    pub supplier_id: Option<String>,
    /// The supplier's product code.
    pub supplier_reference: Option<String>,
    /// Alert below this many units.
    pub threshold: i64,
    /// Units on hand (products without variants).
    pub stock: i64,
    /// Archived.
    pub archived: bool,
    /// Up to three option types with their values.
    pub option_types: Vec<(String, Vec<String>)>,
    /// Variants (every combination at creation).
    pub variants: Vec<Variant>,
    /// Created (ms).
    pub created_ms: i64,
    /// Last changed (ms).
    pub updated_ms: i64,
}

/// Everything the Salync emulator serves.
#[derive(Debug)]
pub struct SalyncDb {
    /// Products, oldest first.
    pub products: Vec<Product>,
    /// Stock adjustments, oldest first.
    pub adjustments: Vec<Record>,
    /// Suppliers.
    pub suppliers: Vec<Record>,
    /// Purchase orders, oldest first.
    pub purchase_orders: Vec<Record>,
    /// Channels (`listing_count` computed on read).
    pub channels: Vec<Record>,
    /// Listings.
    pub listings: Vec<Record>,
    /// Last purchase-order number used.
    pub po_number: u64,
    /// Events raised by the last writes, waiting to be delivered.
    pub events: Vec<(String, Value)>,
    /// Ids of records created through the API.
    pub rng: Rng,
    /// Ids of events.
    pub event_rng: Rng,
}

/// Optional money.
pub fn opt_money(pence: Option<i64>) -> Value {
    pence.map_or(Value::Null, money)
}

/// `YYYY-MM-DD` (UTC) of milliseconds.
pub fn day(ms: i64) -> String {
    Timestamp::from_millis(ms)
        .to_datetime()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// A prefixed id such as `prd_4k2…`.
pub fn new_id(rng: &mut Rng, prefix: &str) -> String {
    format!("{prefix}_{}", rng.base36(14))
}

/// The uppercase code of an option value inside a variant SKU (`Pack of 3` → `PACKOF3`).
pub fn sku_part(value: &str) -> String {
    value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Every combination of the option types' values, in order.
pub fn combinations(types: &[(String, Vec<String>)]) -> Vec<Vec<(String, String)>> {
    let mut out: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for (name, values) in types {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                values.iter().map(move |v| {
                    let mut c = prefix.clone();
                    c.push((name.clone(), v.clone()));
                    c
                })
            })
            .collect();
    }
    out
}

impl Product {
    /// Units on hand: the variants' sum once the product has variants.
    pub fn stock_on_hand(&self) -> i64 {
        if self.variants.is_empty() {
            self.stock
        } else {
            self.variants
                .iter()
                .filter(|v| !v.archived)
                .map(|v| v.stock)
                .sum()
        }
    }

    /// The variant with `id`.
    pub fn variant(&self, id: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id)
    }
}

impl Variant {
    /// The API form.
    pub fn render(&self, product_id: &str) -> Value {
        let options: Record = self
            .options
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        json!({
            "id": self.id, "product_id": product_id, "sku": self.sku, "options": options,
            "barcode": self.barcode, "cost_price": opt_money(self.cost),
            "price": opt_money(self.price), "stock_on_hand": self.stock,
            "archived": self.archived,
        })
    }
}

impl Product {
    /// The API form.
    pub fn render(&self) -> Value {
        json!({
            "id": self.id, "name": self.name, "sku": self.sku, "description": self.description,
            "barcode": self.barcode, "cost_price": opt_money(self.cost),
            "price": opt_money(self.price), "supplier_id": self.supplier_id,
            "supplier_reference": self.supplier_reference,
            "low_stock_threshold": self.threshold, "stock_on_hand": self.stock_on_hand(),
            "archived": self.archived,
            "option_types": self.option_types.iter()
                .map(|(n, v)| json!({"name": n, "values": v})).collect::<Vec<_>>(),
            "variants": self.variants.iter().map(|v| v.render(&self.id)).collect::<Vec<_>>(),
            "created_at": iso(self.created_ms), "updated_at": iso(self.updated_ms),
        })
    }
}

const COMPANY_A: &[&str] = &[
    "Thornbury",
    "Ashdown",
    "Kestrel",
    "Millbrook",
    "Harrowgate",
    "Bramley",
    "Fenwick",
    "Redcliffe",
    "Calder",
    "Westerby",
    "Holloway",
    "Penrith",
    "Marlow",
];
const COMPANY_B: &[&str] = &[
    "Textiles Ltd",
    "Ceramics",
    "Trading Co",
    "Woodcraft",
    "Homeware Ltd",
    "Supplies",
    "& Sons",
    "Imports",
    "Studio",
    "Mills",
];
const TOWNS: &[(&str, &str)] = &[
    ("Leeds", "LS1 4AB"),
    ("Bristol", "BS1 5TR"),
    ("Manchester", "M4 6WX"),
    ("Glasgow", "G2 3EJ"),
    ("Norwich", "NR2 1QA"),
    ("Stoke-on-Trent", "ST1 3DL"),
    ("Cardiff", "CF10 2HQ"),
    ("Sheffield", "S1 2JF"),
];
const STREETS: &[&str] = &[
    "Mill Lane",
    "Canal Street",
    "Station Road",
    "High Street",
    "Quay Side",
    "Kiln Yard",
];
const PEOPLE: &[&str] = &[
    "Eleanor Price",
    "Tom Ashworth",
    "Priya Shah",
    "Callum Reid",
    "Sophie Turner",
    "Owen Hughes",
    "Grace Whitfield",
    "Imran Qureshi",
    "Niamh Doyle",
    "Harry Blake",
];
const TERMS: &[&str] = &["Net 30", "Net 14", "Net 60", "Payment on order", "Net 45"];
const ADJECTIVES: &[&str] = &[
    "Hand-thrown",
    "Linen",
    "Beeswax",
    "Oak",
    "Enamel",
    "Wool",
    "Recycled",
    "Botanical",
    "Stoneware",
    "Copper",
    "Rattan",
    "Organic",
];
const NOUNS: &[&str] = &[
    "Mug",
    "Tea Towel",
    "Candle",
    "Chopping Board",
    "Throw",
    "Planter",
    "Print",
    "Notebook",
    "Vase",
    "Apron",
    "Cushion Cover",
    "Serving Bowl",
    "Soap Bar",
    "Tote Bag",
];
const OPTION_SETS: &[(&str, &[&str])] = &[
    ("Size", &["Small", "Medium", "Large"]),
    ("Colour", &["Sage", "Ochre", "Charcoal", "Ivory", "Rust"]),
    ("Material", &["Oak", "Walnut", "Ash"]),
    ("Pack size", &["Single", "Pack of 3"]),
    ("Scent", &["Fig", "Cedar", "Lavender"]),
];

/// Seeded counts.
pub const PRODUCTS: usize = 120;
/// Seeded suppliers.
pub const SUPPLIERS: usize = 25;
/// Seeded purchase orders.
#[cfg(test)]
pub const PURCHASE_ORDERS: usize = 40;

/// A seeded stock movement: when, product index, variant index, kind, quantity, reference.
type StockEvent = (i64, usize, Option<usize>, &'static str, i64, Option<String>);

fn past(r: &mut Rng, now: i64, days: i64) -> i64 {
    (now / 1000 - r.range(3600, days * 86_400)) * 1000
}

/// Seeds the whole data set relative to `now`.
pub fn seed(seed: u64, now: Timestamp) -> SalyncDb {
    let now_ms = now.as_millis();
    let mut ids = Rng::derive(seed, stream::WRITES, 1);

    let mut sr = Rng::derive(seed, stream::SUPPLIERS, 0);
    let mut suppliers = Vec::new();
    for i in 0..SUPPLIERS {
        let name = format!(
            "{} {}",
            COMPANY_A[i % COMPANY_A.len()],
            COMPANY_B[(i * 7 + i / COMPANY_A.len()) % COMPANY_B.len()]
        );
        let domain: String = name
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let (town, postcode) = *sr.pick(TOWNS);
        let currency = if sr.chance(80) {
            "GBP"
        } else {
            *sr.pick(&["EUR", "USD"])
        };
        suppliers.push(obj(json!({
            "id": new_id(&mut ids, "sup"), "name": name,
            "contact_name": sr.pick(PEOPLE),
            "email": format!("orders@{domain}.example"),
            "phone": format!("+44 20 7946 0{:03}", sr.range(0, 999)),
            "website": format!("https://www.{domain}.example"),
            "address": format!("{} {}, {town} {postcode}, United Kingdom", sr.range(1, 240), sr.pick(STREETS)),
            "notes": if sr.chance(40) { json!("Prefers orders by email before noon.") } else { Value::Null },
            "lead_time_days": sr.range(3, 45),
            "minimum_order_quantity": *sr.pick(&[1, 6, 12, 24, 50, 100]),
            "minimum_order_value": money(sr.range(0, 20) * 2500),
            "payment_terms": sr.pick(TERMS),
            "currency": currency,
        })));
    }

    let mut pr = Rng::derive(seed, stream::PRODUCTS, 0);
    let mut created: Vec<i64> = (0..PRODUCTS).map(|_| past(&mut pr, now_ms, 700)).collect();
    created.sort_unstable();
    let mut products = Vec::new();
    for (i, created_ms) in created.into_iter().enumerate() {
        let name = format!("{} {}", pr.pick(ADJECTIVES), pr.pick(NOUNS));
        let sku = format!("SAL-{:04}", i + 1);
        let price = pr.range(4, 90) * 100 + pr.pick_copy(&[0, 50, 95, 99]);
        let cost = price * pr.range(30, 55) / 100;
        let supplier = &suppliers[pr.below(SUPPLIERS as u64) as usize];
        let mut option_types = Vec::new();
        if pr.chance(35) {
            let count = pr.range(1, 3) as usize;
            let start = pr.below(OPTION_SETS.len() as u64) as usize;
            for k in 0..count {
                let (oname, values) = OPTION_SETS[(start + k) % OPTION_SETS.len()];
                let take = pr.range(2, 3.min(values.len() as i64)) as usize;
                option_types.push((
                    oname.to_string(),
                    values[..take].iter().map(|v| v.to_string()).collect(),
                ));
            }
        }
        let variants = combinations(&option_types)
            .into_iter()
            .filter(|c| !c.is_empty())
            .map(|options| {
                let suffix: Vec<String> = options.iter().map(|(_, v)| sku_part(v)).collect();
                Variant {
                    id: new_id(&mut ids, "var"),
                    sku: format!("{sku}-{}", suffix.join("-")),
                    options,
                    barcode: pr
                        .chance(60)
                        .then(|| format!("50{:011}", pr.range(10_000_000_000, 99_999_999_999))),
                    cost: Some(cost),
                    price: Some(price),
                    stock: 0,
                    archived: false,
                }
            })
            .collect();
        products.push(Product {
            id: new_id(&mut ids, "prd"),
            name: name.clone(),
            sku,
            description: Some(format!("{name}, made in small batches.")),
            barcode: pr
                .chance(70)
                .then(|| format!("50{:011}", pr.range(10_000_000_000, 99_999_999_999))),
            cost: Some(cost),
            price: Some(price),
            supplier_id: supplier["id"].as_str().map(str::to_string),
            supplier_reference: Some(format!(
                "{}-{}",
                &supplier["name"].as_str().unwrap_or("X")[..3].to_uppercase(),
                pr.range(1000, 9999)
            )),
            threshold: *pr.pick(&[0, 5, 10, 15, 20]),
            stock: 0,
            archived: i % 20 == 7,
            option_types,
            variants,
            created_ms,
            updated_ms: created_ms,
        });
    }

    // Purchase orders in every status; received ones are part of the stock history.
    let mut or = Rng::derive(seed, stream::ORDERS, 0);
    let statuses: &[(&str, usize)] = &[
        ("draft", 6),
        ("sent", 8),
        ("confirmed", 6),
        ("in_transit", 6),
        ("received", 10),
        ("cancelled", 4),
    ];
    let mut po_specs: Vec<(&str, i64)> = Vec::new();
    for (status, n) in statuses {
        for _ in 0..*n {
            po_specs.push((status, past(&mut or, now_ms, 300)));
        }
    }
    po_specs.sort_by_key(|(_, at)| *at);
    let mut purchase_orders = Vec::new();
    let mut receipts: Vec<(i64, usize, Option<usize>, i64, String)> = Vec::new();
    for (n, (status, created_ms)) in po_specs.into_iter().enumerate() {
        let supplier = &suppliers[or.below(SUPPLIERS as u64) as usize];
        let mut lines = Vec::new();
        let mut total = 0;
        let number = format!("PO-{:05}", n + 1);
        let received_ms = created_ms + or.range(5, 30) * 86_400_000;
        let received = status == "received";
        for _ in 0..or.range(1, 4) {
            let pi = or.below(products.len() as u64) as usize;
            let p = &products[pi];
            let vi = (!p.variants.is_empty()).then(|| or.below(p.variants.len() as u64) as usize);
            let qty = or.range(6, 60);
            let unit = p.cost.unwrap_or(0);
            total += unit * qty;
            lines.push(json!({
                "product_id": p.id,
                "variant_id": vi.map(|v| p.variants[v].id.clone()),
                "quantity": qty, "unit_cost": money(unit),
                "supplier_reference": p.supplier_reference,
                "received_quantity": if received { qty } else { 0 },
            }));
            if received {
                receipts.push((received_ms, pi, vi, qty, number.clone()));
            }
        }
        let sent = status != "draft";
        purchase_orders.push(obj(json!({
            "id": new_id(&mut ids, "po"), "number": number, "supplier_id": supplier["id"],
            "status": status,
            "expected_delivery_date": day(created_ms + or.range(7, 40) * 86_400_000),
            "lines": lines, "total": money(total), "currency": supplier["currency"],
            "notes": if or.chance(30) { json!("Please deliver to the rear entrance.") } else { Value::Null },
            "created_at": iso(created_ms),
            "sent_at": if sent { json!(iso(created_ms + 3_600_000)) } else { Value::Null },
            "received_at": if received { json!(iso(received_ms)) } else { Value::Null },
        })));
    }
    let po_number = purchase_orders.len() as u64;

    // Stock history: opening balances, sales, write-offs, manual counts and PO receipts,
    // applied in time order so no seeded balance goes below zero.
    let mut st = Rng::derive(seed, stream::STOCK, 0);
    let mut events: Vec<StockEvent> = Vec::new();
    for (pi, p) in products.iter().enumerate() {
        let items: Vec<Option<usize>> = if p.variants.is_empty() {
            vec![None]
        } else {
            (0..p.variants.len()).map(Some).collect()
        };
        for vi in items {
            events.push((
                p.created_ms + 60_000,
                pi,
                vi,
                "opening",
                st.range(10, 120),
                None,
            ));
            for _ in 0..st.range(0, 4) {
                let at = p.created_ms + st.range(1, (now_ms - p.created_ms) / 60_000 - 1) * 60_000;
                let kind = *st.pick(&["sale", "sale", "sale", "write_off", "manual"]);
                let qty = match kind {
                    "sale" => st.range(1, 40),
                    "write_off" => st.range(1, 4),
                    _ => st.range(1, 10),
                };
                events.push((at, pi, vi, kind, qty, None));
            }
        }
    }
    for (at, pi, vi, qty, number) in receipts {
        events.push((at, pi, vi, "po_receipt", qty, Some(number)));
    }
    events.sort_by_key(|e| e.0);
    let mut adjustments = Vec::new();
    for (at, pi, vi, kind, qty, reference) in events {
        let p = &mut products[pi];
        let current = vi.map_or(p.stock, |v| p.variants[v].stock);
        let (ty, direction, qty) = match kind {
            "opening" => ("manual", "increase", qty),
            "po_receipt" => ("po_receipt", "increase", qty),
            "manual" if st.chance(50) => ("manual", "increase", qty),
            "manual" => ("manual", "decrease", qty.min(current)),
            other => (other, "decrease", qty.min(current)),
        };
        if qty <= 0 {
            continue;
        }
        let next = if direction == "increase" {
            current + qty
        } else {
            current - qty
        };
        match vi {
            Some(v) => p.variants[v].stock = next,
            None => p.stock = next,
        }
        let reference = reference.or_else(|| match ty {
            "sale" => Some(format!("ORD-{}", st.range(10_000, 99_999))),
            "manual" if kind == "opening" => Some("Opening stock".to_string()),
            "manual" => Some("Stocktake".to_string()),
            "write_off" => Some("Damaged in store".to_string()),
            _ => None,
        });
        adjustments.push(obj(json!({
            "id": new_id(&mut ids, "adj"), "product_id": p.id,
            "variant_id": vi.map(|v| p.variants[v].id.clone()),
            "type": ty, "quantity": qty, "direction": direction, "reference": reference,
            "date": day(at), "created_at": iso(at),
        })));
    }

    // Channels and listings, a few of them in error.
    let mut cr = Rng::derive(seed, stream::CHANNELS, 0);
    let channels: Vec<Record> = [
        ("Shopify", "shopify", "connected"),
        ("Amazon UK", "amazon", "connected"),
        ("eBay", "ebay", "error"),
    ]
    .iter()
    .map(|(name, platform, status)| {
        obj(
            json!({"id": new_id(&mut ids, "ch"), "name": name, "platform": platform,
                   "connection_status": status}),
        )
    })
    .collect();
    let errors = [
        ("missing_attribute", "Missing required attribute: brand"),
        ("invalid_price", "Price is below the marketplace minimum"),
        ("image_rejected", "Main image must have a white background"),
    ];
    let mut listings = Vec::new();
    for ch in &channels {
        for p in products.iter().filter(|p| !p.archived) {
            if !cr.chance(60) {
                continue;
            }
            let items: Vec<(Option<&Variant>, &str)> = if p.variants.is_empty() {
                vec![(None, p.sku.as_str())]
            } else {
                p.variants
                    .iter()
                    .map(|v| (Some(v), v.sku.as_str()))
                    .collect()
            };
            for (v, sku) in items {
                let roll = cr.below(100);
                let (state, message) = match roll {
                    0..=3 => {
                        let (_, m) = *cr.pick(&errors);
                        ("error", json!(m))
                    }
                    4..=9 => ("pending", Value::Null),
                    10..=14 => ("inactive", Value::Null),
                    _ => ("active", Value::Null),
                };
                listings.push(obj(json!({
                    "id": new_id(&mut ids, "lst"), "channel_id": ch["id"], "product_id": p.id,
                    "variant_id": v.map(|v| v.id.clone()), "sku": sku, "state": state,
                    "error_message": message,
                })));
            }
        }
    }

    SalyncDb {
        products,
        adjustments,
        suppliers,
        purchase_orders,
        channels,
        listings,
        po_number,
        events: Vec::new(),
        rng: Rng::derive(seed, stream::WRITES, 0),
        event_rng: Rng::derive(seed, stream::WRITES, 2),
    }
}

/// Today's date (UTC) at `now`.
pub fn today(now: Timestamp) -> NaiveDate {
    now.to_datetime().date_naive()
}

/// Whether `date` lies after `now`'s date by more than a day of slack for other zones.
pub fn in_future(date: NaiveDate, now: Timestamp) -> bool {
    date > today(now) + ChronoDuration::days(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_is_deterministic_and_consistent() {
        let now = Timestamp::parse_rfc3339("2026-11-22T15:00:00Z").unwrap();
        let a = seed(7, now);
        let b = seed(7, now);
        assert_eq!(a.products, b.products);
        assert_eq!(a.products.len(), PRODUCTS);
        assert_eq!(a.suppliers.len(), SUPPLIERS);
        assert_eq!(a.purchase_orders.len(), PURCHASE_ORDERS);
        assert!(a.products.iter().any(|p| p.option_types.len() == 3));
        assert!(a.products.iter().any(|p| p.archived));
        // Every balance is the sum of its adjustments.
        for p in &a.products {
            let items: Vec<(Option<&str>, i64)> = if p.variants.is_empty() {
                vec![(None, p.stock)]
            } else {
                p.variants
                    .iter()
                    .map(|v| (Some(v.id.as_str()), v.stock))
                    .collect()
            };
            for (vid, stock) in items {
                let sum: i64 = a
                    .adjustments
                    .iter()
                    .filter(|r| r["product_id"] == p.id.as_str())
                    .filter(|r| r["variant_id"].as_str() == vid)
                    .map(|r| {
                        let q = r["quantity"].as_i64().unwrap();
                        if r["direction"] == "increase" { q } else { -q }
                    })
                    .sum();
                assert_eq!(sum, stock, "{} {vid:?}", p.sku);
                assert!(stock >= 0);
            }
        }
        assert!(a.listings.iter().any(|l| l["state"] == "error"));
        let combos = combinations(&[
            ("Size".into(), vec!["S".into(), "M".into()]),
            (
                "Colour".into(),
                vec!["Red".into(), "Blue".into(), "Ash".into()],
            ),
        ]);
        assert_eq!(combos.len(), 6);
        assert_eq!(
            combos[1],
            vec![
                ("Size".into(), "S".into()),
                ("Colour".into(), "Blue".into())
            ]
        );
    }
}
