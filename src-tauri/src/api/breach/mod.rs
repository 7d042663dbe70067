//! The breach register (GDPR Art. 33/34): incidents, the countdown, the
//! "who touched what" report, the drafts and the decision.

pub mod commands;
pub mod dto;
