//! The clocks of the emulators running in this process, by base URL, so a client pointed at an
//! in-process emulator can share its (virtual) clock without being handed it explicitly.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use pacer_core::Clock;

fn running() -> &'static Mutex<HashMap<String, Arc<dyn Clock>>> {
    static RUNNING: OnceLock<Mutex<HashMap<String, Arc<dyn Clock>>>> = OnceLock::new();
    RUNNING.get_or_init(Default::default)
}

fn normalize(base_url: &str) -> String {
    base_url.trim().trim_end_matches('/').to_ascii_lowercase()
}

pub(crate) fn register(base_url: &str, clock: Arc<dyn Clock>) {
    running()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(normalize(base_url), clock);
}

pub(crate) fn unregister(base_url: &str) {
    running()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(&normalize(base_url));
}

/// The clock of the emulator serving `base_url` in this process, if one is running.
pub fn clock_of(base_url: &str) -> Option<Arc<dyn Clock>> {
    running()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&normalize(base_url))
        .cloned()
}
