//! The record of processing activities (GDPR Art. 30), generated from the
//! purposes: one entry per purpose with its lawful basis, the categories of
//! data and people, recipients, retention and the security measures.

use crate::Result;
use crate::auth::{Permission, Session};
use crate::consent::controller::Controller;
use crate::locale::Language;
use crate::locale::documents::{self, Noun, Text, fill};

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

/// The register: its entries, and the language its fixed wording is in
/// (the vault's, read once so the entries and the document agree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    /// The language of the wording.
    pub language: Language,
    /// Who is responsible for the processing (Art. 30(1)(a)); the register
    /// says so when it is not filled in.
    pub controller: Controller,
    /// The technical and organisational measures (Art. 32), in `language`.
    pub security_measures: &'static str,
    /// One processing activity per purpose.
    pub entries: Vec<RegisterEntry>,
}

/// The technical and organisational measures (Art. 32) that apply to every
/// activity, as Steward implements them, in `lang`.
pub fn security_measures(lang: Language) -> &'static str {
    Text::RegisterSecurityMeasures.get(lang)
}

impl Session {
    /// The record of processing activities, one entry per purpose, its
    /// fixed wording in the vault's language (the purposes' names and
    /// descriptions stay as they were typed).
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.read`.
    pub fn processing_register(&self) -> Result<Register> {
        self.authorize(Permission::ContactsRead, "register.view", None)?;
        let lang = self.vault_language()?;
        let all = self.contact_ids_where(&crate::records::contacts::ContactQuery::default())?;
        let mut out = Vec::new();
        for p in self.load_purposes()? {
            let with_basis = self.split_for_purpose(&p.key, &all)?.included.len();
            out.push(RegisterEntry {
                recipients: if p.key == "partner-sharing" {
                    Text::RegisterRecipientsPartners.get(lang)
                } else {
                    Text::RegisterRecipientsStaff.get(lang)
                },
                data_subjects: Text::RegisterDataSubjectsValue.get(lang),
                data_categories: Text::RegisterDataCategoriesValue.get(lang),
                purpose: p.key,
                name: p.name,
                description: p.description,
                lawful_basis: p.lawful_basis.as_str().to_owned(),
                consent_required: p.consent_required,
                retention_days: p.retention_days,
                contacts_with_basis: with_basis,
            });
        }
        Ok(Register {
            language: lang,
            controller: self.controller()?,
            security_measures: security_measures(lang),
            entries: out,
        })
    }
}

/// The register as Markdown in its language, for printing or filing; it
/// records the language it was made in.
pub fn register_markdown(register: &Register, vault_id: &str, at: &str) -> String {
    let lang = register.language;
    let t = |text: Text| text.get(lang);
    let mut out = format!(
        "# {}\n\n{}\n\n{}\n\n## {}\n\n{}\n## {}\n\n{}\n",
        t(Text::RegisterTitle),
        fill(
            t(Text::RegisterGenerated),
            &[("vault", &vault_id), ("at", &at)]
        ),
        t(Text::DocumentLanguage),
        t(Text::RegisterControllerHeading),
        controller_markdown(&register.controller, lang),
        t(Text::RegisterSecurityHeading),
        register.security_measures,
    );
    for e in &register.entries {
        let consent = if e.consent_required {
            format!(" {}", t(Text::RegisterConsentRecorded))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "\n## {} (`{}`)\n\n- {}: {}\n- {}: {}{}\n- {}: {}\n- {}: {}\n- {}: {}\n- {}: {}\n- {}: {}\n",
            e.name,
            e.purpose,
            t(Text::RegisterPurpose),
            e.description,
            t(Text::RegisterLawfulBasis),
            documents::lawful_basis(lang, &e.lawful_basis),
            consent,
            t(Text::RegisterDataSubjects),
            e.data_subjects,
            t(Text::RegisterPersonalData),
            e.data_categories,
            t(Text::RegisterRecipients),
            e.recipients,
            t(Text::RegisterRetention),
            documents::counted(lang, u64::from(e.retention_days), Noun::Day),
            t(Text::RegisterContactsWithBasis),
            e.contacts_with_basis
        ));
    }
    out
}

/// The controller's section: each field given, and the data protection
/// officer or that none is designated; a plain warning when the controller
/// is not filled in, so the gap shows on the document.
fn controller_markdown(c: &Controller, lang: Language) -> String {
    let t = |text: Text| text.get(lang);
    let mut out = String::new();
    if !c.is_set() {
        out.push_str(&format!("**{}**\n\n", t(Text::RegisterControllerMissing)));
    }
    for (label, value) in [
        (Text::RegisterControllerName, &c.name),
        (Text::RegisterControllerAddress, &c.address),
        (Text::RegisterControllerEmail, &c.email),
        (Text::RegisterControllerPhone, &c.phone),
    ] {
        if !value.is_empty() {
            out.push_str(&format!("- {}: {}\n", t(label), value));
        }
    }
    let dpo = if c.dpo.is_empty() {
        t(Text::RegisterNoDpo)
    } else {
        c.dpo.as_str()
    };
    out.push_str(&format!("- {}: {}\n", t(Text::RegisterDpo), dpo));
    out
}
