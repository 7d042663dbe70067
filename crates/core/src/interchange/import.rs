//! Importing contacts: check every record, find duplicates, then write in
//! one transaction. A file with one bad record imports nothing, unless the
//! import is asked to skip rejected records (then the others are written and
//! the rejected ones reported, and can be written out as CSV); a file broken
//! as a whole is always refused. An import can be undone as a whole.

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use super::csv_file;
use super::mapping::Field;
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::csv_cell::unprotect;
use crate::error::Invalid;
use crate::locale::{Language, documents};
use crate::records::company_names::{self, Companies};
use crate::records::contacts::fields::{phone_key, yes_or_no};
use crate::records::contacts::{
    Address, CleanContact, ContactInserts, ContactKeys, NewContact, PhoneRules, default_country,
    importable_sensitive,
};
use crate::records::custom_fields::CustomField;
use crate::search::{self, Kind};
use crate::text_keys::TextMap;
use crate::{Error, Result};

/// What to do with a record that matches an existing contact (same e-mail
/// or same phone number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnDuplicate {
    /// Leave the existing contact alone and count the record as skipped.
    #[default]
    Skip,
    /// Fill the existing contact's empty fields and add new e-mails, phones and tags.
    Merge,
    /// Create a new contact anyway.
    Create,
}

impl std::str::FromStr for OnDuplicate {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "skip" => Ok(Self::Skip),
            "merge" => Ok(Self::Merge),
            "create" => Ok(Self::Create),
            other => Err(Error::from(
                crate::Invalid::new(
                    "value-not-allowed",
                    format!("unknown duplicate policy {other:?}; use skip, merge or create"),
                )
                .with("field", "duplicate policy"),
            )),
        }
    }
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// For CSV: the field each column fills, by position (`None` ignores it).
    pub mapping: Vec<Option<Field>>,
    /// For CSV: columns (by position) that fill a custom field (by key).
    pub custom_columns: Vec<(usize, String)>,
    /// What to do with duplicates.
    pub on_duplicate: OnDuplicate,
    /// Work everything out and report, but write nothing.
    pub dry_run: bool,
    /// Import people found in the erasure ledger or the suppression list
    /// anyway (recorded); by default they are left out and counted.
    pub readmit_known: bool,
    /// For CSV: the file's encoding (a label such as `windows-1250`), when
    /// the user overrides the one the preview found; `None` detects it.
    pub encoding: Option<String>,
    /// Bring each record's notes in as a note activity on its contact
    /// (dated at the import) instead of into the contact's notes field.
    pub notes_as_activities: bool,
    /// Import every acceptable record and count the others as rejected
    /// (see [`ImportReport::problems`]) instead of refusing the whole file
    /// on the first one. A dry run always reports every rejected record.
    /// A file that is broken as a whole is refused either way.
    pub skip_rejected: bool,
}

/// Why a record is rejected, or what was left out of it or flagged: a
/// stable code (`name-too-long`, `email-invalid`, `phone-invalid`, …), the
/// values its sentence names, and an English sentence. None holds a value
/// from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowNote {
    /// The stable code.
    pub code: &'static str,
    /// The values the sentence names, so a screen can say it in another
    /// language: `field` (a contact field's import name, `email`,
    /// `postal-code`, …, or a custom field's label), `length` and `limit`
    /// (in characters, or in values for `too-many-values`), `position` (which
    /// phone number of the record, from 1).
    pub params: BTreeMap<&'static str, String>,
    /// What it means, for a person.
    pub message: String,
}

impl RowNote {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            params: BTreeMap::new(),
            message: message.into(),
        }
    }

    #[must_use]
    fn with(mut self, key: &'static str, value: impl ToString) -> Self {
        self.params.insert(key, value.to_string());
        self
    }

    /// The note said in `lang`, as a document Steward writes says it
    /// (`locale::documents::rejected_row_reason`): core's English sentence
    /// in English, and for a code the table does not know.
    pub fn said_in(&self, lang: Language) -> String {
        let param = |key: &str| self.params.get(key).cloned().unwrap_or_default();
        documents::rejected_row_reason(lang, self.code, &param)
            .unwrap_or_else(|| self.message.clone())
    }
}

/// What became of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFate {
    /// A new contact.
    Created,
    /// Merged into the existing contact with this id.
    Merged(i64),
    /// A duplicate, skipped.
    Skipped,
    /// Left out: an erased or objecting person, or a restricted contact.
    LeftOut,
    /// Not importable: see [`RowProblem::rejected`].
    Rejected,
}

impl RowFate {
    /// The stable name: `created`, `merged`, `skipped`, `left-out`, `rejected`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Merged(_) => "merged",
            Self::Skipped => "skipped",
            Self::LeftOut => "left-out",
            Self::Rejected => "rejected",
        }
    }
}

/// A record with a problem: rejected, or imported with warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// Where it is in the file: `line 12`, `card 3`.
    pub place: String,
    /// What became of it (or would, for a dry run).
    pub fate: RowFate,
    /// Why it is rejected, when it is.
    pub rejected: Option<RowNote>,
    /// What was left out of it or flagged.
    pub warnings: Vec<RowNote>,
}

/// The most records with a problem a report lists; the others are counted
/// in [`ImportReport::problems_left_off`], so a report stays small for a
/// file of any size.
pub const MAX_ROW_PROBLEMS: usize = 1000;

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The import's id, for undo (`None` for a dry run).
    pub import_id: Option<i64>,
    /// Records read.
    pub records: usize,
    /// New contacts.
    pub created: usize,
    /// Existing contacts merged into.
    pub merged: usize,
    /// Duplicates skipped.
    pub skipped: usize,
    /// Records left out: of erased people and people who objected (unless
    /// let in with `readmit_known`), and those matching a restricted
    /// contact. The one count every role sees; the three below break it
    /// down for roles with `rights.manage` only, and are 0 for the others.
    pub left_out: usize,
    /// Records of erased people left out (or let in with `readmit_known`).
    pub erased: usize,
    /// Records of people who objected to marketing left out (or let in).
    pub suppressed: usize,
    /// Records matching a restricted contact: never merged into, skipped
    /// against or created beside it, whatever the duplicate policy.
    pub restricted: usize,
    /// Whether erased or objecting people were let in on purpose.
    pub readmitted: bool,
    /// Phone numbers of the records written (created or merged) that were
    /// kept as written but flagged: not a number, no default country to
    /// read a national number by, no such number, or a dropped leading
    /// zero. They never fail an import.
    pub phones_flagged: usize,
    /// Company records the import created for company names no live
    /// company has (compared ignoring case and spacing).
    pub companies_created: usize,
    /// Contacts written (created or merged into) that the import linked to
    /// a company record, existing or created.
    pub companies_linked: usize,
    /// Contacts written for which the file recorded an objection to direct
    /// marketing (an opt-out column), now recorded as such.
    pub objections: usize,
    /// Note activities made from the records' notes
    /// ([`ImportOptions::notes_as_activities`]).
    pub activities_created: usize,
    /// Records that could not be imported (a name over 300 characters, no
    /// name at all, …): imported around with
    /// [`ImportOptions::skip_rejected`], reported by a dry run.
    pub rejected: usize,
    /// Records with at least one warning (an e-mail left out as invalid, a
    /// birthday not read, a flagged phone, …).
    pub warned: usize,
    /// The first [`MAX_ROW_PROBLEMS`] records that were rejected or have
    /// warnings, in file order; records without a problem are not listed.
    pub problems: Vec<RowProblem>,
    /// Records with a problem beyond those listed.
    pub problems_left_off: usize,
    /// Whether nothing was written.
    pub dry_run: bool,
}

/// One past import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportInfo {
    /// Id.
    pub id: i64,
    /// `csv` or `vcard`.
    pub format: String,
    /// When.
    pub started_at: String,
    /// Who (user id).
    pub user_id: i64,
    /// Counts.
    pub created: i64,
    /// Counts.
    pub merged: i64,
    /// Counts.
    pub skipped: i64,
    /// When it was undone, if it was.
    pub undone_at: Option<String>,
}

/// What undoing an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoReport {
    /// Contacts the import had created, now removed.
    pub removed: usize,
    /// Contacts it had merged into, now as they were before.
    pub restored: usize,
    /// Companies it had created that nothing else uses, now removed.
    pub companies_removed: usize,
    /// Note and e-mail activities it had made, now removed.
    pub activities_removed: usize,
    /// The files of the e-mails it had brought in, now removed.
    pub attachments_removed: usize,
}

/// The ordinary fields of a contact as they were before a merge.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Before {
    name: String,
    emails: Vec<String>,
    phones: Vec<String>,
    company: Option<String>,
    title: Option<String>,
    source: Option<String>,
    street: Option<String>,
    city: Option<String>,
    postal_code: Option<String>,
    region: Option<String>,
    country: Option<String>,
    tags: Vec<String>,
    notes: Option<String>,
    #[serde(default)]
    custom: crate::records::custom_fields::CustomValues,
    /// The company record the contact was linked to. Saved states written
    /// before imports linked companies have no such entry
    /// (`company_link_saved` false): undo leaves the link then.
    #[serde(default)]
    company_id: Option<i64>,
    #[serde(default)]
    company_link_saved: bool,
}

/// Whether an e-mail address is one the contact checks accept (text before
/// and after an @, no spaces); others are left out of an imported record.
fn usable_email(e: &str) -> bool {
    e.split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
        && !e.contains(char::is_whitespace)
}

/// A value with Google's primary marker (`* `) taken off, and whether it
/// had one.
fn primary_marker(value: &str) -> (&str, bool) {
    match value.strip_prefix("* ") {
        Some(rest) => (rest.trim(), true),
        None => (value, false),
    }
}

/// The E.164 form duplicates are judged by: none for a number flagged as
/// no such number (`(555) 123-4567`, or a foreign national number read by
/// the wrong default country), whose digits decide instead.
fn reliable_e164(form: &crate::phone::Normalized) -> Option<&str> {
    form.e164
        .as_deref()
        .filter(|_| form.flag != Some(crate::phone::PhoneFlag::Invalid))
}

/// The keys a phone is found by when duplicates are judged: its E.164
/// form (`+40723456789`) when it has one, and its last nine digits, once as
/// any number's (`d:`) and, for a number without an E.164 form, once as
/// such a number's (`n:`). See [`phone_lookups`].
fn phone_keys(phone: &str, e164: Option<&str>, out: &mut Vec<String>) {
    if let Some(e164) = e164 {
        out.push(e164.to_owned());
    }
    if let Some(digits) = phone_key(phone) {
        if e164.is_none() {
            out.push(format!("n:{digits}"));
        }
        out.push(format!("d:{digits}"));
    }
}

/// The keys an imported phone looks for: two numbers with E.164 forms match
/// only by them (`0723.456.789` and `+40 723 456 789` do, `+40 723 456 789`
/// and `+49 723 456 789` do not); when either has none (a national number
/// and no default country), their last nine digits decide.
fn phone_lookups(phone: &str, e164: Option<&str>, out: &mut Vec<String>) {
    let digits = phone_key(phone);
    match (e164, digits) {
        (Some(e164), digits) => {
            out.push(e164.to_owned());
            out.extend(digits.map(|d| format!("n:{d}")));
        }
        (None, Some(digits)) => out.push(format!("d:{digits}")),
        (None, None) => {}
    }
}

/// Builds a contact from one CSV row through the mapping and the custom
/// field columns.
///
/// Several values in one cell (Google's ` ::: `, Pipedrive's `a, b`) become
/// several e-mails or phones; a value marked `* ` (Google), or whose label
/// column just before it is, comes first (primary). First, middle and last
/// names join into the name when no column holds the whole name. An e-mail
/// address or a birthday that cannot be used is left out of the record,
/// which is kept.
pub(crate) fn contact_from_row(
    mapping: &[Option<Field>],
    custom_columns: &[(usize, String)],
    row: &csv::StringRecord,
) -> NewContact {
    contact_from_row_noting(mapping, custom_columns, row, &mut Vec::new())
}

/// [`contact_from_row`], adding to `warnings` what it left out of the
/// record (an e-mail address that is none, a birthday it cannot read) and
/// what it read one way of two (`03/04/1980`, month first).
fn contact_from_row_noting(
    mapping: &[Option<Field>],
    custom_columns: &[(usize, String)],
    row: &csv::StringRecord,
    warnings: &mut Vec<RowNote>,
) -> NewContact {
    let mut c = NewContact::default();
    for (column, key) in custom_columns {
        if let Some(value) = row
            .get(*column)
            .map(|v| unprotect(v.trim()))
            .filter(|v| !v.is_empty())
        {
            c.custom.insert(key.clone(), value.to_owned());
        }
    }
    let (mut first, mut middle, mut last) = ("", "", "");
    let mut notes: Vec<&str> = Vec::new();
    let (mut primary_emails, mut primary_phones) = (0, 0);
    let set = |slot: &mut Option<String>, v: &str| {
        if slot.is_none() {
            *slot = Some(v.to_owned());
        }
    };
    let mut previous: Option<&str> = None;
    for (field, cell) in mapping.iter().zip(row.iter()) {
        let value = unprotect(cell.trim());
        // The label column before a value (`E-mail 1 - Label`) marks it primary.
        let labelled_primary = previous.is_some_and(|p| p.trim_start().starts_with('*'));
        previous = field.is_none().then_some(cell);
        let Some(field) = field else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        match field {
            Field::Name => c.name = value.to_owned(),
            Field::FirstName => first = value,
            Field::MiddleName => middle = value,
            Field::LastName => last = value,
            Field::Email | Field::Phone => {
                let (list, primaries) = if *field == Field::Email {
                    (&mut c.emails, &mut primary_emails)
                } else {
                    (&mut c.phones, &mut primary_phones)
                };
                for part in value.split(" ::: ").flat_map(|v| v.split([';', ','])) {
                    let (part, marked) = primary_marker(part.trim());
                    if part.is_empty() {
                        continue;
                    }
                    if *field == Field::Email && !usable_email(part) {
                        warnings.push(RowNote::new(
                            "email-invalid",
                            "an e-mail address was left out: it needs text before and after an @, without spaces",
                        ));
                        continue;
                    }
                    if marked || labelled_primary {
                        list.insert(*primaries, part.to_owned());
                        *primaries += 1;
                    } else {
                        list.push(part.to_owned());
                    }
                }
            }
            Field::Company => set(&mut c.company, value),
            Field::Title => set(&mut c.title, value),
            Field::Street => set(&mut c.address.street, value),
            Field::City => set(&mut c.address.city, value),
            Field::PostalCode => set(&mut c.address.postal_code, value),
            Field::Region => set(&mut c.address.region, value),
            Field::Country => set(&mut c.address.country, value),
            Field::Tags => c.tags.extend(
                value
                    .split([',', ';'])
                    .flat_map(|t| t.split(" ::: "))
                    .map(|t| t.trim().trim_start_matches('*').trim().to_owned())
                    // Google's system group, in both layouts.
                    .filter(|t| {
                        !t.is_empty() && !matches!(t.as_str(), "myContacts" | "My Contacts")
                    }),
            ),
            Field::Notes => notes.push(value),
            Field::Source => set(&mut c.source, value),
            Field::Birthday => {
                if c.sensitive.date_of_birth.is_none() {
                    c.sensitive.date_of_birth = super::dates::birthday(value);
                    if c.sensitive.date_of_birth.is_none() {
                        warnings.push(RowNote::new(
                            "birthday-unread",
                            "the birthday was left out: it is not a date in a form Steward reads",
                        ));
                    } else if month_or_day_first(value) {
                        warnings.push(RowNote::new(
                            "birthday-ambiguous",
                            "the birthday could be read two ways; it was read month first (m/d/yyyy)",
                        ));
                    }
                }
            }
            // Not a contact field: see `objects_to_marketing`.
            Field::MarketingOptOut => {}
        }
    }
    if c.name.is_empty() {
        let parts = [first, middle, last];
        c.name = parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
    }
    if c.name.is_empty() {
        c.name = c
            .company
            .clone()
            .or_else(|| c.emails.first().cloned())
            .unwrap_or_default();
    }
    if !notes.is_empty() {
        c.notes = Some(notes.join("\n\n"));
    }
    c
}

/// Whether an opt-out cell says yes: a yes as [`yes_or_no`] reads one, or a
/// status naming an unsubscription or opt-out (HubSpot's `Unsubscribed`,
/// `Opted out`). Anything else, empty included, is no.
fn says_opted_out(value: &str) -> bool {
    let v = value.trim().to_lowercase();
    yes_or_no(&v) == Some(true)
        || v == "opted-out"
        || v.starts_with("unsubscribed")
        || v.starts_with("opted out")
}

/// Whether a CSV row says its person objects to direct marketing: any
/// column mapped to the marketing opt-out says yes ([`says_opted_out`]).
fn objects_to_marketing(mapping: &[Option<Field>], row: &csv::StringRecord) -> bool {
    mapping.iter().zip(row.iter()).any(|(f, cell)| {
        *f == Some(Field::MarketingOptOut) && says_opted_out(unprotect(cell.trim()))
    })
}

/// Whether a date written `a/b/yyyy` reads as a different day with month
/// and day swapped (`03/04/1980`): the reader takes it month first, as
/// Outlook writes it.
fn month_or_day_first(text: &str) -> bool {
    let mut parts = text.trim().split('/');
    let (Some(a), Some(b), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    match (a.trim().parse::<u8>(), b.trim().parse::<u8>()) {
        (Ok(a), Ok(b)) => a != b && (1..=12).contains(&a) && (1..=12).contains(&b),
        _ => false,
    }
}

fn merged(existing: &Before, new: &CleanContact) -> NewContact {
    let union = |a: &[String], b: &[String], key: fn(&str) -> String| {
        let mut out = a.to_vec();
        for item in b {
            if !out.iter().any(|o| key(o) == key(item)) {
                out.push(item.clone());
            }
        }
        out
    };
    let fill = |old: &Option<String>, new: &Option<String>| old.clone().or_else(|| new.clone());
    NewContact {
        name: existing.name.clone(),
        emails: union(&existing.emails, &new.emails, |e| e.to_lowercase()),
        phones: union(&existing.phones, &new.phones, |p| {
            phone_key(p).unwrap_or_else(|| p.to_owned())
        }),
        company: fill(&existing.company, &new.company),
        title: fill(&existing.title, &new.title),
        source: fill(&existing.source, &new.source),
        address: Address {
            street: fill(&existing.street, &new.address.street),
            city: fill(&existing.city, &new.address.city),
            postal_code: fill(&existing.postal_code, &new.address.postal_code),
            region: fill(&existing.region, &new.address.region),
            country: fill(&existing.country, &new.address.country),
        },
        tags: union(&existing.tags, &new.tags, |t| t.to_lowercase()),
        notes: match (&existing.notes, &new.notes) {
            (Some(a), Some(b)) if a != b => Some(format!("{a}\n\n{b}")),
            (a, b) => a.clone().or_else(|| b.clone()),
        },
        custom: {
            let mut custom = new.custom.clone();
            custom.extend(existing.custom.clone());
            custom
        },
        sensitive: Default::default(),
    }
}

/// The contacts in a CSV file, read through `mapping` (one entry a column)
/// and the custom field columns, each with the line it came from; the file
/// in `encoding` (a label) or the one [`csv_file::decode`] finds. Reads
/// nothing from the vault and checks no field: see [`check_records`].
///
/// # Errors
/// [`Error::InvalidInput`] for a malformed file (as [`csv_file::read`]), a
/// mapping that does not fit the file, or one that maps no name column.
pub fn csv_contacts(
    bytes: &[u8],
    encoding: Option<&str>,
    mapping: &[Option<Field>],
    custom_columns: &[(usize, String)],
) -> Result<Vec<(String, NewContact)>> {
    let decoded = csv_file::decode(bytes, encoding)?;
    let layout = csv_file::scan(&decoded.text)?;
    check_mapping(&layout.headers, mapping, custom_columns)?;
    let mut rows = csv_file::rows(&decoded.text, &layout)?;
    let mut records = Vec::with_capacity(layout.rows);
    while let Some((line, row)) = rows.next_row()? {
        records.push((
            format!("line {line}"),
            contact_from_row(mapping, custom_columns, row),
        ));
    }
    Ok(records)
}

/// Checks that a mapping fits a file with `headers` and maps a column a
/// contact's name can come from.
fn check_mapping(
    headers: &[String],
    mapping: &[Option<Field>],
    custom_columns: &[(usize, String)],
) -> Result<()> {
    if mapping.len() != headers.len() {
        return Err(crate::Invalid::new(
            "mapping-columns-mismatch",
            format!(
                "the mapping names {} columns but the file has {}",
                mapping.len(),
                headers.len()
            ),
        )
        .with("mapped", mapping.len())
        .with("columns", headers.len())
        .into());
    }
    if let Some((column, _)) = custom_columns
        .iter()
        .find(|(column, _)| *column >= headers.len())
    {
        return Err(crate::Invalid::new(
            "mapping-column-missing",
            format!(
                "column {} does not exist; the file has {}",
                column + 1,
                headers.len()
            ),
        )
        .with("column", column + 1)
        .with("columns", headers.len())
        .into());
    }
    let has_name = mapping.iter().any(|f| {
        matches!(
            f,
            Some(
                Field::Name
                    | Field::FirstName
                    | Field::MiddleName
                    | Field::LastName
                    | Field::Email
                    | Field::Company
            )
        )
    });
    if !has_name {
        return Err(crate::error::Invalid::new(
            "mapping-needs-name",
            "map a column to name (or first and last name, e-mail or company): a contact needs a name",
        )
        .into());
    }
    Ok(())
}

/// Checks parsed records the way an import does before it writes anything,
/// in a vault with no custom fields: one clear error naming the first bad
/// record.
///
/// # Errors
/// [`Error::InvalidInput`] naming the record ("line 12", "card 3").
pub fn check_records(records: &[(String, NewContact)]) -> Result<()> {
    let phones = PhoneRules {
        country: None,
        lenient: true,
    };
    for (place, record) in records {
        check_record(
            Place::Named(place.clone()),
            record,
            Vec::new(),
            &[],
            true,
            phones,
        )
        .refuse()?;
    }
    Ok(())
}

/// Where a record is in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    /// A CSV file's line (of the record's first line).
    Line(u64),
    /// Named by the reader: `card 3`.
    Named(String),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Line(n) => write!(f, "line {n}"),
            Self::Named(s) => f.write_str(s),
        }
    }
}

/// A record read and checked: the contact to write, or why there is none,
/// and what was left out of it or flagged.
pub(crate) struct Checked {
    place: Place,
    contact: std::result::Result<CleanContact, RowNote>,
    warnings: Vec<RowNote>,
    /// What the writer needs beyond the contact, made by
    /// [`Checked::prepare`] (on a CSV import's reading thread, so the
    /// writer, the slower of the two, does not).
    prepared: Prepared,
}

/// A checked record's note to bring in as an activity, search entry body
/// and duplicate keys.
#[derive(Default)]
struct Prepared {
    /// The notes, taken out of the contact when they become an activity.
    note: Option<String>,
    /// The search entry's body (`CleanContact::index_body`), made without
    /// the notes taken out.
    body: String,
    /// The e-mail addresses, lower-cased, as duplicates are judged by them.
    emails: Vec<String>,
    /// The keys the phones look for ([`phone_lookups`]).
    phone_lookups: Vec<String>,
    /// The keys the phones are found by once written ([`phone_keys`]).
    phone_keys: Vec<String>,
    /// The name's sort key and folded form and the e-mails' folded forms.
    keys: Option<ContactKeys>,
}

impl Checked {
    /// Makes what the writer needs of a valid record, its keys for the
    /// vault's `language`: with `notes_as_activities`, the notes move from
    /// the contact to its note.
    fn prepare(&mut self, notes_as_activities: bool, language: Language) {
        let Ok(c) = &mut self.contact else {
            return;
        };
        let p = &mut self.prepared;
        if notes_as_activities {
            p.note = c.notes.take();
        }
        p.body = c.index_body();
        p.emails = c.emails.iter().map(|e| e.to_lowercase()).collect();
        p.keys = Some(ContactKeys::new(language, &c.name, &c.emails));
        for (phone, form) in c.phones.iter().zip(&c.phone_forms) {
            phone_lookups(phone, reliable_e164(form), &mut p.phone_lookups);
            phone_keys(phone, reliable_e164(form), &mut p.phone_keys);
        }
    }

    /// The error that refuses the whole file over this record, as imports
    /// without [`ImportOptions::skip_rejected`] do: reason `row-rejected`,
    /// with the record's `place` (`line 12`, `card 3`), its note's code as
    /// `problem` and the note's values, so a screen can say it.
    fn refuse(&self) -> Result<()> {
        match &self.contact {
            Ok(_) => Ok(()),
            Err(note) => {
                let mut invalid =
                    Invalid::new("row-rejected", format!("{}: {}", self.place, note.message))
                        .with("place", &self.place)
                        .with("problem", note.code);
                for (key, value) in &note.params {
                    invalid = invalid.with(key, value);
                }
                Err(Error::InvalidInput(invalid))
            }
        }
    }
}

/// Checks one record read from `place`, with the `warnings` its reader
/// noted. Sensitive values (a birthday) are kept only when `sensitive` says
/// the user may write them (`sensitive.write`), and each only when it is
/// valid: otherwise the value is left out (with a warning), not the record.
fn check_record(
    place: Place,
    record: &NewContact,
    mut warnings: Vec<RowNote>,
    defs: &[CustomField],
    sensitive: bool,
    phones: PhoneRules,
) -> Checked {
    let contact = match record.cleaned(defs, phones) {
        Ok(mut clean) => {
            for (n, form) in clean.phone_forms.iter().enumerate() {
                if let Some(flag) = form.flag {
                    warnings.push(phone_note(n + 1, flag));
                }
            }
            if !record.sensitive.is_empty() {
                if sensitive {
                    clean.sensitive = importable_sensitive(&record.sensitive);
                    let given =
                        |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
                    let (a, b) = (&record.sensitive, &clean.sensitive);
                    let dropped = (given(&a.date_of_birth) && b.date_of_birth.is_none())
                        || (given(&a.national_id) && b.national_id.is_none())
                        || (given(&a.special_notes) && b.special_notes.is_none());
                    if dropped {
                        warnings.push(RowNote::new(
                            "sensitive-invalid",
                            "a sensitive value (such as a birthday in the future) was left out: it is not valid",
                        ));
                    }
                } else {
                    warnings.push(RowNote::new(
                        "sensitive-not-permitted",
                        "sensitive values (such as the birthday) were left out: your role may not write them",
                    ));
                }
            }
            Ok(clean)
        }
        Err(e) => Err(rejection(&e)),
    };
    Checked {
        place,
        contact,
        warnings,
        prepared: Prepared::default(),
    }
}

/// The warning for a record's `n`th phone number, kept but flagged.
fn phone_note(n: usize, flag: crate::phone::PhoneFlag) -> RowNote {
    use crate::phone::PhoneFlag;
    let why = match flag {
        PhoneFlag::Unparseable => "it is not a phone number",
        PhoneFlag::NoCountry => "it is written nationally and the vault has no default country",
        PhoneFlag::Invalid => "no number of its country has that shape",
        PhoneFlag::MissingTrunkZero => "it lacks its leading zero and was read as if it had it",
    };
    let code = match flag {
        PhoneFlag::Unparseable => "phone-unparseable",
        PhoneFlag::NoCountry => "phone-no-country",
        PhoneFlag::Invalid => "phone-invalid",
        PhoneFlag::MissingTrunkZero => "phone-missing-trunk-zero",
    };
    RowNote::new(
        code,
        format!("phone number {n} was kept as written and flagged: {why}"),
    )
    .with("position", n)
}

/// Why a record the contact checks refused is rejected: a stable code and
/// its values, from the check's reason, and the check's sentence.
fn rejection(e: &Error) -> RowNote {
    let message = e.to_string();
    let Some(invalid) = e.invalid_input() else {
        return RowNote::new("invalid-value", message);
    };
    let param = |key: &str| invalid.params().get(key).cloned().unwrap_or_default();
    let field = param("field");
    let name = field == "name";
    let code = match invalid.reason() {
        Some("required") if name => "no-name",
        Some("multiline") if name => "name-multiline",
        Some("too-long") if name => "name-too-long",
        Some("too-long") => "value-too-long",
        Some("control-characters") => "control-characters",
        Some("too-many") => "too-many-values",
        _ => "invalid-value",
    };
    let mut note = RowNote::new(code, message);
    match code {
        "name-too-long" => {
            note = note
                .with("length", param("length"))
                .with("limit", param("limit"));
        }
        "value-too-long" => {
            note = note
                .with("field", import_field(&field))
                .with("length", param("length"))
                .with("limit", param("limit"));
        }
        "control-characters" => note = note.with("field", import_field(&field)),
        "too-many-values" => {
            note = note
                .with("field", import_field(&field))
                .with("limit", param("limit"));
        }
        // A custom field's own check: its label, as the user gave it.
        "invalid-value" if param("custom") == "true" && !field.is_empty() => {
            note = note.with("field", field);
        }
        _ => {}
    }
    note
}

/// A contact field as the import names it (`email`, `postal-code`), from
/// its name in the checks' sentences (`e-mail address`, `postal code`); a
/// custom field's label stays as it is.
fn import_field(label: &str) -> &str {
    match label {
        "e-mail address" => "email",
        "phone number" => "phone",
        "tag" => "tags",
        "postal code" => "postal-code",
        other => other,
    }
}

/// Collects what became of the records with a problem while an import
/// writes: a record's fate is read from the report's counts once the next
/// record starts (or the import ends).
#[derive(Default)]
struct RowLog {
    /// A record with warnings being written, and the counts before it.
    pending: Option<(Place, Vec<RowNote>, [usize; 6])>,
    /// The contact the last merged record went into.
    merged_into: i64,
    problems: Vec<RowProblem>,
    left_off: usize,
    rejected: usize,
    warned: usize,
}

fn counts(r: &ImportReport) -> [usize; 6] {
    [
        r.created,
        r.merged,
        r.skipped,
        r.erased,
        r.suppressed,
        r.restricted,
    ]
}

impl RowLog {
    /// The contact to write for `row`, with what was prepared for it, or
    /// `None` when it is rejected.
    fn admit(&mut self, row: Checked, report: &ImportReport) -> Option<(CleanContact, Prepared)> {
        self.settle(report);
        let Checked {
            place,
            contact,
            warnings,
            prepared,
        } = row;
        self.warned += usize::from(!warnings.is_empty());
        match contact {
            Err(reason) => {
                self.rejected += 1;
                self.note(place, RowFate::Rejected, Some(reason), warnings);
                None
            }
            Ok(contact) => {
                if !warnings.is_empty() {
                    self.pending = Some((place, warnings, counts(report)));
                }
                Some((contact, prepared))
            }
        }
    }

    /// Notes the fate of the record with warnings written last.
    fn settle(&mut self, report: &ImportReport) {
        let Some((place, warnings, before)) = self.pending.take() else {
            return;
        };
        let after = counts(report);
        let fate = if after[0] > before[0] {
            RowFate::Created
        } else if after[1] > before[1] {
            RowFate::Merged(self.merged_into)
        } else if after[2] > before[2] {
            RowFate::Skipped
        } else {
            RowFate::LeftOut
        };
        self.note(place, fate, None, warnings);
    }

    fn note(
        &mut self,
        place: Place,
        fate: RowFate,
        rejected: Option<RowNote>,
        warnings: Vec<RowNote>,
    ) {
        if self.problems.len() < MAX_ROW_PROBLEMS {
            self.problems.push(RowProblem {
                place: place.to_string(),
                fate,
                rejected,
                warnings,
            });
        } else {
            self.left_off += 1;
        }
    }

    /// Puts what was collected into `report`.
    fn finish(mut self, report: &mut ImportReport) {
        self.settle(report);
        report.rejected = self.rejected;
        report.warned = self.warned;
        report.problems = self.problems;
        report.problems_left_off = self.left_off;
    }
}

/// How an import reads phones: by the vault's default country, keeping a
/// number that is no number as written (flagged) rather than failing.
pub(super) fn import_phone_rules(conn: &rusqlite::Connection) -> Result<PhoneRules> {
    Ok(PhoneRules {
        country: default_country(conn)?,
        lenient: true,
    })
}

/// How many segments of a level the full-text index merges at once: FTS5's
/// default, which Steward keeps but during an import.
const FTS5_AUTOMERGE: i64 = 4;
/// ... and during an import: fewer, larger merges.
const IMPORT_AUTOMERGE: i64 = 16;

/// Sets the full-text index's `automerge` for an import (`importing`) or
/// back to Steward's usual one, in the caller's transaction (it is stored
/// in the index's configuration), so a rollback or a crash leaves it as it
/// was. The index's `hashsize` (how many bytes of new entries it gathers
/// before writing a segment) stays FTS5's 1 MiB: 8 and 64 MiB saved
/// instructions but lost wall-clock time (64 MiB: 27 500–30 700
/// contacts/s against 34 700–36 700 with 1 MiB and the same build, and
/// slower searches afterwards), the larger hash costing more in cache
/// misses than the fewer merges saved; 256 KiB was no different.
fn index_settings(tx: &rusqlite::Transaction<'_>, importing: bool) -> Result<()> {
    let automerge = if importing {
        IMPORT_AUTOMERGE
    } else {
        FTS5_AUTOMERGE
    };
    tx.execute(
        "INSERT INTO search_index (search_index, rank) VALUES ('automerge', ?1)",
        [automerge],
    )?;
    Ok(())
}

/// The tables an import fills row by row whose secondary indexes a large
/// import builds once at its end rather than entry by entry.
///
/// Keeping them all and writing each entry with its row, at 30 000
/// contacts, cost the writer as many instructions (+0.9 %) but left the
/// vault 12 % larger (entries written at random places leave pages half
/// full) and the import slower on a busy machine; keeping only the
/// owner's and the companies' indexes, whose new entries go at their end
/// or in one place per company, moved a fifth of the work done after the
/// rows into them for 1 % more in all, with no gain measurable on a busy
/// machine.
const BULK_TABLES: [&str; 3] = ["contacts", "contact_emails", "contact_phones"];

/// Whether an import of `records` into a vault of `existing` contacts is
/// large enough to build the indexes of [`BULK_TABLES`] after its rows:
/// one sort of every entry then costs less than inserting the new ones
/// one at a time into the B-trees, when they are at least as many as the
/// entries already there.
fn bulk_import(records: usize, existing: i64) -> bool {
    records > 0 && i64::try_from(records).unwrap_or(i64::MAX) >= existing
}

/// Drops the secondary indexes of `tables` that `CREATE INDEX` made (not
/// the ones a `UNIQUE` or `PRIMARY KEY` constraint makes, which the writes
/// rely on) and returns the statements that make them again, for
/// [`recreate_indexes`] in the same transaction: a rollback or a crash
/// leaves them as they were. Read from the schema, so an index a later
/// migration adds is rebuilt too.
fn drop_indexes(tx: &rusqlite::Transaction<'_>, tables: &[&str]) -> Result<Vec<String>> {
    let mut made = Vec::new();
    for table in tables {
        let indexes: Vec<(String, String)> = tx
            .prepare(
                "SELECT s.name, s.sql FROM sqlite_schema s
                 JOIN pragma_index_list(?1) l ON l.name = s.name
                 WHERE s.type = 'index' AND s.tbl_name = ?1 AND s.sql IS NOT NULL
                   AND l.origin = 'c' AND NOT l.\"unique\"
                 ORDER BY s.rowid",
            )?
            .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, sql) in indexes {
            tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
            made.push(sql);
        }
    }
    Ok(made)
}

/// Makes the indexes [`drop_indexes`] dropped again, each in one sort.
fn recreate_indexes(tx: &rusqlite::Transaction<'_>, made: &[String]) -> Result<()> {
    for sql in made {
        tx.execute_batch(sql)?;
    }
    Ok(())
}

/// Records handed from the thread that reads a CSV file to the one that
/// writes them, at a time.
const BATCH: usize = 256;

/// The next checked records from the reading thread of a CSV import, or the
/// first bad row (or, without `skip_rejected`, record): nothing follows it.
type Batch = Result<Vec<Checked>>;

/// Reads and checks the records of a CSV file (already scanned, so a file
/// that is not CSV fails before anything is written) and sends them in
/// batches on `batches`; the first bad one is the error. Stops when the
/// writer hangs up.
#[allow(
    clippy::too_many_arguments,
    reason = "the reading thread's whole context"
)]
fn read_csv(
    text: &str,
    layout: &csv_file::Layout,
    options: &ImportOptions,
    defs: &[CustomField],
    sensitive: bool,
    phones: PhoneRules,
    language: Language,
    batches: &SyncSender<Batch>,
) {
    if let Err(e) = send_batches(
        text, layout, options, defs, sensitive, phones, language, batches,
    ) {
        let _ = batches.send(Err(e));
    }
}

/// Sends the checked records in batches; the first bad one is the error.
#[allow(
    clippy::too_many_arguments,
    reason = "the reading thread's whole context"
)]
fn send_batches(
    text: &str,
    layout: &csv_file::Layout,
    options: &ImportOptions,
    defs: &[CustomField],
    sensitive: bool,
    phones: PhoneRules,
    language: Language,
    batches: &SyncSender<Batch>,
) -> Result<()> {
    let mut rows = csv_file::rows(text, layout)?;
    let mut batch = Vec::with_capacity(BATCH);
    let tolerant = options.skip_rejected || options.dry_run;
    while let Some((line, row)) = rows.next_row()? {
        let mut warnings = Vec::new();
        let record = contact_from_row_noting(
            &options.mapping,
            &options.custom_columns,
            row,
            &mut warnings,
        );
        let mut checked = check_record(
            Place::Line(line),
            &record,
            warnings,
            defs,
            sensitive,
            phones,
        );
        if let Ok(clean) = &mut checked.contact {
            clean.objects_to_marketing = objects_to_marketing(&options.mapping, row);
        }
        if !tolerant {
            checked.refuse()?;
        }
        checked.prepare(options.notes_as_activities, language);
        batch.push(checked);
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if batches.send(Ok(full)).is_err() {
                return Ok(());
            }
        }
    }
    let _ = batches.send(Ok(batch));
    Ok(())
}

/// A CSV writing error as the crate's error.
fn csv_error(e: csv::Error) -> Error {
    io_error(std::io::Error::other(e.to_string()))
}

/// A writing error of the rejected rows.
fn io_error(source: std::io::Error) -> Error {
    Error::Io {
        action: "write the rejected rows".into(),
        source,
    }
}

/// The records the reading thread sends, one at a time, for the writer.
struct Received {
    receiver: Receiver<Batch>,
    batch: std::vec::IntoIter<Checked>,
}

impl Iterator for Received {
    type Item = Result<Checked>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(record) = self.batch.next() {
                return Some(Ok(record));
            }
            match self.receiver.recv().ok()? {
                Ok(batch) => self.batch = batch.into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl Session {
    /// Imports the rows of a CSV file through `options.mapping`. Given the
    /// bytes (a `Vec<u8>`) rather than a borrow, the import lets go of a
    /// file in a legacy code page once it is decoded, and reads a UTF-8 one
    /// without a copy.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the line of the first malformed or
    /// invalid row (nothing is imported then); [`Error::PermissionDenied`]
    /// without `contacts.create`.
    pub fn import_csv<'b>(
        &mut self,
        bytes: impl Into<std::borrow::Cow<'b, [u8]>>,
        options: &ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportReport> {
        self.authorize(Permission::ContactsCreate, "import.csv", None)?;
        self.authorize_import(options)?;
        // The file is decoded once (borrowed when it is UTF-8 already; when
        // the bytes are given, they become the text or go once decoded) and
        // scanned once for its layout and count before anything is written.
        let decoded = csv_file::decode_cow(bytes.into(), options.encoding.as_deref())?;
        let layout = csv_file::scan(&decoded.text)?;
        check_mapping(&layout.headers, &options.mapping, &options.custom_columns)?;
        let defs = crate::records::custom_fields::definitions(&self.conn)?;
        let text: &str = &decoded.text;
        let phones = import_phone_rules(&self.conn)?;
        // Read once for the reading thread, which makes the names' sort
        // keys (the writer makes them anew should the language change
        // before its transaction starts).
        let language = crate::records::sort_keys::language(&self.conn)?;
        // A second thread reads and checks the file while this one writes:
        // parsing no longer waits for the database, nor the database for
        // parsing, and the file is never held in memory as records whole.
        std::thread::scope(|scope| {
            let (batch_sender, receiver) = sync_channel(4);
            let (defs, layout) = (&defs, &layout);
            let sensitive = self.can(Permission::SensitiveWrite);
            scope.spawn(move || {
                read_csv(
                    text,
                    layout,
                    options,
                    defs,
                    sensitive,
                    phones,
                    language,
                    &batch_sender,
                );
            });
            let mut records = Received {
                receiver,
                batch: Vec::new().into_iter(),
            };
            self.write_import("csv", layout.rows, defs, &mut records, options, progress)
        })
    }

    /// Writes the records of a file that importing it with `options` would
    /// reject to `out`, as CSV for the user to correct and import again: a
    /// UTF-8 file (with a byte-order mark, so spreadsheets read its
    /// letters) with a last `Reason` column. For a CSV file (`format`
    /// `csv`): its header and each rejected row's cells, in the file's own
    /// delimiter; for a vCard file (`vcard`): the card's place, name,
    /// e-mails and phones. A cell a spreadsheet would run as a formula is
    /// guarded as every CSV Steward writes (Steward's import removes the
    /// guard). The file holds personal data: writing it is recorded as a
    /// `contact.export` of format `rejected-rows`, with the count only.
    /// Returns how many rows it wrote.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.create`;
    /// [`Error::InvalidInput`] for an unknown format or a file an import
    /// refuses whole; I/O errors.
    pub fn write_rejected_rows(
        &self,
        format: &str,
        bytes: &[u8],
        options: &ImportOptions,
        out: &mut dyn std::io::Write,
    ) -> Result<usize> {
        self.authorize(Permission::ContactsCreate, "import.rejected_rows", None)?;
        let defs = crate::records::custom_fields::definitions(&self.conn)?;
        let phones = import_phone_rules(&self.conn)?;
        let sensitive = self.can(Permission::SensitiveWrite);
        let check = |place: Place, record: &NewContact| {
            check_record(place, record, Vec::new(), &defs, sensitive, phones).contact
        };
        let protect = |v: &str| crate::csv_cell::protect(v).into_owned();
        // The headers and reasons Steward adds are in the vault's language,
        // like its other files.
        let language = self.vault_language()?;
        out.write_all(b"\xEF\xBB\xBF").map_err(io_error)?;
        let mut n = 0;
        match format {
            "csv" => {
                let decoded = csv_file::decode(bytes, options.encoding.as_deref())?;
                let layout = csv_file::scan(&decoded.text)?;
                check_mapping(&layout.headers, &options.mapping, &options.custom_columns)?;
                let mut w = csv::WriterBuilder::new()
                    .delimiter(layout.delimiter)
                    .from_writer(out);
                let mut header: Vec<String> = layout.headers.iter().map(|h| protect(h)).collect();
                header.push(documents::rejected_rows_reason(language).into());
                w.write_record(&header).map_err(csv_error)?;
                let mut rows = csv_file::rows(&decoded.text, &layout)?;
                while let Some((line, row)) = rows.next_row()? {
                    let record = contact_from_row(&options.mapping, &options.custom_columns, row);
                    if let Err(reason) = check(Place::Line(line), &record) {
                        let mut cells: Vec<String> = row.iter().map(protect).collect();
                        cells.push(reason.said_in(language));
                        w.write_record(&cells).map_err(csv_error)?;
                        n += 1;
                    }
                }
                w.flush().map_err(io_error)?;
            }
            "vcard" => {
                let cards = super::vcard::parse_noting(bytes, false)?;
                let mut w = csv::Writer::from_writer(out);
                w.write_record(documents::rejected_cards_header(language))
                    .map_err(csv_error)?;
                for (place, record, _) in cards {
                    if let Err(reason) = check(Place::Named(place.clone()), &record) {
                        w.write_record([
                            documents::card_place(language, &place),
                            protect(&record.name),
                            protect(&record.emails.join(", ")),
                            protect(&record.phones.join(", ")),
                            reason.said_in(language),
                        ])
                        .map_err(csv_error)?;
                        n += 1;
                    }
                }
                w.flush().map_err(io_error)?;
            }
            other => {
                return Err(Error::from(
                    crate::Invalid::new(
                        "value-not-allowed",
                        format!("unknown import format {other:?}; use csv or vcard"),
                    )
                    .with("field", "import format"),
                ));
            }
        }
        self.record(
            &Event::allowed(
                "contact.export",
                Some(Target {
                    kind: "export",
                    id: "rejected-rows".into(),
                }),
            )
            .with("format", "rejected-rows")
            .with("source", if format == "csv" { "csv" } else { "vcard" })
            .with("rows", n)
            .with("language", language.as_str()),
        )?;
        Ok(n)
    }

    /// Checks that the user may import with these options.
    fn authorize_import(&self, options: &ImportOptions) -> Result<()> {
        self.authorize(Permission::ContactsCreate, "import", None)?;
        if options.mapping.contains(&Some(Field::Birthday)) {
            // Dates of birth are sensitive: bringing them in is writing them.
            self.authorize(Permission::SensitiveWrite, "import", None)?;
        }
        if options.readmit_known {
            // Letting erased or objecting people back in is a rights decision.
            self.authorize(Permission::RightsManage, "import.readmit", None)?;
        }
        Ok(())
    }

    /// Imports already-parsed contacts; `records` gives each with where it
    /// came from ("card 3") and what reading it left out.
    pub(crate) fn import_contacts(
        &mut self,
        format: &'static str,
        records: Vec<super::vcard::NotedCard>,
        options: &ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportReport> {
        self.authorize_import(options)?;
        // Validate everything before writing anything.
        let defs = crate::records::custom_fields::definitions(&self.conn)?;
        let total = records.len();
        let phones = import_phone_rules(&self.conn)?;
        let language = crate::records::sort_keys::language(&self.conn)?;
        let sensitive = self.can(Permission::SensitiveWrite);
        let tolerant = options.skip_rejected || options.dry_run;
        let clean = records
            .into_iter()
            .map(|(place, record, warnings)| {
                let mut checked = check_record(
                    Place::Named(place),
                    &record,
                    warnings
                        .into_iter()
                        .map(|(code, message)| RowNote::new(code, message))
                        .collect(),
                    &defs,
                    sensitive,
                    phones,
                );
                if !tolerant {
                    checked.refuse()?;
                }
                checked.prepare(options.notes_as_activities, language);
                Ok(checked)
            })
            .collect::<Result<Vec<_>>>()?;
        self.write_import(
            format,
            total,
            &defs,
            &mut clean.into_iter().map(Ok),
            options,
            progress,
        )
    }

    /// Writes `total` checked records in one transaction (rolled back for a
    /// dry run, or when `records` yields an error: nothing is
    /// half-imported).
    fn write_import(
        &mut self,
        format: &'static str,
        total: usize,
        defs: &[CustomField],
        records: &mut dyn Iterator<Item = Result<Checked>>,
        options: &ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportReport> {
        // Write, in one transaction; a dry run rolls it back.
        let now = crate::clock::now_rfc3339();
        // Merged contacts' phones are read as the records' were.
        let phone_rules = import_phone_rules(&self.conn)?;
        let mut report = ImportReport {
            records: total,
            dry_run: options.dry_run,
            ..ImportReport::default()
        };
        let user_id = self.user.id;
        let may_edit_any = self.can(Permission::ContactsEditAny);
        let hash_key = &self.keys.identifier_hash;
        let audit_key = &self.keys.audit_mac;
        // Everything the duplicates are judged by is read inside the write
        // transaction, taken at once (`BEGIN IMMEDIATE`): a second import
        // of the same file, in this process or another, waits for the first
        // and then sees its contacts.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // What exists already, by e-mail and by phone; each imported record
        // is added as it is written. A restricted contact wins over another
        // with the same address, so a record matching it is left out.
        let restricted: foldhash::HashSet<i64> = tx
            .prepare(
                "SELECT id FROM contacts WHERE restricted_at IS NOT NULL AND deleted_at IS NULL",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // Each key stored once in one buffer: at 1 000 000 contacts an
        // owned string per key made these maps the import's largest part.
        let mut by_email = TextMap::default();
        let mut by_phone = TextMap::default();
        let index = |map: &mut TextMap, key: &str, id: i64| {
            map.set_unless(key, id, |old| restricted.contains(&old));
        };
        {
            let mut stmt = tx.prepare(
                "SELECT lower(e.email), e.contact_id FROM contact_emails e
                 JOIN contacts c ON c.id = e.contact_id WHERE c.deleted_at IS NULL",
            )?;
            for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
                let (email, id) = row?;
                index(&mut by_email, &email, id);
            }
            let mut stmt = tx.prepare(
                "SELECT p.phone, CASE WHEN p.flag IS NOT 'invalid' THEN p.e164 END, p.contact_id
                 FROM contact_phones p
                 JOIN contacts c ON c.id = p.contact_id WHERE c.deleted_at IS NULL",
            )?;
            let row = |r: &rusqlite::Row<'_>| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            };
            for row in stmt.query_map([], row)? {
                let (phone, e164, id) = row?;
                let mut keys = Vec::with_capacity(3);
                phone_keys(&phone, e164.as_deref(), &mut keys);
                for key in &keys {
                    index(&mut by_phone, key, id);
                }
            }
        }
        by_email.reserve(total);
        by_phone.reserve(total);
        // Checking every record against the erasure ledger and the
        // suppression list costs two keyed hashes a record: skip it when
        // both are empty.
        let screen: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM erasure_ledger) OR EXISTS (SELECT 1 FROM suppressions)",
            [],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO imports (format, started_at, user_id) VALUES (?1, ?2, ?3)",
            params![format, now, user_id],
        )?;
        let import_id = tx.last_insert_rowid();
        let mut done = 0;
        // Contacts created with a sensitive value: the import's entry says
        // how many, so the log shows who brought such data in.
        let mut with_sensitive = 0;
        let mut link = CompanyLinks {
            companies: Companies::load(&tx)?,
            user_id,
            import_id,
            now: &now,
            audit_key,
            entries: search::index::Deferred::default(),
        };
        let mut rows = RowLog::default();
        // The full-text index merges its segments 4 at a time as they are
        // written (FTS5's `automerge`); during an import, 16 at a time,
        // which took 11 % off the writer's instructions at 20 000 contacts
        // with the same cost of a search afterwards. The setting is put
        // back in this transaction, so a rollback or a crash leaves it
        // too.
        index_settings(&tx, true)?;
        // An import as large as the vault or larger builds the contacts'
        // indexes after its rows, each in one sort.
        // Counted no further than one past the import's size: a small
        // import into a large vault reads a few rows, not all of them.
        let existing: i64 = tx.query_row(
            "SELECT count(*) FROM (SELECT 1 FROM contacts LIMIT ?1)",
            [i64::try_from(total).unwrap_or(i64::MAX).saturating_add(1)],
            |r| r.get(0),
        )?;
        let dropped = if bulk_import(total, existing) {
            drop_indexes(&tx, &BULK_TABLES)?
        } else {
            Vec::new()
        };
        let mut inserts = ContactInserts::new(&tx)?;
        for c in records {
            let c = c?;
            if done % 1000 == 0 {
                progress(done, total);
            }
            done += 1;
            // Notes brought in as activities are out of the contact already.
            let Some((c, prepared)) = rows.admit(c, &report) else {
                continue;
            };
            let Prepared {
                note,
                body,
                emails,
                phone_lookups: phones,
                phone_keys,
                keys,
            } = prepared;
            let c = &c;
            if screen {
                let known = crate::rights::known_person(&tx, hash_key, &c.emails, &c.phones)?;
                match known {
                    Some(crate::rights::Known::Erased) => report.erased += 1,
                    Some(crate::rights::Known::Suppressed) => report.suppressed += 1,
                    None => {}
                }
                if known.is_some() && !options.readmit_known {
                    continue;
                }
            }
            let duplicate = emails
                .iter()
                .find_map(|e| by_email.get(e))
                .or_else(|| phones.iter().find_map(|k| by_phone.get(k)));
            if duplicate.is_some_and(|d| restricted.contains(&d)) {
                // Restriction means storage only: an import neither adds to
                // the contact nor creates the person again beside it.
                report.restricted += 1;
                continue;
            }
            let id = match (duplicate, options.on_duplicate) {
                (Some(_), OnDuplicate::Skip) => {
                    report.skipped += 1;
                    continue;
                }
                (Some(existing), OnDuplicate::Merge) => {
                    // Merging edits someone's contact: only where the user
                    // may edit it; otherwise the record is skipped.
                    let owner: i64 = tx
                        .prepare_cached("SELECT owner_id FROM contacts WHERE id = ?1")?
                        .query_row([existing], |r| r.get(0))?;
                    if !(may_edit_any || owner == user_id) {
                        report.skipped += 1;
                        continue;
                    }
                    let company = merge_into(&tx, defs, phone_rules, import_id, existing, c, &now)?;
                    rows.merged_into = existing;
                    audit::append(
                        &tx,
                        audit_key,
                        Some(user_id),
                        &Event::allowed("contact.update", Some(Target::contact(existing)))
                            .with("import_id", import_id),
                    )?;
                    report.merged += 1;
                    report.phones_flagged += flagged(c);
                    (existing, company)
                }
                (None, _) | (Some(_), OnDuplicate::Create) => {
                    report.created += 1;
                    with_sensitive += usize::from(!c.sensitive.is_empty());
                    report.phones_flagged += flagged(c);
                    // Linked as it is written: one write a contact, not
                    // an insert and an update.
                    let company_id = match &c.company {
                        Some(name) => Some(link.company(&tx, name, &mut report)?),
                        None => None,
                    };
                    let id = inserts.insert(
                        &tx,
                        user_id,
                        c,
                        Some(import_id),
                        company_id,
                        &now,
                        Some(&body),
                        keys.as_ref(),
                    )?;
                    report.companies_linked += usize::from(company_id.is_some());
                    (id, None)
                }
            };
            let (id, company) = id;
            if let Some(name) = company {
                let company_id = link.company(&tx, &name, &mut report)?;
                tx.prepare_cached("UPDATE contacts SET company_id = ?2 WHERE id = ?1")?
                    .execute(params![id, company_id])?;
                report.companies_linked += 1;
            }
            if c.objects_to_marketing {
                // The person's own word, from the system the file comes
                // from: recorded whoever imports, never a consent.
                let suppressed = crate::rights::record_objection(&tx, hash_key, id, &now)?;
                audit::append(
                    &tx,
                    audit_key,
                    Some(user_id),
                    &Event::allowed("dsr.object", Some(Target::contact(id)))
                        .with("source", "import")
                        .with("import_id", import_id)
                        .with("suppressed_identifiers", suppressed),
                )?;
                report.objections += 1;
            }
            if let Some(note) = note {
                crate::records::activities::insert_imported_note(
                    &tx,
                    id,
                    &note,
                    user_id,
                    import_id,
                    &now,
                    &mut link.entries,
                )?;
                report.activities_created += 1;
            }
            for e in &emails {
                by_email.set_if_new(e, id);
            }
            for key in &phone_keys {
                by_phone.set_if_new(key, id);
            }
        }
        drop(inserts);
        index_settings(&tx, false)?;
        progress(done, total);
        std::mem::take(&mut link.entries).write(&tx)?;
        recreate_indexes(&tx, &dropped)?;
        rows.finish(&mut report);
        report.readmitted = options.readmit_known && report.erased + report.suppressed > 0;
        report.left_out = report.restricted
            + if options.readmit_known {
                0
            } else {
                report.erased + report.suppressed
            };
        tx.execute(
            "UPDATE imports SET created = ?2, merged = ?3, skipped = ?4 WHERE id = ?1",
            params![
                import_id,
                i64::try_from(report.created).unwrap_or(i64::MAX),
                i64::try_from(report.merged).unwrap_or(i64::MAX),
                i64::try_from(report.skipped).unwrap_or(i64::MAX)
            ],
        )?;
        audit::append(
            &tx,
            audit_key,
            Some(user_id),
            &Event::allowed(
                if format == "csv" {
                    "import.csv"
                } else {
                    "import.vcard"
                },
                Some(Target {
                    kind: "import",
                    id: import_id.to_string(),
                }),
            )
            .with("records", total)
            .with("created", report.created)
            .with("merged", report.merged)
            .with("skipped", report.skipped)
            .with("left_out", report.left_out)
            .with("erased", report.erased)
            .with("suppressed", report.suppressed)
            .with("restricted", report.restricted)
            .with("readmitted", report.readmitted)
            .with("with_sensitive", with_sensitive)
            .with("phones_flagged", report.phones_flagged)
            .with("companies_created", report.companies_created)
            .with("companies_linked", report.companies_linked)
            .with("objections", report.objections)
            .with("activities_created", report.activities_created)
            .with("rejected", report.rejected)
            .with("warned", report.warned),
        )?;
        if options.dry_run {
            tx.rollback()?;
            // A dry run writes nothing but is recorded: it tells whether
            // people are known, so trying one address a file is seen.
            self.record(
                &Event::allowed("import.dry_run", None)
                    .with("format", format)
                    .with("records", total)
                    .with("created", report.created)
                    .with("merged", report.merged)
                    .with("skipped", report.skipped)
                    .with("left_out", report.left_out)
                    .with("erased", report.erased)
                    .with("suppressed", report.suppressed)
                    .with("restricted", report.restricted)
                    .with("companies_created", report.companies_created)
                    .with("objections", report.objections)
                    .with("rejected", report.rejected)
                    .with("warned", report.warned),
            )?;
        } else {
            tx.commit()?;
            report.import_id = Some(import_id);
        }
        if !self.can(Permission::RightsManage) {
            // Why a record was left out is for those who handle requests:
            // others would learn who was erased, objected or is hidden
            // from them.
            report.erased = 0;
            report.suppressed = 0;
            report.restricted = 0;
        }
        Ok(report)
    }

    /// Past imports, newest first.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn list_imports(&self) -> Result<Vec<ImportInfo>> {
        self.authorize(Permission::ContactsRead, "import.list", None)?;
        let mut stmt = self.conn.prepare(
            "SELECT id, format, started_at, user_id, created, merged, skipped, undone_at
             FROM imports ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ImportInfo {
                id: r.get(0)?,
                format: r.get(1)?,
                started_at: r.get(2)?,
                user_id: r.get(3)?,
                created: r.get(4)?,
                merged: r.get(5)?,
                skipped: r.get(6)?,
                undone_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Undoes an import: removes the contacts it created (with everything
    /// attached to them, even if edited since) and puts merged contacts back
    /// as they were before it.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::InvalidInput`] when already undone;
    /// [`Error::PermissionDenied`] unless the user ran the import or may
    /// delete any contact.
    pub fn undo_import(&mut self, import_id: i64) -> Result<UndoReport> {
        let target = Some(Target {
            kind: "import",
            id: import_id.to_string(),
        });
        self.authorize(Permission::ContactsDeleteOwn, "import.undo", target.clone())?;
        let (owner, undone): (i64, Option<String>) = self
            .conn
            .query_row(
                "SELECT user_id, undone_at FROM imports WHERE id = ?1",
                [import_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "import",
                id: import_id.to_string(),
            })?;
        if owner != self.user.id {
            self.authorize(Permission::ContactsDeleteAny, "import.undo", target.clone())?;
        }
        if undone.is_some() {
            return Err(crate::Invalid::new(
                "import-undone",
                format!("import {import_id} was already undone"),
            )
            .with("import", import_id)
            .into());
        }
        // A contact it made that was merged with another since holds that
        // other's rows (or they hold its): deleting it would take them too.
        let merged: i64 = self.conn.query_row(
            "SELECT count(*) FROM contact_merges
             WHERE undone_at IS NULL
               AND (kept_id IN (SELECT id FROM contacts WHERE import_id = ?1)
                    OR merged_id IN (SELECT id FROM contacts WHERE import_id = ?1))",
            [import_id],
            |r| r.get(0),
        )?;
        if merged > 0 {
            return Err(crate::error::Invalid::new(
                "import-merged-since",
                format!(
                    "{merged} merge(s) since import {import_id} involve contacts it created; \
                     undo those merges first (restore the merged contacts from the recycle bin)"
                ),
            )
            .with("count", merged)
            .into());
        }
        // The e-mails it brought in must be as it wrote them: an activity
        // edited since, or one holding files added since, is someone's work.
        let changed = emails_changed_since(&self.conn, import_id)?;
        if changed > 0 {
            return Err(crate::error::Invalid::new(
                "import-changed-since",
                format!(
                    "{changed} e-mail activit(ies) of import {import_id} were edited or given \
                     files since; undo those changes or delete the activities instead"
                ),
            )
            .with("count", changed)
            .into());
        }
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Their files go with them (the rows cascade).
        let attachments_removed: i64 = tx.query_row(
            "SELECT count(*) FROM attachments WHERE import_id = ?1",
            [import_id],
            |r| r.get(0),
        )?;
        let attachments_removed = usize::try_from(attachments_removed).unwrap_or(0);
        // The note activities it made, on created contacts or merged ones.
        let activities: Vec<i64> = {
            let mut stmt = tx.prepare("SELECT id FROM activities WHERE import_id = ?1")?;
            stmt.query_map([import_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        for id in &activities {
            search::index::remove(&tx, Kind::Activity, *id)?;
            tx.execute("DELETE FROM activities WHERE id = ?1", [id])?;
        }
        let created: Vec<i64> = {
            let mut stmt = tx.prepare("SELECT id FROM contacts WHERE import_id = ?1")?;
            stmt.query_map([import_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        for id in &created {
            search::index::remove(&tx, Kind::Contact, *id)?;
            tx.execute("DELETE FROM contacts WHERE id = ?1", [id])?;
        }
        let merges: Vec<(i64, String)> = {
            let mut stmt =
                tx.prepare("SELECT contact_id, before FROM import_merges WHERE import_id = ?1")?;
            stmt.query_map([import_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let companies = Companies::load(&tx)?;
        for (id, before) in &merges {
            let before: Before = serde_json::from_str(before)
                .map_err(|_| Error::Integrity("an import's saved state is unreadable".into()))?;
            restore_before(&tx, *id, &before, &companies, &now)?;
        }
        tx.execute(
            "DELETE FROM import_merges WHERE import_id = ?1",
            [import_id],
        )?;
        // The companies it created, unless something else uses them now (a
        // contact, deal, activity or task, in the recycle bin or not).
        // Objections it recorded stay: see `docs/import-formats.md`.
        let companies_removed = crate::records::companies::remove_unused_imported(&tx, import_id)?;
        tx.execute(
            "UPDATE imports SET undone_at = ?2 WHERE id = ?1",
            params![import_id, now],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("import.undo", target)
                .with("removed", created.len())
                .with("restored", merges.len())
                .with("companies_removed", companies_removed)
                .with("activities_removed", activities.len())
                .with("attachments_removed", attachments_removed),
        )?;
        tx.commit()?;
        Ok(UndoReport {
            removed: created.len(),
            restored: merges.len(),
            companies_removed,
            activities_removed: activities.len(),
            attachments_removed,
        })
    }
}

/// How many of the e-mail activities import `import_id` wrote differ from
/// what it wrote (their digest), or hold attachments it did not add.
fn emails_changed_since(conn: &rusqlite::Connection, import_id: i64) -> Result<i64> {
    type Row = (String, String, Option<String>, String, String);
    let rows: Vec<Row> = conn
        .prepare(
            "SELECT kind, subject, body, occurred_at, email_digest FROM activities
             WHERE import_id = ?1 AND email_digest IS NOT NULL",
        )?
        .query_map([import_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let edited = rows
        .iter()
        .filter(|(kind, subject, body, at, digest)| {
            crate::records::activities::import_digest(kind, subject, body.as_deref(), at) != *digest
        })
        .count();
    let given_files: i64 = conn.query_row(
        "SELECT count(DISTINCT a.id) FROM activities a JOIN attachments f ON f.activity_id = a.id
         WHERE a.import_id = ?1 AND a.email_digest IS NOT NULL AND f.import_id IS NOT ?1",
        [import_id],
        |r| r.get(0),
    )?;
    Ok(i64::try_from(edited).unwrap_or(i64::MAX) + given_files)
}

fn read_before(tx: &rusqlite::Transaction<'_>, id: i64) -> Result<Before> {
    let list = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = tx.prepare_cached(sql)?;
        Ok(stmt
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    };
    let mut before = tx
        .prepare_cached(
            "SELECT name, company, title, source, street, city, postal_code, region, country, notes,
                company_id
         FROM contacts WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Before {
                name: r.get(0)?,
                company: r.get(1)?,
                title: r.get(2)?,
                source: r.get(3)?,
                street: r.get(4)?,
                city: r.get(5)?,
                postal_code: r.get(6)?,
                region: r.get(7)?,
                country: r.get(8)?,
                notes: r.get(9)?,
                company_id: r.get(10)?,
                company_link_saved: true,
                custom: Default::default(),
                emails: Vec::new(),
                phones: Vec::new(),
                tags: Vec::new(),
            })
        })?;
    before.emails =
        list("SELECT email FROM contact_emails WHERE contact_id = ?1 ORDER BY position")?;
    before.phones =
        list("SELECT phone FROM contact_phones WHERE contact_id = ?1 ORDER BY position")?;
    before.tags = list(
        "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = ?1 ORDER BY t.name COLLATE NOCASE",
    )?;
    before.custom = crate::records::custom_fields::read_values(tx, id)?;
    Ok(before)
}

/// How many of a written record's phones are flagged.
fn flagged(c: &CleanContact) -> usize {
    c.phone_forms.iter().filter(|f| f.flag.is_some()).count()
}

fn merge_into(
    tx: &rusqlite::Transaction<'_>,
    defs: &[crate::records::custom_fields::CustomField],
    phones: PhoneRules,
    import_id: i64,
    id: i64,
    new: &CleanContact,
    now: &str,
) -> Result<Option<String>> {
    let before = read_before(tx, id)?;
    let after = merged(&before, new).cleaned(defs, phones)?;
    tx.prepare_cached(
        "INSERT OR IGNORE INTO import_merges (import_id, contact_id, before) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![
        import_id,
        id,
        serde_json::to_string(&before)
            .map_err(|_| Error::Database("serializing a contact".into()))?
    ])?;
    // Linked by the caller, which knows the import's companies.
    crate::records::contacts::overwrite_contact(tx, id, &after, None, now)?;
    Ok(after.company)
}

fn restore_before(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    b: &Before,
    companies: &Companies,
    now: &str,
) -> Result<()> {
    let clean = NewContact {
        name: b.name.clone(),
        emails: b.emails.clone(),
        phones: b.phones.clone(),
        company: b.company.clone(),
        title: b.title.clone(),
        source: b.source.clone(),
        address: Address {
            street: b.street.clone(),
            city: b.city.clone(),
            postal_code: b.postal_code.clone(),
            region: b.region.clone(),
            country: b.country.clone(),
        },
        tags: b.tags.clone(),
        notes: b.notes.clone(),
        custom: b.custom.clone(),
        sensitive: Default::default(),
    }
    .cleaned(
        &crate::records::custom_fields::definitions(tx)?,
        import_phone_rules(tx)?,
    )?;
    let by_name = match (&clean.company, b.company_link_saved) {
        (Some(name), false) => companies.get(name),
        _ => None,
    };
    crate::records::contacts::overwrite_contact(tx, id, &clean, by_name, now)?;
    if b.company_link_saved {
        tx.prepare_cached(
            "UPDATE contacts SET company_id = (SELECT id FROM companies WHERE id = ?2) WHERE id = ?1",
        )?
        .execute(params![id, b.company_id])?;
    }
    Ok(())
}

/// The company records an import links its contacts to: the live ones by
/// [`company_names`]' rule, and those the import creates as it meets new
/// names.
struct CompanyLinks<'a> {
    companies: Companies,
    user_id: i64,
    import_id: i64,
    now: &'a str,
    audit_key: &'a crate::secret::DerivedKey,
    /// The search entries of the companies and notes the import makes,
    /// written when its contacts are.
    entries: search::index::Deferred,
}

impl CompanyLinks<'_> {
    /// The company named `name`, created (and audited) when there is none.
    fn company(
        &mut self,
        tx: &rusqlite::Transaction<'_>,
        name: &str,
        report: &mut ImportReport,
    ) -> Result<i64> {
        if let Some(id) = self.companies.get(name) {
            return Ok(id);
        }
        let company_id = crate::records::companies::insert_imported(
            tx,
            &company_names::tidy(name),
            self.user_id,
            self.import_id,
            self.now,
            &mut self.entries,
        )?;
        audit::append(
            tx,
            self.audit_key,
            Some(self.user_id),
            &Event::allowed(
                "company.create",
                Some(Target {
                    kind: "company",
                    id: company_id.to_string(),
                }),
            )
            .with("import_id", self.import_id),
        )?;
        report.companies_created += 1;
        self.companies.insert(name, company_id);
        Ok(company_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_fields_refused_value_names_its_label() {
        let err: Error = crate::Invalid::new("invalid-value", "the Mărime is not a number")
            .with("field", "Mărime")
            .with("kind", "number")
            .with("custom", true)
            .into();
        let note = rejection(&err);
        assert_eq!(note.code, "invalid-value");
        assert_eq!(note.params.get("field").map(String::as_str), Some("Mărime"));
        let plain = rejection(&Error::from(crate::Invalid::from("something else")));
        assert_eq!(plain.code, "invalid-value");
        assert!(plain.params.is_empty());
    }

    #[test]
    fn phone_keys_ignore_the_country_prefix() {
        assert_eq!(phone_key("+49 30 1234567"), phone_key("030 1234567"));
        assert_eq!(phone_key("12"), None);
    }

    #[test]
    fn phones_with_e164_forms_match_by_them_and_others_by_their_digits() {
        let matches = |a: (&str, Option<&str>), b: (&str, Option<&str>)| {
            let (mut stored, mut looked) = (Vec::new(), Vec::new());
            phone_keys(a.0, a.1, &mut stored);
            phone_lookups(b.0, b.1, &mut looked);
            looked.iter().any(|k| stored.contains(k))
        };
        let ro = ("+40 723 456 789", Some("+40723456789"));
        assert!(matches(ro, ("0723.456.789", Some("+40723456789"))));
        assert!(!matches(ro, ("+49 723 456 789", Some("+49723456789"))));
        // Without a default country a national number has no form: digits.
        assert!(matches(ro, ("0723 456 789", None)));
        assert!(matches(("0723 456 789", None), ro));
        assert!(!matches(ro, ("0723 456 780", None)));
    }

    #[test]
    fn a_row_without_a_name_takes_first_and_last_then_the_company_then_the_email() {
        let m = [
            Some(Field::FirstName),
            Some(Field::LastName),
            Some(Field::Email),
            Some(Field::Company),
        ];
        let row = |a: &str, b: &str, c: &str, d: &str| csv::StringRecord::from(vec![a, b, c, d]);
        assert_eq!(
            contact_from_row(&m, &[], &row("Ada", "Lovelace", "", "")).name,
            "Ada Lovelace"
        );
        assert_eq!(
            contact_from_row(&m, &[], &row("", "", "", "Acme")).name,
            "Acme"
        );
        assert_eq!(
            contact_from_row(&m, &[], &row("", "", "x@y.z", "")).name,
            "x@y.z"
        );
    }

    #[test]
    fn a_google_contacts_export_reads_with_several_values_in_a_cell() {
        let csv = b"Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value\n\
Katherine Johnson,* myContacts ::: Friends,* Home,kj@example.com ::: k@example.net,Mobile,+1 757 555 0199 ::: +1 757 555 0123\n";
        let preview = super::super::preview_csv(csv).unwrap();
        let records = csv_contacts(csv, None, &preview.suggested, &[]).unwrap();
        check_records(&records).unwrap();
        let (place, c) = &records[0];
        assert_eq!(place, "line 2");
        assert_eq!(c.emails, ["kj@example.com", "k@example.net"]);
        assert_eq!(c.phones, ["+1 757 555 0199", "+1 757 555 0123"]);
        assert_eq!(c.tags, ["Friends"]);
    }
}
