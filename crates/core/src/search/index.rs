//! Keeping the search index in step with the records.
//!
//! Writers call these in the same transaction as the change, so the index
//! never shows a record that is gone or misses one that exists. Sensitive
//! fields are never passed here.

use rusqlite::Connection;

use crate::Result;

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A contact.
    Contact = 0,
    /// A company.
    Company = 1,
    /// A deal.
    Deal = 2,
    /// An activity (note, call, meeting, e-mail).
    Activity = 3,
}

const KINDS: i64 = 4;

impl Kind {
    pub(crate) fn rowid(self, id: i64) -> i64 {
        id * KINDS + self as i64
    }

    pub(crate) fn from_rowid(rowid: i64) -> (Kind, i64) {
        let kind = match rowid.rem_euclid(KINDS) {
            0 => Kind::Contact,
            1 => Kind::Company,
            2 => Kind::Deal,
            _ => Kind::Activity,
        };
        (kind, rowid.div_euclid(KINDS))
    }

    /// The stable name (`contact`, `company`, `deal`, `activity`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Contact => "contact",
            Kind::Company => "company",
            Kind::Deal => "deal",
            Kind::Activity => "activity",
        }
    }
}

/// The most bytes of a record's body the index holds: the first 64 KiB
/// (cut at a character's boundary). An imported e-mail's body may be 100 000
/// characters; its words past the first 64 KiB are not searched, so one long
/// message cannot grow the index (and every search's work) without bound.
pub const MAX_INDEXED_BODY: usize = 64 * 1024;

/// `body` cut to [`MAX_INDEXED_BODY`] bytes at a character's boundary.
pub(crate) fn bounded(body: &str) -> &str {
    if body.len() <= MAX_INDEXED_BODY {
        return body;
    }
    let mut end = MAX_INDEXED_BODY;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[..end]
}

/// Inserts an entry: rowid ([`Kind::rowid`]), title, body.
pub(crate) const INSERT: &str = "INSERT INTO search_index (rowid, title, body) VALUES (?1, ?2, ?3)";

/// Adds a record that is not in the index yet (a new record, an import).
pub(crate) fn insert(
    conn: &Connection,
    kind: Kind,
    id: i64,
    title: &str,
    body: &str,
) -> Result<()> {
    conn.prepare_cached(INSERT)?.execute(rusqlite::params![
        kind.rowid(id),
        title,
        bounded(body)
    ])?;
    Ok(())
}

/// New entries an import writes at its end, in rowid order, rather than as
/// it makes their records. FTS5 keeps new entries in memory and writes them
/// out as a segment (which then gets merged) whenever an entry comes with a
/// lower rowid than the one before; a company or note an import makes
/// between two contacts has one, so writing it at once cut the import's
/// entries into a segment per company or note. A contact's own entry is
/// written with its row: deferring those too (one ascending run of every
/// entry after the rows) cost an import of 30 000 contacts 13 % more
/// instructions in its writer and put all the index's writing after the
/// file was read.
#[derive(Default)]
pub(crate) struct Deferred(Vec<(i64, String, String)>);

impl Deferred {
    /// Keeps a new record's entry for [`Deferred::write`].
    pub(crate) fn insert(&mut self, kind: Kind, id: i64, title: &str, body: &str) {
        self.0
            .push((kind.rowid(id), title.to_owned(), bounded(body).to_owned()));
    }

    /// Writes the kept entries, lowest rowid first, in the caller's
    /// transaction (the one that made their records).
    pub(crate) fn write(mut self, conn: &Connection) -> Result<()> {
        self.0.sort_unstable_by_key(|e| e.0);
        let mut stmt = conn.prepare_cached(INSERT)?;
        for (rowid, title, body) in &self.0 {
            stmt.execute(rusqlite::params![rowid, title, body])?;
        }
        Ok(())
    }
}

/// Replaces a record's entry.
pub(crate) fn replace(
    conn: &Connection,
    kind: Kind,
    id: i64,
    title: &str,
    body: &str,
) -> Result<()> {
    remove(conn, kind, id)?;
    insert(conn, kind, id, title, body)
}

/// Removes a record's entry (deleted, moved to the recycle bin, erased).
pub(crate) fn remove(conn: &Connection, kind: Kind, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
        .execute([kind.rowid(id)])?;
    Ok(())
}

/// Joins the non-empty parts with spaces, for an entry's body.
pub(crate) fn body<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim();
        if !part.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_body_is_cut_at_a_character_boundary() {
        assert_eq!(super::bounded("scurt"), "scurt");
        let long = "ș".repeat(super::MAX_INDEXED_BODY);
        let cut = super::bounded(&long);
        assert_eq!(cut.len(), super::MAX_INDEXED_BODY);
        assert!(cut.chars().all(|c| c == 'ș'));
        let odd = format!("a{long}");
        assert_eq!(super::bounded(&odd).len(), super::MAX_INDEXED_BODY - 1);
    }
}
