//! Ledgers by URL: `memory` (one process), `sqlite:///path/ledger.db` (several processes on one
//! host; the default), `redis://host:6379` (several hosts).

pub mod redis;
pub(crate) mod shared;
pub mod sqlite;

use std::path::PathBuf;

use pacer_sdk_core::Error;
use pacer_sdk_core::quota::{Ledger, MemoryLedger};

use crate::journal::{Journal, MemoryJournal};
pub use redis::{RedisJournal, RedisLedger};
pub use sqlite::{SqliteJournal, SqliteLedger};

/// A ledger with the journal that lives beside it.
pub struct Store {
    /// Quota state.
    pub ledger: Box<dyn Ledger>,
    /// Write journal.
    pub journal: Box<dyn Journal>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({})", self.ledger.describe())
    }
}

/// Where a ledger lives, parsed from its URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LedgerLocation {
    /// In this process only.
    Memory,
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A Redis server (`redis://host:port/db?prefix=…&time=server|caller`).
    Redis(String),
}

impl LedgerLocation {
    /// Parses `memory`, `sqlite:///abs/path.db`, `sqlite://relative.db` or `sqlite:path.db`.
    pub fn parse(url: &str) -> Result<LedgerLocation, Error> {
        let url = url.trim();
        if url.eq_ignore_ascii_case("memory") || url == "memory://" {
            return Ok(LedgerLocation::Memory);
        }
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err(Error::config(
                    "invalid_ledger",
                    "sqlite ledger URL needs a path: sqlite:///path/ledger.db",
                ));
            }
            return Ok(LedgerLocation::Sqlite(expand_home(path)));
        }
        if url.starts_with("redis://") || url.starts_with("rediss://") {
            return Ok(LedgerLocation::Redis(url.to_string()));
        }
        Err(Error::config(
            "invalid_ledger",
            format!(
                "unknown ledger {url:?}: use memory, sqlite:///path/ledger.db or redis://host:6379"
            ),
        ))
    }
}

fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// The default ledger: a SQLite file in the user's data directory, shared by every pacer
/// process of this user on this host.
pub fn default_ledger_url() -> String {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    format!("sqlite://{}", base.join("pacer/ledger.db").display())
}

/// Opens the ledger and journal at `url`.
pub fn open_store(url: &str) -> Result<Store, Error> {
    match LedgerLocation::parse(url)? {
        LedgerLocation::Memory => Ok(Store {
            ledger: Box::new(MemoryLedger::new()),
            journal: Box::new(MemoryJournal::default()),
        }),
        LedgerLocation::Redis(url) => Ok(Store {
            ledger: Box::new(RedisLedger::open(&url)?),
            journal: Box::new(RedisJournal::open(&url)?),
        }),
        LedgerLocation::Sqlite(path) => Ok(Store {
            ledger: Box::new(SqliteLedger::open(&path)?),
            journal: Box::new(SqliteJournal::open(&path)?),
        }),
    }
}

/// Opens the ledger and journal at `url` as the pumps reach them (see `shared`). With
/// `serialized`, the ledger is reached the old way (one lock across every round trip), for the
/// benchmark to measure against.
pub(crate) fn open_shared(
    url: &str,
    serialized: bool,
) -> Result<(shared::SharedLedger, shared::SharedJournal), Error> {
    use shared::{SharedJournal, SharedLedger};
    let location = LedgerLocation::parse(url)?;
    if serialized {
        let store = open_store(url)?;
        return Ok((
            SharedLedger::serialized(store.ledger),
            SharedJournal::exclusive(store.journal),
        ));
    }
    Ok(match location {
        LedgerLocation::Memory => (
            SharedLedger::memory(Box::new(MemoryLedger::new())),
            SharedJournal::memory(Box::new(MemoryJournal::default())),
        ),
        LedgerLocation::Sqlite(path) => (
            SharedLedger::one_writer(Box::new(SqliteLedger::open(&path)?)),
            SharedJournal::one_writer(Box::new(SqliteJournal::open(&path)?)),
        ),
        LedgerLocation::Redis(url) => {
            let (u1, u2) = (url.clone(), url.clone());
            (
                SharedLedger::redis(
                    Box::new(RedisLedger::open(&url)?),
                    Box::new(move || Ok(Box::new(RedisLedger::open(&u1)?) as Box<dyn Ledger>)),
                    redis::AsyncReserver::open(&url)?,
                ),
                SharedJournal::pooled(
                    Box::new(RedisJournal::open(&url)?),
                    Box::new(move || Ok(Box::new(RedisJournal::open(&u2)?) as Box<dyn Journal>)),
                ),
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            LedgerLocation::parse("memory").unwrap(),
            LedgerLocation::Memory
        );
        assert_eq!(
            LedgerLocation::parse("sqlite:///tmp/x.db").unwrap(),
            LedgerLocation::Sqlite("/tmp/x.db".into())
        );
        assert_eq!(
            LedgerLocation::parse("sqlite://rel.db").unwrap(),
            LedgerLocation::Sqlite("rel.db".into())
        );
        assert_eq!(
            LedgerLocation::parse("sqlite:rel.db").unwrap(),
            LedgerLocation::Sqlite("rel.db".into())
        );
        assert_eq!(
            LedgerLocation::parse("redis://localhost").unwrap(),
            LedgerLocation::Redis("redis://localhost".into())
        );
        assert_eq!(
            LedgerLocation::parse("postgres://x").unwrap_err().code,
            "invalid_ledger"
        );
        assert!(default_ledger_url().starts_with("sqlite://"));
    }
}
