//! Tauri commands. Each fits on a screen: take state, convert, call one core
//! function, convert back.

pub mod audit;
pub mod backup;
pub mod contacts;
pub mod interchange;
pub mod mailing;
pub mod monitor;
pub mod pipeline;
pub mod privacy;
pub mod records;
pub mod recycle_bin;
pub mod users;
pub mod vault;
