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
    pub notes: Option<&'a str>,
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
            notes: c.notes.as_deref(),
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
}

impl<'a> From<&'a ContactSummary> for ContactSummaryJson<'a> {
    fn from(c: &'a ContactSummary) -> Self {
        Self {
            id: c.id,
            name: &c.name,
            email: c.email.as_deref(),
            phone: c.phone.as_deref(),
            company: c.company.as_deref(),
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
    println!("{text}");
    Ok(())
}
