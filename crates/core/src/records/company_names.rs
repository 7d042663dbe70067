//! The one rule by which a contact's company text names a company record:
//! spacing collapsed and case ignored in every alphabet, so `ACME  srl` is
//! `Acme SRL` and `ŢESĂTORIA ROMÂNĂ` is `Ţesătoria Română`. A contact saved
//! by hand, a contact edited, a company created or renamed and an import all
//! link by it; of several live companies with one name, the oldest wins.
//!
//! SQLite's `NOCASE` folds ASCII letters only, so the comparison runs here,
//! not in SQL; companies are few next to contacts, and the scans below read
//! two columns.

use foldhash::HashMap;

use rusqlite::{Connection, params};

use crate::Result;

/// The live companies by [`key`], the oldest for each name: loaded once
/// where many contacts are linked in one transaction (an import, its undo).
#[derive(Debug, Default)]
pub(crate) struct Companies(HashMap<String, i64>);

impl Companies {
    /// Every live company.
    pub(crate) fn load(conn: &Connection) -> Result<Self> {
        let mut by_key = HashMap::default();
        let mut stmt = conn.prepare_cached(
            "SELECT id, name FROM companies WHERE deleted_at IS NULL ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            by_key
                .entry(key(&row.get::<_, String>(1)?))
                .or_insert(row.get(0)?);
        }
        Ok(Self(by_key))
    }

    /// The company named `name` (none for a blank name).
    pub(crate) fn get(&self, name: &str) -> Option<i64> {
        let wanted = key(name);
        if wanted.is_empty() {
            return None;
        }
        self.0.get(&wanted).copied()
    }

    /// Adds company `id`, just created with `name`.
    pub(crate) fn insert(&mut self, name: &str, id: i64) {
        self.0.entry(key(name)).or_insert(id);
    }
}

/// A company name with its spacing collapsed, as it is stored when an
/// import creates the company.
pub(crate) fn tidy(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What two names are compared by: [`tidy`] and lower-cased.
pub(crate) fn key(name: &str) -> String {
    tidy(name).to_lowercase()
}

/// The oldest live company named `name`, by [`key`]; `None` for a blank
/// name or no such company. For one contact saved by hand.
pub(crate) fn find(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(Companies::load(conn)?.get(name))
}

/// Links the live contacts not linked to any company whose company text is
/// `name`, by [`key`], to company `id`; returns how many.
pub(crate) fn link_contacts(conn: &Connection, id: i64, name: &str) -> Result<usize> {
    let wanted = key(name);
    if wanted.is_empty() {
        return Ok(0);
    }
    let matching: Vec<i64> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id, company FROM contacts
             WHERE deleted_at IS NULL AND company_id IS NULL AND company IS NOT NULL",
        )?;
        let mut rows = stmt.query([])?;
        let mut matching = Vec::new();
        while let Some(row) = rows.next()? {
            if key(&row.get::<_, String>(1)?) == wanted {
                matching.push(row.get(0)?);
            }
        }
        matching
    };
    let mut update = conn.prepare_cached("UPDATE contacts SET company_id = ?1 WHERE id = ?2")?;
    for contact in &matching {
        update.execute(params![id, contact])?;
    }
    Ok(matching.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_ignoring_spacing_and_case_in_every_alphabet() {
        assert_eq!(key("ACME  srl"), key(" Acme SRL "));
        assert_eq!(key("ŢESĂTORIA ROMÂNĂ"), key("Ţesătoria Română"));
        assert_ne!(key("Acme"), key("Acme Bank"));
        assert_eq!(tidy("  Ţesătoria \t Română  SA "), "Ţesătoria Română SA");
        assert_eq!(key("   "), "");
    }
}
