//! The recycle bin: deleting a contact hides it for 30 days, during which
//! users who may delete it can restore it; then it is purged for good. The
//! bin of every record type is [`crate::records::recycle_bin`]; these are the
//! contact-only entry points and the purge.

use rusqlite::{TransactionBehavior, params};

use super::ContactSummary;
use crate::Result;
use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::records::recycle_bin::{RecordKind, purge_time};
use crate::search::{self, Kind};

/// How long a deleted record stays restorable.
pub const RETENTION_DAYS: i64 = 30;

/// A contact in the recycle bin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedContact {
    /// The row as it was listed.
    pub summary: ContactSummary,
    /// When it was deleted (RFC 3339).
    pub deleted_at: String,
    /// When it will be purged (RFC 3339).
    pub purge_at: String,
}

impl Session {
    /// Moves contact `id` to the recycle bin: it disappears from lists and
    /// search at once and is purged after [`RETENTION_DAYS`] days.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] unless the role may delete any contact, or
    /// may delete its own and owns this one; [`crate::Error::NotFound`].
    pub fn delete_contact(&mut self, id: i64) -> Result<()> {
        self.delete_record(RecordKind::Contact, id)
    }

    /// The recycle bin's contacts that this user could restore, newest first.
    /// A restricted contact (a data-subject request) is left out for roles
    /// that do not handle requests.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.delete-own`.
    pub fn list_deleted_contacts(&self) -> Result<Vec<DeletedContact>> {
        self.authorize(Permission::ContactsDeleteOwn, "contact.list_deleted", None)?;
        let any = self.can(Permission::ContactsDeleteAny);
        let see_restricted = self.can(Permission::RightsManage);
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name, c.company,
                    (SELECT email FROM contact_emails WHERE contact_id = c.id AND position = 0),
                    (SELECT phone FROM contact_phones WHERE contact_id = c.id AND position = 0),
                    c.deleted_at, c.owner_id
             FROM contacts c
             WHERE c.deleted_at IS NOT NULL AND (?1 OR c.owner_id = ?2)
               AND (?3 OR c.restricted_at IS NULL)
             ORDER BY c.deleted_at DESC, c.id DESC",
        )?;
        let rows = stmt.query_map(params![any, self.user.id, see_restricted], |r| {
            let deleted_at: String = r.get(5)?;
            Ok(DeletedContact {
                summary: ContactSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    company: r.get(2)?,
                    email: r.get(3)?,
                    phone: r.get(4)?,
                    owner_id: r.get(6)?,
                },
                purge_at: purge_time(&deleted_at),
                deleted_at,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Brings contact `id` back from the recycle bin, with its search entry
    /// and those of its activities: [`Session::restore_record`] for a contact.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] as for deleting it;
    /// [`crate::Error::NotFound`] when it is not in the recycle bin.
    pub fn restore_contact(&mut self, id: i64) -> Result<()> {
        self.restore_record(RecordKind::Contact, id)
    }

    /// Deletes for good every record that has been in the recycle bin for
    /// more than [`RETENTION_DAYS`] days, as of `now`. Runs at unlock (any
    /// user's unlock may trigger it) and before the bin is listed or a record
    /// restored. Returns how many were purged.
    pub(crate) fn purge_recycle_bin(
        &mut self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize> {
        let cutoff = (now - chrono::Duration::days(RETENTION_DAYS))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // Each table's index on deleted_at answers this at once, so the
        // common case (nothing due) costs no write.
        let due: bool = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM contacts WHERE deleted_at < ?1)
                 OR EXISTS (SELECT 1 FROM companies WHERE deleted_at < ?1)
                 OR EXISTS (SELECT 1 FROM deals WHERE deleted_at < ?1)
                 OR EXISTS (SELECT 1 FROM tasks WHERE deleted_at < ?1)
                 OR EXISTS (SELECT 1 FROM activities WHERE deleted_at < ?1)",
            )?
            .query_row([&cutoff], |r| r.get(0))?;
        if !due {
            return Ok(0);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Index rows of anything about to go (vaults written before deletes
        // unindexed activities may still hold some); removing a missing row
        // is harmless.
        let doomed: Vec<i64> = tx
            .prepare(
                "SELECT a.id FROM activities a
                 LEFT JOIN contacts c ON c.id = a.contact_id
                 LEFT JOIN companies co ON co.id = a.company_id
                 LEFT JOIN deals d ON d.id = a.deal_id
                 WHERE a.deleted_at < ?1 OR c.deleted_at < ?1 OR co.deleted_at < ?1
                    OR d.deleted_at < ?1",
            )?
            .query_map([&cutoff], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in doomed {
            search::index::remove(&tx, Kind::Activity, id)?;
        }
        let mut counts = Vec::new();
        // Children first: tasks and activities, then deals, companies and
        // contacts (whose own children cascade).
        for table in ["tasks", "activities", "deals", "companies", "contacts"] {
            let n = tx.execute(
                &format!("DELETE FROM {table} WHERE deleted_at IS NOT NULL AND deleted_at < ?1"),
                [&cutoff],
            )?;
            counts.push((table, n));
        }
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        if total > 0 {
            let mut event = Event::allowed("record.purge", None);
            for (table, n) in &counts {
                event = event.with(table, *n);
            }
            audit::append(&tx, &self.keys.audit_mac, Some(self.user.id), &event)?;
        }
        tx.commit()?;
        Ok(total)
    }
}
