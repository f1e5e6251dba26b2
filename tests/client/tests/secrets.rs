//! The API key appears in no log line, event, error, Debug output or file pacer writes.

mod common;

use common::*;
use pacer_sdk::{ApiKey, JobSearch};

fn assert_clean(what: &str, text: &str, key: &str) {
    assert!(!text.contains(key), "the key leaked into {what}: {text}");
    let head = &key[..12];
    assert!(!text.contains(head), "part of the key leaked into {what}");
}

#[test]
fn the_key_never_leaks() {
    let emu = virtual_emulator(None);
    let key = emu.api_key();
    let dir = tempdir();
    let ledger_path = dir.join("ledger.db");
    let (events, sink) = recorder();
    let builder = builder(&emu)
        .ledger(format!("sqlite://{}", ledger_path.display()))
        .on_event(sink);
    assert_clean("the builder's Debug", &format!("{builder:?}"), &key);
    let c = builder.build_syncore().unwrap();
    assert_clean("the client's Debug", &format!("{c:?}"), &key);
    assert_clean(
        "ApiKey's Debug",
        &format!("{:?}", ApiKey::new(key.clone())),
        &key,
    );

    // Traffic: reads, writes, a reconciled write, an error.
    let job = c
        .jobs()
        .search(&JobSearch::between(
            date_before(&emu, 20),
            date_before(&emu, 0),
        ))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    assert_clean("a record's Debug", &format!("{job:?}"), &key);
    let job_id = job.id.unwrap();
    emu.inject_fault(pacer_sdk_emulator::Fault {
        kind: pacer_sdk_emulator::FaultKind::DropAfterCommit,
        times: 1,
        method: Some("POST".into()),
        path_contains: None,
    });
    let written = c
        .sales_orders(job_id)
        .create(&sales_order("SECRET-1"))
        .unwrap();
    assert_clean("a write result", &format!("{written:?}"), &key);
    let err = c.jobs().get(123).err().unwrap();
    assert_clean("an error's Display", &err.to_string(), &key);
    assert_clean("an error's Debug", &format!("{err:?}"), &key);
    assert_clean(
        "an error as JSON",
        &serde_json::to_string(&err).unwrap(),
        &key,
    );
    let bad_key = builder_with_key(&emu, "11111111-2222-3333-4444-555555555555");
    let unauthorized = bad_key
        .client_groups()
        .list()
        .unwrap()
        .next()
        .unwrap()
        .err()
        .unwrap();
    assert_clean(
        "a 401 error",
        &format!("{unauthorized:?} {unauthorized}"),
        "11111111-2222-3333-4444-555555555555",
    );

    for e in events.lock().unwrap().iter() {
        assert_clean("an event", &format!("{e:?}"), &key);
    }
    assert_clean(
        "the journal",
        &serde_json::to_string(&c.client().writes(&[]).unwrap()).unwrap(),
        &key,
    );
    assert_clean(
        "the emulator's request log",
        &serde_json::to_string(&emu.requests()).unwrap(),
        &key,
    );
    assert_clean(
        "the quota status",
        &format!("{:?}", c.quota_status().unwrap()),
        &key,
    );
    drop(c);
    // Every file the SDK wrote (ledger, journal, WAL) is free of the key.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !bytes.windows(key.len()).any(|w| w == key.as_bytes()),
            "the key is in {}",
            path.display()
        );
    }
}

fn builder_with_key(emu: &pacer_sdk_emulator::Emulator, key: &str) -> pacer_sdk::Syncore {
    builder(emu).api_key(key).build_syncore().unwrap()
}
