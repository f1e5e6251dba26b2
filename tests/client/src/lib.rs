//! The integration tests of the `pacer-sdk` client (in `tests/`), kept in their own unpublished
//! crate so the library itself does not depend on the emulator, not even as a dev-dependency.
