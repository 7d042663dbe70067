//! The global search box: contacts, companies, deals and activities, results
//! as you type.
//!
//! Ranking never scores every hit: exact e-mail, contact name and company
//! name matches come first, then contact names, company names and e-mails
//! starting with the query (all from ordinary B-tree indexes on their
//! folded forms, `crate::collation::fold`, so diacritics and case never
//! matter, as in the full-text index), then
//! full-text hits anywhere, newest first — stopping as soon as the page is
//! full. Full-text queries use FTS5 with 1-3 character prefix indexes,
//! `ORDER BY rowid DESC LIMIT n`,
//! which FTS5 answers without sorting.

pub(crate) mod index;

use std::collections::HashSet;

use rusqlite::OptionalExtension;

pub use index::Kind;

use crate::Result;
use crate::auth::{Permission, Session};

/// Most hits one search returns.
pub const MAX_HITS: u32 = 50;

/// One search result. Titles and details come from the records' ordinary
/// fields; sensitive fields are never searched or shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    /// What it is.
    pub kind: Kind,
    /// The record's id.
    pub id: i64,
    /// Name, company name, deal title or activity subject.
    pub title: String,
    /// A second line: e-mail and company, a stage, the record it belongs to.
    pub detail: Option<String>,
}

/// Turns what the user typed into an FTS5 query: each token becomes a
/// quoted string (so no input is ever FTS5 syntax), the last one a prefix,
/// and a record must hold them all. The index keeps no positions (ADR 0013),
/// so the tokens of one word (`o'brien`, `grace@example`) are matched
/// anywhere in the record, not side by side. `None` when nothing searchable
/// is left.
pub(crate) fn fts_query(input: &str) -> Option<String> {
    let tokens: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| format!("\"{}\"", t.to_lowercase()))
        .collect();
    (!tokens.is_empty()).then(|| format!("{} *", tokens.join(" ")))
}

/// The FTS5 query of a phone number typed with punctuation: its digits as
/// one prefix token (`0723.456.789` → `"0723456789" *`).
fn phone_query(input: &str) -> String {
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    format!("\"{digits}\" *")
}

impl Session {
    /// Searches everything the user may read for `query`, best first.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.read`.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        self.authorize(Permission::ContactsRead, "search", None)?;
        let limit_sql = limit.clamp(1, MAX_HITS);
        let limit = limit_sql as usize;
        let query = query.trim();
        let mut found: Vec<(Kind, i64)> = Vec::with_capacity(limit);
        let mut seen: HashSet<(Kind, i64)> = HashSet::new();
        let mut push = |hit: (Kind, i64), found: &mut Vec<(Kind, i64)>| {
            if found.len() < limit && seen.insert(hit) {
                found.push(hit);
            }
        };
        if query.is_empty() {
            return Ok(Vec::new());
        }

        // 1. Exact e-mail, exact contact and company name; then contact
        //    names, company names and e-mails that start with what was
        //    typed — all from ordinary B-tree indexes, so the first
        //    keystrokes never touch the full-text index. Names and e-mails
        //    are compared folded (lower case, no diacritics, as the
        //    full-text index reads them): `stefan` is the exact name
        //    `Ștefan`, and `ş` is `ș`.
        let folded = crate::collation::fold(query);
        let upper = format!("{folded}\u{10FFFF}");
        let looks_like_email = query.contains('@');
        let steps: [(Kind, &str, bool); 6] = [
            (
                Kind::Contact,
                "SELECT e.contact_id FROM contact_emails e CROSS JOIN contacts c ON c.id = e.contact_id
                 WHERE e.folded = ?1 AND c.deleted_at IS NULL LIMIT ?3",
                looks_like_email,
            ),
            (
                Kind::Contact,
                "SELECT id FROM contacts WHERE deleted_at IS NULL AND folded_name = ?1
                 ORDER BY id DESC LIMIT ?3",
                true,
            ),
            (
                Kind::Company,
                "SELECT id FROM companies WHERE deleted_at IS NULL AND folded_name = ?1
                 ORDER BY id DESC LIMIT ?3",
                !looks_like_email,
            ),
            (
                Kind::Contact,
                "SELECT id FROM contacts WHERE deleted_at IS NULL
                   AND folded_name >= ?1 AND folded_name < ?2
                 ORDER BY folded_name, id LIMIT ?3",
                true,
            ),
            (
                Kind::Company,
                "SELECT id FROM companies WHERE deleted_at IS NULL
                   AND folded_name >= ?1 AND folded_name < ?2
                 ORDER BY folded_name, id LIMIT ?3",
                !looks_like_email,
            ),
            (
                Kind::Contact,
                "SELECT e.contact_id FROM contact_emails e CROSS JOIN contacts c ON c.id = e.contact_id
                 WHERE e.folded >= ?1 AND e.folded < ?2 AND c.deleted_at IS NULL
                 ORDER BY e.folded LIMIT ?3",
                true,
            ),
        ];
        // A phone number, however it is written, first finds the contacts
        // with that number's E.164 form (a B-tree index), read by the
        // vault's default country as stored numbers are.
        let phone_digits = crate::phone::looks_like_phone(query).then(|| phone_query(query));
        if phone_digits.is_some() {
            let country =
                crate::db::setting(&self.conn, crate::phone::SETTING)?.and_then(|c| c.parse().ok());
            if let Some(e164) = crate::phone::normalize(query, country).e164 {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT p.contact_id FROM contact_phones p CROSS JOIN contacts c ON c.id = p.contact_id
                     WHERE p.e164 = ?1 AND c.deleted_at IS NULL ORDER BY p.contact_id DESC LIMIT ?2",
                )?;
                for id in stmt.query_map(rusqlite::params![e164, limit_sql], |r| r.get(0))? {
                    push((Kind::Contact, id?), &mut found);
                }
            }
        }
        for (kind, sql, applies) in steps {
            if !applies || found.len() >= limit {
                continue;
            }
            let mut stmt = self.conn.prepare_cached(sql)?;
            for id in stmt.query_map(rusqlite::params![folded, upper, limit_sql], |r| r.get(0))? {
                push((kind, id?), &mut found);
            }
        }

        // 2. Full text anywhere, newest first. (The CROSS JOINs above keep
        //    SQLite from walking every live contact to probe e-mails.) An
        //    e-mail address is fully served by step 1.
        //    A phone number's digits are one token in the index (its
        //    forms as written, international and national), so a number
        //    typed with dots or spaces is searched as its digits first.
        let fts_queries = phone_digits.into_iter().chain(fts_query(query));
        for fts in fts_queries.filter(|_| !looks_like_email) {
            if found.len() >= limit {
                break;
            }
            let mut stmt = self.conn.prepare_cached(
                "SELECT rowid FROM search_index WHERE search_index MATCH ?1
                 ORDER BY rowid DESC LIMIT ?2",
            )?;
            for rowid in stmt.query_map(rusqlite::params![fts, limit_sql], |r| r.get(0))? {
                push(Kind::from_rowid(rowid?), &mut found);
            }
        }

        let mut hits = Vec::with_capacity(found.len());
        for (kind, id) in found {
            if let Some(hit) = self.describe_hit(kind, id)? {
                hits.push(hit);
            }
        }
        Ok(hits)
    }

    fn describe_hit(&self, kind: Kind, id: i64) -> Result<Option<SearchHit>> {
        // Restricted people (a data-subject request) are found only by
        // those who handle requests.
        let see_restricted = self.can(crate::Permission::RightsManage);
        let sql = match kind {
            Kind::Contact if see_restricted => {
                "SELECT c.name, nullif(trim(ifnull((SELECT email FROM contact_emails WHERE contact_id = c.id AND position = 0), '')
                        || CASE WHEN c.company IS NOT NULL THEN ' · ' || c.company ELSE '' END, ' ·'), '')
                 FROM contacts c WHERE c.id = ?1 AND c.deleted_at IS NULL"
            }
            Kind::Contact => {
                "SELECT c.name, nullif(trim(ifnull((SELECT email FROM contact_emails WHERE contact_id = c.id AND position = 0), '')
                        || CASE WHEN c.company IS NOT NULL THEN ' · ' || c.company ELSE '' END, ' ·'), '')
                 FROM contacts c WHERE c.id = ?1 AND c.deleted_at IS NULL AND c.restricted_at IS NULL"
            }
            Kind::Company => {
                "SELECT name, nullif(trim(ifnull(domain, '') || ' ' || ifnull(city, '')), '')
                 FROM companies WHERE id = ?1 AND deleted_at IS NULL"
            }
            Kind::Deal => {
                "SELECT d.title, s.name FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
                 WHERE d.id = ?1 AND d.deleted_at IS NULL"
            }
            Kind::Activity if see_restricted => {
                "SELECT a.subject, a.kind || ' · ' || coalesce(
                        (SELECT name FROM contacts WHERE id = a.contact_id),
                        (SELECT name FROM companies WHERE id = a.company_id),
                        (SELECT title FROM deals WHERE id = a.deal_id), '')
                 FROM activities a WHERE a.id = ?1 AND a.deleted_at IS NULL"
            }
            Kind::Activity => {
                "SELECT a.subject, a.kind || ' · ' || coalesce(
                        (SELECT name FROM contacts WHERE id = a.contact_id),
                        (SELECT name FROM companies WHERE id = a.company_id),
                        (SELECT title FROM deals WHERE id = a.deal_id), '')
                 FROM activities a WHERE a.id = ?1 AND a.deleted_at IS NULL
                   AND NOT EXISTS (SELECT 1 FROM contacts r WHERE r.id = a.contact_id
                                   AND r.restricted_at IS NOT NULL)"
            }
        };
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row([id], |r| {
                Ok(SearchHit {
                    kind,
                    id,
                    title: r.get(0)?,
                    detail: r.get(1)?,
                })
            })
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_input_never_becomes_fts_syntax() {
        assert_eq!(
            fts_query("grace hop").as_deref(),
            Some(r#""grace" "hop" *"#)
        );
        assert_eq!(
            fts_query("grace@example.co").as_deref(),
            Some(r#""grace" "example" "co" *"#)
        );
        assert_eq!(
            fts_query(r#"a" OR title:x*"#).as_deref(),
            Some(r#""a" "or" "title" "x" *"#)
        );
        assert_eq!(fts_query("Zoë").as_deref(), Some(r#""zoë" *"#));
        assert_eq!(fts_query("  --  "), None);
    }

    #[test]
    fn rowids_encode_the_kind() {
        for kind in [Kind::Contact, Kind::Company, Kind::Deal, Kind::Activity] {
            assert_eq!(Kind::from_rowid(kind.rowid(12345)), (kind, 12345));
        }
    }
}
