//! Contacts: people, with their e-mails, phones, company and notes.

use rusqlite::{OptionalExtension, Transaction, params};

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
    /// [`Error::PermissionDenied`] without `contacts.create`;
    /// [`Error::InvalidInput`] for a missing name, malformed e-mail or phone,
    /// or a field over its limit.
    pub fn add_contact(&mut self, new: &NewContact) -> Result<i64> {
        self.require(Permission::ContactsCreate)?;
        let name = clean_name(&new.name)?;
        let emails = clean_emails(&new.emails)?;
        let phones = clean_phones(&new.phones)?;
        let company = clean_optional("company", new.company.as_deref(), MAX_SHORT_FIELD)?;
        let notes = clean_optional("notes", new.notes.as_deref(), MAX_NOTES)?;
        let now = crate::clock::now_rfc3339();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO contacts (name, company, notes, owner_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![name, company, notes, self.user.id, now],
        )?;
        let id = tx.last_insert_rowid();
        write_list(&tx, "contact_emails", "email", id, &emails)?;
        write_list(&tx, "contact_phones", "phone", id, &phones)?;
        tx.commit()?;
        Ok(id)
    }

    /// One contact with every field.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`; [`Error::NotFound`].
    pub fn get_contact(&self, id: i64) -> Result<Contact> {
        self.require(Permission::ContactsRead)?;
        let mut contact = self
            .conn
            .query_row(
                "SELECT id, name, company, notes, owner_id, created_at, updated_at
                 FROM contacts WHERE id = ?1",
                [id],
                |r| {
                    Ok(Contact {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        emails: Vec::new(),
                        phones: Vec::new(),
                        company: r.get(2)?,
                        notes: r.get(3)?,
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
        self.require(Permission::ContactsRead)?;
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

    /// Whether the current user may change the contact owned by `owner_id`.
    fn require_change(&self, owner_id: i64, own: Permission, any: Permission) -> Result<()> {
        if self.require(any).is_ok() {
            return Ok(());
        }
        self.require(own)?;
        if owner_id == self.user.id {
            Ok(())
        } else {
            self.require(any)
        }
    }

    fn contact_owner(&self, id: i64) -> Result<i64> {
        self.conn
            .query_row("SELECT owner_id FROM contacts WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| not_found(id))
    }

    /// Applies `patch` to contact `id` in one transaction and returns the result.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may edit any contact, or may
    /// edit its own and owns this one; [`Error::NotFound`]; [`Error::InvalidInput`].
    pub fn update_contact(&mut self, id: i64, patch: &ContactPatch) -> Result<Contact> {
        self.require(Permission::ContactsRead)?;
        let owner = self.contact_owner(id)?;
        self.require_change(
            owner,
            Permission::ContactsEditOwn,
            Permission::ContactsEditAny,
        )?;
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
        let now = crate::clock::now_rfc3339();
        let tx = self.conn.transaction()?;
        if let Some(name) = &name {
            tx.execute(
                "UPDATE contacts SET name = ?2 WHERE id = ?1",
                params![id, name],
            )?;
        }
        if let Some(company) = &company {
            tx.execute(
                "UPDATE contacts SET company = ?2 WHERE id = ?1",
                params![id, company],
            )?;
        }
        if let Some(notes) = &notes {
            tx.execute(
                "UPDATE contacts SET notes = ?2 WHERE id = ?1",
                params![id, notes],
            )?;
        }
        if let Some(emails) = &emails {
            write_list(&tx, "contact_emails", "email", id, emails)?;
        }
        if let Some(phones) = &phones {
            write_list(&tx, "contact_phones", "phone", id, phones)?;
        }
        tx.execute(
            "UPDATE contacts SET updated_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        tx.commit()?;
        self.get_contact(id)
    }

    /// Deletes contact `id` with its e-mails and phones.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may delete any contact, or
    /// may delete its own and owns this one; [`Error::NotFound`].
    pub fn delete_contact(&mut self, id: i64) -> Result<()> {
        self.require(Permission::ContactsRead)?;
        let owner = self.contact_owner(id)?;
        self.require_change(
            owner,
            Permission::ContactsDeleteOwn,
            Permission::ContactsDeleteAny,
        )?;
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM contacts WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }
}
