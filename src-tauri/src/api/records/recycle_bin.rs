//! The recycle bin of every record type.

use tauri::State;

use crate::api::records::dto::{DeletedRecordDto, RecordKindDto};
use crate::error::ApiResult;
use crate::state::AppState;

/// The deleted records the user may restore, newest deletion first; only
/// those of `kind` when given.
#[tauri::command]
pub fn list_recycle_bin(
    state: State<'_, AppState>,
    kind: Option<RecordKindDto>,
) -> ApiResult<Vec<DeletedRecordDto>> {
    state.with_session(|s| {
        Ok(s.list_recycle_bin(kind.map(Into::into))?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// Brings a record back from the recycle bin; a contact merged into another
/// comes back by undoing the merge, which takes back what moved.
#[tauri::command]
pub fn restore_record(state: State<'_, AppState>, kind: RecordKindDto, id: i64) -> ApiResult<()> {
    state.with_session(|s| {
        let kind = kind.into();
        if kind == steward_core::records::recycle_bin::RecordKind::Contact
            && s.merge_of(id)?.is_some()
        {
            s.undo_merge(id)?;
            return Ok(());
        }
        Ok(s.restore_record(kind, id)?)
    })
}
