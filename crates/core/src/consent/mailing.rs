//! Mailing lists: the names and e-mail addresses of the contacts who may be
//! contacted for a purpose. Only contacts with a valid basis for it and an
//! e-mail address are on the list; the others are counted by reason. A
//! mailing list takes personal data out of the vault, so it goes through
//! the export pipeline (the policy's limits, the `contact.export` entry,
//! the monitoring rules) and is recorded as a use of the purpose.

use std::collections::BTreeMap;
use std::io::Write;

use rusqlite::OptionalExtension;

use super::state::LeftOut;
use super::usage::{ContactScope, PurposeCounts, PurposeSelection};
use crate::auth::{Permission, Session};
use crate::csv_cell::protect;
use crate::{Error, Result};

/// The header of a mailing list's CSV file.
pub const MAILING_LIST_HEADER: [&str; 2] = ["Name", "Email"];

/// One person on a mailing list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// The contact's id.
    pub contact_id: i64,
    /// The contact's name.
    pub name: String,
    /// Their first e-mail address.
    pub email: String,
}

/// Who may be mailed for a purpose, and how many were left out, by reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailingList {
    /// The purpose's key.
    pub purpose: String,
    /// The recipients, in the scope's order.
    pub recipients: Vec<Recipient>,
    /// How many were left out, by reason (every reason listed, zeros too).
    pub left_out: BTreeMap<LeftOut, usize>,
}

impl MailingList {
    /// All left out.
    pub fn left_out_total(&self) -> usize {
        self.left_out.values().sum()
    }

    /// Writes the list as CSV (`Name,Email`), each cell protected against
    /// formula injection as the contacts export does.
    ///
    /// # Errors
    /// I/O errors.
    pub fn write_csv(&self, out: &mut dyn Write) -> Result<()> {
        write_recipients(&self.recipients, out)
    }
}

fn write_recipients(recipients: &[Recipient], out: &mut dyn Write) -> Result<()> {
    let csv_err = |e: csv::Error| Error::Io {
        action: "write the mailing list".into(),
        source: std::io::Error::other(e.to_string()),
    };
    let mut w = csv::Writer::from_writer(&mut *out);
    w.write_record(MAILING_LIST_HEADER).map_err(csv_err)?;
    for r in recipients {
        w.write_record([protect(&r.name).as_bytes(), protect(&r.email).as_bytes()])
            .map_err(csv_err)?;
    }
    w.flush().map_err(|e| Error::Io {
        action: "write the mailing list".into(),
        source: e,
    })
}

impl Session {
    /// Splits the scope for the purpose, then leaves out those without an
    /// e-mail address.
    fn build_mailing_list(&self, purpose_key: &str, scope: &ContactScope) -> Result<MailingList> {
        let PurposeSelection {
            purpose,
            included,
            mut left_out,
        } = self.select_for_purpose(purpose_key, scope)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.name, (SELECT e.email FROM contact_emails e
                             WHERE e.contact_id = c.id AND trim(e.email) <> ''
                             ORDER BY e.position LIMIT 1)
             FROM contacts c WHERE c.id = ?1",
        )?;
        let mut recipients = Vec::with_capacity(included.len());
        for id in included {
            let row: Option<(String, Option<String>)> = stmt
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            match row {
                Some((name, Some(email))) => recipients.push(Recipient {
                    contact_id: id,
                    name,
                    email,
                }),
                Some((_, None)) => *left_out.entry(LeftOut::NoEmail).or_default() += 1,
                None => *left_out.entry(LeftOut::NotFound).or_default() += 1,
            }
        }
        Ok(MailingList {
            purpose,
            recipients,
            left_out,
        })
    }

    /// How many contacts of `scope` a mailing list for `purpose_key` would
    /// hold, and how many it would leave out, by reason: the preview shown
    /// before a mailing list is saved. Counts only, so nothing is recorded.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.export`;
    /// [`Error::NotFound`] for an unknown purpose.
    pub fn mailing_list_counts(
        &self,
        purpose_key: &str,
        scope: &ContactScope,
    ) -> Result<PurposeCounts> {
        self.authorize(
            Permission::ContactsExport,
            "consent.mailing_list_preview",
            None,
        )?;
        let list = self.build_mailing_list(purpose_key, scope)?;
        Ok(PurposeCounts {
            purpose: list.purpose,
            included: list.recipients.len(),
            left_out: list.left_out,
        })
    }

    /// The mailing list for `purpose_key` over `scope`: the contacts with a
    /// valid basis for the purpose now and an e-mail address (restricted,
    /// objecting, erased and withdrawn people never are on it), the others
    /// counted by reason. Any purpose key is accepted: it is the caller's
    /// stated purpose. Goes through the export pipeline and is recorded
    /// as a use of the purpose, as [`Session::write_mailing_list`] does.
    ///
    /// # Errors
    /// As [`Session::write_mailing_list`].
    pub fn mailing_list(&self, purpose_key: &str, scope: &ContactScope) -> Result<MailingList> {
        self.write_mailing_list(purpose_key, scope, &mut std::io::sink())
    }

    /// Writes the mailing list for `purpose_key` over `scope` to `out` as
    /// CSV (`Name,Email`) and returns it. It is an export: the policy's
    /// limits apply (above the soft one the password must have been
    /// confirmed), the `contact.export` entry (format `mailing-list`, with
    /// the purpose) lists who was on it, and the use is recorded as
    /// `consent.use` with its counts.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.export`;
    /// [`Error::NotFound`] for an unknown purpose;
    /// [`Error::ReauthRequired`] and [`Error::PolicyRefused`] above the
    /// policy's limits; I/O errors.
    pub fn write_mailing_list(
        &self,
        purpose_key: &str,
        scope: &ContactScope,
        out: &mut dyn Write,
    ) -> Result<MailingList> {
        self.authorize(Permission::ContactsExport, "contact.export", None)?;
        let list = self.build_mailing_list(purpose_key, scope)?;
        let ids: Vec<i64> = list.recipients.iter().map(|r| r.contact_id).collect();
        self.export_checked(
            "mailing-list",
            &ids,
            Some(&list.purpose),
            out,
            &mut |_, out| list.write_csv(out),
        )?;
        self.record_use(
            &list.purpose,
            "mailing-list",
            list.recipients.len(),
            &list.left_out,
        )?;
        Ok(list)
    }
}
