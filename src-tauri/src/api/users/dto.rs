//! Users, their roles and what each role allows.

use serde::{Deserialize, Serialize};
use steward_core::{Permission, Role};
use ts_rs::TS;

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
    #[serde(rename = "attachments.open")]
    AttachmentsOpen,
    #[serde(rename = "attachments.export")]
    AttachmentsExport,
    #[serde(rename = "rules.manage")]
    RulesManage,
    #[serde(rename = "review.run")]
    ReviewRun,
    #[serde(rename = "breach.manage")]
    BreachManage,
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
            PermissionDto::AttachmentsOpen => Self::AttachmentsOpen,
            PermissionDto::AttachmentsExport => Self::AttachmentsExport,
            PermissionDto::RulesManage => Self::RulesManage,
            PermissionDto::ReviewRun => Self::ReviewRun,
            PermissionDto::BreachManage => Self::BreachManage,
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
            Permission::AttachmentsOpen => Self::AttachmentsOpen,
            Permission::AttachmentsExport => Self::AttachmentsExport,
            Permission::RulesManage => Self::RulesManage,
            Permission::ReviewRun => Self::ReviewRun,
            Permission::BreachManage => Self::BreachManage,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permission_names_are_the_ones_core_uses() {
        for permission in Permission::ALL {
            let json = serde_json::to_string(&PermissionDto::from(permission)).unwrap();
            assert_eq!(json, format!("\"{}\"", permission.as_str()));
            let back: PermissionDto = serde_json::from_str(&json).unwrap();
            assert_eq!(Permission::from(back), permission);
        }
    }
}
