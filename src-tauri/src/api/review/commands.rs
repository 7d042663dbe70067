//! Access reviews: start, show, decide, close, export, the past ones and
//! when the next is due.

use tauri::State;

use crate::api::review::dto::{
    AccessReviewDto, DecisionDto, ReviewStatusDto, ReviewSummaryDto, ReviewedUserDto,
};
use crate::error::ApiResult;
use crate::state::AppState;

#[tauri::command]
pub fn start_review(state: State<'_, AppState>) -> ApiResult<AccessReviewDto> {
    state.with_session(|s| Ok(s.start_review()?.into()))
}

/// The open review, if one is.
#[tauri::command]
pub fn open_review(state: State<'_, AppState>) -> ApiResult<Option<AccessReviewDto>> {
    state.with_session(|s| Ok(s.open_review()?.map(Into::into)))
}

#[tauri::command]
pub fn get_review(state: State<'_, AppState>, id: i64) -> ApiResult<AccessReviewDto> {
    state.with_session(|s| Ok(s.review(id)?.into()))
}

#[tauri::command]
pub fn list_reviews(state: State<'_, AppState>) -> ApiResult<Vec<ReviewSummaryDto>> {
    state.with_session(|s| Ok(s.list_reviews()?.into_iter().map(Into::into).collect()))
}

/// When the next review is due, for the overdue notice (owners and admins).
#[tauri::command]
pub fn review_status(state: State<'_, AppState>) -> ApiResult<ReviewStatusDto> {
    state.with_session(|s| Ok(s.review_status()?.into()))
}

#[tauri::command]
pub fn decide_review(
    state: State<'_, AppState>,
    user: String,
    decision: DecisionDto,
) -> ApiResult<ReviewedUserDto> {
    let decision = decision.try_into()?;
    state.with_session(|s| Ok(s.decide_review(&user, decision)?.into()))
}

/// Closes the open review, applying every decision at once.
#[tauri::command]
pub fn close_review(state: State<'_, AppState>) -> ApiResult<AccessReviewDto> {
    state.with_session(|s| Ok(s.close_review()?.into()))
}

/// Writes a review's report to `path` (chosen in a save dialog) as CSV in
/// the vault's language.
#[tauri::command]
pub async fn export_review_csv(state: State<'_, AppState>, id: i64, path: String) -> ApiResult<()> {
    state.with_session(|s| {
        crate::files::write_new_file(&path, |out| s.export_review(Some(id), out).map(|()| 0))
            .map(drop)
    })
}
