//! Data-subject rights: requests, erasure and the retention review.

use serde::{Deserialize, Serialize};
use steward_core::rights::{
    DsrKind, DsrRequest, DsrStatus, ErasureReport, ReviewAction, ReviewCandidate, ReviewReason,
};
use ts_rs::TS;

/// What a data-subject request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "DsrKind")]
pub enum DsrKindDto {
    Access,
    Portability,
    Rectification,
    Erasure,
    Restriction,
    Objection,
}

impl From<DsrKindDto> for DsrKind {
    fn from(k: DsrKindDto) -> Self {
        match k {
            DsrKindDto::Access => Self::Access,
            DsrKindDto::Portability => Self::Portability,
            DsrKindDto::Rectification => Self::Rectification,
            DsrKindDto::Erasure => Self::Erasure,
            DsrKindDto::Restriction => Self::Restriction,
            DsrKindDto::Objection => Self::Objection,
        }
    }
}

impl From<DsrKind> for DsrKindDto {
    fn from(k: DsrKind) -> Self {
        match k {
            DsrKind::Access => Self::Access,
            DsrKind::Portability => Self::Portability,
            DsrKind::Rectification => Self::Rectification,
            DsrKind::Erasure => Self::Erasure,
            DsrKind::Restriction => Self::Restriction,
            DsrKind::Objection => Self::Objection,
        }
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "DsrStatus")]
pub enum DsrStatusDto {
    Open,
    Completed,
    Refused,
}

impl From<DsrStatusDto> for DsrStatus {
    fn from(s: DsrStatusDto) -> Self {
        match s {
            DsrStatusDto::Open => Self::Open,
            DsrStatusDto::Completed => Self::Completed,
            DsrStatusDto::Refused => Self::Refused,
        }
    }
}

impl From<DsrStatus> for DsrStatusDto {
    fn from(s: DsrStatus) -> Self {
        match s {
            DsrStatus::Open => Self::Open,
            DsrStatus::Completed => Self::Completed,
            DsrStatus::Refused => Self::Refused,
        }
    }
}

/// One request in the register.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "DsrRequest")]
pub struct DsrRequestDto {
    #[ts(type = "number")]
    pub id: i64,
    /// The contact (`null` once erased).
    #[ts(type = "number | null")]
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub kind: DsrKindDto,
    /// `YYYY-MM-DD`.
    pub received_on: String,
    /// `YYYY-MM-DD`: a month after it came in, three once extended.
    pub due_on: String,
    pub extended_reason: Option<String>,
    pub status: DsrStatusDto,
    /// Who handles it (login name).
    pub handler: Option<String>,
    pub completed_at: Option<String>,
    pub outcome: Option<String>,
    /// Open and past its due date.
    pub overdue: bool,
}

impl From<DsrRequest> for DsrRequestDto {
    fn from(r: DsrRequest) -> Self {
        Self {
            id: r.id,
            contact_id: r.contact_id,
            contact_name: r.contact_name,
            kind: r.kind.into(),
            received_on: r.received_on,
            due_on: r.due_on,
            extended_reason: r.extended_reason,
            status: r.status.into(),
            handler: r.handler,
            completed_at: r.completed_at,
            outcome: r.outcome,
            overdue: r.overdue,
        }
    }
}

/// How many rows of one kind an erasure removed.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct ErasedCount {
    /// `contact`, `e-mail addresses`, `activities`, …
    pub what: String,
    #[ts(type = "number")]
    pub count: usize,
}

/// What an erasure removed, and the certificate for the person who asked.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ErasureReport")]
pub struct ErasureReportDto {
    #[ts(type = "number")]
    pub contact_id: i64,
    pub erased_at: String,
    pub removed: Vec<ErasedCount>,
    /// Identifiers kept as keyed hashes, so imports recognise the person.
    #[ts(type = "number")]
    pub ledger_entries: usize,
    pub certificate: String,
}

impl From<ErasureReport> for ErasureReportDto {
    fn from(r: ErasureReport) -> Self {
        Self {
            contact_id: r.contact_id,
            erased_at: r.erased_at,
            removed: r
                .removed
                .into_iter()
                .map(|(what, count)| ErasedCount {
                    what: what.to_owned(),
                    count,
                })
                .collect(),
            ledger_entries: r.ledger_entries,
            certificate: r.certificate,
        }
    }
}

/// Why a person is up for the retention review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "ReviewReason")]
pub enum ReviewReasonDto {
    /// No purpose has a valid basis for them.
    NoBasis,
    /// Kept longer than the longest retention of their purposes.
    PastRetention,
}

impl From<ReviewReason> for ReviewReasonDto {
    fn from(r: ReviewReason) -> Self {
        match r {
            ReviewReason::NoBasis => Self::NoBasis,
            ReviewReason::PastRetention => Self::PastRetention,
        }
    }
}

/// A person up for the retention review.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ReviewCandidate")]
pub struct ReviewCandidateDto {
    #[ts(type = "number")]
    pub contact_id: i64,
    pub name: String,
    /// The latest change, activity or consent event (RFC 3339).
    pub last_activity: String,
    /// The longest retention among purposes with a basis (0: none).
    pub retention_days: u32,
    pub reason: ReviewReasonDto,
    /// How many files are held on the person (an erasure removes them).
    #[ts(type = "number")]
    pub files: u64,
}

impl From<ReviewCandidate> for ReviewCandidateDto {
    fn from(c: ReviewCandidate) -> Self {
        Self {
            contact_id: c.contact_id,
            name: c.name,
            last_activity: c.last_activity,
            retention_days: c.retention_days,
            reason: c.reason.into(),
            files: c.files,
        }
    }
}

/// What to do with the people chosen in a retention review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "ReviewAction")]
pub enum ReviewActionDto {
    /// Erase them, as an erasure request would.
    Erase,
    /// Keep a placeholder record without any personal detail.
    Anonymise,
}

impl From<ReviewActionDto> for ReviewAction {
    fn from(a: ReviewActionDto) -> Self {
        match a {
            ReviewActionDto::Erase => Self::Erase,
            ReviewActionDto::Anonymise => Self::Anonymise,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name<T: Serialize>(value: T) -> String {
        serde_json::to_string(&value)
            .unwrap()
            .trim_matches('"')
            .to_owned()
    }

    #[test]
    fn the_names_of_request_kinds_states_and_review_reasons_are_the_ones_core_uses() {
        for kind in DsrKind::ALL {
            assert_eq!(name(DsrKindDto::from(kind)), kind.as_str());
            let back: DsrKindDto = serde_json::from_str(&format!("\"{}\"", kind.as_str())).unwrap();
            assert_eq!(DsrKind::from(back), kind);
        }
        for status in [DsrStatus::Open, DsrStatus::Completed, DsrStatus::Refused] {
            assert_eq!(name(DsrStatusDto::from(status)), status.as_str());
        }
        for reason in [ReviewReason::NoBasis, ReviewReason::PastRetention] {
            assert_eq!(name(ReviewReasonDto::from(reason)), reason.as_str());
        }
    }
}
