//! Search, import, export and the recycle bin.

use tauri::{AppHandle, Emitter, Manager, State};

use crate::dto::{
    CsvPreviewDto, DeletedContactDto, ImportInfoDto, ImportProgress, ImportReportDto,
    ImportRequest, SearchHitDto, UndoReportDto,
};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use steward_core::interchange::{ExportFormat, ImportOptions, mapping::Field};

fn read_file(path: &str) -> ApiResult<Vec<u8>> {
    const MAX: u64 = 512 * 1024 * 1024;
    let meta = std::fs::metadata(path)
        .map_err(|e| ApiError::other(format!("Could not read {path}: {e}.")))?;
    if meta.len() > MAX {
        return Err(ApiError::other(
            "The file is larger than 512 MiB; split it and import the parts.",
        ));
    }
    std::fs::read(path).map_err(|e| ApiError::other(format!("Could not read {path}: {e}.")))
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
        on_duplicate: request.on_duplicate.parse()?,
        dry_run: request.dry_run,
    };
    let csv = match request.format.as_str() {
        "csv" => true,
        "vcard" => false,
        other => return Err(ApiError::other(format!("Unknown import format {other}."))),
    };
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
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

/// Writes the chosen contacts (all when `ids` is null) to `path`, which must
/// not exist yet; the file is readable by the user only.
#[tauri::command]
pub async fn export_contacts(
    state: State<'_, AppState>,
    format: String,
    ids: Option<Vec<i64>>,
    path: String,
) -> ApiResult<usize> {
    let format = match format.as_str() {
        "csv" => ExportFormat::Csv,
        "vcard" => ExportFormat::Vcard,
        other => return Err(ApiError::other(format!("Unknown export format {other}."))),
    };
    state.with_session(|s| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                ApiError::other(format!("{path} already exists; choose another name."))
            }
            _ => ApiError::other(format!("Could not create {path}: {e}.")),
        })?;
        let mut out = std::io::BufWriter::new(file);
        let result = s.export_contacts(format, ids.as_deref(), &mut out);
        if result.is_err() {
            drop(out);
            let _ = std::fs::remove_file(&path);
        }
        Ok(result?)
    })
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
