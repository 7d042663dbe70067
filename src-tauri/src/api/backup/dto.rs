//! Transport types for backups: status, settings, the list, verification,
//! rotation, drills, previews and restores, converted explicitly from core
//! types.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use steward_core::backup::rotation::KeepPolicy;
use steward_core::backup::{
    BackupInfo, BackupPreview, BackupReport, BackupSettings, BackupStatus, DrillReport,
    PruneDecision, RestoreReport,
};
use steward_core::vault::Credentials;
use steward_core::{Password, RecoveryKey};
use ts_rs::TS;

use crate::error::ApiResult;

/// The state of backups, for the Backups screen and the dashboard.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BackupStatus")]
pub struct BackupStatusDto {
    /// The folder backups go to.
    pub dir: String,
    /// Whether that folder is on the vault's own disk (`null`: unknown).
    pub same_disk: Option<bool>,
    /// The last backup written and verified (RFC 3339).
    pub last_backup_at: Option<String>,
    /// The last attempt's error, when the last attempt failed.
    pub last_error: Option<String>,
    /// The last restore drill.
    pub last_drill: Option<DrillReportDto>,
    /// The last drill that passed ("last verified restore").
    pub last_verified_restore_at: Option<String>,
    /// Whether anything changed since the last backup.
    pub changed_since_last: bool,
    /// Changes and no backup within twice the interval (or none at all).
    pub stale: bool,
}

impl From<BackupStatus> for BackupStatusDto {
    fn from(s: BackupStatus) -> Self {
        Self {
            dir: s.dir.display().to_string(),
            same_disk: s.same_disk,
            last_backup_at: s.last_backup_at,
            last_error: s.last_error,
            last_drill: s.last_drill.map(Into::into),
            last_verified_restore_at: s.last_verified_restore_at,
            changed_since_last: s.changed_since_last,
            stale: s.stale,
        }
    }
}

/// What a restore drill found.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "DrillReport")]
pub struct DrillReportDto {
    /// The backup restored into a scratch folder.
    pub file_name: String,
    /// Whether every check passed.
    pub ok: bool,
    /// What was checked, or the first problem.
    pub detail: String,
    pub at: String,
}

impl From<DrillReport> for DrillReportDto {
    fn from(d: DrillReport) -> Self {
        Self {
            file_name: d.file_name,
            ok: d.ok,
            detail: d.detail,
            at: d.at,
        }
    }
}

/// How many backups each rotation rule keeps (restic's `forget` rules).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[ts(export, rename = "KeepPolicy")]
pub struct KeepPolicyDto {
    pub last: u32,
    pub hourly: u32,
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

impl From<KeepPolicyDto> for KeepPolicy {
    fn from(k: KeepPolicyDto) -> Self {
        Self {
            last: k.last,
            hourly: k.hourly,
            daily: k.daily,
            weekly: k.weekly,
            monthly: k.monthly,
        }
    }
}

impl From<KeepPolicy> for KeepPolicyDto {
    fn from(k: KeepPolicy) -> Self {
        Self {
            last: k.last,
            hourly: k.hourly,
            daily: k.daily,
            weekly: k.weekly,
            monthly: k.monthly,
        }
    }
}

/// How and where the vault is backed up.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BackupSettings")]
pub struct BackupSettingsDto {
    /// The folder; `null` (or empty) for `backups` beside the vault.
    pub dir: Option<String>,
    /// Minutes between scheduled backups while unlocked; 0 turns the
    /// schedule off (lock and quit still back up).
    pub interval_minutes: u32,
    pub keep: KeepPolicyDto,
    /// Days between restore drills; 0 turns them off.
    pub drill_interval_days: u32,
}

impl From<BackupSettingsDto> for BackupSettings {
    fn from(s: BackupSettingsDto) -> Self {
        Self {
            dir: s
                .dir
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty())
                .map(PathBuf::from),
            interval_minutes: s.interval_minutes,
            keep: s.keep.into(),
            drill_interval_days: s.drill_interval_days,
        }
    }
}

impl From<BackupSettings> for BackupSettingsDto {
    fn from(s: BackupSettings) -> Self {
        Self {
            dir: s.dir.map(|d| d.display().to_string()),
            interval_minutes: s.interval_minutes,
            keep: s.keep.into(),
            drill_interval_days: s.drill_interval_days,
        }
    }
}

/// One backup file of this vault.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BackupInfo")]
pub struct BackupInfoDto {
    /// Where it is; the argument of `verify_backup` and the restores.
    pub path: String,
    pub file_name: String,
    /// When the snapshot was taken (RFC 3339, UTC).
    pub created_at: String,
    /// The login name of who was signed in.
    pub created_by: String,
    /// `manual`, `scheduled`, `lock`, `quit`, `pre-restore` or `pre-migration`.
    pub kind: String,
    /// Bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// Rows per table, from its manifest.
    #[ts(type = "Record<string, number>")]
    pub counts: BTreeMap<String, i64>,
    /// When this vault last verified it, if it did.
    pub verified_at: Option<String>,
}

impl From<BackupInfo> for BackupInfoDto {
    fn from(b: BackupInfo) -> Self {
        Self {
            path: b.path.display().to_string(),
            file_name: b.file_name,
            created_at: b.header.created_at,
            created_by: b.header.created_by.user_name,
            kind: b.header.kind,
            size: b.size,
            counts: b.header.manifest,
            verified_at: b.verified_at,
        }
    }
}

/// A backup made by "Back up now".
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BackupReport")]
pub struct BackupReportDto {
    pub backup: BackupInfoDto,
    /// Milliseconds spent writing and verifying it.
    #[ts(type = "number")]
    pub millis: u64,
    /// File names of the old backups rotation removed afterwards.
    pub pruned: Vec<String>,
}

impl From<BackupReport> for BackupReportDto {
    fn from(r: BackupReport) -> Self {
        Self {
            backup: r.backup.into(),
            millis: r.millis,
            pruned: r.pruned,
        }
    }
}

/// Sent as the `backup-progress` event while "Back up now" runs: database
/// pages copied so far, of the total.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// Whether rotation keeps a backup, and the rules that keep it.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "PruneDecision")]
pub struct PruneDecisionDto {
    pub backup: BackupInfoDto,
    pub keep: bool,
    /// `last`, `hourly`, `daily`, `weekly`, `monthly`, `newest verified`.
    pub reasons: Vec<String>,
}

impl From<PruneDecision> for PruneDecisionDto {
    fn from(d: PruneDecision) -> Self {
        Self {
            backup: d.backup.into(),
            keep: d.keep,
            reasons: d.reasons.into_iter().map(str::to_owned).collect(),
        }
    }
}

/// What a backup holds, from its authenticated header, shown before a
/// restore.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BackupPreview")]
pub struct BackupPreviewDto {
    pub path: String,
    pub created_at: String,
    pub created_by: String,
    pub kind: String,
    #[ts(type = "number")]
    pub size: u64,
    #[ts(type = "Record<string, number>")]
    pub counts: BTreeMap<String, i64>,
    /// The Steward version that wrote it.
    pub app_version: String,
}

impl From<BackupPreview> for BackupPreviewDto {
    fn from(p: BackupPreview) -> Self {
        Self {
            path: p.path.display().to_string(),
            created_at: p.header.created_at,
            created_by: p.header.created_by.user_name,
            kind: p.header.kind,
            size: p.size,
            counts: p.header.manifest,
            app_version: p.header.app_version,
        }
    }
}

/// What a restore over the vault did. The vault is locked afterwards.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "RestoreReport")]
pub struct RestoreReportDto {
    pub restored: BackupPreviewDto,
    /// The file name of the backup of the vault as it was, made first.
    pub pre_restore_backup: Option<String>,
}

impl From<RestoreReport> for RestoreReportDto {
    fn from(r: RestoreReport) -> Self {
        Self {
            restored: r.restored.into(),
            pre_restore_backup: r.pre_restore_backup,
        }
    }
}

/// What opens a backup: a user's password as it was when the backup was
/// made, or the recovery key.
#[derive(Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum BackupCredentials {
    Password { user: String, password: String },
    RecoveryKey { recovery_key: String },
}

// Shows neither the password nor the key.
impl std::fmt::Debug for BackupCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Password { user, .. } => f
                .debug_struct("Password")
                .field("user", user)
                .field("password", &"***")
                .finish(),
            Self::RecoveryKey { .. } => f
                .debug_struct("RecoveryKey")
                .field("recovery_key", &"***")
                .finish(),
        }
    }
}

/// [`BackupCredentials`] wrapped into core's secret types, which
/// [`BackupSecret::credentials`] lends to core.
#[derive(Debug)]
pub enum BackupSecret {
    Password(String, Password),
    RecoveryKey(RecoveryKey),
}

impl BackupCredentials {
    /// Wraps the secret at once.
    ///
    /// # Errors
    /// `invalid_input` for a recovery key that is not one.
    pub fn into_secret(self) -> ApiResult<BackupSecret> {
        Ok(match self {
            Self::Password { user, password } => {
                BackupSecret::Password(user.trim().to_owned(), Password::new(password))
            }
            Self::RecoveryKey { recovery_key } => {
                BackupSecret::RecoveryKey(RecoveryKey::parse(&recovery_key)?)
            }
        })
    }
}

impl BackupSecret {
    pub fn credentials(&self) -> Credentials<'_> {
        match self {
            Self::Password(user, password) => Credentials::Password { user, password },
            Self::RecoveryKey(key) => Credentials::RecoveryKey { user: None, key },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_a_password_of_a_user_or_the_recovery_key() {
        let password: BackupCredentials =
            serde_json::from_str(r#"{"kind":"password","user":" ada ","password":"pw"}"#).unwrap();
        let BackupSecret::Password(user, _) = password.into_secret().unwrap() else {
            panic!("a password")
        };
        assert_eq!(user, "ada", "the user name is trimmed");
        let key: BackupCredentials =
            serde_json::from_str(r#"{"kind":"recovery_key","recoveryKey":"not a key"}"#).unwrap();
        let err = key.into_secret().err().unwrap();
        assert!(
            matches!(
                err.code,
                crate::error::ErrorCode::InvalidInput | crate::error::ErrorCode::Authentication
            ),
            "{}",
            err.message
        );
    }

    #[test]
    fn an_empty_folder_means_the_default_beside_the_vault() {
        for dir in [None, Some(String::new()), Some("   ".to_owned())] {
            let dto = BackupSettingsDto {
                dir,
                interval_minutes: 60,
                keep: KeepPolicy::default().into(),
                drill_interval_days: 7,
            };
            assert_eq!(BackupSettings::from(dto).dir, None);
        }
        let dto = BackupSettingsDto {
            dir: Some(" /media/usb/backups ".into()),
            interval_minutes: 30,
            keep: KeepPolicy::default().into(),
            drill_interval_days: 0,
        };
        let settings = BackupSettings::from(dto);
        assert_eq!(settings.dir, Some(PathBuf::from("/media/usb/backups")));
        assert_eq!(settings.interval_minutes, 30);
        assert_eq!(settings.keep, KeepPolicy::default());
    }
}
