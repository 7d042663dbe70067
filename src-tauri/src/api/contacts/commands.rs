//! Contacts, their custom fields, the saved views of the contacts list and
//! deleted contacts.

use tauri::State;

use crate::api::contacts::dto::{
    BulkActionDto, BulkOutcomeDto, BulkTargetDto, ContactDto, ContactInput, ContactPageDto,
    ContactQueryDto, CustomFieldDto, CustomFieldKindDto, DeletedContactDto, DuplicateGroupDto,
    MergeOutcomeDto, PhoneSettingsDto, SavedViewDto, SensitiveFieldDto,
};
use crate::error::ApiResult;
use crate::state::AppState;

/// A page of contacts; without `query`, every contact by name. The first
/// page has no `after`; the next one starts after the cursor a page handed
/// out (ADR 0023). With `count`, the page also says how many contacts the
/// list holds (a walk of them all: once per list, not per page).
#[tauri::command]
pub fn list_contacts(
    state: State<'_, AppState>,
    after: Option<String>,
    limit: u32,
    query: Option<ContactQueryDto>,
    count: Option<bool>,
) -> ApiResult<ContactPageDto> {
    let query = query.unwrap_or_default().into();
    state.with_session(|s| {
        let page = s.list_contacts_where(&query, after.as_deref(), limit)?;
        let total = match count {
            Some(true) => Some(s.count_contacts(&query)?),
            _ => None,
        };
        Ok(ContactPageDto::new(page, total))
    })
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

/// Changes many contacts at once (selected ones or a saved view's), in one
/// transaction with one audit entry; the refused ones come back with the
/// reason.
#[tauri::command]
pub fn bulk_change_contacts(
    state: State<'_, AppState>,
    target: BulkTargetDto,
    action: BulkActionDto,
) -> ApiResult<BulkOutcomeDto> {
    state.with_session(|s| Ok(s.bulk_change(&target.into(), &action.into())?.into()))
}

/// The groups of contacts that may be one person, with the reasons.
#[tauri::command]
pub fn possible_duplicates(state: State<'_, AppState>) -> ApiResult<Vec<DuplicateGroupDto>> {
    state.with_session(|s| {
        Ok(s.possible_duplicates()?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// The group of possible duplicates whose first contact is `first`, listing
/// `limit` of its contacts from `offset`; `None` when no group starts with
/// that contact any more.
#[tauri::command]
pub fn duplicate_group_page(
    state: State<'_, AppState>,
    first: i64,
    offset: usize,
    limit: usize,
) -> ApiResult<Option<DuplicateGroupDto>> {
    state.with_session(|s| {
        Ok(s.duplicate_group_page(first, offset, limit)?
            .map(Into::into))
    })
}

/// Merges contact `other` into contact `keep`, taking the fields named in
/// `take` (`name`, `postal-code`, `custom.KEY`, …) from `other`; one
/// transaction and one audit entry. Undone by restoring `other` from the
/// recycle bin.
#[tauri::command]
pub fn merge_contacts(
    state: State<'_, AppState>,
    keep: i64,
    other: i64,
    take: Vec<String>,
) -> ApiResult<MergeOutcomeDto> {
    state.with_session(|s| {
        let fields = take
            .iter()
            .map(|f| f.parse::<steward_core::merge::MergeField>())
            .collect::<steward_core::Result<Vec<_>>>()?;
        Ok(s.merge_contacts(keep, other, &fields)?.into())
    })
}

/// Reveals one sensitive field; the core records it with the reason.
#[tauri::command]
pub fn reveal_sensitive(
    state: State<'_, AppState>,
    id: i64,
    field: SensitiveFieldDto,
    reason: String,
) -> ApiResult<Option<String>> {
    state.with_session(|s| Ok(s.reveal_sensitive(id, field.into(), &reason)?))
}

/// The custom contact fields, by label.
#[tauri::command]
pub fn list_custom_fields(state: State<'_, AppState>) -> ApiResult<Vec<CustomFieldDto>> {
    state.with_session(|s| {
        Ok(s.list_custom_fields()?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// Defines a custom contact field (`settings.manage`).
#[tauri::command]
pub fn add_custom_field(
    state: State<'_, AppState>,
    key: String,
    label: String,
    kind: CustomFieldKindDto,
) -> ApiResult<CustomFieldDto> {
    state.with_session(|s| Ok(s.add_custom_field(&key, &label, kind.into())?.into()))
}

/// Removes a custom field and every contact's value of it; resolves with
/// the number of values removed.
#[tauri::command]
pub fn delete_custom_field(state: State<'_, AppState>, key: String) -> ApiResult<usize> {
    state.with_session(|s| Ok(s.delete_custom_field(&key)?))
}

/// The signed-in user's saved views, by name.
#[tauri::command]
pub fn list_views(state: State<'_, AppState>) -> ApiResult<Vec<SavedViewDto>> {
    state.with_session(|s| Ok(s.list_views()?.into_iter().map(Into::into).collect()))
}

/// Saves `query` as the view `name`, replacing the user's view of that name.
#[tauri::command]
pub fn save_view(
    state: State<'_, AppState>,
    name: String,
    query: ContactQueryDto,
) -> ApiResult<SavedViewDto> {
    let query = query.into();
    state.with_session(|s| Ok(s.save_view(&name, &query)?.into()))
}

#[tauri::command]
pub fn delete_view(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.with_session(|s| Ok(s.delete_view(id)?))
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

/// The vault's default country for phone numbers (every signed-in user).
#[tauri::command]
pub fn get_phone_settings(state: State<'_, AppState>) -> ApiResult<PhoneSettingsDto> {
    state.with_session(|s| {
        Ok(PhoneSettingsDto {
            country: s.phone_country()?.map(|c| c.code().to_owned()),
            phones_changed: 0,
        })
    })
}

/// Sets the default country (`null` for none; `settings.manage`) and reads
/// every stored number again.
#[tauri::command]
pub fn set_phone_country(
    state: State<'_, AppState>,
    country: Option<String>,
) -> ApiResult<PhoneSettingsDto> {
    state.with_session(|s| {
        let country = country
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::parse::<steward_core::phone::Country>)
            .transpose()?;
        let phones_changed = s.set_phone_country(country)?;
        Ok(PhoneSettingsDto {
            country: s.phone_country()?.map(|c| c.code().to_owned()),
            phones_changed,
        })
    })
}
