//! Data-subject rights: the request register with its deadlines, erasure
//! (with the erasure ledger), restriction and objection, and the keyed
//! hashes that let imports recognise erased or objecting people.

mod erasure;
mod package;
mod requests;
mod retention;

use rusqlite::{Connection, params};

pub use erasure::ErasureReport;
pub(crate) use erasure::reapply_ledger;
pub use requests::{DsrKind, DsrRequest, DsrStatus};
pub use retention::{ReviewAction, ReviewCandidate, ReviewReason};

use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::secret::DerivedKey;
use crate::{Error, Result};

/// The keyed hash of an identifier (`email` or `phone`) as the erasure
/// ledger and the suppression list keep it: HMAC-SHA-256 under the vault's
/// identifier-hash key (`SessionKeys::identifier_hash`, one of
/// [`crate::vault::lasting_keys`]) of the normalised value (lower-case e-mail; a phone's last
/// nine digits), so the vault can recognise a person without keeping who
/// they were.
pub(crate) fn identifier_hash(key: &DerivedKey, kind: &str, value: &str) -> Option<String> {
    let normal = match kind {
        "email" => {
            let v = value.trim().to_lowercase();
            (!v.is_empty()).then_some(v)
        }
        _ => crate::records::contacts::fields::phone_key(value),
    }?;
    let tag = crate::crypto::mac(key, format!("{kind}:{normal}").as_bytes());
    Some(data_encoding::HEXLOWER.encode(&tag))
}

/// The hashes of a contact's e-mails and phones.
pub(crate) fn contact_identifier_hashes(
    conn: &Connection,
    key: &DerivedKey,
    contact_id: i64,
) -> Result<Vec<(&'static str, String)>> {
    let mut out = Vec::new();
    for (kind, sql) in [
        (
            "email",
            "SELECT email FROM contact_emails WHERE contact_id = ?1",
        ),
        (
            "phone",
            "SELECT phone FROM contact_phones WHERE contact_id = ?1",
        ),
    ] {
        let values: Vec<String> = conn
            .prepare_cached(sql)?
            .query_map([contact_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for v in values {
            if let Some(h) = identifier_hash(key, kind, &v) {
                out.push((kind, h));
            }
        }
    }
    Ok(out)
}

/// Why an import would leave a record out: its person was erased, or
/// objected to marketing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Known {
    Erased,
    Suppressed,
}

/// Whether any of a record's e-mails or phones is in the erasure ledger or
/// the suppression list.
pub(crate) fn known_person(
    conn: &Connection,
    key: &DerivedKey,
    emails: &[String],
    phones: &[String],
) -> Result<Option<Known>> {
    let hashes = emails
        .iter()
        .filter_map(|e| identifier_hash(key, "email", e))
        .chain(
            phones
                .iter()
                .filter_map(|p| identifier_hash(key, "phone", p)),
        );
    let mut suppressed = false;
    for h in hashes {
        let erased: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM erasure_ledger WHERE key_hash = ?1)")?
            .query_row([&h], |r| r.get(0))?;
        if erased {
            return Ok(Some(Known::Erased));
        }
        suppressed |= conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM suppressions WHERE key_hash = ?1)")?
            .query_row([&h], |r| r.get::<_, bool>(0))?;
    }
    Ok(suppressed.then_some(Known::Suppressed))
}

/// Records that contact `id` objects to direct marketing, in the caller's
/// transaction: marks the contact (keeping the time of an earlier
/// objection) and puts its e-mails and phones on the suppression list.
/// Returns how many identifiers were newly suppressed. Used by
/// [`Session::object_contact`] and by imports of files that say so (Zoho's
/// `Email Opt Out`, HubSpot's unsubscribed status).
pub(crate) fn record_objection(
    tx: &rusqlite::Transaction<'_>,
    hash_key: &DerivedKey,
    id: i64,
    now: &str,
) -> Result<usize> {
    tx.prepare_cached("UPDATE contacts SET objected_at = coalesce(objected_at, ?2) WHERE id = ?1")?
        .execute(params![id, now])?;
    let mut suppressed = 0;
    for (kind, hash) in contact_identifier_hashes(tx, hash_key, id)? {
        suppressed += tx
            .prepare_cached(
                "INSERT OR IGNORE INTO suppressions (key_hash, kind, reason, since)
                 VALUES (?1, ?2, 'objection', ?3)",
            )?
            .execute(params![hash, kind, &now[..10]])?;
    }
    Ok(suppressed)
}

impl Session {
    /// Restricts processing of a contact: every use by purpose leaves them
    /// out, and roles that do not handle requests no longer see them.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `rights.manage`; [`Error::NotFound`].
    pub fn restrict_contact(&mut self, id: i64) -> Result<()> {
        self.set_flag(id, "restricted_at", "dsr.restrict", true)
    }

    /// Lifts a restriction.
    ///
    /// # Errors
    /// As [`Session::restrict_contact`].
    pub fn lift_restriction(&mut self, id: i64) -> Result<()> {
        self.set_flag(id, "restricted_at", "dsr.unrestrict", false)
    }

    /// Records an objection to direct marketing: marketing purposes leave
    /// the contact out from now on, and their e-mails and phones go on the
    /// suppression list, which survives re-imports and erasure.
    ///
    /// # Errors
    /// As [`Session::restrict_contact`].
    pub fn object_contact(&mut self, id: i64) -> Result<()> {
        self.set_flag(id, "objected_at", "dsr.object", true)
    }

    fn set_flag(&mut self, id: i64, column: &str, action: &'static str, on: bool) -> Result<()> {
        let target = Some(Target::contact(id));
        self.authorize(Permission::RightsManage, action, target.clone())?;
        self.contact_exists_for_rights(id)?;
        let now = crate::clock::now_rfc3339();
        let hash_key = &self.keys.identifier_hash;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let suppressed = if column == "objected_at" && on {
            record_objection(&tx, hash_key, id, &now)?
        } else {
            tx.execute(
                &format!("UPDATE contacts SET {column} = ?2 WHERE id = ?1"),
                params![id, on.then_some(now.as_str())],
            )?;
            0
        };
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed(action, target).with("suppressed_identifiers", suppressed),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Whether processing of a contact is restricted, and whether they
    /// objected to direct marketing.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `rights.manage`; [`Error::NotFound`].
    pub fn rights_status(&self, id: i64) -> Result<(bool, bool)> {
        self.authorize(
            Permission::RightsManage,
            "dsr.status",
            Some(Target::contact(id)),
        )?;
        self.contact_exists_for_rights(id)?;
        self.rights_flags(id)
    }

    /// Whether a live contact exists (restricted ones included: this is the
    /// rights handlers' view).
    pub(crate) fn contact_exists_for_rights(&self, id: i64) -> Result<()> {
        let exists: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM contacts WHERE id = ?1 AND deleted_at IS NULL)",
            [id],
            |r| r.get(0),
        )?;
        if exists {
            Ok(())
        } else {
            Err(Error::NotFound {
                entity: "contact",
                id: id.to_string(),
            })
        }
    }
}
