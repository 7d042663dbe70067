//! The team vault indicator's commands. The sync itself runs on the sync
//! thread (`worker`); these read its status and wake it.

use tauri::{AppHandle, Emitter, State};
use zeroize::Zeroizing;

use super::dto::{TeamPasswordSaved, TeamStatusDto};
use super::engine::{TeamSync, Trigger};
use super::worker::STATUS_EVENT;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;

/// The status of the open replica's sync; `null` when the open vault is not
/// a replica (or its sync has not started yet: `team-status` follows).
#[tauri::command]
pub fn team_status(
    state: State<'_, AppState>,
    team: State<'_, TeamSync>,
) -> ApiResult<Option<TeamStatusDto>> {
    state.with_session(|_| Ok(()))?;
    Ok(team.status())
}

/// Syncs now instead of at the next occasion: the sync thread wakes, and
/// says the outcome with `team-status`.
#[tauri::command]
pub fn team_sync_now(state: State<'_, AppState>, team: State<'_, TeamSync>) -> ApiResult<()> {
    state.with_session(|_| Ok(()))?;
    require_replica(&team)?;
    team.wake(Trigger::SyncNow);
    Ok(())
}

/// The user saw the conflicts resolved and the changes refused: the
/// indicator stops showing them.
#[tauri::command]
pub fn team_seen(
    app: AppHandle,
    state: State<'_, AppState>,
    team: State<'_, TeamSync>,
) -> ApiResult<()> {
    state.with_session(|_| Ok(()))?;
    if team.seen() {
        let _ = app.emit(STATUS_EVENT, team.status());
    }
    Ok(())
}

/// The team server's password, asked when the server refused the one it
/// had (or had none): kept in the system keychain, never in the vault or a
/// file, and tried at once.
#[tauri::command]
pub fn team_set_password(
    state: State<'_, AppState>,
    team: State<'_, TeamSync>,
    password: String,
) -> ApiResult<TeamPasswordSaved> {
    let password = Zeroizing::new(password);
    state.with_session(|_| Ok(()))?;
    let status = require_replica(&team)?;
    if password.is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "team-password-empty",
            "Enter the team server's password.",
        ));
    }
    let remembered = team.set_password(&status.team, password);
    team.wake(Trigger::SyncNow);
    Ok(TeamPasswordSaved { remembered })
}

fn require_replica(team: &TeamSync) -> ApiResult<TeamStatusDto> {
    team.status().ok_or_else(|| {
        ApiError::from(steward_core::Error::NotFound {
            entity: "team vault replica",
            id: String::new(),
        })
    })
}
