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

mod activities;
mod attachments;
mod audit;
mod backup;
mod breach;
mod bulk;
mod calendar;
mod collation;
mod companies;
mod consent;
mod contacts;
mod deals;
mod device;
mod documents;
mod email;
mod fixtures;
mod fuzz;
mod import_corpus;
mod import_more;
mod import_rows;
mod interchange;
mod keyset;
mod layers;
mod locale;
mod mailing;
mod merge;
mod monitor;
mod phones;
mod recovery_doc;
mod recycle_bin;
mod reminders;
mod restore;
mod review;
mod rights;
mod roles;
mod rules;
mod sample;
mod search;
mod security;
mod stages;
mod sync;
mod tasks;
mod team_keys;
mod users;
mod vault;
mod views;
