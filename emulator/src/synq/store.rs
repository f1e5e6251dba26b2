//! Synq's state: the catalog, orders, stock ledger, channels, connections, members, settings
//! and audit log, held in read shape (JSON records, ids as UUID strings, RFC 3339 UTC times),
//! and the deterministic seed that fills it.

use std::collections::HashMap;

use pacer_sdk_core::Timestamp;
use serde_json::{Value, json};

use crate::record::{Record, iso, money, obj, slug};
use crate::rng::Rng;
use crate::synq::orders::{SEEDED_PATHS, seeded_delay_minutes};

/// Random streams, so adding a record kind never reshuffles another.
mod stream {
    pub const IDS: u64 = 101;
    pub const CATALOG: u64 = 102;
    pub const ORDERS: u64 = 103;
    pub const PEOPLE: u64 = 104;
    pub const WRITES: u64 = 105;
}

/// An order: its record (without the status fields) and its planned path.
#[derive(Clone, Debug)]
pub struct Order {
    /// Every field except `status`, `payment_status`, `status_history` and `updated_at`.
    pub record: Record,
    /// The statuses in order with the instant (ms) each is reached.
    pub steps: Vec<(&'static str, i64)>,
    /// Creation instant (ms).
    pub created_ms: i64,
}

/// A bulk job and when it was queued.
#[derive(Clone, Debug)]
pub struct BulkJob {
    /// `id`, `job_type`, `payload` (as a JSON string), `total_items`, `created_at`.
    pub record: Record,
    /// The payload's items.
    pub items: Vec<Value>,
    /// Queued at (ms).
    pub created_ms: i64,
    /// Whether its effect on the catalog has been applied.
    pub applied: bool,
    /// Whether every item failed.
    pub failed: bool,
}

/// Everything the Synq emulator serves.
#[derive(Debug)]
pub struct SynqDb {
    /// The organization id.
    pub org_id: String,
    /// The tenant id.
    pub tenant_id: String,
    /// The Admin member requests act as (the token's user).
    pub actor_uid: String,
    /// Their email.
    pub actor_email: String,
    /// Products, oldest first.
    pub products: Vec<Record>,
    /// Variants.
    pub variants: Vec<Record>,
    /// Categories.
    pub categories: Vec<Record>,
    /// Brands.
    pub brands: Vec<Record>,
    /// Attributes.
    pub attributes: Vec<Record>,
    /// Attribute groups.
    pub attribute_groups: Vec<Record>,
    /// Templates.
    pub templates: Vec<Record>,
    /// Media.
    pub media: Vec<Record>,
    /// Bulk jobs, oldest first.
    pub bulk_jobs: Vec<BulkJob>,
    /// Orders, oldest first.
    pub orders: Vec<Order>,
    /// Stock ledger entries, oldest first.
    pub ledger: Vec<Record>,
    /// Sales channels.
    pub channels: Vec<Record>,
    /// Platform connections.
    pub connections: Vec<Record>,
    /// Organization members.
    pub members: Vec<Record>,
    /// Tenant settings.
    pub settings: Record,
    /// Audit entries, oldest first.
    pub audit: Vec<Record>,
    /// Order creations by idempotency key: (workflow id, run id).
    pub idempotency: HashMap<String, (String, String)>,
    /// Inbound webhook events accepted at `/unified/webhook`.
    pub inbound: Vec<Value>,
    /// Ids and other random values of records created through the API.
    pub rng: Rng,
}

/// Money from cents as the decimal string Synq answers for variant prices ("89.99").
pub fn money_text(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

/// `rec` with `org_id` and `tenant_id` after its `id`, as tenant-scoped records are answered.
pub fn scoped(org_id: &str, tenant_id: &str, mut rec: Record) -> Record {
    let mut out = Record::new();
    if let Some(id) = rec.remove("id") {
        out.insert("id".into(), id);
    }
    out.insert("org_id".into(), json!(org_id));
    out.insert("tenant_id".into(), json!(tenant_id));
    out.extend(rec);
    out
}

/// The organization and tenant ids derived from the seed.
pub fn default_ids(seed: u64) -> (String, String) {
    let mut r = Rng::derive(seed, stream::IDS, 0);
    (r.uuid(), r.uuid())
}

/// The category tree: (top level, children).
const CATEGORY_TREE: &[(&str, &[&str])] = &[
    ("Apparel", &["T-Shirts", "Hoodies", "Jackets"]),
    ("Footwear", &["Sneakers", "Boots"]),
    ("Home & Kitchen", &["Cookware", "Tableware"]),
    ("Outdoor", &["Camping", "Cycling"]),
    ("Accessories", &["Bags", "Hats"]),
];

/// Product nouns by leaf category.
fn nouns(category: &str) -> &'static [&'static str] {
    match category {
        "T-Shirts" => &["Crew Tee", "Pocket Tee", "V-Neck Tee", "Long Sleeve Tee"],
        "Hoodies" => &["Pullover Hoodie", "Zip Hoodie", "Fleece Hoodie"],
        "Jackets" => &["Rain Jacket", "Puffer Jacket", "Field Jacket", "Softshell"],
        "Sneakers" => &["Court Sneaker", "Runner", "Trail Shoe", "Slip-On"],
        "Boots" => &["Chelsea Boot", "Hiking Boot", "Work Boot"],
        "Cookware" => &["Skillet", "Dutch Oven", "Saucepan", "Wok"],
        "Tableware" => &["Dinner Plate Set", "Mug", "Serving Bowl", "Tumbler"],
        "Camping" => &["Tent", "Sleeping Bag", "Camp Stove", "Lantern"],
        "Cycling" => &["Bike Light", "Saddle Bag", "Cycling Jersey", "Helmet"],
        "Bags" => &["Backpack", "Tote", "Duffel", "Sling Bag"],
        _ => &["Beanie", "Cap", "Bucket Hat", "Sun Hat"],
    }
}

const ADJECTIVES: &[&str] = &[
    "Classic",
    "Everyday",
    "Heritage",
    "Urban",
    "Alpine",
    "Coastal",
    "Modern",
    "Essential",
    "Rugged",
    "Lightweight",
    "Premium",
    "Vintage",
];
const MATERIALS: &[&str] = &[
    "Cotton",
    "Merino",
    "Canvas",
    "Recycled",
    "Organic",
    "Cast Iron",
    "Ceramic",
    "Nylon",
    "Leather",
    "Bamboo",
];
const COLORS: &[(&str, &str)] = &[
    ("Black", "BLK"),
    ("Navy", "NVY"),
    ("Olive", "OLV"),
    ("Sand", "SND"),
    ("Red", "RED"),
    ("White", "WHT"),
];
const SIZES: &[&str] = &["XS", "S", "M", "L", "XL"];
const BRANDS: &[&str] = &[
    "Northwind",
    "Harbor & Pine",
    "Summit Supply",
    "Copperline",
    "Fieldnote",
    "Brightwater",
    "Oakhaven",
    "Lumen Goods",
];
const ATTRIBUTES: &[(&str, &str)] = &[
    ("Capacity", "NUMBER"),
    ("Care Instructions", "TEXT"),
    ("Color", "SELECT"),
    ("Country of Origin", "TEXT"),
    ("Fit", "SELECT"),
    ("Material", "TEXT"),
    ("Release Date", "DATE"),
    ("Size", "SELECT"),
    ("Waterproof", "BOOLEAN"),
    ("Weight", "NUMBER"),
];
const ATTRIBUTE_GROUPS: &[(&str, &str)] = &[
    ("Physical", "Dimensions, weight and materials"),
    ("Marketing", "Copy and merchandising fields"),
    ("Compliance", "Safety and origin information"),
    ("Logistics", "Shipping and storage attributes"),
];
const TEMPLATES: &[(&str, &str)] = &[
    ("Apparel", "Garments with size and color variants"),
    ("Footwear", "Shoes and boots with half sizes"),
    ("Cookware", "Kitchen items with capacity and material"),
    ("Outdoor Gear", "Camping and cycling equipment"),
    ("Accessory", "Bags, hats and small goods"),
];
const FIRST: &[&str] = &[
    "Avery", "Jordan", "Priya", "Mateo", "Hannah", "Kenji", "Amara", "Lucas", "Sofia", "Omar",
];
const LAST: &[&str] = &[
    "Bennett", "Okafor", "Larsen", "Nakamura", "Silva", "Whitaker", "Dubois", "Haddad", "Novak",
    "Reyes",
];
const TAGS: &[&str] = &["wholesale", "gift", "vip", "repeat", "promo", "priority"];

/// Numbers of seeded records.
pub const PRODUCTS: usize = 150;
/// Seeded orders.
pub const ORDERS: usize = 200;

struct Seeder {
    r: Rng,
    now: i64,
}

impl Seeder {
    /// An instant between `days` days before now and now, on a whole second.
    fn past(&mut self, days: i64) -> i64 {
        let back = self.r.range(60, days * 86_400);
        (self.now / 1000 - back) * 1000
    }
}

/// Seeds the whole data set relative to `now`.
pub fn seed(seed: u64, now: Timestamp, org_id: &str, tenant_id: &str) -> SynqDb {
    let now_ms = now.as_millis();
    let mut s = Seeder {
        r: Rng::derive(seed, stream::CATALOG, 0),
        now: now_ms,
    };
    let scoped = |rec: Record| scoped(org_id, tenant_id, rec);

    // Taxonomy: created a year ago, before any product.
    let mut categories = Vec::new();
    let mut leaves = Vec::new();
    for (top, children) in CATEGORY_TREE {
        let at = iso(s.past(400).min(now_ms - 300 * 86_400_000));
        let top_id = s.r.uuid();
        categories.push(scoped(obj(json!({
            "id": top_id, "parent_id": null, "name": top, "slug": slug(top),
            "description": format!("All {} products", top.to_lowercase()),
            "created_at": at, "updated_at": at,
        }))));
        for child in *children {
            let id = s.r.uuid();
            categories.push(scoped(obj(json!({
                "id": id, "parent_id": top_id, "name": child, "slug": slug(child),
                "description": format!("{child} in {top}"),
                "created_at": at, "updated_at": at,
            }))));
            leaves.push(*child);
        }
    }
    let brands: Vec<Record> = BRANDS
        .iter()
        .map(|b| {
            obj(json!({
                "id": s.r.uuid(), "name": b,
                "description": format!("{b} — independent goods since {}", s.r.range(1978, 2019)),
                "logo_url": format!("https://cdn.synq.example/brands/{}.png", slug(b)),
            }))
        })
        .collect();
    let attributes: Vec<Record> = ATTRIBUTES
        .iter()
        .map(|(name, ty)| {
            let at = iso(s.past(400).min(now_ms - 300 * 86_400_000));
            scoped(obj(json!({
                "id": s.r.uuid(), "name": name, "slug": slug(name), "type": ty,
                "created_at": at, "updated_at": at,
            })))
        })
        .collect();
    let named = |s: &mut Seeder, list: &[(&str, &str)]| -> Vec<Record> {
        list.iter()
            .map(|(name, description)| {
                let at = iso(s.past(400).min(now_ms - 300 * 86_400_000));
                obj(json!({"id": s.r.uuid(), "name": name, "description": description, "created_at": at}))
            })
            .collect()
    };
    let attribute_groups = named(&mut s, ATTRIBUTE_GROUPS);
    let templates = named(&mut s, TEMPLATES);
    let locations: Vec<String> = (0..3).map(|_| s.r.uuid()).collect();

    // Products with variants, media and opening stock.
    let mut created: Vec<i64> = (0..PRODUCTS).map(|_| s.past(290)).collect();
    created.sort_unstable();
    let mut products = Vec::new();
    let mut variants = Vec::new();
    let mut media = Vec::new();
    let mut ledger = Vec::new();
    for (i, created_ms) in created.into_iter().enumerate() {
        let leaf = *s.r.pick(&leaves);
        let title = format!(
            "{} {} {}",
            s.r.pick(ADJECTIVES),
            s.r.pick(MATERIALS),
            s.r.pick(nouns(leaf))
        );
        let updated_ms = if s.r.chance(40) {
            (created_ms + s.r.range(3600, 60 * 86_400) * 1000).min(now_ms - 60_000)
        } else {
            created_ms
        };
        let id = s.r.uuid();
        products.push(scoped(obj(json!({
            "id": id, "title": title,
            "description": format!("{title} from the {leaf} range."),
            "category": slug(leaf), "status": "ACTIVE",
            "created_at": iso(created_ms), "updated_at": iso(updated_ms),
        }))));
        let base_cents = s.r.range(8, 240) * 100 + s.r.pick_copy(&[0, 50, 95, 99]);
        let count = s.r.range(1, 4) as usize;
        let color_start = s.r.below(COLORS.len() as u64) as usize;
        let mut product_variants = Vec::new();
        for v in 0..count {
            let (color, code) = COLORS[(color_start + v) % COLORS.len()];
            let size = *s.r.pick(SIZES);
            let vid = s.r.uuid();
            let cost = base_cents * s.r.range(35, 60) / 100;
            variants.push(scoped(obj(json!({
                "id": vid, "product_id": id,
                "sku": format!("SQ-{:04}-{code}-{size}", i + 1),
                "barcode": format!("0{:012}", s.r.range(100_000_000_000, 999_999_999_999)),
                "price": money_text(base_cents), "currency": "USD",
                "option_values": {"color": color, "size": size},
                "cost_price": money_text(cost),
                "data_quality_score": s.r.range(55, 100),
            }))));
            ledger.push(scoped(obj(json!({
                "id": s.r.uuid(), "variant_id": vid,
                "location_id": s.r.pick(&locations),
                "quantity_delta": s.r.range(5, 120),
                "transaction_type": "receipt", "notes": "Opening balance",
                "created_at": iso(created_ms),
            }))));
            product_variants.push(vid);
        }
        for n in 0..s.r.range(1, 2) {
            let variant = if n > 0 {
                json!(s.r.pick(&product_variants))
            } else {
                Value::Null
            };
            media.push(obj(json!({
                "id": s.r.uuid(), "product_id": id, "variant_id": variant,
                "url": format!("https://cdn.synq.example/media/{id}/{}.jpg", n + 1),
                "alt_text": format!("{title}, view {}", n + 1),
                "sort_order": n,
            })));
        }
    }

    // People, channels, connections.
    let mut p = Rng::derive(seed, stream::PEOPLE, 0);
    let domain = "northwind-commerce.example";
    let mut members = Vec::new();
    for (i, role) in ["ADMIN", "ADMIN", "EDITOR", "EDITOR", "VIEWER", "VIEWER"]
        .iter()
        .enumerate()
    {
        let (first, last) = (FIRST[i % FIRST.len()], *p.pick(LAST));
        members.push(obj(json!({
            "uid": p.base36(28),
            "email": format!("{}.{}@{domain}", first.to_lowercase(), last.to_lowercase()),
            "role": role,
            "status": if i == 5 { "invited" } else { "active" },
        })));
    }
    let actor_uid = members[0]["uid"].as_str().unwrap_or_default().to_string();
    let actor_email = members[0]["email"].as_str().unwrap_or_default().to_string();
    let year_ago = now_ms - 365 * 86_400_000;
    let channels: Vec<Record> = [
        ("Online Store", "USD", true),
        ("Amazon US", "USD", true),
        ("Wholesale EU", "EUR", false),
    ]
    .iter()
    .map(|(name, currency, active)| {
        let at = iso(year_ago + p.range(0, 30) * 86_400_000);
        obj(
            json!({"id": p.uuid(), "name": name, "currency": currency, "active": active,
                   "created_at": at, "updated_at": at}),
        )
    })
    .collect();
    let connections: Vec<Record> = ["shopify", "woocommerce"]
        .iter()
        .map(|provider| {
            let at = iso(year_ago + p.range(30, 60) * 86_400_000);
            obj(
                json!({"id": p.uuid(), "unified_connection_id": p.base36(24),
                       "provider": provider, "status": "ACTIVE",
                       "created_at": at, "updated_at": at}),
            )
        })
        .collect();
    let settings_at = iso(year_ago + 86_400_000);
    let settings = scoped(obj(json!({
        "id": p.uuid(),
        "inventory_allocation_model": "HARD", "auto_po_enabled": false,
        "default_low_stock_threshold": 10, "costing_method": "WAC",
        "updated_by": actor_uid, "created_at": iso(year_ago), "updated_at": settings_at,
    })));

    // Orders over the last 60 days, each along a documented path.
    let mut o = Seeder {
        r: Rng::derive(seed, stream::ORDERS, 0),
        now: now_ms,
    };
    let mut order_times: Vec<i64> = (0..ORDERS).map(|_| o.past(60)).collect();
    order_times.sort_unstable();
    let weights: Vec<u64> = SEEDED_PATHS.iter().map(|(w, _)| *w).collect();
    let mut orders = Vec::new();
    for created_ms in order_times {
        let path = SEEDED_PATHS[o.r.weighted(&weights)].1;
        let mut at = created_ms;
        let mut steps = vec![(path[0], at)];
        for status in &path[1..] {
            let (lo, hi) = seeded_delay_minutes(status);
            at += o.r.range(lo, hi) * 60_000;
            steps.push((*status, at));
        }
        let mut items = Vec::new();
        let mut subtotal = 0;
        for _ in 0..o.r.range(1, 3) {
            let v = o.r.pick(&variants);
            let unit = price_cents(v);
            let qty = o.r.range(1, 3);
            subtotal += unit * qty;
            items.push(json!({
                "variant_id": v["id"], "location_id": o.r.pick(&locations),
                "quantity": qty, "unit_price": money(unit),
            }));
        }
        let discount = if o.r.chance(20) { subtotal / 10 } else { 0 };
        let shipping = *o.r.pick(&[0, 599, 999]);
        let tax = (subtotal - discount) * 8 / 100;
        let channel = o.r.pick(&channels[..2]);
        let tags: Vec<&str> = if o.r.chance(30) {
            vec![*o.r.pick(TAGS)]
        } else {
            Vec::new()
        };
        let record = obj(json!({
            "id": o.r.uuid(),
            "currency": "USD",
            "subtotal": money(subtotal),
            "discount_total": money(discount),
            "shipping_total": money(shipping),
            "tax_total": money(tax),
            "total": money(subtotal - discount + shipping + tax),
            "payment_provider": "stripe",
            "payment_reference": format!("pi_{}", o.r.base36(24)),
            "channel": channel["id"],
            "source_platform": if channel["name"] == "Amazon US" { "amazon" } else { "web" },
            "idempotency_key": o.r.uuid(),
            "created_at": iso(created_ms),
            "tags": tags,
            "items": items,
        }));
        orders.push(Order {
            record,
            steps,
            created_ms,
        });
    }

    // Audit: product and order history plus a few administrative entries.
    let mut audit: Vec<(i64, Record)> = Vec::new();
    let entry =
        |r: &mut Rng, at: i64, actor: &str, action: &str, ty: &str, id: &str, details: Value| {
            (
                at,
                obj(json!({
                    "id": r.uuid(), "actor_email": actor, "action": action, "entity_type": ty,
                    "entity_id": id, "details": details, "ip_address": "203.0.113.24",
                    "created_at": iso(at),
                })),
            )
        };
    for prod in products.iter().rev().take(40) {
        let at = Timestamp::parse_rfc3339(prod["created_at"].as_str().unwrap_or_default())
            .map_or(now_ms, Timestamp::as_millis);
        let id = prod["id"].as_str().unwrap_or_default();
        audit.push(entry(
            &mut p,
            at,
            &actor_email,
            "PRODUCT_CREATED",
            "PRODUCT",
            id,
            json!({"title": prod["title"]}),
        ));
    }
    for ord in orders.iter().rev().take(40) {
        let id = ord.record["id"].as_str().unwrap_or_default();
        audit.push(entry(
            &mut p,
            ord.created_ms,
            "system",
            "ORDER_PLACED",
            "ORDER",
            id,
            json!({"total": ord.record["total"]}),
        ));
    }
    for conn in &connections {
        let at = Timestamp::parse_rfc3339(conn["created_at"].as_str().unwrap_or_default())
            .map_or(now_ms, Timestamp::as_millis);
        let id = conn["id"].as_str().unwrap_or_default();
        audit.push(entry(
            &mut p,
            at,
            &actor_email,
            "INTEGRATION_CONNECTED",
            "COMMERCE_CONNECTION",
            id,
            json!({"provider": conn["provider"]}),
        ));
    }
    audit.push(entry(
        &mut p,
        year_ago + 86_400_000,
        &actor_email,
        "TENANT_SETTINGS_UPDATED",
        "TENANT_SETTINGS",
        settings["id"].as_str().unwrap_or_default(),
        json!({"costing_method": "WAC"}),
    ));
    audit.push(entry(
        &mut p,
        now_ms - 2 * 86_400_000,
        &actor_email,
        "USER_INVITED",
        "USER",
        members[5]["uid"].as_str().unwrap_or_default(),
        json!({"email": members[5]["email"]}),
    ));
    audit.sort_by_key(|(at, _)| *at);

    let bulk_jobs = ["BULK_IMPORT", "BULK_UPDATE", "BULK_UPDATE", "BULK_DELETE"]
        .iter()
        .enumerate()
        .map(|(i, ty)| {
            let created_ms = now_ms - (40 - i as i64 * 9) * 86_400_000;
            let items: Vec<Value> = products
                .iter()
                .skip(i * 3)
                .take(3)
                .map(|p| match *ty {
                    "BULK_DELETE" => json!(format!("{}", s.r.uuid())),
                    "BULK_UPDATE" => json!({"id": p["id"], "title": p["title"]}),
                    _ => json!({"title": p["title"], "category": p["category"]}),
                })
                .collect();
            BulkJob {
                record: obj(json!({
                    "id": s.r.uuid(), "job_type": ty,
                    "payload": Value::Array(items.clone()).to_string(),
                    "total_items": items.len(), "created_at": iso(created_ms),
                })),
                items,
                created_ms,
                // Seeded jobs finished long ago; their effects are part of the seed.
                applied: true,
                failed: false,
            }
        })
        .collect();

    SynqDb {
        org_id: org_id.to_string(),
        tenant_id: tenant_id.to_string(),
        actor_uid,
        actor_email,
        products,
        variants,
        categories,
        brands,
        attributes,
        attribute_groups,
        templates,
        media,
        bulk_jobs,
        orders,
        ledger,
        channels,
        connections,
        members,
        settings,
        audit: audit.into_iter().map(|(_, r)| r).collect(),
        idempotency: HashMap::new(),
        inbound: Vec::new(),
        rng: Rng::derive(seed, stream::WRITES, 0),
    }
}

/// A variant's price in cents (its `price` is a decimal string).
pub fn price_cents(v: &Record) -> i64 {
    v.get("price")
        .and_then(Value::as_str)
        .and_then(|p| p.parse::<f64>().ok())
        .map_or(0, |p| (p * 100.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synq::orders::allowed;

    #[test]
    fn seed_is_deterministic_and_complete() {
        let now = Timestamp::parse_rfc3339("2026-11-22T15:00:00Z").unwrap();
        let (org, tenant) = default_ids(7);
        assert!(pacer_sdk_core::validate::formats::is_uuid(&org));
        let a = seed(7, now, &org, &tenant);
        let b = seed(7, now, &org, &tenant);
        assert_eq!(a.products, b.products);
        assert_eq!(a.products.len(), PRODUCTS);
        assert_eq!(a.orders.len(), ORDERS);
        assert!(a.variants.len() >= PRODUCTS);
        assert_eq!(a.channels.len(), 3);
        assert_eq!(a.connections.len(), 2);
        for o in &a.orders {
            assert!(o.created_ms >= now.as_millis() - 60 * 86_400_000);
            for w in o.steps.windows(2) {
                assert!(allowed(w[0].0, w[1].0));
                assert!(w[0].1 < w[1].1);
            }
        }
        let statuses: std::collections::BTreeSet<&str> = a
            .orders
            .iter()
            .map(|o| {
                o.steps
                    .iter()
                    .rev()
                    .find(|(_, at)| *at <= now.as_millis())
                    .map_or("pending_payment", |(s, _)| *s)
            })
            .collect();
        assert!(statuses.len() >= 5, "{statuses:?}");
    }
}
