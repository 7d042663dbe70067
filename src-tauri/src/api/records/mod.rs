//! Companies, deals, activities, tasks, the dashboard, the pipeline's stages and the recycle bin.

pub mod attachments;
pub mod commands;
pub mod dto;
pub mod recycle_bin;
pub mod stages;
