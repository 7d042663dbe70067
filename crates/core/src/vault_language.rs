//! Setting the vault's language, at creation or later by an owner: the
//! setting itself (read in `locale`) and the defaults nobody has changed,
//! the pipeline's stages and the purposes without consent recorded, given
//! their wording in the new language (`locale::defaults`). It sits above
//! `records` and `consent`, whose tables (and a deal's search entry) the
//! renaming touches.

use rusqlite::Transaction;

use crate::Result;
use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::locale::{Language, VAULT_KEY, parse_stored};

/// What setting the language changed besides the setting itself.
#[derive(Debug, Default)]
pub(crate) struct Translated {
    /// The ids of the stages renamed.
    pub stages: Vec<i64>,
    /// The keys of the purposes whose wording changed.
    pub purposes: Vec<String>,
}

/// Stores `language` as the vault's and gives the untouched defaults its
/// wording, in the caller's transaction (the caller records it).
pub(crate) fn apply(tx: &Transaction<'_>, language: Language) -> Result<Translated> {
    crate::db::put_setting(tx, VAULT_KEY, language.as_str())?;
    // Names, companies and tags sort by the new language's collation.
    crate::records::sort_keys::rewrite_all(tx, language)?;
    Ok(Translated {
        stages: crate::records::stages::translate_default_stages(tx, language)?,
        purposes: crate::consent::translate_default_purposes(tx, language)?,
    })
}

impl Session {
    /// Sets the vault's language (owners only, `policy.manage`), and gives
    /// the default stages and purposes nobody has changed its wording;
    /// recorded as `vault.language` with the new tag, the ids of the stages
    /// renamed and the keys of the purposes reworded. Setting the language
    /// it already has records nothing.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `policy.manage`; database
    /// errors.
    pub fn set_vault_language(&mut self, language: Language) -> Result<Language> {
        self.authorize(Permission::PolicyManage, "vault.language", None)?;
        let stored = parse_stored(crate::db::setting(&self.conn, VAULT_KEY)?);
        if stored == Some(language) {
            return Ok(language);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let translated = apply(&tx, language)?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("vault.language", None)
                .with("language", language.as_str())
                .with("stages", translated.stages)
                .with("purposes", translated.purposes),
        )?;
        tx.commit()?;
        Ok(language)
    }
}
