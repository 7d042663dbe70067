//! The vault folder: its files, the keyslots file, the hold on the folder,
//! the device slots' keychain and the login names; creating, unlocking and
//! locking are `unlock` and `Session::lock`, above.
//!
//! A vault is a folder holding `vault.db` (SQLCipher 4, keyed with a random
//! data key) and `keyslots` (the data key wrapped once per way in). The
//! keyslots file is written last when creating, so a folder without it is not
//! a vault.

pub mod device;
pub mod hold;
pub(crate) mod keyslots;
pub(crate) mod names;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use keyslots::SlotUser;
pub(crate) use names::validate_user_name;

use crate::crypto::{self, KdfParams};
use crate::language::Language;
use crate::phone::Country;
use crate::secret::{DataKey, DerivedKey, Password, RecoveryKey};
use crate::{Error, Result};
use keyslots::Keyslots;

/// Name of the database file inside the vault folder.
pub const DB_FILE: &str = "vault.db";
/// Name of the keyslots file inside the vault folder.
pub const KEYSLOTS_FILE: &str = "keyslots";
/// Name of a team vault replica's shadow inside the vault folder (see
/// `sync`); the unlock finishes an interrupted re-key of it too.
pub const SHADOW_FILE: &str = "sync.db";

/// How long deriving a password key should take on the machine that creates
/// the slot; see [`KdfParams::calibrate`].
pub const UNLOCK_TARGET: Duration = Duration::from_millis(500);

/// How to create a vault.
#[derive(Debug, Clone)]
pub struct CreateOptions {
    /// Argon2id parameters for the first user's slot.
    pub kdf: KdfParams,
    /// The default country for phone numbers written nationally; changed
    /// later with [`Session::set_phone_country`].
    pub phone_country: Option<Country>,
    /// The vault's language, set in the same step as the vault is made:
    /// its documents and its default stages and purposes use it from the
    /// start. Changed later with [`Session::set_vault_language`].
    pub language: Language,
}

impl CreateOptions {
    /// Parameters calibrated to [`UNLOCK_TARGET`] on this machine, and the
    /// phones' default country from the system's locale
    /// ([`crate::phone::system_country`]: `ro_RO.UTF-8` is Romania); in
    /// English unless the caller says otherwise.
    pub fn calibrated() -> Self {
        Self {
            kdf: KdfParams::calibrate(UNLOCK_TARGET),
            phone_country: crate::phone::system_country(),
            language: Language::En,
        }
    }
}

/// How a user proves who they are.
#[derive(Debug)]
pub enum Credentials<'a> {
    /// A user name and that user's password.
    Password {
        /// Login name (case-insensitive).
        user: &'a str,
        /// The password.
        password: &'a Password,
    },
    /// The recovery key; the session acts as `user` if given (who must be an
    /// owner), else as the first owner.
    RecoveryKey {
        /// Which owner to act as.
        user: Option<&'a str>,
        /// The key.
        key: &'a RecoveryKey,
    },
    /// "Remember me on this computer": the device slot of `user` on this
    /// machine, with its secret from `store` (the OS keychain).
    Device {
        /// Login name.
        user: &'a str,
        /// Where the device secret is.
        store: &'a dyn device::SecretStore,
    },
}

pub(crate) fn db_path(dir: &Path) -> PathBuf {
    dir.join(DB_FILE)
}

pub(crate) fn keyslots_path(dir: &Path) -> PathBuf {
    dir.join(KEYSLOTS_FILE)
}

/// Whether `dir` holds a vault (a keyslots file).
pub fn exists(dir: &Path) -> bool {
    keyslots_path(dir).is_file()
}

/// The users who can unlock the vault with a password, read without unlocking.
pub fn users(dir: &Path) -> Result<Vec<SlotUser>> {
    Ok(load_keyslots(dir)?.users())
}

pub(crate) fn load_keyslots(dir: &Path) -> Result<Keyslots> {
    if !exists(dir) {
        return Err(Error::NoVault(dir.to_path_buf()));
    }
    Keyslots::load(&keyslots_path(dir))
}

/// Subkeys derived from the data key with HKDF-SHA-256; each purpose has its
/// own `info` string so one key's compromise does not expose another's use.
pub(crate) fn subkey(dek: &DataKey, purpose: &str) -> DerivedKey {
    crypto::hkdf_derive(
        dek.expose_bytes(),
        b"steward-subkeys-v1",
        purpose.as_bytes(),
    )
}

pub(crate) const KEYSLOTS_MAC: &str = "keyslots-mac";
/// The purposes the lasting keys are derived under until a re-key;
/// private, so that [`lasting_keys`] is the only way to them.
const AUDIT_MAC: &str = "audit-mac";
const IDENTIFIER_HASH: &str = "identifier-hash";

/// The keys a vault keeps for its whole life, whatever data key it is
/// under now (ADR 0025).
pub(crate) struct LastingKeys {
    /// The key of the hash chains of `audit_log` and `team_audit_log`
    /// (vault format 5.7).
    pub(crate) audit: DerivedKey,
    /// The key of the identifier hashes of the erasure ledger and the
    /// suppression list (vault format 9.3).
    pub(crate) identifier: DerivedKey,
}

/// The lasting keys of the vault whose keyslots file is `keyslots`,
/// unlocked with `dek`. They are derived from the data key the vault was
/// made with (`audit-mac` and `identifier-hash`, vault format 3.7) until a
/// team vault is re-keyed, and from then on the keyslots file holds those
/// same keys sealed under the current data key (ADR 0025), so chains
/// written and people erased before a re-key verify and are recognised
/// after it. Every unlock, switch, restore and backup check takes them
/// from here.
///
/// # Errors
/// [`Error::Integrity`] when the file's sealed keys do not open with
/// `dek`.
pub(crate) fn lasting_keys(keyslots: &Keyslots, dek: &DataKey) -> Result<LastingKeys> {
    match keyslots.sealed_lasting_keys(dek)? {
        Some(keys) => Ok(keys),
        None => Ok(LastingKeys {
            audit: subkey(dek, AUDIT_MAC),
            identifier: subkey(dek, IDENTIFIER_HASH),
        }),
    }
}

/// The lasting keys of a team replica re-keyed by a Steward that did not
/// seal them yet (ADR 0025, amended): its keyslots file is past epoch 0
/// without `lasting_keys`, so [`lasting_keys`] would derive them from the
/// current data key, not the first one; but the shadow (`sync.db`, under
/// `dek`) kept every epoch's data key it learnt (`sync_keys`), the first
/// among them, and the lasting keys are that key's. `None` when there is
/// nothing to repair or the shadow does not hold that key (a replica
/// joined after the re-key).
///
/// # Errors
/// The shadow does not open with `dek`, or its key is damaged.
pub(crate) fn lasting_keys_to_repair(
    dir: &Path,
    keyslots: &Keyslots,
    dek: &DataKey,
) -> Result<Option<LastingKeys>> {
    let shadow = dir.join(SHADOW_FILE);
    if keyslots.epoch() == 0 || keyslots.has_lasting_keys() || !shadow.exists() {
        return Ok(None);
    }
    let conn = crate::db::open_connection(&shadow, dek, crate::db::OpenMode::SnapshotRead)?;
    let kept = crate::db::has_table(&conn, "sync_keys")?;
    if !kept {
        return Ok(None);
    }
    let first: Option<zeroize::Zeroizing<Vec<u8>>> = conn
        .query_row("SELECT key FROM sync_keys WHERE epoch = 0", [], |r| {
            r.get(0).map(zeroize::Zeroizing::new)
        })
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(other),
        })?;
    let Some(first) = first else {
        return Ok(None);
    };
    let bytes: [u8; 32] = first
        .as_slice()
        .try_into()
        .map_err(|_| Error::Integrity("a team key in sync.db is damaged".into()))?;
    let first = DataKey::from_bytes(bytes);
    Ok(Some(LastingKeys {
        audit: subkey(&first, AUDIT_MAC),
        identifier: subkey(&first, IDENTIFIER_HASH),
    }))
}

pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(Error::io("create the vault folder"))
}

/// The users who may unlock with "remember me" on this computer.
///
/// # Errors
/// As reading the keyslots file.
pub fn remembered_users(dir: &Path) -> Result<Vec<SlotUser>> {
    Ok(load_keyslots(dir)?.device_users(&device::machine()))
}

/// Before anything reads or writes the vault in `dir`: refuses a database
/// file that cannot be a vault (an empty one would be taken for a new
/// database and written into) without touching the folder, then holds the
/// folder shared for the session (see [`hold`]).
pub(crate) fn open_folder(dir: &Path) -> Result<hold::Hold> {
    if !exists(dir) {
        return Err(Error::NoVault(dir.to_path_buf()));
    }
    match fs::metadata(db_path(dir)) {
        Ok(meta) if meta.len() == 0 => {
            return Err(Error::Integrity("vault.db is empty".into()));
        }
        Ok(meta) if !meta.is_file() => {
            return Err(Error::Integrity("vault.db is not a file".into()));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Integrity("vault.db is missing".into()));
        }
        Err(source) => {
            return Err(Error::Io {
                action: format!("read the vault database in {}", dir.display()),
                source,
            });
        }
    }
    hold::Hold::shared(dir)
}

/// The folder the app suggests for a new vault: `vault` inside the platform's
/// per-user data folder (`~/.local/share/steward/vault` on Linux).
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Steward", "Steward").map(|d| d.data_dir().join("vault"))
}
