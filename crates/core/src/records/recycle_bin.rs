//! The recycle bin of every record type: a deleted contact, company, deal,
//! task or activity stays restorable for [`RETENTION_DAYS`] days by the users
//! who may delete it, then it is purged for good.
//!
//! Listing and restoring need the permission deleting needs:
//! `contacts.delete-any`, or `contacts.delete-own` for the user's own records
//! ("own" as in [`crate::records`]). The bin shows only what the user could
//! see before the record was deleted: a restricted contact (a data-subject
//! request) and its activities stay hidden from roles that do not handle
//! requests. Restoring puts the record back into search in the same
//! transaction, and is refused while the record an activity or a task
//! belongs to is itself deleted.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::activities::About;
use super::attachments::AttachedTo;
use super::contacts::ContactSummary;
use super::target;
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::search::{self, Kind};
use crate::{Error, Result};

/// How many words of an activity's subject its recycle-bin label shows.
const LABEL_WORDS: usize = 6;

/// A type of record that can be deleted and restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// A contact.
    Contact,
    /// A company.
    Company,
    /// A deal.
    Deal,
    /// A task.
    Task,
    /// An activity (note, call, meeting, e-mail).
    Activity,
    /// A file on a record.
    Attachment,
}

impl RecordKind {
    /// Every kind, in the order the bin lists them when deleted at the same time.
    pub const ALL: [RecordKind; 6] = [
        RecordKind::Contact,
        RecordKind::Company,
        RecordKind::Deal,
        RecordKind::Task,
        RecordKind::Activity,
        RecordKind::Attachment,
    ];

    /// The stable name (`contact`, `company`, `deal`, `task`, `activity`,
    /// `attachment`),
    /// also the audit target type.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Contact => "contact",
            RecordKind::Company => "company",
            RecordKind::Deal => "deal",
            RecordKind::Task => "task",
            RecordKind::Activity => "activity",
            RecordKind::Attachment => "attachment",
        }
    }

    /// The audit action of deleting a record of this kind.
    fn delete_action(self) -> &'static str {
        match self {
            RecordKind::Contact => "contact.delete",
            RecordKind::Company => "company.delete",
            RecordKind::Deal => "deal.delete",
            RecordKind::Task => "task.delete",
            RecordKind::Activity => "activity.delete",
            RecordKind::Attachment => "attachment.delete",
        }
    }

    /// The audit action of restoring a record of this kind.
    fn restore_action(self) -> &'static str {
        match self {
            RecordKind::Contact => "contact.restore",
            RecordKind::Company => "company.restore",
            RecordKind::Deal => "deal.restore",
            RecordKind::Task => "task.restore",
            RecordKind::Activity => "activity.restore",
            RecordKind::Attachment => "attachment.restore",
        }
    }

    fn table(self) -> &'static str {
        match self {
            RecordKind::Contact => "contacts",
            RecordKind::Company => "companies",
            RecordKind::Deal => "deals",
            RecordKind::Task => "tasks",
            RecordKind::Activity => "activities",
            RecordKind::Attachment => "attachments",
        }
    }

    fn target(self, id: i64) -> Target {
        match self {
            RecordKind::Contact => Target::contact(id),
            other => target(other.as_str(), id),
        }
    }

    fn not_in_bin(self, id: i64) -> Error {
        Error::NotFound {
            entity: match self {
                RecordKind::Contact => "deleted contact",
                RecordKind::Company => "deleted company",
                RecordKind::Deal => "deleted deal",
                RecordKind::Task => "deleted task",
                RecordKind::Activity => "deleted activity",
                RecordKind::Attachment => "deleted attachment",
            },
            id: id.to_string(),
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RecordKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        RecordKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::from(crate::Invalid::new("value-not-allowed", format!(
                    "unknown record kind {s:?}; kinds are contact, company, deal, task, activity and attachment"
                )).with("field", "record kind"))
            })
    }
}

/// A record in the recycle bin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedRecord {
    /// What it is.
    pub kind: RecordKind,
    /// Its id, as before it was deleted.
    pub id: i64,
    /// What to call it: a contact's or company's name, a deal's or task's
    /// title, an activity's kind, date and first words of its subject.
    pub label: String,
    /// A second line: a contact's e-mail, a company's domain, a deal's
    /// stage, a task's due date, the kind of record an activity is about.
    /// None for a file: its [`DeletedRecord::holder`] says where it was.
    pub detail: Option<String>,
    /// For a file, the record it is on, for the window to word in the
    /// user's language ("On the contact Ana Popescu").
    pub holder: Option<Holder>,
    /// For a task, its due date (`YYYY-MM-DD`), for the window to word.
    pub due_date: Option<String>,
    /// For an activity, what the window words its label and line from.
    pub activity: Option<DeletedActivity>,
    /// Id of the user who owns it (for a task: who created it).
    pub owner_id: i64,
    /// When it was deleted (RFC 3339).
    pub deleted_at: String,
    /// Login name of the user who deleted it, when the audit log says.
    pub deleted_by: Option<String>,
    /// When it will be purged (RFC 3339).
    pub purge_at: String,
}

/// The record a file in the bin is on: its kind (contact, company, deal or
/// activity) and its name (a contact's or company's name, a deal's title,
/// an activity's subject), which may itself be in the bin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// What the record is.
    pub kind: RecordKind,
    /// What to call it.
    pub name: String,
}

/// What the window needs to word a deleted activity in the user's
/// language: "Call on 06.12.2026: Asked about…", "About a contact".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedActivity {
    /// `note`, `call`, `meeting` or `email`.
    pub kind: String,
    /// When it happened (as stored: `YYYY-MM-DD…`).
    pub occurred_at: String,
    /// The first words of its subject (never its body).
    pub subject: String,
    /// The kind of record it is about: contact, company or deal.
    pub about: RecordKind,
}

/// When a record deleted at `deleted_at` is purged.
pub(crate) fn purge_time(deleted_at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(deleted_at)
        .map(|t| {
            (t + chrono::Duration::days(RETENTION_DAYS))
                .with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .unwrap_or_default()
}

/// An activity's label: its kind, the day it happened and the first words of
/// its subject (never its body).
fn activity_label(kind: &str, occurred_at: &str, subject: &str) -> String {
    let mut kind_name = kind.to_owned();
    if let Some(first) = kind_name.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    let day = occurred_at.get(..10).unwrap_or(occurred_at);
    format!("{kind_name} on {day}: {}", first_words(subject))
}

/// The first words of an activity's subject, with `…` when there are more.
fn first_words(subject: &str) -> String {
    let words: Vec<&str> = subject.split_whitespace().collect();
    let mut text = words
        .iter()
        .take(LABEL_WORDS)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if words.len() > LABEL_WORDS {
        text.push('…');
    }
    text
}

/// One query per kind. Parameters: `?1` whether the user may delete any
/// record, `?2` the user's id, and for the kinds that can be about a
/// restricted contact (see [`about_contacts`]) `?3` whether the user sees
/// restricted contacts.
/// Columns: id, label, detail, owner, deleted_at, and for activities the
/// subject's parts (kind, occurred_at) to build the label from, for files
/// the kind and name of the record they are on; last, a task's due date or
/// the kind of record an activity is about.
fn list_sql(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Contact => {
            "SELECT c.id, c.name,
                    (SELECT email FROM contact_emails WHERE contact_id = c.id AND position = 0),
                    c.owner_id, c.deleted_at, NULL, NULL, NULL
             FROM contacts c
             WHERE c.deleted_at IS NOT NULL AND (?1 OR c.owner_id = ?2)
               AND (?3 OR c.restricted_at IS NULL)"
        }
        RecordKind::Company => {
            "SELECT id, name, domain, owner_id, deleted_at, NULL, NULL, NULL FROM companies
             WHERE deleted_at IS NOT NULL AND (?1 OR owner_id = ?2)"
        }
        RecordKind::Deal => {
            "SELECT d.id, d.title, s.name, d.owner_id, d.deleted_at, NULL, NULL, NULL
             FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
             WHERE d.deleted_at IS NOT NULL AND (?1 OR d.owner_id = ?2)"
        }
        RecordKind::Task => {
            "SELECT t.id, t.title, CASE WHEN t.due_date IS NOT NULL THEN 'due ' || t.due_date END,
                    t.created_by, t.deleted_at, NULL, NULL, t.due_date FROM tasks t
             WHERE t.deleted_at IS NOT NULL
               AND (?1 OR t.created_by = ?2 OR t.assignee_id = ?2)
               AND (?3 OR NOT EXISTS (SELECT 1 FROM contacts r WHERE r.id = t.contact_id
                                      AND r.restricted_at IS NOT NULL))"
        }
        RecordKind::Activity => {
            "SELECT a.id, a.subject,
                    CASE WHEN a.contact_id IS NOT NULL THEN 'about a contact'
                         WHEN a.company_id IS NOT NULL THEN 'about a company'
                         ELSE 'about a deal' END,
                    a.owner_id, a.deleted_at, a.kind, a.occurred_at,
                    CASE WHEN a.contact_id IS NOT NULL THEN 'contact'
                         WHEN a.company_id IS NOT NULL THEN 'company'
                         ELSE 'deal' END
             FROM activities a
             WHERE a.deleted_at IS NOT NULL AND (?1 OR a.owner_id = ?2)
               AND (?3 OR NOT EXISTS (SELECT 1 FROM contacts r WHERE r.id = a.contact_id
                                      AND r.restricted_at IS NOT NULL))"
        }
        RecordKind::Attachment => {
            "SELECT f.id, f.name, NULL, f.owner_id, f.deleted_at,
                    CASE WHEN f.contact_id IS NOT NULL THEN 'contact'
                         WHEN f.company_id IS NOT NULL THEN 'company'
                         WHEN f.deal_id IS NOT NULL THEN 'deal'
                         ELSE 'activity' END,
                    COALESCE((SELECT name FROM contacts WHERE id = f.contact_id),
                             (SELECT name FROM companies WHERE id = f.company_id),
                             (SELECT title FROM deals WHERE id = f.deal_id),
                             (SELECT subject FROM activities WHERE id = f.activity_id), ''),
                    NULL
             FROM attachments f
             WHERE f.deleted_at IS NOT NULL AND (?1 OR f.owner_id = ?2)
               AND (?3 OR NOT EXISTS (SELECT 1 FROM contacts r
                                      WHERE r.restricted_at IS NOT NULL
                                        AND (r.id = f.contact_id OR r.id = (SELECT contact_id
                                             FROM activities WHERE id = f.activity_id))))"
        }
    }
}

/// Whether [`list_sql`] of `kind` takes the `?3` parameter.
fn about_contacts(kind: RecordKind) -> bool {
    matches!(
        kind,
        RecordKind::Contact | RecordKind::Task | RecordKind::Activity | RecordKind::Attachment
    )
}

/// Who deleted what, from the audit log: `(kind, id)` to the login name of
/// the last user whose delete was allowed. Walks the log newest first and
/// stops at `since`, the oldest deletion in the bin.
fn deleters(conn: &rusqlite::Connection, since: &str) -> Result<HashMap<(String, String), String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.at, a.target_type, a.target_id, u.name, a.action, a.details FROM audit_log a
         LEFT JOIN users u ON u.id = a.actor_id
         WHERE a.outcome = 'allowed' AND a.action IN
               ('contact.delete', 'company.delete', 'deal.delete', 'task.delete', 'activity.delete',
                'attachment.delete', 'contact.bulk_delete')
         ORDER BY a.seq DESC",
    )?;
    let mut rows = stmt.query([])?;
    let mut found = HashMap::new();
    while let Some(r) = rows.next()? {
        let at: String = r.get(0)?;
        if at.as_str() < since {
            break;
        }
        if r.get::<_, String>(4)? == "contact.bulk_delete" {
            // One entry for many contacts: its details name them.
            let (Some(name), details) = (r.get::<_, Option<String>>(3)?, r.get::<_, String>(5)?)
            else {
                continue;
            };
            for id in crate::monitor::changed_ids(&details) {
                found
                    .entry(("contact".to_owned(), id.to_string()))
                    .or_insert_with(|| name.clone());
            }
            continue;
        }
        let (Some(kind), Some(id), Some(name)) = (
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
        ) else {
            continue;
        };
        found.entry((kind, id)).or_insert(name);
    }
    Ok(found)
}

/// A deleted record as restoring needs it: who owns it, whether the user may
/// see it, and what it belongs to.
struct Binned {
    is_own: bool,
    hidden: bool,
    about: Option<Parent>,
}

/// The record a binned activity, task or attachment belongs to: its kind
/// and id.
#[derive(Debug, Clone, Copy)]
struct Parent(&'static str, i64);

impl From<About> for Parent {
    fn from(about: About) -> Self {
        Parent(about.kind(), about.id())
    }
}

impl From<AttachedTo> for Parent {
    fn from(on: AttachedTo) -> Self {
        Parent(on.kind(), on.id())
    }
}

impl Session {
    /// The records in the recycle bin that this user could restore, newest
    /// deletion first; only those of `kind` when given. Anything past its
    /// purge date is purged first, so a session left open for days never
    /// offers what is already gone.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.delete-own`.
    pub fn list_recycle_bin(&mut self, kind: Option<RecordKind>) -> Result<Vec<DeletedRecord>> {
        self.authorize(Permission::ContactsDeleteOwn, "record.list_deleted", None)?;
        self.purge_recycle_bin(crate::clock::now())?;
        let any = self.can(Permission::ContactsDeleteAny);
        let see_restricted = self.can(Permission::RightsManage);
        let mut records = Vec::new();
        for k in RecordKind::ALL {
            if kind.is_some_and(|wanted| wanted != k) {
                continue;
            }
            let mut stmt = self.conn.prepare_cached(list_sql(k))?;
            let all_params = params![any, self.user.id, see_restricted];
            let used = if about_contacts(k) { 3 } else { 2 };
            let rows = stmt.query_map(&all_params[..used], |r| {
                let deleted_at: String = r.get(4)?;
                let mut label: String = r.get(1)?;
                let mut holder = None;
                let mut activity = None;
                let last: Option<String> = r.get(7)?;
                let due_date = if k == RecordKind::Task {
                    last.clone()
                } else {
                    None
                };
                if let (Some(first), Some(second)) = (
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ) {
                    if k == RecordKind::Attachment {
                        holder = first.parse().ok().map(|kind| Holder { kind, name: second });
                    } else {
                        activity = last.as_deref().and_then(|a| a.parse().ok()).map(|about| {
                            DeletedActivity {
                                kind: first.clone(),
                                occurred_at: second.clone(),
                                subject: first_words(&label),
                                about,
                            }
                        });
                        label = activity_label(&first, &second, &label);
                    }
                }
                Ok(DeletedRecord {
                    kind: k,
                    id: r.get(0)?,
                    label,
                    detail: r.get(2)?,
                    holder,
                    due_date,
                    activity,
                    owner_id: r.get(3)?,
                    purge_at: purge_time(&deleted_at),
                    deleted_at,
                    deleted_by: None,
                })
            })?;
            for row in rows {
                records.push(row?);
            }
        }
        if let Some(oldest) = records.iter().map(|r| r.deleted_at.clone()).min() {
            let by = deleters(&self.conn, &oldest)?;
            for record in &mut records {
                record.deleted_by = by
                    .get(&(record.kind.as_str().to_owned(), record.id.to_string()))
                    .cloned();
            }
        }
        records.sort_by(|a, b| {
            b.deleted_at
                .cmp(&a.deleted_at)
                .then_with(|| {
                    let order = |k: RecordKind| RecordKind::ALL.iter().position(|x| *x == k);
                    order(a.kind).cmp(&order(b.kind))
                })
                .then_with(|| b.id.cmp(&a.id))
        });
        Ok(records)
    }

    /// Moves record `id` of `kind` to the recycle bin: it disappears from
    /// lists, gets and search at once, and so do the activities on it (a
    /// contact's, company's or deal's); it is purged after
    /// [`RETENTION_DAYS`] days. Contacts and deals linked to a deleted
    /// company keep their link. Audited as `contact.delete`,
    /// `company.delete`, `deal.delete`, `task.delete` or `activity.delete`;
    /// deleting many contacts in a short time raises an alert.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may delete any record, or
    /// may delete its own and this one is its own ("own" as in
    /// [`crate::records`]); [`Error::NotFound`] when there is no such live
    /// record (or it is a restricted contact, or about one, the user may not
    /// see).
    pub fn delete_record(&mut self, kind: RecordKind, id: i64) -> Result<()> {
        let action = kind.delete_action();
        self.authorize(Permission::ContactsRead, action, Some(kind.target(id)))?;
        let is_own = self.live_is_own(kind, id)?;
        self.authorize_record_change(
            kind.target(id),
            is_own,
            Permission::ContactsDeleteOwn,
            Permission::ContactsDeleteAny,
            action,
        )?;
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        soft_delete(&tx, kind, id, &now)?;
        let mut event = Event::allowed(action, Some(kind.target(id)));
        if kind == RecordKind::Contact {
            event = event.with("recycle_bin", true);
        }
        audit::append(&tx, &self.keys.audit_mac, Some(self.user.id), &event)?;
        tx.commit()?;
        if kind == RecordKind::Contact {
            self.check_mass_deletion()?;
        }
        Ok(())
    }

    /// Whether live record `id` of `kind` is the user's own; not found when
    /// it is not live (or not visible to the user).
    fn live_is_own(&self, kind: RecordKind, id: i64) -> Result<bool> {
        let me = self.user.id;
        Ok(match kind {
            RecordKind::Contact => self.contact_owner(id)? == me,
            RecordKind::Company => self.load_company(id)?.owner_id == me,
            RecordKind::Deal => self.load_deal(id)?.owner_id == me,
            RecordKind::Task => self.owns_task(&self.load_task(id)?),
            RecordKind::Activity => self.activity_owner(id)? == me,
            RecordKind::Attachment => self.attachment_is_own(id)?,
        })
    }

    /// Brings record `id` of `kind` back from the recycle bin, with its
    /// search entry (and those of the activities on it). Audited as
    /// `contact.restore`, `company.restore`, `deal.restore`, `task.restore`
    /// or `activity.restore`.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] as for deleting it; [`Error::NotFound`]
    /// when it is not in the recycle bin (never deleted, already restored or
    /// purged); [`Error::InvalidInput`] when the record an activity or a task
    /// belongs to is deleted itself — restore that first.
    pub fn restore_record(&mut self, kind: RecordKind, id: i64) -> Result<()> {
        let action = kind.restore_action();
        self.authorize(Permission::ContactsDeleteOwn, action, Some(kind.target(id)))?;
        self.purge_recycle_bin(crate::clock::now())?;
        let binned = self.binned(kind, id)?;
        if binned.hidden {
            return Err(kind.not_in_bin(id));
        }
        self.authorize_record_change(
            kind.target(id),
            binned.is_own,
            Permission::ContactsDeleteOwn,
            Permission::ContactsDeleteAny,
            action,
        )?;
        if kind == RecordKind::Contact {
            // A merged contact comes back by undoing its merge, which also
            // takes back what moved onto the kept contact.
            let kept: Option<i64> = self
                .conn
                .query_row(
                    "SELECT kept_id FROM contact_merges WHERE merged_id = ?1 AND undone_at IS NULL",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(kept) = kept {
                return Err(crate::error::Invalid::new(
                    "merged-contact",
                    format!(
                        "contact {id} was merged into contact {kept}; undo the merge to bring it back"
                    ),
                )
                .with("kept", kept)
                .into());
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Checked inside the write transaction, so the parent cannot go to
        // the bin (from another process) between the check and the restore.
        if let Some(about) = binned.about {
            ensure_parent_live(&tx, kind, id, about)?;
        }
        tx.execute(
            &format!(
                "UPDATE {} SET deleted_at = NULL WHERE id = ?1",
                kind.table()
            ),
            [id],
        )?;
        // The record (and the activities on it) come back into search in
        // the same transaction, so the index never disagrees with the records.
        reindex(&tx, kind, id)?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed(action, Some(kind.target(id))),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Reads what restoring needs of a record in the bin.
    fn binned(&self, kind: RecordKind, id: i64) -> Result<Binned> {
        let see_restricted = self.can(Permission::RightsManage);
        let sql = match kind {
            RecordKind::Contact => {
                "SELECT owner_id = ?2, restricted_at IS NOT NULL, NULL, NULL, NULL
                 FROM contacts WHERE id = ?1 AND deleted_at IS NOT NULL"
            }
            RecordKind::Company => {
                "SELECT owner_id = ?2, 0, NULL, NULL, NULL
                 FROM companies WHERE id = ?1 AND deleted_at IS NOT NULL"
            }
            RecordKind::Deal => {
                "SELECT owner_id = ?2, 0, NULL, NULL, NULL
                 FROM deals WHERE id = ?1 AND deleted_at IS NOT NULL"
            }
            RecordKind::Task => {
                "SELECT created_by = ?2 OR assignee_id = ?2,
                        EXISTS (SELECT 1 FROM contacts r WHERE r.id = t.contact_id
                                AND r.restricted_at IS NOT NULL),
                        contact_id, company_id, deal_id
                 FROM tasks t WHERE id = ?1 AND deleted_at IS NOT NULL"
            }
            RecordKind::Activity => {
                "SELECT owner_id = ?2,
                        EXISTS (SELECT 1 FROM contacts r WHERE r.id = a.contact_id
                                AND r.restricted_at IS NOT NULL),
                        contact_id, company_id, deal_id
                 FROM activities a WHERE id = ?1 AND deleted_at IS NOT NULL"
            }
            RecordKind::Attachment => {
                "SELECT owner_id = ?2,
                        EXISTS (SELECT 1 FROM contacts r WHERE r.restricted_at IS NOT NULL
                                AND (r.id = f.contact_id OR r.id = (SELECT contact_id
                                     FROM activities WHERE id = f.activity_id))),
                        contact_id, company_id, deal_id, activity_id
                 FROM attachments f WHERE id = ?1 AND deleted_at IS NOT NULL"
            }
        };
        self.conn
            .prepare_cached(sql)?
            .query_row(params![id, self.user.id], |r| {
                let restricted: bool = r.get(1)?;
                let about = if kind == RecordKind::Attachment {
                    AttachedTo::from_columns(r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)
                        .map(Parent::from)
                } else {
                    About::from_columns(r.get(2)?, r.get(3)?, r.get(4)?).map(Parent::from)
                };
                Ok(Binned {
                    is_own: r.get(0)?,
                    hidden: restricted && !see_restricted,
                    about,
                })
            })
            .optional()?
            .ok_or_else(|| kind.not_in_bin(id))
    }
}

/// Refuses to restore an activity or a task while the record it belongs to
/// is in the recycle bin or gone, saying which.
fn ensure_parent_live(
    conn: &rusqlite::Connection,
    kind: RecordKind,
    id: i64,
    about: Parent,
) -> Result<()> {
    let Parent(parent_kind, parent_id) = about;
    let table = match parent_kind {
        "contact" => "contacts",
        "company" => "companies",
        "deal" => "deals",
        _ => "activities",
    };
    let deleted: Option<bool> = conn
        .prepare_cached(&format!(
            "SELECT deleted_at IS NOT NULL FROM {table} WHERE id = ?1"
        ))?
        .query_row([parent_id], |r| r.get(0))
        .optional()?;
    let parent = format!("{parent_kind} {parent_id}");
    match deleted {
        Some(false) => Ok(()),
        Some(true) => Err(Error::from(crate::Invalid::new("parent-in-recycle-bin", format!(
            "{kind} {id} belongs to {parent}, which is in the recycle bin; restore the {parent_kind} first"
        )).with("record", kind).with("parent", parent_kind))),
        None => Err(Error::from(crate::Invalid::new("parent-deleted", format!(
            "{kind} {id} belongs to {parent}, which was deleted for good; it cannot be restored"
        )).with("record", kind).with("parent", parent_kind))),
    }
}

/// Moves live record `id` of `kind` to the recycle bin in the caller's
/// transaction, permission already checked: the one writer of a soft
/// delete, used by [`Session::delete_record`] and by changes to many
/// contacts at once.
pub(crate) fn soft_delete(
    tx: &Transaction<'_>,
    kind: RecordKind,
    id: i64,
    now: &str,
) -> Result<()> {
    tx.execute(
        &format!("UPDATE {} SET deleted_at = ?2 WHERE id = ?1", kind.table()),
        params![id, now],
    )?;
    // The record (and the activities on it) leave search in the same
    // transaction, so a search never leads to a record that is gone.
    unindex(tx, kind, id)
}

/// Takes a deleted record out of the search index, with the live activities
/// on it.
fn unindex(tx: &Transaction<'_>, kind: RecordKind, id: i64) -> Result<()> {
    use super::companies::unindex_activities;
    match kind {
        RecordKind::Contact => {
            search::index::remove(tx, Kind::Contact, id)?;
            unindex_activities(tx, "contact_id", id)
        }
        RecordKind::Company => {
            search::index::remove(tx, Kind::Company, id)?;
            unindex_activities(tx, "company_id", id)
        }
        RecordKind::Deal => {
            search::index::remove(tx, Kind::Deal, id)?;
            unindex_activities(tx, "deal_id", id)
        }
        // Tasks and attachments are not in the search index.
        RecordKind::Task | RecordKind::Attachment => Ok(()),
        RecordKind::Activity => search::index::remove(tx, Kind::Activity, id),
    }
}

/// Brings record `id`'s search entry, and those of the live activities on
/// it, in step with its stored row whatever wrote it (a team vault's pull,
/// ADR 0020): written when the record is live, removed when it is gone or
/// in the recycle bin.
pub(crate) fn refresh_index(tx: &Transaction<'_>, kind: RecordKind, id: i64) -> Result<()> {
    let live: bool = tx.query_row(
        &format!(
            "SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1 AND deleted_at IS NULL)",
            kind.table()
        ),
        [id],
        |r| r.get(0),
    )?;
    if live {
        reindex(tx, kind, id)
    } else {
        unindex(tx, kind, id)
    }
}

/// Puts a restored record back into the search index, with the live
/// activities on it.
fn reindex(tx: &Transaction<'_>, kind: RecordKind, id: i64) -> Result<()> {
    use super::activities::reindex_activities;
    match kind {
        RecordKind::Contact => {
            super::contacts::index_contact(tx, id, true)?;
            reindex_activities(tx, "contact_id", id)
        }
        RecordKind::Company => {
            super::companies::index_company(tx, id)?;
            reindex_activities(tx, "company_id", id)
        }
        RecordKind::Deal => {
            super::deals::index_stored_deal(tx, id)?;
            reindex_activities(tx, "deal_id", id)
        }
        // Tasks and attachments are not in the search index.
        RecordKind::Task | RecordKind::Attachment => Ok(()),
        RecordKind::Activity => super::activities::index_stored_activity(tx, id),
    }
}

/// The soft delete of each kind of record, by name, for the front ends.
impl Session {
    /// Deletes activity `id` softly: it leaves the timeline and search at once.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may delete any record, or
    /// may delete its own and logged this one; [`Error::NotFound`].
    pub fn delete_activity(&mut self, id: i64) -> Result<()> {
        self.delete_record(RecordKind::Activity, id)
    }

    /// Deletes company `id` softly: it disappears from lists, gets and search
    /// at once, and so do its activities. Contacts and deals linked to it keep
    /// their link.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may delete any record, or
    /// may delete its own and owns this one; [`Error::NotFound`].
    pub fn delete_company(&mut self, id: i64) -> Result<()> {
        self.delete_record(RecordKind::Company, id)
    }

    /// Deletes deal `id` softly: it disappears from lists, gets, the pipeline
    /// summary and search at once, and so do its activities.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may delete any record, or
    /// may delete its own and owns this one; [`Error::NotFound`].
    pub fn delete_deal(&mut self, id: i64) -> Result<()> {
        self.delete_record(RecordKind::Deal, id)
    }

    /// Deletes task `id` softly: it disappears from every list at once.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may delete any record, or
    /// may delete its own and created or is assigned this one;
    /// [`Error::NotFound`].
    pub fn delete_task(&mut self, id: i64) -> Result<()> {
        self.delete_record(RecordKind::Task, id)
    }
}

// The contacts' own entry points, and the purge of every kind.

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
    /// [`Error::PermissionDenied`] unless the role may delete any contact, or
    /// may delete its own and owns this one; [`Error::NotFound`].
    pub fn delete_contact(&mut self, id: i64) -> Result<()> {
        self.delete_record(RecordKind::Contact, id)
    }

    /// The recycle bin's contacts that this user could restore, newest first.
    /// A restricted contact (a data-subject request) is left out for roles
    /// that do not handle requests.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.delete-own`.
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
    /// [`Error::PermissionDenied`] as for deleting it;
    /// [`Error::NotFound`] when it is not in the recycle bin.
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
                 OR EXISTS (SELECT 1 FROM activities WHERE deleted_at < ?1)
                 OR EXISTS (SELECT 1 FROM attachments WHERE deleted_at < ?1)",
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
        // Children first: attachments, tasks and activities, then deals,
        // companies and contacts (whose own children cascade).
        for table in [
            "attachments",
            "tasks",
            "activities",
            "deals",
            "companies",
            "contacts",
        ] {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_is_thirty_days_after_deletion() {
        assert_eq!(purge_time("2026-01-01T10:00:00Z"), "2026-01-31T10:00:00Z");
    }

    #[test]
    fn kinds_parse_from_their_names() {
        for kind in RecordKind::ALL {
            assert_eq!(kind.as_str().parse::<RecordKind>().unwrap(), kind);
        }
        assert_eq!(" Deal ".parse::<RecordKind>().unwrap(), RecordKind::Deal);
        let err = "invoice".parse::<RecordKind>().unwrap_err().to_string();
        assert!(
            err.contains("contact, company, deal, task, activity and attachment"),
            "{err}"
        );
    }

    #[test]
    fn an_activity_label_is_its_kind_day_and_first_words() {
        assert_eq!(
            activity_label("call", "2026-03-09T13:30:00Z", "Follow up"),
            "Call on 2026-03-09: Follow up"
        );
        assert_eq!(
            activity_label(
                "note",
                "2026-03-09T13:30:00Z",
                "one two three four five six seven"
            ),
            "Note on 2026-03-09: one two three four five six…"
        );
    }
}
