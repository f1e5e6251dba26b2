//! `NativeClock`: the clock a client runs on, given explicitly (nothing is looked up by URL).

use std::sync::Arc;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use pacer_sdk::Clock;

use crate::errors::to_js;

/// A clock a client can run on: an emulator's (`emu.clock`) or one a setting names.
#[napi]
pub struct NativeClock {
    pub(crate) inner: Arc<dyn Clock>,
}

#[napi]
impl NativeClock {
    /// The clock a setting names: `system`, `emulator:http://127.0.0.1:PORT` (follow an emulator
    /// in another process) or `lockstep:http://127.0.0.1:PORT`.
    #[napi(factory)]
    pub fn from_setting(setting: String) -> Result<NativeClock> {
        pacer_sdk::clock_from_setting(&setting)
            .map(|inner| NativeClock { inner })
            .map_err(to_js)
    }

    /// The clock's reading, in milliseconds since the epoch.
    #[napi]
    pub fn now_ms(&self) -> f64 {
        self.inner.now().as_millis() as f64
    }

    /// What kind of clock this is, e.g. `virtual` or `real time`.
    #[napi(getter)]
    pub fn description(&self) -> String {
        self.inner.describe()
    }
}
