//! Import and export of contacts.

use crate::api::contacts::dto::ContactQueryDto;
use crate::api::interchange::dto::{
    CsvPreviewDto, EmailImportReportDto, EmailImportRequest, ExportFormatDto, ImportInfoDto,
    ImportProgress, ImportReportDto, ImportRequest, UndoReportDto,
};
use crate::error::{ApiError, ApiResult};
use crate::files::{read_file, write_new_file};
use crate::state::AppState;
use steward_core::interchange::email::{EmailFile, EmailImportOptions};
use steward_core::interchange::{ImportOptions, mapping::Field};
use tauri::{AppHandle, Emitter, Manager, State};

/// The import wizard's preview, the file read in `encoding` (a label; `null`
/// detects it); core refuses users who may not import.
#[tauri::command]
pub async fn preview_csv(
    state: State<'_, AppState>,
    path: String,
    encoding: Option<String>,
) -> ApiResult<CsvPreviewDto> {
    state.with_session(|s| {
        // The permission is checked in core; the file is read only once the
        // session is known to exist.
        let bytes = read_file(&path)?;
        Ok(s.preview_csv_as(&bytes, encoding.as_deref())?.into())
    })
}

/// Runs the import off the UI thread and reports progress as
/// `import-progress` events.
#[tauri::command]
pub async fn import_contacts(app: AppHandle, request: ImportRequest) -> ApiResult<ImportReportDto> {
    let bytes = read_file(&request.path)?;
    let options = import_options(&request)?;
    let csv = match request.format.as_str() {
        "csv" => true,
        "vcard" => false,
        other => {
            return Err(ApiError::other(
                "import-format-unknown",
                format!("Unknown import format {other}."),
            )
            .with("format", other));
        }
    };
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        // Core refuses readmitting without rights.manage (and records it).
        state.with_session(|s| {
            let mut progress = |done: usize, total: usize| {
                let _ = app.emit("import-progress", ImportProgress { done, total });
            };
            let report = if csv {
                // Given, not lent: a file in a legacy code page goes once
                // decoded, and a UTF-8 one becomes its text without a copy.
                s.import_csv(bytes, &options, &mut progress)?
            } else {
                s.import_vcard(&bytes, &options, &mut progress)?
            };
            Ok(report.into())
        })
    })
    .await
    .map_err(|_| ApiError::other("stopped-unexpectedly", "The import stopped unexpectedly."))?
}

/// Writes the records of the import `request` describes that it rejects
/// (or would) to `path` — chosen by the user in a save dialog, and which
/// must not exist yet — as CSV with the reason in a last column; the file
/// is readable by the user only. Returns how many rows it wrote.
#[tauri::command]
pub async fn save_rejected_rows(
    state: State<'_, AppState>,
    request: ImportRequest,
    path: String,
) -> ApiResult<usize> {
    let bytes = read_file(&request.path)?;
    let options = import_options(&request)?;
    state.with_session(|s| {
        write_new_file(&path, |out| {
            s.write_rejected_rows(&request.format, &bytes, &options, out)
        })
    })
}

/// The import options an import request describes.
fn import_options(request: &ImportRequest) -> ApiResult<ImportOptions> {
    let mapping = request
        .mapping
        .iter()
        .map(|f| f.as_deref().map(str::parse::<Field>).transpose())
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ImportOptions {
        mapping,
        custom_columns: request.custom_column_pairs(),
        on_duplicate: request.on_duplicate.parse()?,
        dry_run: request.dry_run,
        // People erased or on the suppression list stay out unless a user
        // who handles data-subject requests lets them in on purpose.
        readmit_known: request.readmit_known,
        encoding: request.encoding.clone(),
        skip_rejected: request.skip_rejected,
        notes_as_activities: request.notes_as_activities.unwrap_or(false),
    })
}

/// Imports the chosen `.eml` and `.mbox` files as e-mail activities (a dry
/// run is the preview: counts and the addresses no contact has), off the
/// UI thread; core checks the permission and writes all or nothing.
#[tauri::command]
pub async fn import_email(
    app: AppHandle,
    request: EmailImportRequest,
) -> ApiResult<EmailImportReportDto> {
    let mut read = Vec::with_capacity(request.paths.len());
    for path in &request.paths {
        let name = std::path::Path::new(path)
            .file_name()
            .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
        read.push((name, read_file(path)?));
    }
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.with_session(|s| {
            let files: Vec<EmailFile<'_>> = read
                .iter()
                .map(|(name, bytes)| EmailFile { name, bytes })
                .collect();
            let options = EmailImportOptions {
                dry_run: request.dry_run,
                create_unknown: false,
                create: request.create.clone(),
            };
            Ok(s.import_email(&files, &options)?.into())
        })
    })
    .await
    .map_err(|_| ApiError::other("stopped-unexpectedly", "The import stopped unexpectedly."))?
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
    format: ExportFormatDto,
    ids: Option<Vec<i64>>,
    path: String,
) -> ApiResult<usize> {
    let format = format.into();
    state.with_session(|s| {
        write_new_file(&path, |out| s.export_contacts(format, ids.as_deref(), out))
    })
}

/// Writes the calendar's tasks from `from` to `to` (`YYYY-MM-DD`, null for
/// no bound) to `path` as iCalendar, or only task `task` when it is given;
/// the file must not exist. Returns the number of events.
#[tauri::command]
pub async fn export_calendar(
    state: State<'_, AppState>,
    from: Option<String>,
    to: Option<String>,
    mine_only: bool,
    task: Option<i64>,
    path: String,
) -> ApiResult<usize> {
    state.with_session(|s| {
        write_new_file(&path, |out| match task {
            Some(id) => s.export_task_event(id, out),
            None => s.export_calendar(from.as_deref(), to.as_deref(), mine_only, out),
        })
    })
}

/// Writes the contacts matching `query` (the contacts list's filters or a
/// saved view), in its order, to `path` as `export_contacts` does.
#[tauri::command]
pub async fn export_contacts_where(
    state: State<'_, AppState>,
    format: ExportFormatDto,
    query: ContactQueryDto,
    path: String,
) -> ApiResult<usize> {
    let format = format.into();
    let query = query.into();
    state
        .with_session(|s| write_new_file(&path, |out| s.export_contacts_where(format, &query, out)))
}
