//! Importing e-mail: `.eml` files and `mbox` mailboxes become e-mail
//! activities on the contacts each message was from or to.
//!
//! MIME is read by `mail-parser` (quoted-printable, base64, RFC 2047
//! encoded words, the legacy charsets such as ISO-8859-2 and Windows-1250,
//! nested multiparts); see `docs/import-formats.md`. An `mbox` is split on
//! its `From ` lines and its quoted `>From ` lines unquoted (mboxrd; an
//! mboxo file reads the same way).
//!
//! Each message becomes one activity on each live contact that one of its
//! `From`, `To` or `Cc` addresses belongs to (compared folded, as the
//! contacts' e-mails are indexed): its subject, its date (now when it has
//! none), and its plain text: the text/plain part when it has one,
//! otherwise its HTML reduced to text by `mail-parser` (tags, `<script>`,
//! `<style>` and `<head>` dropped, entities decoded; nothing is fetched,
//! nothing is run: images and links are only text that is not kept). Its
//! attachments become attachments on the activity, within the vault's
//! limits. A message is imported once per contact: its identity is its
//! Message-ID, or, without one, a hash of its date, sender, subject and
//! body.
//!
//! The whole import is one transaction with one audit entry
//! (`import.email`, counts only: never a subject or an address). A file
//! that cannot be read, a message over [`MAX_MESSAGE_BYTES`] or with more
//! than [`MAX_HEADERS`] headers or [`MAX_ADDRESSES`] addresses refuses the
//! import with a reason code and writes nothing. It is undone like a
//! contact import (`Session::undo_import`).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use mail_parser::{MessageParser, MimeHeaders};
use rusqlite::{TransactionBehavior, params};
use sha2::{Digest, Sha256};

use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::collation::fold;
use crate::records::activities::{self, ImportedEmail};
use crate::records::attachments::{self, AttachedTo};
use crate::records::contacts::{ContactInserts, MAX_NOTES, MAX_SHORT_FIELD, NewContact};
use crate::search;
use crate::{Invalid, Result};

/// The largest message, in bytes as stored (an attachment inside it is
/// also held to the vault's per-file limit).
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// The most header fields one message may have.
pub const MAX_HEADERS: usize = 1000;

/// The most `From`, `To` and `Cc` addresses one message may have.
pub const MAX_ADDRESSES: usize = 1000;

/// The subject of a message that has none.
pub const NO_SUBJECT: &str = crate::locale::documents::no_subject(crate::locale::Language::En);

/// One file to import: its name (for errors: `place` names the file, and
/// the message within an `mbox`) and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct EmailFile<'a> {
    /// The file's name, as the user knows it.
    pub name: &'a str,
    /// The whole file.
    pub bytes: &'a [u8],
}

/// How to import e-mail.
#[derive(Debug, Clone, Default)]
pub struct EmailImportOptions {
    /// Work everything out and report, but write nothing.
    pub dry_run: bool,
    /// Create a contact for every address no contact has.
    pub create_unknown: bool,
    /// Create a contact for these addresses only (compared folded).
    pub create: Vec<String>,
}

/// An address of the messages that no contact has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAddress {
    /// The address, as first written.
    pub address: String,
    /// The display name first seen with it.
    pub name: Option<String>,
    /// How many messages name it.
    pub messages: usize,
}

/// What an e-mail import did (or, for a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailImportReport {
    /// The import's id, for undo (`None` for a dry run).
    pub import_id: Option<i64>,
    /// Messages read.
    pub messages: usize,
    /// E-mail activities written (one per message and contact).
    pub activities_created: usize,
    /// Attachments written on them.
    pub attachments_created: usize,
    /// Contacts created for unknown addresses.
    pub contacts_created: usize,
    /// Messages already on a contact (by their identity), not written again.
    pub duplicates: usize,
    /// Messages that went on no contact.
    pub unmatched: usize,
    /// Messages left off a contact: a restricted contact (storage only),
    /// or an unknown address of an erased or objecting person (never
    /// created). The breakdown below is for `rights.manage` only.
    pub left_out: usize,
    /// Of those, left off a restricted contact (0 for other roles).
    pub restricted: usize,
    /// Of those, addresses of erased or objecting people not created (0
    /// for other roles).
    pub known_people: usize,
    /// Bodies cut to the activity's limit of characters.
    pub truncated: usize,
    /// The addresses no contact has (and not created), most messages
    /// first.
    pub unknown: Vec<UnknownAddress>,
    /// Whether nothing was written.
    pub dry_run: bool,
}

/// The messages of `files`, each with its place: an `.eml` file whole, an
/// `mbox` (a file starting with `From `) split.
fn messages<'a>(
    files: &'a [EmailFile<'a>],
) -> impl Iterator<Item = Result<(String, Cow<'a, [u8]>)>> + 'a {
    files.iter().flat_map(|f| -> Box<dyn Iterator<Item = _>> {
        if is_mbox(f.bytes) {
            Box::new(
                mail_parser::mailbox::mbox::MessageIterator::new(f.bytes)
                    .enumerate()
                    .map(|(n, m)| match m {
                        Ok(m) => Ok((
                            format!("{} #{}", f.name, n + 1),
                            Cow::Owned(m.contents().to_vec()),
                        )),
                        Err(_) => Err(unreadable(f.name)),
                    }),
            )
        } else {
            Box::new(std::iter::once(Ok((
                f.name.to_owned(),
                Cow::Borrowed(f.bytes),
            ))))
        }
    })
}

/// Whether a file is an `mbox`: its first line is a `From ` line.
pub fn is_mbox(bytes: &[u8]) -> bool {
    bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .starts_with(b"From ")
}

fn unreadable(place: &str) -> crate::Error {
    Invalid::new(
        "email-unreadable",
        format!("{place} is not an e-mail message"),
    )
    .with("place", place)
    .into()
}

/// Parses one message, within the limits.
fn parse<'x>(place: &str, raw: &'x [u8]) -> Result<mail_parser::Message<'x>> {
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(Invalid::new(
            "email-too-large",
            format!(
                "{place} is {} bytes; the limit is {MAX_MESSAGE_BYTES} bytes a message",
                raw.len()
            ),
        )
        .with("place", place)
        .with("size", raw.len())
        .with("limit", MAX_MESSAGE_BYTES)
        .into());
    }
    // A message names at least one of the fields every mail program
    // writes; bytes that merely parse as some header are not one.
    let message = MessageParser::default()
        .parse(raw)
        .filter(|m| {
            m.from().is_some()
                || m.to().is_some()
                || m.cc().is_some()
                || m.subject().is_some()
                || m.date().is_some()
                || m.message_id().is_some()
        })
        .ok_or_else(|| unreadable(place))?;
    let headers = message.headers().len();
    if headers > MAX_HEADERS {
        return Err(Invalid::new(
            "email-too-many-headers",
            format!("{place} has {headers} header fields; the limit is {MAX_HEADERS}"),
        )
        .with("place", place)
        .with("count", headers)
        .with("limit", MAX_HEADERS)
        .into());
    }
    Ok(message)
}

/// What one message says, as an import writes it.
struct Read {
    key: String,
    subject: String,
    /// The message's date, when it has a valid one.
    date: Option<String>,
    body: Option<String>,
    truncated: bool,
    /// Folded address, address as written, display name; in order, once each.
    people: Vec<(String, String, Option<String>)>,
}

/// Text without control characters but line breaks and tabs, line breaks
/// as `\n`.
fn plain(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// One line of at most `max` characters: runs of white space and control
/// characters become one space.
fn one_line(text: &str, max: usize) -> String {
    let line = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    line.chars().take(max).collect()
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn read(place: &str, message: &mail_parser::Message<'_>) -> Result<Read> {
    let subject = one_line(message.subject().unwrap_or_default(), MAX_SHORT_FIELD);
    let subject = if subject.is_empty() {
        NO_SUBJECT.to_owned()
    } else {
        subject
    };
    let date = message.date().filter(|d| d.is_valid()).and_then(|d| {
        chrono::DateTime::from_timestamp(d.to_timestamp(), 0)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    });
    let mut text = String::new();
    for n in 0..message.text_body_count() {
        if let Some(part) = message.body_text(n) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&part);
        }
    }
    let text = plain(&text);
    let text = text.trim();
    let truncated = text.chars().count() > MAX_NOTES;
    let body: String = text.chars().take(MAX_NOTES).collect();
    let body = body.trim_end().to_owned();
    let mut people: Vec<(String, String, Option<String>)> = Vec::new();
    let mut seen = BTreeSet::new();
    let lists = [message.from(), message.to(), message.cc()];
    let count: usize = lists.iter().flatten().map(|a| a.iter().count()).sum();
    if count > MAX_ADDRESSES {
        return Err(Invalid::new(
            "email-too-many-addresses",
            format!("{place} names {count} addresses; the limit is {MAX_ADDRESSES}"),
        )
        .with("place", place)
        .with("count", count)
        .with("limit", MAX_ADDRESSES)
        .into());
    }
    for addr in lists.iter().flatten().flat_map(|a| a.iter()) {
        let Some(address) = addr.address().map(str::trim) else {
            continue;
        };
        let usable = address.split_once('@').is_some_and(|(l, d)| {
            !l.is_empty() && !d.is_empty() && !address.contains(char::is_whitespace)
        }) && address.chars().count() <= MAX_SHORT_FIELD
            && !address.contains(char::is_control);
        if !usable {
            continue;
        }
        let folded = fold(address);
        if seen.insert(folded.clone()) {
            let name = addr
                .name()
                .map(|n| one_line(n, MAX_SHORT_FIELD))
                .filter(|n| !n.is_empty());
            people.push((folded, address.to_owned(), name));
        }
    }
    let mut h = Sha256::new();
    match message
        .message_id()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        Some(id) => {
            h.update(b"message-id\0");
            h.update(id.as_bytes());
        }
        None => {
            h.update(b"content\0");
            for part in [
                date.as_deref().unwrap_or_default(),
                people.first().map_or("", |p| p.0.as_str()),
                &subject,
                &body,
            ] {
                h.update(part.as_bytes());
                h.update([0]);
            }
        }
    }
    Ok(Read {
        key: hex(&h.finalize()),
        subject,
        date,
        body: (!body.is_empty()).then_some(body),
        truncated,
        people,
    })
}

/// The name of an attachment as stored: its own, made acceptable, or a
/// neutral one.
fn attachment_name(part: &mail_parser::MessagePart<'_>) -> String {
    let fallback = if part.is_message() {
        "message.eml"
    } else {
        "attachment"
    };
    part.attachment_name()
        .map(|n| one_line(n, 255))
        .and_then(|n| attachments::clean_name(&n).ok())
        .unwrap_or_else(|| fallback.to_owned())
}

/// One message as an import reads it, without a vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSummary {
    /// The file, and the message's number within an `mbox` (`box.mbox #2`).
    pub place: String,
    /// The subject on one line ([`NO_SUBJECT`] when it has none).
    pub subject: String,
    /// The date, RFC 3339 in UTC, when the message has a valid one.
    pub date: Option<String>,
    /// The plain text, at most [`MAX_NOTES`] characters.
    pub body: Option<String>,
    /// Whether the text was cut to that limit.
    pub truncated: bool,
    /// The `From`, `To` and `Cc` addresses, once each, with their display
    /// names.
    pub addresses: Vec<(String, Option<String>)>,
    /// The attachments' names as they would be stored, and sizes.
    pub attachments: Vec<(String, usize)>,
}

/// Reads every message of `files` as [`Session::import_email`] does,
/// writing nothing: for tests and fuzzing (it holds every body at once).
///
/// # Errors
/// As [`Session::import_email`] for a file that is no message or a
/// message over a limit.
pub fn read_messages(files: &[EmailFile<'_>]) -> Result<Vec<MessageSummary>> {
    let mut out = Vec::new();
    for item in messages(files) {
        let (place, raw) = item?;
        let message = parse(&place, &raw)?;
        let read = read(&place, &message)?;
        out.push(MessageSummary {
            subject: read.subject,
            date: read.date,
            body: read.body,
            truncated: read.truncated,
            addresses: read.people.into_iter().map(|(_, a, n)| (a, n)).collect(),
            attachments: message
                .attachments()
                .map(|p| (attachment_name(p), p.contents().len()))
                .collect(),
            place,
        });
    }
    Ok(out)
}

impl Session {
    /// Imports the messages of `files` (`.eml` files and `mbox` files) as
    /// e-mail activities on the contacts they were from or to, with their
    /// attachments, in one transaction (rolled back for a dry run, or on
    /// any error: nothing is half-imported).
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.create`;
    /// [`crate::Error::InvalidInput`] with reason `email-unreadable`,
    /// `email-too-large`, `email-too-many-headers` or
    /// `email-too-many-addresses` (params `place`, and `size`/`count` and
    /// `limit`), `email-attachment-too-large` (`place`, `size`, `limit`)
    /// or `quota-exceeded` (`left`).
    pub fn import_email(
        &mut self,
        files: &[EmailFile<'_>],
        options: &EmailImportOptions,
    ) -> Result<EmailImportReport> {
        self.authorize(Permission::ContactsCreate, "import.email", None)?;
        let may_see_why = self.can(Permission::RightsManage);
        let limits = self.read_attachment_limits()?;
        let defs = crate::records::custom_fields::definitions(&self.conn)?;
        let phone_rules = super::import::import_phone_rules(&self.conn)?;
        let hash_key = &self.keys.identifier_hash;
        // A message without a subject is stored with the placeholder in the
        // vault's language (the message's key is made as it was read).
        let no_subject = crate::locale::documents::no_subject(self.vault_language()?);
        let to_create: BTreeSet<String> = options.create.iter().map(|a| fold(a.trim())).collect();
        let user_id = self.user.id;
        let now = crate::clock::now_rfc3339();
        let mut report = EmailImportReport {
            dry_run: options.dry_run,
            ..EmailImportReport::default()
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO imports (format, started_at, user_id) VALUES ('email', ?1, ?2)",
            params![now, user_id],
        )?;
        let import_id = tx.last_insert_rowid();
        let mut entries = search::index::Deferred::default();
        let mut unknown: BTreeMap<String, UnknownAddress> = BTreeMap::new();
        // Addresses already decided in this import: not created (known
        // people) are left out again without a second look.
        let mut not_created: BTreeSet<String> = BTreeSet::new();
        let mut attachment_bytes: u64 = 0;
        for item in messages(files) {
            let (place, raw) = item?;
            let message = parse(&place, &raw)?;
            let read = read(&place, &message)?;
            report.messages += 1;
            report.truncated += usize::from(read.truncated);
            let occurred_at = read.date.clone().unwrap_or_else(|| now.clone());
            let mut on: BTreeSet<i64> = BTreeSet::new();
            let mut left_out = false;
            for (folded, address, name) in &read.people {
                let found: Vec<(i64, bool)> = tx
                    .prepare_cached(
                        "SELECT c.id, c.restricted_at IS NOT NULL FROM contact_emails e
                         JOIN contacts c ON c.id = e.contact_id
                         WHERE e.folded = ?1 AND c.deleted_at IS NULL",
                    )?
                    .query_map([folded], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                if !found.is_empty() {
                    for (id, restricted) in found {
                        if restricted {
                            // Restriction means storage only: nothing is
                            // added to the contact.
                            report.restricted += 1;
                            left_out = true;
                        } else {
                            on.insert(id);
                        }
                    }
                    continue;
                }
                let create = options.create_unknown || to_create.contains(folded);
                if create && !not_created.contains(folded) {
                    let known = crate::rights::known_person(
                        &tx,
                        hash_key,
                        std::slice::from_ref(address),
                        &[],
                    )?;
                    if known.is_none() {
                        let mut contact = NewContact {
                            name: name.clone().unwrap_or_else(|| address.clone()),
                            emails: vec![address.clone()],
                            ..NewContact::default()
                        };
                        let clean = contact.cleaned(&defs, phone_rules).or_else(|_| {
                            contact.name.clone_from(address);
                            contact.cleaned(&defs, phone_rules)
                        });
                        if let Ok(clean) = clean {
                            let id = ContactInserts::new(&tx)?.insert(
                                &tx,
                                user_id,
                                &clean,
                                Some(import_id),
                                None,
                                &now,
                                None,
                                None,
                            )?;
                            report.contacts_created += 1;
                            on.insert(id);
                            continue;
                        }
                    } else {
                        report.known_people += 1;
                        not_created.insert(folded.clone());
                    }
                }
                if not_created.contains(folded) {
                    left_out = true;
                    continue;
                }
                let entry = unknown
                    .entry(folded.clone())
                    .or_insert_with(|| UnknownAddress {
                        address: address.clone(),
                        name: None,
                        messages: 0,
                    });
                entry.messages += 1;
                if entry.name.is_none() {
                    entry.name.clone_from(name);
                }
            }
            if left_out {
                report.left_out += 1;
            }
            if on.is_empty() {
                report.unmatched += usize::from(!left_out);
                continue;
            }
            for contact in on {
                if activities::has_email(&tx, contact, &read.key)? {
                    report.duplicates += 1;
                    continue;
                }
                let activity = activities::insert_imported_email(
                    &tx,
                    contact,
                    &ImportedEmail {
                        subject: if read.subject == NO_SUBJECT {
                            no_subject
                        } else {
                            &read.subject
                        },
                        body: read.body.as_deref(),
                        occurred_at: &occurred_at,
                        key: &read.key,
                    },
                    user_id,
                    import_id,
                    &now,
                    &mut entries,
                )?;
                report.activities_created += 1;
                for part in message.attachments() {
                    let content = part.contents();
                    let size = content.len() as u64;
                    if size > limits.max_file_bytes {
                        return Err(Invalid::new(
                            "email-attachment-too-large",
                            format!(
                                "an attachment of {place} is {size} bytes; the limit is {} bytes a file",
                                limits.max_file_bytes
                            ),
                        )
                        .with("place", &place)
                        .with("size", size)
                        .with("limit", limits.max_file_bytes)
                        .into());
                    }
                    attachments::insert_attachment(
                        &tx,
                        AttachedTo::Activity(activity),
                        &attachment_name(part),
                        &mut { content },
                        user_id,
                        &now,
                        limits,
                        Some(import_id),
                    )?;
                    report.attachments_created += 1;
                    attachment_bytes += size;
                }
            }
        }
        entries.write(&tx)?;
        let mut unknown: Vec<UnknownAddress> = unknown.into_values().collect();
        unknown.sort_by(|a, b| b.messages.cmp(&a.messages).then(a.address.cmp(&b.address)));
        report.unknown = unknown;
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        tx.execute(
            "UPDATE imports SET created = ?2, skipped = ?3 WHERE id = ?1",
            params![
                import_id,
                count(report.activities_created),
                count(report.duplicates)
            ],
        )?;
        let event = |action: &'static str, target: Option<Target>| {
            Event::allowed(action, target)
                .with("format", "email")
                .with("messages", report.messages)
                .with("activities_created", report.activities_created)
                .with("attachments_created", report.attachments_created)
                .with("attachment_bytes", attachment_bytes)
                .with("contacts_created", report.contacts_created)
                .with("duplicates", report.duplicates)
                .with("unmatched", report.unmatched)
                .with("unknown_addresses", report.unknown.len())
                .with("left_out", report.left_out)
                .with("restricted", report.restricted)
                .with("known_people", report.known_people)
                .with("truncated", report.truncated)
        };
        if options.dry_run {
            tx.rollback()?;
            // A dry run is recorded too: it tells whether people are known.
            self.record(&event("import.dry_run", None))?;
        } else {
            audit::append(
                &tx,
                &self.keys.audit_mac,
                Some(user_id),
                &event(
                    "import.email",
                    Some(Target {
                        kind: "import",
                        id: import_id.to_string(),
                    }),
                ),
            )?;
            tx.commit()?;
            report.import_id = Some(import_id);
        }
        if !may_see_why {
            // Why a message was left out is for those who handle requests.
            report.restricted = 0;
            report.known_people = 0;
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_mbox_starts_with_a_from_line() {
        assert!(is_mbox(b"From ana@example.com Mon Jan  1 00:00:00 2026\n"));
        assert!(!is_mbox(b"From: ana@example.com\n"));
        assert!(!is_mbox(b"Subject: x\n"));
    }

    #[test]
    fn text_keeps_line_breaks_and_drops_control_characters() {
        assert_eq!(plain("a\r\nb\rc\u{7}d\te"), "a\nb\ncd\te");
        assert_eq!(one_line(" Ofertă\r\n  nouă\t", 300), "Ofertă nouă");
        assert_eq!(one_line("ăăăă", 2), "ăă");
    }
}
