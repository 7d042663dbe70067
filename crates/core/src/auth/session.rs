//! The authenticated session: an unlocked vault plus the user who unlocked it.
//!
//! There is no other way to reach the data: the connection and keys live in
//! private fields, so every read and write is a method that checks the role
//! first.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Permission, Role};
use crate::secret::{DataKey, DerivedKey};
use crate::vault::keyslots::Keyslots;
use crate::{Error, Result};

/// A user as stored in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Stable id.
    pub id: i64,
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Disabled users cannot unlock.
    pub disabled: bool,
}

/// Keys held while unlocked; zeroized when the session ends.
#[derive(Debug)]
pub(crate) struct SessionKeys {
    pub(crate) data: DataKey,
    pub(crate) keyslots_mac: DerivedKey,
}

/// An unlocked vault and the user who unlocked it. Dropping it (or calling
/// [`Session::lock`]) closes the database and zeroizes the keys.
#[derive(Debug)]
pub struct Session {
    pub(crate) conn: Connection,
    pub(crate) keys: SessionKeys,
    pub(crate) keyslots: Keyslots,
    pub(crate) dir: PathBuf,
    pub(crate) user: User,
    pub(crate) via_recovery: bool,
}

impl Session {
    /// The user this session acts as.
    pub fn user(&self) -> &User {
        &self.user
    }

    /// The vault folder.
    pub fn vault_dir(&self) -> &Path {
        &self.dir
    }

    /// The vault's random id.
    pub fn vault_id(&self) -> &str {
        self.keyslots.vault_id()
    }

    /// Whether the session was opened with the recovery key.
    pub fn unlocked_with_recovery_key(&self) -> bool {
        self.via_recovery
    }

    /// Fails with [`Error::PermissionDenied`] unless the user's role allows
    /// `permission`.
    pub fn require(&self, permission: Permission) -> Result<()> {
        if self.user.role.allows(permission) {
            Ok(())
        } else {
            Err(Error::PermissionDenied {
                role: self.user.role.as_str(),
                permission: permission.as_str(),
            })
        }
    }

    /// Closes the database (checkpointing the WAL into the encrypted file) and
    /// zeroizes the keys.
    ///
    /// # Errors
    /// When the database cannot be closed cleanly; the keys are zeroized anyway.
    pub fn lock(self) -> Result<()> {
        let Session { conn, keys, .. } = self;
        let closed = conn.close().map_err(|(_, err)| Error::from(err));
        drop(keys);
        closed
    }
}
