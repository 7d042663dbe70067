//! Monitoring: alerts, the security policy, and confirming the password
//! again (an export above the policy's soft limit asks for it).

use std::time::Duration;

use steward_core::Password;
use tauri::State;

use crate::api::monitor::dto::{AlertDto, PolicyDto};
use crate::error::ApiResult;
use crate::state::AppState;

#[tauri::command]
pub fn list_alerts(state: State<'_, AppState>, open_only: bool) -> ApiResult<Vec<AlertDto>> {
    state.with_session(|s| {
        s.check_breach_deadlines()?;
        Ok(s.list_alerts(open_only)?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// Unacknowledged alerts, for the header's badge (0 for roles that do not
/// see alerts).
#[tauri::command]
pub fn open_alert_count(state: State<'_, AppState>) -> ApiResult<u64> {
    state.with_session(|s| Ok(s.open_alert_count()?))
}

#[tauri::command]
pub fn ack_alert(state: State<'_, AppState>, id: i64) -> ApiResult<AlertDto> {
    state.with_session(|s| Ok(s.ack_alert(id)?.into()))
}

#[tauri::command]
pub fn get_policy(state: State<'_, AppState>) -> ApiResult<PolicyDto> {
    state.with_session(|s| Ok(s.policy()?.into()))
}

/// Sets one policy value (owners only).
#[tauri::command]
pub fn set_policy(state: State<'_, AppState>, key: String, value: String) -> ApiResult<PolicyDto> {
    let policy = state.with_session(|s| Ok(s.set_policy(&key, &value)?))?;
    // A new idle time applies to the open session at once.
    let seconds = crate::idle::limit_seconds(Some(&policy));
    state.set_idle_limit(Some(Duration::from_secs(u64::from(seconds))));
    Ok(policy.into())
}

/// Confirms the user's password again; the next export above the soft
/// limit within a few minutes goes through.
#[tauri::command]
pub async fn reauthenticate(state: State<'_, AppState>, password: String) -> ApiResult<()> {
    let password = Password::new(password);
    state.with_session(|s| Ok(s.reauthenticate(&password)?))
}
