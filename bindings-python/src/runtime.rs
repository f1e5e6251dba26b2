//! The tokio runtime the bindings drive pacer on, blocking calls with the GIL released, the
//! Ctrl-C hook, and what survives `os.fork()`.
//!
//! Fork: a forked child has none of its parent's threads, so a runtime created before the fork
//! is dead in the child. The runtime is therefore per process id: a child creates its own on
//! first use and never touches (or drops, which would join missing threads) the inherited one.

use std::cell::Cell;
use std::sync::{Arc, Mutex};

use pacer_sdk::Interrupt;
use pacer_sdk_core::Error;
use pyo3::prelude::*;
use tokio::runtime::Runtime;

use crate::errors::{INTERRUPTED, clear_signal, stash_signal, to_pyerr};

static RUNTIME: Mutex<Option<(u32, Arc<Runtime>)>> = Mutex::new(None);

thread_local! {
    /// Whether this thread is inside a blocking call made from Python (only such a thread
    /// may run Python's signal handlers for it; runtime worker threads never do).
    static BLOCKING: Cell<bool> = const { Cell::new(false) };
}

/// This process's runtime (created on first use, and again in a forked child).
pub fn runtime() -> Arc<Runtime> {
    let mut slot = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    let pid = std::process::id();
    if let Some((owner, rt)) = slot.as_ref()
        && *owner == pid
    {
        return rt.clone();
    }
    if let Some(inherited) = slot.take() {
        // The parent's runtime: its threads do not exist here, so dropping it would hang.
        std::mem::forget(inherited);
    }
    let rt = Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("pacer-io")
            .enable_all()
            .build()
            .expect("cannot start the pacer I/O runtime"),
    );
    *slot = Some((pid, rt.clone()));
    rt
}

/// Runs `work` on this thread with the GIL released (blocking calls go through pacer's
/// blocking pump, on this thread: no runtime, no hand-off); a signal handler's exception raised
/// during a wait (Ctrl-C's `KeyboardInterrupt`) is re-raised as is, any other error as its
/// pacer exception.
pub fn blocking<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce() -> Result<T, Error> + Send,
{
    clear_signal();
    let result = py.detach(move || {
        let _flag = BlockingFlag::set();
        work()
    });
    result.map_err(|e| to_pyerr(py, e))
}

struct BlockingFlag(bool);

impl BlockingFlag {
    fn set() -> BlockingFlag {
        BlockingFlag(BLOCKING.with(|b| b.replace(true)))
    }
}

impl Drop for BlockingFlag {
    fn drop(&mut self) {
        BLOCKING.with(|b| b.set(self.0));
    }
}

/// The hook pacer calls while it waits (at least every 100 ms): on a thread blocked in a call
/// from Python it runs Python's signal handlers, and an exception they raise (Ctrl-C's
/// `KeyboardInterrupt`) stops the wait and is re-raised by `block_on`.
pub fn interrupt_hook() -> Interrupt {
    Arc::new(|| {
        if !BLOCKING.with(Cell::get) {
            return Ok(());
        }
        Python::attach(|py| py.check_signals()).map_err(|e| {
            stash_signal(e);
            Error::config(INTERRUPTED, "interrupted by a signal while waiting")
        })
    })
}
