//! "Remember me on this computer": a device slot for the signed-in user,
//! its secret in the OS keychain ([`crate::vault::device`]), which the next
//! unlock here may use instead of the password; forgetting it, and
//! removing one whose keychain entry is gone. The security policy may
//! forbid device slots.

use crate::audit::{Event, Target};
use crate::auth::Session;
use crate::vault::keyslots::{self, Keyslots};
use crate::vault::{device, keyslots_path};
use crate::{Error, Result, crypto};

impl Session {
    /// "Remember me on this computer": keeps a random secret for this user
    /// in `store` (the OS keychain) and adds a device slot for it, so the
    /// next unlock here needs no password. The password keeps working.
    ///
    /// # Errors
    /// [`Error::PolicyRefused`] when the policy forbids it;
    /// [`Error::InvalidInput`] in a recovery-key session or while the user
    /// must change a password someone else set; [`Error::Keychain`].
    pub fn remember_this_device(&mut self, store: &dyn device::SecretStore) -> Result<()> {
        if self.guard.locked.get() {
            return Err(Error::LockedByPolicy);
        }
        if self.via_recovery {
            return Err(Error::from(crate::Invalid::new(
                "remember-needs-password",
                "sign in with your password to remember this computer",
            )));
        }
        if self.user.must_change_password {
            // The password was set by someone else (a new user, a reset):
            // they could sign in here too, so it remembers nothing.
            return Err(Error::from(crate::Invalid::new(
                "remember-needs-own-password",
                "a password someone else set cannot remember this computer; choose your own, then sign in with \"Remember me\" again",
            )));
        }
        if !crate::monitor::policy::load(&self.conn)?.device_slots_allowed {
            return Err(Error::PolicyRefused(
                "remembering computers is turned off".into(),
            ));
        }
        let secret: zeroize::Zeroizing<[u8; crate::secret::KEY_LEN]> =
            zeroize::Zeroizing::new(crypto::random_array());
        let machine = device::machine();
        let user_id = self.user.id;
        let vault_id = self.keyslots.vault_id().to_owned();
        let dek = &self.keys.data;
        // The keychain entry first, under the new slot's id, then the slot:
        // a failure in between leaves only an entry nothing points to.
        let id = keyslots::new_slot_id();
        store.set(&device::account(&vault_id, &id), secret.as_slice())?;
        let (keyslots, old) =
            Keyslots::update(&keyslots_path(&self.dir), &self.keys.keyslots_mac, |ks| {
                Ok(ks.set_device_slot(&id, user_id, &machine, &secret, dek))
            })?;
        self.keyslots = keyslots;
        if let Some(old) = old {
            let _ = store.delete(&device::account(&vault_id, &old));
        }
        self.record(&Event::allowed(
            "vault.device_remember",
            Some(Target::user(user_id)),
        ))?;
        Ok(())
    }

    /// Forgets this computer for this user: removes the device slot and the
    /// keychain entry.
    ///
    /// # Errors
    /// [`Error::Keychain`]; keyslots write errors.
    pub fn forget_this_device(&mut self, store: &dyn device::SecretStore) -> Result<bool> {
        let Some(id) = self.keyslots.device_slot(self.user.id, &device::machine()) else {
            return Ok(false);
        };
        let (keyslots, ()) =
            Keyslots::update(&keyslots_path(&self.dir), &self.keys.keyslots_mac, |ks| {
                ks.remove_slot(Some(&id));
                Ok(())
            })?;
        self.keyslots = keyslots;
        store.delete(&device::account(self.keyslots.vault_id(), &id))?;
        self.record(&Event::allowed(
            "vault.device_forget",
            Some(Target::user(self.user.id)),
        ))?;
        Ok(true)
    }

    /// Whether this user is remembered on this computer.
    pub fn remembered_on_this_device(&self) -> bool {
        self.keyslots
            .device_slot(self.user.id, &device::machine())
            .is_some()
    }

    /// After a password unlock: removes this user's device slot on this
    /// computer when `store` no longer holds its secret, or holds another
    /// one (the keychain entry was deleted or changed). Returns whether it did.
    ///
    /// # Errors
    /// Keyslots write errors; a keychain that cannot be reached removes nothing.
    pub fn prune_stale_device_slot(&mut self, store: &dyn device::SecretStore) -> Result<bool> {
        let Some(id) = self.keyslots.device_slot(self.user.id, &device::machine()) else {
            return Ok(false);
        };
        let Ok(secret) = store.get(&device::account(self.keyslots.vault_id(), &id)) else {
            return Ok(false);
        };
        let works = match secret {
            Some(secret) => self.keyslots.unwrap_with_device(&id, &secret)?.is_some(),
            None => false,
        };
        if works {
            return Ok(false);
        }
        let (keyslots, ()) =
            Keyslots::update(&keyslots_path(&self.dir), &self.keys.keyslots_mac, |ks| {
                ks.remove_slot(Some(&id));
                Ok(())
            })?;
        self.keyslots = keyslots;
        let _ = store.delete(&device::account(self.keyslots.vault_id(), &id));
        self.record(
            &Event::allowed("vault.device_forget", Some(Target::user(self.user.id)))
                .with("reason", "stale keychain entry"),
        )?;
        Ok(true)
    }
}
