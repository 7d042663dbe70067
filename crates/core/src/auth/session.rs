//! The authenticated session: an unlocked vault plus the user who unlocked it.
//!
//! There is no other way to reach the data: the connection and keys live in
//! private fields, so every read and write is a method that checks the role
//! first.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Permission, Role};
use crate::audit::{self, AuditHead, Event, Outcome, Target};
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
    /// Set when an owner or admin chose the password: the user must choose
    /// their own before doing anything else.
    pub must_change_password: bool,
}

/// Keys held while unlocked; zeroized when the session ends.
#[derive(Debug)]
pub(crate) struct SessionKeys {
    pub(crate) data: DataKey,
    pub(crate) keyslots_mac: DerivedKey,
    pub(crate) audit_mac: DerivedKey,
    /// The key of the erasure ledger's and the suppression list's
    /// identifier hashes ([`crate::rights::identifier_hash`]); with
    /// `audit_mac`, one of the vault's lasting keys
    /// ([`crate::vault::lasting_keys`]).
    pub(crate) identifier_hash: DerivedKey,
    /// The user's X25519 private key (ADR 0025), after a password unlock:
    /// it opens the new data key an owner's re-key left for them.
    pub(crate) agreement: Option<crate::secret::AgreementSecret>,
}

/// Per-session state of the monitoring rules (`crate::monitor`): whether
/// the policy locked the session, which [`Session::authorize`] refuses
/// everything after, and when the user last confirmed their password.
#[derive(Debug, Default)]
pub(crate) struct Guard {
    pub(crate) locked: Cell<bool>,
    pub(crate) reauth_at: Cell<Option<chrono::DateTime<chrono::Utc>>>,
}

/// Whether every page of `vault.db` has been checked since the unlock: at
/// once by [`crate::unlock::unlock`] (and for a new vault, which has nothing
/// unchecked), later by a [`crate::unlock::PageCheck`] on another thread
/// (ADR 0019), which shares the flag. A backup copies the database file as
/// it is only once it is set.
#[derive(Debug, Clone)]
pub(crate) struct PagesChecked(pub(crate) std::sync::Arc<std::sync::atomic::AtomicBool>);

impl PagesChecked {
    pub(crate) fn new(checked: bool) -> Self {
        Self(std::sync::Arc::new(std::sync::atomic::AtomicBool::new(
            checked,
        )))
    }

    pub(crate) fn get(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Acquire)
    }

    pub(crate) fn set(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Release);
    }
}

impl Default for PagesChecked {
    fn default() -> Self {
        Self::new(true)
    }
}

/// What a higher module keeps in the session between two calls, such as
/// the larger groups of the last search of possible duplicates for their
/// later pages: one value of the keeper's own type, which checks itself
/// whether it still holds (this module does not know what it is).
#[derive(Default)]
pub(crate) struct Memo(pub(crate) std::cell::RefCell<Option<Box<dyn std::any::Any + Send>>>);

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
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
    pub(crate) guard: Guard,
    pub(crate) pages_checked: PagesChecked,
    /// This session's shared hold on the vault folder, released last (after
    /// the connection closes): see [`crate::vault::hold`].
    pub(crate) hold: crate::vault::hold::Hold,
    /// See [`Memo`].
    pub(crate) memo: Memo,
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
    /// `permission`, and records the refusal in the audit log.
    pub fn require(&self, permission: Permission) -> Result<()> {
        self.authorize(permission, permission.as_str(), None)
    }

    /// Like [`Session::require`], naming the attempted action and its target
    /// in the audit entry of a refusal. A user who must change their password
    /// is refused everything until they do; a session that lost its hold on
    /// the vault folder (see [`crate::vault::hold`]) everything until it ends.
    /// An export or a reveal by a user who must acknowledge the company's
    /// rules is refused and recorded too ([`Error::RulesNotAcknowledged`]).
    pub(crate) fn authorize(
        &self,
        permission: Permission,
        action: &'static str,
        target: Option<Target>,
    ) -> Result<()> {
        self.hold.still_held()?;
        if self.user.must_change_password {
            return Err(Error::PasswordChangeRequired);
        }
        if self.guard.locked.get() {
            return Err(Error::LockedByPolicy);
        }
        if self.user.role.allows(permission) {
            // An export or a reveal also needs the current rules
            // acknowledged, while the policy gates on them (`rules`).
            return self.check_rules(permission, action, target);
        }
        self.record(&Event {
            action,
            target,
            outcome: Outcome::Denied,
            details: serde_json::json!({ "permission": permission.as_str() }),
        })?;
        Err(Error::PermissionDenied {
            role: self.user.role.as_str(),
            permission: permission.as_str(),
        })
    }

    /// Whether the user's role allows `permission` (for showing or hiding
    /// actions; the operations check again).
    pub fn can(&self, permission: Permission) -> bool {
        !self.user.must_change_password && self.user.role.allows(permission)
    }

    /// Appends `event` as the current user, outside any other transaction.
    /// The write lock is taken first (an immediate transaction), so another
    /// process appending at the same moment waits instead of colliding on
    /// the sequence number.
    pub(crate) fn record(&self, event: &Event) -> Result<AuditHead> {
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let head = audit::append(&tx, &self.keys.audit_mac, Some(self.user.id), event)?;
        tx.commit()?;
        Ok(head)
    }

    /// Mirrors the audit log's current head into the keyslots file.
    pub(crate) fn sync_audit_head(&mut self) -> Result<()> {
        let head = audit::head(&self.conn)?;
        let (keyslots, ()) = Keyslots::update(
            &crate::vault::keyslots_path(&self.dir),
            &self.keys.keyslots_mac,
            |ks| {
                ks.set_audit_head(head.as_ref());
                Ok(())
            },
        )?;
        self.keyslots = keyslots;
        Ok(())
    }

    /// Records the lock, mirrors the audit head into the keyslots file,
    /// closes the database (checkpointing the WAL into the encrypted file) and
    /// zeroizes the keys.
    ///
    /// # Errors
    /// When the entry, the keyslots file or the close fails; the connection is
    /// closed and the keys are zeroized anyway.
    pub fn lock(self) -> Result<()> {
        let (result, hold) = self.close();
        drop(hold);
        result
    }

    /// [`Session::lock`], keeping the hold on the vault folder: for an
    /// operation that goes on with the folder after the database closed.
    pub(crate) fn close(mut self) -> (Result<()>, crate::vault::hold::Hold) {
        let recorded = self
            .record(&Event::allowed("vault.lock", None))
            .and_then(|_| self.sync_audit_head());
        let Session {
            conn, keys, hold, ..
        } = self;
        let closed = conn.close().map_err(|(_, err)| Error::from(err));
        drop(keys);
        (recorded.and(closed), hold)
    }
}
