//! pacer-web (being written).
