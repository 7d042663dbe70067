//! Contacts: people, with their e-mails, phones, company and notes.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::{Error, Result};

/// Longest name, company or single e-mail/phone, in characters.
pub const MAX_SHORT_FIELD: usize = 300;
/// Longest notes text, in characters.
pub const MAX_NOTES: usize = 100_000;
/// Most e-mails or phones on one contact.
pub const MAX_LIST_ITEMS: usize = 20;
/// Largest page [`Session::list_contacts`] returns.
pub const MAX_PAGE: u32 = 500;

/// Fields of a new contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewContact {
    /// Full name; required.
    pub name: String,
    /// E-mail addresses, first is primary.
    pub emails: Vec<String>,
    /// Phone numbers, first is primary.
    pub phones: Vec<String>,
    /// Company name.
    pub company: Option<String>,
    /// Free-text notes.
    pub notes: Option<String>,
    /// Sensitive fields; setting any needs `sensitive.write`.
    pub sensitive: SensitiveValues,
}

/// Values of the sensitive fields. In [`NewContact`] `None` leaves a field
/// empty; in [`ContactPatch`] `None` leaves it as it is and an empty string
/// clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SensitiveValues {
    /// Date of birth, `YYYY-MM-DD`.
    pub date_of_birth: Option<String>,
    /// National identity number.
    pub national_id: Option<String>,
    /// Special-category notes (health, beliefs, …: GDPR Art. 9).
    pub special_notes: Option<String>,
}

impl SensitiveValues {
    fn is_empty(&self) -> bool {
        self.date_of_birth.is_none() && self.national_id.is_none() && self.special_notes.is_none()
    }
}

/// One sensitive field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SensitiveField {
    /// Date of birth.
    DateOfBirth,
    /// National identity number.
    NationalId,
    /// Special-category notes.
    SpecialNotes,
}

impl SensitiveField {
    /// Every sensitive field.
    pub const ALL: [SensitiveField; 3] = [Self::DateOfBirth, Self::NationalId, Self::SpecialNotes];

    /// The stable name (`date-of-birth`, `national-id`, `special-notes`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DateOfBirth => "date-of-birth",
            Self::NationalId => "national-id",
            Self::SpecialNotes => "special-notes",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Self::DateOfBirth => "date_of_birth",
            Self::NationalId => "national_id",
            Self::SpecialNotes => "special_notes",
        }
    }
}

impl std::str::FromStr for SensitiveField {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == s.trim())
            .ok_or_else(|| {
                Error::invalid(format!(
                    "unknown sensitive field {s:?}; the fields are date-of-birth, national-id and special-notes"
                ))
            })
    }
}

/// Which sensitive fields hold a value. Values themselves are only ever
/// handed out one at a time by [`Session::reveal_sensitive`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SensitivePresence {
    /// Whether a date of birth is stored.
    pub date_of_birth: bool,
    /// Whether a national id is stored.
    pub national_id: bool,
    /// Whether special-category notes are stored.
    pub special_notes: bool,
}

/// A change to a contact: `None` leaves a field as it is; `Some` replaces it
/// (an empty list or empty text clears it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactPatch {
    /// New name.
    pub name: Option<String>,
    /// New list of e-mails.
    pub emails: Option<Vec<String>>,
    /// New list of phones.
    pub phones: Option<Vec<String>>,
    /// New company (empty clears).
    pub company: Option<String>,
    /// New notes (empty clears).
    pub notes: Option<String>,
    /// New sensitive values; needs `sensitive.write` when any is given.
    pub sensitive: SensitiveValues,
}

/// A contact with every field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Stable id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Phone numbers.
    pub phones: Vec<String>,
    /// Company name.
    pub company: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Which sensitive fields are set (their values stay masked).
    pub sensitive: SensitivePresence,
    /// Id of the user who owns the record.
    pub owner_id: i64,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

/// One row of the contacts list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactSummary {
    /// Stable id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// First e-mail.
    pub email: Option<String>,
    /// First phone.
    pub phone: Option<String>,
    /// Company name.
    pub company: Option<String>,
}

/// A page of the contacts list, sorted by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPage {
    /// The rows.
    pub items: Vec<ContactSummary>,
    /// How many contacts there are in all.
    pub total: u64,
}

fn check_text(label: &str, value: &str, max: usize) -> Result<()> {
    let len = value.chars().count();
    if len > max {
        return Err(Error::invalid(format!(
            "the {label} is {len} characters long; the limit is {max}"
        )));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(Error::invalid(format!(
            "the {label} contains control characters"
        )));
    }
    Ok(())
}

fn clean_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("a contact needs a name"));
    }
    if name.contains('\n') {
        return Err(Error::invalid("the name must be on one line"));
    }
    check_text("name", name, MAX_SHORT_FIELD)?;
    Ok(name.to_owned())
}

fn clean_optional(label: &str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => {
            check_text(label, v, max)?;
            Ok(Some(v.to_owned()))
        }
    }
}

fn clean_emails(emails: &[String]) -> Result<Vec<String>> {
    let emails = clean_list("e-mail address", emails)?;
    for e in &emails {
        let valid = e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !e.contains(char::is_whitespace)
        });
        if !valid {
            return Err(Error::invalid(format!("{e:?} is not an e-mail address")));
        }
    }
    Ok(emails)
}

fn clean_phones(phones: &[String]) -> Result<Vec<String>> {
    let phones = clean_list("phone number", phones)?;
    for p in &phones {
        let digits = p.chars().filter(char::is_ascii_digit).count();
        let allowed = p
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().x/".contains(c));
        if digits < 3 || !allowed {
            return Err(Error::invalid(format!("{p:?} is not a phone number")));
        }
    }
    Ok(phones)
}

fn clean_list(label: &str, items: &[String]) -> Result<Vec<String>> {
    let items: Vec<String> = items
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if items.len() > MAX_LIST_ITEMS {
        return Err(Error::invalid(format!(
            "a contact can have at most {MAX_LIST_ITEMS} of each {label}"
        )));
    }
    for item in &items {
        check_text(label, item, MAX_SHORT_FIELD)?;
    }
    Ok(items)
}

/// Longest national id, in characters.
pub const MAX_NATIONAL_ID: usize = 64;
/// Longest special-category notes text, in characters.
pub const MAX_SPECIAL_NOTES: usize = 10_000;

/// Cleans sensitive values: `Some("")` stays `Some("")` (meaning "clear").
fn clean_sensitive(values: &SensitiveValues) -> Result<SensitiveValues> {
    let dob = match values.date_of_birth.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(String::new()),
        Some(d) => {
            let date = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                Error::invalid(format!("{d:?} is not a date; write it as YYYY-MM-DD"))
            })?;
            if date > chrono::Utc::now().date_naive() || chrono::Datelike::year(&date) < 1900 {
                return Err(Error::invalid(
                    "the date of birth must be between 1900 and today",
                ));
            }
            Some(date.format("%Y-%m-%d").to_string())
        }
    };
    let keep = |label: &str, v: Option<&str>, max: usize| -> Result<Option<String>> {
        match v.map(str::trim) {
            None => Ok(None),
            Some(v) => {
                check_text(label, v, max)?;
                Ok(Some(v.to_owned()))
            }
        }
    };
    Ok(SensitiveValues {
        date_of_birth: dob,
        national_id: keep(
            "national id",
            values.national_id.as_deref(),
            MAX_NATIONAL_ID,
        )?,
        special_notes: keep(
            "special-category notes",
            values.special_notes.as_deref(),
            MAX_SPECIAL_NOTES,
        )?,
    })
}

/// Writes the given sensitive values (`Some("")` clears a field).
fn write_sensitive(tx: &Transaction<'_>, id: i64, values: &SensitiveValues) -> Result<()> {
    if values.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT OR IGNORE INTO contact_sensitive (contact_id) VALUES (?1)",
        [id],
    )?;
    for field in SensitiveField::ALL {
        let value = match field {
            SensitiveField::DateOfBirth => &values.date_of_birth,
            SensitiveField::NationalId => &values.national_id,
            SensitiveField::SpecialNotes => &values.special_notes,
        };
        if let Some(v) = value {
            let v = (!v.is_empty()).then_some(v.as_str());
            tx.execute(
                &format!(
                    "UPDATE contact_sensitive SET {} = ?2 WHERE contact_id = ?1",
                    field.column()
                ),
                params![id, v],
            )?;
        }
    }
    Ok(())
}

fn changed_sensitive_fields(values: &SensitiveValues) -> impl Iterator<Item = &'static str> + '_ {
    SensitiveField::ALL
        .into_iter()
        .filter(move |f| match f {
            SensitiveField::DateOfBirth => values.date_of_birth.is_some(),
            SensitiveField::NationalId => values.national_id.is_some(),
            SensitiveField::SpecialNotes => values.special_notes.is_some(),
        })
        .map(SensitiveField::as_str)
}

fn write_list(
    tx: &Transaction<'_>,
    table: &str,
    column: &str,
    id: i64,
    items: &[String],
) -> Result<()> {
    tx.execute(&format!("DELETE FROM {table} WHERE contact_id = ?1"), [id])?;
    let mut stmt = tx.prepare_cached(&format!(
        "INSERT INTO {table} (contact_id, position, {column}) VALUES (?1, ?2, ?3)"
    ))?;
    for (position, item) in items.iter().enumerate() {
        stmt.execute(params![
            id,
            i64::try_from(position).unwrap_or(i64::MAX),
            item
        ])?;
    }
    Ok(())
}

fn not_found(id: i64) -> Error {
    Error::NotFound {
        entity: "contact",
        id: id.to_string(),
    }
}

impl Session {
    /// Adds a contact owned by the current user and returns its id.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.create` (or
    /// `sensitive.write` when sensitive values are given);
    /// [`Error::InvalidInput`] for a missing name, malformed e-mail or phone,
    /// or a field over its limit. Nothing is written then.
    pub fn add_contact(&mut self, new: &NewContact) -> Result<i64> {
        self.authorize(Permission::ContactsCreate, "contact.create", None)?;
        if !new.sensitive.is_empty() {
            self.authorize(Permission::SensitiveWrite, "contact.create", None)?;
        }
        let name = clean_name(&new.name)?;
        let emails = clean_emails(&new.emails)?;
        let phones = clean_phones(&new.phones)?;
        let company = clean_optional("company", new.company.as_deref(), MAX_SHORT_FIELD)?;
        let notes = clean_optional("notes", new.notes.as_deref(), MAX_NOTES)?;
        let sensitive = clean_sensitive(&new.sensitive)?;
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO contacts (name, company, notes, owner_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![name, company, notes, self.user.id, now],
        )?;
        let id = tx.last_insert_rowid();
        write_list(&tx, "contact_emails", "email", id, &emails)?;
        write_list(&tx, "contact_phones", "phone", id, &phones)?;
        write_sensitive(&tx, id, &sensitive)?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("contact.create", Some(Target::contact(id))),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// One contact with every ordinary field; sensitive fields show only
    /// whether they are set. The view is recorded in the audit log.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`; [`Error::NotFound`].
    pub fn get_contact(&self, id: i64) -> Result<Contact> {
        self.authorize(
            Permission::ContactsRead,
            "contact.view",
            Some(Target::contact(id)),
        )?;
        let contact = self.load_contact(id)?;
        self.record(&Event::allowed("contact.view", Some(Target::contact(id))))?;
        Ok(contact)
    }

    fn load_contact(&self, id: i64) -> Result<Contact> {
        let mut contact = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.name, c.company, c.notes, c.owner_id, c.created_at, c.updated_at,
                        s.date_of_birth IS NOT NULL, s.national_id IS NOT NULL, s.special_notes IS NOT NULL
                 FROM contacts c LEFT JOIN contact_sensitive s ON s.contact_id = c.id
                 WHERE c.id = ?1",
            )?
            .query_row(
                [id],
                |r| {
                    Ok(Contact {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        emails: Vec::new(),
                        phones: Vec::new(),
                        company: r.get(2)?,
                        notes: r.get(3)?,
                        sensitive: SensitivePresence {
                            date_of_birth: r.get(7)?,
                            national_id: r.get(8)?,
                            special_notes: r.get(9)?,
                        },
                        owner_id: r.get(4)?,
                        created_at: r.get(5)?,
                        updated_at: r.get(6)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| not_found(id))?;
        contact.emails = self.read_list(
            "SELECT email FROM contact_emails WHERE contact_id = ?1 ORDER BY position",
            id,
        )?;
        contact.phones = self.read_list(
            "SELECT phone FROM contact_phones WHERE contact_id = ?1 ORDER BY position",
            id,
        )?;
        Ok(contact)
    }

    fn read_list(&self, sql: &str, id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A page of contacts sorted by name (case-insensitive), with the total.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn list_contacts(&self, offset: u64, limit: u32) -> Result<ContactPage> {
        self.authorize(Permission::ContactsRead, "contact.list", None)?;
        let limit = limit.clamp(1, MAX_PAGE);
        let total: i64 = self
            .conn
            .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name, c.company,
                    (SELECT email FROM contact_emails WHERE contact_id = c.id AND position = 0),
                    (SELECT phone FROM contact_phones WHERE contact_id = c.id AND position = 0)
             FROM contacts c
             ORDER BY c.name COLLATE NOCASE, c.id
             LIMIT ?1 OFFSET ?2",
        )?;
        let items = stmt
            .query_map(
                params![limit, i64::try_from(offset).unwrap_or(i64::MAX)],
                |r| {
                    Ok(ContactSummary {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        company: r.get(2)?,
                        email: r.get(3)?,
                        phone: r.get(4)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ContactPage {
            items,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    /// Whether the current user may change a contact owned by `owner_id`:
    /// with the "any" permission always, with the "own" one only their own.
    fn authorize_change(
        &self,
        id: i64,
        owner_id: i64,
        own: Permission,
        any: Permission,
        action: &'static str,
    ) -> Result<()> {
        if self.can(any) || (self.can(own) && owner_id == self.user.id) {
            return Ok(());
        }
        let missing = if self.can(own) { any } else { own };
        self.authorize(missing, action, Some(Target::contact(id)))
    }

    fn contact_owner(&self, id: i64) -> Result<i64> {
        self.conn
            .prepare_cached("SELECT owner_id FROM contacts WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| not_found(id))
    }

    /// Applies `patch` to contact `id` in one transaction and returns the
    /// result. The audit entry names the fields that changed, not their values.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may edit any contact, or may
    /// edit its own and owns this one (and `sensitive.write` for sensitive
    /// values); [`Error::NotFound`]; [`Error::InvalidInput`].
    pub fn update_contact(&mut self, id: i64, patch: &ContactPatch) -> Result<Contact> {
        self.update_contact_with(id, patch, true)
    }

    /// [`Session::update_contact`] without its audit entry, compiled only with
    /// the `test-support` feature: the audit-overhead benchmark compares the
    /// two to measure what the audit log costs.
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn update_contact_unaudited_for_benchmark(
        &mut self,
        id: i64,
        patch: &ContactPatch,
    ) -> Result<Contact> {
        self.update_contact_with(id, patch, false)
    }

    fn update_contact_with(
        &mut self,
        id: i64,
        patch: &ContactPatch,
        audited: bool,
    ) -> Result<Contact> {
        self.authorize(
            Permission::ContactsRead,
            "contact.update",
            Some(Target::contact(id)),
        )?;
        let old = self.load_contact(id)?;
        self.authorize_change(
            id,
            old.owner_id,
            Permission::ContactsEditOwn,
            Permission::ContactsEditAny,
            "contact.update",
        )?;
        if !patch.sensitive.is_empty() {
            self.authorize(
                Permission::SensitiveWrite,
                "contact.update",
                Some(Target::contact(id)),
            )?;
        }
        let name = patch.name.as_deref().map(clean_name).transpose()?;
        let emails = patch.emails.as_deref().map(clean_emails).transpose()?;
        let phones = patch.phones.as_deref().map(clean_phones).transpose()?;
        let company = patch
            .company
            .as_deref()
            .map(|c| clean_optional("company", Some(c), MAX_SHORT_FIELD))
            .transpose()?;
        let notes = patch
            .notes
            .as_deref()
            .map(|n| clean_optional("notes", Some(n), MAX_NOTES))
            .transpose()?;
        let sensitive = clean_sensitive(&patch.sensitive)?;

        let mut changed: Vec<&str> = Vec::new();
        if name.as_ref().is_some_and(|n| *n != old.name) {
            changed.push("name");
        }
        if emails.as_ref().is_some_and(|e| *e != old.emails) {
            changed.push("emails");
        }
        if phones.as_ref().is_some_and(|p| *p != old.phones) {
            changed.push("phones");
        }
        if company.as_ref().is_some_and(|c| *c != old.company) {
            changed.push("company");
        }
        if notes.as_ref().is_some_and(|n| *n != old.notes) {
            changed.push("notes");
        }
        changed.extend(changed_sensitive_fields(&sensitive));
        if changed.is_empty() {
            return Ok(old);
        }

        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached(
            "UPDATE contacts SET name = coalesce(?2, name),
                                 company = CASE WHEN ?3 THEN ?4 ELSE company END,
                                 notes = CASE WHEN ?5 THEN ?6 ELSE notes END,
                                 updated_at = ?7
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            name,
            company.is_some(),
            company.flatten(),
            notes.is_some(),
            notes.flatten(),
            now
        ])?;
        if let Some(emails) = &emails {
            write_list(&tx, "contact_emails", "email", id, emails)?;
        }
        if let Some(phones) = &phones {
            write_list(&tx, "contact_phones", "phone", id, phones)?;
        }
        write_sensitive(&tx, id, &sensitive)?;
        if audited {
            audit::append(
                &tx,
                &self.keys.audit_mac,
                Some(self.user.id),
                &Event::allowed("contact.update", Some(Target::contact(id)))
                    .with("fields", changed),
            )?;
        }
        tx.commit()?;
        self.load_contact(id)
    }

    /// Gives contact `id` to another user.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.edit-any`;
    /// [`Error::NotFound`] for an unknown contact or user.
    pub fn reassign_contact(&mut self, id: i64, new_owner: &str) -> Result<Contact> {
        self.authorize(
            Permission::ContactsEditAny,
            "contact.reassign",
            Some(Target::contact(id)),
        )?;
        let old_owner = self.contact_owner(id)?;
        let owner_id: i64 = self
            .conn
            .query_row(
                "SELECT id FROM users WHERE name = ?1 COLLATE NOCASE AND disabled = 0",
                [new_owner.trim()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "user",
                id: new_owner.trim().to_owned(),
            })?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE contacts SET owner_id = ?2 WHERE id = ?1",
            params![id, owner_id],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("contact.reassign", Some(Target::contact(id)))
                .with("from_user", old_owner)
                .with("to_user", owner_id),
        )?;
        tx.commit()?;
        self.load_contact(id)
    }

    /// Deletes contact `id` with its e-mails, phones and sensitive fields.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may delete any contact, or
    /// may delete its own and owns this one; [`Error::NotFound`].
    pub fn delete_contact(&mut self, id: i64) -> Result<()> {
        self.authorize(
            Permission::ContactsRead,
            "contact.delete",
            Some(Target::contact(id)),
        )?;
        let owner = self.contact_owner(id)?;
        self.authorize_change(
            id,
            owner,
            Permission::ContactsDeleteOwn,
            Permission::ContactsDeleteAny,
            "contact.delete",
        )?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM contacts WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("contact.delete", Some(Target::contact(id))),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Reveals one sensitive field of one contact. The reveal and its reason
    /// are recorded; the reason must not repeat the contact's name or e-mail,
    /// because the audit log holds no personal data.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `sensitive.reveal`;
    /// [`Error::InvalidInput`] for a missing or too short reason;
    /// [`Error::NotFound`].
    pub fn reveal_sensitive(
        &mut self,
        id: i64,
        field: SensitiveField,
        reason: &str,
    ) -> Result<Option<String>> {
        self.authorize(
            Permission::SensitiveReveal,
            "contact.reveal",
            Some(Target::contact(id)),
        )?;
        let reason = reason.trim();
        if reason.chars().count() < 4 {
            return Err(Error::invalid(
                "give a reason for revealing this field (at least a few words)",
            ));
        }
        check_text("reason", reason, 500)?;
        let contact = self.load_contact(id)?;
        let lower = reason.to_lowercase();
        let repeats_identity = std::iter::once(&contact.name)
            .chain(contact.emails.iter())
            .any(|v| !v.is_empty() && lower.contains(&v.to_lowercase()));
        if repeats_identity {
            return Err(Error::invalid(
                "leave the contact's name and e-mail out of the reason: it is stored in the audit log",
            ));
        }
        let value: Option<String> = self
            .conn
            .query_row(
                &format!(
                    "SELECT {} FROM contact_sensitive WHERE contact_id = ?1",
                    field.column()
                ),
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        self.record(
            &Event::allowed("contact.reveal", Some(Target::contact(id)))
                .with("field", field.as_str())
                .with("reason", reason),
        )?;
        Ok(value)
    }
}
