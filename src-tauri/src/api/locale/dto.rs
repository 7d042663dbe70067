//! Transport types for languages.

use serde::{Deserialize, Serialize};
use steward_core::locale::Language;
use ts_rs::TS;

/// A language Steward speaks, by its tag.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "Language")]
pub enum LanguageDto {
    En,
    Ro,
}

impl From<LanguageDto> for Language {
    fn from(language: LanguageDto) -> Self {
        match language {
            LanguageDto::En => Self::En,
            LanguageDto::Ro => Self::Ro,
        }
    }
}

impl From<Language> for LanguageDto {
    fn from(language: Language) -> Self {
        match language {
            Language::En => Self::En,
            Language::Ro => Self::Ro,
        }
    }
}

/// The two languages a signed-in user has: the vault's (documents) and
/// their own interface language, `null` until they choose one.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Languages")]
pub struct LanguagesDto {
    pub vault: LanguageDto,
    pub user: Option<LanguageDto>,
}
