//! steward-core: the whole of Steward's domain and storage.
//!
//! Entry points: [`vault::create`] and [`vault::unlock`] return a [`Session`];
//! every read or write of customer data is a method on it. This crate knows
//! nothing of Tauri, the UI, the CLI or JSON shapes for the outside.

pub mod audit;
pub mod auth;
mod clock;
pub mod crypto;
mod db;
mod error;
pub mod fsutil;
pub mod records;
pub mod secret;
pub mod vault;

pub use auth::{Permission, Role, Session, User};
pub use error::{Error, ErrorKind, Result};
pub use secret::{Password, RecoveryKey};

/// The schema version this build writes (SQLite `user_version`).
pub const SCHEMA_VERSION: i64 = db::SCHEMA_VERSION;
