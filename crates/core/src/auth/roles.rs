//! Roles and permissions. Each role is an allowlist; anything not listed is
//! denied.

use std::fmt;
use std::str::FromStr;

use crate::{Error, Result};

/// A built-in role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything, including users, recovery, restore and security policy.
    Owner,
    /// Users except owners, backups, audit, alerts, settings, all records.
    Admin,
    /// All records, export, consent, data-subject requests, reveal with a reason.
    Manager,
    /// Reads ordinary fields, creates records, edits and deletes their own.
    Agent,
    /// Read-only records with sensitive fields masked; the full audit log.
    Auditor,
    /// Read-only ordinary fields.
    Viewer,
}

/// Something a role may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Read contacts' ordinary fields.
    ContactsRead,
    /// Create contacts.
    ContactsCreate,
    /// Edit contacts the user owns.
    ContactsEditOwn,
    /// Edit any contact, and reassign its owner.
    ContactsEditAny,
    /// Delete contacts the user owns.
    ContactsDeleteOwn,
    /// Delete any contact.
    ContactsDeleteAny,
    /// Export contacts (CSV, vCard).
    ContactsExport,
    /// Set or change sensitive fields (date of birth, national id, special-category notes).
    SensitiveWrite,
    /// Reveal one sensitive field of one contact, giving a reason.
    SensitiveReveal,
    /// See the list of users and their roles.
    UsersRead,
    /// Add users, change roles, disable, enable and reset passwords of
    /// users who are not owners.
    UsersManage,
    /// The same for owners, and granting the owner role.
    OwnersManage,
    /// Read and verify the audit log.
    AuditRead,
    /// Export the audit log.
    AuditExport,
    /// Configure the vault: the pipeline's stages, custom fields.
    SettingsManage,
    /// Back up now, list, verify, prune and drill backups, and change the
    /// backup settings.
    BackupManage,
    /// Restore a backup over the vault.
    BackupRestore,
    /// Record and withdraw contacts' consent.
    ConsentRecord,
    /// Edit the purposes of processing (lawful basis, retention).
    PurposesManage,
    /// Handle data-subject requests: the register, access packages,
    /// erasure, restriction, objection; see restricted contacts.
    RightsManage,
    /// See and acknowledge alerts.
    AlertsManage,
    /// Change the security policy.
    PolicyManage,
    /// Open the content of an attachment (a file on a record the user may
    /// see) to view it.
    AttachmentsOpen,
    /// Save a copy of an attachment outside the vault.
    AttachmentsExport,
    /// Publish the company's rules for customer data and see who has
    /// acknowledged which version.
    RulesManage,
    /// Run a periodic access review: start it, decide per user, close it
    /// (the decisions also need `users.manage`, and `owners.manage` for an
    /// owner), export its report.
    ReviewRun,
    /// Open, edit and decide incidents in the breach register; produce
    /// their "who touched what" report and drafts.
    BreachManage,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 6] = [
        Role::Owner,
        Role::Admin,
        Role::Manager,
        Role::Agent,
        Role::Auditor,
        Role::Viewer,
    ];

    /// The stable name stored in the database and used by the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Agent => "agent",
            Role::Auditor => "auditor",
            Role::Viewer => "viewer",
        }
    }

    /// Whether this role's allowlist holds `permission`. Deny by default:
    /// the match below is exhaustive over permissions, so a new permission
    /// does not compile until each role's answer is written down.
    pub fn allows(self, permission: Permission) -> bool {
        use Permission as P;
        use Role::{Admin, Agent, Auditor, Manager, Owner, Viewer};
        let roles: &[Role] = match permission {
            P::ContactsRead => &[Owner, Admin, Manager, Agent, Auditor, Viewer],
            P::ContactsCreate | P::ContactsEditOwn | P::ContactsDeleteOwn => {
                &[Owner, Admin, Manager, Agent]
            }
            P::ContactsEditAny | P::ContactsDeleteAny | P::ContactsExport => {
                &[Owner, Admin, Manager]
            }
            P::SensitiveWrite | P::SensitiveReveal => &[Owner, Admin, Manager],
            P::UsersRead | P::UsersManage => &[Owner, Admin],
            P::OwnersManage => &[Owner],
            P::AuditRead | P::AuditExport => &[Owner, Admin, Auditor],
            P::SettingsManage | P::BackupManage | P::BackupRestore | P::PurposesManage => {
                &[Owner, Admin]
            }
            P::ConsentRecord => &[Owner, Admin, Manager, Agent, Auditor],
            P::RightsManage => &[Owner, Admin, Manager, Auditor],
            P::AlertsManage => &[Owner, Admin],
            P::PolicyManage => &[Owner],
            // A file cannot be masked: roles that see sensitive fields
            // masked (auditor) or only ordinary fields (viewer) do not open
            // files; saving a copy is an export.
            P::AttachmentsOpen => &[Owner, Admin, Manager, Agent],
            P::AttachmentsExport => &[Owner, Admin, Manager],
            P::RulesManage => &[Owner],
            P::ReviewRun => &[Owner, Admin],
            P::BreachManage => &[Owner, Admin],
        };
        roles.contains(&self)
    }

    /// Every permission this role has, in [`Permission::ALL`] order.
    pub fn permissions(self) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| self.allows(*p))
            .collect()
    }
}

impl Permission {
    /// Every permission.
    pub const ALL: [Permission; 27] = [
        Permission::ContactsRead,
        Permission::ContactsCreate,
        Permission::ContactsEditOwn,
        Permission::ContactsEditAny,
        Permission::ContactsDeleteOwn,
        Permission::ContactsDeleteAny,
        Permission::ContactsExport,
        Permission::SensitiveWrite,
        Permission::SensitiveReveal,
        Permission::UsersRead,
        Permission::UsersManage,
        Permission::OwnersManage,
        Permission::AuditRead,
        Permission::AuditExport,
        Permission::SettingsManage,
        Permission::BackupManage,
        Permission::BackupRestore,
        Permission::ConsentRecord,
        Permission::PurposesManage,
        Permission::RightsManage,
        Permission::AlertsManage,
        Permission::PolicyManage,
        Permission::AttachmentsOpen,
        Permission::AttachmentsExport,
        Permission::RulesManage,
        Permission::ReviewRun,
        Permission::BreachManage,
    ];

    /// The stable name shown in "permission denied" messages and audit entries.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::ContactsRead => "contacts.read",
            Permission::ContactsCreate => "contacts.create",
            Permission::ContactsEditOwn => "contacts.edit-own",
            Permission::ContactsEditAny => "contacts.edit-any",
            Permission::ContactsDeleteOwn => "contacts.delete-own",
            Permission::ContactsDeleteAny => "contacts.delete-any",
            Permission::ContactsExport => "contacts.export",
            Permission::SensitiveWrite => "sensitive.write",
            Permission::SensitiveReveal => "sensitive.reveal",
            Permission::UsersRead => "users.read",
            Permission::UsersManage => "users.manage",
            Permission::OwnersManage => "owners.manage",
            Permission::AuditRead => "audit.read",
            Permission::AuditExport => "audit.export",
            Permission::SettingsManage => "settings.manage",
            Permission::BackupManage => "backup.manage",
            Permission::BackupRestore => "backup.restore",
            Permission::ConsentRecord => "consent.record",
            Permission::PurposesManage => "purposes.manage",
            Permission::RightsManage => "rights.manage",
            Permission::AlertsManage => "alerts.manage",
            Permission::PolicyManage => "policy.manage",
            Permission::AttachmentsOpen => "attachments.open",
            Permission::AttachmentsExport => "attachments.export",
            Permission::RulesManage => "rules.manage",
            Permission::ReviewRun => "review.run",
            Permission::BreachManage => "breach.manage",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::from(crate::Invalid::new("value-not-allowed", format!(
                    "unknown role {s:?}; roles are owner, admin, manager, agent, auditor and viewer"
                )).with("field", "role"))
            })
    }
}
