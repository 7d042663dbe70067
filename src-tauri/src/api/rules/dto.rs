//! Transport types for the rules, converted explicitly from core types.

use serde::Serialize;
use steward_core::{RulesState, RulesVersion, UserRulesStatus};
use ts_rs::TS;

/// One published version of the rules.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "RulesVersion")]
pub struct RulesVersionDto {
    #[ts(type = "number")]
    pub version: i64,
    /// The text as the owner wrote it.
    pub text: String,
    /// SHA-256 of the text, hex.
    pub sha256: String,
    /// Who published it (login name).
    pub set_by: String,
    /// When (RFC 3339).
    pub set_at: String,
}

impl From<RulesVersion> for RulesVersionDto {
    fn from(r: RulesVersion) -> Self {
        Self {
            version: r.version,
            text: r.text,
            sha256: r.sha256,
            set_by: r.set_by_name,
            set_at: r.set_at,
        }
    }
}

/// Where the signed-in user stands with the rules.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "RulesState")]
pub struct RulesStateDto {
    /// The current version; null when no rules were published.
    pub current: Option<RulesVersionDto>,
    /// Whether the user must acknowledge it now.
    pub due: bool,
    /// Whether exports and reveals are refused until they do.
    pub gating: bool,
    /// The version the user last acknowledged, and when.
    #[ts(type = "number | null")]
    pub acknowledged_version: Option<i64>,
    pub acknowledged_at: Option<String>,
}

impl From<RulesState> for RulesStateDto {
    fn from(s: RulesState) -> Self {
        let (acknowledged_version, acknowledged_at) = match s.last {
            Some((v, at)) => (Some(v), Some(at)),
            None => (None, None),
        };
        Self {
            current: s.current.map(Into::into),
            due: s.due,
            gating: s.gating,
            acknowledged_version,
            acknowledged_at,
        }
    }
}

/// One user's acknowledgement, for the owner.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "UserRulesStatus")]
pub struct UserRulesStatusDto {
    #[ts(type = "number")]
    pub user_id: i64,
    pub name: String,
    /// The role's stable name (`owner`, `agent`, …).
    pub role: String,
    #[ts(type = "number | null")]
    pub version: Option<i64>,
    pub acknowledged_at: Option<String>,
    pub due: bool,
}

impl From<UserRulesStatus> for UserRulesStatusDto {
    fn from(u: UserRulesStatus) -> Self {
        Self {
            user_id: u.user_id,
            name: u.name,
            role: u.role.as_str().to_owned(),
            version: u.version,
            acknowledged_at: u.acknowledged_at,
            due: u.due,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_says_what_was_last_acknowledged() {
        let dto = RulesStateDto::from(RulesState {
            current: Some(RulesVersion {
                version: 2,
                text: "Rules.".into(),
                sha256: "ab".into(),
                set_by: 1,
                set_by_name: "ada".into(),
                set_at: "2026-12-01T09:00:00Z".into(),
            }),
            due: true,
            gating: true,
            last: Some((1, "2026-11-01T09:00:00Z".into())),
        });
        let json = serde_json::to_value(&dto).unwrap();
        assert_eq!(json["current"]["setBy"], "ada");
        assert_eq!(json["current"]["version"], 2);
        assert_eq!(json["acknowledgedVersion"], 1);
        assert_eq!(json["due"], true);
    }
}
