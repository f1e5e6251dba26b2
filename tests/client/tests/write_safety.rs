//! Writes are never duplicated and never lost: connections dropped after the server committed,
//! before it did, and 5xx answers, at random, 200 times.

mod common;

use std::collections::HashMap;

use common::*;
use pacer_sdk::models::SalesOrder;
use pacer_sdk::{ErrorKind, WriteState};
use pacer_sdk_emulator::{Fault, FaultKind};

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn some_job(emu: &pacer_sdk_emulator::Emulator, c: &pacer_sdk::Syncore) -> i64 {
    let search = pacer_sdk::JobSearch::between(date_before(emu, 30), date_before(emu, 0));
    c.jobs()
        .search(&search)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .id
        .unwrap()
}

#[test]
fn two_hundred_creates_with_random_faults_zero_duplicates_zero_lost() {
    let emu = virtual_emulator(None);
    let c = builder(&emu)
        .ledger(format!("sqlite://{}/ledger.db", tempdir().display()))
        .build_syncore()
        .unwrap();
    let job = some_job(&emu, &c);
    let mut rng = 2026u64;
    let mut faults: HashMap<&str, u32> = HashMap::new();
    let mut reconciled = 0;
    for i in 0..200 {
        let kind = match splitmix(&mut rng) % 6 {
            0 => Some(("drop_after_commit", FaultKind::DropAfterCommit)),
            1 => Some(("drop_before_commit", FaultKind::DropBeforeCommit)),
            2 => Some(("status_500", FaultKind::Status(500))),
            3 => Some(("status_503", FaultKind::Status(503))),
            _ => None,
        };
        if let Some((name, kind)) = kind {
            *faults.entry(name).or_default() += 1;
            emu.inject_fault(Fault {
                kind,
                times: 1,
                method: Some("POST".into()),
                path_contains: Some("/salesorders".into()),
            });
        }
        let written = c
            .sales_orders(job)
            .create(&sales_order(&format!("FAULT-{i:03}")))
            .unwrap_or_else(|e| panic!("create {i} lost: {e}"));
        reconciled += usize::from(written.reconciled);
        assert!(written.id.is_some());
    }
    assert!(
        faults.values().all(|n| *n >= 20),
        "every fault kind was exercised: {faults:?}"
    );
    assert!(
        reconciled >= faults["drop_after_commit"] as usize,
        "committed-then-dropped creates were found, not resent"
    );
    let orders: Vec<SalesOrder> = c
        .sales_orders(job)
        .list()
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut per_number: HashMap<String, usize> = HashMap::new();
    for so in &orders {
        if let Some(n) = so
            .customer_order_number
            .as_deref()
            .filter(|n| n.starts_with("FAULT-"))
        {
            *per_number.entry(n.to_string()).or_default() += 1;
        }
    }
    assert_eq!(per_number.len(), 200, "0 lost");
    assert!(
        per_number.values().all(|n| *n == 1),
        "0 duplicates: {:?}",
        per_number
            .iter()
            .filter(|(_, n)| **n > 1)
            .collect::<Vec<_>>()
    );
    let journal = c.client().writes(&[]).unwrap();
    assert_eq!(journal.len(), 200);
    assert!(
        journal
            .iter()
            .all(|e| matches!(e.state, WriteState::Done | WriteState::Reconciled))
    );
    assert!(c.pending_writes().unwrap().is_empty());
}

#[test]
fn an_update_whose_connection_drops_is_safely_repeated() {
    let emu = virtual_emulator(None);
    let c = client(&emu);
    let job = some_job(&emu, &c);
    let so = c
        .sales_orders(job)
        .create(&sales_order("PUT-1"))
        .unwrap()
        .id
        .unwrap()
        .to_string()
        .parse::<i64>()
        .unwrap();
    emu.inject_fault(Fault {
        kind: FaultKind::DropAfterCommit,
        times: 1,
        method: Some("PUT".into()),
        path_contains: None,
    });
    let written = c
        .sales_orders(job)
        .update(so, &sales_order("PUT-2"))
        .unwrap();
    assert_eq!(written.id.unwrap().to_string(), so.to_string());
    let puts = emu.requests().iter().filter(|r| r.method == "PUT").count();
    assert_eq!(
        puts, 2,
        "the PUT was repeated (replace semantics make that safe)"
    );
    assert_eq!(
        c.sales_orders(job)
            .get(so)
            .unwrap()
            .customer_order_number
            .as_deref(),
        Some("PUT-2")
    );
}

#[test]
fn an_unsettled_write_is_kept_pending_and_reconciled_later() {
    let emu = virtual_emulator(None);
    let dir = tempdir();
    let ledger = format!("sqlite://{}/ledger.db", dir.display());
    let c = builder(&emu)
        .ledger(ledger.clone())
        .build_syncore()
        .unwrap();
    let job = some_job(&emu, &c);
    // The create commits and its connection drops; then the lookup fails too.
    emu.inject_fault(Fault {
        kind: FaultKind::DropAfterCommit,
        times: 1,
        method: Some("POST".into()),
        path_contains: None,
    });
    emu.inject_fault(Fault {
        kind: FaultKind::Status(500),
        times: 50,
        method: Some("GET".into()),
        path_contains: Some("/salesorders".into()),
    });
    let err = c
        .sales_orders(job)
        .create(&sales_order("LATER-1"))
        .err()
        .unwrap();
    assert_eq!(err.code, "write_outcome_unknown");
    assert!(err.message.contains("reconcile_pending"), "{}", err.message);
    let pending = c.pending_writes().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].state, WriteState::Unknown);
    emu.clear_faults();
    // A new process (a new client on the same ledger file) settles it without resending.
    let later = builder(&emu).ledger(ledger).build_syncore().unwrap();
    let settled = later.reconcile_pending(false).unwrap();
    assert_eq!(settled[0].state, WriteState::Reconciled);
    assert!(settled[0].result_id.is_some());
    let copies = later
        .sales_orders(job)
        .list()
        .unwrap()
        .map(Result::unwrap)
        .filter(|s| s.customer_order_number.as_deref() == Some("LATER-1"))
        .count();
    assert_eq!(copies, 1);
    assert_eq!(
        emu.requests().iter().filter(|r| r.method == "POST").count(),
        1
    );
}

#[test]
fn refused_writes_are_failed_not_pending() {
    let emu = virtual_emulator(None);
    let c = client(&emu);
    let err = c
        .sales_orders(99_999_999)
        .create(&sales_order("NOPE"))
        .err()
        .unwrap();
    assert_eq!((err.kind, err.status), (ErrorKind::Api, Some(404)));
    let entries = c.client().writes(&[]).unwrap();
    assert_eq!(entries[0].state, WriteState::Failed);
    assert!(c.pending_writes().unwrap().is_empty());
}
