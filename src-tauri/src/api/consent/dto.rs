//! Transport types for consent, purposes, consent forms and the processing
//! register, converted explicitly to and from core types.

use serde::{Deserialize, Serialize};
use steward_core::consent::ExpiringConsent;
use steward_core::consent::register::RegisterEntry;
use steward_core::consent::{
    ConsentEvent, ConsentForm, CurrentConsent, LawfulBasis, LeftOut, Method, Purpose, PurposePatch,
    PurposeSelection, Recorded, Status,
};
use steward_core::consent::{Controller, ControllerPatch};
use ts_rs::TS;

/// The lawful basis of a purpose (GDPR Art. 6(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "LawfulBasis")]
pub enum LawfulBasisDto {
    Consent,
    Contract,
    LegalObligation,
    VitalInterests,
    PublicTask,
    LegitimateInterests,
}

impl From<LawfulBasis> for LawfulBasisDto {
    fn from(b: LawfulBasis) -> Self {
        match b {
            LawfulBasis::Consent => Self::Consent,
            LawfulBasis::Contract => Self::Contract,
            LawfulBasis::LegalObligation => Self::LegalObligation,
            LawfulBasis::VitalInterests => Self::VitalInterests,
            LawfulBasis::PublicTask => Self::PublicTask,
            LawfulBasis::LegitimateInterests => Self::LegitimateInterests,
        }
    }
}

impl From<LawfulBasisDto> for LawfulBasis {
    fn from(b: LawfulBasisDto) -> Self {
        match b {
            LawfulBasisDto::Consent => Self::Consent,
            LawfulBasisDto::Contract => Self::Contract,
            LawfulBasisDto::LegalObligation => Self::LegalObligation,
            LawfulBasisDto::VitalInterests => Self::VitalInterests,
            LawfulBasisDto::PublicTask => Self::PublicTask,
            LawfulBasisDto::LegitimateInterests => Self::LegitimateInterests,
        }
    }
}

/// How a consent was captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "ConsentMethod")]
pub enum ConsentMethodDto {
    PaperForm,
    WebForm,
    Email,
    Verbal,
    Import,
}

impl From<ConsentMethodDto> for Method {
    fn from(m: ConsentMethodDto) -> Self {
        match m {
            ConsentMethodDto::PaperForm => Self::PaperForm,
            ConsentMethodDto::WebForm => Self::WebForm,
            ConsentMethodDto::Email => Self::Email,
            ConsentMethodDto::Verbal => Self::Verbal,
            ConsentMethodDto::Import => Self::Import,
        }
    }
}

impl From<Method> for ConsentMethodDto {
    fn from(m: Method) -> Self {
        match m {
            Method::PaperForm => Self::PaperForm,
            Method::WebForm => Self::WebForm,
            Method::Email => Self::Email,
            Method::Verbal => Self::Verbal,
            Method::Import => Self::Import,
        }
    }
}

/// A consent event's state as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "ConsentRecorded")]
pub enum RecordedDto {
    Given,
    Refused,
    /// Only ever the result of `withdraw_consent`; recording it is refused.
    Withdrawn,
}

impl From<Recorded> for RecordedDto {
    fn from(r: Recorded) -> Self {
        match r {
            Recorded::Given => Self::Given,
            Recorded::Refused => Self::Refused,
            Recorded::Withdrawn => Self::Withdrawn,
        }
    }
}

impl From<RecordedDto> for Recorded {
    fn from(r: RecordedDto) -> Self {
        match r {
            RecordedDto::Given => Self::Given,
            RecordedDto::Refused => Self::Refused,
            RecordedDto::Withdrawn => Self::Withdrawn,
        }
    }
}

/// A contact's consent for one purpose today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "ConsentStatus")]
pub enum StatusDto {
    None,
    Given,
    Refused,
    Withdrawn,
    Expired,
}

impl From<Status> for StatusDto {
    fn from(s: Status) -> Self {
        match s {
            Status::None => Self::None,
            Status::Given => Self::Given,
            Status::Refused => Self::Refused,
            Status::Withdrawn => Self::Withdrawn,
            Status::Expired => Self::Expired,
        }
    }
}

/// Why a contact may not be used for a purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "LeftOutReason")]
pub enum LeftOutDto {
    /// The purpose needs consent and none was given (none recorded, or refused).
    NoConsent,
    Withdrawn,
    Expired,
    /// Processing is restricted (a data-subject request).
    Restricted,
    /// The person objected to direct marketing.
    Objected,
    /// A hand-picked contact that was erased.
    Erased,
    /// A hand-picked id that names no live contact.
    NotFound,
    /// A mailing list needs an e-mail address and the contact has none.
    NoEmail,
}

impl From<LeftOut> for LeftOutDto {
    fn from(r: LeftOut) -> Self {
        match r {
            LeftOut::NoConsent => Self::NoConsent,
            LeftOut::Withdrawn => Self::Withdrawn,
            LeftOut::Expired => Self::Expired,
            LeftOut::Restricted => Self::Restricted,
            LeftOut::Objected => Self::Objected,
            LeftOut::Erased => Self::Erased,
            LeftOut::NotFound => Self::NotFound,
            LeftOut::NoEmail => Self::NoEmail,
        }
    }
}

/// A purpose of processing.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Purpose")]
pub struct PurposeDto {
    #[ts(type = "number")]
    pub id: i64,
    /// Stable key (`marketing-email`, …).
    pub key: String,
    pub name: String,
    pub description: String,
    pub lawful_basis: LawfulBasisDto,
    /// How long data kept for this purpose may stay, in days.
    pub retention_days: u32,
    /// Whether each use needs the person's consent.
    pub consent_required: bool,
    /// Whether it is direct marketing (an objection stops it).
    pub marketing: bool,
    pub updated_at: String,
}

impl From<Purpose> for PurposeDto {
    fn from(p: Purpose) -> Self {
        Self {
            id: p.id,
            key: p.key,
            name: p.name,
            description: p.description,
            lawful_basis: p.lawful_basis.into(),
            retention_days: p.retention_days,
            consent_required: p.consent_required,
            marketing: p.marketing,
            updated_at: p.updated_at,
        }
    }
}

/// A change to a purpose; a field left out or `null` stays as it is.
#[derive(Debug, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, rename = "PurposePatch")]
pub struct PurposePatchDto {
    #[ts(optional)]
    pub name: Option<String>,
    #[ts(optional)]
    pub description: Option<String>,
    #[ts(optional)]
    pub lawful_basis: Option<LawfulBasisDto>,
    #[ts(optional)]
    pub retention_days: Option<u32>,
    #[ts(optional)]
    pub consent_required: Option<bool>,
    #[ts(optional)]
    pub marketing: Option<bool>,
}

impl From<PurposePatchDto> for PurposePatch {
    fn from(p: PurposePatchDto) -> Self {
        Self {
            name: p.name,
            description: p.description,
            lawful_basis: p.lawful_basis.map(Into::into),
            retention_days: p.retention_days,
            consent_required: p.consent_required,
            marketing: p.marketing,
        }
    }
}

/// A consent to record for one purpose, or from a form for each of its
/// purposes (`state` is then `given`).
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConsentInput {
    /// `given` or `refused` (withdrawing is `withdraw_consent`).
    pub state: RecordedDto,
    pub method: ConsentMethodDto,
    /// The consent form version it came from, by form id.
    #[ts(type = "number | null")]
    pub form_id: Option<i64>,
    /// Where the signed form is filed, the e-mail's subject, …
    pub evidence: Option<String>,
    /// A file to keep inside the vault as evidence (chosen in an open
    /// dialog); at most 10 MiB.
    pub evidence_path: Option<String>,
    /// The last day it is valid (`YYYY-MM-DD`).
    pub expires: Option<String>,
}

/// One event of a contact's consent history.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ConsentEvent")]
pub struct ConsentEventDto {
    #[ts(type = "number")]
    pub id: i64,
    /// The purpose's key.
    pub purpose: String,
    pub state: RecordedDto,
    pub at: String,
    /// Who captured it (login name).
    pub captured_by: String,
    /// How (`paper-form`, `web-form`, `email`, `verbal`, `import`).
    pub method: String,
    /// The consent form version it came from (form id).
    #[ts(type = "number | null")]
    pub form_id: Option<i64>,
    pub evidence: Option<String>,
    /// The name of the evidence file kept in the vault, if any.
    pub evidence_file_name: Option<String>,
    /// The last valid day (`YYYY-MM-DD`).
    pub expires_at: Option<String>,
}

impl From<ConsentEvent> for ConsentEventDto {
    fn from(e: ConsentEvent) -> Self {
        Self {
            id: e.id,
            purpose: e.purpose,
            state: e.state.into(),
            at: e.at,
            captured_by: e.captured_by_name,
            method: e.method,
            form_id: e.form_id,
            evidence: e.evidence,
            evidence_file_name: e.evidence_file_name,
            expires_at: e.expires_at,
        }
    }
}

/// A contact's consent for one purpose now, and whether they may be used
/// for it.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "CurrentConsent")]
pub struct CurrentConsentDto {
    pub purpose: PurposeDto,
    pub status: StatusDto,
    /// The latest event (its time is "since", its expiry the expiry).
    pub latest: Option<ConsentEventDto>,
    pub usable: bool,
    /// Why not, when not usable.
    pub left_out: Option<LeftOutDto>,
}

impl From<CurrentConsent> for CurrentConsentDto {
    fn from(c: CurrentConsent) -> Self {
        Self {
            purpose: c.purpose.into(),
            status: c.status.into(),
            latest: c.latest.map(Into::into),
            usable: c.usable.is_ok(),
            left_out: c.usable.err().map(Into::into),
        }
    }
}

/// How many contacts were left out, by reason.
#[derive(Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LeftOutCounts {
    #[ts(type = "number")]
    pub no_consent: usize,
    #[ts(type = "number")]
    pub withdrawn: usize,
    #[ts(type = "number")]
    pub expired: usize,
    #[ts(type = "number")]
    pub restricted: usize,
    #[ts(type = "number")]
    pub objected: usize,
    #[ts(type = "number")]
    pub erased: usize,
    #[ts(type = "number")]
    pub not_found: usize,
    #[ts(type = "number")]
    pub no_email: usize,
}

impl LeftOutCounts {
    /// The counts of a reason map.
    pub fn from_map(map: &std::collections::BTreeMap<LeftOut, usize>) -> Self {
        let mut counts = Self::default();
        for (reason, n) in map {
            let slot = match reason {
                LeftOut::NoConsent => &mut counts.no_consent,
                LeftOut::Withdrawn => &mut counts.withdrawn,
                LeftOut::Expired => &mut counts.expired,
                LeftOut::Restricted => &mut counts.restricted,
                LeftOut::Objected => &mut counts.objected,
                LeftOut::Erased => &mut counts.erased,
                LeftOut::NotFound => &mut counts.not_found,
                LeftOut::NoEmail => &mut counts.no_email,
            };
            *slot += n;
        }
        counts
    }
}

/// The contacts a purpose may use out of a query's, and the others counted
/// by reason.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "PurposeSelection")]
pub struct PurposeSelectionDto {
    /// The purpose's key.
    pub purpose: String,
    /// The contacts with a valid basis, in the query's order.
    #[ts(type = "number[]")]
    pub included: Vec<i64>,
    pub left_out: LeftOutCounts,
    #[ts(type = "number")]
    pub left_out_total: usize,
}

impl From<PurposeSelection> for PurposeSelectionDto {
    fn from(s: PurposeSelection) -> Self {
        let counts = LeftOutCounts::from_map(&s.left_out);
        Self {
            left_out_total: s.left_out_total(),
            purpose: s.purpose,
            included: s.included,
            left_out: counts,
        }
    }
}

/// A given consent that expires soon.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ExpiringConsent")]
pub struct ExpiringConsentDto {
    #[ts(type = "number")]
    pub contact_id: i64,
    pub name: String,
    /// The purpose's key.
    pub purpose: String,
    /// The last valid day (`YYYY-MM-DD`).
    pub expires_on: String,
}

impl From<ExpiringConsent> for ExpiringConsentDto {
    fn from(e: ExpiringConsent) -> Self {
        Self {
            contact_id: e.contact_id,
            name: e.name,
            purpose: e.purpose,
            expires_on: e.expires_on,
        }
    }
}

/// One version of a consent form.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ConsentForm")]
pub struct ConsentFormDto {
    /// Id of this version (what a consent points to).
    #[ts(type = "number")]
    pub id: i64,
    /// Shared by the form's versions.
    pub name: String,
    #[ts(type = "number")]
    pub version: i64,
    /// The text the person reads and signs.
    pub body: String,
    /// The purposes it asks consent for (keys).
    pub purposes: Vec<String>,
    pub created_at: String,
    /// When it first recorded a consent; from then on it never changes.
    pub first_used_at: Option<String>,
}

impl From<ConsentForm> for ConsentFormDto {
    fn from(f: ConsentForm) -> Self {
        Self {
            id: f.id,
            name: f.name,
            version: f.version,
            body: f.body,
            purposes: f.purposes,
            created_at: f.created_at,
            first_used_at: f.first_used_at,
        }
    }
}

/// One processing activity of the register (GDPR Art. 30).
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "RegisterEntry")]
pub struct RegisterEntryDto {
    /// The purpose's key.
    pub purpose: String,
    pub name: String,
    pub description: String,
    pub lawful_basis: String,
    pub consent_required: bool,
    pub data_subjects: String,
    pub data_categories: String,
    pub recipients: String,
    pub retention_days: u32,
    /// How many contacts may be used for it today.
    #[ts(type = "number")]
    pub contacts_with_basis: usize,
}

impl From<RegisterEntry> for RegisterEntryDto {
    fn from(e: RegisterEntry) -> Self {
        Self {
            purpose: e.purpose,
            name: e.name,
            description: e.description,
            lawful_basis: e.lawful_basis,
            consent_required: e.consent_required,
            data_subjects: e.data_subjects.to_owned(),
            data_categories: e.data_categories.to_owned(),
            recipients: e.recipients.to_owned(),
            retention_days: e.retention_days,
            contacts_with_basis: e.contacts_with_basis,
        }
    }
}

/// The controller the register names (GDPR Art. 30(1)(a)); an empty
/// field is not given.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Controller")]
pub struct ControllerDto {
    pub name: String,
    pub address: String,
    pub email: String,
    pub phone: String,
    /// The data protection officer's name and contact details.
    pub dpo: String,
    /// Whether the register can name it: a name and a way to reach it.
    pub complete: bool,
}

impl From<Controller> for ControllerDto {
    fn from(c: Controller) -> Self {
        Self {
            complete: c.is_set(),
            name: c.name,
            address: c.address,
            email: c.email,
            phone: c.phone,
            dpo: c.dpo,
        }
    }
}

/// The controller as an owner saves it: every field, an empty one cleared.
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ControllerInput {
    pub name: String,
    pub address: String,
    pub email: String,
    pub phone: String,
    pub dpo: String,
}

impl From<ControllerInput> for ControllerPatch {
    fn from(c: ControllerInput) -> Self {
        Self {
            name: Some(c.name),
            address: Some(c.address),
            email: Some(c.email),
            phone: Some(c.phone),
            dpo: Some(c.dpo),
        }
    }
}

/// The record of processing activities, as the Consent screen shows it.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProcessingRegister {
    pub vault_id: String,
    /// Who is responsible for the processing.
    pub controller: ControllerDto,
    /// The technical and organisational measures (Art. 32) of every activity.
    pub security_measures: String,
    pub entries: Vec<RegisterEntryDto>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name<T: Serialize>(value: T) -> String {
        serde_json::to_string(&value)
            .unwrap()
            .trim_matches('"')
            .to_owned()
    }

    #[test]
    fn the_names_of_bases_methods_kinds_and_states_are_the_ones_core_uses() {
        for basis in LawfulBasis::ALL {
            assert_eq!(name(LawfulBasisDto::from(basis)), basis.as_str());
            let back: LawfulBasisDto =
                serde_json::from_str(&format!("\"{}\"", basis.as_str())).unwrap();
            assert_eq!(LawfulBasis::from(back), basis);
        }
        for method in Method::ALL {
            assert_eq!(name(ConsentMethodDto::from(method)), method.as_str());
            let back: ConsentMethodDto =
                serde_json::from_str(&format!("\"{}\"", method.as_str())).unwrap();
            assert_eq!(Method::from(back), method);
        }
        for reason in LeftOut::ALL {
            assert_eq!(name(LeftOutDto::from(reason)), reason.as_str());
        }
        for status in [
            Status::None,
            Status::Given,
            Status::Refused,
            Status::Withdrawn,
            Status::Expired,
        ] {
            assert_eq!(name(StatusDto::from(status)), status.as_str());
        }
        for recorded in [Recorded::Given, Recorded::Refused, Recorded::Withdrawn] {
            assert_eq!(name(RecordedDto::from(recorded)), recorded.as_str());
        }
    }

    #[test]
    fn a_selection_counts_every_reason_it_was_given() {
        let selection = PurposeSelection {
            purpose: "newsletter".into(),
            included: vec![3, 1],
            left_out: [
                (LeftOut::NoConsent, 4),
                (LeftOut::Withdrawn, 1),
                (LeftOut::Expired, 0),
                (LeftOut::Restricted, 2),
                (LeftOut::Objected, 5),
                (LeftOut::Erased, 6),
                (LeftOut::NoEmail, 7),
            ]
            .into_iter()
            .collect(),
        };
        let dto = PurposeSelectionDto::from(selection);
        assert_eq!(dto.included, vec![3, 1]);
        assert_eq!(
            dto.left_out,
            LeftOutCounts {
                no_consent: 4,
                withdrawn: 1,
                expired: 0,
                restricted: 2,
                objected: 5,
                erased: 6,
                not_found: 0,
                no_email: 7,
            }
        );
        assert_eq!(dto.left_out_total, 25);
    }

    #[test]
    fn a_purpose_patch_leaves_out_what_it_does_not_name() {
        let patch: PurposePatchDto =
            serde_json::from_str(r#"{"retentionDays":90,"lawfulBasis":"legitimate-interests"}"#)
                .unwrap();
        let patch = PurposePatch::from(patch);
        assert_eq!(patch.retention_days, Some(90));
        assert_eq!(patch.lawful_basis, Some(LawfulBasis::LegitimateInterests));
        assert_eq!(patch.name, None);
        assert_eq!(patch.consent_required, None);
    }
}
