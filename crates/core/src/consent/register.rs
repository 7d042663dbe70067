//! The record of processing activities (GDPR Art. 30), generated from the
//! purposes: one entry per purpose with its lawful basis, the categories of
//! data and people, recipients, retention and the security measures.

use crate::Result;
use crate::auth::{Permission, Session};

/// One processing activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterEntry {
    /// The purpose's key.
    pub purpose: String,
    /// Its name.
    pub name: String,
    /// What is done.
    pub description: String,
    /// The lawful basis (Art. 6).
    pub lawful_basis: String,
    /// Whether consent is collected for it.
    pub consent_required: bool,
    /// Categories of data subjects.
    pub data_subjects: &'static str,
    /// Categories of personal data.
    pub data_categories: &'static str,
    /// Recipients.
    pub recipients: &'static str,
    /// How long data may be kept.
    pub retention_days: u32,
    /// How many contacts may be used for it today.
    pub contacts_with_basis: usize,
}

/// The technical and organisational measures (Art. 32) that apply to every
/// activity, as Steward implements them.
pub const SECURITY_MEASURES: &str = "Encryption at rest of the whole vault (SQLCipher 4 with a random 256-bit key wrapped per user with Argon2id); \
role-based access with least privilege enforced in the application core; sensitive fields masked and revealed one at a time with a recorded reason; \
a tamper-evident audit log of every change, view, reveal and export; encrypted, verified, rotating backups with periodic restore drills; \
consent checked before each use by purpose.";

impl Session {
    /// The record of processing activities, one entry per purpose.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.read`.
    pub fn processing_register(&self) -> Result<Vec<RegisterEntry>> {
        self.authorize(Permission::ContactsRead, "register.view", None)?;
        let all = self.contact_ids_where(&crate::records::contacts::ContactQuery::default())?;
        let mut out = Vec::new();
        for p in self.load_purposes()? {
            let with_basis = self.split_for_purpose(&p.key, &all)?.included.len();
            out.push(RegisterEntry {
                recipients: if p.key == "partner-sharing" {
                    "selected partners named in the consent form; otherwise none outside the organisation"
                } else {
                    "staff of the organisation with a role that allows it; no one outside it"
                },
                data_subjects: "customers, prospects and their contact persons",
                data_categories: "names, e-mail addresses, phone numbers, postal addresses, company and job title, tags, notes, custom fields, activities and deals; special categories and identifiers only in masked sensitive fields",
                purpose: p.key,
                name: p.name,
                description: p.description,
                lawful_basis: p.lawful_basis.as_str().to_owned(),
                consent_required: p.consent_required,
                retention_days: p.retention_days,
                contacts_with_basis: with_basis,
            });
        }
        Ok(out)
    }
}

/// The register as Markdown, for printing or filing.
pub fn register_markdown(entries: &[RegisterEntry], vault_id: &str, at: &str) -> String {
    let mut out = format!(
        "# Record of processing activities (GDPR Art. 30)\n\nVault {vault_id}, generated {at}.\n\n## Security measures (Art. 32)\n\n{SECURITY_MEASURES}\n"
    );
    for e in entries {
        out.push_str(&format!(
            "\n## {} (`{}`)\n\n- Purpose: {}\n- Lawful basis: {}{}\n- Data subjects: {}\n- Personal data: {}\n- Recipients: {}\n- Retention: {} days\n- Contacts with a valid basis today: {}\n",
            e.name,
            e.purpose,
            e.description,
            e.lawful_basis,
            if e.consent_required {
                " (consent is recorded for each person)"
            } else {
                ""
            },
            e.data_subjects,
            e.data_categories,
            e.recipients,
            e.retention_days,
            e.contacts_with_basis
        ));
    }
    out
}
