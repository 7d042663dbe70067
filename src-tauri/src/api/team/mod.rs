//! The team vault in the app (ADR 0020): a background sync of the open
//! replica (`worker`, over `engine`), its status and the commands the
//! indicator uses.

pub mod commands;
pub mod dto;
pub(crate) mod engine;
pub(crate) mod worker;
