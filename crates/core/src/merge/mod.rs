//! Merging two contacts that are one person, and undoing it.
//!
//! A merge keeps one contact and moves the other to the recycle bin, in one
//! transaction with one audit entry. The kept contact takes each ordinary
//! field from itself or from the other as chosen, every e-mail, phone, tag
//! and custom value of both, and the other's activities, tasks, deals, files,
//! consent events, data-subject requests and export records. Consent
//! history is evidence: events move whole, none is changed; where the
//! other record's stricter answer (a refusal or withdrawal) would end up
//! behind a consent, the merge adds an event restating it
//! (`consent::state::stricter`). A restriction or an objection on either
//! holds for the kept one.
//!
//! What moved is stored (`contact_merges`), so the merge can be undone
//! while the merged contact is in the recycle bin: both come back as they
//! were. The module sits above `consent`, whose rule it uses.

mod duplicates;

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

pub use self::duplicates::{
    DuplicateContact, DuplicateGroup, GROUP_PAGE, MatchKind, MatchReason, name_key,
};
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::consent::state::{self, Recorded};
use crate::phone::{Normalized, PhoneFlag};
use crate::records::contacts::{self, Contact, MAX_LIST_ITEMS};
use crate::records::recycle_bin::{self, RecordKind};
use crate::{Error, Result};

/// An ordinary field the kept contact may take from the other.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MergeField {
    /// The name.
    Name,
    /// The company name, with its link to a company record.
    Company,
    /// The job title.
    Title,
    /// The source.
    Source,
    /// The street.
    Street,
    /// The city.
    City,
    /// The postal code.
    PostalCode,
    /// The region.
    Region,
    /// The country.
    Country,
    /// The notes.
    Notes,
    /// The owner.
    Owner,
    /// A custom field, by key (the other's value, also when the kept
    /// contact has one).
    Custom(String),
}

impl MergeField {
    /// Every field but the custom ones, in the order a merge screen shows them.
    pub const FIXED: [MergeField; 11] = [
        MergeField::Name,
        MergeField::Company,
        MergeField::Title,
        MergeField::Source,
        MergeField::Street,
        MergeField::City,
        MergeField::PostalCode,
        MergeField::Region,
        MergeField::Country,
        MergeField::Notes,
        MergeField::Owner,
    ];

    /// The stable name: `name`, `postal-code`, `custom.KEY`, ….
    pub fn name(&self) -> String {
        match self {
            MergeField::Name => "name".into(),
            MergeField::Company => "company".into(),
            MergeField::Title => "title".into(),
            MergeField::Source => "source".into(),
            MergeField::Street => "street".into(),
            MergeField::City => "city".into(),
            MergeField::PostalCode => "postal-code".into(),
            MergeField::Region => "region".into(),
            MergeField::Country => "country".into(),
            MergeField::Notes => "notes".into(),
            MergeField::Owner => "owner".into(),
            MergeField::Custom(key) => format!("custom.{key}"),
        }
    }
}

impl std::str::FromStr for MergeField {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        if let Some(key) = s.strip_prefix("custom.") {
            return Ok(MergeField::Custom(key.to_owned()));
        }
        MergeField::FIXED
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                Error::from(
                    crate::Invalid::new(
                        "value-not-allowed",
                        format!(
                            "unknown field {s:?}; use name, company, title, source, street, city, \
                     postal-code, region, country, notes, owner or custom.KEY"
                        ),
                    )
                    .with("field", "merge field"),
                )
            })
    }
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeOutcome {
    /// The merge, for the record.
    pub merge_id: i64,
    /// The kept contact as it is now.
    pub contact: Contact,
    /// The contact merged into it, now in the recycle bin.
    pub merged_id: i64,
    /// How many activities, tasks, deals and consent events moved.
    pub moved: MovedCounts,
    /// The purposes whose stricter answer on one record the merge restated
    /// on the kept one, by key.
    pub restated: Vec<String>,
}

/// How many rows moved onto the kept contact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MovedCounts {
    /// Activities.
    pub activities: usize,
    /// Tasks.
    pub tasks: usize,
    /// Deals.
    pub deals: usize,
    /// Consent events.
    pub consents: usize,
    /// Data-subject requests.
    pub requests: usize,
}

/// A merge that can still be undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeInfo {
    /// The merge.
    pub id: i64,
    /// The kept contact.
    pub kept_id: i64,
    /// The merged contact (in the recycle bin).
    pub merged_id: i64,
    /// When (RFC 3339).
    pub at: String,
}

/// The kept contact before a merge and the ids of what moved onto it:
/// everything an undo needs (the `moved` column, JSON).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Saved {
    name: String,
    company: Option<String>,
    company_id: Option<i64>,
    title: Option<String>,
    source: Option<String>,
    street: Option<String>,
    city: Option<String>,
    postal_code: Option<String>,
    region: Option<String>,
    country: Option<String>,
    notes: Option<String>,
    owner_id: i64,
    updated_at: String,
    emails: Vec<String>,
    /// As written, E.164 form, flag.
    phones: Vec<(String, Option<String>, Option<String>)>,
    tags: Vec<String>,
    custom: BTreeMap<String, String>,
    /// The sensitive row (date of birth, national id, special notes), when
    /// there was one.
    sensitive: Option<(Option<String>, Option<String>, Option<String>)>,
    restricted_at: Option<String>,
    objected_at: Option<String>,
    /// The flags as the merge set them: an undo puts the old ones back only
    /// if nobody changed them since.
    merged_restricted_at: Option<String>,
    merged_objected_at: Option<String>,
    activities: Vec<i64>,
    tasks: Vec<i64>,
    deals: Vec<i64>,
    consents: Vec<i64>,
    requests: Vec<i64>,
    exports: Vec<i64>,
    /// Files on the other contact (absent in merges saved before files
    /// existed).
    #[serde(default)]
    attachments: Vec<i64>,
    /// Consent events the merge added.
    restated: Vec<i64>,
}

fn saved_from(c: &Contact) -> Saved {
    Saved {
        name: c.name.clone(),
        company: c.company.clone(),
        company_id: c.company_id,
        title: c.title.clone(),
        source: c.source.clone(),
        street: c.address.street.clone(),
        city: c.address.city.clone(),
        postal_code: c.address.postal_code.clone(),
        region: c.address.region.clone(),
        country: c.address.country.clone(),
        notes: c.notes.clone(),
        owner_id: c.owner_id,
        updated_at: c.updated_at.clone(),
        emails: c.emails.clone(),
        phones: c
            .phones
            .iter()
            .zip(&c.phone_forms)
            .map(|(p, f)| {
                (
                    p.clone(),
                    f.e164.clone(),
                    f.flag.map(|fl| fl.as_str().to_owned()),
                )
            })
            .collect(),
        tags: c.tags.clone(),
        custom: c.custom.clone(),
        ..Saved::default()
    }
}

/// The ids of `table`'s rows on contact `id`.
fn ids_on(tx: &Transaction<'_>, table: &str, column: &str, id: i64) -> Result<Vec<i64>> {
    let mut stmt = tx.prepare(&format!(
        "SELECT {column} FROM {table} WHERE contact_id = ?1 ORDER BY {column}"
    ))?;
    let ids = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Moves rows `ids` of `table` from contact `from` to contact `to`.
fn move_rows(
    tx: &Transaction<'_>,
    table: &str,
    column: &str,
    ids: &[i64],
    from: i64,
    to: i64,
) -> Result<()> {
    let mut stmt = tx.prepare(&format!(
        "UPDATE {table} SET contact_id = ?3 WHERE {column} = ?1 AND contact_id = ?2"
    ))?;
    for id in ids {
        stmt.execute(params![id, from, to])?;
    }
    Ok(())
}

/// The latest consent event of each purpose on contact `id`: purpose →
/// (event id, state, method).
fn latest_consents(
    tx: &Transaction<'_>,
    id: i64,
) -> Result<BTreeMap<i64, (i64, Recorded, String)>> {
    let mut stmt = tx.prepare(
        "SELECT k.purpose_id, k.id, k.state, k.method FROM consents k
         WHERE k.contact_id = ?1
           AND k.id = (SELECT max(id) FROM consents WHERE contact_id = ?1 AND purpose_id = k.purpose_id)",
    )?;
    let mut out = BTreeMap::new();
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        let recorded: String = r.get(2)?;
        if let Some(recorded) = Recorded::parse(&recorded) {
            out.insert(r.get(0)?, (r.get(1)?, recorded, r.get(3)?));
        }
    }
    Ok(out)
}

/// The two flags of a contact: restricted since, objected since.
fn flags(tx: &Transaction<'_>, id: i64) -> Result<(Option<String>, Option<String>)> {
    Ok(tx.query_row(
        "SELECT restricted_at, objected_at FROM contacts WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

type SensitiveRow = (Option<String>, Option<String>, Option<String>);

fn sensitive_row(tx: &Transaction<'_>, id: i64) -> Result<Option<SensitiveRow>> {
    Ok(tx
        .query_row(
            "SELECT date_of_birth, national_id, special_notes FROM contact_sensitive
             WHERE contact_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

fn write_sensitive_row(tx: &Transaction<'_>, id: i64, row: Option<&SensitiveRow>) -> Result<()> {
    tx.execute("DELETE FROM contact_sensitive WHERE contact_id = ?1", [id])?;
    if let Some((dob, national, notes)) = row {
        tx.execute(
            "INSERT INTO contact_sensitive (contact_id, date_of_birth, national_id, special_notes)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, dob, national, notes],
        )?;
    }
    Ok(())
}

/// The earlier of two optional times.
fn earliest(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Writes a contact's ordinary fields, lists and search entry from `s`.
fn write_saved(tx: &Transaction<'_>, id: i64, s: &Saved, updated_at: &str) -> Result<()> {
    let clean = contacts::CleanContact {
        name: s.name.clone(),
        emails: s.emails.clone(),
        phones: s.phones.iter().map(|p| p.0.clone()).collect(),
        phone_forms: s
            .phones
            .iter()
            .map(|p| Normalized {
                e164: p.1.clone(),
                flag: p.2.as_deref().and_then(PhoneFlag::from_name),
            })
            .collect(),
        company: s.company.clone(),
        title: s.title.clone(),
        source: s.source.clone(),
        address: contacts::Address {
            street: s.street.clone(),
            city: s.city.clone(),
            postal_code: s.postal_code.clone(),
            region: s.region.clone(),
            country: s.country.clone(),
        },
        tags: s.tags.clone(),
        notes: s.notes.clone(),
        custom: s.custom.clone(),
        sensitive: contacts::SensitiveValues::default(),
        objects_to_marketing: false,
    };
    contacts::overwrite_contact(tx, id, &clean, s.company_id, updated_at)?;
    tx.execute(
        "UPDATE contacts SET owner_id = ?2 WHERE id = ?1",
        params![id, s.owner_id],
    )?;
    Ok(())
}

/// The fields of the merged contact: `keep`'s, with those in `take` from
/// `other`; every e-mail, phone and tag of both (the kept contact's
/// first); every custom value (the kept contact's where both have one,
/// unless taken).
fn combined(keep: &Saved, other: &Saved, take: &[MergeField]) -> Result<Saved> {
    let mut m = keep.clone();
    for field in take {
        match field {
            MergeField::Name => m.name.clone_from(&other.name),
            MergeField::Company => {
                m.company.clone_from(&other.company);
                m.company_id = other.company_id;
            }
            MergeField::Title => m.title.clone_from(&other.title),
            MergeField::Source => m.source.clone_from(&other.source),
            MergeField::Street => m.street.clone_from(&other.street),
            MergeField::City => m.city.clone_from(&other.city),
            MergeField::PostalCode => m.postal_code.clone_from(&other.postal_code),
            MergeField::Region => m.region.clone_from(&other.region),
            MergeField::Country => m.country.clone_from(&other.country),
            MergeField::Notes => m.notes.clone_from(&other.notes),
            MergeField::Owner => m.owner_id = other.owner_id,
            MergeField::Custom(key) => match other.custom.get(key) {
                Some(v) => {
                    m.custom.insert(key.clone(), v.clone());
                }
                None => {
                    m.custom.remove(key);
                }
            },
        }
    }
    for e in &other.emails {
        if !m
            .emails
            .iter()
            .any(|k| k.eq_ignore_ascii_case(e) || k.to_lowercase() == e.to_lowercase())
        {
            m.emails.push(e.clone());
        }
    }
    for p in &other.phones {
        let same = |k: &(String, Option<String>, Option<String>)| match (&k.1, &p.1) {
            (Some(a), Some(b)) => a == b,
            _ => k.0 == p.0,
        };
        if !m.phones.iter().any(same) {
            m.phones.push(p.clone());
        }
    }
    for t in &other.tags {
        if !m.tags.iter().any(|k| k.to_lowercase() == t.to_lowercase()) {
            m.tags.push(t.clone());
        }
    }
    m.tags.sort_by_key(|t| t.to_lowercase());
    for (k, v) in &other.custom {
        m.custom.entry(k.clone()).or_insert_with(|| v.clone());
    }
    for (label, n) in [
        ("e-mail", m.emails.len()),
        ("phone", m.phones.len()),
        ("tag", m.tags.len()),
    ] {
        if n > MAX_LIST_ITEMS {
            return Err(crate::error::Invalid::new(
                "merge-too-many",
                format!(
                    "the merged contact would have {n} of each {label}, more than {MAX_LIST_ITEMS}; \
                     remove some from one of them first"
                ),
            )
            .with("field", label)
            .with("limit", MAX_LIST_ITEMS)
            .into());
        }
    }
    Ok(m)
}

impl Session {
    /// A merge and its undo change the kept contact and delete (or bring
    /// back) the other: edit rights on the one, delete rights on the other,
    /// each own or any by who owns it; refusals recorded as `action`.
    fn authorize_merge(
        &self,
        keep: i64,
        keep_owner: i64,
        other: i64,
        other_owner: i64,
        action: &'static str,
    ) -> Result<()> {
        self.authorize_record_change(
            Target::contact(keep),
            keep_owner == self.user.id,
            Permission::ContactsEditOwn,
            Permission::ContactsEditAny,
            action,
        )?;
        self.authorize_record_change(
            Target::contact(other),
            other_owner == self.user.id,
            Permission::ContactsDeleteOwn,
            Permission::ContactsDeleteAny,
            action,
        )
    }

    /// Merges contact `other` into contact `keep`, taking the fields in
    /// `take` from `other` and everything else from `keep` (see the
    /// module). One transaction and one audit entry (`contact.merge`,
    /// naming both ids, the fields taken and how many rows moved; no
    /// values). A restricted contact may be merged by a role that handles
    /// data-subject requests (the others do not see it): the restriction
    /// then holds for the kept contact, which is what the person asked for.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may edit `keep` and
    /// delete `other` (any, or its own); taking the owner of `other` also
    /// needs `contacts.edit-any`. [`Error::NotFound`] when either is not a
    /// live contact this user sees (in the recycle bin, erased, never
    /// there). [`Error::InvalidInput`] for a contact merged with itself, an
    /// unknown custom field, or more than [`MAX_LIST_ITEMS`] e-mails,
    /// phones or tags together.
    pub fn merge_contacts(
        &mut self,
        keep: i64,
        other: i64,
        take: &[MergeField],
    ) -> Result<MergeOutcome> {
        let action = "contact.merge";
        self.authorize(
            Permission::ContactsRead,
            action,
            Some(Target::contact(keep)),
        )?;
        if keep == other {
            return Err(crate::error::Invalid::new(
                "merge-self",
                "a contact cannot be merged with itself",
            )
            .into());
        }
        let keep_owner = self.contact_owner(keep)?;
        let other_owner = self.contact_owner(other)?;
        self.authorize_merge(keep, keep_owner, other, other_owner, action)?;
        if take.contains(&MergeField::Owner) && keep_owner != other_owner {
            self.authorize(
                Permission::ContactsEditAny,
                action,
                Some(Target::contact(keep)),
            )?;
        }
        let known: Vec<String> = contacts::custom::definitions(&self.conn)?
            .into_iter()
            .map(|d| d.key)
            .collect();
        for field in take {
            if let MergeField::Custom(key) = field
                && !known.contains(key)
            {
                return Err(Error::NotFound {
                    entity: "custom field",
                    id: key.clone(),
                });
            }
        }

        let now = crate::clock::now_rfc3339();
        let user_id = self.user.id;
        let hash_key = &self.keys.identifier_hash;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let k = Session::load_contact_from(&tx, keep)?;
        let o = Session::load_contact_from(&tx, other)?;
        let mut saved = saved_from(&k);
        let theirs = saved_from(&o);
        let mut merged = combined(&saved, &theirs, take)?;

        // What the other record holds moves; consent events whole.
        let before_keep = latest_consents(&tx, keep)?;
        let before_other = latest_consents(&tx, other)?;
        saved.activities = ids_on(&tx, "activities", "id", other)?;
        saved.tasks = ids_on(&tx, "tasks", "id", other)?;
        saved.deals = ids_on(&tx, "deals", "id", other)?;
        saved.consents = ids_on(&tx, "consents", "id", other)?;
        saved.requests = ids_on(&tx, "dsr_requests", "id", other)?;
        saved.exports = ids_on(&tx, "export_log", "audit_seq", other)?;
        saved.attachments = ids_on(&tx, "attachments", "id", other)?;
        // An export that held both keeps its row on the other: the kept
        // contact already has one for it.
        let keep_exports = ids_on(&tx, "export_log", "audit_seq", keep)?;
        saved.exports.retain(|seq| !keep_exports.contains(seq));
        for (table, column, ids) in [
            ("activities", "id", &saved.activities),
            ("tasks", "id", &saved.tasks),
            ("deals", "id", &saved.deals),
            ("consents", "id", &saved.consents),
            ("dsr_requests", "id", &saved.requests),
            ("export_log", "audit_seq", &saved.exports),
            ("attachments", "id", &saved.attachments),
        ] {
            move_rows(&tx, table, column, ids, other, keep)?;
        }

        // The stricter answer wins: where the latest event is now a consent
        // and either record's latest was a refusal or a withdrawal, that
        // answer is restated as the newest event.
        let after = latest_consents(&tx, keep)?;
        let mut restated_purposes = Vec::new();
        for (purpose, (_, now_state, _)) in &after {
            let strict = [before_keep.get(purpose), before_other.get(purpose)]
                .into_iter()
                .flatten()
                .filter(|(_, r, _)| state::stricter(*r, *now_state))
                .max_by_key(|(id, _, _)| *id);
            if let Some((source, recorded, method)) = strict {
                tx.execute(
                    "INSERT INTO consents (contact_id, purpose_id, state, at, captured_by, method, evidence)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        keep,
                        purpose,
                        recorded.as_str(),
                        now,
                        user_id,
                        method,
                        format!(
                            "Restated when contact {other} was merged into contact {keep}: \
                             consent event {source}"
                        )
                    ],
                )?;
                saved.restated.push(tx.last_insert_rowid());
                restated_purposes.push(*purpose);
            }
        }

        // A restriction or an objection on either holds for the kept one.
        let (kr, ko) = flags(&tx, keep)?;
        let (or, oo) = flags(&tx, other)?;
        saved.restricted_at.clone_from(&kr);
        saved.objected_at.clone_from(&ko);
        merged.merged_restricted_at = earliest(kr, or);
        merged.merged_objected_at = earliest(ko, oo);
        saved
            .merged_restricted_at
            .clone_from(&merged.merged_restricted_at);
        saved
            .merged_objected_at
            .clone_from(&merged.merged_objected_at);

        // Sensitive values: the kept contact's, the other's where it has none.
        let ks = sensitive_row(&tx, keep)?;
        let os = sensitive_row(&tx, other)?;
        saved.sensitive.clone_from(&ks);
        let merged_sensitive = match (&ks, &os) {
            (Some(k), Some(o)) => Some((
                k.0.clone().or_else(|| o.0.clone()),
                k.1.clone().or_else(|| o.1.clone()),
                k.2.clone().or_else(|| o.2.clone()),
            )),
            (k, o) => k.clone().or_else(|| o.clone()),
        };

        write_saved(&tx, keep, &merged, &now)?;
        write_sensitive_row(&tx, keep, merged_sensitive.as_ref())?;
        tx.execute(
            "UPDATE contacts SET restricted_at = ?2, objected_at = ?3 WHERE id = ?1",
            params![keep, merged.merged_restricted_at, merged.merged_objected_at],
        )?;
        if merged.merged_objected_at.is_some() {
            // The other's e-mails and phones are the kept contact's now:
            // an objection suppresses them too.
            crate::rights::record_objection(&tx, hash_key, keep, &now)?;
        }
        recycle_bin::soft_delete(&tx, RecordKind::Contact, other, &now)?;
        tx.execute(
            "INSERT INTO contact_merges (kept_id, merged_id, at, user_id, moved)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                keep,
                other,
                now,
                user_id,
                serde_json::to_string(&saved)
                    .map_err(|_| Error::Database("serializing a merge".into()))?
            ],
        )?;
        let merge_id = tx.last_insert_rowid();
        let moved = MovedCounts {
            activities: saved.activities.len(),
            tasks: saved.tasks.len(),
            deals: saved.deals.len(),
            consents: saved.consents.len(),
            requests: saved.requests.len(),
        };
        let purpose_keys: Vec<String> = {
            let mut stmt = tx.prepare("SELECT key FROM purposes WHERE id = ?1")?;
            restated_purposes
                .iter()
                .map(|p| stmt.query_row([p], |r| r.get(0)))
                .collect::<rusqlite::Result<_>>()?
        };
        let taken: Vec<String> = take.iter().map(MergeField::name).collect();
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(user_id),
            &Event::allowed(action, Some(Target::contact(keep)))
                .with("merged", other)
                .with("merge_id", merge_id)
                .with("taken_from_other", taken)
                .with("activities", moved.activities)
                .with("tasks", moved.tasks)
                .with("deals", moved.deals)
                .with("consents", moved.consents)
                .with("requests", moved.requests)
                .with("restated", purpose_keys.clone())
                .with("recycle_bin", true),
        )?;
        tx.commit()?;
        Ok(MergeOutcome {
            merge_id,
            contact: self.load_contact(keep)?,
            merged_id: other,
            moved,
            restated: purpose_keys,
        })
    }

    /// The merge that put contact `merged_id` in the recycle bin, when it
    /// can still be undone.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.delete-own`.
    pub fn merge_of(&self, merged_id: i64) -> Result<Option<MergeInfo>> {
        self.authorize(Permission::ContactsDeleteOwn, "contact.list_deleted", None)?;
        Ok(self
            .conn
            .query_row(
                "SELECT id, kept_id, merged_id, at FROM contact_merges
                 WHERE merged_id = ?1 AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
                [merged_id],
                |r| {
                    Ok(MergeInfo {
                        id: r.get(0)?,
                        kept_id: r.get(1)?,
                        merged_id: r.get(2)?,
                        at: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// Undoes the merge that put contact `merged_id` in the recycle bin:
    /// the kept contact gets back its fields, lists, owner and sensitive
    /// values as they were before, and its restriction and objection unless
    /// they changed since; what moved goes back; the consent events the
    /// merge added are removed; the merged contact leaves the recycle bin.
    /// Rows added to the kept contact after the merge (activities, tasks,
    /// files) stay on it; an edit of the kept contact itself, or a later
    /// merge into it, makes the undo refused (reason `merge-changed-since`).
    /// Identifiers suppressed because of an objection stay suppressed.
    /// Audited as `contact.merge_undo`. Returns the kept contact's id.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] as for the merge;
    /// [`Error::NotFound`] when no merge of that contact can be undone
    /// (never merged, undone already, or purged with the recycle bin) or
    /// the kept contact is not live; [`Error::InvalidInput`] when the
    /// merged contact is not in the recycle bin.
    pub fn undo_merge(&mut self, merged_id: i64) -> Result<i64> {
        let action = "contact.merge_undo";
        self.authorize(
            Permission::ContactsDeleteOwn,
            action,
            Some(Target::contact(merged_id)),
        )?;
        self.purge_recycle_bin(crate::clock::now())?;
        let row: Option<(i64, i64, String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT m.id, m.kept_id, m.moved, c.deleted_at FROM contact_merges m
                 JOIN contacts c ON c.id = m.merged_id
                 WHERE m.merged_id = ?1 AND m.undone_at IS NULL ORDER BY m.id DESC LIMIT 1",
                [merged_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((merge_id, keep, moved, deleted_at)) = row else {
            return Err(Error::NotFound {
                entity: "merge of contact",
                id: merged_id.to_string(),
            });
        };
        if deleted_at.is_none() {
            return Err(Error::from(
                crate::Invalid::new(
                    "merge-not-undoable",
                    format!(
                        "contact {merged_id} is not in the recycle bin; its merge cannot be undone"
                    ),
                )
                .with("contact", merged_id),
            ));
        }
        // The undo writes back the kept contact as it was before the merge:
        // after an edit of it, or a later merge into it, that would lose
        // what changed since, so it is refused.
        let (at, kept_updated): (String, String) = self.conn.query_row(
            "SELECT m.at, k.updated_at FROM contact_merges m JOIN contacts k ON k.id = m.kept_id
             WHERE m.id = ?1",
            [merge_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let later: i64 = self.conn.query_row(
            "SELECT count(*) FROM contact_merges WHERE kept_id = ?1 AND id > ?2 AND undone_at IS NULL",
            params![keep, merge_id],
            |r| r.get(0),
        )?;
        if later > 0 || kept_updated != at {
            return Err(crate::error::Invalid::new(
                "merge-changed-since",
                format!(
                    "contact {keep} changed after contact {merged_id} was merged into it; \
                     undoing the merge would lose those changes"
                ),
            )
            .with("contact", keep)
            .into());
        }
        let keep_owner = self.contact_owner(keep)?;
        let other_owner: i64 = self.conn.query_row(
            "SELECT owner_id FROM contacts WHERE id = ?1",
            [merged_id],
            |r| r.get(0),
        )?;
        self.authorize_merge(keep, keep_owner, merged_id, other_owner, action)?;
        let saved: Saved = serde_json::from_str(&moved).map_err(|_| {
            Error::from(crate::Invalid::new(
                "merge-state-unreadable",
                "the saved state of this merge cannot be read",
            ))
        })?;
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (table, column, ids) in [
            ("activities", "id", &saved.activities),
            ("tasks", "id", &saved.tasks),
            ("deals", "id", &saved.deals),
            ("consents", "id", &saved.consents),
            ("dsr_requests", "id", &saved.requests),
            ("export_log", "audit_seq", &saved.exports),
            ("attachments", "id", &saved.attachments),
        ] {
            move_rows(&tx, table, column, ids, keep, merged_id)?;
        }
        for id in &saved.restated {
            tx.execute(
                "DELETE FROM consents WHERE id = ?1 AND contact_id = ?2",
                params![id, keep],
            )?;
        }
        write_saved(&tx, keep, &saved, &saved.updated_at)?;
        write_sensitive_row(&tx, keep, saved.sensitive.as_ref())?;
        let (restricted, objected) = flags(&tx, keep)?;
        if restricted == saved.merged_restricted_at {
            tx.execute(
                "UPDATE contacts SET restricted_at = ?2 WHERE id = ?1",
                params![keep, saved.restricted_at],
            )?;
        }
        if objected == saved.merged_objected_at {
            tx.execute(
                "UPDATE contacts SET objected_at = ?2 WHERE id = ?1",
                params![keep, saved.objected_at],
            )?;
        }
        tx.execute(
            "UPDATE contacts SET deleted_at = NULL WHERE id = ?1",
            [merged_id],
        )?;
        contacts::index_contact(&tx, merged_id, false)?;
        tx.execute(
            "UPDATE contact_merges SET undone_at = ?2 WHERE id = ?1",
            params![merge_id, now],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed(action, Some(Target::contact(keep)))
                .with("merged", merged_id)
                .with("merge_id", merge_id),
        )?;
        tx.commit()?;
        Ok(keep)
    }
}
