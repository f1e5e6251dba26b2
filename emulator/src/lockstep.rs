//! Lockstep virtual time for workers in several processes: each worker joins, and when it would
//! wait it tells the emulator until when. The clock moves only once every joined worker is
//! waiting, and then only to the earliest instant any of them waits for. A worker that is busy
//! (say, with a request in flight) therefore always sees time stand still, exactly as on one
//! real clock, and a simulated day takes as long as its requests do.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use pacer_sdk_core::{Clock, Timestamp};
use tokio::sync::watch;

use crate::server::lock;

#[derive(Default)]
struct State {
    next_id: u64,
    joined: HashSet<u64>,
    waiting: HashMap<u64, i64>,
}

/// The lockstep barrier of one emulator.
pub(crate) struct Lockstep {
    state: Mutex<State>,
    moved: watch::Sender<i64>,
}

impl Default for Lockstep {
    fn default() -> Self {
        Lockstep {
            state: Mutex::default(),
            moved: watch::channel(0).0,
        }
    }
}

impl Lockstep {
    /// Adds a worker; returns its id.
    pub fn join(&self) -> u64 {
        let mut s = lock(&self.state);
        s.next_id += 1;
        let id = s.next_id;
        s.joined.insert(id);
        id
    }

    /// Removes a worker (a finished worker must not hold time still).
    pub fn leave(&self, clock: &Arc<dyn Clock>, id: u64) {
        let mut s = lock(&self.state);
        s.joined.remove(&id);
        s.waiting.remove(&id);
        self.settle(&mut s, clock);
    }

    /// When every joined worker waits, moves the clock to the earliest instant awaited.
    fn settle(&self, s: &mut State, clock: &Arc<dyn Clock>) {
        let all_waiting =
            !s.joined.is_empty() && s.joined.iter().all(|id| s.waiting.contains_key(id));
        if all_waiting && let Some(&t) = s.waiting.values().min() {
            clock.advance_to(Timestamp::from_millis(t));
            self.moved.send_replace(clock.now().as_millis());
        }
    }

    /// Waits until the clock reads `until`; returns the clock then.
    pub async fn wait(&self, clock: &Arc<dyn Clock>, id: u64, until: Timestamp) -> Timestamp {
        let mut moved = self.moved.subscribe();
        {
            let mut s = lock(&self.state);
            if !s.joined.contains(&id) {
                s.joined.insert(id);
            }
            s.waiting.insert(id, until.as_millis());
            self.settle(&mut s, clock);
        }
        while clock.now() < until {
            if moved.changed().await.is_err() {
                break;
            }
        }
        let mut s = lock(&self.state);
        s.waiting.remove(&id);
        clock.now()
    }
}
