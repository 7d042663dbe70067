//! The signed-in user's task reminders: the window's reminders panel.

pub mod commands;
pub mod dto;
