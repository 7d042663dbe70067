//! The languages Steward speaks. Two settings use them, both in the
//! `settings` table: the **vault's language** (`language`), which an owner
//! sets and which decides the documents Steward produces and, later, the
//! collation of sorted lists; and each user's **interface language**
//! (`language.user.<id>`), which only the app reads. Core itself stays in
//! English: its error messages and the CLI are English whatever is chosen.

pub mod defaults;
pub mod documents;
pub mod sample;

pub use crate::language::Language;

use crate::Result;
use crate::auth::Session;

pub(crate) const VAULT_KEY: &str = "language";

fn user_key(user_id: i64) -> String {
    format!("language.user.{user_id}")
}

/// A stored tag read back; an unknown one (written by a newer Steward) is
/// treated as unset rather than locking anyone out of their vault.
pub(crate) fn parse_stored(value: Option<String>) -> Option<Language> {
    value.and_then(|v| v.parse().ok())
}

/// The vault's language as `conn` holds it (English when none was chosen),
/// for the code that has a connection rather than a [`Session`].
pub(crate) fn vault_language_of(conn: &rusqlite::Connection) -> Result<Language> {
    Ok(parse_stored(crate::db::setting(conn, VAULT_KEY)?).unwrap_or_default())
}

impl Session {
    /// The vault's language: the language of the documents Steward produces.
    /// English when no owner has chosen one. Every signed-in user may read it.
    ///
    /// # Errors
    /// Database errors.
    pub fn vault_language(&self) -> Result<Language> {
        vault_language_of(&self.conn)
    }

    /// The interface language this user chose in the app; `None` until they
    /// choose one (the app then follows the system's language).
    ///
    /// # Errors
    /// Database errors.
    pub fn user_language(&self) -> Result<Option<Language>> {
        Ok(parse_stored(crate::db::setting(
            &self.conn,
            &user_key(self.user.id),
        )?))
    }

    /// Stores this user's interface language. Every user may choose their
    /// own; it touches no customer data and is not recorded in the audit log.
    ///
    /// # Errors
    /// Database errors.
    pub fn set_user_language(&mut self, language: Language) -> Result<Language> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        crate::db::put_setting(&tx, &user_key(self.user.id), language.as_str())?;
        tx.commit()?;
        Ok(language)
    }
}
