//! The vault folder: create, unlock, lock.
//!
//! A vault is a folder holding `vault.db` (SQLCipher 4, keyed with a random
//! data key) and `keyslots` (the data key wrapped once per way in). The
//! keyslots file is written last when creating, so a folder without it is not
//! a vault.

pub mod device;
pub mod hold;
pub(crate) mod keyslots;
pub(crate) mod recovery;

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
use crate::secret::{DataKey, DerivedKey, Password, RecoveryKey};
use crate::{Error, Result, fsutil};
use keyslots::{Keyslots, RECOVERY_BUCKET};

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
}

impl CreateOptions {
    /// Parameters calibrated to [`UNLOCK_TARGET`] on this machine.
    pub fn calibrated() -> Self {
        Self {
            kdf: KdfParams::calibrate(UNLOCK_TARGET),
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

fn db_path(dir: &Path) -> PathBuf {
    dir.join(DB_FILE)
}

fn keyslots_path(dir: &Path) -> PathBuf {
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

fn load_keyslots(dir: &Path) -> Result<Keyslots> {
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
const AUDIT_MAC: &str = "audit-mac";

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

/// Unlocks the vault in `dir`.
///
/// # Errors
/// [`Error::WrongPassword`] / [`Error::WrongRecoveryKey`] (no file is
/// changed); [`Error::UserDisabled`]; [`Error::Integrity`] when the keyslots
/// file or the database was damaged or altered; [`Error::NoVault`].
pub fn unlock(dir: &Path, credentials: Credentials<'_>) -> Result<Session> {
    unlock_inner(dir, credentials, false)
}

/// Unlocks with the recovery key a vault whose database no longer holds the
/// audit entry its keyslots file recorded — after restoring `vault.db` from a
/// copy on purpose, or losing its WAL in a crash — and accepts the database
/// as it is: the mismatch is recorded (`vault.rollback_accepted`) and the
/// recorded head moves to the database's. Only the recovery key can do this,
/// because it also hides a rollback made to erase history.
///
/// # Errors
/// As [`unlock`]; other integrity failures are still refused.
pub fn unlock_accepting_rollback(dir: &Path, key: &RecoveryKey) -> Result<Session> {
    unlock_inner(dir, Credentials::RecoveryKey { user: None, key }, true)
}

fn unlock_inner(
    dir: &Path,
    credentials: Credentials<'_>,
    accept_rollback: bool,
) -> Result<Session> {
    let hold = open_folder(dir)?;
    let keyslots = load_keyslots(dir)?;
    let path = keyslots_path(dir);
    // Guessing gets slower with each failure, across restarts (the counters
    // live in the keyslots file), before any key derivation is spent.
    let attempt_bucket = match &credentials {
        Credentials::Password { user, .. } | Credentials::Device { user, .. } => {
            keyslots.failure_bucket(user)
        }
        Credentials::RecoveryKey { .. } => RECOVERY_BUCKET.to_owned(),
    };
    if let Credentials::Device { .. } = credentials {
        // A device secret is no guess (a missing or changed keychain entry
        // is not counted), but it waits like the password.
        if let Some(seconds) = keyslots.retry_after(&attempt_bucket, crate::clock::now()) {
            return Err(Error::Throttled { seconds });
        }
        return unlock_checked(dir, hold, keyslots, credentials, accept_rollback);
    }
    // A password or recovery key is counted as a failure before it is
    // checked, under the keyslots lock, so parallel guesses cannot all pass
    // the same check; a success settles the count below.
    let reservation = Keyslots::reserve_attempt(&path, &attempt_bucket)?;
    match unlock_checked(dir, hold, keyslots, credentials, accept_rollback) {
        Err(err) if !matches!(err, Error::WrongPassword | Error::WrongRecoveryKey) => {
            // The credential was not shown wrong (a damaged file, a disabled
            // user, a busy disk): that was no guess.
            let _ = Keyslots::release_attempt(&path, reservation);
            Err(err)
        }
        other => other,
    }
}

fn unlock_checked(
    dir: &Path,
    hold: hold::Hold,
    keyslots: Keyslots,
    credentials: Credentials<'_>,
    accept_rollback: bool,
) -> Result<Session> {
    let path = keyslots_path(dir);
    let (dek, wanted_user, bucket, method) = match credentials {
        Credentials::Password { user, password } => {
            let (dek, slot_user) = keyslots.unwrap_with_password(user, password)?;
            (
                dek,
                Some(slot_user.user_id),
                slot_user.user_id.to_string(),
                "password",
            )
        }
        Credentials::RecoveryKey { user, key } => {
            let dek = keyslots.unwrap_with_recovery(key)?;
            let owner = match user {
                Some(name) => Some(
                    keyslots
                        .find_user(name)?
                        .ok_or_else(|| {
                            Error::invalid(format!("there is no user {name:?} in this vault"))
                        })?
                        .user_id,
                ),
                None => None,
            };
            (dek, owner, RECOVERY_BUCKET.to_owned(), "recovery_key")
        }
        Credentials::Device { user, store } => {
            // A missing or changed keychain entry is no guess: it is not
            // counted, and the password still works.
            let unavailable = || Error::DeviceUnavailable(user.trim().to_owned());
            let slot_user = keyslots.find_user(user)?.ok_or_else(unavailable)?;
            let slot_id = keyslots
                .device_slot(slot_user.user_id, &device::machine())
                .ok_or_else(unavailable)?;
            let secret = store
                .get(&device::account(keyslots.vault_id(), &slot_id))?
                .ok_or_else(unavailable)?;
            let (dek, user_id) = keyslots
                .unwrap_with_device(&slot_id, &secret)?
                .ok_or_else(unavailable)?;
            (dek, Some(user_id), user_id.to_string(), "device")
        }
    };
    let keyslots_mac = subkey(&dek, KEYSLOTS_MAC);
    let audit_mac = subkey(&dek, AUDIT_MAC);
    keyslots.verify(&keyslots_mac)?;
    let credentials_user = wanted_user;

    let mut conn = db::open_connection(&db_path(dir), &dek, OpenMode::ExistingUnmigrated)?;
    // The backup a schema update makes first, recorded once the schema has
    // its backup log (after the update) in the unlock's transaction.
    let mut pre_migration = None;
    if db::needs_migration(&conn)? {
        // A migration cannot be undone: keep the vault as it was first.
        let user_id = match &credentials_user {
            Some(id) => *id,
            None => 0,
        };
        let source = crate::backup::SnapshotSource {
            conn: &conn,
            dek: &dek,
            vault_dir: dir,
            vault_id: keyslots.vault_id(),
            creator: crate::backup::file::Creator {
                user_id,
                user_name: keyslots
                    .users()
                    .into_iter()
                    .find(|u| u.user_id == user_id)
                    .map_or_else(|| "recovery key".to_owned(), |u| u.user_name),
            },
        };
        let folder = crate::backup::configured_dir(&conn, dir)?;
        let backup = crate::backup::snapshot(
            &source,
            &folder,
            crate::backup::BackupKind::PreMigration,
            &mut |_, _| {},
        )?;
        pre_migration = Some((folder.display().to_string(), backup));
    }
    db::migrate(&mut conn)?;
    let stored_id: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'vault_id'", [], |r| {
            r.get(0)
        })
        .optional()?;
    if stored_id.as_deref() != Some(keyslots.vault_id()) {
        return Err(Error::Integrity(
            "vault.db belongs to a different vault than the keyslots file".into(),
        ));
    }
    let found_head = audit::head(&conn)?.map_or(0, |h| h.seq);
    let restored = keyslots
        .restoring_head()
        .is_some_and(|h| audit::check_head(&conn, Some(&h)).is_ok());
    let rolled_back = match audit::check_head(&conn, keyslots.audit_head().as_ref()) {
        Ok(()) => None,
        // A restore swapped this database in and stopped before it could
        // record so: the database is the one the keyslots file announced.
        Err(Error::Integrity(_)) if restored => None,
        Err(Error::Integrity(problem)) if accept_rollback => Some(problem),
        Err(Error::Integrity(problem)) => {
            return Err(Error::Integrity(format!(
                "{problem}; if that was on purpose, an owner can accept the database as it is with the recovery key"
            )));
        }
        Err(other) => return Err(other),
    };
    let user = match wanted_user {
        Some(id) => load_user(&conn, id)?,
        None => first_owner(&conn)?,
    };
    if method == "recovery_key" && user.role != Role::Owner {
        return Err(Error::invalid(
            "the recovery key signs in as an owner; name an owner with --user",
        ));
    }
    if user.disabled {
        audit::append(
            &conn,
            &audit_mac,
            Some(user.id),
            &Event {
                outcome: Outcome::Denied,
                ..Event::allowed("vault.unlock", Some(Target::user(user.id)))
            }
            .with("reason", "user disabled"),
        )?;
        return Err(Error::UserDisabled(user.name));
    }

    // Record the failed attempts nobody has seen yet, then this unlock, in
    // one transaction; then mirror the new head into the keyslots file.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let unreported = keyslots.unreported_failures();
    let policy = crate::monitor::policy::load(&tx)?;
    if method == "device" && !policy.device_slots_allowed {
        return Err(Error::PolicyRefused(
            "remembering computers is turned off; sign in with the password".into(),
        ));
    }
    if method == "device" && user.must_change_password {
        // A reset removes the user's device slots; one left by a crash in
        // between never stands in for the new password.
        return Err(Error::DeviceUnavailable(user.name.clone()));
    }
    for (failed_bucket, failures) in &unreported {
        let actor = failed_bucket.parse::<i64>().ok();
        let failed = audit::append(
            &tx,
            &audit_mac,
            actor,
            &Event {
                outcome: Outcome::Denied,
                ..Event::allowed("vault.unlock_failed", actor.map(Target::user))
            }
            .with("attempts", failures.count - failures.reported)
            .with("first_at", failures.first_at.clone())
            .with("last_at", failures.last_at.clone())
            .with(
                "bucket",
                if actor.is_some() {
                    "user"
                } else {
                    failed_bucket.as_str()
                },
            ),
        )?;
        if failures.count >= policy.failed_unlocks {
            crate::monitor::alerts::raise(
                &tx,
                crate::monitor::Rule::FailedUnlocks,
                actor,
                &format!(
                    "{} failed unlocks in a row ({})",
                    failures.count,
                    if actor.is_some() {
                        "a user's password"
                    } else {
                        failed_bucket.as_str()
                    }
                ),
                &[failed.seq],
            )?;
        }
    }
    let mut head = audit::append(
        &tx,
        &audit_mac,
        Some(user.id),
        &Event::allowed("vault.unlock", Some(Target::user(user.id))).with("method", method),
    )?;
    if method == "recovery_key" {
        crate::monitor::alerts::raise(
            &tx,
            crate::monitor::Rule::RecoveryKey,
            Some(user.id),
            "the vault was unlocked with the recovery key",
            &[head.seq],
        )?;
    }
    if let Some((start, end)) = policy.hours() {
        let hour = chrono::Timelike::hour(&crate::clock::now().with_timezone(&chrono::Local));
        if hour < start || hour >= end {
            crate::monitor::alerts::raise(
                &tx,
                crate::monitor::Rule::OutsideHours,
                Some(user.id),
                &format!("signed in at {hour:02}h, outside working hours {start:02}-{end:02}"),
                &[head.seq],
            )?;
        }
    }
    if let Some((folder, backup)) = &pre_migration {
        head = crate::backup::record_backup(
            &tx,
            &audit_mac,
            user.id,
            crate::backup::BackupKind::PreMigration,
            folder,
            backup,
        )?;
    }
    if rolled_back.is_some() {
        let recorded = keyslots.audit_head();
        head = audit::append(
            &tx,
            &audit_mac,
            Some(user.id),
            &Event::allowed("vault.rollback_accepted", None)
                .with("recorded_seq", recorded.map_or(0, |h| h.seq))
                .with("found_seq", found_head),
        )?;
    }
    tx.commit()?;
    let (keyslots, ()) = Keyslots::update(&path, &keyslots_mac, |ks| {
        ks.settle_failures(&bucket, &unreported);
        ks.set_audit_head(Some(&head));
        ks.set_restoring_head(None);
        Ok(())
    })?;

    let mut session = Session {
        conn,
        keys: SessionKeys {
            data: dek,
            keyslots_mac,
            audit_mac,
        },
        keyslots,
        dir: dir.to_path_buf(),
        user,
        via_recovery: method == "recovery_key",
        guard: crate::monitor::Guard::default(),
        hold,
    };
    // Housekeeping any unlock may do: contacts past the recycle bin's 30 days go.
    session.purge_recycle_bin(crate::clock::now())?;
    Ok(session)
}

/// Before anything reads or writes the vault in `dir`: refuses a database
/// file that cannot be a vault (an empty one would be taken for a new
/// database and written into) without touching the folder, then holds the
/// folder shared for the session (see [`hold`]).
fn open_folder(dir: &Path) -> Result<hold::Hold> {
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

fn load_user(conn: &rusqlite::Connection, id: i64) -> Result<User> {
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

fn first_owner(conn: &rusqlite::Connection) -> Result<User> {
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
