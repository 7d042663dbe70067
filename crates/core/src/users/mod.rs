//! Managing users: list, add, change role, disable, enable, reset password.
//!
//! Owners and admins manage users; only owners manage owners. The last
//! active owner can never be demoted or disabled. Disabling a user removes
//! their keyslot, so their password no longer unwraps the data key at all;
//! enabling them again needs a new password. A role change raises an alert
//! ([`crate::monitor`]), which is why this sits above `auth`.

use rusqlite::params;

use crate::audit::{self, Event, Target};
use crate::auth::{
    Permission, Role, Session, USER_COLUMNS, User, password, to_user, user_from_row,
    user_id_by_name, user_name_key,
};
use crate::secret::Password;
use crate::vault::validate_user_name;
use crate::{Error, Result};

impl Session {
    /// Every user, by name in the vault language's collation.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `users.read`.
    pub fn list_users(&self) -> Result<Vec<User>> {
        self.require(Permission::UsersRead)?;
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"))?;
        let rows = stmt.query_map([], user_from_row)?;
        let mut users = rows.map(|r| to_user(r?)).collect::<Result<Vec<_>>>()?;
        crate::collation::sort_by_text(self.vault_language()?, &mut users, |u| &u.name);
        Ok(users)
    }

    pub(crate) fn find_user(&self, name: &str) -> Result<User> {
        let id = user_id_by_name(&self.conn, name, false)?.ok_or_else(|| Error::NotFound {
            entity: "user",
            id: name.trim().to_owned(),
        })?;
        self.user_by_id(id)
    }

    pub(crate) fn user_by_id(&self, id: i64) -> Result<User> {
        let row = self.conn.query_row(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
            [id],
            user_from_row,
        )?;
        to_user(row)
    }

    /// Checks `users.manage`, and `owners.manage` when an owner is involved.
    pub(crate) fn authorize_user_change(
        &self,
        action: &'static str,
        target: &User,
        new_role: Option<Role>,
    ) -> Result<()> {
        let t = Some(Target::user(target.id));
        self.authorize(Permission::UsersManage, action, t.clone())?;
        if target.role == Role::Owner || new_role == Some(Role::Owner) {
            self.authorize(Permission::OwnersManage, action, t)?;
        }
        Ok(())
    }

    fn active_owners_other_than(&self, user_id: i64) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM users WHERE role = 'owner' AND disabled = 0 AND id <> ?1",
            [user_id],
            |r| r.get(0),
        )?)
    }

    fn ensure_not_last_owner(&self, target: &User) -> Result<()> {
        if target.role == Role::Owner
            && !target.disabled
            && self.active_owners_other_than(target.id)? == 0
        {
            return Err(crate::Invalid::new(
                "last-owner",
                format!(
                    "{} is the last owner; make another user an owner first",
                    target.name
                ),
            )
            .with("user", &target.name)
            .into());
        }
        Ok(())
    }

    /// Adds a user with a first password chosen for them; they must change it
    /// at their first unlock.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`]; [`Error::InvalidInput`] for a bad or taken
    /// name; [`Error::WeakPassword`].
    pub fn add_user(&mut self, name: &str, role: Role, first_password: &Password) -> Result<User> {
        self.authorize(Permission::UsersManage, "user.create", None)?;
        if role == Role::Owner {
            self.authorize(Permission::OwnersManage, "user.create", None)?;
        }
        let name = validate_user_name(name)?;
        password::require_strong(first_password, &name)?;
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Checked inside the write transaction, so two processes adding the
        // same name at once cannot both pass.
        let key = user_name_key(&name);
        let taken = tx
            .prepare_cached("SELECT name FROM users")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .iter()
            .any(|existing| user_name_key(existing) == key);
        if taken {
            return Err(crate::Invalid::new(
                "already-exists",
                format!(
                    "there is already a user named {name} (names that differ only in case or accents are the same name)"
                ),
            )
            .with("field", "user name")
            .into());
        }
        tx.execute(
            "INSERT INTO users (name, role, must_change_password, created_at) VALUES (?1, ?2, 1, ?3)",
            params![name, role.as_str(), now],
        )?;
        let id = tx.last_insert_rowid();
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("user.create", Some(Target::user(id))).with("role", role.as_str()),
        )?;
        tx.commit()?;
        let slot_user = self.slot_user(id, &name, role);
        self.write_password_slot(&slot_user, first_password)?;
        self.user_by_id(id)
    }

    /// Changes a user's role.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`]; [`Error::InvalidInput`] when it would
    /// leave no active owner; [`Error::NotFound`].
    pub fn set_role(&mut self, name: &str, role: Role) -> Result<User> {
        let target = self.find_user(name)?;
        self.authorize_user_change("user.role_change", &target, Some(role))?;
        if target.role == role {
            return Ok(target);
        }
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        self.change_role_in(&tx, &target, role)?;
        tx.commit()?;
        self.after_role_change(&target, role)?;
        self.user_by_id(target.id)
    }

    /// The database half of a role change, in the caller's transaction
    /// (permission already checked): the last-owner rule, the row, the
    /// `user.role_change` entry and its alert. [`Session::set_role`] and an
    /// access review's close share it.
    pub(crate) fn change_role_in(
        &self,
        tx: &rusqlite::Transaction<'_>,
        target: &User,
        role: Role,
    ) -> Result<()> {
        self.ensure_not_last_owner(target)?;
        tx.execute(
            "UPDATE users SET role = ?2 WHERE id = ?1",
            params![target.id, role.as_str()],
        )?;
        let head = audit::append(
            tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("user.role_change", Some(Target::user(target.id)))
                .with("from", target.role.as_str())
                .with("to", role.as_str()),
        )?;
        crate::monitor::alerts::raise(
            tx,
            crate::monitor::Rule::RoleChange,
            Some(self.user.id),
            &crate::monitor::alerts::Summary::new(
                "role-change",
                format!(
                    "user {} changed from {} to {}",
                    target.id,
                    target.role.as_str(),
                    role.as_str()
                ),
            )
            .with("user", target.id)
            .with("from", target.role.as_str())
            .with("to", role.as_str()),
            &[head.seq],
        )?;
        Ok(())
    }

    /// After a committed role change: the owner hint of the slot, and this
    /// session's own role when it changed its own.
    pub(crate) fn after_role_change(&mut self, target: &User, role: Role) -> Result<()> {
        self.set_owner_hint(target.id, role == Role::Owner)?;
        if target.id == self.user.id {
            self.user.role = role;
        }
        Ok(())
    }

    /// Disables a user and removes their keyslot.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`]; [`Error::InvalidInput`] for the last owner
    /// or oneself; [`Error::NotFound`].
    pub fn disable_user(&mut self, name: &str) -> Result<User> {
        let target = self.find_user(name)?;
        self.authorize_user_change("user.disable", &target, None)?;
        if target.id == self.user.id {
            return Err(crate::Invalid::new(
                "cannot-disable-self",
                "you cannot disable yourself; ask another owner or admin",
            )
            .into());
        }
        if target.disabled {
            // A crash during an earlier disable may have left the slot behind.
            self.remove_password_slot(target.id)?;
            return Ok(target);
        }
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        self.disable_in(&tx, &target)?;
        tx.commit()?;
        self.remove_password_slot(target.id)?;
        self.user_by_id(target.id)
    }

    /// The database half of disabling an enabled user, in the caller's
    /// transaction (permission already checked): the self and last-owner
    /// rules, the flag and the `user.disable` entry. The slot is removed
    /// after the commit ([`Session::remove_password_slot`]).
    pub(crate) fn disable_in(&self, tx: &rusqlite::Transaction<'_>, target: &User) -> Result<()> {
        if target.id == self.user.id {
            return Err(crate::Invalid::new(
                "cannot-disable-self",
                "you cannot disable yourself; ask another owner or admin",
            )
            .into());
        }
        self.ensure_not_last_owner(target)?;
        tx.execute("UPDATE users SET disabled = 1 WHERE id = ?1", [target.id])?;
        audit::append(
            tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("user.disable", Some(Target::user(target.id))),
        )?;
        Ok(())
    }

    /// Enables a disabled user with a new first password (their old keyslot
    /// was removed when they were disabled).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`]; [`Error::WeakPassword`]; [`Error::NotFound`].
    pub fn enable_user(&mut self, name: &str, first_password: &Password) -> Result<User> {
        let target = self.find_user(name)?;
        self.authorize_user_change("user.enable", &target, None)?;
        if !target.disabled {
            return Err(crate::Invalid::new(
                "user-not-disabled",
                format!(
                    "{} is not disabled; to set a new password, reset it",
                    target.name
                ),
            )
            .with("user", &target.name)
            .into());
        }
        password::require_strong(first_password, &target.name)?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE users SET disabled = 0, must_change_password = 1 WHERE id = ?1",
            [target.id],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("user.enable", Some(Target::user(target.id))),
        )?;
        tx.commit()?;
        let slot_user = self.slot_user(target.id, &target.name, target.role);
        self.write_password_slot(&slot_user, first_password)?;
        self.user_by_id(target.id)
    }

    /// Sets another user's password (they must change it at their next
    /// unlock). For one's own password use [`Session::change_password`].
    ///
    /// # Errors
    /// [`Error::PermissionDenied`]; [`Error::WeakPassword`]; [`Error::NotFound`];
    /// [`Error::InvalidInput`] for a disabled user (enable them instead).
    pub fn reset_password(&mut self, name: &str, new_password: &Password) -> Result<()> {
        let target = self.find_user(name)?;
        self.authorize_user_change("user.password_reset", &target, None)?;
        if target.id == self.user.id {
            return Err(crate::Invalid::new(
                "own-password",
                "to change your own password, use change password",
            )
            .into());
        }
        if target.disabled {
            return Err(crate::Invalid::new(
                "user-disabled-enable",
                format!(
                    "{} is disabled; enable them with a new password",
                    target.name
                ),
            )
            .with("user", &target.name)
            .into());
        }
        password::require_strong(new_password, &target.name)?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE users SET must_change_password = 1 WHERE id = ?1",
            [target.id],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("user.password_reset", Some(Target::user(target.id))),
        )?;
        tx.commit()?;
        let slot_user = self.slot_user(target.id, &target.name, target.role);
        self.write_password_slot(&slot_user, new_password)
    }
}
