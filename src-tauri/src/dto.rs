//! Transport types: the JSON shapes crossing IPC, converted explicitly to and
//! from core types. `ts-rs` writes their TypeScript twins into
//! `ui/src/lib/api/types/` when the tests run.

use serde::{Deserialize, Serialize};
use steward_core::audit::{AuditEntry, AuditFilter, VerifyReport};
use steward_core::records::contacts::{
    Address, Contact, ContactPage, ContactPatch, ContactSummary, NewContact, SensitivePresence,
    SensitiveValues,
};
use steward_core::{Role, Session, auth::password::Strength};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VaultState {
    NoVault,
    Locked,
    Unlocked,
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatus {
    pub state: VaultState,
    pub vault_dir: Option<String>,
    pub default_vault_dir: String,
    pub users: Vec<String>,
    pub session: Option<SessionInfo>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionInfo {
    #[ts(type = "number")]
    pub user_id: i64,
    pub user: String,
    pub role: RoleDto,
    pub vault_dir: String,
    /// What the role allows (`contacts.create`, `users.manage`, …), so the UI
    /// offers only those screens and actions; the core checks again anyway.
    pub permissions: Vec<String>,
    /// The user must choose a new password before anything else.
    pub must_change_password: bool,
    pub unlocked_with_recovery_key: bool,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "Role")]
pub enum RoleDto {
    Owner,
    Admin,
    Manager,
    Agent,
    Auditor,
    Viewer,
}

impl From<RoleDto> for Role {
    fn from(role: RoleDto) -> Self {
        match role {
            RoleDto::Owner => Self::Owner,
            RoleDto::Admin => Self::Admin,
            RoleDto::Manager => Self::Manager,
            RoleDto::Agent => Self::Agent,
            RoleDto::Auditor => Self::Auditor,
            RoleDto::Viewer => Self::Viewer,
        }
    }
}

impl From<Role> for RoleDto {
    fn from(role: Role) -> Self {
        match role {
            Role::Owner => Self::Owner,
            Role::Admin => Self::Admin,
            Role::Manager => Self::Manager,
            Role::Agent => Self::Agent,
            Role::Auditor => Self::Auditor,
            Role::Viewer => Self::Viewer,
        }
    }
}

impl From<&Session> for SessionInfo {
    fn from(s: &Session) -> Self {
        Self {
            user_id: s.user().id,
            user: s.user().name.clone(),
            role: s.user().role.into(),
            vault_dir: s.vault_dir().display().to_string(),
            permissions: steward_core::Permission::ALL
                .into_iter()
                .filter(|p| s.can(*p))
                .map(|p| p.as_str().to_owned())
                .collect(),
            must_change_password: s.user().must_change_password,
            unlocked_with_recovery_key: s.unlocked_with_recovery_key(),
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct PasswordStrength {
    pub score: u8,
    pub acceptable: bool,
    pub advice: String,
}

impl From<Strength> for PasswordStrength {
    fn from(s: Strength) -> Self {
        Self {
            score: s.score,
            acceptable: s.acceptable,
            advice: s.advice,
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreateVaultRequest {
    pub dir: String,
    pub user: String,
    pub password: String,
    pub sample_data: bool,
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreatedVault {
    /// Shown once; the app keeps no copy.
    pub recovery_key: String,
    pub session: SessionInfo,
}

/// The contact form. Sensitive fields: `null` leaves a field as it is, `""`
/// clears it; they are only sent by users allowed to write them.
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactInput {
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub company: String,
    pub title: String,
    pub source: String,
    pub address: AddressDto,
    pub tags: Vec<String>,
    pub notes: String,
    pub date_of_birth: Option<String>,
    pub national_id: Option<String>,
    pub special_notes: Option<String>,
}

impl ContactInput {
    pub fn into_new(self) -> NewContact {
        NewContact {
            name: self.name,
            emails: self.emails,
            phones: self.phones,
            company: Some(self.company),
            title: Some(self.title),
            source: Some(self.source),
            address: self.address.into(),
            tags: self.tags,
            notes: Some(self.notes),
            sensitive: SensitiveValues {
                date_of_birth: self.date_of_birth.filter(|v| !v.trim().is_empty()),
                national_id: self.national_id.filter(|v| !v.trim().is_empty()),
                special_notes: self.special_notes.filter(|v| !v.trim().is_empty()),
            },
        }
    }

    /// The form always sends every ordinary field, so each is replaced.
    pub fn into_patch(self) -> ContactPatch {
        ContactPatch {
            name: Some(self.name),
            emails: Some(self.emails),
            phones: Some(self.phones),
            company: Some(self.company),
            title: Some(self.title),
            source: Some(self.source),
            address: Some(self.address.into()),
            tags: Some(self.tags),
            notes: Some(self.notes),
            sensitive: SensitiveValues {
                date_of_birth: self.date_of_birth,
                national_id: self.national_id,
                special_notes: self.special_notes,
            },
        }
    }
}

/// A postal address; empty strings mean "not set".
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, rename = "Address")]
pub struct AddressDto {
    pub street: String,
    pub city: String,
    pub postal_code: String,
    pub region: String,
    pub country: String,
}

impl From<AddressDto> for Address {
    fn from(a: AddressDto) -> Self {
        let keep = |v: String| Some(v).filter(|v| !v.trim().is_empty());
        Self {
            street: keep(a.street),
            city: keep(a.city),
            postal_code: keep(a.postal_code),
            region: keep(a.region),
            country: keep(a.country),
        }
    }
}

impl From<Address> for AddressDto {
    fn from(a: Address) -> Self {
        Self {
            street: a.street.unwrap_or_default(),
            city: a.city.unwrap_or_default(),
            postal_code: a.postal_code.unwrap_or_default(),
            region: a.region.unwrap_or_default(),
            country: a.country.unwrap_or_default(),
        }
    }
}

/// Which sensitive fields hold a value; values come only from `reveal_sensitive`.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SensitiveFlags {
    pub date_of_birth: bool,
    pub national_id: bool,
    pub special_notes: bool,
}

impl From<SensitivePresence> for SensitiveFlags {
    fn from(p: SensitivePresence) -> Self {
        Self {
            date_of_birth: p.date_of_birth,
            national_id: p.national_id,
            special_notes: p.special_notes,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Contact")]
pub struct ContactDto {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub address: AddressDto,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub sensitive: SensitiveFlags,
    #[ts(type = "number")]
    pub owner_id: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Contact> for ContactDto {
    fn from(c: Contact) -> Self {
        Self {
            id: c.id,
            name: c.name,
            emails: c.emails,
            phones: c.phones,
            company: c.company,
            title: c.title,
            source: c.source,
            address: c.address.into(),
            tags: c.tags,
            notes: c.notes,
            sensitive: c.sensitive.into(),
            owner_id: c.owner_id,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "ContactSummary")]
pub struct ContactSummaryDto {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
}

impl From<ContactSummary> for ContactSummaryDto {
    fn from(c: ContactSummary) -> Self {
        Self {
            id: c.id,
            name: c.name,
            email: c.email,
            phone: c.phone,
            company: c.company,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "ContactPage")]
pub struct ContactPageDto {
    pub items: Vec<ContactSummaryDto>,
    #[ts(type = "number")]
    pub total: u64,
}

impl From<ContactPage> for ContactPageDto {
    fn from(p: ContactPage) -> Self {
        Self {
            items: p.items.into_iter().map(Into::into).collect(),
            total: p.total,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "User")]
pub struct UserDto {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub role: RoleDto,
    pub disabled: bool,
    pub must_change_password: bool,
}

impl From<steward_core::User> for UserDto {
    fn from(u: steward_core::User) -> Self {
        Self {
            id: u.id,
            name: u.name,
            role: u.role.into(),
            disabled: u.disabled,
            must_change_password: u.must_change_password,
        }
    }
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, rename = "AuditFilter")]
pub struct AuditFilterDto {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    #[ts(type = "number | null")]
    pub before_seq: Option<i64>,
    pub limit: Option<u32>,
}

impl From<AuditFilterDto> for AuditFilter {
    fn from(f: AuditFilterDto) -> Self {
        let keep = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        Self {
            actor: keep(f.actor),
            action: keep(f.action),
            target_type: keep(f.target_type),
            target_id: keep(f.target_id),
            since: keep(f.since),
            until: keep(f.until),
            before_seq: f.before_seq,
            limit: f.limit,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "AuditEntry")]
pub struct AuditEntryDto {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    #[ts(type = "number | null")]
    pub actor_id: Option<i64>,
    pub actor: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub outcome: String,
    /// The entry's details as JSON text (no personal data).
    pub details: String,
}

impl From<AuditEntry> for AuditEntryDto {
    fn from(e: AuditEntry) -> Self {
        Self {
            seq: e.seq,
            at: e.at,
            actor_id: e.actor_id,
            actor: e.actor_name,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            outcome: e.outcome,
            details: e.details,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "VerifyReport")]
pub struct VerifyReportDto {
    pub intact: bool,
    #[ts(type = "number")]
    pub entries: u64,
    #[ts(type = "number | null")]
    pub first_broken: Option<i64>,
    /// One sentence when broken.
    pub problem: Option<String>,
}

impl From<VerifyReport> for VerifyReportDto {
    fn from(r: VerifyReport) -> Self {
        match r {
            VerifyReport::Intact { entries } => Self {
                intact: true,
                entries,
                first_broken: None,
                problem: None,
            },
            VerifyReport::Broken { seq, problem } => Self {
                intact: false,
                entries: 0,
                first_broken: Some(seq),
                problem: Some(problem),
            },
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SearchHit")]
pub struct SearchHitDto {
    /// `contact`, `company`, `deal` or `activity`.
    pub kind: String,
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub detail: Option<String>,
}

impl From<steward_core::search::SearchHit> for SearchHitDto {
    fn from(h: steward_core::search::SearchHit) -> Self {
        Self {
            kind: h.kind.as_str().into(),
            id: h.id,
            title: h.title,
            detail: h.detail,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "CsvPreview")]
pub struct CsvPreviewDto {
    pub headers: Vec<String>,
    /// The suggested field name for each column, `null` to ignore it.
    pub suggested: Vec<Option<String>>,
    pub sample: Vec<Vec<String>>,
    #[ts(type = "number")]
    pub rows: usize,
    /// Every field a column can map to, in the order to offer them.
    pub fields: Vec<String>,
}

impl From<steward_core::interchange::CsvPreview> for CsvPreviewDto {
    fn from(p: steward_core::interchange::CsvPreview) -> Self {
        Self {
            headers: p.headers,
            suggested: p
                .suggested
                .into_iter()
                .map(|f| f.map(|f| f.as_str().to_owned()))
                .collect(),
            sample: p.sample,
            rows: p.rows,
            fields: steward_core::interchange::mapping::Field::ALL
                .iter()
                .map(|f| f.as_str().to_owned())
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportRequest {
    /// The file to import (chosen in an open dialog).
    pub path: String,
    /// `csv` or `vcard`.
    pub format: String,
    /// For CSV: the field name per column, `null` to ignore.
    pub mapping: Vec<Option<String>>,
    /// `skip`, `merge` or `create`.
    pub on_duplicate: String,
    pub dry_run: bool,
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ImportReport")]
pub struct ImportReportDto {
    #[ts(type = "number | null")]
    pub import_id: Option<i64>,
    #[ts(type = "number")]
    pub records: usize,
    #[ts(type = "number")]
    pub created: usize,
    #[ts(type = "number")]
    pub merged: usize,
    #[ts(type = "number")]
    pub skipped: usize,
    pub dry_run: bool,
}

impl From<steward_core::interchange::ImportReport> for ImportReportDto {
    fn from(r: steward_core::interchange::ImportReport) -> Self {
        Self {
            import_id: r.import_id,
            records: r.records,
            created: r.created,
            merged: r.merged,
            skipped: r.skipped,
            dry_run: r.dry_run,
        }
    }
}

/// Sent as the `import-progress` event while an import runs.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    #[ts(type = "number")]
    pub done: usize,
    #[ts(type = "number")]
    pub total: usize,
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ImportInfo")]
pub struct ImportInfoDto {
    #[ts(type = "number")]
    pub id: i64,
    pub format: String,
    pub started_at: String,
    #[ts(type = "number")]
    pub created: i64,
    #[ts(type = "number")]
    pub merged: i64,
    #[ts(type = "number")]
    pub skipped: i64,
    pub undone_at: Option<String>,
}

impl From<steward_core::interchange::ImportInfo> for ImportInfoDto {
    fn from(i: steward_core::interchange::ImportInfo) -> Self {
        Self {
            id: i.id,
            format: i.format,
            started_at: i.started_at,
            created: i.created,
            merged: i.merged,
            skipped: i.skipped,
            undone_at: i.undone_at,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "UndoReport")]
pub struct UndoReportDto {
    #[ts(type = "number")]
    pub removed: usize,
    #[ts(type = "number")]
    pub restored: usize,
}

impl From<steward_core::interchange::UndoReport> for UndoReportDto {
    fn from(u: steward_core::interchange::UndoReport) -> Self {
        Self {
            removed: u.removed,
            restored: u.restored,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "DeletedContact")]
pub struct DeletedContactDto {
    pub contact: ContactSummaryDto,
    pub deleted_at: String,
    pub purge_at: String,
}

impl From<steward_core::records::contacts::DeletedContact> for DeletedContactDto {
    fn from(d: steward_core::records::contacts::DeletedContact) -> Self {
        Self {
            contact: d.summary.into(),
            deleted_at: d.deleted_at,
            purge_at: d.purge_at,
        }
    }
}
