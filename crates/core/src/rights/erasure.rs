//! Erasure: the person leaves the live vault everywhere — their contact
//! record with its e-mails, phones, tags, custom values, sensitive fields,
//! consents, activities and tasks, every deal they are the contact of (with
//! that deal's activities and tasks, whether or not it also belongs to a
//! company), and every search-index row — in one transaction. Companies
//! stay. Their e-mails and phones stay only as keyed hashes in the erasure
//! ledger, so an import recognises them; the audit entry names the contact
//! id and counts, never who it was.

use rusqlite::params;

use super::contact_identifier_hashes;
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::locale::Language;
use crate::locale::documents::{Noun, Text, counted, fill};
use crate::search::{self, Kind};
use crate::{Error, Result};

/// What an erasure removed, and the certificate text for the requester.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureReport {
    /// The contact id that was erased.
    pub contact_id: i64,
    /// When (RFC 3339).
    pub erased_at: String,
    /// Rows removed, by what they were.
    pub removed: Vec<(&'static str, usize)>,
    /// Identifiers kept as keyed hashes in the erasure ledger.
    pub ledger_entries: usize,
    /// A short certificate for the person who asked, in the vault's
    /// language, which it names.
    pub certificate: String,
}

impl Session {
    /// Erases a person for good. `confirm` must be true (the caller asked
    /// the user to confirm). Contacts in the recycle bin can be erased too.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `rights.manage`;
    /// [`Error::NotFound`]; [`Error::InvalidInput`] without `confirm`.
    pub fn erase_contact(&mut self, id: i64, confirm: bool) -> Result<ErasureReport> {
        let target = Some(Target::contact(id));
        self.authorize(Permission::RightsManage, "dsr.erase", target.clone())?;
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
        if !confirm {
            return Err(Error::from(crate::Invalid::new(
                "confirmation-needed",
                "erasure cannot be undone; confirm it to go ahead",
            )));
        }
        let now = crate::clock::now_rfc3339();
        let lang = self.vault_language()?;
        let hash_key = &self.keys.identifier_hash;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let hashes = contact_identifier_hashes(&tx, hash_key, id)?;
        let mut ledger_entries = 0;
        for (kind, hash) in &hashes {
            ledger_entries += tx.execute(
                "INSERT OR IGNORE INTO erasure_ledger (key_hash, kind, erased_on) VALUES (?1, ?2, ?3)",
                params![hash, kind, &now[..10]],
            )?;
        }
        // Open erasure requests for the person are completed by this.
        tx.execute(
            "UPDATE dsr_requests SET status = 'completed', completed_at = ?2, handler_id = ?3,
                                     outcome = 'erased'
             WHERE contact_id = ?1 AND kind = 'erasure' AND status = 'open'",
            params![id, now, self.user.id],
        )?;
        let removed = erase_rows(&tx, id)?;
        optimize_index(&tx)?;
        let mut event = Event::allowed("dsr.erase", target)
            .with("ledger_entries", ledger_entries)
            .with("language", lang.as_str());
        for (what, n) in &removed {
            event = event.with(&what.replace([' ', '-'], "_"), *n);
        }
        audit::append(&tx, &self.keys.audit_mac, Some(self.user.id), &event)?;
        tx.commit()?;
        let certificate = certificate(lang, id, &now, &removed, ledger_entries, !hashes.is_empty());
        Ok(ErasureReport {
            contact_id: id,
            erased_at: now,
            removed,
            ledger_entries,
            certificate,
        })
    }
}

/// Deletes a contact and everything attached, search rows included, in the
/// caller's transaction, and returns what went, by what it was. Call
/// [`optimize_index`] once afterwards.
///
/// Every deal the person is the contact of goes with them, with the deal's
/// activities and tasks, also when it belongs to a company: its title,
/// notes and call logs are about the person, and no text replacement can
/// be trusted to find every mention of them. The companies stay.
///
/// A contact merged into this one and still in the recycle bin (the merge
/// not undone) is the same person: it is erased too, and counted with it.
pub(crate) fn erase_rows(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
) -> Result<Vec<(&'static str, usize)>> {
    let ids = |sql: &str| -> Result<Vec<i64>> {
        Ok(tx
            .prepare(sql)?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    };
    let count = |sql: &str| -> Result<usize> {
        let n: i64 = tx.query_row(sql, [id], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    };
    let mut merged_away = Vec::new();
    for merged in
        ids("SELECT merged_id FROM contact_merges WHERE kept_id = ?1 AND undone_at IS NULL")?
    {
        merged_away.push(erase_rows(tx, merged)?);
    }
    let deals = ids("SELECT id FROM deals WHERE contact_id = ?1")?;
    let activities = ids("SELECT id FROM activities
         WHERE contact_id = ?1 OR deal_id IN (SELECT id FROM deals WHERE contact_id = ?1)")?;
    let mut removed = vec![
        ("contact", 1),
        (
            "e-mail addresses",
            count("SELECT count(*) FROM contact_emails WHERE contact_id = ?1")?,
        ),
        (
            "phone numbers",
            count("SELECT count(*) FROM contact_phones WHERE contact_id = ?1")?,
        ),
        ("deals", deals.len()),
        ("activities", activities.len()),
        (
            "tasks",
            count(
                "SELECT count(*) FROM tasks
                 WHERE contact_id = ?1 OR deal_id IN (SELECT id FROM deals WHERE contact_id = ?1)",
            )?,
        ),
        (
            "consent records",
            count("SELECT count(*) FROM consents WHERE contact_id = ?1")?,
        ),
        // They cascade with the contact, its deals and the activities.
        (
            "files",
            count(&format!(
                "SELECT count(*) FROM attachments f WHERE {}",
                crate::records::attachments::OF_PERSON
            ))?,
        ),
    ];
    // Search rows first (the contact's, its deals' and every activity's),
    // then the rows themselves: the deals (their activities and tasks
    // cascade), the consents, and the contact (the rest cascades).
    search::index::remove(tx, Kind::Contact, id)?;
    for deal in &deals {
        search::index::remove(tx, Kind::Deal, *deal)?;
    }
    for activity in activities {
        search::index::remove(tx, Kind::Activity, activity)?;
    }
    tx.execute("DELETE FROM deals WHERE contact_id = ?1", [id])?;
    tx.execute("DELETE FROM consents WHERE contact_id = ?1", [id])?;
    tx.execute("DELETE FROM contacts WHERE id = ?1", [id])?;
    for other in merged_away {
        for ((_, n), (_, more)) in removed.iter_mut().zip(other) {
            *n += more;
        }
    }
    Ok(removed)
}

/// Rewrites the search index so no segment keeps erased tokens.
pub(crate) fn optimize_index(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO search_index (search_index) VALUES ('optimize')",
        [],
    )?;
    Ok(())
}

/// Erases, in `tx`, every contact one of whose e-mails or phones is in
/// `ledger` (`kind:hash` entries, as a backup header lists them), and adds
/// the entries to the database's own ledger: after a restore of an older
/// backup, everyone erased since stays erased. Returns how many contacts
/// went.
pub(crate) fn reapply_ledger(
    tx: &rusqlite::Transaction<'_>,
    key: &crate::secret::DerivedKey,
    ledger: &[String],
    today: &str,
) -> Result<usize> {
    if ledger.is_empty() {
        return Ok(0);
    }
    let wanted: std::collections::HashSet<&str> = ledger.iter().map(String::as_str).collect();
    let ids: Vec<i64> = tx
        .prepare("SELECT id FROM contacts")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut erased = 0;
    for id in ids {
        let hashes = super::contact_identifier_hashes(tx, key, id)?;
        if hashes
            .iter()
            .any(|(kind, h)| wanted.contains(format!("{kind}:{h}").as_str()))
        {
            erase_rows(tx, id)?;
            erased += 1;
        }
    }
    for entry in ledger {
        if let Some((kind, hash)) = entry.split_once(':') {
            tx.execute(
                "INSERT OR IGNORE INTO erasure_ledger (key_hash, kind, erased_on) VALUES (?1, ?2, ?3)",
                params![hash, kind, today],
            )?;
        }
    }
    if erased > 0 {
        optimize_index(tx)?;
    }
    Ok(erased)
}

/// The noun of a kind of row `erase_rows` reports.
fn noun(what: &str) -> Option<Noun> {
    Some(match what {
        "contact" => Noun::Contact,
        "e-mail addresses" => Noun::Email,
        "phone numbers" => Noun::Phone,
        "deals" => Noun::Deal,
        "activities" => Noun::Activity,
        "tasks" => Noun::Task,
        "consent records" => Noun::ConsentRecord,
        "files" => Noun::File,
        _ => return None,
    })
}

/// The certificate's text in `lang`, ending with the language it was made
/// in. `recognisable` says whether the ledger now holds a fingerprint of
/// one of the person's e-mails or phones: only then can a restore of an
/// older backup find them again and re-apply the erasure, so only then
/// does the certificate promise it.
fn certificate(
    lang: Language,
    id: i64,
    at: &str,
    removed: &[(&str, usize)],
    ledger: usize,
    recognisable: bool,
) -> String {
    let list: Vec<String> = removed
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| match noun(what) {
            Some(noun) => counted(lang, *n as u64, noun),
            None => format!("{n} {what}"),
        })
        .collect();
    let kept = if recognisable {
        fill(Text::CertificateKept.get(lang), &[("ledger", &ledger)])
    } else {
        Text::CertificateNothingKept.get(lang).to_owned()
    };
    let erased = fill(
        Text::CertificateErased.get(lang),
        &[("at", &at), ("id", &id), ("list", &list.join(", "))],
    );
    format!(
        "{}\n\n{erased} {kept}\n\n{}\n",
        Text::CertificateTitle.get(lang),
        Text::DocumentLanguage.get(lang)
    )
}
