//! The audit log.

pub mod commands;
pub mod dto;
