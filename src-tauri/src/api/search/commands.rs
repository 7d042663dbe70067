//! Search across contacts, companies and deals.

use crate::api::search::dto::SearchHitDto;
use crate::error::ApiResult;
use crate::state::AppState;
use tauri::State;

#[tauri::command]
pub fn search(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> ApiResult<Vec<SearchHitDto>> {
    state.with_session(|s| {
        Ok(s.search(&query, limit)?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}
