//! The stored sort keys and folded forms of names, e-mails and tags
//! (`crate::collation`, ADR 0017): what each writer stores beside the text,
//! and making them all anew when the vault's language or the ICU release
//! changes. The `sort_keys` setting records which keys the vault holds: the
//! language's tag and [`KEYS_VERSION`].

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::Result;
use crate::collation::{KEYS_VERSION, fold, sort_key};
use crate::language::Language;
use crate::locale::{VAULT_KEY, parse_stored};

/// The setting that records which sort keys the vault holds.
const KEYS_SETTING: &str = "sort_keys";

/// The language whose collation the vault's sort keys follow: the vault's
/// language (English when none was chosen). Read on every write of a name,
/// through a cached statement.
pub(crate) fn language(conn: &Connection) -> Result<Language> {
    let stored: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([VAULT_KEY], |r| r.get(0))
        .optional()?;
    Ok(parse_stored(stored).unwrap_or_default())
}

/// What a contact's row and its e-mails store beside the text: the name's
/// sort key and folded form and each e-mail's folded form, made for
/// `language`. Every writer of a contact makes them here: adding and
/// editing one on the writing thread, an import on its reading thread
/// (so the writer only binds them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContactKeys {
    /// The language the sort key was made for: a writer whose vault has
    /// another one (changed since the keys were made) makes them anew.
    pub language: Language,
    pub sort_key: Vec<u8>,
    pub folded_name: String,
    /// In the order of the e-mails.
    pub folded_emails: Vec<String>,
}

impl ContactKeys {
    pub(crate) fn new(language: Language, name: &str, emails: &[String]) -> Self {
        Self {
            language,
            sort_key: sort_key(language, name),
            folded_name: fold(name),
            folded_emails: emails.iter().map(|e| fold(e)).collect(),
        }
    }
}

/// What the `sort_keys` setting holds for keys made in `language`.
fn stamp(language: Language) -> String {
    format!("{} {KEYS_VERSION}", language.as_str())
}

/// Makes every sort key and folded form anew unless the vault already holds
/// those of its language and of this binary's ICU release; whether it did.
/// Run at every unlock, after the migrations.
pub(crate) fn refresh_if_stale(conn: &mut Connection) -> Result<bool> {
    let language = language(conn)?;
    if crate::db::setting(conn, KEYS_SETTING)?.as_deref() == Some(stamp(language).as_str()) {
        return Ok(false);
    }
    let tx = conn.transaction()?;
    rewrite_all(&tx, language)?;
    tx.commit()?;
    Ok(true)
}

/// Writes the sort key and folded form of every contact, company, e-mail
/// and tag for `language`, merging first the tags that fold alike (schema
/// 15 made them one tag: each contact keeps every tag it had, under the
/// oldest spelling), and records the keys' stamp; in the caller's
/// transaction.
pub(crate) fn rewrite_all(tx: &Transaction<'_>, language: Language) -> Result<()> {
    for table in ["contacts", "companies"] {
        let rows: Vec<(i64, String)> = tx
            .prepare(&format!("SELECT id, name FROM {table}"))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut update = tx.prepare(&format!(
            "UPDATE {table} SET sort_key = ?2, folded_name = ?3 WHERE id = ?1"
        ))?;
        for (id, name) in rows {
            update.execute(params![id, sort_key(language, &name), fold(&name)])?;
        }
    }
    let emails: Vec<(i64, i64, String)> = tx
        .prepare("SELECT contact_id, position, email FROM contact_emails")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx
        .prepare("UPDATE contact_emails SET folded = ?3 WHERE contact_id = ?1 AND position = ?2")?;
    for (contact, position, email) in emails {
        update.execute(params![contact, position, fold(&email)])?;
    }
    merge_tags(tx, language)?;
    crate::db::put_setting(tx, KEYS_SETTING, &stamp(language))
}

/// Gives every tag its folded form and sort key; a tag that folds like an
/// older one is merged into it (its contacts take the older tag).
fn merge_tags(tx: &Transaction<'_>, language: Language) -> Result<()> {
    let tags: Vec<(i64, String)> = tx
        .prepare("SELECT id, name FROM tags ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // Clear the folded forms first: the unique index must not see an old
    // form while the new ones are written.
    tx.execute("UPDATE tags SET folded = NULL", [])?;
    let mut kept: foldhash::HashMap<String, i64> = foldhash::HashMap::default();
    for (id, name) in tags {
        let folded = fold(&name);
        if let Some(&into) = kept.get(&folded) {
            tx.execute(
                "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id)
                 SELECT contact_id, ?2 FROM contact_tags WHERE tag_id = ?1",
                params![id, into],
            )?;
            tx.execute("DELETE FROM tags WHERE id = ?1", [id])?;
        } else {
            tx.execute(
                "UPDATE tags SET folded = ?2, sort_key = ?3 WHERE id = ?1",
                params![id, folded, sort_key(language, &name)],
            )?;
            kept.insert(folded, id);
        }
    }
    Ok(())
}

/// The id of the tag `name` folds to, created with this spelling when no
/// tag folds alike (an existing one keeps its spelling); in the caller's
/// transaction.
pub(crate) fn tag_id(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    let folded = fold(name);
    tx.prepare_cached("INSERT OR IGNORE INTO tags (name, folded, sort_key) VALUES (?1, ?2, ?3)")?
        .execute(params![name, folded, sort_key(language(tx)?, name)])?;
    Ok(tx
        .prepare_cached("SELECT id FROM tags WHERE folded = ?1")?
        .query_row([folded], |r| r.get(0))?)
}
