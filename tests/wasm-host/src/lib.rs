//! pacer-wasm-host (being written).
