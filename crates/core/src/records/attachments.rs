//! Files on the record (ADR 0018): an attachment belongs to one contact,
//! company, deal or activity, and its bytes live inside `vault.db`, in
//! chunks of [`CHUNK_SIZE`] bytes, encrypted with every other page.
//!
//! Adding streams the file from a reader into the chunks in one
//! transaction with its audit entry, hashing it (SHA-256) on the way: a
//! crash, a full disk or a file over a limit leaves nothing behind. Reading
//! streams the chunks to a writer. Neither holds more than one chunk in
//! memory.
//!
//! Permissions follow the record: listing needs `contacts.read` and a
//! record the user may see (a restricted contact's files, and those of the
//! activities about it, are hidden from roles that do not handle requests);
//! adding and renaming need the right to change the record
//! (`contacts.edit-own` on one's own record, `contacts.edit-any`); opening
//! a file's content needs `attachments.open` too, saving a copy
//! `attachments.export`. Deleting and restoring go through the recycle bin
//! (`RecordKind::Attachment`), where "own" is the user who added the file.
//!
//! Audit entries (`attachment.add`, `.open`, `.save_copy`, `.rename`,
//! `.delete`, `.restore`) name the attachment and the record it is on, its
//! size and content hash, never its file name: a name such as
//! `ID card Ana Popescu.pdf` is personal data, and the audit log outlives
//! an erasure.

use std::io::{Read, Write};

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};

use super::target;
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::{Error, Invalid, Result};

/// The bytes of one row of `attachment_chunks`.
pub const CHUNK_SIZE: usize = 256 * 1024;

/// The per-file limit when none is set: 512 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// The vault-wide quota when none is set: 10 GiB.
pub const DEFAULT_QUOTA_BYTES: u64 = 10 * 1024 * 1024 * 1024;

const MAX_FILE_SETTING: &str = "attachment_max_file_bytes";
const QUOTA_SETTING: &str = "attachment_quota_bytes";

/// The record an attachment is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttachedTo {
    /// A contact.
    Contact(i64),
    /// A company.
    Company(i64),
    /// A deal.
    Deal(i64),
    /// An activity.
    Activity(i64),
}

impl AttachedTo {
    /// `contact`, `company`, `deal` or `activity`.
    pub fn kind(self) -> &'static str {
        match self {
            AttachedTo::Contact(_) => "contact",
            AttachedTo::Company(_) => "company",
            AttachedTo::Deal(_) => "deal",
            AttachedTo::Activity(_) => "activity",
        }
    }

    /// The record's id.
    pub fn id(self) -> i64 {
        match self {
            AttachedTo::Contact(id)
            | AttachedTo::Company(id)
            | AttachedTo::Deal(id)
            | AttachedTo::Activity(id) => id,
        }
    }

    fn column(self) -> &'static str {
        match self {
            AttachedTo::Contact(_) => "contact_id",
            AttachedTo::Company(_) => "company_id",
            AttachedTo::Deal(_) => "deal_id",
            AttachedTo::Activity(_) => "activity_id",
        }
    }

    fn target(self) -> Target {
        match self {
            AttachedTo::Contact(id) => Target::contact(id),
            other => target(other.kind(), other.id()),
        }
    }

    pub(crate) fn from_columns(
        contact: Option<i64>,
        company: Option<i64>,
        deal: Option<i64>,
        activity: Option<i64>,
    ) -> Option<Self> {
        contact
            .map(AttachedTo::Contact)
            .or(company.map(AttachedTo::Company))
            .or(deal.map(AttachedTo::Deal))
            .or(activity.map(AttachedTo::Activity))
    }
}

/// An attachment as listed: everything but its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Stable id.
    pub id: i64,
    /// The record it is on.
    pub on: AttachedTo,
    /// The file name as given, without any folder.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// The SHA-256 of its content, in lower-case hex.
    pub sha256: String,
    /// Id of the user who added it.
    pub owner_id: i64,
    /// When it was added (RFC 3339).
    pub created_at: String,
}

/// Why the content of an attachment is read: the two are audited and
/// permitted apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadPurpose {
    /// To show it (a viewer): `attachments.open`, audited as `attachment.open`.
    Open,
    /// To save a copy outside the vault: `attachments.export`, audited as
    /// `attachment.save_copy`.
    SaveCopy,
}

/// The limits on attachments: per file and for the whole vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachmentLimits {
    /// The largest file, in bytes.
    pub max_file_bytes: u64,
    /// The most bytes all attachments together may hold (the recycle bin's
    /// included, until purged).
    pub quota_bytes: u64,
}

fn attachment_target(id: i64) -> Target {
    target("attachment", id)
}

pub(crate) fn not_found(id: i64) -> Error {
    Error::NotFound {
        entity: "attachment",
        id: id.to_string(),
    }
}

/// A file name as stored: the last part of a path, trimmed, 1 to 255
/// characters, no control characters.
/// A file's stored name made safe to use as one file name in a folder of
/// the user's: no path separator or NUL can lead out of it, and a name
/// that would mean the folder itself becomes `attachment`.
pub fn file_system_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | '\0') {
                '_'
            } else {
                c
            }
        })
        .collect();
    match cleaned.trim() {
        "" | "." | ".." => "attachment".to_owned(),
        other => other.to_owned(),
    }
}

pub(crate) fn clean_name(name: &str) -> Result<String> {
    let base = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .trim()
        .to_owned();
    if base.is_empty() || base == "." || base == ".." {
        return Err(Invalid::new("required", "the file name is required")
            .with("field", "name")
            .into());
    }
    if base.chars().any(char::is_control) {
        return Err(Invalid::new(
            "multiline",
            "the file name cannot hold line breaks or control characters",
        )
        .with("field", "name")
        .into());
    }
    if base.chars().count() > 255 {
        return Err(
            Invalid::new("too-long", "the file name is longer than 255 characters")
                .with("field", "name")
                .with("max", 255)
                .into(),
        );
    }
    Ok(base)
}

fn row_to_attachment(r: &rusqlite::Row<'_>) -> rusqlite::Result<Attachment> {
    let on = AttachedTo::from_columns(r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)
        .unwrap_or(AttachedTo::Contact(0));
    Ok(Attachment {
        id: r.get(0)?,
        on,
        name: r.get(5)?,
        size: u64::try_from(r.get::<_, i64>(6)?).unwrap_or(0),
        sha256: r.get(7)?,
        owner_id: r.get(8)?,
        created_at: r.get(9)?,
    })
}

const COLUMNS: &str =
    "a.id, a.contact_id, a.company_id, a.deal_id, a.activity_id, a.name, a.size, a.sha256,
     a.owner_id, a.created_at";

/// Reads everything `reader` gives into the chunks of attachment `id`,
/// refusing past `max_file` bytes or `room` bytes, and returns the size and
/// the SHA-256 in hex.
fn write_chunks(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    reader: &mut dyn Read,
    max_file: u64,
    room: u64,
) -> Result<(u64, String)> {
    let mut buf = vec![0u8; CHUNK_SIZE];
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut insert = tx.prepare_cached(
        "INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES (?1, ?2, ?3)",
    )?;
    for seq in 0i64.. {
        let mut filled = 0;
        while filled < buf.len() {
            let n = match reader.read(&mut buf[filled..]) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(source) => {
                    return Err(Error::Io {
                        action: "read the file to attach".into(),
                        source,
                    });
                }
            };
            if n == 0 {
                break;
            }
            filled += n;
        }
        if filled == 0 {
            break;
        }
        size += filled as u64;
        if size > max_file {
            return Err(Invalid::new(
                "file-too-large",
                format!("the file is larger than the limit of {max_file} bytes per file"),
            )
            .with("max", max_file)
            .into());
        }
        if size > room {
            return Err(Invalid::new(
                "quota-exceeded",
                format!("the vault's attachments would exceed their quota; {room} bytes are left"),
            )
            .with("left", room)
            .into());
        }
        hasher.update(&buf[..filled]);
        insert.execute(params![id, seq, &buf[..filled]])?;
        if filled < buf.len() {
            break;
        }
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok((size, hex))
}

/// Writes the chunks of attachment `id` to `out` in order, in one read
/// transaction (so a delete from another process cannot cut the file in
/// half), one chunk in memory at a time. No permission check: the caller's.
pub(crate) fn stream_chunks(
    conn: &rusqlite::Connection,
    id: i64,
    out: &mut dyn Write,
) -> Result<()> {
    let io = |source| Error::Io {
        action: "write the attachment".into(),
        source,
    };
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Deferred)?;
    {
        let mut stmt = tx.prepare_cached(
            "SELECT data FROM attachment_chunks WHERE attachment_id = ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query([id])?;
        while let Some(row) = rows.next()? {
            let rusqlite::types::ValueRef::Blob(data) = row.get_ref(0)? else {
                return Err(Error::Database(
                    "an attachment's chunk is not a blob".into(),
                ));
            };
            out.write_all(data).map_err(io)?;
        }
    }
    tx.commit()?;
    out.flush().map_err(io)
}

/// Adds the file `reader` gives, named `name` (already cleaned), to record
/// `on` in the caller's transaction, within `limits` (the quota counts
/// what the transaction added before), and returns its id, size and
/// SHA-256. `import_id` names the import that adds it, if one does. No
/// permission check and no audit entry: the caller's.
#[allow(
    clippy::too_many_arguments,
    reason = "one attachment's row and its context"
)]
pub(crate) fn insert_attachment(
    tx: &rusqlite::Transaction<'_>,
    on: AttachedTo,
    name: &str,
    reader: &mut dyn Read,
    owner_id: i64,
    now: &str,
    limits: AttachmentLimits,
    import_id: Option<i64>,
) -> Result<(i64, u64, String)> {
    let used = Session::attachments_used(tx)?;
    let room = limits.quota_bytes.saturating_sub(used);
    tx.execute(
        &format!(
            "INSERT INTO attachments ({}, name, size, sha256, owner_id, created_at, import_id)
             VALUES (?1, ?2, 0, ?3, ?4, ?5, ?6)",
            on.column()
        ),
        params![on.id(), name, "0".repeat(64), owner_id, now, import_id],
    )?;
    let id = tx.last_insert_rowid();
    let (size, sha256) = write_chunks(tx, id, reader, limits.max_file_bytes, room)?;
    tx.execute(
        "UPDATE attachments SET size = ?2, sha256 = ?3 WHERE id = ?1",
        params![id, i64::try_from(size).unwrap_or(i64::MAX), sha256],
    )?;
    Ok((id, size, sha256))
}

/// The attachments held on a person: on their contact record, on the deals
/// they are the contact of, and on the activities about either (what an
/// erasure removes with them). `?1` is the contact's id.
pub(crate) const OF_PERSON: &str = "(f.contact_id = ?1
     OR f.deal_id IN (SELECT id FROM deals WHERE contact_id = ?1)
     OR f.activity_id IN (SELECT id FROM activities WHERE contact_id = ?1
                          OR deal_id IN (SELECT id FROM deals WHERE contact_id = ?1)))";

impl Session {
    /// The owner of live record `on` (for an activity, who logged it), and
    /// not found when it is not live or is (about) a restricted contact the
    /// user may not see.
    fn attachable_owner(&self, on: AttachedTo) -> Result<i64> {
        let sql = match on {
            AttachedTo::Contact(_) => {
                "SELECT owner_id, restricted_at IS NOT NULL FROM contacts
                 WHERE id = ?1 AND deleted_at IS NULL"
            }
            AttachedTo::Company(_) => {
                "SELECT owner_id, 0 FROM companies WHERE id = ?1 AND deleted_at IS NULL"
            }
            AttachedTo::Deal(_) => {
                "SELECT owner_id, 0 FROM deals WHERE id = ?1 AND deleted_at IS NULL"
            }
            AttachedTo::Activity(_) => {
                "SELECT a.owner_id, EXISTS (SELECT 1 FROM contacts r WHERE r.id = a.contact_id
                                            AND r.restricted_at IS NOT NULL)
                 FROM activities a WHERE a.id = ?1 AND a.deleted_at IS NULL"
            }
        };
        let missing = || Error::NotFound {
            entity: on.kind(),
            id: on.id().to_string(),
        };
        let (owner, restricted): (i64, bool) = self
            .conn
            .prepare_cached(sql)?
            .query_row([on.id()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(missing)?;
        if restricted && !self.can(Permission::RightsManage) {
            return Err(missing());
        }
        Ok(owner)
    }

    /// Live attachment `id`, when the user may see the record it is on.
    fn load_attachment(&self, id: i64) -> Result<Attachment> {
        let found = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM attachments a WHERE a.id = ?1 AND a.deleted_at IS NULL"
            ))?
            .query_row([id], row_to_attachment)
            .optional()?
            .ok_or_else(|| not_found(id))?;
        self.attachable_owner(found.on).map_err(|_| not_found(id))?;
        Ok(found)
    }

    /// Whether the user may change record `on`, auditing a refusal as
    /// `action` on it.
    fn authorize_attach(&self, on: AttachedTo, action: &'static str) -> Result<()> {
        self.authorize(Permission::ContactsRead, action, Some(on.target()))?;
        let owner = self.attachable_owner(on)?;
        self.authorize_record_change(
            on.target(),
            owner == self.user.id,
            Permission::ContactsEditOwn,
            Permission::ContactsEditAny,
            action,
        )
    }

    /// The limits on attachments (the defaults when none was set).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn attachment_limits(&self) -> Result<AttachmentLimits> {
        self.authorize(Permission::ContactsRead, "attachment.limits", None)?;
        self.read_attachment_limits()
    }

    pub(crate) fn read_attachment_limits(&self) -> Result<AttachmentLimits> {
        let read = |key: &str, default: u64| -> Result<u64> {
            Ok(crate::db::setting(&self.conn, key)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(default))
        };
        Ok(AttachmentLimits {
            max_file_bytes: read(MAX_FILE_SETTING, DEFAULT_MAX_FILE_BYTES)?,
            quota_bytes: read(QUOTA_SETTING, DEFAULT_QUOTA_BYTES)?,
        })
    }

    /// Changes the limits on attachments; files already stored stay.
    /// Audited as `attachment.limits_change` with both values.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `settings.manage`;
    /// [`Error::InvalidInput`] (`out-of-range`) for a limit of 0.
    pub fn set_attachment_limits(&mut self, limits: AttachmentLimits) -> Result<()> {
        self.authorize(Permission::SettingsManage, "attachment.limits_change", None)?;
        for (field, value) in [
            ("max_file_bytes", limits.max_file_bytes),
            ("quota_bytes", limits.quota_bytes),
        ] {
            if value == 0 || i64::try_from(value).is_err() {
                return Err(Invalid::new(
                    "out-of-range",
                    format!("the {} must be at least 1 byte", field.replace('_', " ")),
                )
                .with("field", field)
                .with("min", 1)
                .into());
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        crate::db::put_setting(&tx, MAX_FILE_SETTING, &limits.max_file_bytes.to_string())?;
        crate::db::put_setting(&tx, QUOTA_SETTING, &limits.quota_bytes.to_string())?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("attachment.limits_change", None)
                .with("max_file_bytes", limits.max_file_bytes)
                .with("quota_bytes", limits.quota_bytes),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// How many bytes all attachments hold, the recycle bin's included.
    pub(crate) fn attachments_used(conn: &rusqlite::Connection) -> Result<u64> {
        let used: i64 =
            conn.query_row("SELECT ifnull(sum(size), 0) FROM attachments", [], |r| {
                r.get(0)
            })?;
        Ok(u64::try_from(used).unwrap_or(0))
    }

    /// Adds the file `reader` gives, named `name`, to record `on`, and
    /// returns its id. The content is streamed into the vault one chunk at a
    /// time, in one transaction with the `attachment.add` entry (ids, size,
    /// SHA-256; never the name).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may change the record;
    /// [`Error::NotFound`] for no such live (visible) record;
    /// [`Error::InvalidInput`] for a bad name, or with reason
    /// `file-too-large` (`max`) or `quota-exceeded` (`left`); [`Error::Io`]
    /// when the reader fails. Nothing is stored on any error.
    pub fn add_attachment(
        &mut self,
        on: AttachedTo,
        name: &str,
        reader: &mut dyn Read,
    ) -> Result<i64> {
        self.authorize_attach(on, "attachment.add")?;
        let name = clean_name(name)?;
        let limits = self.read_attachment_limits()?;
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (id, size, sha256) =
            insert_attachment(&tx, on, &name, reader, self.user.id, &now, limits, None)?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("attachment.add", Some(attachment_target(id)))
                .with("on", on.kind())
                .with("on_id", on.id())
                .with("size", size)
                .with("sha256", sha256),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The live attachments of record `on`, newest first.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`;
    /// [`Error::NotFound`] for no such live (visible) record.
    pub fn list_attachments(&self, on: AttachedTo) -> Result<Vec<Attachment>> {
        self.authorize(
            Permission::ContactsRead,
            "attachment.list",
            Some(on.target()),
        )?;
        self.attachable_owner(on)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM attachments a WHERE a.{} = ?1 AND a.deleted_at IS NULL
             ORDER BY a.created_at DESC, a.id DESC",
            on.column()
        ))?;
        let rows = stmt.query_map([on.id()], row_to_attachment)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many live files each live activity of record `about` holds, by
    /// activity id, for the paperclips of its timeline; activities without
    /// files are left out.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`;
    /// [`Error::NotFound`] for no such live (visible) record.
    pub fn activity_attachment_counts(
        &self,
        about: super::activities::About,
    ) -> Result<std::collections::BTreeMap<i64, u64>> {
        self.authorize(Permission::ContactsRead, "attachment.list", None)?;
        about.ensure_live(&self.conn)?;
        self.ensure_visible(about)?;
        let column = match about {
            super::activities::About::Contact(_) => "contact_id",
            super::activities::About::Company(_) => "company_id",
            super::activities::About::Deal(_) => "deal_id",
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT f.activity_id, COUNT(*) FROM attachments f
             JOIN activities a ON a.id = f.activity_id
             WHERE a.{column} = ?1 AND a.deleted_at IS NULL AND f.deleted_at IS NULL
             GROUP BY f.activity_id"
        ))?;
        let rows = stmt.query_map([about.id()], |r| {
            Ok((r.get(0)?, u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Live attachment `id`, without its content.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`;
    /// [`Error::NotFound`].
    pub fn get_attachment(&self, id: i64) -> Result<Attachment> {
        self.authorize(
            Permission::ContactsRead,
            "attachment.view",
            Some(attachment_target(id)),
        )?;
        self.load_attachment(id)
    }

    /// Writes the content of attachment `id` to `out`, one chunk at a time,
    /// and records `attachment.open` or `attachment.save_copy` (ids, size,
    /// SHA-256) once it is written.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read` and
    /// `attachments.open` (to open) or `attachments.export` (to save a
    /// copy); [`Error::NotFound`]; [`Error::Io`] when `out` fails.
    pub fn read_attachment(
        &self,
        id: i64,
        purpose: ReadPurpose,
        out: &mut dyn Write,
    ) -> Result<Attachment> {
        let (permission, action) = match purpose {
            ReadPurpose::Open => (Permission::AttachmentsOpen, "attachment.open"),
            ReadPurpose::SaveCopy => (Permission::AttachmentsExport, "attachment.save_copy"),
        };
        self.authorize(
            Permission::ContactsRead,
            action,
            Some(attachment_target(id)),
        )?;
        self.authorize(permission, action, Some(attachment_target(id)))?;
        let found = self.load_attachment(id)?;
        stream_chunks(&self.conn, id, out)?;
        self.record(
            &Event::allowed(action, Some(attachment_target(id)))
                .with("on", found.on.kind())
                .with("on_id", found.on.id())
                .with("size", found.size)
                .with("sha256", found.sha256.clone()),
        )?;
        Ok(found)
    }

    /// Renames attachment `id`. Audited as `attachment.rename` (ids only).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may change the record it
    /// is on; [`Error::NotFound`]; [`Error::InvalidInput`] for a bad name.
    pub fn rename_attachment(&mut self, id: i64, name: &str) -> Result<Attachment> {
        self.authorize(
            Permission::ContactsRead,
            "attachment.rename",
            Some(attachment_target(id)),
        )?;
        let found = self.load_attachment(id)?;
        self.authorize_attach(found.on, "attachment.rename")?;
        let name = clean_name(name)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE attachments SET name = ?2 WHERE id = ?1",
            params![id, name],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("attachment.rename", Some(attachment_target(id)))
                .with("on", found.on.kind())
                .with("on_id", found.on.id()),
        )?;
        tx.commit()?;
        Ok(Attachment { name, ..found })
    }

    /// Whether live attachment `id` is the user's own (they added it); not
    /// found when it is not live or not visible.
    pub(super) fn attachment_is_own(&self, id: i64) -> Result<bool> {
        Ok(self.load_attachment(id)?.owner_id == self.user.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_the_last_part_of_a_path_and_must_be_sensible() {
        assert_eq!(clean_name("/home/ana/quote.pdf").unwrap(), "quote.pdf");
        assert_eq!(clean_name("C:\\docs\\ offer.docx ").unwrap(), "offer.docx");
        let reason = |n: &str| clean_name(n).unwrap_err().invalid_input().unwrap().reason();
        assert_eq!(reason(""), Some("required"));
        assert_eq!(reason("a/"), Some("required"));
        assert_eq!(reason(".."), Some("required"));
        assert_eq!(reason("a\nb"), Some("multiline"));
        assert_eq!(reason(&"x".repeat(256)), Some("too-long"));
        assert_eq!(clean_name(&"x".repeat(255)).unwrap().len(), 255);
    }
}
