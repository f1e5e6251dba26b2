//! The write journal: every create and update is recorded before it is sent, so that an
//! unknown outcome can be reconciled (by looking the record up) instead of blindly repeated.

use std::collections::{HashMap, HashSet};

use pacer_sdk_core::{Error, Timestamp};
use serde::{Deserialize, Serialize};

/// Where a journaled write stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteState {
    /// Recorded; being sent (or the process stopped while sending).
    Pending,
    /// The server confirmed it.
    Done,
    /// Its outcome was unknown; the record was found afterwards, so it did happen.
    Reconciled,
    /// Its outcome is unknown and no lookup has settled it yet.
    Unknown,
    /// A lookup proved it never happened, and it was not sent again.
    NotApplied,
    /// The server refused it (nothing was created).
    Failed,
}

impl WriteState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            WriteState::Pending => "pending",
            WriteState::Done => "done",
            WriteState::Reconciled => "reconciled",
            WriteState::Unknown => "unknown",
            WriteState::NotApplied => "not_applied",
            WriteState::Failed => "failed",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<WriteState> {
        Some(match s {
            "pending" => WriteState::Pending,
            "done" => WriteState::Done,
            "reconciled" => WriteState::Reconciled,
            "unknown" => WriteState::Unknown,
            "not_applied" => WriteState::NotApplied,
            "failed" => WriteState::Failed,
            _ => return None,
        })
    }

    /// Whether the write still needs attention (its outcome is not settled).
    pub fn is_open(self) -> bool {
        matches!(self, WriteState::Pending | WriteState::Unknown)
    }
}

/// One journaled write.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Unique id of the intent.
    pub id: String,
    /// Provider name.
    pub provider: String,
    /// Endpoint name, e.g. `sales_orders.create`.
    pub endpoint: String,
    /// Endpoint plus its path arguments: records created in one scope are compared with
    /// each other when reconciling.
    pub scope: String,
    /// Path, query and body as JSON (the body is the customer data that was sent).
    pub args: serde_json::Value,
    /// State.
    pub state: WriteState,
    /// Times it was sent.
    pub attempts: u32,
    /// Id of the record it created or updated, once known.
    pub result_id: Option<String>,
    /// Why it is in its state.
    pub note: Option<String>,
    /// When it was recorded.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
}

/// Storage of journal entries; implementations are atomic per call.
pub trait Journal: Send {
    /// Records a new intent.
    fn insert(&mut self, entry: &JournalEntry) -> Result<(), Error>;
    /// Changes an entry's state (and result id, note, attempts).
    fn update(&mut self, entry: &JournalEntry) -> Result<(), Error>;
    /// Entries in any of `states` (all when empty), oldest first.
    fn list(&mut self, states: &[WriteState]) -> Result<Vec<JournalEntry>, Error>;
    /// Result ids already claimed by writes in `scope` (so a reconciliation never reuses one).
    fn claimed(&mut self, scope: &str) -> Result<HashSet<String>, Error>;
}

/// A journal in this process's memory (paired with the memory ledger).
#[derive(Debug, Default)]
pub struct MemoryJournal {
    entries: Vec<JournalEntry>,
    index: HashMap<String, usize>,
}

impl Journal for MemoryJournal {
    fn insert(&mut self, entry: &JournalEntry) -> Result<(), Error> {
        self.index.insert(entry.id.clone(), self.entries.len());
        self.entries.push(entry.clone());
        Ok(())
    }

    fn update(&mut self, entry: &JournalEntry) -> Result<(), Error> {
        match self.index.get(&entry.id) {
            Some(&i) => self.entries[i] = entry.clone(),
            None => self.insert(entry)?,
        }
        Ok(())
    }

    fn list(&mut self, states: &[WriteState]) -> Result<Vec<JournalEntry>, Error> {
        Ok(self
            .entries
            .iter()
            .filter(|e| states.is_empty() || states.contains(&e.state))
            .cloned()
            .collect())
    }

    fn claimed(&mut self, scope: &str) -> Result<HashSet<String>, Error> {
        Ok(self
            .entries
            .iter()
            .filter(|e| e.scope == scope)
            .filter_map(|e| e.result_id.clone())
            .collect())
    }
}
