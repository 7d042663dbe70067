//! Using contacts for a purpose: only those with a valid basis are handed
//! out, and the rest are counted by the reason they were left out.

use std::collections::BTreeMap;
use std::io::Write;

use rusqlite::{OptionalExtension, params};

use super::state::{self, LeftOut, Recorded};
use crate::audit::Event;
use crate::auth::{Permission, Session};
use crate::clock::today;
use crate::interchange::ExportFormat;
use crate::records::contacts::ContactQuery;
use crate::{Error, Result};

/// Which contacts a use of a purpose covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactScope {
    /// The live contacts matching a query: every contact with the default
    /// query, a saved view's query, or a tag filter.
    Query(ContactQuery),
    /// Hand-picked contacts by id, in this order; an id given twice counts
    /// once. Ids that name no live contact are counted as
    /// [`LeftOut::Erased`] (the audit log records their erasure) or
    /// [`LeftOut::NotFound`].
    Ids(Vec<i64>),
}

impl Default for ContactScope {
    /// Every live contact, by name.
    fn default() -> Self {
        ContactScope::Query(ContactQuery::default())
    }
}

/// How many contacts a purpose may use out of a scope, and how many not, by
/// reason: counts only, nobody's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurposeCounts {
    /// The purpose's key.
    pub purpose: String,
    /// How many may be used.
    pub included: usize,
    /// How many were left out, by reason (every reason listed, zeros too).
    pub left_out: BTreeMap<LeftOut, usize>,
}

impl PurposeCounts {
    /// All left out.
    pub fn left_out_total(&self) -> usize {
        self.left_out.values().sum()
    }
}

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

/// Every reason with a zero count.
pub(crate) fn zero_counts() -> BTreeMap<LeftOut, usize> {
    LeftOut::ALL.into_iter().map(|r| (r, 0)).collect()
}

impl Session {
    /// The ids of the contacts that were erased, as their `dsr.erase`
    /// entries name them.
    fn erased_contact_ids(&self) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT target_id FROM audit_log
             WHERE action = 'dsr.erase' AND outcome = 'allowed' AND target_type = 'contact'",
        )?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// The live contact ids of `scope`, in order, with the hand-picked ids
    /// that name no live contact counted as erased or not found.
    pub(crate) fn scope_candidates(
        &self,
        scope: &ContactScope,
    ) -> Result<(Vec<i64>, BTreeMap<LeftOut, usize>)> {
        let mut missing = zero_counts();
        let ids = match scope {
            ContactScope::Query(query) => self.contact_ids_where(query)?,
            ContactScope::Ids(ids) => {
                let mut seen = std::collections::HashSet::new();
                // A restricted person is shown only to those who handle
                // requests; to anyone else their id names no one.
                let see_restricted = self.can(Permission::RightsManage);
                let mut live = self.conn.prepare_cached(
                    "SELECT deleted_at IS NULL AND (restricted_at IS NULL OR ?2)
                     FROM contacts WHERE id = ?1",
                )?;
                // Erasure leaves no row behind; its audit entry names the id.
                // The log has no secondary index, so it is read once, and
                // only when an id names no live contact.
                let mut erased: Option<std::collections::HashSet<String>> = None;
                let mut kept = Vec::with_capacity(ids.len());
                for &id in ids {
                    if !seen.insert(id) {
                        continue;
                    }
                    let reason = match live
                        .query_row(params![id, see_restricted], |r| r.get::<_, bool>(0))
                        .optional()?
                    {
                        Some(true) => {
                            kept.push(id);
                            continue;
                        }
                        Some(false) => LeftOut::NotFound,
                        None => {
                            let erased = match &mut erased {
                                Some(set) => set,
                                None => erased.insert(self.erased_contact_ids()?),
                            };
                            if erased.contains(&id.to_string()) {
                                LeftOut::Erased
                            } else {
                                LeftOut::NotFound
                            }
                        }
                    };
                    *missing.entry(reason).or_default() += 1;
                }
                kept
            }
        };
        Ok((ids, missing))
    }

    /// [`Session::split_for_purpose`] over a scope: its live contacts are
    /// split, and its missing ids counted too.
    pub(crate) fn select_for_purpose(
        &self,
        purpose_key: &str,
        scope: &ContactScope,
    ) -> Result<PurposeSelection> {
        let (candidates, missing) = self.scope_candidates(scope)?;
        let mut selection = self.split_for_purpose(purpose_key, &candidates)?;
        for (reason, n) in missing {
            *selection.left_out.entry(reason).or_default() += n;
        }
        Ok(selection)
    }

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
        let mut left_out = zero_counts();
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
        self.record_use(
            &selection.purpose,
            "list",
            selection.included.len(),
            &selection.left_out,
        )?;
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
        self.export_scope_for_purpose(
            format,
            purpose_key,
            &ContactScope::Query(query.clone()),
            out,
        )
    }

    /// Exports the contacts of `scope` (every contact, a saved view, a tag,
    /// or hand-picked ids) that may be used for `purpose_key`; the others
    /// are left out and counted by reason. The export goes through the
    /// policy's export limits like any other; the export entry names the
    /// purpose, and the use is recorded as `consent.use`.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.export`;
    /// [`Error::NotFound`] for an unknown purpose;
    /// [`Error::ReauthRequired`] and [`Error::PolicyRefused`] above the
    /// policy's limits; I/O errors.
    pub fn export_scope_for_purpose(
        &self,
        format: ExportFormat,
        purpose_key: &str,
        scope: &ContactScope,
        out: &mut dyn Write,
    ) -> Result<PurposeSelection> {
        self.authorize(Permission::ContactsExport, "contact.export", None)?;
        let selection = self.select_for_purpose(purpose_key, scope)?;
        self.export_checked(
            format.as_str(),
            &selection.included,
            Some(&selection.purpose),
            out,
            &mut |ids, out| self.write_contacts(format, ids, out),
        )?;
        self.record_use(
            &selection.purpose,
            "export",
            selection.included.len(),
            &selection.left_out,
        )?;
        Ok(selection)
    }

    /// For every purpose, how many of all live contacts may be used for it
    /// today and how many not, by reason: the Consent screen's coverage.
    /// Counts only, so nothing is recorded (no contact is used).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn purpose_coverage(&self) -> Result<Vec<PurposeCounts>> {
        self.authorize(Permission::ContactsRead, "consent.coverage", None)?;
        let candidates = self.contact_ids_where(&ContactQuery::default())?;
        self.load_purposes()?
            .into_iter()
            .map(|p| {
                let selection = self.split_for_purpose(&p.key, &candidates)?;
                Ok(PurposeCounts {
                    purpose: selection.purpose,
                    included: selection.included.len(),
                    left_out: selection.left_out,
                })
            })
            .collect()
    }

    /// Records a use of a purpose with its counts (no personal data).
    pub(crate) fn record_use(
        &self,
        purpose: &str,
        how: &str,
        included: usize,
        left_out: &BTreeMap<LeftOut, usize>,
    ) -> Result<()> {
        let mut event = Event::allowed("consent.use", None)
            .with("purpose", purpose)
            .with("use", how)
            .with("included", included);
        for (reason, n) in left_out {
            event = event.with(reason.as_str(), *n);
        }
        self.record(&event)?;
        Ok(())
    }
}
