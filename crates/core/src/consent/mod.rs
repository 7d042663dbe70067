//! Consent before use: purposes of processing with their lawful basis, the
//! consent history of every contact per purpose, and the use of contacts by
//! purpose (only those with a valid basis are handed out).

pub mod controller;
mod forms;
mod mailing;
pub mod register;
pub mod state;
mod usage;

use rusqlite::{OptionalExtension, TransactionBehavior, params};

pub use controller::{Controller, ControllerPatch};
pub use forms::ConsentForm;
pub use mailing::{MAILING_LIST_HEADER, MailingList, Recipient};
pub use state::{LeftOut, Recorded, Status};
pub use usage::{ContactScope, PurposeCounts, PurposeSelection};

use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::clock::today;
use crate::records::contacts::fields::check_text;
use crate::{Error, Result};

/// The six lawful bases of GDPR Art. 6(1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LawfulBasis {
    /// (a) consent.
    Consent,
    /// (b) performance of a contract.
    Contract,
    /// (c) a legal obligation.
    LegalObligation,
    /// (d) vital interests.
    VitalInterests,
    /// (e) a task in the public interest.
    PublicTask,
    /// (f) legitimate interests.
    LegitimateInterests,
}

impl LawfulBasis {
    /// Every basis, in the order of the article.
    pub const ALL: [LawfulBasis; 6] = [
        LawfulBasis::Consent,
        LawfulBasis::Contract,
        LawfulBasis::LegalObligation,
        LawfulBasis::VitalInterests,
        LawfulBasis::PublicTask,
        LawfulBasis::LegitimateInterests,
    ];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            LawfulBasis::Consent => "consent",
            LawfulBasis::Contract => "contract",
            LawfulBasis::LegalObligation => "legal-obligation",
            LawfulBasis::VitalInterests => "vital-interests",
            LawfulBasis::PublicTask => "public-task",
            LawfulBasis::LegitimateInterests => "legitimate-interests",
        }
    }
}

impl std::str::FromStr for LawfulBasis {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        LawfulBasis::ALL
            .into_iter()
            .find(|b| b.as_str() == s.trim())
            .ok_or_else(|| {
                Error::from(
                    crate::Invalid::new(
                        "value-not-allowed",
                        format!(
                            "unknown lawful basis {s:?}; use consent, contract, legal-obligation, vital-interests, public-task or legitimate-interests"
                        ),
                    )
                    .with("field", "lawful basis"),
                )
            })
    }
}

/// How a consent was captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// A signed paper form.
    PaperForm,
    /// A web form.
    WebForm,
    /// An e-mail from the person.
    Email,
    /// Said out loud (a call, a meeting).
    Verbal,
    /// Came with an import.
    Import,
}

impl Method {
    /// Every method.
    pub const ALL: [Method; 5] = [
        Method::PaperForm,
        Method::WebForm,
        Method::Email,
        Method::Verbal,
        Method::Import,
    ];

    /// The stable key.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::PaperForm => "paper-form",
            Method::WebForm => "web-form",
            Method::Email => "email",
            Method::Verbal => "verbal",
            Method::Import => "import",
        }
    }

    /// A withdrawal is the person's own act: it arrives on paper, by web
    /// form, by e-mail or verbally, never by import.
    pub(crate) fn check_for_withdrawal(self) -> Result<()> {
        if self == Method::Import {
            return Err(crate::Invalid::new(
                "withdrawal-not-by-import",
                "a withdrawal arrives on paper, by web form, by e-mail or verbally, not by import",
            )
            .into());
        }
        Ok(())
    }
}

impl std::str::FromStr for Method {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str() == s.trim())
            .ok_or_else(|| {
                Error::from(
                    crate::Invalid::new(
                        "value-not-allowed",
                        format!(
                            "unknown consent method {s:?}; use paper-form, web-form, email, verbal or import"
                        ),
                    )
                    .with("field", "consent method"),
                )
            })
    }
}

/// A purpose of processing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purpose {
    /// Id.
    pub id: i64,
    /// Stable key (`marketing-email`, …).
    pub key: String,
    /// Name shown to people.
    pub name: String,
    /// What the data is used for.
    pub description: String,
    /// The lawful basis.
    pub lawful_basis: LawfulBasis,
    /// How long data kept for this purpose may stay, in days.
    pub retention_days: u32,
    /// Whether each use needs the person's consent.
    pub consent_required: bool,
    /// Whether it is direct marketing (an objection stops it).
    pub marketing: bool,
    /// Last change (RFC 3339).
    pub updated_at: String,
}

impl Purpose {
    pub(crate) fn rule(&self) -> state::PurposeRule {
        state::PurposeRule {
            consent_required: self.consent_required,
            marketing: self.marketing,
        }
    }
}

/// A change to a purpose; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurposePatch {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New lawful basis.
    pub lawful_basis: Option<LawfulBasis>,
    /// New retention in days.
    pub retention_days: Option<u32>,
    /// Whether consent is required.
    pub consent_required: Option<bool>,
    /// Whether it is direct marketing.
    pub marketing: Option<bool>,
}

/// What to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsent {
    /// Given or refused (withdrawing is [`Session::withdraw_consent`]).
    pub state: Recorded,
    /// How it was captured.
    pub method: Method,
    /// The consent form's version it came from, by form id.
    pub form_id: Option<i64>,
    /// Evidence as text (where the signed form is filed, the e-mail's subject).
    pub evidence: Option<String>,
    /// An attached file kept inside the vault: its name and bytes.
    pub evidence_file: Option<(String, Vec<u8>)>,
    /// The last day it is valid (`YYYY-MM-DD`).
    pub expires: Option<String>,
}

/// One event of a contact's consent history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentEvent {
    /// Id.
    pub id: i64,
    /// The purpose's key.
    pub purpose: String,
    /// What was recorded.
    pub state: Recorded,
    /// When (RFC 3339).
    pub at: String,
    /// Who captured it (user id).
    pub captured_by: i64,
    /// Who captured it (login name).
    pub captured_by_name: String,
    /// How.
    pub method: String,
    /// From which consent form version (form id).
    pub form_id: Option<i64>,
    /// Evidence text.
    pub evidence: Option<String>,
    /// The attached file's name, if any.
    pub evidence_file_name: Option<String>,
    /// The last valid day.
    pub expires_at: Option<String>,
}

/// A contact's consent for one purpose now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentConsent {
    /// The purpose.
    pub purpose: Purpose,
    /// Its status today.
    pub status: Status,
    /// The latest event, if any.
    pub latest: Option<ConsentEvent>,
    /// Whether the contact may be used for it now, or why not.
    pub usable: std::result::Result<(), LeftOut>,
}

/// Largest evidence file kept in the vault.
pub const MAX_EVIDENCE_FILE: usize = 10 * 1024 * 1024;

const SELECT_PURPOSE: &str = "SELECT id, key, name, description, lawful_basis, retention_days,
        consent_required, marketing, updated_at FROM purposes";

fn purpose_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Purpose, String)> {
    Ok((
        Purpose {
            id: r.get(0)?,
            key: r.get(1)?,
            name: r.get(2)?,
            description: r.get(3)?,
            lawful_basis: LawfulBasis::Consent,
            retention_days: r.get(5)?,
            consent_required: r.get(6)?,
            marketing: r.get(7)?,
            updated_at: r.get(8)?,
        },
        r.get(4)?,
    ))
}

fn with_basis((mut p, basis): (Purpose, String)) -> Result<Purpose> {
    p.lawful_basis = basis
        .parse()
        .map_err(|_| Error::Integrity("a purpose has an unknown lawful basis".into()))?;
    Ok(p)
}

/// Writes one consent event and its audit entry in the caller's transaction.
#[allow(
    clippy::too_many_arguments,
    reason = "one event's parts, all checked by the caller"
)]
pub(crate) fn write_consent(
    tx: &rusqlite::Transaction<'_>,
    audit_key: &crate::secret::DerivedKey,
    user_id: i64,
    contact_id: i64,
    purpose: &Purpose,
    state: Recorded,
    new: &NewConsent,
    expires: Option<String>,
    evidence: Option<String>,
) -> Result<i64> {
    let id = insert_consent_row(
        tx, user_id, contact_id, purpose, state, new, expires, evidence,
    )?;
    let action = if state == Recorded::Withdrawn {
        "consent.withdraw"
    } else {
        "consent.record"
    };
    audit::append(
        tx,
        audit_key,
        Some(user_id),
        &Event::allowed(action, Some(Target::contact(contact_id)))
            .with("purpose", purpose.key.as_str())
            .with("state", state.as_str())
            .with("method", new.method.as_str()),
    )?;
    Ok(id)
}

/// Writes one consent event without its audit entry, in the caller's
/// transaction: [`write_consent`], and a withdrawal for many contacts at
/// once, which records one entry for all of them.
#[allow(
    clippy::too_many_arguments,
    reason = "one event's parts, all checked by the caller"
)]
pub(crate) fn insert_consent_row(
    tx: &rusqlite::Transaction<'_>,
    user_id: i64,
    contact_id: i64,
    purpose: &Purpose,
    state: Recorded,
    new: &NewConsent,
    expires: Option<String>,
    evidence: Option<String>,
) -> Result<i64> {
    let now = crate::clock::now_rfc3339();
    let (file_name, file) = match &new.evidence_file {
        Some((name, bytes)) => (Some(name.trim().to_owned()), Some(bytes.clone())),
        None => (None, None),
    };
    tx.execute(
        "INSERT INTO consents (contact_id, purpose_id, state, at, captured_by, method, form_id,
                               evidence, evidence_file_name, evidence_file, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            contact_id,
            purpose.id,
            state.as_str(),
            now,
            user_id,
            new.method.as_str(),
            new.form_id,
            evidence,
            file_name,
            file,
            expires
        ],
    )?;
    let id = tx.last_insert_rowid();
    if let Some(form) = new.form_id {
        tx.execute(
            "UPDATE consent_forms SET first_used_at = ?2 WHERE id = ?1 AND first_used_at IS NULL",
            params![form, now],
        )?;
    }
    Ok(id)
}

/// A consent that expires soon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiringConsent {
    /// The contact.
    pub contact_id: i64,
    /// Their name.
    pub name: String,
    /// The purpose's key.
    pub purpose: String,
    /// The last valid day.
    pub expires_on: String,
}

impl Session {
    /// Every purpose, by name.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn list_purposes(&self) -> Result<Vec<Purpose>> {
        self.authorize(Permission::ContactsRead, "purpose.list", None)?;
        self.load_purposes()
    }

    pub(crate) fn load_purposes(&self) -> Result<Vec<Purpose>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_PURPOSE} ORDER BY id"))?;
        let rows = stmt
            .query_map([], purpose_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut purposes = rows
            .into_iter()
            .map(with_basis)
            .collect::<Result<Vec<_>>>()?;
        crate::collation::sort_by_text(self.vault_language()?, &mut purposes, |p| &p.name);
        Ok(purposes)
    }

    /// One purpose by key.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub(crate) fn purpose(&self, key: &str) -> Result<Purpose> {
        let row = self
            .conn
            .prepare_cached(&format!("{SELECT_PURPOSE} WHERE key = ?1"))?
            .query_row([key.trim()], purpose_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "purpose",
                id: key.trim().to_owned(),
            })?;
        with_basis(row)
    }

    /// Changes a purpose (recorded with the fields that changed).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `purposes.manage`;
    /// [`Error::NotFound`]; [`Error::InvalidInput`] for an empty name, a
    /// retention of 0 days or over 100 years, or a consent basis without
    /// "consent required".
    pub fn update_purpose(&mut self, key: &str, patch: &PurposePatch) -> Result<Purpose> {
        self.authorize(Permission::PurposesManage, "purpose.update", None)?;
        let old = self.purpose(key)?;
        let new = Purpose {
            name: patch.name.clone().unwrap_or_else(|| old.name.clone()),
            description: patch
                .description
                .clone()
                .unwrap_or_else(|| old.description.clone()),
            lawful_basis: patch.lawful_basis.unwrap_or(old.lawful_basis),
            retention_days: patch.retention_days.unwrap_or(old.retention_days),
            consent_required: patch.consent_required.unwrap_or(old.consent_required),
            marketing: patch.marketing.unwrap_or(old.marketing),
            ..old.clone()
        };
        let name = new.name.trim();
        if name.is_empty() || name.contains('\n') {
            return Err(crate::Invalid::new(
                if name.is_empty() {
                    "required"
                } else {
                    "multiline"
                },
                "a purpose needs a one-line name",
            )
            .with("field", "purpose name")
            .into());
        }
        check_text("purpose name", name, 120)?;
        check_text("description", &new.description, 2000)?;
        if new.retention_days == 0 || new.retention_days > 36_500 {
            return Err(crate::Invalid::new(
                "retention-out-of-range",
                "the retention must be between 1 day and 100 years",
            )
            .into());
        }
        if new.lawful_basis == LawfulBasis::Consent && !new.consent_required {
            return Err(crate::Invalid::new(
                "consent-basis-needs-consent",
                "a purpose based on consent requires consent",
            )
            .into());
        }
        let changed: Vec<&str> = [
            ("name", new.name != old.name),
            ("description", new.description != old.description),
            ("lawful_basis", new.lawful_basis != old.lawful_basis),
            ("retention_days", new.retention_days != old.retention_days),
            (
                "consent_required",
                new.consent_required != old.consent_required,
            ),
            ("marketing", new.marketing != old.marketing),
        ]
        .into_iter()
        .filter_map(|(f, d)| d.then_some(f))
        .collect();
        if changed.is_empty() {
            return Ok(old);
        }
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE purposes SET name = ?2, description = ?3, lawful_basis = ?4, retention_days = ?5,
                                 consent_required = ?6, marketing = ?7, updated_at = ?8
             WHERE id = ?1",
            params![
                old.id,
                name,
                new.description.trim(),
                new.lawful_basis.as_str(),
                new.retention_days,
                new.consent_required,
                new.marketing,
                now
            ],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed(
                "purpose.update",
                Some(crate::audit::target("purpose", old.id)),
            )
            .with("key", old.key.as_str())
            .with("fields", changed),
        )?;
        tx.commit()?;
        self.purpose(key)
    }

    /// Records a consent (given or refused) for a contact and purpose.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `consent.record`;
    /// [`Error::NotFound`] for an unknown contact, purpose or form;
    /// [`Error::InvalidInput`] for a withdrawal (use
    /// [`Session::withdraw_consent`]), a bad expiry, an expiry in the past,
    /// or an evidence file over [`MAX_EVIDENCE_FILE`].
    pub fn record_consent(
        &mut self,
        contact_id: i64,
        purpose_key: &str,
        new: &NewConsent,
    ) -> Result<i64> {
        let target = Some(Target::contact(contact_id));
        self.authorize(Permission::ConsentRecord, "consent.record", target.clone())?;
        let purpose = self.purpose(purpose_key)?;
        let (expires, evidence) = self.check_new_consent(contact_id, &purpose, new)?;
        self.insert_consent(contact_id, &purpose, new.state, new, expires, evidence)
    }

    /// Withdraws a given consent: one action, as easy as giving it. The
    /// record says how the withdrawal arrived (`method`; an import cannot
    /// withdraw) and, optionally, its evidence (the e-mail's subject, what
    /// was said on which call).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `consent.record`;
    /// [`Error::NotFound`]; [`Error::InvalidInput`] when no consent is
    /// currently given for that purpose, for the `import` method, or for
    /// evidence over 4 000 characters.
    pub fn withdraw_consent(
        &mut self,
        contact_id: i64,
        purpose_key: &str,
        method: Method,
        evidence: Option<&str>,
    ) -> Result<i64> {
        let target = Some(Target::contact(contact_id));
        self.authorize(Permission::ConsentRecord, "consent.withdraw", target)?;
        self.contact_owner(contact_id)?;
        let purpose = self.purpose(purpose_key)?;
        method.check_for_withdrawal()?;
        let evidence =
            crate::records::contacts::fields::clean_optional("evidence", evidence, 4000)?;
        let current = self.status_of(contact_id, purpose.id)?;
        if !state::may_record(current, Recorded::Withdrawn) {
            return Err(crate::Invalid::new(
                "nothing-to-withdraw",
                format!(
                    "there is no given consent to withdraw for {} (it is {})",
                    purpose.key,
                    current.as_str()
                ),
            )
            .into());
        }
        let how = NewConsent {
            state: Recorded::Withdrawn,
            method,
            form_id: None,
            evidence: None,
            evidence_file: None,
            expires: None,
        };
        self.insert_consent(
            contact_id,
            &purpose,
            Recorded::Withdrawn,
            &how,
            None,
            evidence,
        )
    }

    fn insert_consent(
        &mut self,
        contact_id: i64,
        purpose: &Purpose,
        state: Recorded,
        new: &NewConsent,
        expires: Option<String>,
        evidence: Option<String>,
    ) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = write_consent(
            &tx,
            &self.keys.audit_mac,
            self.user.id,
            contact_id,
            purpose,
            state,
            new,
            expires,
            evidence,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Checks a consent to record (given or refused); its clean expiry and
    /// evidence.
    pub(crate) fn check_new_consent(
        &self,
        contact_id: i64,
        purpose: &Purpose,
        new: &NewConsent,
    ) -> Result<(Option<String>, Option<String>)> {
        if new.state == Recorded::Withdrawn {
            return Err(crate::Invalid::new(
                "withdraw-separately",
                "withdrawing is its own action: withdraw the consent instead",
            )
            .into());
        }
        self.contact_owner(contact_id)?;
        let expires = crate::records::clean_date("expiry date", new.expires.as_deref())?;
        if expires.as_deref().is_some_and(|e| e < today().as_str()) {
            return Err(
                crate::Invalid::new("date-in-past", "the expiry date is in the past")
                    .with("field", "expiry date")
                    .into(),
            );
        }
        let evidence = crate::records::contacts::fields::clean_optional(
            "evidence",
            new.evidence.as_deref(),
            4000,
        )?;
        if let Some((name, bytes)) = &new.evidence_file {
            if bytes.len() > MAX_EVIDENCE_FILE {
                return Err(crate::Invalid::new(
                    "evidence-file-too-large",
                    format!(
                        "the evidence file is {} bytes; the limit is {MAX_EVIDENCE_FILE}",
                        bytes.len()
                    ),
                )
                .with("limit", MAX_EVIDENCE_FILE / (1024 * 1024))
                .into());
            }
            check_text("evidence file name", name, 200)?;
        }
        if let Some(form) = new.form_id {
            self.form_covers(form, purpose.id)?;
        }
        Ok((expires, evidence))
    }

    fn form_covers(&self, form_id: i64, purpose_id: i64) -> Result<()> {
        let covers: Option<bool> = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM consent_form_purposes WHERE form_id = ?1 AND purpose_id = ?2)
                 FROM consent_forms WHERE id = ?1",
                params![form_id, purpose_id],
                |r| r.get(0),
            )
            .optional()?;
        match covers {
            None => Err(Error::NotFound {
                entity: "consent form",
                id: form_id.to_string(),
            }),
            Some(false) => Err(crate::Invalid::new(
                "form-not-for-purpose",
                "that consent form does not cover this purpose",
            )
            .into()),
            Some(true) => Ok(()),
        }
    }

    /// The latest event of a contact and purpose as a status today.
    pub(crate) fn status_of(&self, contact_id: i64, purpose_id: i64) -> Result<Status> {
        let latest: Option<(String, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT state, expires_at FROM consents WHERE contact_id = ?1 AND purpose_id = ?2
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![contact_id, purpose_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let latest = latest
            .map(|(s, e)| {
                Recorded::parse(&s)
                    .map(|r| (r, e))
                    .ok_or_else(|| Error::Integrity("a consent has an unknown state".into()))
            })
            .transpose()?;
        Ok(state::status(
            latest.as_ref().map(|(r, e)| (*r, e.as_deref())),
            &today(),
        ))
    }

    /// A contact's whole consent history, newest first. Viewing it is a
    /// read of the contact.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`; [`Error::NotFound`].
    pub fn consent_history(&self, contact_id: i64) -> Result<Vec<ConsentEvent>> {
        self.authorize(
            Permission::ContactsRead,
            "consent.list",
            Some(Target::contact(contact_id)),
        )?;
        self.contact_owner(contact_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, p.key, c.state, c.at, c.captured_by, u.name, c.method, c.form_id,
                    c.evidence, c.evidence_file_name, c.expires_at
             FROM consents c JOIN purposes p ON p.id = c.purpose_id JOIN users u ON u.id = c.captured_by
             WHERE c.contact_id = ?1 ORDER BY c.id DESC",
        )?;
        let rows = stmt.query_map([contact_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<i64>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, Option<String>>(10)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                purpose,
                state,
                at,
                captured_by,
                name,
                method,
                form_id,
                evidence,
                file,
                expires,
            ) = row?;
            out.push(ConsentEvent {
                id,
                purpose,
                state: Recorded::parse(&state)
                    .ok_or_else(|| Error::Integrity("a consent has an unknown state".into()))?,
                at,
                captured_by,
                captured_by_name: name,
                method,
                form_id,
                evidence,
                evidence_file_name: file,
                expires_at: expires,
            });
        }
        Ok(out)
    }

    /// The evidence file kept with consent record `consent_id`: its name and
    /// bytes, or `None` when the record has no file. Whoever may see the
    /// contact's consent history may read it; handing the file out is
    /// recorded (`consent.evidence`, with the record's id and the size).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`;
    /// [`Error::NotFound`] for an unknown record, or one of a contact the
    /// user may not see.
    pub fn consent_evidence_file(&self, consent_id: i64) -> Result<Option<(String, Vec<u8>)>> {
        self.authorize(Permission::ContactsRead, "consent.evidence", None)?;
        let not_found = || Error::NotFound {
            entity: "consent record",
            id: consent_id.to_string(),
        };
        let (contact_id, name, bytes): (i64, Option<String>, Option<Vec<u8>>) = self
            .conn
            .prepare_cached(
                "SELECT contact_id, evidence_file_name, evidence_file FROM consents WHERE id = ?1",
            )?
            .query_row([consent_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .ok_or_else(not_found)?;
        self.contact_owner(contact_id).map_err(|_| not_found())?;
        let Some(bytes) = bytes else {
            return Ok(None);
        };
        self.record(
            &Event::allowed("consent.evidence", Some(Target::contact(contact_id)))
                .with("consent", consent_id)
                .with("bytes", bytes.len()),
        )?;
        Ok(Some((name.unwrap_or_else(|| "evidence".to_owned()), bytes)))
    }

    /// A contact's consent per purpose today, with whether it may be used.
    ///
    /// # Errors
    /// As [`Session::consent_history`].
    pub fn current_consents(&self, contact_id: i64) -> Result<Vec<CurrentConsent>> {
        let history = self.consent_history(contact_id)?;
        let (restricted, objected) = self.rights_flags(contact_id)?;
        let today = today();
        let mut out = Vec::new();
        for purpose in self.load_purposes()? {
            let latest = history.iter().find(|e| e.purpose == purpose.key).cloned();
            let status = state::status(
                latest.as_ref().map(|e| (e.state, e.expires_at.as_deref())),
                &today,
            );
            let usable = state::basis(purpose.rule(), status, restricted, objected);
            out.push(CurrentConsent {
                purpose,
                status,
                latest,
                usable,
            });
        }
        Ok(out)
    }

    /// Whether processing of a contact is restricted, and whether they
    /// objected to direct marketing.
    pub(crate) fn rights_flags(&self, contact_id: i64) -> Result<(bool, bool)> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT restricted_at IS NOT NULL, objected_at IS NOT NULL FROM contacts WHERE id = ?1",
            )?
            .query_row([contact_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((false, false)))
    }
}
impl Session {
    /// The given consents that expire within `days` days, soonest first.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn expiring_consents(&self, days: u32) -> Result<Vec<ExpiringConsent>> {
        self.authorize(Permission::ContactsRead, "consent.list", None)?;
        let today = today();
        let until = (crate::clock::now() + chrono::Duration::days(i64::from(days)))
            .format("%Y-%m-%d")
            .to_string();
        let see_restricted = self.can(Permission::RightsManage);
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name, p.key, k.expires_at, k.state
             FROM consents k
             JOIN contacts c ON c.id = k.contact_id
             JOIN purposes p ON p.id = k.purpose_id
             WHERE k.id = (SELECT max(id) FROM consents WHERE contact_id = k.contact_id AND purpose_id = k.purpose_id)
               AND k.expires_at IS NOT NULL AND k.expires_at >= ?1 AND k.expires_at <= ?2
               AND c.deleted_at IS NULL AND (?3 OR c.restricted_at IS NULL)
             ORDER BY k.expires_at, c.sort_key, c.id",
        )?;
        let rows = stmt.query_map(params![today, until, see_restricted], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (contact_id, name, purpose, expires_on, recorded) = row?;
            if Recorded::parse(&recorded) == Some(Recorded::Given) {
                out.push(ExpiringConsent {
                    contact_id,
                    name,
                    purpose,
                    expires_on,
                });
            }
        }
        Ok(out)
    }
}

/// Gives the default purposes whose name and description nobody has changed
/// their wording in `lang` (`locale::defaults`), in the caller's
/// transaction. A purpose with consent recorded for it keeps its wording:
/// the name and description are what people were asked to consent to when
/// no form was used, and a record of consent must keep proving what it
/// proved. Returns the keys of the purposes changed.
pub(crate) fn translate_default_purposes(
    tx: &rusqlite::Transaction<'_>,
    lang: crate::locale::Language,
) -> Result<Vec<String>> {
    let purposes: Vec<(i64, String, String, String)> = tx
        .prepare_cached(
            "SELECT p.id, p.key, p.name, p.description FROM purposes p
             WHERE NOT EXISTS (SELECT 1 FROM consents c WHERE c.purpose_id = p.id)
             ORDER BY p.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let now = crate::clock::now_rfc3339();
    let mut changed = Vec::new();
    for (id, key, name, description) in purposes {
        let Some((new_name, new_description)) =
            crate::locale::defaults::default_purpose_text(&key, &name, &description, lang)
        else {
            continue;
        };
        tx.execute(
            "UPDATE purposes SET name = ?2, description = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, new_name, new_description, now],
        )?;
        changed.push(key);
    }
    Ok(changed)
}
