//! JSON shapes of contacts for `--json`; see [`super`].

use serde::Serialize;
use steward_core::records::contacts::{Contact, ContactSummary};

#[derive(Debug, Serialize)]
pub struct PhoneJson<'a> {
    pub phone: &'a str,
    pub e164: Option<&'a str>,
    pub flag: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct ContactJson<'a> {
    pub id: i64,
    pub name: &'a str,
    pub emails: &'a [String],
    pub phones: &'a [String],
    /// Each phone as written with its E.164 form (`null` when it has none)
    /// and why that form is missing or uncertain (`null` when it is not).
    pub phone_numbers: Vec<PhoneJson<'a>>,
    pub company: Option<&'a str>,
    pub title: Option<&'a str>,
    pub source: Option<&'a str>,
    pub street: Option<&'a str>,
    pub city: Option<&'a str>,
    pub postal_code: Option<&'a str>,
    pub region: Option<&'a str>,
    pub country: Option<&'a str>,
    pub tags: &'a [String],
    pub notes: Option<&'a str>,
    /// Custom field values by key.
    pub custom: &'a std::collections::BTreeMap<String, String>,
    /// The company record the company name links to.
    pub company_id: Option<i64>,
    /// Sensitive fields: `"masked"` when set, `null` when empty. Values come
    /// only from `steward contact reveal`.
    pub date_of_birth: Option<&'static str>,
    pub national_id: Option<&'static str>,
    pub special_notes: Option<&'static str>,
    pub owner_id: i64,
    pub created_at: &'a str,
    pub updated_at: &'a str,
}

impl<'a> From<&'a Contact> for ContactJson<'a> {
    fn from(c: &'a Contact) -> Self {
        Self {
            id: c.id,
            name: &c.name,
            emails: &c.emails,
            phones: &c.phones,
            phone_numbers: c
                .phones
                .iter()
                .zip(&c.phone_forms)
                .map(|(p, f)| PhoneJson {
                    phone: p,
                    e164: f.e164.as_deref(),
                    flag: f.flag.map(|f| f.as_str()),
                })
                .collect(),
            company: c.company.as_deref(),
            title: c.title.as_deref(),
            source: c.source.as_deref(),
            street: c.address.street.as_deref(),
            city: c.address.city.as_deref(),
            postal_code: c.address.postal_code.as_deref(),
            region: c.address.region.as_deref(),
            country: c.address.country.as_deref(),
            tags: &c.tags,
            notes: c.notes.as_deref(),
            custom: &c.custom,
            company_id: c.company_id,
            date_of_birth: c.sensitive.date_of_birth.then_some("masked"),
            national_id: c.sensitive.national_id.then_some("masked"),
            special_notes: c.sensitive.special_notes.then_some("masked"),
            owner_id: c.owner_id,
            created_at: &c.created_at,
            updated_at: &c.updated_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ContactSummaryJson<'a> {
    pub id: i64,
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub company: Option<&'a str>,
    pub owner_id: i64,
}

impl<'a> From<&'a ContactSummary> for ContactSummaryJson<'a> {
    fn from(c: &'a ContactSummary) -> Self {
        Self {
            id: c.id,
            name: &c.name,
            email: c.email.as_deref(),
            phone: c.phone.as_deref(),
            company: c.company.as_deref(),
            owner_id: c.owner_id,
        }
    }
}
