//! Creating, unlocking and locking the vault.

use std::path::PathBuf;

use steward_core::backup::BackupKind;
use steward_core::sample;
use steward_core::vault::device::SystemKeychain;
use steward_core::vault::{self, CreateOptions, Credentials};
use steward_core::{Password, RecoveryKey};
use tauri::{AppHandle, Manager, State};

use crate::api::vault::dto::{
    AppStatus, CreateVaultRequest, CreatedVault, PasswordStrength, SessionInfo, SessionNoticeKind,
    VaultState,
};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> ApiResult<AppStatus> {
    let session = state.session()?.as_ref().map(SessionInfo::from);
    let dir = state.vault_dir();
    let (vault_state, users, remembered_users) = match (&session, &dir) {
        (Some(_), _) => (VaultState::Unlocked, Vec::new(), Vec::new()),
        (None, Some(dir)) if vault::exists(dir) => (
            VaultState::Locked,
            vault::users(dir)?
                .into_iter()
                .map(|u| u.user_name)
                .collect(),
            // A damaged keyslots file shows as the unlock's own error.
            vault::remembered_users(dir)
                .unwrap_or_default()
                .into_iter()
                .map(|u| u.user_name)
                .collect(),
        ),
        _ => (VaultState::NoVault, Vec::new(), Vec::new()),
    };
    Ok(AppStatus {
        state: vault_state,
        vault_dir: dir.map(|d| d.display().to_string()),
        default_vault_dir: state.default_vault_dir().display().to_string(),
        users,
        remembered_users,
        session,
    })
}

#[tauri::command]
pub fn password_strength(password: String, user: String) -> PasswordStrength {
    steward_core::auth::password::strength(&Password::new(password), &user).into()
}

/// Key derivation takes about half a second, so it runs off the UI thread.
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

#[tauri::command]
pub async fn create_vault(
    state: State<'_, AppState>,
    request: CreateVaultRequest,
) -> ApiResult<CreatedVault> {
    let dir = PathBuf::from(request.dir.trim());
    let target = dir.clone();
    let (session, recovery_key, notice) = blocking(move || {
        let password = Password::new(request.password);
        let options = CreateOptions {
            language: request.language.into(),
            ..CreateOptions::calibrated()
        };
        let created = steward_core::unlock::create(&target, &request.user, &password, &options)?;
        let mut session = created.session;
        // The vault exists and only this answer carries its recovery key: a
        // sample that fails halfway is said, never returned as the error.
        let notice = request
            .sample_data
            .then(|| sample::add_sample_business(&mut session).err())
            .flatten()
            .map(|e| {
                let cause = ApiError::from(e);
                (
                    SessionNoticeKind::SampleIncomplete,
                    format!(
                        "The sample business could not be added in full: {}",
                        cause.message
                    ),
                    Some(cause),
                )
            });
        Ok((
            session,
            created.recovery_key.expose_display_text().to_string(),
            notice,
        ))
    })
    .await?;
    let mut info = state.open(session)?;
    if let Some((kind, message, cause)) = notice {
        info = info.with_notice(kind, message, cause);
    }
    state.remember_vault_dir(dir)?;
    Ok(CreatedVault {
        recovery_key,
        session: info,
    })
}

/// Unlocks with a password. With `remember`, this computer is remembered
/// for the user afterwards (the OS keychain keeps a secret for a device
/// slot); a failure there does not undo the unlock, it comes back as the
/// session's notice. A device slot whose keychain entry was deleted or
/// changed is removed here.
#[tauri::command]
pub async fn unlock_vault(
    app: AppHandle,
    state: State<'_, AppState>,
    user: String,
    password: String,
    remember: Option<bool>,
) -> ApiResult<SessionInfo> {
    let dir = state.vault_dir().ok_or_else(no_vault)?;
    let (session, check, notice) = blocking(move || {
        let password = Password::new(password);
        let (mut session, check) = steward_core::unlock::unlock_checking_pages_later(
            &dir,
            Credentials::Password {
                user: &user,
                password: &password,
            },
        )?;
        let mut notice = None;
        if session
            .prune_stale_device_slot(&SystemKeychain)
            .unwrap_or(false)
        {
            notice = Some((
                SessionNoticeKind::DeviceForgotten,
                "This computer no longer held your saved sign-in, so it was forgotten; \
                 tick \"Remember me\" to save it again."
                    .to_owned(),
                None,
            ));
        }
        if remember == Some(true)
            && !session.remembered_on_this_device()
            && let Err(e) = session.remember_this_device(&SystemKeychain)
        {
            let cause = ApiError::from(e);
            notice = Some((
                SessionNoticeKind::DeviceNotRemembered,
                format!("This computer could not be remembered: {}", cause.message),
                Some(cause),
            ));
        }
        Ok((session, check, notice))
    })
    .await?;
    let mut info = state.open(session)?;
    crate::autolock::check_pages_in_background(app, check);
    if let Some((kind, message, cause)) = notice {
        info = info.with_notice(kind, message, cause);
    }
    Ok(info)
}

/// Unlocks as a user remembered on this computer, with the secret the OS
/// keychain holds for them. When the entry is gone or changed, this fails
/// with `authentication` and the password is needed.
#[tauri::command]
pub async fn unlock_with_device(
    app: AppHandle,
    state: State<'_, AppState>,
    user: String,
) -> ApiResult<SessionInfo> {
    let dir = state.vault_dir().ok_or_else(no_vault)?;
    let (session, check) = blocking(move || {
        Ok(steward_core::unlock::unlock_checking_pages_later(
            &dir,
            Credentials::Device {
                user: &user,
                store: &SystemKeychain,
            },
        )?)
    })
    .await?;
    let info = state.open(session)?;
    crate::autolock::check_pages_in_background(app, check);
    Ok(info)
}

/// "Remember me on this computer" for the signed-in user.
#[tauri::command]
pub async fn remember_device(app: AppHandle) -> ApiResult<SessionInfo> {
    blocking(move || {
        app.state::<AppState>().with_session(|s| {
            s.remember_this_device(&SystemKeychain)?;
            Ok(SessionInfo::from(&*s))
        })
    })
    .await
}

/// Forgets this computer for the signed-in user: the device slot and its
/// keychain entry go; the password is needed from then on.
#[tauri::command]
pub async fn forget_device(app: AppHandle) -> ApiResult<SessionInfo> {
    blocking(move || {
        app.state::<AppState>().with_session(|s| {
            s.forget_this_device(&SystemKeychain)?;
            Ok(SessionInfo::from(&*s))
        })
    })
    .await
}

/// The user typed, clicked or scrolled: the idle clock starts again. The
/// window sends this at most every few seconds while in use.
#[tauri::command]
pub fn note_activity(state: State<'_, AppState>) {
    state.note_input();
}

#[tauri::command]
pub async fn unlock_with_recovery_key(
    app: AppHandle,
    state: State<'_, AppState>,
    recovery_key: String,
) -> ApiResult<SessionInfo> {
    let dir = state.vault_dir().ok_or_else(no_vault)?;
    let (session, check) = blocking(move || {
        let key = RecoveryKey::parse(&recovery_key)?;
        Ok(steward_core::unlock::unlock_checking_pages_later(
            &dir,
            Credentials::RecoveryKey {
                user: None,
                key: &key,
            },
        )?)
    })
    .await?;
    let info = state.open(session)?;
    crate::autolock::check_pages_in_background(app, check);
    Ok(info)
}

/// Backs up what changed since the last backup (off the UI thread), then
/// locks; a failed backup does not keep the vault open.
#[tauri::command]
pub async fn lock_vault(app: AppHandle) -> ApiResult<()> {
    blocking(move || {
        app.state::<AppState>()
            .lock_after_backup(BackupKind::Lock)
            .map(drop)
    })
    .await
}

fn no_vault() -> ApiError {
    ApiError::new(
        crate::error::ErrorCode::InvalidInput,
        "no-vault-chosen",
        "No vault has been chosen yet; create one first.",
    )
}
