//! The company's rules for customer data: reading and acknowledging them,
//! and for owners publishing them and seeing who acknowledged which version.

pub mod commands;
pub mod dto;
