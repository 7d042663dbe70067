//! Backups: settings, the schedule, verification, drills and restore.

pub mod commands;
pub mod dto;
