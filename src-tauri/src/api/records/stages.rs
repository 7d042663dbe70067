//! Configuring the pipeline's stages (the Settings screen). Listing them is
//! `list_stages` in `records`; everything here needs `settings.manage`,
//! which the core checks.

use steward_core::records::deals::StageKind;
use tauri::State;

use crate::api::records::dto::StageDto;
use crate::error::ApiResult;
use crate::state::AppState;

/// Adds a stage at the end; `kind` is `open`, `won` or `lost`.
#[tauri::command]
pub fn add_stage(
    state: State<'_, AppState>,
    name: String,
    probability: u8,
    kind: String,
) -> ApiResult<StageDto> {
    let kind: StageKind = kind.parse()?;
    state.with_session(|s| Ok(s.add_stage(&name, probability, kind)?.into()))
}

#[tauri::command]
pub fn rename_stage(state: State<'_, AppState>, id: i64, name: String) -> ApiResult<StageDto> {
    state.with_session(|s| Ok(s.rename_stage(id, &name)?.into()))
}

/// The probability deals in the stage have unless they set their own.
#[tauri::command]
pub fn set_stage_probability(
    state: State<'_, AppState>,
    id: i64,
    probability: u8,
) -> ApiResult<StageDto> {
    state.with_session(|s| Ok(s.set_stage_probability(id, probability)?.into()))
}

/// `ids` lists every stage once, first to last; resolves with the new order.
#[tauri::command]
pub fn reorder_stages(state: State<'_, AppState>, ids: Vec<i64>) -> ApiResult<Vec<StageDto>> {
    state.with_session(|s| {
        Ok(s.reorder_stages(&ids)?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// Deletes a stage no deal uses; resolves with the stages left, in order.
#[tauri::command]
pub fn delete_stage(state: State<'_, AppState>, id: i64) -> ApiResult<Vec<StageDto>> {
    state.with_session(|s| Ok(s.delete_stage(id)?.into_iter().map(Into::into).collect()))
}
