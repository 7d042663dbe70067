//! Retention review: people kept longer than any purpose allows, or with
//! no basis for any purpose, listed for a bulk erase or anonymisation after
//! a preview; and consents that expire soon.

use rusqlite::params;

use super::erasure::{erase_rows, optimize_index};
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::records::attachments::OF_PERSON;
use crate::records::contacts::ContactQuery;
use crate::{Error, Result};

/// Why a person is up for review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewReason {
    /// No purpose has a valid basis for them.
    NoBasis,
    /// Their last activity is older than the longest retention of the
    /// purposes that have a basis for them.
    PastRetention,
}

impl ReviewReason {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewReason::NoBasis => "no-basis",
            ReviewReason::PastRetention => "past-retention",
        }
    }
}

/// A person up for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewCandidate {
    /// The contact.
    pub contact_id: i64,
    /// Their name (for the reviewer's preview).
    pub name: String,
    /// The latest of: the record's last change, an activity, a consent event.
    pub last_activity: String,
    /// The longest retention among purposes with a basis, in days (0: none).
    pub retention_days: u32,
    /// Why.
    pub reason: ReviewReason,
    /// How many files are held on the person (on their record, their
    /// deals and the activities about either): an erasure removes them too.
    pub files: u64,
}

/// What to do with the people chosen in a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    /// Erase them (with the erasure ledger).
    Erase,
    /// Keep a placeholder record, remove every personal detail.
    Anonymise,
}

impl Session {
    /// The people up for a retention review as of today.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `rights.manage`.
    pub fn retention_review(&self) -> Result<Vec<ReviewCandidate>> {
        self.authorize(Permission::RightsManage, "dsr.retention_review", None)?;
        let purposes = self.load_purposes()?;
        let all = self.contact_ids_where(&ContactQuery::default())?;
        let mut usable: std::collections::HashMap<i64, u32> = std::collections::HashMap::new();
        for p in &purposes {
            for id in self.split_for_purpose(&p.key, &all)?.included {
                let e = usable.entry(id).or_default();
                *e = (*e).max(p.retention_days);
            }
        }
        let now = crate::clock::now();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.name, max(c.updated_at,
                        ifnull((SELECT max(occurred_at) FROM activities WHERE contact_id = c.id), ''),
                        ifnull((SELECT max(at) FROM consents WHERE contact_id = c.id), '')),
                    (SELECT count(*) FROM attachments f WHERE {OF_PERSON})
             FROM contacts c WHERE c.id = ?1"
        ))?;
        let mut out = Vec::new();
        for id in all {
            let (name, last, files): (String, String, i64) =
                stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let files = u64::try_from(files).unwrap_or(0);
            let retention = usable.get(&id).copied().unwrap_or(0);
            let reason = if retention == 0 {
                Some(ReviewReason::NoBasis)
            } else {
                chrono::DateTime::parse_from_rfc3339(&last)
                    .ok()
                    .filter(|t| {
                        now - t.with_timezone(&chrono::Utc)
                            > chrono::Duration::days(i64::from(retention))
                    })
                    .map(|_| ReviewReason::PastRetention)
            };
            if let Some(reason) = reason {
                out.push(ReviewCandidate {
                    contact_id: id,
                    name,
                    last_activity: last,
                    retention_days: retention,
                    reason,
                    files,
                });
            }
        }
        Ok(out)
    }

    /// Erases or anonymises the chosen people of a review, all in one
    /// transaction. `confirm` must be true.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `rights.manage`;
    /// [`Error::InvalidInput`] without `confirm`; [`Error::NotFound`].
    pub fn apply_review(
        &mut self,
        ids: &[i64],
        action: ReviewAction,
        confirm: bool,
    ) -> Result<usize> {
        self.authorize(Permission::RightsManage, "dsr.retention_apply", None)?;
        if !confirm {
            return Err(Error::from(crate::Invalid::new(
                "confirmation-needed",
                "this cannot be undone; confirm it to go ahead",
            )));
        }
        for id in ids {
            let exists: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM contacts WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(Error::NotFound {
                    entity: "contact",
                    id: id.to_string(),
                });
            }
        }
        let today = crate::clock::today();
        let key = &self.keys.identifier_hash;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for &id in ids {
            let mut event = match action {
                ReviewAction::Erase => {
                    for (kind, hash) in super::contact_identifier_hashes(&tx, key, id)? {
                        tx.execute(
                            "INSERT OR IGNORE INTO erasure_ledger (key_hash, kind, erased_on) VALUES (?1, ?2, ?3)",
                            params![hash, kind, today],
                        )?;
                    }
                    // What went, counted as an erasure request's entry counts it.
                    let mut event = Event::allowed("dsr.erase", Some(Target::contact(id)));
                    for (what, n) in erase_rows(&tx, id)? {
                        event = event.with(&what.replace([' ', '-'], "_"), n);
                    }
                    event
                }
                ReviewAction::Anonymise => {
                    anonymise_rows(&tx, id)?;
                    Event::allowed("dsr.anonymise", Some(Target::contact(id)))
                }
            };
            event = event.with("by", "retention review");
            audit::append(&tx, &self.keys.audit_mac, Some(self.user.id), &event)?;
        }
        optimize_index(&tx)?;
        tx.commit()?;
        Ok(ids.len())
    }
}

/// Keeps a placeholder contact (its deals keep their link) and removes
/// every personal detail: fields, e-mails, phones, tags, custom values,
/// sensitive fields, consents, activities, tasks, search rows, and the
/// contacts merged into it with the merges' saved states.
fn anonymise_rows(tx: &rusqlite::Transaction<'_>, id: i64) -> Result<()> {
    // A contact merged into this one is the same person, whole in the
    // recycle bin, and the merge's saved state holds this one's old fields:
    // undoing the merge would bring the person back. Both go.
    let merged: Vec<i64> = tx
        .prepare("SELECT merged_id FROM contact_merges WHERE kept_id = ?1 AND undone_at IS NULL")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for merged in merged {
        erase_rows(tx, merged)?;
    }
    tx.execute("DELETE FROM contact_merges WHERE kept_id = ?1", [id])?;
    crate::search::index::remove(tx, crate::search::Kind::Contact, id)?;
    let activities: Vec<i64> = tx
        .prepare("SELECT id FROM activities WHERE contact_id = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for a in activities {
        crate::search::index::remove(tx, crate::search::Kind::Activity, a)?;
    }
    for sql in [
        "DELETE FROM contact_emails WHERE contact_id = ?1",
        "DELETE FROM contact_phones WHERE contact_id = ?1",
        "DELETE FROM contact_tags WHERE contact_id = ?1",
        "DELETE FROM contact_custom_values WHERE contact_id = ?1",
        "DELETE FROM contact_sensitive WHERE contact_id = ?1",
        "DELETE FROM consents WHERE contact_id = ?1",
        // Files on the person (those on their activities cascade below).
        "DELETE FROM attachments WHERE contact_id = ?1",
        "DELETE FROM activities WHERE contact_id = ?1",
        "DELETE FROM tasks WHERE contact_id = ?1",
        "DELETE FROM export_log WHERE contact_id = ?1",
        "DELETE FROM import_merges WHERE contact_id = ?1",
    ] {
        tx.execute(sql, [id])?;
    }
    tx.execute(
        "UPDATE contacts SET name = 'Anonymised contact ' || id, company = NULL, title = NULL,
                source = NULL, street = NULL, city = NULL, postal_code = NULL, region = NULL,
                country = NULL, notes = NULL, company_id = NULL, restricted_at = NULL,
                objected_at = NULL, import_id = NULL
         WHERE id = ?1",
        [id],
    )?;
    let name = format!("Anonymised contact {id}");
    tx.execute(
        "UPDATE contacts SET sort_key = ?2, folded_name = ?3 WHERE id = ?1",
        rusqlite::params![
            id,
            crate::collation::sort_key(crate::records::sort_keys::language(tx)?, &name),
            crate::collation::fold(&name)
        ],
    )?;
    Ok(())
}
