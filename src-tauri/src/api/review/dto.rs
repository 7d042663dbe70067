//! Transport types for access reviews, converted explicitly from core types.

use serde::{Deserialize, Serialize};
use steward_core::review::{AccessReview, Decision, ReviewStatus, ReviewSummary, ReviewedUser};
use ts_rs::TS;

use crate::api::users::dto::{PermissionDto, RoleDto};
use crate::error::{ApiError, ErrorCode};

/// A decision for one user; `role` is set for `role` only.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ReviewDecision")]
pub struct DecisionDto {
    /// `keep`, `role`, `forget-devices` or `disable`.
    pub kind: String,
    pub role: Option<RoleDto>,
}

impl From<Decision> for DecisionDto {
    fn from(d: Decision) -> Self {
        Self {
            kind: d.as_str().to_owned(),
            role: match d {
                Decision::Role(r) => Some(r.into()),
                _ => None,
            },
        }
    }
}

impl TryFrom<DecisionDto> for Decision {
    type Error = ApiError;

    fn try_from(d: DecisionDto) -> Result<Self, ApiError> {
        match (d.kind.as_str(), d.role) {
            ("keep", _) => Ok(Decision::Keep),
            ("role", Some(r)) => Ok(Decision::Role(r.into())),
            ("forget-devices", _) => Ok(Decision::ForgetDevices),
            ("disable", _) => Ok(Decision::Disable),
            _ => Err(ApiError::new(
                ErrorCode::InvalidInput,
                "review-decision-invalid",
                "A decision is keep, a role, forget devices or disable.",
            )),
        }
    }
}

/// One user as the review found them.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ReviewedUser")]
pub struct ReviewedUserDto {
    #[ts(type = "number")]
    pub user_id: i64,
    pub name: String,
    pub role: RoleDto,
    pub permissions: Vec<PermissionDto>,
    pub disabled: bool,
    pub last_unlock: Option<String>,
    pub devices: u32,
    pub views: u32,
    pub reveals: u32,
    pub exports: u32,
    pub deletions: u32,
    pub imports: u32,
    pub role_changes: u32,
    pub dormant: bool,
    pub suggested_role: Option<RoleDto>,
    pub decision: Option<DecisionDto>,
    pub decided_by: Option<String>,
}

impl From<ReviewedUser> for ReviewedUserDto {
    fn from(u: ReviewedUser) -> Self {
        Self {
            permissions: u.permissions().into_iter().map(Into::into).collect(),
            user_id: u.user_id,
            name: u.name,
            role: u.role.into(),
            disabled: u.disabled,
            last_unlock: u.last_unlock,
            devices: u.devices,
            views: u.counts.views,
            reveals: u.counts.reveals,
            exports: u.counts.exports,
            deletions: u.counts.deletions,
            imports: u.counts.imports,
            role_changes: u.role_changes,
            dormant: u.dormant,
            suggested_role: u.suggested_role.map(Into::into),
            decision: u.decision.map(Into::into),
            decided_by: u.decided_by,
        }
    }
}

/// An access review with its users.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "AccessReview")]
pub struct AccessReviewDto {
    #[ts(type = "number")]
    pub id: i64,
    pub started_at: String,
    pub started_by: String,
    /// The start of the window the counts cover.
    pub since: String,
    #[ts(type = "number")]
    pub from_seq: i64,
    #[ts(type = "number")]
    pub to_seq: i64,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub users: Vec<ReviewedUserDto>,
}

impl From<AccessReview> for AccessReviewDto {
    fn from(r: AccessReview) -> Self {
        Self {
            id: r.id,
            started_at: r.started_at,
            started_by: r.started_by,
            since: r.since,
            from_seq: r.from_seq,
            to_seq: r.to_seq,
            closed_at: r.closed_at,
            closed_by: r.closed_by,
            users: r.users.into_iter().map(Into::into).collect(),
        }
    }
}

/// A review in the list of past ones.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ReviewSummary")]
pub struct ReviewSummaryDto {
    #[ts(type = "number")]
    pub id: i64,
    pub started_at: String,
    pub started_by: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub users: u32,
    pub changes: u32,
}

impl From<ReviewSummary> for ReviewSummaryDto {
    fn from(r: ReviewSummary) -> Self {
        Self {
            id: r.id,
            started_at: r.started_at,
            started_by: r.started_by,
            closed_at: r.closed_at,
            closed_by: r.closed_by,
            users: r.users,
            changes: r.changes,
        }
    }
}

/// When the next review is due.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ReviewStatus")]
pub struct ReviewStatusDto {
    pub last_closed_at: Option<String>,
    pub due_at: String,
    pub overdue: bool,
    #[ts(type = "number | null")]
    pub open_review: Option<i64>,
}

impl From<ReviewStatus> for ReviewStatusDto {
    fn from(s: ReviewStatus) -> Self {
        Self {
            last_closed_at: s.last_closed_at,
            due_at: s.due_at,
            overdue: s.overdue,
            open_review: s.open_review,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decision_round_trips_and_a_role_without_one_is_refused() {
        let d = DecisionDto::from(Decision::Role(steward_core::Role::Viewer));
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "role", "role": "viewer"}));
        assert_eq!(
            Decision::try_from(d).unwrap(),
            Decision::Role(steward_core::Role::Viewer)
        );
        let bad = DecisionDto {
            kind: "role".into(),
            role: None,
        };
        assert!(Decision::try_from(bad).is_err());
    }
}
