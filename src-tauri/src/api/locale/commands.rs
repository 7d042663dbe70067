//! Languages: the vault's (set by owners) and each user's own.

use tauri::State;

use crate::api::locale::dto::{LanguageDto, LanguagesDto};
use crate::error::ApiResult;
use crate::state::AppState;

/// The vault's language and the signed-in user's interface language.
#[tauri::command]
pub fn get_languages(state: State<'_, AppState>) -> ApiResult<LanguagesDto> {
    state.with_session(|s| {
        Ok(LanguagesDto {
            vault: s.vault_language()?.into(),
            user: s.user_language()?.map(Into::into),
        })
    })
}

/// Stores the signed-in user's interface language.
#[tauri::command]
pub fn set_user_language(
    state: State<'_, AppState>,
    language: LanguageDto,
) -> ApiResult<LanguageDto> {
    state.with_session(|s| Ok(s.set_user_language(language.into())?.into()))
}

/// Sets the vault's language (owners only).
#[tauri::command]
pub fn set_vault_language(
    state: State<'_, AppState>,
    language: LanguageDto,
) -> ApiResult<LanguageDto> {
    state.with_session(|s| Ok(s.set_vault_language(language.into())?.into()))
}
