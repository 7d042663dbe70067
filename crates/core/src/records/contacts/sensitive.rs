//! Sensitive fields: date of birth, national id, special-category notes.
//!
//! They live in their own table, are never indexed for search, are masked in
//! every read, and come out one field of one contact at a time through
//! [`Session::reveal_sensitive`], which records the reveal and its reason.

use rusqlite::{OptionalExtension, Transaction, params};

use super::fields::check_text;
use crate::audit::{Event, Target};
use crate::auth::{Permission, Session};
use crate::{Error, Result};

/// Values of the sensitive fields. In [`NewContact`] `None` leaves a field
/// empty; in [`ContactPatch`] `None` leaves it as it is and an empty string
/// clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SensitiveValues {
    /// Date of birth, `YYYY-MM-DD`, or `--MM-DD` when the year is not
    /// known (vCard 4.0's form, as address books export it).
    pub date_of_birth: Option<String>,
    /// National identity number.
    pub national_id: Option<String>,
    /// Special-category notes (health, beliefs, …: GDPR Art. 9).
    pub special_notes: Option<String>,
}

impl SensitiveValues {
    pub(crate) fn is_empty(&self) -> bool {
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

    pub(super) fn column(self) -> &'static str {
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
                Error::from(crate::Invalid::new("value-not-allowed", format!(
                    "unknown sensitive field {s:?}; the fields are date-of-birth, national-id and special-notes"
                )).with("field", "sensitive field"))
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

/// Longest national id, in characters.
pub const MAX_NATIONAL_ID: usize = 64;
/// Longest special-category notes text, in characters.
pub const MAX_SPECIAL_NOTES: usize = 10_000;

/// Cleans sensitive values: `Some("")` stays `Some("")` (meaning "clear").
pub(super) fn clean_sensitive(values: &SensitiveValues) -> Result<SensitiveValues> {
    let dob = match values.date_of_birth.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(String::new()),
        Some(d) => Some(clean_date_of_birth(d)?),
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

/// A date of birth as stored: `YYYY-MM-DD` between 1900 and today, or
/// `--MM-DD` (a day that exists in some year: `--02-29` is one).
fn clean_date_of_birth(d: &str) -> Result<String> {
    if let Some(month_day) = d.strip_prefix("--") {
        // 2000 is a leap year, so every day of the calendar exists in it.
        let date = chrono::NaiveDate::parse_from_str(&format!("2000-{month_day}"), "%Y-%m-%d")
            .ok()
            .filter(|_| month_day.len() == 5)
            .ok_or_else(not_a_birth_date)?;
        return Ok(date.format("--%m-%d").to_string());
    }
    let date = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| not_a_birth_date())?;
    if date > chrono::Utc::now().date_naive() || chrono::Datelike::year(&date) < 1900 {
        return Err(crate::Invalid::new(
            "birth-date-out-of-range",
            "the date of birth must be between 1900 and today",
        )
        .into());
    }
    Ok(date.format("%Y-%m-%d").to_string())
}

/// Sensitive values read from an import file, each checked on its own: a
/// value that would be refused when typed in is left out, and the others
/// kept (an import does not fail a record for one unusable value).
pub(crate) fn importable_sensitive(values: &SensitiveValues) -> SensitiveValues {
    // An empty value means "clear" to `clean_sensitive`; in a new record
    // it means nothing.
    let given = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
    let checked = |only: SensitiveValues| clean_sensitive(&only).ok().unwrap_or_default();
    SensitiveValues {
        date_of_birth: checked(SensitiveValues {
            date_of_birth: given(&values.date_of_birth),
            ..SensitiveValues::default()
        })
        .date_of_birth,
        national_id: checked(SensitiveValues {
            national_id: given(&values.national_id),
            ..SensitiveValues::default()
        })
        .national_id,
        special_notes: checked(SensitiveValues {
            special_notes: given(&values.special_notes),
            ..SensitiveValues::default()
        })
        .special_notes,
    }
}

/// Writes the given sensitive values (`Some("")` clears a field).
pub(super) fn write_sensitive(
    tx: &Transaction<'_>,
    id: i64,
    values: &SensitiveValues,
) -> Result<()> {
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

pub(super) fn changed_sensitive_fields(
    values: &SensitiveValues,
) -> impl Iterator<Item = &'static str> + '_ {
    SensitiveField::ALL
        .into_iter()
        .filter(move |f| match f {
            SensitiveField::DateOfBirth => values.date_of_birth.is_some(),
            SensitiveField::NationalId => values.national_id.is_some(),
            SensitiveField::SpecialNotes => values.special_notes.is_some(),
        })
        .map(SensitiveField::as_str)
}

impl Session {
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
            return Err(crate::Invalid::new(
                "reveal-reason-needed",
                "give a reason for revealing this field (at least a few words)",
            )
            .into());
        }
        check_text("reason", reason, 500)?;
        let contact = self.load_contact(id)?;
        let lower = reason.to_lowercase();
        // The name, each part of it longer than two letters, the e-mails and
        // the phone numbers' digits must not appear in the reason.
        let digits: String = lower.chars().filter(char::is_ascii_digit).collect();
        let repeats_identity = std::iter::once(contact.name.as_str())
            .chain(
                contact
                    .name
                    .split_whitespace()
                    .filter(|part| part.chars().count() > 2),
            )
            .chain(contact.emails.iter().map(String::as_str))
            .any(|v| !v.is_empty() && lower.contains(&v.to_lowercase()))
            || contact.phones.iter().any(|p| {
                // The subscriber part: the last seven digits, whatever prefix
                // (+49, 0) the reason wrote.
                let p: Vec<char> = p.chars().filter(char::is_ascii_digit).collect();
                let tail: String = p[p.len().saturating_sub(7)..].iter().collect();
                tail.len() >= 5 && digits.contains(&tail)
            });
        if repeats_identity {
            return Err(crate::Invalid::new(
                "reveal-reason-personal",
                "leave the contact's name, e-mail and phone out of the reason: it is stored in the audit log",
            )
            .into());
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
        let limit = crate::monitor::policy::load(&self.conn)?.reveals_per_hour;
        self.count_rule(
            crate::monitor::Rule::ManyReveals,
            "contact.reveal",
            60,
            limit,
            "many-reveals",
            "sensitive fields revealed",
        )?;
        Ok(value)
    }
}

/// A date of birth that is not one: reason `birth-date-invalid`.
fn not_a_birth_date() -> Error {
    crate::Invalid::new(
        "birth-date-invalid",
        "the date of birth is not a date; write it as YYYY-MM-DD, or --MM-DD without a year",
    )
    .into()
}
