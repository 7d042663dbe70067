//! Data-subject requests, erasure, restriction, objection and the retention review.

pub mod commands;
pub mod dto;
