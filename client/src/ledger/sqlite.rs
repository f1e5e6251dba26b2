//! The SQLite ledger: quota state (and the write journal) in one file that several processes on
//! one host share. Each engine call runs in one `BEGIN IMMEDIATE` transaction, so a reservation
//! is atomic across every window and every process; WAL mode keeps readers from blocking.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use pacer_sdk_core::quota::engine;
use pacer_sdk_core::quota::{
    Correction, Decision, Ledger, LedgerExport, MeterPlan, MeterStore, Reservation, WindowUsage,
};
use pacer_sdk_core::{Error, Timestamp};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::journal::{Journal, JournalEntry, WriteState};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS pacer_log (
    key TEXT NOT NULL, ts INTEGER NOT NULL, id INTEGER NOT NULL, keep_until INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS pacer_log_key_ts ON pacer_log (key, ts);
CREATE TABLE IF NOT EXISTS pacer_count (
    key TEXT NOT NULL, period_start INTEGER NOT NULL, n INTEGER NOT NULL, keep_until INTEGER NOT NULL,
    PRIMARY KEY (key, period_start));
CREATE TABLE IF NOT EXISTS pacer_block (key TEXT PRIMARY KEY, until INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pacer_journal (
    id TEXT PRIMARY KEY, provider TEXT NOT NULL, endpoint TEXT NOT NULL, scope TEXT NOT NULL,
    args TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, result_id TEXT,
    note TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS pacer_journal_state ON pacer_journal (state);
CREATE INDEX IF NOT EXISTS pacer_journal_scope ON pacer_journal (scope);
";

fn db_error(path: &Path, e: rusqlite::Error) -> Error {
    let corrupt = matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    );
    let advice = if corrupt {
        format!(
            "; the file is damaged: move it (and any {0}-wal, {0}-shm) aside and pacer starts a fresh one. It holds quota counters (rebuilt as calls are made; the server's own count is unaffected) and the write journal: before moving it, check for writes of unknown outcome with `pacer writes` from a backup copy, or expect to check the provider for them by hand",
            path.display()
        )
    } else {
        String::new()
    };
    Error::transport(
        "ledger_failed",
        format!("ledger {}: {e}{advice}", path.display()),
    )
}

fn open(path: &Path) -> Result<Connection, Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Folders pacer creates are the owner's only: the journal holds request bodies
        // (names, addresses) of writes.
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(|e| {
            Error::config(
                "ledger_path",
                format!("cannot create {}: {e}", dir.display()),
            )
        })?;
    }
    // Created readable by the owner only; SQLite gives its -wal and -shm files the same mode.
    let mut create = std::fs::OpenOptions::new();
    create.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut create, 0o600);
    create.open(path).map_err(|e| {
        Error::config(
            "ledger_path",
            format!("cannot create {}: {e}", path.display()),
        )
    })?;
    // Switching a new file to WAL takes a lock that SQLite's busy handler does not wait for:
    // processes opening one new ledger at the same moment get "database is locked" and try
    // again, for as long as the busy timeout would have waited.
    let started = std::time::Instant::now();
    loop {
        match configure(path) {
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(5 + rand::random::<u64>() % 20));
            }
            result => return result.map_err(|e| db_error(path, e)),
        }
    }
}

/// How long a ledger operation waits for another process's lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

fn configure(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

/// Quota state in a SQLite file.
pub struct SqliteLedger {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteLedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SqliteLedger({})", self.path.display())
    }
}

impl SqliteLedger {
    /// Opens (creating when needed) the ledger at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteLedger, Error> {
        let path = path.as_ref().to_path_buf();
        Ok(SqliteLedger {
            conn: open(&path)?,
            path,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` over the store inside one immediate (write-locking) transaction.
    fn with_store<R>(
        &mut self,
        f: impl FnOnce(&mut TxStore<'_>) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| db_error(&path, e))?;
        let result = {
            let mut store = TxStore {
                tx: &tx,
                path: &path,
            };
            f(&mut store)?
        };
        tx.commit().map_err(|e| db_error(&path, e))?;
        Ok(result)
    }
}

struct TxStore<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    path: &'a Path,
}

impl TxStore<'_> {
    fn err(&self, e: rusqlite::Error) -> Error {
        db_error(self.path, e)
    }
}

impl MeterStore for TxStore<'_> {
    fn log_since(
        &mut self,
        key: &str,
        since: Timestamp,
        newest: u64,
    ) -> pacer_sdk_core::Result<Vec<Timestamp>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT ts FROM pacer_log WHERE key = ?1 AND ts >= ?2 ORDER BY ts DESC LIMIT ?3",
            )
            .map_err(|e| self.err(e))?;
        let limit = i64::try_from(newest).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(params![key, since.as_millis(), limit], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|e| self.err(e))?;
        let mut out = rows
            .map(|r| {
                r.map(Timestamp::from_millis)
                    .map_err(|e| db_error(self.path, e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        out.reverse();
        Ok(out)
    }

    fn count(&mut self, key: &str, period_start: Timestamp) -> pacer_sdk_core::Result<u64> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT n FROM pacer_count WHERE key = ?1 AND period_start = ?2")
            .map_err(|e| self.err(e))?;
        let n: Option<i64> = stmt
            .query_row(params![key, period_start.as_millis()], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(n.unwrap_or(0).max(0) as u64)
    }

    fn blocked_until(&mut self, key: &str) -> pacer_sdk_core::Result<Option<Timestamp>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT until FROM pacer_block WHERE key = ?1")
            .map_err(|e| self.err(e))?;
        let t: Option<i64> = stmt
            .query_row(params![key], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(t.map(Timestamp::from_millis))
    }

    fn push(
        &mut self,
        key: &str,
        at: Timestamp,
        id: u64,
        keep_until: Timestamp,
    ) -> pacer_sdk_core::Result<()> {
        // Entries of one key share one window length (keep_until - ts), so "expired" is a
        // range of the (key, ts) index: older than one window before now.
        let window = keep_until.as_millis() - at.as_millis();
        self.tx
            .prepare_cached("DELETE FROM pacer_log WHERE key = ?1 AND ts < ?2")
            .and_then(|mut s| s.execute(params![key, at.as_millis() - window]))
            .map_err(|e| self.err(e))?;
        self.tx
            .prepare_cached(
                "INSERT INTO pacer_log (key, ts, id, keep_until) VALUES (?1, ?2, ?3, ?4)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    key,
                    at.as_millis(),
                    id as i64,
                    keep_until.as_millis()
                ])
            })
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn remove(&mut self, key: &str, id: u64) -> pacer_sdk_core::Result<()> {
        self.tx
            .prepare_cached("DELETE FROM pacer_log WHERE key = ?1 AND id = ?2")
            .and_then(|mut s| s.execute(params![key, id as i64]))
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn add(
        &mut self,
        key: &str,
        period_start: Timestamp,
        delta: i64,
        keep_until: Timestamp,
    ) -> pacer_sdk_core::Result<()> {
        let updated = self
            .tx
            .prepare_cached(
                "UPDATE pacer_count SET n = MAX(n + ?3, 0), keep_until = MAX(keep_until, ?4)
                 WHERE key = ?1 AND period_start = ?2",
            )
            .and_then(|mut s| {
                s.execute(params![
                    key,
                    period_start.as_millis(),
                    delta,
                    keep_until.as_millis()
                ])
            })
            .map_err(|e| self.err(e))?;
        if updated == 0 && delta > 0 {
            // The first count of a new period: older counters of this key are now useless
            // (beyond late refunds, which find nothing to decrement and are harmless).
            self.tx
                .prepare_cached("DELETE FROM pacer_count WHERE key = ?1 AND keep_until < ?2")
                .and_then(|mut s| s.execute(params![key, period_start.as_millis()]))
                .map_err(|e| self.err(e))?;
            self.tx
                .prepare_cached("INSERT INTO pacer_count (key, period_start, n, keep_until) VALUES (?1, ?2, ?3, ?4)")
                .and_then(|mut s| s.execute(params![key, period_start.as_millis(), delta, keep_until.as_millis()]))
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    fn block(&mut self, key: &str, until: Timestamp) -> pacer_sdk_core::Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO pacer_block (key, until) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET until = MAX(until, ?2)",
            )
            .and_then(|mut s| s.execute(params![key, until.as_millis()]))
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn next_id(&mut self) -> pacer_sdk_core::Result<u64> {
        // Random ids need no shared counter row (which every process would contend on).
        Ok((rand::random::<u64>() >> 1).max(1))
    }
}

impl Ledger for SqliteLedger {
    fn reserve(&mut self, plan: &MeterPlan, now: Timestamp) -> pacer_sdk_core::Result<Decision> {
        self.with_store(|s| engine::try_reserve(s, plan, now))
    }

    fn refund(&mut self, reservation: &Reservation) -> pacer_sdk_core::Result<()> {
        self.with_store(|s| engine::refund(s, reservation))
    }

    fn correct(
        &mut self,
        plan: &MeterPlan,
        correction: &Correction,
        now: Timestamp,
    ) -> pacer_sdk_core::Result<()> {
        self.with_store(|s| engine::correct(s, plan, correction, now))
    }

    fn usage(
        &mut self,
        plan: &MeterPlan,
        now: Timestamp,
    ) -> pacer_sdk_core::Result<Vec<WindowUsage>> {
        self.with_store(|s| engine::usage(s, plan, now))
    }

    fn export(
        &mut self,
        plans: &[MeterPlan],
        now: Timestamp,
    ) -> pacer_sdk_core::Result<LedgerExport> {
        self.with_store(|s| LedgerExport::read_from(s, plans, now))
    }

    fn describe(&self) -> String {
        format!("sqlite:{}", self.path.display())
    }

    fn unblock(&mut self, plan: &MeterPlan) -> pacer_sdk_core::Result<usize> {
        self.with_store(|s| {
            let mut cleared = 0;
            for m in &plan.meters {
                cleared +=
                    s.tx.prepare_cached("DELETE FROM pacer_block WHERE key = ?1")
                        .and_then(|mut st| st.execute(params![m.key]))
                        .map_err(|e| s.err(e))?;
            }
            Ok(cleared)
        })
    }
}

/// The write journal in the ledger's SQLite file.
pub struct SqliteJournal {
    conn: Connection,
    path: PathBuf,
}

impl SqliteJournal {
    /// Opens the journal tables of the ledger file at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteJournal, Error> {
        let path = path.as_ref().to_path_buf();
        Ok(SqliteJournal {
            conn: open(&path)?,
            path,
        })
    }

    fn err(&self, e: rusqlite::Error) -> Error {
        db_error(&self.path, e)
    }
}

fn row_to_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<JournalEntry> {
    let args: String = r.get(4)?;
    let state: String = r.get(5)?;
    Ok(JournalEntry {
        id: r.get(0)?,
        provider: r.get(1)?,
        endpoint: r.get(2)?,
        scope: r.get(3)?,
        args: serde_json::from_str(&args).unwrap_or(serde_json::Value::Null),
        state: WriteState::parse(&state).unwrap_or(WriteState::Unknown),
        attempts: r.get::<_, i64>(6)? as u32,
        result_id: r.get(7)?,
        note: r.get(8)?,
        created_at: Timestamp::from_millis(r.get(9)?),
        updated_at: Timestamp::from_millis(r.get(10)?),
    })
}

const COLUMNS: &str =
    "id, provider, endpoint, scope, args, state, attempts, result_id, note, created_at, updated_at";

impl Journal for SqliteJournal {
    fn insert(&mut self, e: &JournalEntry) -> Result<(), Error> {
        self.conn
            .execute(
                &format!("INSERT INTO pacer_journal ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
                params![
                    e.id,
                    e.provider,
                    e.endpoint,
                    e.scope,
                    e.args.to_string(),
                    e.state.as_str(),
                    e.attempts as i64,
                    e.result_id,
                    e.note,
                    e.created_at.as_millis(),
                    e.updated_at.as_millis()
                ],
            )
            .map_err(|x| self.err(x))?;
        Ok(())
    }

    fn update(&mut self, e: &JournalEntry) -> Result<(), Error> {
        self.conn
            .execute(
                "UPDATE pacer_journal SET state = ?2, attempts = ?3, result_id = ?4, note = ?5, updated_at = ?6 WHERE id = ?1",
                params![e.id, e.state.as_str(), e.attempts as i64, e.result_id, e.note, e.updated_at.as_millis()],
            )
            .map_err(|x| self.err(x))?;
        Ok(())
    }

    fn list(&mut self, states: &[WriteState]) -> Result<Vec<JournalEntry>, Error> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {COLUMNS} FROM pacer_journal ORDER BY created_at, rowid"
            ))
            .map_err(|x| self.err(x))?;
        let rows = stmt
            .query_map([], row_to_entry)
            .map_err(|x| db_error(&self.path, x))?;
        let mut out = Vec::new();
        for r in rows {
            let e = r.map_err(|x| db_error(&self.path, x))?;
            if states.is_empty() || states.contains(&e.state) {
                out.push(e);
            }
        }
        Ok(out)
    }

    fn claimed(&mut self, scope: &str) -> Result<HashSet<String>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT result_id FROM pacer_journal WHERE scope = ?1 AND result_id IS NOT NULL",
            )
            .map_err(|x| self.err(x))?;
        let rows = stmt
            .query_map(params![scope], |r| r.get::<_, String>(0))
            .map_err(|x| db_error(&self.path, x))?;
        rows.map(|r| r.map_err(|x| db_error(&self.path, x)))
            .collect()
    }
}
