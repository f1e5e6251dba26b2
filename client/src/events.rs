//! What the driver reports while it works: for progress bars, logs and tests. Events carry URLs
//! and statuses, never headers, so they cannot leak the key.

use std::sync::Arc;
use std::time::Duration;

use pacer_sdk_core::Timestamp;

/// Something the driver did.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A request is about to be sent.
    Sending {
        /// Endpoint name.
        endpoint: String,
        /// HTTP method.
        method: String,
        /// URL (with query, without credentials).
        url: String,
        /// 1 for the first attempt.
        attempt: u32,
    },
    /// A response arrived.
    Received {
        /// Endpoint name.
        endpoint: String,
        /// HTTP status.
        status: u16,
        /// Time from send to response.
        elapsed: Duration,
    },
    /// The transport failed.
    TransportFailed {
        /// Endpoint name.
        endpoint: String,
        /// What happened.
        message: String,
        /// Whether the request provably never reached the server.
        not_sent: bool,
    },
    /// The driver is waiting (for quota or a backoff).
    Waiting {
        /// Endpoint name.
        endpoint: String,
        /// Until when.
        until: Timestamp,
        /// Why, in words.
        cause: String,
    },
    /// A 429's `Retry-After` asked for longer than the policy can justify; the block was
    /// capped at the longest window of the request (or its next calendar reset).
    BlockCapped {
        /// Endpoint name.
        endpoint: String,
        /// What the server asked for.
        asked: Timestamp,
        /// Where the block was capped.
        until: Timestamp,
    },
    /// A write's outcome was unknown and the journal reconciled it.
    Reconciled {
        /// Endpoint name.
        endpoint: String,
        /// Journal id.
        journal_id: String,
        /// The record found, when it was found.
        record_id: Option<String>,
        /// Whether the write was sent again because the lookup proved it had not happened.
        resent: bool,
    },
}

/// A callback that receives events.
pub type EventSink = Arc<dyn Fn(&Event) + Send + Sync>;

/// Prints events to stderr when `PACER_LOG` is set (any value).
pub fn stderr_logger() -> Option<EventSink> {
    std::env::var_os("PACER_LOG")
        .map(|_| Arc::new(|e: &Event| eprintln!("pacer: {e:?}")) as EventSink)
}
