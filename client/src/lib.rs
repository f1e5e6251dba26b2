//! pacer (being written).
