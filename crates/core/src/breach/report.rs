//! "Who touched what": the evidence of an incident, drawn from the audit
//! log through the reader auditors use ([`crate::monitor`]): every entry of
//! a window that views, reveals, exports (with their purposes), imports,
//! deletes, unlocks or fails to unlock, narrowed to chosen users and
//! contacts, with a summary by user and kind.

use std::collections::{BTreeMap, BTreeSet};

use crate::audit::{AuditEntry, Event, target};
use crate::auth::{Permission, Session};
use crate::{Error, Result};

/// The kinds of entry the report holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TouchKind {
    /// A record or file was opened.
    View,
    /// A sensitive field was revealed.
    Reveal,
    /// Data left the vault.
    Export,
    /// Data came in.
    Import,
    /// Records were deleted or erased.
    Deletion,
    /// Someone unlocked the vault.
    Unlock,
    /// Unlock attempts failed.
    FailedUnlock,
}

impl TouchKind {
    /// Every kind, in the report's order.
    pub const ALL: [TouchKind; 7] = [
        TouchKind::View,
        TouchKind::Reveal,
        TouchKind::Export,
        TouchKind::Import,
        TouchKind::Deletion,
        TouchKind::Unlock,
        TouchKind::FailedUnlock,
    ];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            TouchKind::View => "view",
            TouchKind::Reveal => "reveal",
            TouchKind::Export => "export",
            TouchKind::Import => "import",
            TouchKind::Deletion => "deletion",
            TouchKind::Unlock => "unlock",
            TouchKind::FailedUnlock => "failed-unlock",
        }
    }

    /// The audit actions of this kind.
    pub fn actions(self) -> &'static [&'static str] {
        match self {
            TouchKind::View => &[
                "contact.view",
                "company.view",
                "deal.view",
                "activity.view",
                "task.view",
                "attachment.open",
            ],
            TouchKind::Reveal => &["contact.reveal"],
            TouchKind::Export => &[
                "contact.export",
                "calendar.export",
                "attachment.save_copy",
                "audit.export",
                "dsr.access_package",
                "dsr.access_package_file",
            ],
            TouchKind::Import => &["import.csv", "import.vcard", "import.email", "import.undo"],
            TouchKind::Deletion => &[
                "contact.delete",
                "contact.bulk_delete",
                "company.delete",
                "deal.delete",
                "activity.delete",
                "task.delete",
                "attachment.delete",
                "record.purge",
                "dsr.erase",
                "dsr.anonymise",
            ],
            TouchKind::Unlock => &["vault.unlock"],
            TouchKind::FailedUnlock => &["vault.unlock_failed"],
        }
    }

    /// The kind of an audit action, if the report holds it.
    pub fn of(action: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.actions().contains(&action))
    }
}

/// The window and filters of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportQuery {
    /// From (inclusive; RFC 3339 or `YYYY-MM-DD`).
    pub from: String,
    /// To (exclusive).
    pub to: String,
    /// Only these users' entries (login names); all when empty.
    pub users: Vec<String>,
    /// Only entries about these contacts (the target, one of the contacts a
    /// change to many names, or one an export wrote); all when empty.
    pub contacts: Vec<i64>,
}

/// One entry of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    /// Its kind.
    pub kind: TouchKind,
    /// The purpose an export named, if any.
    pub purpose: Option<String>,
    /// The audit entry.
    pub entry: AuditEntry,
}

/// How many entries of one kind one user has in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TouchCount {
    /// The user's id (none for failed unlocks under an unknown name).
    pub actor_id: Option<i64>,
    /// Their login name, when the user still exists.
    pub actor_name: Option<String>,
    /// The kind.
    pub kind: TouchKind,
    /// How many.
    pub count: usize,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TouchReport {
    /// What was asked, with the times normalised to UTC.
    pub query: ReportQuery,
    /// The entries, oldest first.
    pub entries: Vec<Touch>,
    /// Counts by user and kind, by user id then kind.
    pub summary: Vec<TouchCount>,
}

fn purpose(details: &str) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(details)
        .ok()?
        .get("purpose")?
        .as_str()
        .map(str::to_owned)
}

impl Session {
    /// The report for `query`, without recording it (the callers do).
    pub(crate) fn touch_report(&self, query: &ReportQuery) -> Result<TouchReport> {
        let from = crate::clock::rfc3339(crate::clock::parse_moment("period start", &query.from)?);
        let to = crate::clock::rfc3339(crate::clock::parse_moment("period end", &query.to)?);
        if to <= from {
            return Err(Error::from(crate::Invalid::new(
                "end-before-start",
                "the report's end must come after its start",
            )));
        }
        let mut users = BTreeSet::new();
        for name in &query.users {
            let id = crate::auth::user_id_by_name(&self.conn, name, false)?.ok_or_else(|| {
                Error::from(
                    crate::Invalid::new(
                        "user-unknown",
                        format!("no user is named {:?}", name.trim()),
                    )
                    .with("user", name.trim()),
                )
            })?;
            users.insert(id);
        }
        let contacts: BTreeSet<i64> = query.contacts.iter().copied().collect();
        let mut exported = BTreeSet::new();
        if !contacts.is_empty() {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT audit_seq FROM export_log WHERE contact_id = ?1")?;
            for c in &contacts {
                for seq in stmt.query_map([c], |r| r.get::<_, i64>(0))? {
                    exported.insert(seq?);
                }
            }
        }
        let about_contact = |e: &AuditEntry| {
            let target = e.target_type.as_deref() == Some("contact")
                && e.target_id
                    .as_deref()
                    .and_then(|t| t.parse::<i64>().ok())
                    .is_some_and(|id| contacts.contains(&id));
            target
                || exported.contains(&e.seq)
                || crate::monitor::changed_ids(&e.details)
                    .iter()
                    .any(|id| contacts.contains(id))
        };
        let mut entries = Vec::new();
        for e in self.audit_window(&from, &to)? {
            let Some(kind) = TouchKind::of(&e.action) else {
                continue;
            };
            if !users.is_empty() && !e.actor_id.is_some_and(|a| users.contains(&a)) {
                continue;
            }
            if !contacts.is_empty() && !about_contact(&e) {
                continue;
            }
            entries.push(Touch {
                kind,
                purpose: if kind == TouchKind::Export {
                    purpose(&e.details)
                } else {
                    None
                },
                entry: e,
            });
        }
        let mut counts: BTreeMap<(Option<i64>, TouchKind), (Option<String>, usize)> =
            BTreeMap::new();
        for t in &entries {
            let slot = counts
                .entry((t.entry.actor_id, t.kind))
                .or_insert_with(|| (t.entry.actor_name.clone(), 0));
            slot.1 += 1;
        }
        let summary = counts
            .into_iter()
            .map(|((actor_id, kind), (actor_name, count))| TouchCount {
                actor_id,
                actor_name,
                kind,
                count,
            })
            .collect();
        Ok(TouchReport {
            query: ReportQuery {
                from,
                to,
                users: query.users.iter().map(|u| u.trim().to_owned()).collect(),
                contacts: contacts.into_iter().collect(),
            },
            entries,
            summary,
        })
    }

    /// The "who touched what" report of incident `id` for `query`; the
    /// window and filters are kept with the incident (its export uses them)
    /// and the report is recorded.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `breach.manage`;
    /// [`Error::NotFound`]; [`Error::InvalidInput`] for a malformed time, an
    /// end before the start or an unknown user.
    pub fn breach_report(&mut self, id: i64, query: &ReportQuery) -> Result<TouchReport> {
        self.authorize(
            Permission::BreachManage,
            "breach.report",
            Some(target("breach", id)),
        )?;
        self.load_breach(id)?;
        let report = self.touch_report(query)?;
        let q = &report.query;
        let n = report.entries.len();
        self.breach_change(
            |()| {
                Event::allowed("breach.report", Some(target("breach", id)))
                    .with("entries", n)
                    .with("users", q.users.len())
                    .with("contacts", q.contacts.len())
            },
            |tx| {
                tx.execute(
                    "UPDATE breaches SET report_from = ?2, report_to = ?3, report_users = ?4,
                        report_contacts = ?5 WHERE id = ?1",
                    rusqlite::params![
                        id,
                        q.from,
                        q.to,
                        serde_json::to_string(&q.users).unwrap_or_else(|_| "[]".into()),
                        serde_json::to_string(&q.contacts).unwrap_or_else(|_| "[]".into()),
                    ],
                )?;
                Ok(())
            },
        )?;
        Ok(report)
    }
}
