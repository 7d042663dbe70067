//! Contacts.

use tauri::State;

use crate::dto::{ContactDto, ContactInput, ContactPageDto};
use crate::error::ApiResult;
use crate::state::AppState;

#[tauri::command]
pub fn list_contacts(
    state: State<'_, AppState>,
    offset: u64,
    limit: u32,
) -> ApiResult<ContactPageDto> {
    state.with_session(|s| Ok(s.list_contacts(offset, limit)?.into()))
}

#[tauri::command]
pub fn get_contact(state: State<'_, AppState>, id: i64) -> ApiResult<ContactDto> {
    state.with_session(|s| Ok(s.get_contact(id)?.into()))
}

#[tauri::command]
pub fn add_contact(state: State<'_, AppState>, contact: ContactInput) -> ApiResult<ContactDto> {
    state.with_session(|s| {
        let id = s.add_contact(&contact.into_new())?;
        Ok(s.get_contact(id)?.into())
    })
}

#[tauri::command]
pub fn update_contact(
    state: State<'_, AppState>,
    id: i64,
    contact: ContactInput,
) -> ApiResult<ContactDto> {
    state.with_session(|s| Ok(s.update_contact(id, &contact.into_patch())?.into()))
}

#[tauri::command]
pub fn delete_contact(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.with_session(|s| Ok(s.delete_contact(id)?))
}

/// Reveals one sensitive field; the core records it with the reason.
#[tauri::command]
pub fn reveal_sensitive(
    state: State<'_, AppState>,
    id: i64,
    field: String,
    reason: String,
) -> ApiResult<Option<String>> {
    state.with_session(|s| Ok(s.reveal_sensitive(id, field.parse()?, &reason)?))
}
