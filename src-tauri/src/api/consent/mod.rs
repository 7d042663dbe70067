//! Purposes, consent, consent forms and the processing register.

pub mod commands;
pub mod dto;
