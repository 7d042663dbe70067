//! Creating, unlocking and locking the vault; the app status and the session the UI sees.

pub mod commands;
pub mod dto;
