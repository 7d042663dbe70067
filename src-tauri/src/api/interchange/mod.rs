//! Import and export of contacts.

pub mod commands;
pub mod dto;
