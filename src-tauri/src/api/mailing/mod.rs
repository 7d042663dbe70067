//! Use by purpose over any scope: coverage counts, mailing lists and exports for a purpose.

pub mod commands;
pub mod dto;
