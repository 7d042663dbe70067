//! Data-subject rights (`rights.manage`): the requests register, access
//! packages, erasure, restriction, objection and the retention review.

use crate::api::consent::commands::text;
use crate::api::rights::dto::{
    DsrKindDto, DsrRequestDto, DsrStatusDto, ErasureReportDto, ReviewActionDto, ReviewCandidateDto,
};
use crate::error::ApiResult;
use crate::files::write_text;
use crate::state::AppState;
use tauri::State;

/// Opens a request received on `receivedOn` (`YYYY-MM-DD`, today when
/// `null`); it is due a month later.
#[tauri::command]
pub fn open_request(
    state: State<'_, AppState>,
    contact_id: i64,
    kind: DsrKindDto,
    received_on: Option<String>,
) -> ApiResult<DsrRequestDto> {
    state.with_session(|s| {
        Ok(
            s.open_request(contact_id, kind.into(), text(received_on).as_deref())?
                .into(),
        )
    })
}

/// The register: open requests by due date, then closed ones.
#[tauri::command]
pub fn list_requests(state: State<'_, AppState>, open_only: bool) -> ApiResult<Vec<DsrRequestDto>> {
    state.with_session(|s| {
        Ok(s.list_requests(open_only)?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// Extends an open request's deadline by two months, once, for a reason.
#[tauri::command]
pub fn extend_request(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> ApiResult<DsrRequestDto> {
    state.with_session(|s| Ok(s.extend_request(id, &reason)?.into()))
}

/// Closes an open request as completed or refused, with its outcome.
#[tauri::command]
pub fn close_request(
    state: State<'_, AppState>,
    id: i64,
    status: DsrStatusDto,
    outcome: String,
) -> ApiResult<DsrRequestDto> {
    state.with_session(|s| Ok(s.close_request(id, status.into(), &outcome)?.into()))
}

/// Writes the access package of a contact (JSON, everything held on them,
/// sensitive fields included) to the new file `path`; resolves with its
/// size in bytes. Building it is recorded.
#[tauri::command]
pub async fn export_access_package(
    state: State<'_, AppState>,
    contact_id: i64,
    path: String,
) -> ApiResult<usize> {
    state.with_session(|s| {
        let package = s.access_package(contact_id)?;
        write_text(&path, &package)
    })
}

/// Erases a person for good; `confirm` must be true. Resolves with what was
/// removed and the certificate for the person who asked.
#[tauri::command]
pub async fn erase_contact(
    state: State<'_, AppState>,
    id: i64,
    confirm: bool,
) -> ApiResult<ErasureReportDto> {
    state.with_session(|s| Ok(s.erase_contact(id, confirm)?.into()))
}

/// Restricts processing of a contact: every use by purpose leaves them out.
#[tauri::command]
pub fn restrict_contact(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.with_session(|s| Ok(s.restrict_contact(id)?))
}

#[tauri::command]
pub fn lift_restriction(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.with_session(|s| Ok(s.lift_restriction(id)?))
}

/// Records an objection to direct marketing; the contact's addresses go on
/// the suppression list.
#[tauri::command]
pub fn object_contact(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.with_session(|s| Ok(s.object_contact(id)?))
}

/// The people kept longer than their purposes allow, or with no basis.
#[tauri::command]
pub async fn retention_review(state: State<'_, AppState>) -> ApiResult<Vec<ReviewCandidateDto>> {
    state.with_session(|s| Ok(s.retention_review()?.into_iter().map(Into::into).collect()))
}

/// Erases or anonymises the people chosen in a review, in one step;
/// `confirm` must be true. Resolves with how many.
#[tauri::command]
pub async fn apply_review(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    action: ReviewActionDto,
    confirm: bool,
) -> ApiResult<usize> {
    state.with_session(|s| Ok(s.apply_review(&ids, action.into(), confirm)?))
}
