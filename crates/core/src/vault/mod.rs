//! The vault folder: create, unlock, lock.
//!
//! A vault is a folder holding `vault.db` (SQLCipher 4, keyed with a random
//! data key) and `keyslots` (the data key wrapped once per way in). The
//! keyslots file is written last when creating, so a folder without it is not
//! a vault.

pub mod device;
pub mod hold;

pub use crate::unlock::{unlock, unlock_accepting_rollback};
pub(crate) mod keyslots;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{OptionalExtension, params};

pub use keyslots::SlotUser;

use crate::audit::{self, Event, Outcome, Target};
use crate::auth::session::SessionKeys;
use crate::auth::{Role, Session, User, password};
use crate::crypto::{self, KdfParams};
use crate::db::{self, OpenMode};
use crate::phone::Country;
use crate::secret::{DataKey, DerivedKey, Password, RecoveryKey};
use crate::{Error, Result, fsutil};
use keyslots::Keyslots;

/// Name of the database file inside the vault folder.
pub const DB_FILE: &str = "vault.db";
/// Name of the keyslots file inside the vault folder.
pub const KEYSLOTS_FILE: &str = "keyslots";

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
}

impl CreateOptions {
    /// Parameters calibrated to [`UNLOCK_TARGET`] on this machine, and the
    /// phones' default country from the system's locale
    /// ([`crate::phone::system_country`]: `ro_RO.UTF-8` is Romania).
    pub fn calibrated() -> Self {
        Self {
            kdf: KdfParams::calibrate(UNLOCK_TARGET),
            phone_country: crate::phone::system_country(),
        }
    }
}

/// A newly created vault: the owner's session and the recovery key, which
/// exists nowhere else and must be shown to the owner once.
#[derive(Debug)]
pub struct NewVault {
    /// The owner, signed in.
    pub session: Session,
    /// The recovery key; show it once, then drop it.
    pub recovery_key: RecoveryKey,
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
pub(crate) const AUDIT_MAC: &str = "audit-mac";

/// Checks a login name: 1–64 characters, letters, digits, `.`, `_`, `-`, `@`.
pub(crate) fn validate_user_name(name: &str) -> Result<String> {
    // Stored composed (NFC): `e` + a combining accent is the letter `é`.
    let name = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(name.trim());
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(name.into_owned())
    } else {
        Err(Error::invalid(
            "a user name has 1 to 64 letters, digits, dots, dashes, underscores or @",
        ))
    }
}

/// Creates a vault in `dir` (which must be missing or empty) with `owner` as
/// its first user.
///
/// # Errors
/// [`Error::FolderNotEmpty`], [`Error::WeakPassword`], an invalid user name,
/// or an I/O error (nothing is left behind in that case).
pub fn create(
    dir: &Path,
    owner: &str,
    password: &Password,
    options: &CreateOptions,
) -> Result<NewVault> {
    let owner = validate_user_name(owner)?;
    password::require_strong(password, &owner)?;
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(Error::io("read the vault folder"))?;
        if entries.next().is_some() {
            return Err(Error::FolderNotEmpty(dir.to_path_buf()));
        }
    } else {
        create_private_dir(dir)?;
    }
    restrict_to_owner(dir, 0o700)?;
    let result = create_in(dir, &owner, password, options);
    if result.is_err() {
        // Leave the folder as we found it: empty.
        let _ = fs::remove_file(db_path(dir));
        let _ = fs::remove_file(dir.join(format!("{DB_FILE}-wal")));
        let _ = fs::remove_file(dir.join(format!("{DB_FILE}-shm")));
        let _ = fs::remove_file(dir.join(hold::HOLD_FILE));
    }
    result
}

/// Makes `path` readable and writable by its owner only (Unix), whatever
/// the umask was. SQLite gives the WAL and shared-memory files the mode of the
/// database file.
fn restrict_to_owner(path: &Path, mode: u32) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
            .map_err(Error::io("restrict the vault's file permissions"))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

fn create_private_file(path: &Path) -> Result<()> {
    crate::fsutil::NewPrivateFile::create(path)
        .and_then(crate::fsutil::NewPrivateFile::finish)
        .map_err(Error::io("create the vault database"))
}

/// The users who may unlock with "remember me" on this computer.
///
/// # Errors
/// As reading the keyslots file.
pub fn remembered_users(dir: &Path) -> Result<Vec<SlotUser>> {
    Ok(load_keyslots(dir)?.device_users(&device::machine()))
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

fn create_in(
    dir: &Path,
    owner: &str,
    password: &Password,
    options: &CreateOptions,
) -> Result<NewVault> {
    let dek = DataKey::generate();
    let vault_id = uuid::Uuid::new_v4().to_string();
    let now = crate::clock::now_rfc3339();
    let hold = hold::Hold::shared(dir)?;

    // Created empty with mode 600 first: SQLite keeps the mode and gives it
    // to the WAL and shared-memory files too.
    create_private_file(&db_path(dir))?;
    let mut conn = db::open_connection(&db_path(dir), &dek, OpenMode::Create)?;
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('vault_id', ?1), ('created_at', ?2)",
        params![vault_id, now],
    )?;
    tx.execute(
        "INSERT INTO users (name, role, created_at) VALUES (?1, 'owner', ?2)",
        params![owner, now],
    )?;
    let user_id = tx.last_insert_rowid();
    if let Some(country) = options.phone_country {
        db::put_setting(&tx, crate::phone::SETTING, country.code())?;
    }
    tx.commit()?;
    fsutil::sync_dir(dir).map_err(Error::io("write the vault folder"))?;

    let recovery_key = RecoveryKey::generate();
    let mut keyslots = Keyslots::new(vault_id, now);
    let slot_user = SlotUser {
        user_id,
        user_name: owner.to_owned(),
        owner: true,
    };
    keyslots.set_kdf_default(&options.kdf);
    keyslots.set_password_slot(&slot_user, password, &options.kdf, &dek)?;
    keyslots.set_recovery_slot(&recovery_key, &dek);
    let keyslots_mac = subkey(&dek, KEYSLOTS_MAC);
    let audit_mac = subkey(&dek, AUDIT_MAC);
    let head = audit::append(
        &conn,
        &audit_mac,
        Some(user_id),
        &Event::allowed("vault.create", Some(Target::user(user_id))),
    )?;
    keyslots.set_audit_head(Some(&head));
    keyslots.save(&keyslots_path(dir), &keyslots_mac)?;

    let session = Session {
        conn,
        keys: SessionKeys {
            data: dek,
            keyslots_mac,
            audit_mac,
        },
        keyslots,
        dir: dir.to_path_buf(),
        user: User {
            id: user_id,
            name: owner.to_owned(),
            role: Role::Owner,
            disabled: false,
            must_change_password: false,
        },
        via_recovery: false,
        guard: crate::monitor::Guard::default(),
        hold,
    };
    Ok(NewVault {
        session,
        recovery_key,
    })
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

type UserRow = (i64, String, String, bool, bool);

pub(crate) fn user_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
    ))
}

pub(crate) fn to_user((id, name, role, disabled, must_change_password): UserRow) -> Result<User> {
    Ok(User {
        id,
        name,
        role: role
            .parse()
            .map_err(|_| Error::Integrity("a user has an unknown role".into()))?,
        disabled,
        must_change_password,
    })
}

/// The columns [`user_from_row`] reads, in order.
pub(crate) const USER_COLUMNS: &str = "id, name, role, disabled, must_change_password";

pub(crate) fn load_user(conn: &rusqlite::Connection, id: i64) -> Result<User> {
    let row = conn
        .query_row(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
            [id],
            user_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::Integrity("a keyslot names a user the vault does not hold".into()))?;
    to_user(row)
}

pub(crate) fn first_owner(conn: &rusqlite::Connection) -> Result<User> {
    let row = conn
        .query_row(
            &format!(
                "SELECT {USER_COLUMNS} FROM users
                 WHERE role = 'owner' AND disabled = 0 ORDER BY id LIMIT 1"
            ),
            [],
            user_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::Integrity("the vault has no owner".into()))?;
    to_user(row)
}

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
            return Err(Error::invalid(
                "the new password must differ from the current one",
            ));
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
            return Err(Error::invalid(
                "give your current password to change it; only a recovery-key session may skip it",
            ));
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
            return Err(Error::invalid(
                "sign in with your password to remember this computer",
            ));
        }
        if self.user.must_change_password {
            // The password was set by someone else (a new user, a reset):
            // they could sign in here too, so it remembers nothing.
            return Err(Error::invalid(
                "a password someone else set cannot remember this computer; choose your own, then sign in with \"Remember me\" again",
            ));
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

    /// Mirrors the audit log's current head into the keyslots file.
    pub(crate) fn sync_audit_head(&mut self) -> Result<()> {
        let head = audit::head(&self.conn)?;
        let (keyslots, ()) =
            Keyslots::update(&keyslots_path(&self.dir), &self.keys.keyslots_mac, |ks| {
                ks.set_audit_head(head.as_ref());
                Ok(())
            })?;
        self.keyslots = keyslots;
        Ok(())
    }
}

/// The folder the app suggests for a new vault: `vault` inside the platform's
/// per-user data folder (`~/.local/share/steward/vault` on Linux).
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Steward", "Steward").map(|d| d.data_dir().join("vault"))
}
