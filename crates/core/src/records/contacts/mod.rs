//! Contacts: people, with their e-mails, phones, company, address, tags and
//! notes. Deleting moves a contact to the recycle bin (see `recycle`).

pub(crate) mod custom;
pub(crate) mod fields;
mod phones;
mod query;
mod sensitive;

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

pub use fields::{Field, MAX_LIST_ITEMS, MAX_NOTES, MAX_SHORT_FIELD};
pub use query::{ContactQuery, ContactSort};
pub use sensitive::{SensitiveField, SensitivePresence, SensitiveValues};

use self::custom::{CustomField, CustomValues};
use self::fields::{
    List, clean_emails, clean_list, clean_name, clean_optional, clean_phones_with, write_list,
    write_phones,
};
pub(crate) use self::fields::{PhoneRules, default_country};
pub(crate) use self::phones::renormalize as renormalize_phones;
#[cfg(feature = "test-support")]
pub(crate) use self::query::contact_page_sql;
pub(crate) use self::sensitive::importable_sensitive;
use self::sensitive::{changed_sensitive_fields, clean_sensitive, write_sensitive};
use super::company_names;
pub(crate) use super::sort_keys::ContactKeys;
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::collation;
use crate::phone::{Normalized, PhoneFlag};
use crate::search::{self, Kind};
use crate::{Error, Result};

/// Largest page [`Session::list_contacts`] returns.
pub const MAX_PAGE: u32 = 500;

/// A postal address; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// Street and number.
    pub street: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Region or state.
    pub region: Option<String>,
    /// Country.
    pub country: Option<String>,
}

impl Address {
    fn parts(&self) -> [(&'static str, &Option<String>); 5] {
        [
            ("street", &self.street),
            ("city", &self.city),
            ("postal code", &self.postal_code),
            ("region", &self.region),
            ("country", &self.country),
        ]
    }

    fn cleaned(&self) -> Result<Self> {
        let c =
            |label: &str, v: &Option<String>| clean_optional(label, v.as_deref(), MAX_SHORT_FIELD);
        Ok(Self {
            street: c("street", &self.street)?,
            city: c("city", &self.city)?,
            postal_code: c("postal code", &self.postal_code)?,
            region: c("region", &self.region)?,
            country: c("country", &self.country)?,
        })
    }

    /// Whether every part is empty.
    pub fn is_empty(&self) -> bool {
        self.parts().iter().all(|(_, v)| v.is_none())
    }
}

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
    /// Job title.
    pub title: Option<String>,
    /// Where the contact came from (web form, fair, import, …).
    pub source: Option<String>,
    /// Postal address.
    pub address: Address,
    /// Tags (created as needed).
    pub tags: Vec<String>,
    /// Free-text notes.
    pub notes: Option<String>,
    /// Custom field values by key (see [`super::custom_fields`]).
    pub custom: CustomValues,
    /// Sensitive fields; setting any needs `sensitive.write`.
    pub sensitive: SensitiveValues,
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
    /// New job title (empty clears).
    pub title: Option<String>,
    /// New source (empty clears).
    pub source: Option<String>,
    /// New address (replaces all parts).
    pub address: Option<Address>,
    /// New tags (replaces the set).
    pub tags: Option<Vec<String>>,
    /// New notes (empty clears).
    pub notes: Option<String>,
    /// Custom field values to set, by key; an empty value clears that field,
    /// fields not named keep their value.
    pub custom: Option<CustomValues>,
    /// New sensitive values; needs `sensitive.write` when any is given.
    pub sensitive: SensitiveValues,
}

/// A contact with every ordinary field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Stable id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Phone numbers, as written.
    pub phones: Vec<String>,
    /// The phones' E.164 forms and flags, in the same order as `phones`.
    pub phone_forms: Vec<Normalized>,
    /// Company name.
    pub company: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// Postal address.
    pub address: Address,
    /// Tags, sorted.
    pub tags: Vec<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Custom field values by key.
    pub custom: CustomValues,
    /// The company record the company name links to, when there is one.
    pub company_id: Option<i64>,
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
    /// Id of the user who owns the record.
    pub owner_id: i64,
}

/// A page of the contacts list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPage {
    /// The rows.
    pub items: Vec<ContactSummary>,
    /// The cursor of the page after this one; `None` on the last page.
    pub next: Option<String>,
}

/// A validated contact, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CleanContact {
    pub(crate) name: String,
    pub(crate) emails: Vec<String>,
    pub(crate) phones: Vec<String>,
    /// The phones' E.164 forms, in the same order.
    pub(crate) phone_forms: Vec<Normalized>,
    pub(crate) company: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) address: Address,
    pub(crate) tags: Vec<String>,
    pub(crate) notes: Option<String>,
    pub(crate) custom: CustomValues,
    /// Checked sensitive values, written with the contact by
    /// [`insert_contact`]; only an import sets them (see
    /// `interchange::import`), [`NewContact::cleaned`] leaves them empty.
    pub(crate) sensitive: SensitiveValues,
    /// Whether the record says the person objects to direct marketing
    /// (an import's opt-out column); only an import sets it and acts on it.
    pub(crate) objects_to_marketing: bool,
}

impl NewContact {
    /// Checks every ordinary field, custom ones against `defs`, and reads
    /// the phones by `phones`; one clear error for the first bad field.
    pub(crate) fn cleaned(&self, defs: &[CustomField], phones: PhoneRules) -> Result<CleanContact> {
        let name = clean_name(&self.name)?;
        let emails = clean_emails(&self.emails)?;
        let (phones, phone_forms) = clean_phones_with(&self.phones, phones)?;
        Ok(CleanContact {
            name,
            emails,
            phones,
            phone_forms,
            company: clean_optional("company", self.company.as_deref(), MAX_SHORT_FIELD)?,
            title: clean_optional("title", self.title.as_deref(), MAX_SHORT_FIELD)?,
            source: clean_optional("source", self.source.as_deref(), MAX_SHORT_FIELD)?,
            address: self.address.cleaned()?,
            tags: clean_tags(&self.tags)?,
            notes: clean_optional("notes", self.notes.as_deref(), MAX_NOTES)?,
            custom: custom::clean_values(defs, &self.custom)?,
            sensitive: SensitiveValues::default(),
            objects_to_marketing: false,
        })
    }
}

fn clean_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut tags = clean_list("tag", tags)?;
    // One tag however it is spelt (`ȘCOALĂ`, `şcoală`, `scoala`): the
    // first spelling given stays.
    tags.sort_by_cached_key(|t| collation::fold(t));
    tags.dedup_by(|a, b| collation::fold(a) == collation::fold(b));
    Ok(tags)
}

impl CleanContact {
    /// The search index entry: the name as title; e-mails, phones' digits
    /// (as written, and their international and national forms), company,
    /// title, city, country, tags and notes as body.
    pub(crate) fn index_body(&self) -> String {
        let mut phones: Vec<String> = Vec::with_capacity(self.phones.len() * 3);
        for (raw, form) in self.phones.iter().zip(&self.phone_forms) {
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            let forms = form
                .e164
                .as_deref()
                .map(crate::phone::search_forms)
                .unwrap_or_default();
            for f in std::iter::once(digits).chain(forms) {
                if !phones.contains(&f) {
                    phones.push(f);
                }
            }
        }
        crate::search::index::body(
            self.emails
                .iter()
                .map(String::as_str)
                .chain(phones.iter().map(String::as_str))
                .chain(self.company.as_deref())
                .chain(self.title.as_deref())
                .chain(self.address.city.as_deref())
                .chain(self.address.country.as_deref())
                .chain(self.tags.iter().map(String::as_str))
                .chain(self.custom.values().map(String::as_str))
                .chain(self.notes.as_deref()),
        )
    }
}

/// Inserts a validated contact with its lists, tags and index entry, in the
/// caller's transaction. Used by [`Session::add_contact`]; an import keeps
/// one [`ContactInserts`] for all its rows.
pub(crate) fn insert_contact(
    tx: &Transaction<'_>,
    owner_id: i64,
    c: &CleanContact,
    company_id: Option<i64>,
    now: &str,
) -> Result<i64> {
    ContactInserts::new(tx)?.insert(tx, owner_id, c, None, company_id, now, None, None)
}

/// The statements that insert a contact, its e-mails, its phones and its
/// search entry, prepared once and kept for as many contacts as the caller
/// writes: an import reuses them for every row rather than looking each up
/// in the connection's statement cache four times a contact.
pub(crate) struct ContactInserts<'c> {
    contact: rusqlite::CachedStatement<'c>,
    /// The vault's language, read once: it decides every name's sort key.
    language: crate::language::Language,
    email: rusqlite::CachedStatement<'c>,
    phone: rusqlite::CachedStatement<'c>,
    entry: rusqlite::CachedStatement<'c>,
}

impl<'c> ContactInserts<'c> {
    pub(crate) fn new(tx: &'c Transaction<'_>) -> Result<Self> {
        Ok(ContactInserts {
            contact: tx.prepare_cached(
                "INSERT INTO contacts (name, company, title, source, street, city, postal_code, region, country,
                                       notes, owner_id, import_id, created_at, updated_at, company_id,
                                       sort_key, folded_name)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15, ?16)",
            )?,
            language: super::sort_keys::language(tx)?,
            email: tx.prepare_cached(List::Emails.insert_sql())?,
            phone: tx.prepare_cached(fields::INSERT_PHONE)?,
            entry: tx.prepare_cached(search::index::INSERT)?,
        })
    }

    /// Inserts `c` as [`insert_contact`] does. `body` and `keys` are the
    /// entry's body and the stored keys when the caller has made them
    /// already (an import makes them on its reading thread): they must be
    /// `c.index_body()` and `ContactKeys::new(…, &c.name, &c.emails)`; keys
    /// made for another language than the vault's are made anew.
    #[allow(
        clippy::too_many_arguments,
        reason = "one contact's row and its context"
    )]
    pub(crate) fn insert(
        &mut self,
        tx: &Transaction<'_>,
        owner_id: i64,
        c: &CleanContact,
        import_id: Option<i64>,
        company_id: Option<i64>,
        now: &str,
        body: Option<&str>,
        keys: Option<&ContactKeys>,
    ) -> Result<i64> {
        let made;
        let keys = match keys {
            Some(keys) if keys.language == self.language => keys,
            _ => {
                made = ContactKeys::new(self.language, &c.name, &c.emails);
                &made
            }
        };
        self.contact.execute(params![
            c.name,
            c.company,
            c.title,
            c.source,
            c.address.street,
            c.address.city,
            c.address.postal_code,
            c.address.region,
            c.address.country,
            c.notes,
            owner_id,
            import_id,
            now,
            company_id,
            keys.sort_key,
            keys.folded_name
        ])?;
        let id = tx.last_insert_rowid();
        for (position, (email, folded)) in c.emails.iter().zip(&keys.folded_emails).enumerate() {
            self.email.execute(params![
                id,
                i64::try_from(position).unwrap_or(i64::MAX),
                email,
                folded
            ])?;
        }
        for (position, (phone, form)) in c.phones.iter().zip(&c.phone_forms).enumerate() {
            self.phone.execute(params![
                id,
                i64::try_from(position).unwrap_or(i64::MAX),
                phone,
                form.e164,
                form.flag.map(PhoneFlag::as_str)
            ])?;
        }
        if !c.tags.is_empty() {
            write_tags(tx, id, &c.tags, false)?;
        }
        if !c.custom.is_empty() {
            custom::write_values(tx, id, &c.custom, false)?;
        }
        // Never indexed: `index_body` reads ordinary fields only.
        write_sensitive(tx, id, &c.sensitive)?;
        let rowid = Kind::Contact.rowid(id);
        match body {
            Some(body) => self.entry.execute(params![rowid, c.name, body])?,
            None => self.entry.execute(params![rowid, c.name, c.index_body()])?,
        };
        Ok(id)
    }
}

/// Writes contact `id`'s search entry from its stored fields, in the
/// caller's transaction; `replace` removes the old entry first. The fields
/// were checked when they were written and are not checked again: a custom
/// field's definition changed since must not keep a record out of search.
pub(crate) fn index_contact(tx: &Transaction<'_>, id: i64, replace: bool) -> Result<()> {
    let c = Session::load_contact_from(tx, id)?;
    let stored = CleanContact {
        name: c.name,
        emails: c.emails,
        phones: c.phones,
        phone_forms: c.phone_forms,
        company: c.company,
        title: c.title,
        source: c.source,
        address: c.address,
        tags: c.tags,
        notes: c.notes,
        custom: c.custom,
        sensitive: SensitiveValues::default(),
        objects_to_marketing: false,
    };
    if replace {
        search::index::replace(tx, Kind::Contact, id, &stored.name, &stored.index_body())
    } else {
        search::index::insert(tx, Kind::Contact, id, &stored.name, &stored.index_body())
    }
}

/// Writes the search entry of every live contact, in the caller's
/// transaction, into an index that has none of them (a rebuilt index). One
/// query reads every contact with its lists, so this runs at import speed
/// rather than one contact's reads at a time.
pub(crate) fn index_all_contacts(tx: &Transaction<'_>) -> Result<()> {
    // Stored text has no control characters but line breaks and tabs
    // (`check_text`), so the unit and record separators split the lists.
    let split = |joined: Option<String>| -> Vec<String> {
        joined
            .map(|j| j.split('\u{1f}').map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let mut stmt = tx.prepare(
        "SELECT c.id, c.name, c.company, c.title, c.city, c.country, c.notes,
                (SELECT group_concat(email, char(31)) FROM contact_emails WHERE contact_id = c.id),
                (SELECT group_concat(phone || char(30) || ifnull(e164, ''), char(31))
                 FROM contact_phones WHERE contact_id = c.id),
                (SELECT group_concat(t.name, char(31)) FROM contact_tags ct
                 JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id),
                (SELECT group_concat(f.key || char(30) || v.value, char(31))
                 FROM contact_custom_values v JOIN custom_fields f ON f.id = v.field_id
                 WHERE v.contact_id = c.id)
         FROM contacts c WHERE c.deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let phones: Vec<(String, String)> = split(r.get(8)?)
            .into_iter()
            .map(|pe| match pe.split_once('\u{1e}') {
                Some((p, e)) => (p.to_owned(), e.to_owned()),
                None => (pe, String::new()),
            })
            .collect();
        let stored = CleanContact {
            name: r.get(1)?,
            company: r.get(2)?,
            title: r.get(3)?,
            source: None,
            address: Address {
                city: r.get(4)?,
                country: r.get(5)?,
                ..Address::default()
            },
            notes: r.get(6)?,
            emails: split(r.get(7)?),
            phones: phones.iter().map(|(p, _)| p.clone()).collect(),
            phone_forms: phones
                .into_iter()
                .map(|(_, e164)| Normalized {
                    e164: (!e164.is_empty()).then_some(e164),
                    flag: None,
                })
                .collect(),
            tags: split(r.get(9)?),
            custom: split(r.get(10)?)
                .into_iter()
                .filter_map(|kv| {
                    kv.split_once('\u{1e}')
                        .map(|(k, v)| (k.to_owned(), v.to_owned()))
                })
                .collect(),
            sensitive: SensitiveValues::default(),
            objects_to_marketing: false,
        };
        search::index::insert(tx, Kind::Contact, id, &stored.name, &stored.index_body())?;
    }
    Ok(())
}

/// Writes the contact row's own columns, linked to `company_id`.
fn write_contact_row(
    tx: &Transaction<'_>,
    id: i64,
    c: &CleanContact,
    company_id: Option<i64>,
    now: &str,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE contacts SET name = ?2, company = ?3, title = ?4, source = ?5, street = ?6, city = ?7,
                             postal_code = ?8, region = ?9, country = ?10, notes = ?11, updated_at = ?12,
                             company_id = ?13, sort_key = ?14, folded_name = ?15
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        c.name,
        c.company,
        c.title,
        c.source,
        c.address.street,
        c.address.city,
        c.address.postal_code,
        c.address.region,
        c.address.country,
        c.notes,
        now,
        company_id,
        collation::sort_key(super::sort_keys::language(tx)?, &c.name),
        collation::fold(&c.name)
    ])?;
    Ok(())
}

/// Replaces every ordinary field of contact `id` with `c`, its link with
/// `company_id`, and rewrites its search entry, in the caller's transaction
/// (import merges and undo, which link by their loaded
/// [`company_names::Companies`]).
pub(crate) fn overwrite_contact(
    tx: &Transaction<'_>,
    id: i64,
    c: &CleanContact,
    company_id: Option<i64>,
    now: &str,
) -> Result<()> {
    write_contact_row(tx, id, c, company_id, now)?;
    write_list(tx, List::Emails, id, &c.emails, true)?;
    write_phones(tx, id, &c.phones, &c.phone_forms, true)?;
    write_tags(tx, id, &c.tags, true)?;
    custom::write_values(tx, id, &c.custom, true)?;
    search::index::replace(tx, Kind::Contact, id, &c.name, &c.index_body())
}

fn write_tags(tx: &Transaction<'_>, id: i64, tags: &[String], replace: bool) -> Result<()> {
    if replace {
        tx.prepare_cached("DELETE FROM contact_tags WHERE contact_id = ?1")?
            .execute([id])?;
    }
    for tag in tags {
        let tag_id = super::sort_keys::tag_id(tx, tag)?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) VALUES (?1, ?2)",
        )?
        .execute(params![id, tag_id])?;
    }
    Ok(())
}

/// Checks one tag as a contact's tags are checked.
pub(crate) fn clean_tag(tag: &str) -> Result<String> {
    clean_tags(&[tag.to_owned()])?
        .into_iter()
        .next()
        .ok_or_else(|| {
            crate::error::Invalid::new("required", "the tag is empty")
                .with("field", "tag")
                .into()
        })
}

/// Adds (`on`) or removes tag `tag` on contact `id` and rewrites its search
/// entry, in the caller's transaction; whether anything changed. The one
/// writer of a single tag, for changes to many contacts at once.
pub(crate) fn set_tag(
    tx: &Transaction<'_>,
    id: i64,
    tag: &str,
    on: bool,
    now: &str,
) -> Result<bool> {
    let changed = if on {
        let tag_id = super::sort_keys::tag_id(tx, tag)?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) VALUES (?1, ?2)",
        )?
        .execute(params![id, tag_id])?
    } else {
        tx.prepare_cached(
            "DELETE FROM contact_tags WHERE contact_id = ?1
             AND tag_id IN (SELECT id FROM tags WHERE folded = ?2)",
        )?
        .execute(params![id, collation::fold(tag)])?
    };
    if changed == 0 {
        return Ok(false);
    }
    tx.prepare_cached("UPDATE contacts SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    index_contact(tx, id, true)?;
    Ok(true)
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
        let rules = PhoneRules {
            country: default_country(&self.conn)?,
            lenient: false,
        };
        let clean = new.cleaned(&custom::definitions(&self.conn)?, rules)?;
        let sensitive = clean_sensitive(&new.sensitive)?;
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let company_id = match &clean.company {
            Some(name) => company_names::find(&tx, name)?,
            None => None,
        };
        let id = insert_contact(&tx, self.user.id, &clean, company_id, &now)?;
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
    /// [`Error::PermissionDenied`] without `contacts.read`; [`Error::NotFound`]
    /// (also for a contact in the recycle bin).
    pub fn get_contact(&self, id: i64) -> Result<Contact> {
        self.authorize(
            Permission::ContactsRead,
            "contact.view",
            Some(Target::contact(id)),
        )?;
        let contact = self.load_contact(id)?;
        if !self.can(Permission::RightsManage) {
            let restricted: bool = self.conn.query_row(
                "SELECT restricted_at IS NOT NULL FROM contacts WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            if restricted {
                return Err(not_found(id));
            }
        }
        self.record(&Event::allowed("contact.view", Some(Target::contact(id))))?;
        self.check_scraping()?;
        Ok(contact)
    }

    /// Reads a live contact without recording a view.
    pub(crate) fn load_contact(&self, id: i64) -> Result<Contact> {
        self.contact_owner(id)?;
        Self::load_contact_from(&self.conn, id)
    }

    /// [`Session::load_contact`] on a given connection or transaction.
    pub(crate) fn load_contact_from(conn: &rusqlite::Connection, id: i64) -> Result<Contact> {
        let read_list = |sql: &str| -> Result<Vec<String>> {
            let mut stmt = conn.prepare_cached(sql)?;
            let rows = stmt.query_map([id], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let mut contact = conn
            .prepare_cached(
                "SELECT c.id, c.name, c.company, c.title, c.source, c.street, c.city, c.postal_code,
                        c.region, c.country, c.notes, c.owner_id, c.created_at, c.updated_at,
                        s.date_of_birth IS NOT NULL, s.national_id IS NOT NULL, s.special_notes IS NOT NULL,
                        c.company_id
                 FROM contacts c LEFT JOIN contact_sensitive s ON s.contact_id = c.id
                 WHERE c.id = ?1 AND c.deleted_at IS NULL",
            )?
            .query_row([id], |r| {
                Ok(Contact {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    emails: Vec::new(),
                    phones: Vec::new(),
                    phone_forms: Vec::new(),
                    company: r.get(2)?,
                    title: r.get(3)?,
                    source: r.get(4)?,
                    address: Address {
                        street: r.get(5)?,
                        city: r.get(6)?,
                        postal_code: r.get(7)?,
                        region: r.get(8)?,
                        country: r.get(9)?,
                    },
                    tags: Vec::new(),
                    notes: r.get(10)?,
                    custom: CustomValues::new(),
                    company_id: r.get(17)?,
                    owner_id: r.get(11)?,
                    created_at: r.get(12)?,
                    updated_at: r.get(13)?,
                    sensitive: SensitivePresence {
                        date_of_birth: r.get(14)?,
                        national_id: r.get(15)?,
                        special_notes: r.get(16)?,
                    },
                })
            })
            .optional()?
            .ok_or_else(|| not_found(id))?;
        contact.emails =
            read_list("SELECT email FROM contact_emails WHERE contact_id = ?1 ORDER BY position")?;
        let mut stmt = conn.prepare_cached(
            "SELECT phone, e164, flag FROM contact_phones WHERE contact_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Normalized {
                    e164: r.get(1)?,
                    flag: r
                        .get::<_, Option<String>>(2)?
                        .as_deref()
                        .and_then(PhoneFlag::from_name),
                },
            ))
        })?;
        for row in rows {
            let (phone, form) = row?;
            contact.phones.push(phone);
            contact.phone_forms.push(form);
        }
        contact.tags = read_list(
            "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
             WHERE ct.contact_id = ?1 ORDER BY t.sort_key, t.id",
        )?;
        contact.custom = custom::read_values(conn, id)?;
        Ok(contact)
    }

    /// The owner of a live contact. A restricted contact (a data-subject
    /// request) does not exist for roles that do not handle requests: they
    /// can neither read nor change nor use it.
    pub(crate) fn contact_owner(&self, id: i64) -> Result<i64> {
        let (owner, restricted): (i64, bool) = self
            .conn
            .prepare_cached(
                "SELECT owner_id, restricted_at IS NOT NULL FROM contacts
                 WHERE id = ?1 AND deleted_at IS NULL",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| not_found(id))?;
        if restricted && !self.can(Permission::RightsManage) {
            return Err(not_found(id));
        }
        Ok(owner)
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
        self.authorize_record_change(
            Target::contact(id),
            old.owner_id == self.user.id,
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
        // The patched contact, validated as a whole.
        let merged = NewContact {
            name: patch.name.clone().unwrap_or_else(|| old.name.clone()),
            emails: patch.emails.clone().unwrap_or_else(|| old.emails.clone()),
            phones: patch.phones.clone().unwrap_or_else(|| old.phones.clone()),
            company: patch.company.clone().or_else(|| old.company.clone()),
            title: patch.title.clone().or_else(|| old.title.clone()),
            source: patch.source.clone().or_else(|| old.source.clone()),
            address: patch.address.clone().unwrap_or_else(|| old.address.clone()),
            tags: patch.tags.clone().unwrap_or_else(|| old.tags.clone()),
            notes: patch.notes.clone().or_else(|| old.notes.clone()),
            custom: {
                let mut custom = old.custom.clone();
                custom.extend(patch.custom.clone().unwrap_or_default());
                custom
            },
            sensitive: SensitiveValues::default(),
        };
        let rules = PhoneRules {
            country: default_country(&self.conn)?,
            lenient: false,
        };
        let new = merged.cleaned(&custom::definitions(&self.conn)?, rules)?;
        let sensitive = clean_sensitive(&patch.sensitive)?;

        let mut changed: Vec<&str> = Vec::new();
        for (field, differs) in [
            ("name", new.name != old.name),
            ("emails", new.emails != old.emails),
            ("phones", new.phones != old.phones),
            ("company", new.company != old.company),
            ("title", new.title != old.title),
            ("source", new.source != old.source),
            ("address", new.address != old.address),
            ("tags", new.tags != old.tags),
            ("notes", new.notes != old.notes),
            ("custom", new.custom != old.custom),
        ] {
            if differs {
                changed.push(field);
            }
        }
        changed.extend(changed_sensitive_fields(&sensitive));
        if changed.is_empty() {
            return Ok(old);
        }

        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let company_id = match &new.company {
            Some(name) => company_names::find(&tx, name)?,
            None => None,
        };
        write_contact_row(&tx, id, &new, company_id, &now)?;
        if new.emails != old.emails {
            write_list(&tx, List::Emails, id, &new.emails, true)?;
        }
        if new.phones != old.phones {
            write_phones(&tx, id, &new.phones, &new.phone_forms, true)?;
        }
        if new.tags != old.tags {
            write_tags(&tx, id, &new.tags, true)?;
        }
        if new.custom != old.custom {
            custom::write_values(&tx, id, &new.custom, true)?;
        }
        write_sensitive(&tx, id, &sensitive)?;
        let ordinary_changed = changed.iter().any(|f| !f.contains('-'));
        if ordinary_changed {
            search::index::replace(&tx, Kind::Contact, id, &new.name, &new.index_body())?;
        }
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
        let owner_id = crate::auth::enabled_user_id(&self.conn, new_owner)?;
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Language;

    #[test]
    fn keys_made_for_another_language_are_made_anew_in_the_vaults() {
        #[allow(
            clippy::disallowed_methods,
            reason = "a scratch database of one made-up contact"
        )]
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::db::migrate(&mut conn, crate::records::reindex::after_migration).unwrap();
        conn.execute(
            "INSERT INTO users (id, name, role, created_at) VALUES (1, 'ana', 'owner', 'now')",
            [],
        )
        .unwrap();
        crate::db::put_setting(&conn, crate::locale::VAULT_KEY, Language::Ro.as_str()).unwrap();
        let tx = conn.transaction().unwrap();
        let c = NewContact {
            name: "Ştefan Sz".into(),
            emails: vec!["ŞTEFAN@exemplu.ro".into()],
            ..NewContact::default()
        }
        .cleaned(&[], PhoneRules::default())
        .unwrap();
        // Made on a reading thread before the language became Romanian.
        let stale = ContactKeys::new(Language::En, &c.name, &c.emails);
        let id = ContactInserts::new(&tx)
            .unwrap()
            .insert(&tx, 1, &c, None, None, "now", None, Some(&stale))
            .unwrap();
        let (key, folded): (Vec<u8>, String) = tx
            .query_row(
                "SELECT c.sort_key, e.folded FROM contacts c
                 JOIN contact_emails e ON e.contact_id = c.id WHERE c.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(key, collation::sort_key(Language::Ro, "Ştefan Sz"));
        assert_ne!(key, stale.sort_key);
        assert_eq!(folded, "stefan@exemplu.ro");
    }
}
