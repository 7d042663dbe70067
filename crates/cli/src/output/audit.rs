//! JSON shapes of the audit log for `--json`; see [`super`].

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct AuditEntryJson<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub actor_id: Option<i64>,
    pub actor: Option<&'a str>,
    pub action: &'a str,
    pub target_type: Option<&'a str>,
    pub target_id: Option<&'a str>,
    pub outcome: &'a str,
    pub details: serde_json::Value,
    pub hash: &'a str,
    /// In the team's shared chain: whose change set carried it, and from
    /// which replica.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replica: Option<&'a str>,
}

impl<'a> From<&'a steward_core::audit::AuditEntry> for AuditEntryJson<'a> {
    fn from(e: &'a steward_core::audit::AuditEntry) -> Self {
        Self {
            seq: e.seq,
            at: &e.at,
            actor_id: e.actor_id,
            actor: e.actor_name.as_deref(),
            action: &e.action,
            target_type: e.target_type.as_deref(),
            target_id: e.target_id.as_deref(),
            outcome: &e.outcome,
            details: serde_json::from_str(&e.details).unwrap_or(serde_json::Value::Null),
            hash: &e.hash,
            author: e.author_name.as_deref(),
            replica: e.replica.as_deref(),
        }
    }
}
