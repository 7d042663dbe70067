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
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => ApiError::other(format!(
                "{} already exists; choose another name.",
                path.display()
            )),
            _ => ApiError::other(format!("Could not create {}: {e}.", path.display())),
        })?;
        let mut out = std::io::BufWriter::new(file);
        let count = match s.audit_export_csv(&filter.into(), &mut out) {
            Ok(count) => count,
            Err(err) => {
                // Leave no empty or partial export behind.
                drop(out);
                let _ = std::fs::remove_file(&path);
                return Err(err.into());
            }
        };
        let file = out.into_inner().map_err(|e| {
            ApiError::other(format!(
                "Could not write {}: {}.",
                path.display(),
                e.error()
            ))
        })?;
        file.sync_all()
            .map_err(|e| ApiError::other(format!("Could not write {}: {e}.", path.display())))?;
        Ok(count)
    })
}
