//! Consent, purposes, consent forms and data-subject rights: the contact
//! page's consent panel, the Consent screen, the Privacy requests screen
//! and the purpose filter of the contacts export.

use steward_core::consent::NewConsent;
use steward_core::consent::register::{SECURITY_MEASURES, register_markdown};
use tauri::State;

use super::interchange::{export_format, write_new_file};
use crate::dto::ContactQueryDto;
use crate::dto_privacy::{
    ConsentEventDto, ConsentFormDto, ConsentInput, ConsentMethodDto, CurrentConsentDto, DsrKindDto,
    DsrRequestDto, DsrStatusDto, ErasureReportDto, ExpiringConsentDto, ProcessingRegister,
    PurposeDto, PurposePatchDto, PurposeSelectionDto, ReviewActionDto, ReviewCandidateDto,
};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Reads an evidence file chosen in the open dialog: its name and bytes.
/// Core refuses files over its limit too; this stops before reading one.
fn read_evidence(path: Option<&str>) -> ApiResult<Option<(String, Vec<u8>)>> {
    let Some(path) = path.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let limit = steward_core::consent::MAX_EVIDENCE_FILE;
    let meta = std::fs::metadata(path)
        .map_err(|e| ApiError::other(format!("Could not read {path}: {e}.")))?;
    if !meta.is_file() {
        return Err(ApiError::other(format!("{path} is not a file.")));
    }
    if meta.len() > limit as u64 {
        return Err(ApiError::other(format!(
            "The evidence file is larger than {} MiB; attach a smaller copy.",
            limit / (1024 * 1024)
        )));
    }
    let bytes = steward_core::fsutil::read_limited(std::path::Path::new(path), limit as u64)
        .map_err(|e| ApiError::other(format!("Could not read {path}: {e}.")))?;
    let name = std::path::Path::new(path).file_name().map_or_else(
        || "evidence".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Some((name, bytes)))
}

/// An optional text: `null` or blank means none.
fn text(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// Writes `text` to the new file `path` (never over an existing one,
/// readable by the user only); resolves with the number of bytes.
fn write_text(path: &str, text: &str) -> ApiResult<usize> {
    write_new_file(path, |out| {
        out.write_all(text.as_bytes())
            .map_err(|source| steward_core::Error::Io {
                action: format!("write {path}"),
                source,
            })?;
        Ok(text.len())
    })
}

// Purposes.

/// Every purpose of processing, by name.
#[tauri::command]
pub fn list_purposes(state: State<'_, AppState>) -> ApiResult<Vec<PurposeDto>> {
    state.with_session(|s| Ok(s.list_purposes()?.into_iter().map(Into::into).collect()))
}

/// Changes a purpose (`purposes.manage`); fields left out stay as they are.
#[tauri::command]
pub fn update_purpose(
    state: State<'_, AppState>,
    key: String,
    patch: PurposePatchDto,
) -> ApiResult<PurposeDto> {
    let patch = patch.into();
    state.with_session(|s| Ok(s.update_purpose(&key, &patch)?.into()))
}

// A contact's consent.

/// A contact's consent per purpose today, with whether they may be used.
#[tauri::command]
pub fn current_consents(
    state: State<'_, AppState>,
    contact_id: i64,
) -> ApiResult<Vec<CurrentConsentDto>> {
    state.with_session(|s| {
        Ok(s.current_consents(contact_id)?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// A contact's consent history, newest first.
#[tauri::command]
pub fn consent_history(
    state: State<'_, AppState>,
    contact_id: i64,
) -> ApiResult<Vec<ConsentEventDto>> {
    state.with_session(|s| {
        Ok(s.consent_history(contact_id)?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// Records a consent (given or refused) for one purpose; resolves with the
/// event's id. An evidence file is read from its path and kept in the vault.
#[tauri::command]
pub async fn record_consent(
    state: State<'_, AppState>,
    contact_id: i64,
    purpose: String,
    consent: ConsentInput,
) -> ApiResult<i64> {
    let new = NewConsent {
        state: consent.state.into(),
        method: consent.method.into(),
        form_id: consent.form_id,
        evidence: text(consent.evidence),
        evidence_file: read_evidence(consent.evidence_path.as_deref())?,
        expires: text(consent.expires),
    };
    state.with_session(|s| Ok(s.record_consent(contact_id, &purpose, &new)?))
}

/// Records consent given on a form version for every purpose it asks for;
/// resolves with the events' ids.
#[tauri::command]
pub async fn record_consent_from_form(
    state: State<'_, AppState>,
    contact_id: i64,
    form_id: i64,
    method: ConsentMethodDto,
    evidence: Option<String>,
    evidence_path: Option<String>,
    expires: Option<String>,
) -> ApiResult<Vec<i64>> {
    let file = read_evidence(evidence_path.as_deref())?;
    state.with_session(|s| {
        Ok(s.record_consent_from_form(
            contact_id,
            form_id,
            method.into(),
            text(evidence),
            file,
            text(expires),
        )?)
    })
}

/// Withdraws a given consent in one step, with how the withdrawal arrived
/// and optional evidence text; resolves with the event's id.
#[tauri::command]
pub fn withdraw_consent(
    state: State<'_, AppState>,
    contact_id: i64,
    purpose: String,
    method: ConsentMethodDto,
    evidence: Option<String>,
) -> ApiResult<i64> {
    let evidence = text(evidence);
    state.with_session(|s| {
        Ok(s.withdraw_consent(contact_id, &purpose, method.into(), evidence.as_deref())?)
    })
}

/// Writes the evidence file kept with consent record `consent_id` to the
/// new file `path` (never over an existing one, readable by the user only);
/// resolves with its size in bytes. Reading it is recorded.
#[tauri::command]
pub async fn save_consent_evidence(
    state: State<'_, AppState>,
    consent_id: i64,
    path: String,
) -> ApiResult<usize> {
    state.with_session(|s| {
        let (_, bytes) = s.consent_evidence_file(consent_id)?.ok_or_else(|| {
            ApiError::from(steward_core::Error::NotFound {
                entity: "evidence file of consent record",
                id: consent_id.to_string(),
            })
        })?;
        write_new_file(&path, |out| {
            out.write_all(&bytes)
                .map_err(|source| steward_core::Error::Io {
                    action: format!("write {path}"),
                    source,
                })?;
            Ok(bytes.len())
        })
    })
}

/// The given consents that expire within `days` days, soonest first.
#[tauri::command]
pub fn expiring_consents(
    state: State<'_, AppState>,
    days: u32,
) -> ApiResult<Vec<ExpiringConsentDto>> {
    state.with_session(|s| {
        Ok(s.expiring_consents(days)?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// The contacts matching `query` that may be used for `purpose`, and the
/// others counted by reason (recorded as a use).
#[tauri::command]
pub async fn contacts_for_purpose(
    state: State<'_, AppState>,
    purpose: String,
    query: Option<ContactQueryDto>,
) -> ApiResult<PurposeSelectionDto> {
    let query = query.unwrap_or_default().into();
    state.with_session(|s| Ok(s.contacts_for_purpose(&purpose, &query)?.into()))
}

/// Exports the contacts matching `query` that may be used for `purpose` to
/// the new file `path`, as `export_contacts` does; resolves with who was
/// included and how many were left out, by reason.
#[tauri::command]
pub async fn export_for_purpose(
    state: State<'_, AppState>,
    format: String,
    purpose: String,
    query: ContactQueryDto,
    path: String,
) -> ApiResult<PurposeSelectionDto> {
    let format = export_format(&format)?;
    let query = query.into();
    state.with_session(|s| {
        let mut selection = None;
        write_new_file(&path, |out| {
            let chosen = s.export_for_purpose(format, &purpose, &query, out)?;
            let written = chosen.included.len();
            selection = Some(chosen);
            Ok(written)
        })?;
        selection
            .map(Into::into)
            .ok_or_else(|| ApiError::other("The export stopped unexpectedly."))
    })
}

// Consent forms.

/// Every version of every consent form, by name then version.
#[tauri::command]
pub fn list_consent_forms(state: State<'_, AppState>) -> ApiResult<Vec<ConsentFormDto>> {
    state.with_session(|s| {
        Ok(s.list_consent_forms()?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

#[tauri::command]
pub fn get_consent_form(state: State<'_, AppState>, id: i64) -> ApiResult<ConsentFormDto> {
    state.with_session(|s| Ok(s.get_consent_form(id)?.into()))
}

/// Saves form `name` (`purposes.manage`): a new form, a change in place to
/// a version never used, or the next version of one in use.
#[tauri::command]
pub fn save_consent_form(
    state: State<'_, AppState>,
    name: String,
    body: String,
    purposes: Vec<String>,
) -> ApiResult<ConsentFormDto> {
    state.with_session(|s| Ok(s.save_consent_form(&name, &body, &purposes)?.into()))
}

// The processing register.

/// The record of processing activities, one entry per purpose.
#[tauri::command]
pub async fn processing_register(state: State<'_, AppState>) -> ApiResult<ProcessingRegister> {
    state.with_session(|s| {
        let entries = s.processing_register()?;
        Ok(ProcessingRegister {
            vault_id: s.vault_id().to_owned(),
            security_measures: SECURITY_MEASURES.to_owned(),
            entries: entries.into_iter().map(Into::into).collect(),
        })
    })
}

/// Writes the register as Markdown to the new file `path`; resolves with
/// the number of activities in it.
#[tauri::command]
pub async fn export_register(state: State<'_, AppState>, path: String) -> ApiResult<usize> {
    state.with_session(|s| {
        let entries = s.processing_register()?;
        let markdown = register_markdown(
            &entries,
            s.vault_id(),
            &steward_core::clock::now().to_rfc3339(),
        );
        write_text(&path, &markdown)?;
        Ok(entries.len())
    })
}

// Data-subject requests (`rights.manage`).

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_evidence_path_means_no_evidence_file() {
        assert!(read_evidence(None).unwrap().is_none());
        assert!(read_evidence(Some("  ")).unwrap().is_none());
    }

    #[test]
    fn an_evidence_file_is_read_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("signed form.pdf");
        steward_core::fsutil::write_atomically(&path, b"%PDF-1.7").unwrap();
        let (name, bytes) = read_evidence(path.to_str()).unwrap().unwrap();
        assert_eq!(name, "signed form.pdf");
        assert_eq!(bytes, b"%PDF-1.7");
    }

    #[test]
    fn an_evidence_file_over_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.bin");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(steward_core::consent::MAX_EVIDENCE_FILE as u64 + 1)
            .unwrap();
        let err = read_evidence(path.to_str()).unwrap_err();
        assert!(
            err.message.contains("larger than 10 MiB"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_written_text_file_is_new_and_complete() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.md");
        let path = path.to_str().unwrap();
        assert_eq!(write_text(path, "# Register\n").unwrap(), 11);
        assert_eq!(std::fs::read_to_string(path).unwrap(), "# Register\n");
        let again = write_text(path, "other").unwrap_err();
        assert!(
            again.message.contains("already exists"),
            "{}",
            again.message
        );
    }
}
