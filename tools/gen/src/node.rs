//! Generated node surfaces (filled in by the node binding's generator).

use crate::Target;

pub fn targets() -> Vec<Target> {
    Vec::new()
}
