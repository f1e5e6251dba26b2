//! pacer-node (being written).
