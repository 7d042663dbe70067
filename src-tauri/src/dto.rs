//! Transport types: the JSON shapes crossing IPC, converted explicitly to and
//! from core types. `ts-rs` writes their TypeScript twins into
//! `ui/src/lib/api/types/` when the tests run.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use steward_core::audit::{AuditEntry, AuditFilter, VerifyReport};
use steward_core::interchange::ExportFormat;
use steward_core::records::contacts::SensitiveField;
use steward_core::records::contacts::{
    Address, Contact, ContactPage, ContactPatch, ContactQuery, ContactSort, ContactSummary,
    NewContact, SensitivePresence, SensitiveValues,
};
use steward_core::records::custom_fields::{CustomField, CustomFieldKind};
use steward_core::records::views::SavedView;
use steward_core::{Permission, Role, Session, auth::password::Strength};
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
    /// Users who chose "remember me" on this computer: they unlock without
    /// a password through the OS keychain (the password keeps working).
    pub remembered_users: Vec<String>,
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
    pub permissions: Vec<PermissionDto>,
    /// The user must choose a new password before anything else.
    pub must_change_password: bool,
    pub unlocked_with_recovery_key: bool,
    /// This user unlocks on this computer through the OS keychain.
    pub remembered_here: bool,
    /// The policy allows "remember me on this computer".
    pub device_slots_allowed: bool,
    /// Seconds without input before the app locks itself.
    pub auto_lock_seconds: u32,
    /// Something the user should know about this unlock (the computer could
    /// not be remembered, a stale keychain entry was removed), or none.
    pub notice: Option<String>,
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

/// What a role allows, by core's stable names (`contacts.create`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "Permission")]
pub enum PermissionDto {
    #[serde(rename = "contacts.read")]
    ContactsRead,
    #[serde(rename = "contacts.create")]
    ContactsCreate,
    #[serde(rename = "contacts.edit-own")]
    ContactsEditOwn,
    #[serde(rename = "contacts.edit-any")]
    ContactsEditAny,
    #[serde(rename = "contacts.delete-own")]
    ContactsDeleteOwn,
    #[serde(rename = "contacts.delete-any")]
    ContactsDeleteAny,
    #[serde(rename = "contacts.export")]
    ContactsExport,
    #[serde(rename = "sensitive.write")]
    SensitiveWrite,
    #[serde(rename = "sensitive.reveal")]
    SensitiveReveal,
    #[serde(rename = "users.read")]
    UsersRead,
    #[serde(rename = "users.manage")]
    UsersManage,
    #[serde(rename = "owners.manage")]
    OwnersManage,
    #[serde(rename = "audit.read")]
    AuditRead,
    #[serde(rename = "audit.export")]
    AuditExport,
    #[serde(rename = "settings.manage")]
    SettingsManage,
    #[serde(rename = "backup.manage")]
    BackupManage,
    #[serde(rename = "backup.restore")]
    BackupRestore,
    #[serde(rename = "consent.record")]
    ConsentRecord,
    #[serde(rename = "purposes.manage")]
    PurposesManage,
    #[serde(rename = "rights.manage")]
    RightsManage,
    #[serde(rename = "alerts.manage")]
    AlertsManage,
    #[serde(rename = "policy.manage")]
    PolicyManage,
}

impl From<PermissionDto> for Permission {
    fn from(p: PermissionDto) -> Self {
        match p {
            PermissionDto::ContactsRead => Self::ContactsRead,
            PermissionDto::ContactsCreate => Self::ContactsCreate,
            PermissionDto::ContactsEditOwn => Self::ContactsEditOwn,
            PermissionDto::ContactsEditAny => Self::ContactsEditAny,
            PermissionDto::ContactsDeleteOwn => Self::ContactsDeleteOwn,
            PermissionDto::ContactsDeleteAny => Self::ContactsDeleteAny,
            PermissionDto::ContactsExport => Self::ContactsExport,
            PermissionDto::SensitiveWrite => Self::SensitiveWrite,
            PermissionDto::SensitiveReveal => Self::SensitiveReveal,
            PermissionDto::UsersRead => Self::UsersRead,
            PermissionDto::UsersManage => Self::UsersManage,
            PermissionDto::OwnersManage => Self::OwnersManage,
            PermissionDto::AuditRead => Self::AuditRead,
            PermissionDto::AuditExport => Self::AuditExport,
            PermissionDto::SettingsManage => Self::SettingsManage,
            PermissionDto::BackupManage => Self::BackupManage,
            PermissionDto::BackupRestore => Self::BackupRestore,
            PermissionDto::ConsentRecord => Self::ConsentRecord,
            PermissionDto::PurposesManage => Self::PurposesManage,
            PermissionDto::RightsManage => Self::RightsManage,
            PermissionDto::AlertsManage => Self::AlertsManage,
            PermissionDto::PolicyManage => Self::PolicyManage,
        }
    }
}

impl From<Permission> for PermissionDto {
    fn from(p: Permission) -> Self {
        match p {
            Permission::ContactsRead => Self::ContactsRead,
            Permission::ContactsCreate => Self::ContactsCreate,
            Permission::ContactsEditOwn => Self::ContactsEditOwn,
            Permission::ContactsEditAny => Self::ContactsEditAny,
            Permission::ContactsDeleteOwn => Self::ContactsDeleteOwn,
            Permission::ContactsDeleteAny => Self::ContactsDeleteAny,
            Permission::ContactsExport => Self::ContactsExport,
            Permission::SensitiveWrite => Self::SensitiveWrite,
            Permission::SensitiveReveal => Self::SensitiveReveal,
            Permission::UsersRead => Self::UsersRead,
            Permission::UsersManage => Self::UsersManage,
            Permission::OwnersManage => Self::OwnersManage,
            Permission::AuditRead => Self::AuditRead,
            Permission::AuditExport => Self::AuditExport,
            Permission::SettingsManage => Self::SettingsManage,
            Permission::BackupManage => Self::BackupManage,
            Permission::BackupRestore => Self::BackupRestore,
            Permission::ConsentRecord => Self::ConsentRecord,
            Permission::PurposesManage => Self::PurposesManage,
            Permission::RightsManage => Self::RightsManage,
            Permission::AlertsManage => Self::AlertsManage,
            Permission::PolicyManage => Self::PolicyManage,
        }
    }
}

impl From<&Session> for SessionInfo {
    fn from(s: &Session) -> Self {
        // A policy that cannot be read leaves the defaults in the UI; core
        // still enforces the stored one.
        let policy = s.policy().ok();
        Self {
            user_id: s.user().id,
            user: s.user().name.clone(),
            role: s.user().role.into(),
            vault_dir: s.vault_dir().display().to_string(),
            permissions: steward_core::Permission::ALL
                .into_iter()
                .filter(|p| s.can(*p))
                .map(Into::into)
                .collect(),
            must_change_password: s.user().must_change_password,
            unlocked_with_recovery_key: s.unlocked_with_recovery_key(),
            remembered_here: s.remembered_on_this_device(),
            device_slots_allowed: policy.as_ref().is_none_or(|p| p.device_slots_allowed),
            auto_lock_seconds: crate::autolock::limit_seconds(policy.as_ref()),
            notice: None,
        }
    }
}

/// Why the vault was locked without the user pressing Lock; sent with the
/// `vault-locked` event so the unlock screen can say so.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LockReason {
    /// No input for the policy's idle time.
    Idle,
    /// Ctrl+L or the Vault menu.
    Menu,
    /// The computer went to sleep or the desktop session was locked.
    Desktop,
}

/// The payload of the `vault-locked` event.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VaultLocked {
    pub reason: LockReason,
    /// A sentence for the unlock screen.
    pub message: String,
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

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreateVaultRequest {
    pub dir: String,
    pub user: String,
    pub password: String,
    pub sample_data: bool,
}

// Shows everything but the password.
impl std::fmt::Debug for CreateVaultRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateVaultRequest")
            .field("dir", &self.dir)
            .field("user", &self.user)
            .field("password", &"***")
            .field("sample_data", &self.sample_data)
            .finish()
    }
}

#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreatedVault {
    /// Shown once; the app keeps no copy.
    pub recovery_key: String,
    pub session: SessionInfo,
}

// Shows the session but not the recovery key.
impl std::fmt::Debug for CreatedVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedVault")
            .field("recovery_key", &"***")
            .field("session", &self.session)
            .finish()
    }
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
    /// Custom field values by field key. On update the whole set is
    /// replaced and an empty value clears a field; `null` leaves them as
    /// they are.
    #[serde(default)]
    pub custom: Option<BTreeMap<String, String>>,
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
            custom: self.custom.unwrap_or_default(),
            sensitive: SensitiveValues {
                date_of_birth: self.date_of_birth.filter(|v| !v.trim().is_empty()),
                national_id: self.national_id.filter(|v| !v.trim().is_empty()),
                special_notes: self.special_notes.filter(|v| !v.trim().is_empty()),
            },
        }
    }

    /// The form always sends every ordinary field, so each is replaced
    /// (custom values too, unless `custom` is `null`).
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
            custom: self.custom,
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
    /// Custom field values by field key (only the fields that are set).
    pub custom: BTreeMap<String, String>,
    /// The company record the company name links to, when there is one.
    #[ts(type = "number | null")]
    pub company_id: Option<i64>,
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
            custom: c.custom,
            company_id: c.company_id,
            sensitive: c.sensitive.into(),
            owner_id: c.owner_id,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ContactSummary")]
pub struct ContactSummaryDto {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    #[ts(type = "number")]
    pub owner_id: i64,
}

impl From<ContactSummary> for ContactSummaryDto {
    fn from(c: ContactSummary) -> Self {
        Self {
            id: c.id,
            name: c.name,
            email: c.email,
            phone: c.phone,
            company: c.company,
            owner_id: c.owner_id,
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

/// The order of a contacts list.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, TS)]
#[ts(export, rename = "ContactSort")]
pub enum ContactSortDto {
    /// A to Z by name.
    #[default]
    #[serde(rename = "name")]
    NameAsc,
    /// Z to A by name.
    #[serde(rename = "name-desc")]
    NameDesc,
    /// Most recently added first.
    #[serde(rename = "newest")]
    Newest,
    /// Oldest first.
    #[serde(rename = "oldest")]
    Oldest,
}

impl From<ContactSortDto> for ContactSort {
    fn from(s: ContactSortDto) -> Self {
        match s {
            ContactSortDto::NameAsc => Self::NameAsc,
            ContactSortDto::NameDesc => Self::NameDesc,
            ContactSortDto::Newest => Self::Newest,
            ContactSortDto::Oldest => Self::Oldest,
        }
    }
}

impl From<ContactSort> for ContactSortDto {
    fn from(s: ContactSort) -> Self {
        match s {
            ContactSort::NameAsc => Self::NameAsc,
            ContactSort::NameDesc => Self::NameDesc,
            ContactSort::Newest => Self::Newest,
            ContactSort::Oldest => Self::Oldest,
        }
    }
}

/// Which contacts a list, a saved view or an export covers: every filter
/// given must match (`null` leaves it out), in `sort` order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, rename = "ContactQuery")]
pub struct ContactQueryDto {
    /// Only contacts with this tag (case-insensitive); empty means any.
    pub tag: Option<String>,
    /// Only contacts owned by this user.
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    /// Only contacts linked to this company.
    #[ts(type = "number | null")]
    pub company_id: Option<i64>,
    pub sort: ContactSortDto,
}

impl From<ContactQueryDto> for ContactQuery {
    fn from(q: ContactQueryDto) -> Self {
        Self {
            tag: q.tag.filter(|t| !t.trim().is_empty()),
            owner_id: q.owner_id,
            company_id: q.company_id,
            sort: q.sort.into(),
        }
    }
}

impl From<ContactQuery> for ContactQueryDto {
    fn from(q: ContactQuery) -> Self {
        Self {
            tag: q.tag,
            owner_id: q.owner_id,
            company_id: q.company_id,
            sort: q.sort.into(),
        }
    }
}

/// A named contact query the user keeps for the contacts list.
#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "SavedView")]
pub struct SavedViewDto {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub query: ContactQueryDto,
}

impl From<SavedView> for SavedViewDto {
    fn from(v: SavedView) -> Self {
        Self {
            id: v.id,
            name: v.name,
            query: v.query.into(),
        }
    }
}

/// What a custom field holds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "CustomFieldKind")]
pub enum CustomFieldKindDto {
    Text,
    Number,
    /// `YYYY-MM-DD`.
    Date,
    /// Stored as `true` or `false`.
    Boolean,
}

impl From<CustomFieldKindDto> for CustomFieldKind {
    fn from(k: CustomFieldKindDto) -> Self {
        match k {
            CustomFieldKindDto::Text => Self::Text,
            CustomFieldKindDto::Number => Self::Number,
            CustomFieldKindDto::Date => Self::Date,
            CustomFieldKindDto::Boolean => Self::Boolean,
        }
    }
}

impl From<CustomFieldKind> for CustomFieldKindDto {
    fn from(k: CustomFieldKind) -> Self {
        match k {
            CustomFieldKind::Text => Self::Text,
            CustomFieldKind::Number => Self::Number,
            CustomFieldKind::Date => Self::Date,
            CustomFieldKind::Boolean => Self::Boolean,
        }
    }
}

/// An extra contact field defined by an owner or admin.
#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "CustomField")]
pub struct CustomFieldDto {
    #[ts(type = "number")]
    pub id: i64,
    /// Stable key: lower-case letters, digits and `-`.
    pub key: String,
    pub label: String,
    pub kind: CustomFieldKindDto,
}

impl From<CustomField> for CustomFieldDto {
    fn from(f: CustomField) -> Self {
        Self {
            id: f.id,
            key: f.key,
            label: f.label,
            kind: f.kind.into(),
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
    /// For each column without a suggested field: the key of the custom
    /// field its header names, or `null`.
    pub suggested_custom: Vec<Option<String>>,
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
            suggested_custom: p.suggested_custom,
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
    /// For CSV: the custom field key per column, `null` for none (a column
    /// fills a built-in field or a custom one, not both).
    #[serde(default)]
    pub custom_columns: Vec<Option<String>>,
    /// `skip`, `merge` or `create`.
    pub on_duplicate: String,
    pub dry_run: bool,
    /// Import people who were erased or objected to marketing anyway
    /// (needs `rights.manage`); by default they are left out and counted.
    #[serde(default)]
    pub readmit_known: bool,
}

impl ImportRequest {
    /// The custom columns as core takes them: (column, field key) pairs.
    pub fn custom_column_pairs(&self) -> Vec<(usize, String)> {
        self.custom_columns
            .iter()
            .enumerate()
            .filter_map(|(column, key)| {
                key.as_deref()
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(|k| (column, k.to_owned()))
            })
            .collect()
    }
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
    /// Records left out: of erased or objecting people (unless let in) and
    /// those matching a restricted contact. Every role sees this count.
    #[ts(type = "number")]
    pub left_out: usize,
    /// Records of people who were erased: left out, or let in with
    /// `readmitKnown`. 0 for roles without `rights.manage`.
    #[ts(type = "number")]
    pub erased: usize,
    /// Records of people who objected to marketing: left out, or let in.
    /// 0 for roles without `rights.manage`.
    #[ts(type = "number")]
    pub suppressed: usize,
    /// Records matching a restricted contact, always left out. 0 for roles
    /// without `rights.manage`.
    #[ts(type = "number")]
    pub restricted: usize,
    /// Whether those people were let in on purpose.
    pub readmitted: bool,
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
            left_out: r.left_out,
            erased: r.erased,
            suppressed: r.suppressed,
            restricted: r.restricted,
            readmitted: r.readmitted,
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

/// One sensitive field of a contact, as `reveal_sensitive` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "SensitiveField")]
pub enum SensitiveFieldDto {
    DateOfBirth,
    NationalId,
    SpecialNotes,
}

impl From<SensitiveFieldDto> for SensitiveField {
    fn from(f: SensitiveFieldDto) -> Self {
        match f {
            SensitiveFieldDto::DateOfBirth => Self::DateOfBirth,
            SensitiveFieldDto::NationalId => Self::NationalId,
            SensitiveFieldDto::SpecialNotes => Self::SpecialNotes,
        }
    }
}

impl From<SensitiveField> for SensitiveFieldDto {
    fn from(f: SensitiveField) -> Self {
        match f {
            SensitiveField::DateOfBirth => Self::DateOfBirth,
            SensitiveField::NationalId => Self::NationalId,
            SensitiveField::SpecialNotes => Self::SpecialNotes,
        }
    }
}

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, rename = "ExportFormat")]
pub enum ExportFormatDto {
    Csv,
    Vcard,
}

impl From<ExportFormatDto> for ExportFormat {
    fn from(f: ExportFormatDto) -> Self {
        match f {
            ExportFormatDto::Csv => Self::Csv,
            ExportFormatDto::Vcard => Self::Vcard,
        }
    }
}

impl From<ExportFormat> for ExportFormatDto {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Csv => Self::Csv,
            ExportFormat::Vcard => Self::Vcard,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_empty_contact_query_lists_every_contact_by_name() {
        for json in [
            "{}",
            r#"{"tag":"  ","ownerId":null,"companyId":null,"sort":"name"}"#,
        ] {
            let dto: ContactQueryDto = serde_json::from_str(json).unwrap();
            assert_eq!(ContactQuery::from(dto), ContactQuery::default(), "{json}");
        }
    }

    #[test]
    fn a_contact_query_carries_every_filter_and_the_order() {
        let dto: ContactQueryDto =
            serde_json::from_str(r#"{"tag":"vip","ownerId":3,"companyId":9,"sort":"name-desc"}"#)
                .unwrap();
        let query = ContactQuery::from(dto);
        assert_eq!(query.tag.as_deref(), Some("vip"));
        assert_eq!(query.owner_id, Some(3));
        assert_eq!(query.company_id, Some(9));
        assert_eq!(query.sort, ContactSort::NameDesc);
    }

    #[test]
    fn the_sort_and_kind_names_are_the_ones_core_uses() {
        for sort in ContactSort::ALL {
            let json = serde_json::to_string(&ContactSortDto::from(sort)).unwrap();
            assert_eq!(json, format!("\"{}\"", sort.as_str()));
            let back: ContactSortDto = serde_json::from_str(&json).unwrap();
            assert_eq!(ContactSort::from(back), sort);
        }
        for kind in CustomFieldKind::ALL {
            let json = serde_json::to_string(&CustomFieldKindDto::from(kind)).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            let back: CustomFieldKindDto = serde_json::from_str(&json).unwrap();
            assert_eq!(CustomFieldKind::from(back), kind);
        }
    }

    #[test]
    fn the_permission_field_and_format_names_are_the_ones_core_uses() {
        for permission in Permission::ALL {
            let json = serde_json::to_string(&PermissionDto::from(permission)).unwrap();
            assert_eq!(json, format!("\"{}\"", permission.as_str()));
            let back: PermissionDto = serde_json::from_str(&json).unwrap();
            assert_eq!(Permission::from(back), permission);
        }
        for field in SensitiveField::ALL {
            let json = serde_json::to_string(&SensitiveFieldDto::from(field)).unwrap();
            assert_eq!(json, format!("\"{}\"", field.as_str()));
            let back: SensitiveFieldDto = serde_json::from_str(&json).unwrap();
            assert_eq!(SensitiveField::from(back), field);
        }
        for format in [ExportFormat::Csv, ExportFormat::Vcard] {
            let json = serde_json::to_string(&ExportFormatDto::from(format)).unwrap();
            assert_eq!(json, format!("\"{}\"", format.as_str()));
            let back: ExportFormatDto = serde_json::from_str(&json).unwrap();
            assert_eq!(ExportFormat::from(back), format);
        }
    }

    fn input(custom: &str) -> ContactInput {
        serde_json::from_str(&format!(
            r#"{{"name":"Ada","emails":[],"phones":[],"company":"","title":"","source":"",
                "address":{{}},"tags":[],"notes":"","dateOfBirth":null,"nationalId":null,
                "specialNotes":null{custom}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn custom_values_left_out_or_null_stay_as_they_are_on_update() {
        assert_eq!(input("").into_patch().custom, None);
        assert_eq!(input(r#","custom":null"#).into_patch().custom, None);
        assert!(input("").into_new().custom.is_empty());
    }

    #[test]
    fn custom_values_sent_replace_the_set_on_update() {
        let patch = input(r#","custom":{"member-no":"42","vip":""}"#).into_patch();
        let custom = patch.custom.unwrap();
        assert_eq!(custom.get("member-no").map(String::as_str), Some("42"));
        assert_eq!(
            custom.get("vip").map(String::as_str),
            Some(""),
            "an empty value clears"
        );
    }

    #[test]
    fn custom_columns_become_column_and_key_pairs() {
        let request: ImportRequest = serde_json::from_str(
            r#"{"path":"a.csv","format":"csv","mapping":[null,"name",null,null],
                "customColumns":["member-no",null," ","vip"],"onDuplicate":"skip","dryRun":true}"#,
        )
        .unwrap();
        assert_eq!(
            request.custom_column_pairs(),
            vec![(0, "member-no".to_owned()), (3, "vip".to_owned())]
        );
        let older: ImportRequest = serde_json::from_str(
            r#"{"path":"a.csv","format":"csv","mapping":[],"onDuplicate":"skip","dryRun":false}"#,
        )
        .unwrap();
        assert!(older.custom_column_pairs().is_empty());
    }
}
