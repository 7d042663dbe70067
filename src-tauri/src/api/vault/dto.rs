//! What the vault commands send and take: the app status, the session the UI sees,
//! creating a vault and the password meter.

use crate::api::locale::dto::LanguageDto;
use crate::api::users::dto::{PermissionDto, RoleDto};
use serde::{Deserialize, Serialize};
use steward_core::{Session, auth::password::Strength};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VaultState {
    NoVault,
    Locked,
    Unlocked,
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatus {
    pub state: VaultState,
    pub vault_dir: Option<String>,
    pub default_vault_dir: String,
    pub users: Vec<String>,
    /// Users who chose "remember me" on this computer: they unlock without
    /// a password through the OS keychain (the password keeps working).
    pub remembered_users: Vec<String>,
    pub session: Option<SessionInfo>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionInfo {
    #[ts(type = "number")]
    pub user_id: i64,
    pub user: String,
    pub role: RoleDto,
    pub vault_dir: String,
    /// What the role allows (`contacts.create`, `users.manage`, …), so the UI
    /// offers only those screens and actions; the core checks again anyway.
    pub permissions: Vec<PermissionDto>,
    /// The user must choose a new password before anything else.
    pub must_change_password: bool,
    pub unlocked_with_recovery_key: bool,
    /// This user unlocks on this computer through the OS keychain.
    pub remembered_here: bool,
    /// The policy allows "remember me on this computer".
    pub device_slots_allowed: bool,
    /// Seconds without input before the app locks itself.
    pub auto_lock_seconds: u32,
    /// Something the user should know about this unlock (the computer could
    /// not be remembered, a stale keychain entry was removed), or none: in
    /// English, with `notice_kind` and `notice_cause` for the UI to say it in
    /// the user's language.
    pub notice: Option<String>,
    /// What `notice` is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub notice_kind: Option<SessionNoticeKind>,
    /// The error behind `notice`, when it has one (with its reason).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub notice_cause: Option<crate::error::ApiError>,
}

/// What a session's notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum SessionNoticeKind {
    /// The new vault's sample business could not be added in full.
    SampleIncomplete,
    /// This computer's saved sign-in was gone, so it was forgotten.
    DeviceForgotten,
    /// "Remember me" failed; the unlock did not.
    DeviceNotRemembered,
}

impl SessionInfo {
    /// With the notice `kind`, said in English by `message`, caused by `cause`.
    pub fn with_notice(
        mut self,
        kind: SessionNoticeKind,
        message: String,
        cause: Option<crate::error::ApiError>,
    ) -> Self {
        self.notice = Some(message);
        self.notice_kind = Some(kind);
        self.notice_cause = cause;
        self
    }
}

impl From<&Session> for SessionInfo {
    fn from(s: &Session) -> Self {
        // A policy that cannot be read leaves the defaults in the UI; core
        // still enforces the stored one.
        let policy = s.policy().ok();
        Self {
            user_id: s.user().id,
            user: s.user().name.clone(),
            role: s.user().role.into(),
            vault_dir: s.vault_dir().display().to_string(),
            permissions: steward_core::Permission::ALL
                .into_iter()
                .filter(|p| s.can(*p))
                .map(Into::into)
                .collect(),
            must_change_password: s.user().must_change_password,
            unlocked_with_recovery_key: s.unlocked_with_recovery_key(),
            remembered_here: s.remembered_on_this_device(),
            device_slots_allowed: policy.as_ref().is_none_or(|p| p.device_slots_allowed),
            auto_lock_seconds: crate::idle::limit_seconds(policy.as_ref()),
            notice: None,
            notice_kind: None,
            notice_cause: None,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct PasswordStrength {
    pub score: u8,
    pub acceptable: bool,
    /// The advice in English, empty when there is none.
    pub advice: String,
    /// The advice's code (`steward_core::auth::password::ADVICE_CODES`),
    /// which the screen words in the interface language.
    pub advice_code: Option<String>,
}

impl From<Strength> for PasswordStrength {
    fn from(s: Strength) -> Self {
        Self {
            score: s.score,
            acceptable: s.acceptable,
            advice: s.advice,
            advice_code: s.advice_code.map(str::to_owned),
        }
    }
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreateVaultRequest {
    pub dir: String,
    pub user: String,
    pub password: String,
    pub sample_data: bool,
    /// The vault's language, chosen on the first-run screen.
    pub language: LanguageDto,
}

// Shows everything but the password.
impl std::fmt::Debug for CreateVaultRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateVaultRequest")
            .field("dir", &self.dir)
            .field("user", &self.user)
            .field("password", &"***")
            .field("sample_data", &self.sample_data)
            .field("language", &self.language)
            .finish()
    }
}

#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreatedVault {
    /// Shown once; the app keeps no copy.
    pub recovery_key: String,
    pub session: SessionInfo,
}

// Shows the session but not the recovery key.
impl std::fmt::Debug for CreatedVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedVault")
            .field("recovery_key", &"***")
            .field("session", &self.session)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_comes_with_its_kind_and_cause_for_the_ui_to_word() {
        let info = crate::secrets_in_debug::session().with_notice(
            SessionNoticeKind::DeviceNotRemembered,
            "This computer could not be remembered: The disk is full.".into(),
            Some(steward_core::Error::Keychain("no keyring".into()).into()),
        );
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(json["noticeKind"], "device-not-remembered");
        assert_eq!(json["noticeCause"]["reason"], "keychain");
        assert_eq!(
            json["notice"],
            "This computer could not be remembered: The disk is full."
        );
        let plain = serde_json::to_value(crate::secrets_in_debug::session()).unwrap();
        assert!(plain.get("noticeKind").is_none(), "{plain}");
    }
}
