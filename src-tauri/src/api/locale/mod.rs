//! The vault's language and the signed-in user's interface language.

pub mod commands;
pub mod dto;
