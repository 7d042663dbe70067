//! The audit log: its filter, its entries and the chain check.

use serde::{Deserialize, Serialize};
use steward_core::audit::{AuditEntry, AuditFilter, VerifyReport};
use ts_rs::TS;

#[derive(Debug, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, rename = "AuditFilter")]
pub struct AuditFilterDto {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    #[ts(type = "number | null")]
    pub before_seq: Option<i64>,
    pub limit: Option<u32>,
    /// The team's shared audit chain instead of this laptop's own log.
    #[ts(optional)]
    pub shared: Option<bool>,
}

impl From<AuditFilterDto> for AuditFilter {
    fn from(f: AuditFilterDto) -> Self {
        let keep = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        Self {
            actor: keep(f.actor),
            action: keep(f.action),
            target_type: keep(f.target_type),
            target_id: keep(f.target_id),
            since: keep(f.since),
            until: keep(f.until),
            before_seq: f.before_seq,
            limit: f.limit,
            shared: f.shared.unwrap_or(false),
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "AuditEntry")]
pub struct AuditEntryDto {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    #[ts(type = "number | null")]
    pub actor_id: Option<i64>,
    pub actor: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub outcome: String,
    /// The entry's details as JSON text (no personal data).
    pub details: String,
    /// In the team's shared chain: whose change set carried the entry…
    pub author: Option<String>,
    /// …and from which replica (the first hex digits of its device key).
    pub replica: Option<String>,
}

impl From<AuditEntry> for AuditEntryDto {
    fn from(e: AuditEntry) -> Self {
        Self {
            seq: e.seq,
            at: e.at,
            actor_id: e.actor_id,
            actor: e.actor_name,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            outcome: e.outcome,
            details: e.details,
            author: e.author_name,
            replica: e.replica,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "VerifyReport")]
pub struct VerifyReportDto {
    pub intact: bool,
    #[ts(type = "number")]
    pub entries: u64,
    #[ts(type = "number | null")]
    pub first_broken: Option<i64>,
    /// One sentence when broken.
    pub problem: Option<String>,
}

impl From<VerifyReport> for VerifyReportDto {
    fn from(r: VerifyReport) -> Self {
        match r {
            VerifyReport::Intact { entries } => Self {
                intact: true,
                entries,
                first_broken: None,
                problem: None,
            },
            VerifyReport::Broken { seq, problem } => Self {
                intact: false,
                entries: 0,
                first_broken: Some(seq),
                problem: Some(problem),
            },
        }
    }
}
