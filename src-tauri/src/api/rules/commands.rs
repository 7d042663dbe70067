//! The rules for customer data.

use tauri::State;

use crate::api::rules::dto::{RulesStateDto, RulesVersionDto, UserRulesStatusDto};
use crate::error::ApiResult;
use crate::state::AppState;

/// Where the signed-in user stands: the current rules and whether they must
/// acknowledge them (asked after each unlock).
#[tauri::command]
pub fn rules_state(state: State<'_, AppState>) -> ApiResult<RulesStateDto> {
    state.with_session(|s| Ok(s.rules_state()?.into()))
}

/// Acknowledges the version the user was shown.
#[tauri::command]
pub fn acknowledge_rules(state: State<'_, AppState>, version: i64) -> ApiResult<RulesStateDto> {
    state.with_session(|s| Ok(s.acknowledge_rules(version)?.into()))
}

/// The built-in rules in the vault's language, for an owner to start from.
#[tauri::command]
pub fn rules_template(state: State<'_, AppState>) -> ApiResult<String> {
    state.with_session(|s| Ok(s.rules_template()?))
}

/// Publishes a new version (owners only).
#[tauri::command]
pub fn set_rules(state: State<'_, AppState>, text: String) -> ApiResult<RulesVersionDto> {
    state.with_session(|s| Ok(s.set_rules(&text)?.into()))
}

/// Who acknowledged which version (owners only).
#[tauri::command]
pub fn rules_status(state: State<'_, AppState>) -> ApiResult<Vec<UserRulesStatusDto>> {
    state.with_session(|s| Ok(s.rules_status()?.into_iter().map(Into::into).collect()))
}
