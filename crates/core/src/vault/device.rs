//! "Remember me on this computer": a device slot wraps the data key with a
//! random 256-bit secret that lives in the OS keychain (Secret Service on
//! Linux, Keychain on macOS, Credential Manager on Windows). The slot names
//! the machine it belongs to, so only that machine tries it. The password
//! always keeps working: a missing or changed keychain entry only means the
//! password is asked, and the stale slot is removed at the next password
//! unlock. An owner can forbid device slots in the security policy.

use std::collections::HashMap;
use std::sync::Mutex;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::{Error, Result};

/// The keychain service name of Steward's entries.
pub const SERVICE: &str = "Steward";

/// Where device secrets are kept.
pub trait SecretStore: std::fmt::Debug {
    /// The secret of `account`, or `None` when there is no such entry.
    ///
    /// # Errors
    /// [`Error::Keychain`] when the store cannot be reached.
    fn get(&self, account: &str) -> Result<Option<Zeroizing<Vec<u8>>>>;
    /// Stores `secret` under `account`, replacing any entry.
    ///
    /// # Errors
    /// [`Error::Keychain`].
    fn set(&self, account: &str, secret: &[u8]) -> Result<()>;
    /// Removes `account`'s entry; a missing entry is not an error.
    ///
    /// # Errors
    /// [`Error::Keychain`].
    fn delete(&self, account: &str) -> Result<()>;
}

/// The operating system's keychain, through the `keyring` crate.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemKeychain;

fn keychain_error(err: &keyring::Error) -> Error {
    // The platform's own words help fix a keychain that is not running;
    // they never hold the secret.
    Error::Keychain(match err {
        keyring::Error::NoStorageAccess(e) | keyring::Error::PlatformFailure(e) => {
            format!("the system keychain cannot be reached ({e})")
        }
        other => format!("the system keychain refused the request ({other})"),
    })
}

impl SecretStore for SystemKeychain {
    fn get(&self, account: &str) -> Result<Option<Zeroizing<Vec<u8>>>> {
        get_from(&entry(account)?)
    }

    fn set(&self, account: &str, secret: &[u8]) -> Result<()> {
        entry(account)?
            .set_secret(secret)
            .map_err(|e| keychain_error(&e))
    }

    fn delete(&self, account: &str) -> Result<()> {
        delete_from(&entry(account)?)
    }
}

fn entry(account: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, account).map_err(|e| keychain_error(&e))
}

/// An entry's secret; a missing entry is `None`, not an error.
fn get_from(entry: &keyring::Entry) -> Result<Option<Zeroizing<Vec<u8>>>> {
    match entry.get_secret() {
        Ok(secret) => Ok(Some(Zeroizing::new(secret))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(keychain_error(&e)),
    }
}

/// Deletes an entry; one that is already gone is fine.
fn delete_from(entry: &keyring::Entry) -> Result<()> {
    match entry.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(keychain_error(&e)),
    }
}

/// A keychain in memory, for tests and for machines without one.
#[derive(Debug, Default)]
pub struct MemoryKeychain(Mutex<HashMap<String, Vec<u8>>>);

impl MemoryKeychain {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<u8>>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Replaces an entry's secret behind Steward's back (a test of a changed
    /// keychain).
    pub fn tamper(&self, account: &str, secret: &[u8]) {
        self.map().insert(account.to_owned(), secret.to_vec());
    }

    /// The accounts it holds.
    pub fn accounts(&self) -> Vec<String> {
        self.map().keys().cloned().collect()
    }
}

impl SecretStore for MemoryKeychain {
    fn get(&self, account: &str) -> Result<Option<Zeroizing<Vec<u8>>>> {
        Ok(self.map().get(account).map(|s| Zeroizing::new(s.clone())))
    }

    fn set(&self, account: &str, secret: &[u8]) -> Result<()> {
        self.map().insert(account.to_owned(), secret.to_vec());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<()> {
        self.map().remove(account);
        Ok(())
    }
}

/// The keychain account of a device slot.
pub(crate) fn account(vault_id: &str, slot_id: &str) -> String {
    format!("vault {vault_id} slot {slot_id}")
}

/// This machine, as device slots name it: a hash of its machine id (or its
/// host name where there is none), never the id itself.
pub fn machine() -> String {
    let raw = std::fs::read_to_string("/etc/machine-id")
        .or_else(|_| std::fs::read_to_string("/var/lib/dbus/machine-id"))
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "this computer".into());
    let digest = Sha256::digest(format!("steward-machine-v1\0{raw}").as_bytes());
    data_encoding::HEXLOWER.encode(&digest[..16])
}

#[cfg(test)]
mod tests {
    use keyring::mock::MockCredential;

    use super::*;

    /// An entry of the keyring crate's mock store: no persistence beyond the
    /// entry itself, and errors can be injected per call.
    fn mock_entry() -> keyring::Entry {
        keyring::Entry::new_with_credential(Box::new(MockCredential::default()))
    }

    fn fail_next(entry: &keyring::Entry, error: keyring::Error) {
        let mock: &MockCredential = entry.get_credential().downcast_ref().unwrap();
        mock.set_error(error);
    }

    #[test]
    fn a_missing_entry_reads_as_none_and_deletes_quietly() {
        let entry = mock_entry();
        assert!(get_from(&entry).unwrap().is_none());
        delete_from(&entry).unwrap();
    }

    #[test]
    fn a_stored_secret_reads_back_and_is_gone_after_delete() {
        let entry = mock_entry();
        entry.set_secret(&[7; 32]).unwrap();
        assert_eq!(get_from(&entry).unwrap().unwrap().as_slice(), &[7; 32]);
        delete_from(&entry).unwrap();
        assert!(get_from(&entry).unwrap().is_none());
    }

    #[test]
    fn a_keychain_that_cannot_be_reached_is_an_error_not_a_missing_entry() {
        let entry = mock_entry();
        entry.set_secret(&[7; 32]).unwrap();
        fail_next(
            &entry,
            keyring::Error::NoStorageAccess(Box::new(std::io::Error::other("locked"))),
        );
        let err = get_from(&entry).unwrap_err();
        assert!(
            matches!(&err, Error::Keychain(m) if m.contains("cannot be reached")),
            "{err}"
        );
        fail_next(
            &entry,
            keyring::Error::PlatformFailure(Box::new(std::io::Error::other("no bus"))),
        );
        assert!(matches!(delete_from(&entry), Err(Error::Keychain(_))));
        // The entry itself is untouched by the failed calls.
        assert_eq!(get_from(&entry).unwrap().unwrap().as_slice(), &[7; 32]);
    }
}
