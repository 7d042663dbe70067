//! Alerts, the security policy and re-authentication.

pub mod commands;
pub mod dto;
