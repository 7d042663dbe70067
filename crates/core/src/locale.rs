//! The languages Steward speaks. Two settings use them, both in the
//! `settings` table: the **vault's language** (`language`), which an owner
//! sets and which decides the documents Steward produces and, later, the
//! collation of sorted lists; and each user's **interface language**
//! (`language.user.<id>`), which only the app reads. Core itself stays in
//! English: its error messages and the CLI are English whatever is chosen.

pub mod documents;

use std::fmt;
use std::str::FromStr;

use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::{Error, Result};

/// A language Steward has translations for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// English, the language of a vault nobody chose one for.
    #[default]
    En,
    /// Romanian.
    Ro,
}

impl Language {
    /// Every language, in the order the front ends list them.
    pub const ALL: [Language; 2] = [Language::En, Language::Ro];

    /// The stable tag stored in the vault and taken by the CLI (`en`, `ro`).
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ro => "ro",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Language {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let tag = s.trim();
        Language::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(tag))
            .ok_or_else(|| {
                Error::invalid(format!(
                    "{tag:?} is not a language Steward speaks; languages are {}",
                    Language::ALL.map(Language::as_str).join(", ")
                ))
            })
    }
}

const VAULT_KEY: &str = "language";

fn user_key(user_id: i64) -> String {
    format!("language.user.{user_id}")
}

/// A stored tag read back; an unknown one (written by a newer Steward) is
/// treated as unset rather than locking anyone out of their vault.
fn parse_stored(value: Option<String>) -> Option<Language> {
    value.and_then(|v| v.parse().ok())
}

impl Session {
    /// The vault's language: the language of the documents Steward produces.
    /// English when no owner has chosen one. Every signed-in user may read it.
    ///
    /// # Errors
    /// Database errors.
    pub fn vault_language(&self) -> Result<Language> {
        Ok(parse_stored(crate::db::setting(&self.conn, VAULT_KEY)?).unwrap_or_default())
    }

    /// Sets the vault's language (owners only, `policy.manage`); recorded as
    /// `vault.language` with the new tag. Setting the language it already
    /// has records nothing.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `policy.manage`; database errors.
    pub fn set_vault_language(&mut self, language: Language) -> Result<Language> {
        self.authorize(Permission::PolicyManage, "vault.language", None)?;
        let stored = parse_stored(crate::db::setting(&self.conn, VAULT_KEY)?);
        if stored == Some(language) {
            return Ok(language);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        crate::db::put_setting(&tx, VAULT_KEY, language.as_str())?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("vault.language", None).with("language", language.as_str()),
        )?;
        tx.commit()?;
        Ok(language)
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
