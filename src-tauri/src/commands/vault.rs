//! Creating, unlocking and locking the vault.

use std::path::PathBuf;

use steward_core::backup::BackupKind;
use steward_core::records::sample;
use steward_core::vault::{self, CreateOptions, Credentials};
use steward_core::{Password, RecoveryKey};
use tauri::{AppHandle, Manager, State};

use crate::dto::{
    AppStatus, CreateVaultRequest, CreatedVault, PasswordStrength, SessionInfo, VaultState,
};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> ApiResult<AppStatus> {
    let session = state.session()?.as_ref().map(SessionInfo::from);
    let dir = state.vault_dir();
    let (vault_state, users) = match (&session, &dir) {
        (Some(_), _) => (VaultState::Unlocked, Vec::new()),
        (None, Some(dir)) if vault::exists(dir) => (
            VaultState::Locked,
            vault::users(dir)?
                .into_iter()
                .map(|u| u.user_name)
                .collect(),
        ),
        _ => (VaultState::NoVault, Vec::new()),
    };
    Ok(AppStatus {
        state: vault_state,
        vault_dir: dir.map(|d| d.display().to_string()),
        default_vault_dir: state.default_vault_dir().display().to_string(),
        users,
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
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|_| ApiError::other("The operation stopped unexpectedly."))?
}

#[tauri::command]
pub async fn create_vault(
    state: State<'_, AppState>,
    request: CreateVaultRequest,
) -> ApiResult<CreatedVault> {
    let dir = PathBuf::from(request.dir.trim());
    let target = dir.clone();
    let (session, recovery_key) = blocking(move || {
        let password = Password::new(request.password);
        let created = vault::create(
            &target,
            &request.user,
            &password,
            &CreateOptions::calibrated(),
        )?;
        let mut session = created.session;
        if request.sample_data {
            sample::add_sample_contacts(&mut session)?;
        }
        Ok((
            session,
            created.recovery_key.expose_display_text().to_string(),
        ))
    })
    .await?;
    let info = SessionInfo::from(&session);
    state.lock()?;
    *state.session()? = Some(session);
    state.remember_vault_dir(dir)?;
    Ok(CreatedVault {
        recovery_key,
        session: info,
    })
}

#[tauri::command]
pub async fn unlock_vault(
    state: State<'_, AppState>,
    user: String,
    password: String,
) -> ApiResult<SessionInfo> {
    let dir = state.vault_dir().ok_or_else(no_vault)?;
    let session = blocking(move || {
        let password = Password::new(password);
        Ok(vault::unlock(
            &dir,
            Credentials::Password {
                user: &user,
                password: &password,
            },
        )?)
    })
    .await?;
    let info = SessionInfo::from(&session);
    state.lock()?;
    *state.session()? = Some(session);
    Ok(info)
}

#[tauri::command]
pub async fn unlock_with_recovery_key(
    state: State<'_, AppState>,
    recovery_key: String,
) -> ApiResult<SessionInfo> {
    let dir = state.vault_dir().ok_or_else(no_vault)?;
    let session = blocking(move || {
        let key = RecoveryKey::parse(&recovery_key)?;
        Ok(vault::unlock(
            &dir,
            Credentials::RecoveryKey {
                user: None,
                key: &key,
            },
        )?)
    })
    .await?;
    let info = SessionInfo::from(&session);
    state.lock()?;
    *state.session()? = Some(session);
    Ok(info)
}

/// Backs up what changed since the last backup (off the UI thread), then
/// locks; a failed backup does not keep the vault open.
#[tauri::command]
pub async fn lock_vault(app: AppHandle) -> ApiResult<()> {
    blocking(move || app.state::<AppState>().lock_after_backup(BackupKind::Lock)).await
}

fn no_vault() -> ApiError {
    ApiError {
        code: crate::error::ErrorCode::InvalidInput,
        message: "No vault has been chosen yet; create one first.".into(),
    }
}
