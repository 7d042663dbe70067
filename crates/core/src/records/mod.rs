//! Customer records. Every function is a [`crate::Session`] method that checks
//! the role before it touches the data.

pub mod contacts;
pub mod sample;
