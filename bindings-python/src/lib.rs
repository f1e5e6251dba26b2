//! pacer-python (being written).
