//! The keyslots a session writes: the user's own password (changed, or set
//! after a recovery-key unlock), and the password slots and owner hints of
//! users being managed; and checking the user's own password inside a
//! session as an unlock would.

use super::{Role, Session, password};
use crate::audit::{self, Event, Outcome, Target};
use crate::secret::Password;
use crate::vault::keyslots::Keyslots;
use crate::vault::{CreateOptions, SlotUser, keyslots_path};
use crate::{Error, Result};

impl Session {
    /// Changes the current user's password: verifies the current one, then
    /// rewraps this user's keyslot under the new one and removes the user's
    /// device slots on every computer (the data key and every other user's
    /// slots stay as they are). Clears "must change password".
    ///
    /// # Errors
    /// [`Error::WrongPassword`] when `current` is wrong; [`Error::WeakPassword`].
    pub fn change_password(&mut self, current: &Password, new: &Password) -> Result<()> {
        // Guessing inside an open session counts like a failed unlock.
        if !self.check_own_password(current)? {
            self.record(
                &Event {
                    outcome: Outcome::Denied,
                    ..Event::allowed("user.password_change", Some(Target::user(self.user.id)))
                }
                .with("reason", "wrong current password"),
            )?;
            return Err(Error::WrongPassword);
        }
        password::require_strong(new, &self.user.name)?;
        if current.expose_str() == new.expose_str() {
            return Err(crate::Invalid::new(
                "password-unchanged",
                "the new password must differ from the current one",
            )
            .into());
        }
        self.replace_own_password(new, "password")
    }

    /// Records the change and clears "must change password" in one
    /// transaction, then rewraps the slot. A crash in between leaves an entry
    /// for a change whose slot write never happened (the old password still
    /// works) rather than a changed password nobody recorded.
    fn replace_own_password(&mut self, new: &Password, method: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE users SET must_change_password = 0 WHERE id = ?1",
            [self.user.id],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("user.password_change", Some(Target::user(self.user.id)))
                .with("method", method),
        )?;
        tx.commit()?;
        let slot_user = self.slot_user(self.user.id, &self.user.name.clone(), self.user.role);
        self.write_password_slot(&slot_user, new)?;
        self.user.must_change_password = false;
        Ok(())
    }

    /// Sets the current user's password without the old one, allowed only in
    /// a session unlocked with the recovery key (the owner lost the password).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] outside a recovery-key session; [`Error::WeakPassword`].
    pub fn set_own_password_after_recovery(&mut self, new: &Password) -> Result<()> {
        if !self.via_recovery {
            return Err(crate::Invalid::new(
                "current-password-needed",
                "give your current password to change it; only a recovery-key session may skip it",
            )
            .into());
        }
        password::require_strong(new, &self.user.name)?;
        self.replace_own_password(new, "recovery_key")
    }

    pub(crate) fn slot_user(&self, user_id: i64, name: &str, role: Role) -> SlotUser {
        SlotUser {
            user_id,
            user_name: name.to_owned(),
            owner: role == Role::Owner,
        }
    }

    /// Wraps the data key for `user` under `password` (calibrated, never
    /// below the floor) and stores the slot, replacing any earlier one.
    pub(crate) fn write_password_slot(
        &mut self,
        user: &SlotUser,
        password: &Password,
    ) -> Result<()> {
        let params = self
            .keyslots
            .kdf_default()
            .unwrap_or_else(|| CreateOptions::calibrated().kdf);
        let dek = &self.keys.data;
        let (keyslots, ()) =
            Keyslots::update(&keyslots_path(&self.dir), &self.keys.keyslots_mac, |ks| {
                ks.set_password_slot(user, password, &params, dek)
            })?;
        self.keyslots = keyslots;
        Ok(())
    }

    /// Updates the owner hint of `user_id`'s slot after a role change.
    pub(crate) fn set_owner_hint(&mut self, user_id: i64, owner: bool) -> Result<()> {
        let (keyslots, ()) =
            Keyslots::update(&keyslots_path(&self.dir), &self.keys.keyslots_mac, |ks| {
                ks.set_owner_hint(user_id, owner);
                Ok(())
            })?;
        self.keyslots = keyslots;
        Ok(())
    }

    /// Removes `user_id`'s password slot, so that password no longer unlocks.
    pub(crate) fn remove_password_slot(&mut self, user_id: i64) -> Result<()> {
        let (keyslots, _) =
            Keyslots::update(&keyslots_path(&self.dir), &self.keys.keyslots_mac, |ks| {
                Ok(ks.remove_password_slot(user_id))
            })?;
        self.keyslots = keyslots;
        Ok(())
    }

    /// Removes every device slot of `user_id`, on every computer; their
    /// keychain entries stay behind on those computers, unused. Returns how
    /// many there were.
    pub(crate) fn remove_device_slots_of(&mut self, user_id: i64) -> Result<usize> {
        let (keyslots, n) =
            Keyslots::update(&keyslots_path(&self.dir), &self.keys.keyslots_mac, |ks| {
                Ok(ks.remove_device_slots_of(user_id))
            })?;
        self.keyslots = keyslots;
        Ok(n)
    }

    /// Checks this user's password inside a session as an unlock does:
    /// refused when the policy locked the session or while failed attempts
    /// make the user wait; otherwise the attempt is counted under the
    /// keyslots lock before the key is derived (so parallel checks cannot
    /// all pass the wait) and taken back when the password is right.
    /// Returns whether it was right.
    pub(crate) fn check_own_password(&self, password: &Password) -> Result<bool> {
        if self.guard.locked.get() {
            return Err(Error::LockedByPolicy);
        }
        let path = keyslots_path(&self.dir);
        let reservation = Keyslots::reserve_attempt(&path, &self.user.id.to_string())?;
        match self
            .keyslots
            .unwrap_with_password(&self.user.name, password)
        {
            Ok(_) => {
                Keyslots::release_attempt(&path, reservation)?;
                Ok(true)
            }
            Err(Error::WrongPassword) => Ok(false),
            Err(err) => {
                let _ = Keyslots::release_attempt(&path, reservation);
                Err(err)
            }
        }
    }
}
