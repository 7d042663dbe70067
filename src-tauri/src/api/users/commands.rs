//! Users and passwords.

use steward_core::Password;
use tauri::State;

use crate::api::users::dto::{RoleDto, UserDto};
use crate::api::vault::dto::SessionInfo;
use crate::error::ApiResult;
use crate::state::AppState;

#[tauri::command]
pub fn list_users(state: State<'_, AppState>) -> ApiResult<Vec<UserDto>> {
    state.with_session(|s| Ok(s.list_users()?.into_iter().map(Into::into).collect()))
}

#[tauri::command]
pub async fn add_user(
    state: State<'_, AppState>,
    name: String,
    role: RoleDto,
    password: String,
) -> ApiResult<UserDto> {
    state.with_session(|s| {
        Ok(s.add_user(&name, role.into(), &Password::new(password))?
            .into())
    })
}

#[tauri::command]
pub fn set_user_role(
    state: State<'_, AppState>,
    name: String,
    role: RoleDto,
) -> ApiResult<UserDto> {
    state.with_session(|s| Ok(s.set_role(&name, role.into())?.into()))
}

#[tauri::command]
pub fn disable_user(state: State<'_, AppState>, name: String) -> ApiResult<UserDto> {
    state.with_session(|s| Ok(s.disable_user(&name)?.into()))
}

#[tauri::command]
pub async fn enable_user(
    state: State<'_, AppState>,
    name: String,
    password: String,
) -> ApiResult<UserDto> {
    state.with_session(|s| Ok(s.enable_user(&name, &Password::new(password))?.into()))
}

#[tauri::command]
pub async fn reset_user_password(
    state: State<'_, AppState>,
    name: String,
    password: String,
) -> ApiResult<()> {
    state.with_session(|s| Ok(s.reset_password(&name, &Password::new(password))?))
}

/// Changes the signed-in user's password. In a recovery-key session the
/// current password is not needed (and is ignored).
#[tauri::command]
pub async fn change_password(
    state: State<'_, AppState>,
    current: String,
    new: String,
) -> ApiResult<SessionInfo> {
    state.with_session(|s| {
        let new = Password::new(new);
        if s.unlocked_with_recovery_key() {
            s.set_own_password_after_recovery(&new)?;
        } else {
            s.change_password(&Password::new(current), &new)?;
        }
        Ok(SessionInfo::from(&*s))
    })
}
