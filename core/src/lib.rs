//! pacer-sdk-core: the sans-IO heart of pacer.
//!
//! Provider specs (data), models, validation, request building, paging and the quota engine.
//! Nothing here opens a socket, spawns a thread, sleeps, reads a clock or touches a file:
//! time comes in as an argument and every effect goes out as a value (DESIGN §2).

pub mod error;
pub mod money;
pub mod quota;
pub mod time;

pub use error::{Error, ErrorInfo, ErrorKind, FieldError, Result};
pub use money::Amount;
pub use time::Timestamp;
pub mod api;
pub mod call;
pub mod clock;
pub mod envelope;
pub mod http;
pub mod models;
pub mod options;
pub mod paging;
pub mod reconcile;
pub mod spec;
pub mod spelling;
pub mod validate;
pub mod webhooks;

pub use api::{Api, Args, ClientConfig, ListWalk, key_fingerprint};
pub use call::{Call, Poll, RetryPolicy, WaitCause, WaitPolicy};
pub use clock::{Clock, ManualClock};
pub use http::{Request, Response, TransportFailure};
pub use spec::ProviderSpec;
