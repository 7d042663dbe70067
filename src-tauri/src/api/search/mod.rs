//! Search across records.

pub mod commands;
pub mod dto;
