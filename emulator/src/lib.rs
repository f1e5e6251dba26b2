//! pacer-emulator (being written).
