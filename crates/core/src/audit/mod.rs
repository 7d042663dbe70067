//! The tamper-evident audit log.
//!
//! Entries live in the `audit_log` table of the encrypted vault. Each entry's
//! hash is HMAC-SHA-256(audit key, previous hash ‖ canonical entry), with the
//! audit key derived from the data key: nobody without the data key can
//! forge a link, and a change, removal or reordering made with any other tool
//! breaks the chain from there on. Anyone who holds the data key — and every
//! user can unwrap it with their own password — could recompute the whole
//! chain; docs/SECURITY.md says what that means. SQL triggers refuse UPDATE and
//! DELETE. The head (last sequence number and hash) is mirrored in the
//! keyslots file, so cutting the tail or rolling the whole database back to an
//! older copy is caught too.

mod chain;
mod query;
pub(crate) mod team;

pub use chain::{AuditHead, VerifyReport};
pub(crate) use chain::{append, check_head, head, verify_chain};
#[cfg(feature = "test-support")]
pub(crate) use query::query_sql;
pub use query::{AuditEntry, AuditFilter, MAX_AUDIT_PAGE};
pub(crate) use query::{query, write_csv};

/// Whether the recorded action was carried out or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Carried out.
    Allowed,
    /// Refused for lack of permission.
    Denied,
}

impl Outcome {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Denied => "denied",
        }
    }
}

/// What an entry is about: an entity type and its id — never a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `contact`, `user`, `vault`, `audit`, …
    pub kind: &'static str,
    /// The entity's id.
    pub id: String,
}

impl Target {
    /// A contact by id.
    pub fn contact(id: i64) -> Self {
        Self {
            kind: "contact",
            id: id.to_string(),
        }
    }

    /// A user by id.
    pub fn user(id: i64) -> Self {
        Self {
            kind: "user",
            id: id.to_string(),
        }
    }
}

/// A target of an audit entry that is not a contact or a user.
pub(crate) fn target(kind: &'static str, id: i64) -> Target {
    Target {
        kind,
        id: id.to_string(),
    }
}

/// One thing to record.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub(crate) action: &'static str,
    pub(crate) target: Option<Target>,
    pub(crate) outcome: Outcome,
    /// A small JSON object without personal data.
    pub(crate) details: serde_json::Value,
}

impl Event {
    pub(crate) fn allowed(action: &'static str, target: Option<Target>) -> Self {
        Self {
            action,
            target,
            outcome: Outcome::Allowed,
            details: serde_json::Value::Object(serde_json::Map::new()),
        }
    }

    pub(crate) fn with(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        if let serde_json::Value::Object(map) = &mut self.details {
            map.insert(key.to_owned(), value.into());
        }
        self
    }
}
