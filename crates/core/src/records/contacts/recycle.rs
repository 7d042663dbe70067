//! The recycle bin: deleting a contact hides it for 30 days, during which
//! users who may delete it can restore it; then it is purged for good.

use rusqlite::{TransactionBehavior, params};

use super::{ContactSummary, not_found};
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::search::{self, Kind};
use crate::{Error, Result};

/// How long a deleted contact stays restorable.
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

fn purge_time(deleted_at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(deleted_at)
        .map(|t| {
            (t + chrono::Duration::days(RETENTION_DAYS))
                .with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .unwrap_or_default()
}

impl Session {
    /// Moves contact `id` to the recycle bin: it disappears from lists and
    /// search at once and is purged after [`RETENTION_DAYS`] days.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may delete any contact, or
    /// may delete its own and owns this one; [`Error::NotFound`].
    pub fn delete_contact(&mut self, id: i64) -> Result<()> {
        self.authorize(
            Permission::ContactsRead,
            "contact.delete",
            Some(Target::contact(id)),
        )?;
        let owner = self.contact_owner(id)?;
        self.authorize_change(
            id,
            owner,
            Permission::ContactsDeleteOwn,
            Permission::ContactsDeleteAny,
            "contact.delete",
        )?;
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE contacts SET deleted_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        search::index::remove(&tx, Kind::Contact, id)?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("contact.delete", Some(Target::contact(id))).with("recycle_bin", true),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The recycle bin's contacts that this user could restore, newest first.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.delete-own`.
    pub fn list_deleted_contacts(&self) -> Result<Vec<DeletedContact>> {
        self.authorize(Permission::ContactsDeleteOwn, "contact.list_deleted", None)?;
        let any = self.can(Permission::ContactsDeleteAny);
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name, c.company,
                    (SELECT email FROM contact_emails WHERE contact_id = c.id AND position = 0),
                    (SELECT phone FROM contact_phones WHERE contact_id = c.id AND position = 0),
                    c.deleted_at
             FROM contacts c
             WHERE c.deleted_at IS NOT NULL AND (?1 OR c.owner_id = ?2)
             ORDER BY c.deleted_at DESC, c.id DESC",
        )?;
        let rows = stmt.query_map(params![any, self.user.id], |r| {
            let deleted_at: String = r.get(5)?;
            Ok(DeletedContact {
                summary: ContactSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    company: r.get(2)?,
                    email: r.get(3)?,
                    phone: r.get(4)?,
                },
                purge_at: purge_time(&deleted_at),
                deleted_at,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Brings contact `id` back from the recycle bin.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] as for deleting it; [`Error::NotFound`]
    /// when it is not in the recycle bin.
    pub fn restore_contact(&mut self, id: i64) -> Result<()> {
        self.authorize(
            Permission::ContactsDeleteOwn,
            "contact.restore",
            Some(Target::contact(id)),
        )?;
        let owner: i64 = self
            .conn
            .prepare_cached(
                "SELECT owner_id FROM contacts WHERE id = ?1 AND deleted_at IS NOT NULL",
            )?
            .query_row([id], |r| r.get(0))
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => not_found(id),
                other => Error::from(other),
            })?;
        self.authorize_change(
            id,
            owner,
            Permission::ContactsDeleteOwn,
            Permission::ContactsDeleteAny,
            "contact.restore",
        )?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("UPDATE contacts SET deleted_at = NULL WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("contact.restore", Some(Target::contact(id))),
        )?;
        tx.commit()?;
        self.reindex_contact(id)
    }

    /// Rewrites contact `id`'s search entry from its stored fields.
    pub(crate) fn reindex_contact(&mut self, id: i64) -> Result<()> {
        let c = self.load_contact(id)?;
        let clean = super::NewContact {
            name: c.name,
            emails: c.emails,
            phones: c.phones,
            company: c.company,
            title: c.title,
            source: c.source,
            address: c.address,
            tags: c.tags,
            notes: c.notes,
            sensitive: super::SensitiveValues::default(),
        }
        .cleaned()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        search::index::replace(&tx, Kind::Contact, id, &clean.name, &clean.index_body())?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes for good every contact that has been in the recycle bin for
    /// more than [`RETENTION_DAYS`] days, as of `now`. Runs at unlock; any
    /// user's unlock may trigger it. Returns how many were purged.
    pub(crate) fn purge_recycle_bin(
        &mut self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize> {
        let cutoff = (now - chrono::Duration::days(RETENTION_DAYS))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let purged = tx.execute(
            "DELETE FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < ?1",
            [cutoff],
        )?;
        if purged > 0 {
            audit::append(
                &tx,
                &self.keys.audit_mac,
                Some(self.user.id),
                &Event::allowed("contact.purge", None).with("contacts", purged),
            )?;
        }
        tx.commit()?;
        Ok(purged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_is_thirty_days_after_deletion() {
        assert_eq!(purge_time("2026-01-01T10:00:00Z"), "2026-01-31T10:00:00Z");
    }
}
