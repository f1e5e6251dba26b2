//! Virtual time for the component: `wasi:clocks` read a shared pacer `Clock` (the emulator's),
//! and the monotonic clock's subscriptions, which the component blocks on to sleep, advance
//! that clock instead of waiting. So a day of quota passes in milliseconds, and the emulator
//! sees the same time as the component.

use std::sync::Arc;
use std::time::Duration;

use pacer_sdk_core::{Clock, Timestamp};
use wasmtime::StoreContextMut;
use wasmtime::component::{Linker, Resource};
use wasmtime_wasi::p2::{DynPollable, Pollable, subscribe};
use wasmtime_wasi::{HostMonotonicClock, HostWallClock};

use crate::HostState;

/// The monotonic-clock interface as wasmtime-wasi registers it; the component's older 0.2
/// import resolves to it by semver.
const MONOTONIC_CLOCK: &str = "wasi:clocks/monotonic-clock@0.2.12";

const NANOS_PER_MS: u64 = 1_000_000;

/// `wasi:clocks/wall-clock` reading a pacer clock.
pub struct VirtualWall(pub Arc<dyn Clock>);

impl HostWallClock for VirtualWall {
    fn resolution(&self) -> Duration {
        Duration::from_millis(1)
    }

    fn now(&self) -> Duration {
        Duration::from_millis(u64::try_from(self.0.now().as_millis()).unwrap_or(0))
    }
}

/// `wasi:clocks/monotonic-clock` reading a pacer clock (nanoseconds since the epoch).
pub struct VirtualMonotonic(pub Arc<dyn Clock>);

impl HostMonotonicClock for VirtualMonotonic {
    fn resolution(&self) -> u64 {
        NANOS_PER_MS
    }

    fn now(&self) -> u64 {
        u64::try_from(self.0.now().as_millis()).unwrap_or(0) * NANOS_PER_MS
    }
}

/// A sleep on the virtual clock: ready at once, after moving the clock to its deadline.
struct VirtualSleep {
    clock: Arc<dyn Clock>,
    until: Timestamp,
}

#[async_trait::async_trait]
impl Pollable for VirtualSleep {
    async fn ready(&mut self) {
        self.clock.advance_to(self.until);
    }
}

fn sleep_until(
    mut store: StoreContextMut<'_, HostState>,
    until: impl FnOnce(Timestamp) -> Timestamp,
) -> wasmtime::Result<Resource<DynPollable>> {
    let state = store.data_mut();
    let Some(clock) = state.virtual_clock.clone() else {
        return Err(wasmtime::format_err!(
            "this host links virtual sleeps but the instance has a system clock"
        ));
    };
    let deadline = until(clock.now());
    let sleep = state.table.push(VirtualSleep {
        clock,
        until: deadline,
    })?;
    subscribe(&mut state.table, sleep)
}

/// Whole milliseconds covering `nanos` (a sleep never ends early).
fn ceil_ms(nanos: u64) -> i64 {
    i64::try_from(nanos.div_ceil(NANOS_PER_MS)).unwrap_or(i64::MAX)
}

/// Replaces the monotonic clock's subscriptions with virtual sleeps (after
/// `wasmtime_wasi::p2::add_to_linker_sync`, which defines the real ones).
pub fn link_virtual_sleep(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    let mut clock = linker.instance(MONOTONIC_CLOCK)?;
    clock.func_wrap(
        "subscribe-duration",
        |store: StoreContextMut<'_, HostState>, (nanos,): (u64,)| {
            sleep_until(store, |now| now.add_millis(ceil_ms(nanos))).map(|r| (r,))
        },
    )?;
    clock.func_wrap(
        "subscribe-instant",
        |store: StoreContextMut<'_, HostState>, (when,): (u64,)| {
            sleep_until(store, |_| Timestamp::from_millis(ceil_ms(when))).map(|r| (r,))
        },
    )?;
    linker.allow_shadowing(false);
    Ok(())
}
