//! Activities: notes, calls, meetings and logged e-mails, each attached to
//! one contact, company or deal. A record's activities, newest first, are its
//! timeline; they are also the notes the global search covers.
//!
//! Permissions are the contact permissions (see [`crate::records`]): anyone
//! who may create records may log an activity on any live record; "own"
//! means the activity's `owner_id` (who logged it) is the user, who may then
//! correct it (kind, subject, text, time) or delete it with the "own"
//! permissions; the "any" ones allow it on anyone's. Deleting is soft (the
//! recycle bin), like the records'.

use std::fmt;
use std::str::FromStr;

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::contacts::fields::{check_text, clean_optional};
use super::contacts::{MAX_NOTES, MAX_SHORT_FIELD};
use super::target;
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::search::{self, Kind};
use crate::{Error, Result};

/// Most activities [`Session::recent_activities`] returns.
pub const MAX_RECENT: u32 = 200;

/// The record an activity or a task is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum About {
    /// A contact, by id.
    Contact(i64),
    /// A company, by id.
    Company(i64),
    /// A deal, by id.
    Deal(i64),
}

impl About {
    /// The record's kind (`contact`, `company`, `deal`).
    pub fn kind(self) -> &'static str {
        match self {
            About::Contact(_) => "contact",
            About::Company(_) => "company",
            About::Deal(_) => "deal",
        }
    }

    /// The record's id.
    pub fn id(self) -> i64 {
        match self {
            About::Contact(id) | About::Company(id) | About::Deal(id) => id,
        }
    }

    /// The values of the `contact_id`, `company_id` and `deal_id` columns.
    pub(crate) fn columns(self) -> (Option<i64>, Option<i64>, Option<i64>) {
        match self {
            About::Contact(id) => (Some(id), None, None),
            About::Company(id) => (None, Some(id), None),
            About::Deal(id) => (None, None, Some(id)),
        }
    }

    /// Reads the three columns back; `None` when all are empty.
    pub(crate) fn from_columns(
        contact: Option<i64>,
        company: Option<i64>,
        deal: Option<i64>,
    ) -> Option<Self> {
        contact
            .map(About::Contact)
            .or(company.map(About::Company))
            .or(deal.map(About::Deal))
    }

    /// Fails with [`Error::NotFound`] unless the record exists and is not deleted.
    pub(crate) fn ensure_live(self, conn: &rusqlite::Connection) -> Result<()> {
        match self {
            About::Contact(id) => super::deals::ensure_live_contact(conn, id),
            About::Company(id) => super::companies::ensure_live(conn, id),
            About::Deal(id) => super::deals::ensure_live(conn, id),
        }
    }
}

/// What kind of activity it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityKind {
    /// A written note.
    Note,
    /// A phone call.
    Call,
    /// A meeting.
    Meeting,
    /// An e-mail sent or received.
    Email,
}

impl ActivityKind {
    /// Every kind.
    pub const ALL: [ActivityKind; 4] = [
        ActivityKind::Note,
        ActivityKind::Call,
        ActivityKind::Meeting,
        ActivityKind::Email,
    ];

    /// The stored form (`note`, `call`, `meeting`, `email`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Note => "note",
            ActivityKind::Call => "call",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Email => "email",
        }
    }
}

impl fmt::Display for ActivityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ActivityKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        ActivityKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::from(
                    crate::Invalid::new(
                        "value-not-allowed",
                        format!(
                            "unknown activity kind {s:?}; kinds are note, call, meeting and email"
                        ),
                    )
                    .with("field", "activity kind"),
                )
            })
    }
}

/// Fields of a new activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActivity {
    /// Note, call, meeting or e-mail.
    pub kind: ActivityKind,
    /// One-line subject; required.
    pub subject: String,
    /// Free text.
    pub body: Option<String>,
    /// When it happened, RFC 3339 [default: now]. Stored in UTC.
    pub occurred_at: Option<String>,
    /// The record it belongs to; it must exist and not be deleted.
    pub about: About,
}

/// A correction to an activity: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityPatch {
    /// New kind.
    pub kind: Option<ActivityKind>,
    /// New subject.
    pub subject: Option<String>,
    /// New text (`Some(None)` or empty clears it).
    pub body: Option<Option<String>>,
    /// When it happened instead, RFC 3339.
    pub occurred_at: Option<String>,
}

/// A logged activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// Stable id.
    pub id: i64,
    /// Note, call, meeting or e-mail.
    pub kind: ActivityKind,
    /// Subject.
    pub subject: String,
    /// Free text.
    pub body: Option<String>,
    /// When it happened (RFC 3339, UTC).
    pub occurred_at: String,
    /// The record it belongs to.
    pub about: About,
    /// Id of the user who logged it.
    pub owner_id: i64,
    /// When it was logged (RFC 3339).
    pub created_at: String,
}

/// A one-line subject of an activity.
fn clean_subject(subject: &str) -> Result<String> {
    let subject = subject.trim();
    if subject.is_empty() {
        return Err(
            crate::Invalid::new("required", "an activity needs a subject")
                .with("field", "subject")
                .into(),
        );
    }
    if subject.contains('\n') {
        return Err(
            crate::Invalid::new("multiline", "the subject must be on one line")
                .with("field", "subject")
                .into(),
        );
    }
    check_text("subject", subject, MAX_SHORT_FIELD)?;
    Ok(subject.to_owned())
}

/// An RFC 3339 time, normalised to UTC with second precision so that stored
/// times sort as text; `None` means now.
pub(crate) fn clean_time(label: &str, value: Option<&str>) -> Result<String> {
    match value.map(str::trim) {
        None | Some("") => Ok(crate::clock::now_rfc3339()),
        Some(v) => chrono::DateTime::parse_from_rfc3339(v)
            .map(|t| {
                t.with_timezone(&chrono::Utc)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            })
            .map_err(|_| {
                Error::from(
                    crate::Invalid::new(
                        "moment-invalid",
                        format!(
                            "the {label} is not a time; write it as RFC 3339, such as 2026-03-09T14:30:00+01:00"
                        ),
                    )
                    .with("field", label),
                )
            }),
    }
}

fn activity_target(id: i64) -> Target {
    target("activity", id)
}

fn not_found(id: i64) -> Error {
    Error::NotFound {
        entity: "activity",
        id: id.to_string(),
    }
}

const SELECT_ACTIVITY: &str = "SELECT a.id, a.kind, a.subject, a.body, a.occurred_at, a.contact_id,
        a.company_id, a.deal_id, a.owner_id, a.created_at
 FROM activities a";

fn activity_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Activity> {
    let kind: String = r.get(1)?;
    let bad = |column: usize, name: &str| {
        rusqlite::Error::InvalidColumnType(column, name.into(), rusqlite::types::Type::Text)
    };
    Ok(Activity {
        id: r.get(0)?,
        kind: kind.parse().map_err(|_| bad(1, "kind"))?,
        subject: r.get(2)?,
        body: r.get(3)?,
        occurred_at: r.get(4)?,
        about: About::from_columns(r.get(5)?, r.get(6)?, r.get(7)?)
            .ok_or_else(|| bad(5, "contact_id"))?,
        owner_id: r.get(8)?,
        created_at: r.get(9)?,
    })
}

/// Writes a note activity on contact `contact_id` from an imported
/// record's notes, in the import's transaction: the subject is the note's
/// first line (cut to the subject's limit), the body the whole note, the
/// time the import's. It keeps the import, so undoing it removes the note.
pub(crate) fn insert_imported_note(
    tx: &rusqlite::Transaction<'_>,
    contact_id: i64,
    note: &str,
    owner_id: i64,
    import_id: i64,
    now: &str,
    entries: &mut search::index::Deferred,
) -> Result<i64> {
    let first = note
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("Note");
    let subject: String = first.chars().take(120).collect();
    let subject = clean_subject(&subject)?;
    let body = clean_optional("body", Some(note), MAX_NOTES)?;
    let occurred_at = clean_time("time", Some(now))?;
    tx.prepare_cached(
        "INSERT INTO activities (kind, subject, body, occurred_at, contact_id, owner_id, created_at,
                                 import_id)
         VALUES ('note', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![subject, body, occurred_at, contact_id, owner_id, now, import_id])?;
    let id = tx.last_insert_rowid();
    entries.insert(
        Kind::Activity,
        id,
        &subject,
        body.as_deref().unwrap_or_default(),
    );
    Ok(id)
}

/// An e-mail as an import writes it on a contact: a subject on one line
/// (not empty), the body's text, the time it was sent (RFC 3339), and the
/// message's identity ([`ImportedEmail::key`]).
pub(crate) struct ImportedEmail<'a> {
    /// The subject, already on one line and within its limit.
    pub subject: &'a str,
    /// The plain text, within [`MAX_NOTES`] characters.
    pub body: Option<&'a str>,
    /// When it was sent.
    pub occurred_at: &'a str,
    /// The SHA-256 (hex) of the message's identity.
    pub key: &'a str,
}

/// The SHA-256 (hex) of what an import wrote in an activity: undoing the
/// import compares it with the row to tell whether it was edited since.
pub(crate) fn import_digest(
    kind: &str,
    subject: &str,
    body: Option<&str>,
    occurred_at: &str,
) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [kind, subject, body.unwrap_or("\0none"), occurred_at] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether contact `contact_id` holds an activity of the message whose
/// identity is `key` (live or in the recycle bin).
pub(crate) fn has_email(
    tx: &rusqlite::Transaction<'_>,
    contact_id: i64,
    key: &str,
) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM activities WHERE email_key = ?1 AND contact_id = ?2)",
        )?
        .query_row(params![key, contact_id], |r| r.get(0))?)
}

/// Writes an e-mail activity on contact `contact_id` in an import's
/// transaction, keeping the import (undo removes it), the message's
/// identity (never imported twice on a contact) and the digest of what it
/// wrote (undo refuses once it was edited). Its search entry is deferred
/// to `entries`.
pub(crate) fn insert_imported_email(
    tx: &rusqlite::Transaction<'_>,
    contact_id: i64,
    email: &ImportedEmail<'_>,
    owner_id: i64,
    import_id: i64,
    now: &str,
    entries: &mut search::index::Deferred,
) -> Result<i64> {
    let subject = clean_subject(email.subject)?;
    let body = clean_optional("body", email.body, MAX_NOTES)?;
    let occurred_at = clean_time("time", Some(email.occurred_at))?;
    let kind = ActivityKind::Email.as_str();
    let digest = import_digest(kind, &subject, body.as_deref(), &occurred_at);
    tx.prepare_cached(
        "INSERT INTO activities (kind, subject, body, occurred_at, contact_id, owner_id, created_at,
                                 import_id, email_key, email_digest)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        kind,
        subject,
        body,
        occurred_at,
        contact_id,
        owner_id,
        now,
        import_id,
        email.key,
        digest
    ])?;
    let id = tx.last_insert_rowid();
    entries.insert(
        Kind::Activity,
        id,
        &subject,
        body.as_deref().unwrap_or_default(),
    );
    Ok(id)
}

impl Session {
    /// Logs an activity on a live contact, company or deal and returns its id.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.create`;
    /// [`Error::InvalidInput`] for a missing subject, a bad time or text over
    /// its limit; [`Error::NotFound`] when the record it is about does not
    /// exist or is deleted. Nothing is written then.
    pub fn add_activity(&mut self, new: &NewActivity) -> Result<i64> {
        self.authorize(Permission::ContactsCreate, "activity.create", None)?;
        let subject = clean_subject(&new.subject)?;
        let body = clean_optional("body", new.body.as_deref(), MAX_NOTES)?;
        let occurred_at = clean_time("time", new.occurred_at.as_deref())?;
        let now = crate::clock::now_rfc3339();
        self.ensure_visible(new.about)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        new.about.ensure_live(&tx)?;
        let (contact, company, deal) = new.about.columns();
        tx.prepare_cached(
            "INSERT INTO activities (kind, subject, body, occurred_at, contact_id, company_id, deal_id,
                                     owner_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            new.kind.as_str(),
            subject,
            body,
            occurred_at,
            contact,
            company,
            deal,
            self.user.id,
            now
        ])?;
        let id = tx.last_insert_rowid();
        search::index::insert(
            &tx,
            Kind::Activity,
            id,
            &subject,
            body.as_deref().unwrap_or_default(),
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("activity.create", Some(activity_target(id)))
                .with("kind", new.kind.as_str())
                .with(new.about.kind(), new.about.id()),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The timeline of a live record: its activities, newest first.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`; [`Error::NotFound`]
    /// when the record does not exist or is deleted.
    pub fn list_activities(&self, about: About) -> Result<Vec<Activity>> {
        self.authorize(Permission::ContactsRead, "activity.list", None)?;
        about.ensure_live(&self.conn)?;
        self.ensure_visible(about)?;
        let column = match about {
            About::Contact(_) => "contact_id",
            About::Company(_) => "company_id",
            About::Deal(_) => "deal_id",
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_ACTIVITY} WHERE a.{column} = ?1 AND a.deleted_at IS NULL
             ORDER BY a.occurred_at DESC, a.id DESC"
        ))?;
        let activities = stmt
            .query_map([about.id()], activity_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(activities)
    }

    /// The latest `limit` activities across all live records (clamped to
    /// 1..=[`MAX_RECENT`]), newest first, for the dashboard.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn recent_activities(&self, limit: u32) -> Result<Vec<Activity>> {
        self.authorize(Permission::ContactsRead, "activity.list", None)?;
        let limit = limit.clamp(1, MAX_RECENT);
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_ACTIVITY} WHERE a.deleted_at IS NULL
               AND (a.contact_id IS NULL OR EXISTS
                    (SELECT 1 FROM contacts WHERE id = a.contact_id AND deleted_at IS NULL))
               AND (a.company_id IS NULL OR EXISTS
                    (SELECT 1 FROM companies WHERE id = a.company_id AND deleted_at IS NULL))
               AND (a.deal_id IS NULL OR EXISTS
                    (SELECT 1 FROM deals WHERE id = a.deal_id AND deleted_at IS NULL))
             ORDER BY a.occurred_at DESC, a.id DESC LIMIT ?1"
        ))?;
        let activities = stmt
            .query_map([limit], activity_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(activities)
    }

    /// One live activity on a record the user may see.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`; [`Error::NotFound`]
    /// (also for a deleted activity, or one on a deleted record).
    pub fn get_activity(&self, id: i64) -> Result<Activity> {
        self.authorize(
            Permission::ContactsRead,
            "activity.view",
            Some(activity_target(id)),
        )?;
        self.load_activity(id)
    }

    fn load_activity(&self, id: i64) -> Result<Activity> {
        let activity = self
            .conn
            .prepare_cached(&format!(
                "{SELECT_ACTIVITY} WHERE a.id = ?1 AND a.deleted_at IS NULL"
            ))?
            .query_row([id], activity_from_row)
            .optional()?
            .ok_or_else(|| not_found(id))?;
        if activity.about.ensure_live(&self.conn).is_err()
            || self.ensure_visible(activity.about).is_err()
        {
            return Err(not_found(id));
        }
        Ok(activity)
    }

    /// Corrects activity `id` in one transaction, with its search entry, and
    /// returns it. The audit entry (`activity.update`) names the fields that
    /// changed, not their values.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may edit any record, or
    /// may edit its own and logged this one (the refusal is audited);
    /// [`Error::NotFound`]; [`Error::InvalidInput`] as for
    /// [`Session::add_activity`]. Nothing is written then.
    pub fn update_activity(&mut self, id: i64, patch: &ActivityPatch) -> Result<Activity> {
        let action = "activity.update";
        self.authorize(Permission::ContactsRead, action, Some(activity_target(id)))?;
        let old = self.load_activity(id)?;
        self.authorize_record_change(
            activity_target(id),
            old.owner_id == self.user.id,
            Permission::ContactsEditOwn,
            Permission::ContactsEditAny,
            action,
        )?;
        let kind = patch.kind.unwrap_or(old.kind);
        let subject = match &patch.subject {
            Some(s) => clean_subject(s)?,
            None => old.subject.clone(),
        };
        let body = match &patch.body {
            Some(b) => clean_optional("body", b.as_deref(), MAX_NOTES)?,
            None => old.body.clone(),
        };
        let occurred_at = match patch.occurred_at.as_deref().map(str::trim) {
            // A correction names the time it happened; an empty one would
            // move the activity to now, which nobody asked for.
            Some("") => {
                return Err(
                    crate::error::Invalid::new("required", "the time is required")
                        .with("field", "time")
                        .into(),
                );
            }
            Some(t) => clean_time("time", Some(t))?,
            None => old.occurred_at.clone(),
        };
        let changed: Vec<&str> = [
            ("kind", kind != old.kind),
            ("subject", subject != old.subject),
            ("body", body != old.body),
            ("occurred_at", occurred_at != old.occurred_at),
        ]
        .into_iter()
        .filter_map(|(field, differs)| differs.then_some(field))
        .collect();
        if changed.is_empty() {
            return Ok(old);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached(
            "UPDATE activities SET kind = ?2, subject = ?3, body = ?4, occurred_at = ?5
             WHERE id = ?1",
        )?
        .execute(params![id, kind.as_str(), subject, body, occurred_at])?;
        search::index::replace(
            &tx,
            Kind::Activity,
            id,
            &subject,
            body.as_deref().unwrap_or_default(),
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed(action, Some(activity_target(id))).with("fields", changed),
        )?;
        tx.commit()?;
        self.load_activity(id)
    }

    /// The user who logged live activity `id`.
    pub(super) fn activity_owner(&self, id: i64) -> Result<i64> {
        self.conn
            .prepare_cached("SELECT owner_id FROM activities WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| not_found(id))
    }
}

impl Session {
    /// A restricted contact (a data-subject request) is invisible to roles
    /// that do not handle requests: its timeline and tasks too.
    pub(crate) fn ensure_visible(&self, about: About) -> Result<()> {
        if let About::Contact(id) = about {
            self.contact_owner(id)?;
        }
        Ok(())
    }
}

/// Rewrites activity `id`'s search entry from its row (an activity restored
/// from the recycle bin, a rebuilt index), in the caller's transaction.
pub(crate) fn index_stored_activity(tx: &rusqlite::Transaction<'_>, id: i64) -> Result<()> {
    let (subject, body): (String, Option<String>) = tx
        .prepare_cached("SELECT subject, body FROM activities WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    search::index::replace(
        tx,
        Kind::Activity,
        id,
        &subject,
        body.as_deref().unwrap_or_default(),
    )
}

/// Puts the live activities attached to a record (`column` is
/// `contact_id`, `company_id` or `deal_id`) back into the search index, in
/// the caller's transaction (a contact restored from the recycle bin).
pub(crate) fn reindex_activities(
    tx: &rusqlite::Transaction<'_>,
    column: &str,
    id: i64,
) -> Result<()> {
    let rows: Vec<(i64, String, Option<String>)> = tx
        .prepare_cached(&format!(
            "SELECT id, subject, body FROM activities WHERE {column} = ?1 AND deleted_at IS NULL"
        ))?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (activity, subject, body) in rows {
        search::index::replace(
            tx,
            Kind::Activity,
            activity,
            &subject,
            body.as_deref().unwrap_or_default(),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_stored_in_utc() {
        assert_eq!(
            clean_time("time", Some("2026-03-09T14:30:00+01:00")).unwrap(),
            "2026-03-09T13:30:00Z"
        );
        let err = clean_time("time", Some("yesterday"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("RFC 3339"), "{err}");
        let err = clean_time("time", Some("yesterday")).unwrap_err();
        assert_eq!(err.reason(), Some("moment-invalid"));
        assert_eq!(err.params().get("field").map(String::as_str), Some("time"));
        let err = clean_subject(" ").unwrap_err();
        assert_eq!(err.reason(), Some("required"));
        assert_eq!(
            err.params().get("field").map(String::as_str),
            Some("subject")
        );
        assert!(clean_time("time", None).unwrap().ends_with('Z'));
    }

    #[test]
    fn kinds_parse_from_their_names() {
        for kind in ActivityKind::ALL {
            assert_eq!(kind.as_str().parse::<ActivityKind>().unwrap(), kind);
        }
        assert_eq!("CALL".parse::<ActivityKind>().unwrap(), ActivityKind::Call);
        assert!("fax".parse::<ActivityKind>().is_err());
    }

    #[test]
    fn about_round_trips_through_its_columns() {
        for about in [About::Contact(1), About::Company(2), About::Deal(3)] {
            let (a, b, c) = about.columns();
            assert_eq!(About::from_columns(a, b, c), Some(about));
        }
        assert_eq!(About::from_columns(None, None, None), None);
    }

    #[test]
    fn a_subject_is_one_line() {
        assert!(clean_subject("  ").is_err());
        assert!(clean_subject("a\nb").is_err());
        assert_eq!(clean_subject(" Call back ").unwrap(), "Call back");
    }
}
