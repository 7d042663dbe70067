//! Contacts, their sensitive fields, custom fields, saved views and deleted contacts.

pub mod commands;
pub mod dto;
