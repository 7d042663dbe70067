//! Transport types: the JSON shapes crossing IPC, converted explicitly to and
//! from core types. `ts-rs` writes their TypeScript twins into
//! `ui/src/lib/api/types/` when the tests run.

use serde::{Deserialize, Serialize};
use steward_core::records::contacts::{
    Contact, ContactPage, ContactPatch, ContactSummary, NewContact,
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
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
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

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct ContactInput {
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub company: String,
    pub notes: String,
}

impl ContactInput {
    pub fn into_new(self) -> NewContact {
        NewContact {
            name: self.name,
            emails: self.emails,
            phones: self.phones,
            company: Some(self.company),
            notes: Some(self.notes),
        }
    }

    /// The form always sends every field, so every field is replaced.
    pub fn into_patch(self) -> ContactPatch {
        ContactPatch {
            name: Some(self.name),
            emails: Some(self.emails),
            phones: Some(self.phones),
            company: Some(self.company),
            notes: Some(self.notes),
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
    pub notes: Option<String>,
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
            notes: c.notes,
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
