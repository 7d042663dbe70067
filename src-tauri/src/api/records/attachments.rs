//! Files on contacts, companies, deals and activities: add (from paths a file picker or
//! a drop gave), list, open in the system's viewer, save a copy, rename and
//! delete to the recycle bin (restored there, `recycle_bin.rs`).

use serde::{Deserialize, Serialize};
use steward_core::records::activities::About;
use steward_core::records::attachments::{AttachedTo, Attachment, ReadPurpose};
use steward_core::records::recycle_bin::RecordKind;
use tauri::State;
use ts_rs::TS;

use crate::api::records::dto::AboutDto;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// A file on a record, without its content.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Attachment")]
pub struct AttachmentDto {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
    pub sha256: String,
    #[ts(type = "number")]
    pub owner_id: i64,
    /// When it was added (RFC 3339).
    pub created_at: String,
}

impl From<Attachment> for AttachmentDto {
    fn from(a: Attachment) -> Self {
        Self {
            id: a.id,
            name: a.name,
            size: a.size,
            sha256: a.sha256,
            owner_id: a.owner_id,
            created_at: a.created_at,
        }
    }
}

/// The record files are on: a contact, company, deal or activity.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "AttachedTo")]
pub struct AttachedToDto {
    pub kind: AttachedKind,
    #[ts(type = "number")]
    pub id: i64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AttachedKind {
    Contact,
    Company,
    Deal,
    Activity,
}

fn attached_to(on: AttachedToDto) -> AttachedTo {
    match on.kind {
        AttachedKind::Contact => AttachedTo::Contact(on.id),
        AttachedKind::Company => AttachedTo::Company(on.id),
        AttachedKind::Deal => AttachedTo::Deal(on.id),
        AttachedKind::Activity => AttachedTo::Activity(on.id),
    }
}

/// How many files an activity holds.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ActivityFileCount")]
pub struct ActivityFileCountDto {
    #[ts(type = "number")]
    pub activity_id: i64,
    #[ts(type = "number")]
    pub count: u64,
}

/// How many files each activity of a contact's, company's or deal's
/// timeline holds (those without files are left out).
#[tauri::command]
pub fn activity_attachment_counts(
    state: State<'_, AppState>,
    about: AboutDto,
) -> ApiResult<Vec<ActivityFileCountDto>> {
    state.with_session(|s| {
        Ok(s.activity_attachment_counts(About::from(about))?
            .into_iter()
            .map(|(activity_id, count)| ActivityFileCountDto { activity_id, count })
            .collect())
    })
}

/// The record's files, newest first.
#[tauri::command]
pub fn list_attachments(
    state: State<'_, AppState>,
    on: AttachedToDto,
) -> ApiResult<Vec<AttachmentDto>> {
    state.with_session(|s| {
        Ok(s.list_attachments(attached_to(on))?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// Adds the files at `paths` (from the file picker or a drop) to the
/// record, each streamed into the vault; resolves with their ids. Stops at
/// the first that fails: those before it are added.
#[tauri::command]
pub async fn add_attachments(
    state: State<'_, AppState>,
    on: AttachedToDto,
    paths: Vec<String>,
) -> ApiResult<Vec<i64>> {
    let on = attached_to(on);
    let mut ids = Vec::with_capacity(paths.len());
    for path in paths {
        let p = std::path::Path::new(&path);
        if !std::fs::metadata(p).is_ok_and(|m| m.is_file()) {
            return Err(
                ApiError::other("file-not-a-file", format!("{path} is not a file."))
                    .with("path", &path),
            );
        }
        let mut file = std::fs::File::open(p).map_err(|e| {
            ApiError::other("file-read-failed", format!("Could not read {path}: {e}."))
                .with("path", &path)
        })?;
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        ids.push(state.with_session(|s| Ok(s.add_attachment(on, &name, &mut file)?))?);
    }
    Ok(ids)
}

/// Decrypts the file to a private temporary file and opens it in the
/// system's viewer (removed when the vault locks).
#[tauri::command]
pub async fn open_attachment(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    let path = state.with_session(|s| {
        let found = s.get_attachment(id)?;
        let (path, mut file) = crate::viewer::new_file(id, &found.name)?;
        s.read_attachment(id, ReadPurpose::Open, &mut file)?;
        file.finish().map_err(|e| {
            ApiError::other(
                "private-file-failed",
                format!("Could not write a private file: {e}."),
            )
        })?;
        Ok(path)
    })?;
    crate::viewer::open_with_system(&path)
}

/// Saves a copy of the file to `path`, a new file (never over an existing
/// one); resolves with its size.
#[tauri::command]
pub async fn save_attachment_copy(
    state: State<'_, AppState>,
    id: i64,
    path: String,
) -> ApiResult<u64> {
    state.with_session(|s| {
        let mut size = 0;
        crate::files::write_new_file(&path, |out| {
            size = s.read_attachment(id, ReadPurpose::SaveCopy, out)?.size;
            Ok(usize::try_from(size).unwrap_or(usize::MAX))
        })?;
        Ok(size)
    })
}

/// Renames a file.
#[tauri::command]
pub fn rename_attachment(
    state: State<'_, AppState>,
    id: i64,
    name: String,
) -> ApiResult<AttachmentDto> {
    state.with_session(|s| Ok(s.rename_attachment(id, &name)?.into()))
}

/// Moves a file to the recycle bin.
#[tauri::command]
pub fn delete_attachment(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.with_session(|s| Ok(s.delete_record(RecordKind::Attachment, id)?))
}
