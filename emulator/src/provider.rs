//! The emulated provider: its credentials, data and request pipeline. Everything else (the
//! server, routing from the spec, faults, the request log, the admin view, the clock) is
//! shared.

use crate::reply::Reply;
use crate::salync::Salync;
use crate::server::{Outcome, Req, Shared};
use crate::syncore::Syncore;
use crate::synq::Synq;

/// The providers the emulator knows.
pub const PROVIDERS: &[&str] = &["syncore", "synq", "salync"];

/// One provider's state.
pub(crate) enum Backend {
    /// Syncore (orders, jobs, contacts).
    Syncore(Box<Syncore>),
    /// Synq (commerce and order management).
    Synq(Box<Synq>),
    /// Salync (inventory).
    Salync(Box<Salync>),
}

impl Backend {
    /// Every credential and secret that must never appear in the request log.
    pub fn secrets(&self) -> Vec<String> {
        match self {
            Backend::Syncore(s) => vec![s.api_key.clone()],
            Backend::Synq(s) => s.secrets(),
            Backend::Salync(s) => s.secrets(),
        }
    }

    /// Starts background work that lives as long as the server (webhook deliveries).
    pub fn start_worker(&self) -> Option<tokio::task::JoinHandle<()>> {
        match self {
            Backend::Salync(s) => s.hub.start(),
            _ => None,
        }
    }
}

/// Runs the provider's pipeline on one request.
pub(crate) async fn process(shared: &Shared, req: &Req) -> Outcome {
    match &shared.backend {
        Backend::Syncore(s) => crate::syncore::process(shared, s, req).await,
        Backend::Synq(s) => crate::synq::process(shared, s, req).await,
        Backend::Salync(s) => crate::salync::process(shared, s, req).await,
    }
}

/// The answer to a body over the size limit, when the provider refuses it before recording
/// anything (`None`: the provider's pipeline answers it, Synq's limiter first).
pub(crate) fn oversized(shared: &Shared, _req: &Req) -> Option<Reply> {
    match &shared.backend {
        Backend::Syncore(_) => Some(crate::syncore::oversized()),
        Backend::Synq(_) => None,
        Backend::Salync(_) => Some(crate::salync::oversized()),
    }
}
