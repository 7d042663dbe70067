#![allow(
    clippy::disallowed_methods,
    reason = "tests write raw files on purpose"
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed step should stop the test"
)]

//! Integration tests of steward-core, one module per capability.

mod audit;
mod contacts;
mod fixtures;
mod recovery_doc;
mod roles;
mod security;
mod users;
mod vault;
