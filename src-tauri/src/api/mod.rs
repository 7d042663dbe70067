//! The IPC surface, cut by core's domains: each `<domain>/commands.rs` holds
//! the Tauri commands, each `<domain>/dto.rs` the JSON shapes they send and
//! take. A domain's commands use its own DTOs and, where a shape is shared,
//! another domain's `dto` module; no two modules import each other.

pub mod audit;
pub mod backup;
pub mod breach;
pub mod consent;
pub mod contacts;
pub mod interchange;
pub mod locale;
pub mod mailing;
pub mod monitor;
pub mod records;
pub mod reminders;
pub mod review;
pub mod rights;
pub mod rules;
pub mod search;
pub mod team;
pub mod users;
pub mod vault;
