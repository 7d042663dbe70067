//! Periodic access reviews.

pub mod commands;
pub mod dto;
