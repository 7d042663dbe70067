//! The contact's fields: the names an import maps columns to ([`Field`]) and
//! their validation, one clear error per bad value, before anything is written.

use rusqlite::{Transaction, params};

use std::fmt;
use std::str::FromStr;

use crate::phone::{self, Country, Normalized};
use crate::{Error, Invalid, Result};

/// A contact field a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The full name.
    Name,
    /// Given name (joined with the family name when there is no full name).
    FirstName,
    /// Middle name (between the given and the family name).
    MiddleName,
    /// Family name.
    LastName,
    /// An e-mail address (several columns may map here).
    Email,
    /// A phone number (several columns may map here).
    Phone,
    /// Company name.
    Company,
    /// Job title.
    Title,
    /// Street.
    Street,
    /// City.
    City,
    /// Postal code.
    PostalCode,
    /// Region or state.
    Region,
    /// Country.
    Country,
    /// Tags, separated by commas, semicolons or ` ::: `.
    Tags,
    /// Notes.
    Notes,
    /// Source.
    Source,
    /// Date of birth, into the sensitive fields (an import that maps it
    /// needs `sensitive.write`); a value that is not a date is left out.
    Birthday,
    /// Whether the person opted out of marketing e-mail (Zoho's `Email Opt
    /// Out`, HubSpot's unsubscribed status). Recognised, not yet recorded.
    MarketingOptOut,
}

impl Field {
    /// Every field, in the order the import wizard lists them.
    pub const ALL: [Field; 18] = [
        Field::Name,
        Field::FirstName,
        Field::MiddleName,
        Field::LastName,
        Field::Email,
        Field::Phone,
        Field::Company,
        Field::Title,
        Field::Street,
        Field::City,
        Field::PostalCode,
        Field::Region,
        Field::Country,
        Field::Tags,
        Field::Notes,
        Field::Source,
        Field::Birthday,
        Field::MarketingOptOut,
    ];

    /// The stable name used by `--map COLUMN=FIELD`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::FirstName => "first-name",
            Field::LastName => "last-name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Company => "company",
            Field::Title => "title",
            Field::Street => "street",
            Field::City => "city",
            Field::PostalCode => "postal-code",
            Field::Region => "region",
            Field::Country => "country",
            Field::Tags => "tags",
            Field::Notes => "notes",
            Field::Source => "source",
            Field::MiddleName => "middle-name",
            Field::Birthday => "birthday",
            Field::MarketingOptOut => "marketing-opt-out",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Field {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Field::ALL
            .into_iter()
            .find(|f| f.as_str() == s.trim().to_lowercase())
            .ok_or_else(|| {
                let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
                Error::from(
                    crate::Invalid::new(
                        "value-not-allowed",
                        format!(
                            "unknown field {s:?}; fields are {}, or ignore",
                            names.join(", ")
                        ),
                    )
                    .with("field", "field"),
                )
            })
    }
}

/// Longest name, company or single e-mail/phone, in characters.
pub const MAX_SHORT_FIELD: usize = 300;
/// Longest notes text, in characters.
pub const MAX_NOTES: usize = 100_000;
/// Most e-mails, phones or tags on one contact.
pub const MAX_LIST_ITEMS: usize = 20;

/// The last nine digits of a phone number, so `+49 30 1234567` and
/// `030 1234567` match: what the erasure ledger hashes, and what an
/// import's duplicates are judged by for a number without an E.164 form.
pub(crate) fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    // ASCII digits are one byte each, so byte offsets count digits.
    (digits.len() >= 6).then(|| digits[digits.len().saturating_sub(9)..].to_owned())
}

/// A yes or a no as spreadsheets and CRMs write one: `true`, `yes`, `y`,
/// `1`, `x`, and Romanian `da` and Excel's `ADEVĂRAT`; `false`, `no`, `n`,
/// `0`, `nu`, `FALS` (any case, spaces around ignored). `None` for
/// anything else, empty included. The one reading of yes and no: custom
/// yes-or-no fields and an import's opt-out column both use it.
pub(crate) fn yes_or_no(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "x" | "da" | "adevărat" => Some(true),
        "false" | "no" | "n" | "0" | "nu" | "fals" => Some(false),
        _ => None,
    }
}

pub(crate) fn check_text(label: &str, value: &str, max: usize) -> Result<()> {
    let len = value.chars().count();
    if len > max {
        return Err(Invalid::new(
            "too-long",
            format!("the {label} is {len} characters long; the limit is {max}"),
        )
        .with("field", label)
        .with("length", len)
        .with("limit", max)
        .into());
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(Invalid::new(
            "control-characters",
            format!("the {label} contains control characters"),
        )
        .with("field", label)
        .into());
    }
    Ok(())
}

pub(crate) fn clean_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Invalid::new("required", "a contact needs a name")
            .with("field", "name")
            .into());
    }
    if name.contains('\n') {
        return Err(Invalid::new("multiline", "the name must be on one line")
            .with("field", "name")
            .into());
    }
    check_text("name", name, MAX_SHORT_FIELD)?;
    Ok(name.to_owned())
}

pub(crate) fn clean_optional(
    label: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => {
            check_text(label, v, max)?;
            Ok(Some(v.to_owned()))
        }
    }
}

pub(crate) fn clean_emails(emails: &[String]) -> Result<Vec<String>> {
    let emails = clean_list("e-mail address", emails)?;
    // Errors name the field and its position, never the value: messages
    // reach logs and screens, and values are personal data.
    for (n, e) in emails.iter().enumerate() {
        let valid = e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !e.contains(char::is_whitespace)
        });
        if !valid {
            return Err(Invalid::new(
                "email-invalid",
                format!(
                    "e-mail address {} is not valid (it needs text before and after an @, without spaces)",
                    n + 1
                ),
            )
            .with("position", n + 1)
            .into());
        }
    }
    Ok(emails)
}

pub(crate) fn clean_phones(phones: &[String]) -> Result<Vec<String>> {
    let phones = clean_list("phone number", phones)?;
    for (n, p) in phones.iter().enumerate() {
        let digits = p.chars().filter(char::is_ascii_digit).count();
        if digits < 3 || p.contains('\n') {
            return Err(Invalid::new(
                "phone-invalid",
                format!(
                    "phone number {} is not valid (it needs 3 digits or more, on one line)",
                    n + 1
                ),
            )
            .with("position", n + 1)
            .into());
        }
    }
    Ok(phones)
}

/// How a contact's phones are checked and read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PhoneRules {
    /// The vault's default country, for numbers written nationally.
    pub(crate) country: Option<Country>,
    /// Keep a number that is no number as written, flagged, instead of
    /// refusing it: an import never fails on a phone.
    pub(crate) lenient: bool,
}

/// The vault's default country for phone numbers written nationally, or
/// `None` when it has none (or its schema predates it).
pub(crate) fn default_country(conn: &rusqlite::Connection) -> Result<Option<Country>> {
    Ok(crate::db::setting(conn, phone::SETTING)?.and_then(|v| v.parse().ok()))
}

/// The cleaned phones and, in the same order, their E.164 forms.
pub(crate) fn clean_phones_with(
    phones: &[String],
    rules: PhoneRules,
) -> Result<(Vec<String>, Vec<Normalized>)> {
    let phones = if rules.lenient {
        clean_list("phone number", phones)?
    } else {
        clean_phones(phones)?
    };
    let forms = phones
        .iter()
        .map(|p| phone::normalize(p, rules.country))
        .collect();
    Ok((phones, forms))
}

pub(crate) fn clean_list(label: &str, items: &[String]) -> Result<Vec<String>> {
    let items: Vec<String> = items
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if items.len() > MAX_LIST_ITEMS {
        return Err(Invalid::new(
            "too-many",
            format!("a contact can have at most {MAX_LIST_ITEMS} of each {label}"),
        )
        .with("field", label)
        .with("limit", MAX_LIST_ITEMS)
        .into());
    }
    for item in &items {
        check_text(label, item, MAX_SHORT_FIELD)?;
    }
    Ok(items)
}

/// One of a contact's lists kept in a table of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List {
    /// `contact_emails`.
    Emails,
}

impl List {
    fn delete_sql(self) -> &'static str {
        match self {
            List::Emails => "DELETE FROM contact_emails WHERE contact_id = ?1",
        }
    }

    pub(crate) fn insert_sql(self) -> &'static str {
        match self {
            List::Emails => {
                "INSERT INTO contact_emails (contact_id, position, email, folded) VALUES (?1, ?2, ?3, ?4)"
            }
        }
    }
}

pub(crate) fn write_list(
    tx: &Transaction<'_>,
    list: List,
    id: i64,
    items: &[String],
    replace: bool,
) -> Result<()> {
    if replace {
        tx.prepare_cached(list.delete_sql())?.execute([id])?;
    }
    let mut stmt = tx.prepare_cached(list.insert_sql())?;
    for (position, item) in items.iter().enumerate() {
        stmt.execute(params![
            id,
            i64::try_from(position).unwrap_or(i64::MAX),
            item,
            crate::collation::fold(item)
        ])?;
    }
    Ok(())
}

/// Inserts one phone of a contact: contact id, position, the number as
/// written, its E.164 form and its flag.
pub(crate) const INSERT_PHONE: &str =
    "INSERT INTO contact_phones (contact_id, position, phone, e164, flag)
         VALUES (?1, ?2, ?3, ?4, ?5)";

/// Writes contact `id`'s phones with their E.164 forms (`forms`, in the
/// same order); `replace` removes the old ones first.
pub(crate) fn write_phones(
    tx: &Transaction<'_>,
    id: i64,
    phones: &[String],
    forms: &[Normalized],
    replace: bool,
) -> Result<()> {
    if replace {
        tx.prepare_cached("DELETE FROM contact_phones WHERE contact_id = ?1")?
            .execute([id])?;
    }
    let mut stmt = tx.prepare_cached(INSERT_PHONE)?;
    for (position, (phone, form)) in phones.iter().zip(forms).enumerate() {
        stmt.execute(params![
            id,
            i64::try_from(position).unwrap_or(i64::MAX),
            phone,
            form.e164,
            form.flag.map(|f| f.as_str())
        ])?;
    }
    Ok(())
}
