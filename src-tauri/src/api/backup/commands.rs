//! Backups: status, settings, the list, "Back up now", verification,
//! rotation, restore drills, restores, and the schedule that makes the
//! automatic backups while the vault is unlocked.

use std::path::{Path, PathBuf};
use std::time::Duration;

use steward_core::Session;
use steward_core::backup::{self, BackupKind};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::api::backup::dto::{
    BackupCredentials, BackupInfoDto, BackupPreviewDto, BackupProgress, BackupReportDto,
    BackupSecret, BackupSettingsDto, BackupStatusDto, DrillReportDto, PruneDecisionDto,
    RestoreReportDto,
};
use crate::api::vault::dto::SessionInfo;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;

/// Sent with no payload after an automatic backup or drill, so an open
/// Backups screen or dashboard can show it.
const CHANGED_EVENT: &str = "backups-changed";

/// How often the schedule asks core what is due: a minute, or
/// `STEWARD_BACKUP_TICK_SECS` seconds when set (tests shorten it).
fn tick() -> Duration {
    tick_from(std::env::var("STEWARD_BACKUP_TICK_SECS").ok().as_deref())
}

fn tick_from(setting: Option<&str>) -> Duration {
    setting
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|&secs| secs > 0)
        .map_or(Duration::from_secs(60), Duration::from_secs)
}

/// Starts the thread that, every tick, makes the scheduled backup and the
/// restore drill when core says they are due. It holds the session only
/// while one of them runs; failures are recorded by core for the status.
pub fn start_schedule(app: AppHandle) {
    let period = tick();
    let spawned = std::thread::Builder::new()
        .name("backup-schedule".into())
        .spawn(move || {
            loop {
                std::thread::sleep(period);
                if run_due(&app.state::<AppState>()) {
                    let _ = app.emit(CHANGED_EVENT, ());
                }
            }
        });
    // Without the thread, backups still happen on lock and quit.
    drop(spawned);
}

/// Runs what is due on the open session, if any; whether anything ran.
fn run_due(state: &AppState) -> bool {
    let Ok(mut guard) = state.session() else {
        return false;
    };
    let Some(session) = guard.as_mut() else {
        return false;
    };
    let Ok((kind, drill)) = session.backup_due() else {
        return false;
    };
    if let Some(kind) = kind {
        let _ = session.create_backup(kind, None, &mut |_, _| {});
    }
    if drill {
        let _ = session.restore_drill(false);
    }
    kind.is_some() || drill
}

/// Long work (a backup, a check, key derivation) runs off the UI thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|_| {
        ApiError::other(
            "stopped-unexpectedly",
            "The operation stopped unexpectedly.",
        )
    })?
}

fn blocking_with_session<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&mut Session) -> ApiResult<T> + Send + 'static,
) -> impl Future<Output = ApiResult<T>> {
    blocking(move || app.state::<AppState>().with_session(f))
}

#[tauri::command]
pub fn backup_status(state: State<'_, AppState>) -> ApiResult<BackupStatusDto> {
    state.with_session(|s| Ok(s.backup_status()?.into()))
}

#[tauri::command]
pub fn backup_settings(state: State<'_, AppState>) -> ApiResult<BackupSettingsDto> {
    state.with_session(|s| Ok(s.backup_settings()?.into()))
}

#[tauri::command]
pub fn set_backup_settings(
    state: State<'_, AppState>,
    settings: BackupSettingsDto,
) -> ApiResult<BackupSettingsDto> {
    state.with_session(|s| Ok(s.set_backup_settings(&settings.into())?.into()))
}

/// The backups of this vault in the configured folder, newest first.
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> ApiResult<Vec<BackupInfoDto>> {
    state.with_session(|s| Ok(s.list_backups(None)?.into_iter().map(Into::into).collect()))
}

/// "Back up now": a manual backup, verified before it counts, reporting
/// progress as `backup-progress` events.
#[tauri::command]
pub async fn create_backup(app: AppHandle) -> ApiResult<BackupReportDto> {
    let events = app.clone();
    blocking_with_session(app, move |s| {
        let mut progress = |done: u64, total: u64| {
            let _ = events.emit("backup-progress", BackupProgress { done, total });
        };
        Ok(s.create_backup(BackupKind::Manual, None, &mut progress)?
            .into())
    })
    .await
}

/// Checks one backup of this vault completely.
#[tauri::command]
pub async fn verify_backup(app: AppHandle, path: String) -> ApiResult<BackupInfoDto> {
    blocking_with_session(app, move |s| {
        Ok(s.verify_backup(Path::new(&path))?.backup.into())
    })
    .await
}

/// What rotation keeps and forgets in the configured folder; removes the
/// forgotten unless `dry_run`.
#[tauri::command]
pub fn prune_backups(
    state: State<'_, AppState>,
    dry_run: bool,
) -> ApiResult<Vec<PruneDecisionDto>> {
    state.with_session(|s| {
        Ok(s.prune_backups(None, dry_run)?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// Restores the newest backup into a scratch folder and checks it; a failed
/// check is a report with `ok: false`.
#[tauri::command]
pub async fn run_restore_drill(app: AppHandle) -> ApiResult<DrillReportDto> {
    blocking_with_session(app, |s| Ok(s.restore_drill(true)?.into())).await
}

/// The login names that can open a backup with a password, read from its
/// header without a key (to offer them in the restore forms).
#[tauri::command]
pub fn backup_users(path: String) -> ApiResult<Vec<String>> {
    Ok(backup::backup_users(Path::new(&path))?
        .into_iter()
        .map(|u| u.user_name)
        .collect())
}

/// Authenticates against the backup's own keyslots and returns what it
/// holds. Needs no vault.
#[tauri::command]
pub async fn preview_backup(
    path: String,
    credentials: BackupCredentials,
) -> ApiResult<BackupPreviewDto> {
    blocking(move || {
        let secret = credentials.into_secret()?;
        Ok(backup::preview(Path::new(&path), &secret.credentials())?.into())
    })
    .await
}

/// Restores a backup of this vault over it. Core backs the vault up first
/// and locks it; the UI then shows the unlock screen.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    path: String,
    credentials: BackupCredentials,
) -> ApiResult<RestoreReportDto> {
    blocking(move || {
        let secret = credentials.into_secret()?;
        restore_over(&app.state::<AppState>(), Path::new(&path), &secret)
    })
    .await
}

/// Core checks everything while the vault stays open (the permission, the
/// credentials, that the backup is of this vault, the whole file, that no
/// other program has the vault open, that it gives nobody more rights than
/// now unless an owner restores it); a refusal leaves the session in place.
/// A failure once the restore began comes back as `locked`, which sends the
/// UI to the unlock screen.
fn restore_over(
    state: &AppState,
    path: &Path,
    secret: &BackupSecret,
) -> ApiResult<RestoreReportDto> {
    let mut guard = state.session()?;
    let session = guard.as_ref().ok_or_else(ApiError::locked)?;
    let plan = session.prepare_restore(path, &secret.credentials())?;
    let session = guard.take().ok_or_else(ApiError::locked)?;
    drop(guard);
    plan.apply(session).map(Into::into).map_err(|error| {
        ApiError::new(
            ErrorCode::Locked,
            "restore-locked",
            format!(
                "{} The vault was locked; unlock it to go on.",
                ApiError::from(error).message
            ),
        )
    })
}

/// Restores a backup into `dir`, a new or empty folder, and opens it: the
/// app uses that folder as its vault from now on.
#[tauri::command]
pub async fn restore_backup_into(
    app: AppHandle,
    path: String,
    dir: String,
    credentials: BackupCredentials,
) -> ApiResult<SessionInfo> {
    let dir = PathBuf::from(dir.trim());
    if !dir.is_absolute() {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "restore-folder-needed",
            "Choose the folder to restore into with Browse…, or type its full path.",
        ));
    }
    let target = dir.clone();
    let session = blocking(move || {
        let secret = credentials.into_secret()?;
        Ok(steward_core::unlock::restore_into(
            Path::new(&path),
            &target,
            secret.credentials(),
        )?)
    })
    .await?;
    let state = app.state::<AppState>();
    let info = state.open(session)?;
    state.remember_vault_dir(dir)?;
    Ok(info)
}

#[cfg(test)]
mod tests {
    use steward_core::Password;
    use steward_core::crypto::KdfParams;
    use steward_core::vault::{self, CreateOptions};

    use super::*;

    #[test]
    fn the_schedule_ticks_every_minute_unless_told_otherwise() {
        assert_eq!(tick_from(None), Duration::from_secs(60));
        assert_eq!(tick_from(Some(" 2 ")), Duration::from_secs(2));
        assert_eq!(
            tick_from(Some("0")),
            Duration::from_secs(60),
            "zero would spin"
        );
        assert_eq!(tick_from(Some("soon")), Duration::from_secs(60));
    }

    /// An app state holding the owner's session of a new vault in `dir`.
    fn unlocked(dir: &Path) -> AppState {
        let created = steward_core::unlock::create(
            dir,
            "ada",
            &Password::new("velvet cactus orbit 1987 lamp"),
            &CreateOptions {
                kdf: KdfParams::FLOOR,
                phone_country: None,
                language: steward_core::locale::Language::En,
            },
        )
        .unwrap();
        let state = AppState::load();
        *state.session().unwrap() = Some(created.session);
        state
    }

    /// The kinds of the backups in the default folder, oldest first.
    fn kinds(vault_dir: &Path) -> Vec<String> {
        let mut found: Vec<(String, String)> = std::fs::read_dir(vault_dir.join("backups"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| backup::file::read_header(&e.path()).ok())
                    .map(|p| (p.header.created_at, p.header.kind))
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        found.into_iter().map(|(_, kind)| kind).collect()
    }

    #[test]
    fn the_schedule_backs_up_a_changed_vault_then_drills_then_rests() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let state = AppState::load();
        assert!(!run_due(&state), "nothing runs while locked");

        let state = unlocked(&dir);
        assert!(run_due(&state), "a new vault has changes and no backup");
        assert_eq!(kinds(&dir), ["scheduled"]);
        assert!(run_due(&state), "a drill is due once a backup exists");
        let drill = state
            .with_session(|s| Ok(s.backup_status()?.last_drill))
            .unwrap()
            .unwrap();
        assert!(drill.ok, "{}", drill.detail);
        assert!(!run_due(&state), "the interval has not passed");
        assert_eq!(kinds(&dir), ["scheduled"]);
    }

    fn contact_names(state: &AppState) -> Vec<String> {
        state
            .with_session(|s| {
                Ok(s.list_contacts(None, 50)?
                    .items
                    .into_iter()
                    .map(|c| c.name)
                    .collect())
            })
            .unwrap()
    }

    fn add_contact(state: &AppState, name: &str) {
        state
            .with_session(|s| {
                s.add_contact(&steward_core::records::contacts::NewContact {
                    name: name.into(),
                    ..Default::default()
                })?;
                Ok(())
            })
            .unwrap();
    }

    fn password(user: &str, password: &str) -> BackupSecret {
        BackupCredentials::Password {
            user: user.into(),
            password: password.into(),
        }
        .into_secret()
        .unwrap()
    }

    const PASSWORD: &str = "velvet cactus orbit 1987 lamp";

    #[test]
    fn a_restore_over_the_vault_brings_back_the_backup_and_locks() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let state = unlocked(&dir);
        add_contact(&state, "Kept Person");
        let made = state
            .with_session(|s| Ok(s.create_backup(BackupKind::Manual, None, &mut |_, _| {})?))
            .unwrap();
        add_contact(&state, "Later Person");

        let report = restore_over(&state, &made.backup.path, &password("ada", PASSWORD)).unwrap();
        assert_eq!(report.restored.kind, "manual");
        assert!(report.pre_restore_backup.is_some());
        assert!(
            state.session().unwrap().is_none(),
            "locked after the restore"
        );

        let session = steward_core::unlock::unlock(
            &dir,
            vault::Credentials::Password {
                user: "ada",
                password: &Password::new(PASSWORD),
            },
        )
        .unwrap();
        *state.session().unwrap() = Some(session);
        assert_eq!(contact_names(&state), ["Kept Person"]);
    }

    #[test]
    fn a_wrong_password_or_another_vaults_backup_leaves_the_vault_open() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let state = unlocked(&dir);
        let made = state
            .with_session(|s| Ok(s.create_backup(BackupKind::Manual, None, &mut |_, _| {})?))
            .unwrap();
        let err = restore_over(
            &state,
            &made.backup.path,
            &password("ada", "not the password"),
        )
        .unwrap_err();
        assert!(
            matches!(err.code, ErrorCode::Authentication),
            "{}",
            err.message
        );
        assert!(state.session().unwrap().is_some(), "still open");

        let other_dir = tmp.path().join("other");
        let other = unlocked(&other_dir);
        let foreign = other
            .with_session(|s| Ok(s.create_backup(BackupKind::Manual, None, &mut |_, _| {})?))
            .unwrap();
        let err =
            restore_over(&state, &foreign.backup.path, &password("ada", PASSWORD)).unwrap_err();
        assert!(
            matches!(err.code, ErrorCode::InvalidInput),
            "{}",
            err.message
        );
        assert!(err.message.contains("another vault"), "{}", err.message);
        assert!(state.session().unwrap().is_some(), "still open");
    }

    #[test]
    fn a_restore_while_another_program_has_the_vault_open_leaves_it_open() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let state = unlocked(&dir);
        let made = state
            .with_session(|s| Ok(s.create_backup(BackupKind::Manual, None, &mut |_, _| {})?))
            .unwrap();
        add_contact(&state, "Later Person");
        // Another program (here another session) has the vault open.
        let other = steward_core::unlock::unlock(
            &dir,
            vault::Credentials::Password {
                user: "ada",
                password: &Password::new(PASSWORD),
            },
        )
        .unwrap();
        let err = restore_over(&state, &made.backup.path, &password("ada", PASSWORD)).unwrap_err();
        assert!(
            err.message.contains("open in another program"),
            "{}",
            err.message
        );
        assert!(state.session().unwrap().is_some(), "still open");
        assert_eq!(contact_names(&state), ["Later Person"]);
        other.lock().unwrap();

        restore_over(&state, &made.backup.path, &password("ada", PASSWORD)).unwrap();
        assert!(
            state.session().unwrap().is_none(),
            "locked after the restore"
        );
    }

    #[test]
    fn a_damaged_backup_is_refused_while_the_vault_stays_open() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let state = unlocked(&dir);
        let made = state
            .with_session(|s| Ok(s.create_backup(BackupKind::Manual, None, &mut |_, _| {})?))
            .unwrap();
        let mut bytes = std::fs::read(&made.backup.path).unwrap();
        let last = bytes.len() - 100;
        bytes[last] ^= 0x01;
        steward_core::fsutil::write_atomically(&made.backup.path, &bytes).unwrap();

        let err = restore_over(&state, &made.backup.path, &password("ada", PASSWORD)).unwrap_err();
        assert!(matches!(err.code, ErrorCode::Integrity), "{}", err.message);
        assert!(state.session().unwrap().is_some(), "still open");
    }

    #[test]
    fn locking_backs_up_what_changed_and_locks_even_when_the_backup_fails() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let state = unlocked(&dir);
        state.lock_after_backup(BackupKind::Lock).unwrap();
        assert!(state.session().unwrap().is_none(), "locked");
        assert_eq!(kinds(&dir), ["lock"]);

        let other = tmp.path().join("other");
        let state = unlocked(&other);
        // A file where the backup folder should be: the backup fails.
        steward_core::fsutil::write_atomically(&other.join("backups"), b"in the way").unwrap();
        state.lock_after_backup(BackupKind::Quit).unwrap();
        assert!(state.session().unwrap().is_none(), "locked anyway");
    }
}
