//! Generated python surfaces (filled in by the python binding's generator).

use crate::Target;

pub fn targets() -> Vec<Target> {
    Vec::new()
}
