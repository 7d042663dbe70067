//! Backup settings (folder, interval, retention, drill interval), the status
//! shown on the dashboard, what is due, and the restore drill.

use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::rotation::KeepPolicy;
use super::{BackupKind, BackupStatus, DrillReport, file};
use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::{Error, Result};

/// Audit actions that change nothing a backup holds (besides the log).
const READ_ONLY_ACTIONS: &[&str] = &[
    "vault.unlock",
    "vault.lock",
    "vault.unlock_failed",
    "contact.view",
    "contact.reveal",
    "audit.verify",
    "audit.export",
    "consent.use",
    "dsr.access_package",
];

/// The longest schedule interval: a week.
pub const MAX_INTERVAL_MINUTES: u32 = 7 * 24 * 60;

/// How and where this vault is backed up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSettings {
    /// The folder (`None`: `backups` beside `vault.db`).
    pub dir: Option<PathBuf>,
    /// Minutes between scheduled backups while unlocked, when something
    /// changed; 0 turns the schedule off (lock and quit still back up).
    pub interval_minutes: u32,
    /// What rotation keeps.
    pub keep: KeepPolicy,
    /// Days between restore drills; 0 turns them off.
    pub drill_interval_days: u32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self {
            dir: None,
            interval_minutes: 60,
            keep: KeepPolicy::default(),
            drill_interval_days: 7,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    #[serde(default)]
    dir: Option<String>,
    interval_minutes: u32,
    keep_last: u32,
    keep_hourly: u32,
    keep_daily: u32,
    keep_weekly: u32,
    keep_monthly: u32,
    drill_interval_days: u32,
}

impl From<&BackupSettings> for Stored {
    fn from(s: &BackupSettings) -> Self {
        Self {
            dir: s.dir.as_ref().map(|d| d.display().to_string()),
            interval_minutes: s.interval_minutes,
            keep_last: s.keep.last,
            keep_hourly: s.keep.hourly,
            keep_daily: s.keep.daily,
            keep_weekly: s.keep.weekly,
            keep_monthly: s.keep.monthly,
            drill_interval_days: s.drill_interval_days,
        }
    }
}

impl From<Stored> for BackupSettings {
    fn from(s: Stored) -> Self {
        Self {
            dir: s.dir.map(PathBuf::from),
            interval_minutes: s.interval_minutes,
            keep: KeepPolicy {
                last: s.keep_last,
                hourly: s.keep_hourly,
                daily: s.keep_daily,
                weekly: s.keep_weekly,
                monthly: s.keep_monthly,
            },
            drill_interval_days: s.drill_interval_days,
        }
    }
}

fn parse_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// The backup settings stored in `conn` (defaults for a vault that has none,
/// or whose schema predates settings).
pub(crate) fn load(conn: &rusqlite::Connection) -> Result<BackupSettings> {
    match crate::db::setting(conn, "backup")? {
        None => Ok(BackupSettings::default()),
        Some(text) => serde_json::from_str::<Stored>(&text)
            .map(BackupSettings::from)
            .map_err(|_| Error::Integrity("the backup settings are unreadable".into())),
    }
}

/// The folder backups of the vault in `vault_dir` go to.
pub(crate) fn configured_dir(conn: &rusqlite::Connection, vault_dir: &Path) -> Result<PathBuf> {
    Ok(load(conn)?.dir.unwrap_or_else(|| vault_dir.join("backups")))
}

impl Session {
    pub(crate) fn load_backup_settings(&self) -> Result<BackupSettings> {
        load(&self.conn)
    }

    /// The backup settings.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `backup.manage`.
    pub fn backup_settings(&self) -> Result<BackupSettings> {
        self.authorize(Permission::BackupManage, "backup.settings", None)?;
        self.load_backup_settings()
    }

    /// Changes the backup settings (recorded, with which ones changed).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `backup.manage`;
    /// [`Error::InvalidInput`] for a relative folder, an interval over a
    /// week, or a retention that keeps nothing.
    pub fn set_backup_settings(&mut self, new: &BackupSettings) -> Result<BackupSettings> {
        self.authorize(Permission::BackupManage, "backup.settings", None)?;
        if let Some(dir) = new.dir.as_ref().filter(|d| !d.is_absolute()) {
            return Err(Error::from(
                crate::Invalid::new(
                    "backup-folder-not-absolute",
                    format!(
                        "the backup folder {} must be an absolute path",
                        dir.display()
                    ),
                )
                .with("folder", dir.display()),
            ));
        }
        if new.interval_minutes > MAX_INTERVAL_MINUTES {
            return Err(Error::from(
                crate::Invalid::new(
                    "backup-interval-too-long",
                    format!(
                        "the backup interval can be at most {MAX_INTERVAL_MINUTES} minutes (a week)"
                    ),
                )
                .with("limit", MAX_INTERVAL_MINUTES),
            ));
        }
        let k = &new.keep;
        if k.last + k.hourly + k.daily + k.weekly + k.monthly == 0 {
            return Err(Error::from(crate::Invalid::new(
                "backup-keep-nothing",
                "the retention must keep at least one backup (for example --keep-last 1)",
            )));
        }
        if new.drill_interval_days > 365 {
            return Err(Error::from(
                crate::Invalid::new(
                    "drill-interval-too-long",
                    "restore drills must run at least once a year",
                )
                .with("limit", 365),
            ));
        }
        let old = self.load_backup_settings()?;
        let mut changed = Vec::new();
        if old.dir != new.dir {
            changed.push("dir");
        }
        if old.interval_minutes != new.interval_minutes {
            changed.push("interval");
        }
        if old.keep != new.keep {
            changed.push("retention");
        }
        if old.drill_interval_days != new.drill_interval_days {
            changed.push("drill_interval");
        }
        if changed.is_empty() {
            return Ok(old);
        }
        let text = serde_json::to_string(&Stored::from(new))
            .map_err(|_| Error::Database("serializing the backup settings".into()))?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        crate::db::put_setting(&tx, "backup", &text)?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("backup.settings", None).with("changed", changed),
        )?;
        tx.commit()?;
        Ok(new.clone())
    }

    /// Whether anything changed since the last successful backup: an
    /// allowed audit entry after the backup's own that is not a read, a
    /// sign-in or a backup of its own.
    fn changed_since_last_backup(&self) -> Result<bool> {
        let last: Option<i64> = self
            .conn
            .query_row(
                "SELECT head_after FROM backup_log WHERE file_name IS NOT NULL
                 ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let Some(last) = last else {
            return Ok(true);
        };
        let placeholders = READ_ONLY_ACTIONS
            .iter()
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(", ");
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT EXISTS (SELECT 1 FROM audit_log WHERE seq > ?1 AND outcome = 'allowed'
                              AND action NOT IN ({placeholders}) AND action NOT LIKE 'backup.%')"
            ))?
            .query_row([last], |r| r.get(0))?)
    }

    /// The state of backups, for whoever may manage them.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `backup.manage`.
    pub fn backup_status(&self) -> Result<BackupStatus> {
        self.authorize(Permission::BackupManage, "backup.status", None)?;
        let settings = self.load_backup_settings()?;
        let dir = self.backup_dir(None)?;
        let last_ok: Option<String> = self
            .conn
            .query_row(
                "SELECT at FROM backup_log WHERE file_name IS NOT NULL ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let last_error: Option<String> = self
            .conn
            .query_row(
                "SELECT error FROM backup_log ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let last_drill = self.last_drill(false)?;
        let last_verified_restore_at = self.last_drill(true)?.map(|d| d.at);
        let changed = self.changed_since_last_backup()?;
        let now = crate::clock::now();
        let window = chrono::Duration::minutes(i64::from(settings.interval_minutes.max(60)) * 2);
        let stale = changed
            && last_ok
                .as_deref()
                .and_then(parse_time)
                .is_none_or(|t| now - t > window);
        Ok(BackupStatus {
            same_disk: super::same_disk(&dir, &self.dir),
            dir,
            last_backup_at: last_ok,
            last_error,
            last_drill,
            last_verified_restore_at,
            changed_since_last: changed,
            stale,
        })
    }

    fn last_drill(&self, passed_only: bool) -> Result<Option<DrillReport>> {
        Ok(self
            .conn
            .query_row(
                "SELECT at, file_name, ok, detail FROM backup_drills
                 WHERE (?1 = 0 OR ok = 1) ORDER BY id DESC LIMIT 1",
                [passed_only],
                |r| {
                    Ok(DrillReport {
                        at: r.get(0)?,
                        file_name: r.get(1)?,
                        ok: r.get(2)?,
                        detail: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// What is due now, for the app's timer: a scheduled backup (interval
    /// passed since the last backup in the configured folder, and something
    /// changed) and whether a restore drill is due (that folder has a
    /// backup, and the drill interval passed).
    /// Needs no permission: the app asks on behalf of whoever is signed in.
    ///
    /// # Errors
    /// Database errors.
    pub fn backup_due(&self) -> Result<(Option<BackupKind>, bool)> {
        let settings = self.load_backup_settings()?;
        let now = crate::clock::now();
        // The last backup in the folder backups now go to: after the folder
        // changes, one made elsewhere neither delays the schedule nor makes
        // a drill due in a folder that has nothing to restore.
        let folder = self.backup_dir(None)?.display().to_string();
        let last: Option<String> = self
            .conn
            .query_row(
                "SELECT at FROM backup_log WHERE file_name IS NOT NULL AND dir = ?1
                 ORDER BY id DESC LIMIT 1",
                [folder],
                |r| r.get(0),
            )
            .optional()?;
        let backup = (settings.interval_minutes > 0
            && self.changed_since_last_backup()?
            && last.as_deref().and_then(parse_time).is_none_or(|t| {
                now - t >= chrono::Duration::minutes(i64::from(settings.interval_minutes))
            }))
        .then_some(BackupKind::Scheduled);
        let drill = settings.drill_interval_days > 0 && {
            let last_drill = self.last_drill(false)?.and_then(|d| parse_time(&d.at));
            last.is_some()
                && last_drill.is_none_or(|t| {
                    now - t >= chrono::Duration::days(i64::from(settings.drill_interval_days))
                })
        };
        Ok((backup, drill))
    }

    /// Whether an automatic backup on lock or quit is worth making (something
    /// changed since the last backup).
    ///
    /// # Errors
    /// Database errors.
    pub fn backup_needed(&self) -> Result<bool> {
        self.changed_since_last_backup()
    }

    /// The restore drill: restores the newest backup of this copy of the
    /// vault (or made before copies had an identity) into a scratch folder
    /// and checks the header's MAC, the database's hash, every page, SQLite's
    /// quick check, the manifest's counts and the whole audit chain. The
    /// result is recorded ("last verified restore"). Automatic drills run
    /// for whoever is signed in; asking for one needs `backup.manage`.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no backup; database errors. A failed
    /// check is a report with `ok: false`, not an error.
    pub fn restore_drill(&mut self, requested: bool) -> Result<DrillReport> {
        if requested {
            self.authorize(Permission::BackupManage, "backup.drill", None)?;
        }
        let dir = self.backup_dir(None)?;
        let newest = self
            .own_backups(&dir)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::NotFound {
                entity: "backup",
                id: dir.display().to_string(),
            })?;
        let (path, parsed, _) = newest;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let outcome = drill_one(&path, &parsed, &self.keys.data, &self.dir);
        let (ok, detail) = match &outcome {
            Ok(entries) => (
                true,
                format!(
                    "restored into a scratch folder: every page authentic, quick check ok, counts match, audit chain intact ({entries} entries)"
                ),
            ),
            Err(e) => (false, e.to_string()),
        };
        let at = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO backup_drills (at, file_name, ok, detail) VALUES (?1, ?2, ?3, ?4)",
            params![at, file_name, ok, detail],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("backup.drill", None)
                .with("ok", ok)
                .with("backup_created_at", parsed.header.created_at.clone()),
        )?;
        tx.commit()?;
        Ok(DrillReport {
            file_name,
            ok,
            detail,
            at,
        })
    }
}

/// Restores one backup into a scratch folder and checks it; the number of
/// audit entries on success.
fn drill_one(
    path: &Path,
    parsed: &file::Parsed,
    dek: &crate::secret::DataKey,
    scratch_in: &Path,
) -> Result<u64> {
    let scratch = super::scratch_dir(scratch_in)?;
    let db_path = scratch.path().join("vault.db");
    super::extract_checked(path, parsed, dek, &db_path, super::Extract::Check)?;
    let conn = crate::db::open_connection(&db_path, dek, crate::db::OpenMode::SnapshotRead)?;
    // The backup's own keyslots file (authenticated with its header) says
    // which audit key its chain is under.
    let keyslots = crate::vault::keyslots::Keyslots::parse(parsed.header.keyslots.as_bytes())?;
    let audit_key = crate::vault::lasting_keys(&keyslots, dek)?.audit;
    let head = parsed.header.audit_head.as_ref().map(|h| audit::AuditHead {
        seq: h.seq,
        hash: h.hash.clone(),
    });
    match audit::verify_chain(&conn, &audit_key, head.as_ref())? {
        audit::VerifyReport::Intact { entries } => Ok(entries),
        audit::VerifyReport::Broken { seq, problem } => Err(Error::BackupIntegrity(format!(
            "the backup's audit log is broken at entry {seq}: {problem}"
        ))),
    }
}
