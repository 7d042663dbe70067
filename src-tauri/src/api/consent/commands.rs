//! Consent, purposes, consent forms and the processing register: the contact
//! page's consent panel, the Consent screen and the purpose filter of the
//! contacts export.

use crate::api::consent::dto::{
    ConsentEventDto, ConsentFormDto, ConsentInput, ConsentMethodDto, ControllerDto,
    ControllerInput, CurrentConsentDto, ExpiringConsentDto, ProcessingRegister, PurposeDto,
    PurposePatchDto, PurposeSelectionDto,
};
use crate::api::contacts::dto::ContactQueryDto;
use crate::api::interchange::dto::ExportFormatDto;
use crate::error::{ApiError, ApiResult};
use crate::files::{read_evidence, write_new_file, write_text};
use crate::state::AppState;
use steward_core::consent::NewConsent;
use steward_core::consent::register::register_markdown;
use tauri::State;

/// An optional text: `null` or blank means none.
pub(crate) fn text(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
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
    format: ExportFormatDto,
    purpose: String,
    query: ContactQueryDto,
    path: String,
) -> ApiResult<PurposeSelectionDto> {
    let format = format.into();
    let query = query.into();
    state.with_session(|s| {
        let mut selection = None;
        write_new_file(&path, |out| {
            let chosen = s.export_for_purpose(format, &purpose, &query, out)?;
            let written = chosen.included.len();
            selection = Some(chosen);
            Ok(written)
        })?;
        selection.map(Into::into).ok_or_else(|| {
            ApiError::other("stopped-unexpectedly", "The export stopped unexpectedly.")
        })
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
        let register = s.processing_register()?;
        Ok(ProcessingRegister {
            vault_id: s.vault_id().to_owned(),
            controller: register.controller.into(),
            security_measures: register.security_measures.to_owned(),
            entries: register.entries.into_iter().map(Into::into).collect(),
        })
    })
}

/// The controller the register names.
#[tauri::command]
pub async fn get_controller(state: State<'_, AppState>) -> ApiResult<ControllerDto> {
    state.with_session(|s| Ok(s.controller()?.into()))
}

/// Saves the controller (owners); resolves with it as stored.
#[tauri::command]
pub async fn set_controller(
    state: State<'_, AppState>,
    controller: ControllerInput,
) -> ApiResult<ControllerDto> {
    state.with_session(|s| Ok(s.set_controller(&controller.into())?.into()))
}

/// Writes the register as Markdown to the new file `path`; resolves with
/// the number of activities in it.
#[tauri::command]
pub async fn export_register(state: State<'_, AppState>, path: String) -> ApiResult<usize> {
    state.with_session(|s| {
        let register = s.processing_register()?;
        let markdown = register_markdown(
            &register,
            s.vault_id(),
            &steward_core::clock::now().to_rfc3339(),
        ) + &s.breach_register_section()?;
        write_text(&path, &markdown)?;
        Ok(register.entries.len())
    })
}
