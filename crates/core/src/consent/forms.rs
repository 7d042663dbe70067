//! Consent forms: versioned templates with a text and the purposes they ask
//! for. A version that recorded a consent never changes again; editing it
//! makes the next version. Recording consent "from form version N" ticks
//! every purpose of that version at once.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Method, NewConsent, Recorded};
use crate::audit::target;
use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::records::contacts::fields::check_text;
use crate::{Error, Result};

/// One version of a consent form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentForm {
    /// Id of this version (what a consent record points to).
    pub id: i64,
    /// The form's name, shared by its versions.
    pub name: String,
    /// 1, 2, …
    pub version: i64,
    /// The text the person reads and signs.
    pub body: String,
    /// The purposes it asks consent for (keys).
    pub purposes: Vec<String>,
    /// When this version was created.
    pub created_at: String,
    /// When it first recorded a consent; from then on it is immutable.
    pub first_used_at: Option<String>,
}

fn not_found(id: i64) -> Error {
    Error::NotFound {
        entity: "consent form",
        id: id.to_string(),
    }
}

impl Session {
    /// Every version of every form, by name (in the vault language's
    /// collation) then version.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn list_consent_forms(&self) -> Result<Vec<ConsentForm>> {
        self.authorize(Permission::ContactsRead, "consent_form.list", None)?;
        let mut forms: Vec<(i64, String)> = self
            .conn
            .prepare("SELECT id, name FROM consent_forms ORDER BY version, id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        crate::collation::sort_by_text(self.vault_language()?, &mut forms, |f| &f.1);
        forms
            .into_iter()
            .map(|(id, _)| self.load_form(id))
            .collect()
    }

    /// One form version.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::PermissionDenied`] without `contacts.read`.
    pub fn get_consent_form(&self, id: i64) -> Result<ConsentForm> {
        self.authorize(Permission::ContactsRead, "consent_form.view", None)?;
        self.load_form(id)
    }

    fn load_form(&self, id: i64) -> Result<ConsentForm> {
        let mut form = self
            .conn
            .query_row(
                "SELECT id, name, version, body, created_at, first_used_at FROM consent_forms WHERE id = ?1",
                [id],
                |r| {
                    Ok(ConsentForm {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        version: r.get(2)?,
                        body: r.get(3)?,
                        purposes: Vec::new(),
                        created_at: r.get(4)?,
                        first_used_at: r.get(5)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| not_found(id))?;
        form.purposes = self
            .conn
            .prepare_cached(
                "SELECT p.key FROM consent_form_purposes f JOIN purposes p ON p.id = f.purpose_id
                 WHERE f.form_id = ?1 ORDER BY p.key",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(form)
    }

    /// Saves a form: a new form (version 1), or a change to form `name`. A
    /// version not used yet is changed in place; a used one stays as it was
    /// and the change becomes the next version.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `purposes.manage`;
    /// [`Error::InvalidInput`] for an empty name or text, no purposes, or a
    /// purpose that does not need consent; [`Error::NotFound`] for an unknown
    /// purpose.
    pub fn save_consent_form(
        &mut self,
        name: &str,
        body: &str,
        purposes: &[String],
    ) -> Result<ConsentForm> {
        self.authorize(Permission::PurposesManage, "consent_form.save", None)?;
        let name = name.trim();
        if name.is_empty() || name.contains('\n') {
            return Err(crate::Invalid::new(
                if name.is_empty() {
                    "required"
                } else {
                    "multiline"
                },
                "a consent form needs a one-line name",
            )
            .with("field", "form name")
            .into());
        }
        check_text("form name", name, 120)?;
        let body = body.trim();
        if body.is_empty() {
            return Err(
                crate::Invalid::new("required", "a consent form needs its text")
                    .with("field", "form text")
                    .into(),
            );
        }
        check_text("form text", body, 50_000)?;
        if purposes.is_empty() {
            return Err(crate::Invalid::new(
                "form-needs-purpose",
                "a consent form asks for at least one purpose",
            )
            .into());
        }
        let mut purpose_ids = Vec::new();
        for key in purposes {
            let p = self.purpose(key)?;
            if !p.consent_required {
                return Err(crate::Invalid::new(
                    "purpose-not-consent",
                    format!(
                        "{} does not rest on consent; a form cannot ask for it",
                        p.key
                    ),
                )
                .with("purpose", &p.name)
                .into());
            }
            if !purpose_ids.contains(&p.id) {
                purpose_ids.push(p.id);
            }
        }
        let now = crate::clock::now_rfc3339();
        // Read the latest version inside the write transaction: a version
        // that records a consent meanwhile must not change in place.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let latest: Option<(i64, i64, bool)> = tx
            .query_row(
                "SELECT id, version, first_used_at IS NOT NULL FROM consent_forms
                 WHERE name = ?1 ORDER BY version DESC LIMIT 1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let id = match latest {
            Some((id, _, false)) => {
                tx.execute(
                    "UPDATE consent_forms SET body = ?2 WHERE id = ?1",
                    params![id, body],
                )?;
                tx.execute("DELETE FROM consent_form_purposes WHERE form_id = ?1", [id])?;
                id
            }
            other => {
                let version = other.map_or(1, |(_, v, _)| v + 1);
                tx.execute(
                    "INSERT INTO consent_forms (name, version, body, created_at, created_by)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![name, version, body, now, self.user.id],
                )?;
                tx.last_insert_rowid()
            }
        };
        for purpose in &purpose_ids {
            tx.execute(
                "INSERT INTO consent_form_purposes (form_id, purpose_id) VALUES (?1, ?2)",
                params![id, purpose],
            )?;
        }
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("consent_form.save", Some(target("consent_form", id))),
        )?;
        tx.commit()?;
        self.load_form(id)
    }

    /// Records consent given on a form version for every purpose it asks
    /// for, in one step (one event per purpose).
    ///
    /// # Errors
    /// As [`Session::record_consent`].
    pub fn record_consent_from_form(
        &mut self,
        contact_id: i64,
        form_id: i64,
        method: Method,
        evidence: Option<String>,
        evidence_file: Option<(String, Vec<u8>)>,
        expires: Option<String>,
    ) -> Result<Vec<i64>> {
        let target = Some(crate::audit::Target::contact(contact_id));
        self.authorize(Permission::ConsentRecord, "consent.record", target)?;
        let form = self.load_form(form_id)?;
        // Check every purpose first, then write them all in one transaction.
        let mut checked = Vec::new();
        for key in &form.purposes {
            let purpose = self.purpose(key)?;
            let new = NewConsent {
                state: Recorded::Given,
                method,
                form_id: Some(form_id),
                evidence: evidence.clone(),
                evidence_file: evidence_file.clone(),
                expires: expires.clone(),
            };
            let (clean_expiry, clean_evidence) =
                self.check_new_consent(contact_id, &purpose, &new)?;
            checked.push((purpose, new, clean_expiry, clean_evidence));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut ids = Vec::new();
        for (purpose, new, clean_expiry, clean_evidence) in checked {
            ids.push(super::write_consent(
                &tx,
                &self.keys.audit_mac,
                self.user.id,
                contact_id,
                &purpose,
                Recorded::Given,
                &new,
                clean_expiry,
                clean_evidence,
            )?);
        }
        tx.commit()?;
        Ok(ids)
    }
}
