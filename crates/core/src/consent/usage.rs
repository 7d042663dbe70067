//! Using contacts for a purpose: only those with a valid basis are handed
//! out, and the rest are counted by the reason they were left out.

use std::collections::BTreeMap;
use std::io::Write;

use rusqlite::params;

use super::state::{self, LeftOut, Recorded};
use super::today;
use crate::audit::Event;
use crate::auth::{Permission, Session};
use crate::interchange::ExportFormat;
use crate::records::contacts::ContactQuery;
use crate::{Error, Result};

/// The contacts a purpose may use, out of a set of candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurposeSelection {
    /// The purpose's key.
    pub purpose: String,
    /// The contacts with a valid basis, in the candidates' order.
    pub included: Vec<i64>,
    /// How many were left out, by reason (every reason listed, zeros too).
    pub left_out: BTreeMap<LeftOut, usize>,
}

impl PurposeSelection {
    /// All left out.
    pub fn left_out_total(&self) -> usize {
        self.left_out.values().sum()
    }
}

impl Session {
    /// Splits `candidates` (live contact ids, in order) into those that may
    /// be used for `purpose_key` now and those that may not, by reason.
    pub(crate) fn split_for_purpose(
        &self,
        purpose_key: &str,
        candidates: &[i64],
    ) -> Result<PurposeSelection> {
        let purpose = self.purpose(purpose_key)?;
        let today = today();
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.restricted_at IS NOT NULL, c.objected_at IS NOT NULL, k.state, k.expires_at
             FROM contacts c
             LEFT JOIN consents k ON k.id = (SELECT id FROM consents
                                             WHERE contact_id = c.id AND purpose_id = ?2
                                             ORDER BY id DESC LIMIT 1)
             WHERE c.id = ?1",
        )?;
        let mut included = Vec::new();
        let mut left_out: BTreeMap<LeftOut, usize> =
            LeftOut::ALL.into_iter().map(|r| (r, 0)).collect();
        for &id in candidates {
            let (restricted, objected, recorded, expires): (
                bool,
                bool,
                Option<String>,
                Option<String>,
            ) = stmt.query_row(params![id, purpose.id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            let recorded = recorded
                .map(|s| {
                    Recorded::parse(&s)
                        .ok_or_else(|| Error::Integrity("a consent has an unknown state".into()))
                })
                .transpose()?;
            let status = state::status(recorded.map(|r| (r, expires.as_deref())), &today);
            match state::basis(purpose.rule(), status, restricted, objected) {
                Ok(()) => included.push(id),
                Err(reason) => *left_out.entry(reason).or_default() += 1,
            }
        }
        Ok(PurposeSelection {
            purpose: purpose.key,
            included,
            left_out,
        })
    }

    /// The live contacts matching `query` that may be used for
    /// `purpose_key` (a mailing list, a call list), with the others counted
    /// by reason. The use is recorded.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`;
    /// [`Error::NotFound`] for an unknown purpose.
    pub fn contacts_for_purpose(
        &self,
        purpose_key: &str,
        query: &ContactQuery,
    ) -> Result<PurposeSelection> {
        self.authorize(Permission::ContactsRead, "consent.use", None)?;
        let selection = self.split_for_purpose(purpose_key, &self.contact_ids_where(query)?)?;
        self.record_use(&selection, "list")?;
        Ok(selection)
    }

    /// Exports the contacts matching `query` that may be used for
    /// `purpose_key`; the others are left out and counted by reason. Both
    /// the export and the use are recorded.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.export`;
    /// [`Error::NotFound`] for an unknown purpose; I/O errors.
    pub fn export_for_purpose(
        &self,
        format: ExportFormat,
        purpose_key: &str,
        query: &ContactQuery,
        out: &mut dyn Write,
    ) -> Result<PurposeSelection> {
        self.authorize(Permission::ContactsExport, "contact.export", None)?;
        let selection = self.split_for_purpose(purpose_key, &self.contact_ids_where(query)?)?;
        self.export_contacts(format, Some(&selection.included), out)?;
        self.record_use(&selection, "export")?;
        Ok(selection)
    }

    fn record_use(&self, selection: &PurposeSelection, how: &str) -> Result<()> {
        let mut event = Event::allowed("consent.use", None)
            .with("purpose", selection.purpose.as_str())
            .with("use", how)
            .with("included", selection.included.len());
        for (reason, n) in &selection.left_out {
            event = event.with(reason.as_str(), *n);
        }
        self.record(&event)?;
        Ok(())
    }
}
