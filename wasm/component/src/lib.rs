//! pacer-wasm (being written).
