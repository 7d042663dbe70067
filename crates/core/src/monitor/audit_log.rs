//! Reading the audit log as auditors do: its entries under a filter, the
//! check of the whole chain against the head the keyslots file recorded, and
//! the CSV export. Each checks its permission first; the check and the
//! export are recorded. The log itself (its chain, the entries, the query)
//! is [`crate::audit`].

use std::io::Write;

use crate::Result;
use crate::audit::{self, AuditEntry, AuditFilter, Event, MAX_AUDIT_PAGE, Target, VerifyReport};
use crate::auth::{Permission, Session};

impl Session {
    /// The entries matching `filter`, at most `limit`, newest first.
    fn query_audit(&self, filter: &AuditFilter, limit: u32) -> Result<Vec<AuditEntry>> {
        let actor_id = match &filter.actor {
            Some(actor) => crate::auth::user_id_by_name(&self.conn, actor, false)?,
            None => None,
        };
        audit::query(&self.conn, filter, actor_id, limit)
    }

    /// Every entry at or after `since` and before `until` (RFC 3339),
    /// oldest first, for the reports drawn from the log (the breach
    /// register's "who touched what"). The caller checks its own permission.
    pub(crate) fn audit_window(&self, since: &str, until: &str) -> Result<Vec<AuditEntry>> {
        let filter = AuditFilter {
            since: Some(since.to_owned()),
            until: Some(until.to_owned()),
            ..AuditFilter::default()
        };
        let mut entries = self.query_audit(&filter, u32::MAX)?;
        entries.reverse();
        Ok(entries)
    }

    /// Entries matching `filter`, newest first.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `audit.read`; [`crate::Error::InvalidInput`]
    /// for a malformed time.
    pub fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        self.require(Permission::AuditRead)?;
        let limit = filter.limit.unwrap_or(200).clamp(1, MAX_AUDIT_PAGE);
        self.query_audit(filter, limit)
    }

    /// Walks the whole chain and compares its end with the head the keyslots
    /// file recorded, then walks the team's shared chain (empty outside a
    /// team vault). The check itself is recorded.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `audit.read`.
    pub fn audit_verify(&self) -> Result<VerifyReport> {
        self.require(Permission::AuditRead)?;
        let mut report = audit::verify_chain(
            &self.conn,
            &self.keys.audit_mac,
            self.keyslots.audit_head().as_ref(),
        )?;
        // A team vault's replica also holds the team's shared chain (ADR
        // 0024); an intact report counts the entries of both.
        if let VerifyReport::Intact { entries } = report {
            report = match audit::team::verify(&self.conn, &self.keys.audit_mac)? {
                VerifyReport::Intact { entries: shared } => VerifyReport::Intact {
                    entries: entries + shared,
                },
                broken => broken,
            };
        }
        let intact = matches!(report, VerifyReport::Intact { .. });
        let head = self.record(&Event::allowed("audit.verify", None).with("intact", intact))?;
        // A broken chain may mean someone rewrote history to hide what they
        // did: an alert an owner can open an incident from.
        if let VerifyReport::Broken { seq, .. } = &report {
            crate::monitor::alerts::raise(
                &self.conn,
                crate::monitor::Rule::AuditBroken,
                Some(self.user.id),
                &crate::monitor::alerts::Summary::new(
                    "audit-broken",
                    format!("a verification of the audit log found entry {seq} broken"),
                )
                .with("entry", seq),
                &[head.seq],
            )?;
        }
        Ok(report)
    }

    /// Writes the entries matching `filter` (all of them, oldest first, when
    /// no limit is given) as CSV with a header row in the vault's language,
    /// and records the export with that language.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `audit.export`; I/O errors.
    pub fn audit_export_csv(&self, filter: &AuditFilter, out: &mut dyn Write) -> Result<usize> {
        self.require(Permission::AuditExport)?;
        let mut entries = self.query_audit(filter, filter.limit.unwrap_or(u32::MAX))?;
        entries.reverse();
        let lang = self.vault_language()?;
        audit::write_csv(
            &entries,
            crate::locale::documents::audit_csv_header(lang),
            filter
                .shared
                .then(|| crate::locale::documents::team_audit_csv_columns(lang)),
            out,
        )?;
        let mut event = Event::allowed(
            "audit.export",
            Some(Target {
                kind: "audit",
                id: "log".into(),
            }),
        )
        .with("entries", entries.len())
        .with("language", lang.as_str());
        if filter.shared {
            event = event.with("shared", true);
        }
        self.record(&event)?;
        Ok(entries.len())
    }
}
