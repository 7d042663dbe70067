//! A team vault across laptops (ADR 0020): every laptop keeps a full
//! replica and exchanges encrypted, signed change sets through a change log
//! that a server keeps in order. The server is never trusted with customer
//! data: it holds the keyslots file (wrapped keys only), encrypted
//! snapshots and encrypted change sets, with the metadata of [`log`].

pub mod log;
