//! Search, import, export and the recycle bin.

use tauri::{AppHandle, Emitter, Manager, State};

use crate::dto::{
    ContactQueryDto, CsvPreviewDto, DeletedContactDto, ImportInfoDto, ImportProgress,
    ImportReportDto, ImportRequest, SearchHitDto, UndoReportDto,
};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use steward_core::interchange::{ExportFormat, ImportOptions, mapping::Field};

fn read_file(path: &str) -> ApiResult<Vec<u8>> {
    use steward_core::fsutil::{MAX_INPUT_FILE, read_limited};
    read_limited(std::path::Path::new(path), MAX_INPUT_FILE).map_err(|e| match e.kind() {
        std::io::ErrorKind::FileTooLarge => {
            ApiError::other("The file is larger than 512 MiB; split it and import the parts.")
        }
        _ => ApiError::other(format!("Could not read {path}: {e}.")),
    })
}

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

/// The import wizard's preview; core refuses users who may not import.
#[tauri::command]
pub async fn preview_csv(state: State<'_, AppState>, path: String) -> ApiResult<CsvPreviewDto> {
    state.with_session(|s| {
        // The permission is checked in core; the file is read only once the
        // session is known to exist.
        let bytes = read_file(&path)?;
        Ok(s.preview_csv(&bytes)?.into())
    })
}

/// Runs the import off the UI thread and reports progress as
/// `import-progress` events.
#[tauri::command]
pub async fn import_contacts(app: AppHandle, request: ImportRequest) -> ApiResult<ImportReportDto> {
    let bytes = read_file(&request.path)?;
    let mapping = request
        .mapping
        .iter()
        .map(|f| f.as_deref().map(str::parse::<Field>).transpose())
        .collect::<Result<Vec<_>, _>>()?;
    let options = ImportOptions {
        mapping,
        custom_columns: request.custom_column_pairs(),
        on_duplicate: request.on_duplicate.parse()?,
        dry_run: request.dry_run,
        // People erased or on the suppression list stay out unless a user
        // who handles data-subject requests lets them in on purpose.
        readmit_known: request.readmit_known,
    };
    let csv = match request.format.as_str() {
        "csv" => true,
        "vcard" => false,
        other => return Err(ApiError::other(format!("Unknown import format {other}."))),
    };
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        // Core refuses readmitting without rights.manage (and records it).
        state.with_session(|s| {
            let mut progress = |done: usize, total: usize| {
                let _ = app.emit("import-progress", ImportProgress { done, total });
            };
            let report = if csv {
                s.import_csv(&bytes, &options, &mut progress)?
            } else {
                s.import_vcard(&bytes, &options, &mut progress)?
            };
            Ok(report.into())
        })
    })
    .await
    .map_err(|_| ApiError::other("The import stopped unexpectedly."))?
}

#[tauri::command]
pub fn list_imports(state: State<'_, AppState>) -> ApiResult<Vec<ImportInfoDto>> {
    state.with_session(|s| Ok(s.list_imports()?.into_iter().map(Into::into).collect()))
}

#[tauri::command]
pub fn undo_import(state: State<'_, AppState>, id: i64) -> ApiResult<UndoReportDto> {
    state.with_session(|s| Ok(s.undo_import(id)?.into()))
}

pub(crate) fn export_format(name: &str) -> ApiResult<ExportFormat> {
    match name {
        "csv" => Ok(ExportFormat::Csv),
        "vcard" => Ok(ExportFormat::Vcard),
        other => Err(ApiError::other(format!("Unknown export format {other}."))),
    }
}

/// Creates `path` as a new file readable by the user only, hands it to
/// `write`, and deletes it again when `write` or the final flush fails.
pub(crate) fn write_new_file(
    path: &str,
    write: impl FnOnce(&mut dyn std::io::Write) -> steward_core::Result<usize>,
) -> ApiResult<usize> {
    let created = steward_core::fsutil::NewPrivateFile::create(std::path::Path::new(path));
    let mut out = created.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            ApiError::other(format!("{path} already exists; choose another name."))
        }
        _ => ApiError::other(format!("Could not create {path}: {e}.")),
    })?;
    // Dropped unfinished, when `write` fails, the file is deleted.
    let n = write(&mut out)?;
    out.finish()
        .map_err(|e| ApiError::other(format!("Could not write {path}: {e}.")))?;
    Ok(n)
}

/// Writes the chosen contacts (all when `ids` is null) to `path`, which must
/// not exist yet; the file is readable by the user only.
#[tauri::command]
pub async fn export_contacts(
    state: State<'_, AppState>,
    format: String,
    ids: Option<Vec<i64>>,
    path: String,
) -> ApiResult<usize> {
    let format = export_format(&format)?;
    state.with_session(|s| {
        write_new_file(&path, |out| s.export_contacts(format, ids.as_deref(), out))
    })
}

/// Writes the contacts matching `query` (the contacts list's filters or a
/// saved view), in its order, to `path` as `export_contacts` does.
#[tauri::command]
pub async fn export_contacts_where(
    state: State<'_, AppState>,
    format: String,
    query: ContactQueryDto,
    path: String,
) -> ApiResult<usize> {
    let format = export_format(&format)?;
    let query = query.into();
    state
        .with_session(|s| write_new_file(&path, |out| s.export_contacts_where(format, &query, out)))
}

#[tauri::command]
pub fn list_deleted_contacts(state: State<'_, AppState>) -> ApiResult<Vec<DeletedContactDto>> {
    state.with_session(|s| {
        Ok(s.list_deleted_contacts()?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

#[tauri::command]
pub fn restore_contact(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.with_session(|s| Ok(s.restore_contact(id)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_never_overwrites_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taken.csv");
        steward_core::fsutil::write_atomically(&path, b"keep me").unwrap();
        let path = path.to_str().unwrap();
        let err = write_new_file(path, |_| Ok(0)).unwrap_err();
        assert!(err.message.contains("already exists"), "{}", err.message);
        assert_eq!(
            std::fs::read(path).unwrap(),
            b"keep me",
            "the file is untouched"
        );
    }

    #[test]
    fn a_failed_export_leaves_no_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let path = path.to_str().unwrap();
        let err = write_new_file(path, |out| {
            out.write_all(b"half a file").unwrap();
            Err(steward_core::Error::InvalidInput("no".into()))
        })
        .unwrap_err();
        assert!(matches!(err.code, crate::error::ErrorCode::InvalidInput));
        assert!(
            !std::path::Path::new(path).exists(),
            "the partial file is deleted"
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_export_is_readable_by_the_user_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let written = write_new_file(path.to_str().unwrap(), |out| {
            out.write_all(b"Name\n").unwrap();
            Ok(1)
        })
        .unwrap();
        assert_eq!(written, 1);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
