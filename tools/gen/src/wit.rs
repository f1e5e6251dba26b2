//! Generated wit surfaces (filled in by the wit binding's generator).

use crate::Target;

pub fn targets() -> Vec<Target> {
    Vec::new()
}
