//! The SQLite ledger's files hold quota counters and the write journal (request bodies with
//! names and addresses): created for the owner only, and a damaged file says how to recover.

mod common;

use pacer_sdk::ledger::SqliteLedger;

#[cfg(unix)]
#[test]
fn ledger_files_are_the_owners_only() {
    use std::os::unix::fs::PermissionsExt;
    let root = common::tempdir();
    let path = root.join("fresh/pacer/ledger.db");
    drop(SqliteLedger::open(&path).unwrap());
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600, "the ledger file");
    assert_eq!(
        mode(path.parent().unwrap()),
        0o700,
        "the folder pacer created"
    );
    assert_eq!(
        mode(&root.join("fresh")),
        0o700,
        "every folder pacer created"
    );
}

#[test]
fn a_damaged_ledger_file_says_how_to_recover() {
    let path = common::tempdir().join("ledger.db");
    std::fs::write(
        &path,
        b"this is not a SQLite database, just some bytes to read",
    )
    .unwrap();
    let Err(err) = SqliteLedger::open(&path) else {
        panic!("a damaged file was opened")
    };
    assert_eq!(err.code, "ledger_failed", "{err}");
    assert!(err.message.contains("move it"), "{}", err.message);
    assert!(
        err.message.contains(path.to_str().unwrap()),
        "{}",
        err.message
    );
}

#[test]
fn many_openers_of_one_new_ledger_file_all_get_it() {
    // Seen in CI: 8 workers opening one new file at once, one got "database is locked" while
    // another switched it to WAL.
    for round in 0..10 {
        let path = common::tempdir().join(format!("race-{round}.db"));
        let barrier = std::sync::Barrier::new(8);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    barrier.wait();
                    SqliteLedger::open(&path).unwrap();
                });
            }
        });
    }
}
