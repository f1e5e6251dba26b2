//! Deterministic seeded data: the same seed and start instant give byte-identical responses.

pub mod jobs;
pub mod names;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration as ChronoDuration, NaiveTime};
use pacer_sdk_core::Timestamp;
use serde_json::{Value, json};

use crate::record::{Record, obj, slug};
use crate::rng::Rng;
use crate::syncore::store::{Db, IdBases, Recipe, World};
use crate::syncore::values::{fmt_date, fmt_datetime, reference};
use crate::zone::{DayZone, months_back};
use names::*;

/// Random streams, so adding a field to one kind of record never reshuffles another.
mod stream {
    /// Contacts.
    pub const CONTACTS: u64 = 1;
    /// Job creation instants.
    pub const JOB_TIMES: u64 = 2;
    /// Per-job recipes.
    pub const JOBS: u64 = 3;
    /// The default API key.
    pub const KEY: u64 = 4;
    /// Supplier contacts and addresses.
    pub const SUPPLIERS: u64 = 5;
}

/// First job number.
pub const FIRST_JOB: i64 = 30001;
/// First contact id.
pub const FIRST_CONTACT: i64 = 1001;
/// Number of seeded contacts.
pub const CONTACTS: usize = 400;
/// First ids of orders, lines and payments.
pub const FIRST_IDS: IdBases = IdBases {
    so: 40001,
    po: 60001,
    line: 183_000_001,
    payment: 90001,
};

/// A UUID-shaped API key derived from the seed.
pub fn api_key(seed: u64) -> String {
    Rng::derive(seed, stream::KEY, 0).uuid()
}

fn phone(r: &mut Rng) -> String {
    const AREAS: &[u32] = &[614, 317, 615, 919, 804, 608, 208, 518, 717, 813, 512, 303];
    format!("({}) 555-{:04}", r.pick(AREAS), r.range(100, 199))
}

/// A read-shape address (what GETs return).
pub fn address(r: &mut Rng, business: &str, name: &str) -> Value {
    let (city, state, zip, country) = if r.chance(4) {
        let (c, s, z) = *r.pick(CA_CITIES);
        (c, s, z.to_string(), "Canada")
    } else {
        let (c, s, z) = *r.pick(US_CITIES);
        (c, s, format!("{z}{:02}", r.range(1, 99)), "United States")
    };
    json!({
        "business_name": business,
        "name": name,
        "address1": format!("{} {}", r.range(100, 9899), r.pick(STREETS)),
        "address2": if r.chance(25) { format!("Suite {}", r.range(100, 450)) } else { String::new() },
        "city": city,
        "state": state,
        "zip": zip,
        "country": country,
    })
}

fn build_world(seed: u64, zone: DayZone, now: Timestamp) -> World {
    let client_groups: Vec<Record> = CLIENT_GROUPS
        .iter()
        .enumerate()
        .map(|(i, n)| obj(reference(i as i64 + 1, n)))
        .collect();
    // Every other client group runs a company store (store/program jobs and contacts).
    let stores: Vec<Record> = CLIENT_GROUPS
        .iter()
        .step_by(2)
        .enumerate()
        .map(|(i, g)| {
            let mut s = obj(reference(i as i64 + 1, &format!("{g} Company Store")));
            s.insert("client_group_id".into(), json!(i as i64 * 2 + 1));
            s
        })
        .collect();
    let mut sr = Rng::derive(seed, stream::SUPPLIERS, 0);
    let suppliers: Vec<Record> = SUPPLIERS
        .iter()
        .enumerate()
        .map(|(i, (name, ty, class))| {
            let asi = 30_000 + (i as i64 * 2_713) % 70_000;
            // Some records carry the ASI number as text (the API is inconsistent).
            let asi_id = if i % 5 == 3 {
                json!(asi.to_string())
            } else {
                json!(asi)
            };
            let contact = format!("{} {}", sr.pick(FIRST_NAMES), sr.pick(LAST_NAMES));
            let mut addr = address(&mut sr, name, &contact);
            addr["country"] = json!("United States");
            obj(json!({
                "id": i as i64 + 1,
                "name": name,
                "type": ty,
                "class": class,
                "asi_id": asi_id,
                "email": format!("orders@{}.example", slug(name)),
                "phone": phone(&mut sr),
                "address": addr,
            }))
        })
        .collect();
    let named = |list: &[&str]| -> Vec<Record> {
        list.iter()
            .enumerate()
            .map(|(i, n)| obj(reference(i as i64 + 1, n)))
            .collect()
    };
    let payment_terms = PAYMENT_TERMS
        .iter()
        .enumerate()
        .map(|(i, (n, d))| obj(json!({"id": i as i64 + 1, "name": n, "days": d})))
        .collect();
    let commission_codes = COMMISSION_CODES
        .iter()
        .enumerate()
        .map(|(i, (n, c, t))| obj(json!({"id": i as i64 + 1, "name": n, "code": c, "type": t})))
        .collect();
    let mut world = World {
        zone,
        seeded_now: now,
        client_groups,
        stores,
        suppliers,
        product_indices: named(PRODUCT_INDICES),
        payment_terms,
        commission_codes,
        card_types: named(CARD_TYPES),
        payment_types: named(PAYMENT_TYPES),
        adjustment_types: named(ADJUSTMENT_TYPES),
        contacts: BTreeMap::new(),
    };
    build_contacts(&mut world, seed);
    world
}

fn build_contacts(world: &mut World, seed: u64) {
    let mut r = Rng::derive(seed, stream::CONTACTS, 0);
    let today = world.zone.date(world.seeded_now);
    let mut emails = BTreeSet::new();
    for i in 0..CONTACTS {
        let id = FIRST_CONTACT + i as i64;
        let group_index = r.below(CLIENT_GROUPS.len() as u64) as usize;
        let group = CLIENT_GROUPS[group_index];
        let store = world
            .stores
            .iter()
            .find(|s| s.get("client_group_id") == Some(&json!(group_index as i64 + 1)))
            .cloned();
        let (first, last) = (*r.pick(FIRST_NAMES), *r.pick(LAST_NAMES));
        let name = format!("{first} {last}");
        let business = if r.chance(75) {
            group.to_string()
        } else {
            format!("{} {}", r.pick(ORG_PREFIXES), r.pick(ORG_SUFFIXES))
        };
        let domain = slug(
            group
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
                .as_str(),
        );
        let mut email = format!(
            "{}.{}@{domain}.example",
            first.to_lowercase(),
            last.to_lowercase()
        );
        let mut n = 2;
        while !emails.insert(email.clone()) {
            email = format!(
                "{}.{}{n}@{domain}.example",
                first.to_lowercase(),
                last.to_lowercase()
            );
            n += 1;
        }
        let is_store = store.is_some() && r.chance(35);
        let billing = address(&mut r, &business, &name);
        let shipping = if r.chance(60) {
            billing.clone()
        } else {
            address(&mut r, &business, &name)
        };
        let created = today - ChronoDuration::days(r.range(20, 1100));
        let modified = (created + ChronoDuration::days(r.range(0, 15)))
            .and_time(NaiveTime::from_hms_opt(9, 0, 0).expect("time"))
            + ChronoDuration::minutes(r.range(0, 8 * 60));
        let term = r.below(world.payment_terms.len() as u64) as usize;
        let contact = json!({
            "id": id,
            "business_name": business,
            "first_name": first,
            "last_name": last,
            "name": name,
            "email": email,
            "phone": phone(&mut r),
            "type": if r.chance(80) { "Client" } else { "Prospect" },
            "contact_kind": if is_store { "Store/Program" } else { "Dropship" },
            "client_group": world.client_groups[group_index],
            "store": if is_store { json!(store.as_ref().map(|s| reference(
                s["id"].as_i64().unwrap_or_default(), s["name"].as_str().unwrap_or_default()))) } else { Value::Null },
            "payment_term": reference(term as i64 + 1, world.payment_terms[term]["name"].as_str().unwrap_or_default()),
            "billing_address": billing,
            "shipping_address": shipping,
            "created_date": fmt_date(created),
            "last_modified_date": fmt_datetime(modified),
        });
        world.contacts.insert(id, obj(contact));
    }
}

/// Generates the whole data set: lookups, contacts and `jobs` jobs spread over the 14 months
/// before `now` (job numbers ascending with their creation instant).
pub fn seed_db(seed: u64, jobs: usize, now: Timestamp, zone: DayZone) -> Db {
    let world = build_world(seed, zone, now);
    let clients: Vec<i64> = world
        .contacts
        .iter()
        .filter(|(_, c)| c.get("type") == Some(&json!("Client")))
        .map(|(id, _)| *id)
        .collect();
    let today = zone.date(now);
    let first_day = months_back(today, 14);
    let days = (today - first_day).num_days().max(1);
    let mut tr = Rng::derive(seed, stream::JOB_TIMES, 0);
    let mut times: Vec<i64> = (0..jobs)
        .map(|_| {
            let day = first_day + ChronoDuration::days(tr.range(0, days));
            // Jobs are entered in business hours, local time.
            let local = day.and_time(NaiveTime::from_hms_opt(8, 0, 0).expect("time"))
                + ChronoDuration::seconds(tr.range(0, 10 * 3600 - 1));
            zone.instant(local)
                .as_millis()
                .min(now.as_millis() - 60_000)
        })
        .collect();
    times.sort_unstable();
    let next_job = FIRST_JOB + jobs as i64;
    let mut db = Db::new(world, FIRST_IDS, next_job, FIRST_CONTACT + CONTACTS as i64);
    let mut next = FIRST_IDS;
    for (i, created_ms) in times.into_iter().enumerate() {
        let id = FIRST_JOB + i as i64;
        let mut jr = Rng::derive(seed, stream::JOBS, i as u64);
        let client_id = *jr.pick(&clients);
        let recipe = Recipe {
            rng_seed: jr.next_u64(),
            created_ms,
            client_id,
            bases: next,
        };
        // Only the header is kept; the job is regenerated from its recipe when read.
        let generated = jobs::generate_job(&db.world, id, &recipe, true);
        next = generated.next;
        db.add_seeded(id, recipe, generated.header);
    }
    db.next = next;
    db
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_uuid_shaped_and_seeded() {
        let k = api_key(7);
        assert!(pacer_sdk_core::validate::formats::is_uuid(&k), "{k}");
        assert_eq!(k, api_key(7));
        assert_ne!(k, api_key(8));
    }
}
#[cfg(test)]
mod timing {
    use super::*;

    #[test]
    fn dry_headers_match_full_jobs_and_seeding_is_quick() {
        let z = DayZone::parse("America/New_York").unwrap();
        let now = Timestamp::parse_rfc3339("2026-11-22T15:00:00.250Z").unwrap();
        let t = std::time::Instant::now();
        let db = seed_db(7, 3000, now, z);
        eprintln!("seeding 3000 jobs: {:?}", t.elapsed());
        for (id, h) in db.headers().step_by(7) {
            let data = db.job(id).unwrap();
            assert_eq!(
                &crate::syncore::store::header_of(&data, h.created_on, &z),
                h,
                "job {id}"
            );
        }
    }
}
