//! JSON shapes of `steward rules …`.

use serde::Serialize;
use steward_core::{RulesState, RulesVersion, UserRulesStatus};

/// One version of the rules.
#[derive(Serialize)]
pub struct RulesJson<'a> {
    pub version: i64,
    pub text: &'a str,
    pub sha256: &'a str,
    pub set_by: &'a str,
    pub set_at: &'a str,
}

impl<'a> From<&'a RulesVersion> for RulesJson<'a> {
    fn from(r: &'a RulesVersion) -> Self {
        Self {
            version: r.version,
            text: &r.text,
            sha256: &r.sha256,
            set_by: &r.set_by_name,
            set_at: &r.set_at,
        }
    }
}

/// `rules show` and `rules acknowledge`: the current rules (null when none
/// were published) and where the signed-in user stands.
#[derive(Serialize)]
pub struct StateJson<'a> {
    pub current: Option<RulesJson<'a>>,
    pub due: bool,
    pub gating: bool,
    pub acknowledged_version: Option<i64>,
    pub acknowledged_at: Option<&'a str>,
}

impl<'a> From<&'a RulesState> for StateJson<'a> {
    fn from(s: &'a RulesState) -> Self {
        Self {
            current: s.current.as_ref().map(RulesJson::from),
            due: s.due,
            gating: s.gating,
            acknowledged_version: s.last.as_ref().map(|(v, _)| *v),
            acknowledged_at: s.last.as_ref().map(|(_, at)| at.as_str()),
        }
    }
}

/// One user in `rules status`.
#[derive(Serialize)]
pub struct UserStatusJson<'a> {
    pub user: &'a str,
    pub role: &'static str,
    pub version: Option<i64>,
    pub acknowledged_at: Option<&'a str>,
    pub due: bool,
}

impl<'a> From<&'a UserRulesStatus> for UserStatusJson<'a> {
    fn from(u: &'a UserRulesStatus) -> Self {
        Self {
            user: &u.name,
            role: u.role.as_str(),
            version: u.version,
            acknowledged_at: u.acknowledged_at.as_deref(),
            due: u.due,
        }
    }
}
