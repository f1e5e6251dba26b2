//! Shared setup: a Syncore emulator over real HTTP, and clients that share its clock.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use pacer::{AsyncSyncore, ClientBuilder, Event, EventSink, Syncore};
use pacer_emulator::{Emulator, EmulatorConfig};

/// An emulator with a virtual clock (a day of quota passes in milliseconds).
pub fn virtual_emulator(overrides: Option<&str>) -> Emulator {
    Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        spec_overrides: overrides.map(str::to_string),
        ..Default::default()
    })
    .expect("emulator starts")
}

/// A builder for a client of `emu` that shares its clock and uses a fresh memory ledger.
pub fn builder(emu: &Emulator) -> ClientBuilder {
    Syncore::builder()
        .api_key(emu.api_key())
        .user_agent("AcmeSync/1.0")
        .base_url(emu.base_url())
        .ledger("memory")
        .clock(emu.clock())
}

/// A blocking client of `emu`.
pub fn client(emu: &Emulator) -> Syncore {
    builder(emu).build_syncore().expect("client builds")
}

/// An async client of `emu`.
pub fn async_client(emu: &Emulator) -> AsyncSyncore {
    builder(emu).build_async_syncore().expect("client builds")
}

/// Collects every event a client emits.
pub fn recorder() -> (Arc<Mutex<Vec<Event>>>, EventSink) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink_events = events.clone();
    (
        events,
        Arc::new(move |e: &Event| sink_events.lock().unwrap().push(e.clone())),
    )
}

/// The emulator's current date (UTC) minus `days`, as YYYY-MM-DD.
pub fn date_before(emu: &Emulator, days: i64) -> String {
    emu.now().add_millis(-days * 86_400_000).to_rfc3339()[..10].to_string()
}

/// A sales order body in write shape.
pub fn sales_order(order_number: &str) -> serde_json::Value {
    serde_json::json!({
        "customer_order_number": order_number,
        "description": "Fleece hoodies, navy",
        "status": "Pending",
        "bill_to": {"first_name": "Dana", "last_name": "Whitfield", "address1": "12 Quay St", "city": "Portland", "state": "ME", "zip": "04101", "country": "US"},
        "ship_to": {"first_name": "Dana", "last_name": "Whitfield", "address1": "12 Quay St", "city": "Portland", "state": "ME", "zip": "04101", "country": "US"}
    })
}

/// A fresh directory under the system temp dir.
pub fn tempdir() -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("pacer-test-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
