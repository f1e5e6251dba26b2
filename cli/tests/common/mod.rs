//! The client crate's shared test setup (emulators, clients, redis-server), reused here.

#[path = "../../../tests/client/tests/common/mod.rs"]
mod shared;

#[allow(unused_imports)]
pub use shared::*;
