//! pacer: a quota-aware, policy-compliant client for Syncore, Synq and Salync.
//!
//! Every call is paced within every window of the provider's policy at once (per group and
//! method, daily with overage, monthly), lists are paged correctly, writes are validated before
//! any quota is spent and journaled so an unknown outcome is reconciled instead of duplicated,
//! and quota state lives in a ledger that several processes can share.
//!
//! ```no_run
//! use pacer_sdk::{Syncore, JobSearch};
//! let client = Syncore::builder()
//!     .api_key(std::env::var("SYNCORE_API_KEY").unwrap())
//!     .user_agent("AcmeSync/1.0")                 // your registered User-Agent
//!     .ledger("sqlite:///var/lib/acme/pacer.db")  // shared by every process on this host
//!     .build_syncore()?;
//! for job in client.jobs().search(&JobSearch::between("2026-10-01", "2026-10-31"))? {
//!     let job = job?;
//!     println!("{:?} {:?}", job.id, job.status);
//! }
//! # Ok::<(), pacer_sdk::Error>(())
//! ```

pub mod client;
pub mod clock;
pub mod events;
mod facade;
pub mod journal;
pub mod ledger;
pub mod pump;
pub mod resource;
pub mod salync;
pub mod secret;
pub mod stream;
pub mod surface;
pub mod syncore;
pub mod synq;
pub mod transport;
pub mod writes;

pub use client::{Client, ClientBuilder, Interrupt};
pub use clock::{
    Clock, EmulatorClock, LockstepClock, ManualClock, ScaledClock, SystemClock, clock_from_setting,
};
pub use events::{Event, EventSink};
pub use journal::{JournalEntry, WriteState};
pub use pacer_sdk_core::api::{Args, ClientConfig};
pub use pacer_sdk_core::models;
pub use pacer_sdk_core::quota::{Forecast, ForecastOptions, RequestKind, WindowUsage};
pub use pacer_sdk_core::webhooks;
pub use pacer_sdk_core::{
    Error, ErrorInfo, ErrorKind, FieldError, RetryPolicy, Timestamp, WaitPolicy,
};
pub use pump::{Mode, block_on};
pub use resource::{AsyncResource, Query, Records, Resource};
pub use salync::{AsyncSalync, Salync};
pub use secret::ApiKey;
pub use stream::{PageStream, RecordStream};
pub use syncore::{AsyncSyncore, JobSearch, Syncore};
pub use synq::{AsyncSynq, Synq};
pub use transport::{Credential, TokenProvider};
pub use writes::Written;

/// Result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The README's Rust examples, compiled by `cargo test --doc` so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;
