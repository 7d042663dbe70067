//! JSON shapes the CLI prints with `--json`. They are the CLI's public
//! contract for scripts; core types are converted here explicitly.

use serde::Serialize;
use steward_core::records::contacts::{Contact, ContactSummary};

#[derive(Debug, Serialize)]
pub struct ContactJson<'a> {
    pub id: i64,
    pub name: &'a str,
    pub emails: &'a [String],
    pub phones: &'a [String],
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

#[derive(Debug, Serialize)]
pub struct InitJson<'a> {
    pub vault_dir: String,
    pub user: &'a str,
    /// Present unless the key was written to a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_key_file: Option<String>,
}

/// Prints `value` as one line of JSON.
pub fn print_json<T: Serialize>(value: &T) -> crate::exit::CliResult {
    let text = serde_json::to_string(value)
        .map_err(|_| crate::exit::CliError::Other("could not format the output as JSON".into()))?;
    outln!("{text}");
    Ok(())
}

#[derive(Debug, Serialize)]
pub struct UserJson<'a> {
    pub id: i64,
    pub name: &'a str,
    pub role: &'static str,
    pub disabled: bool,
    pub must_change_password: bool,
}

impl<'a> From<&'a steward_core::User> for UserJson<'a> {
    fn from(u: &'a steward_core::User) -> Self {
        Self {
            id: u.id,
            name: &u.name,
            role: u.role.as_str(),
            disabled: u.disabled,
            must_change_password: u.must_change_password,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct AuditEntryJson<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub actor_id: Option<i64>,
    pub actor: Option<&'a str>,
    pub action: &'a str,
    pub target_type: Option<&'a str>,
    pub target_id: Option<&'a str>,
    pub outcome: &'a str,
    pub details: serde_json::Value,
    pub hash: &'a str,
}

impl<'a> From<&'a steward_core::audit::AuditEntry> for AuditEntryJson<'a> {
    fn from(e: &'a steward_core::audit::AuditEntry) -> Self {
        Self {
            seq: e.seq,
            at: &e.at,
            actor_id: e.actor_id,
            actor: e.actor_name.as_deref(),
            action: &e.action,
            target_type: e.target_type.as_deref(),
            target_id: e.target_id.as_deref(),
            outcome: &e.outcome,
            details: serde_json::from_str(&e.details).unwrap_or(serde_json::Value::Null),
            hash: &e.hash,
        }
    }
}
