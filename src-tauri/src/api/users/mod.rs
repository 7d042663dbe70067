//! Users and roles.

pub mod commands;
pub mod dto;
