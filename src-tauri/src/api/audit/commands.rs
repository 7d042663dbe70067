//! The audit log.

use std::path::PathBuf;

use tauri::State;

use crate::api::audit::dto::{AuditEntryDto, AuditFilterDto, VerifyReportDto};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[tauri::command]
pub fn list_audit(
    state: State<'_, AppState>,
    filter: AuditFilterDto,
) -> ApiResult<Vec<AuditEntryDto>> {
    state.with_session(|s| {
        Ok(s.audit_entries(&filter.into())?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

#[tauri::command]
pub async fn verify_audit(state: State<'_, AppState>) -> ApiResult<VerifyReportDto> {
    state.with_session(|s| Ok(s.audit_verify()?.into()))
}

/// Writes the matching entries to `path` (chosen in a save dialog) as CSV
/// and returns how many were written.
#[tauri::command]
pub async fn export_audit_csv(
    state: State<'_, AppState>,
    filter: AuditFilterDto,
    path: String,
) -> ApiResult<usize> {
    let path = PathBuf::from(path);
    state.with_session(|s| {
        let created = steward_core::fsutil::NewPrivateFile::create(&path);
        let mut out = created.map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => ApiError::other(
                "file-exists",
                format!("{} already exists; choose another name.", path.display()),
            )
            .with("path", path.display()),
            _ => ApiError::other(
                "file-create-failed",
                format!("Could not create {}: {e}.", path.display()),
            )
            .with("path", path.display()),
        })?;
        // Dropped unfinished on an error, the file is deleted: no empty or
        // partial export is left behind.
        let count = s.audit_export_csv(&filter.into(), &mut out)?;
        out.finish().map_err(|e| {
            ApiError::other(
                "file-write-failed",
                format!("Could not write {}: {e}.", path.display()),
            )
            .with("path", path.display())
        })?;
        Ok(count)
    })
}
