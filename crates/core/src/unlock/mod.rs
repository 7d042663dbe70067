//! The boot sequence: from a vault folder and credentials to a [`Session`].
//!
//! This module sits on top of `vault` (files, keyslots, opening), `db`,
//! `audit`, `backup` and `monitor`, and is the one place that runs them in
//! order. Each phase is a function below; [`unlock`] reads top to bottom:
//!
//! 1. authenticate: refuse while the attempt's bucket must wait, count the
//!    attempt before it is checked, and unwrap the data key with one of the
//!    three kinds of [`Credentials`];
//! 2. open and check: verify the keyslots file's MAC, open `vault.db` and
//!    check every page's authentication — or, for
//!    [`unlock_checking_pages_later`], only the pages read meanwhile, the
//!    rest by a [`PageCheck`] the caller runs after (ADR 0019);
//! 3. migrate, after a `pre-migration` backup when the schema is old or the
//!    vault was last unlocked by another version of Steward;
//! 4. check heads: the vault id and the audit head the keyslots file records;
//! 5. sign in the user (an owner for the recovery key, never a disabled one);
//! 6. record the unlock with the failed attempts before it and its alerts,
//!    then mirror the new head into the keyslots file;
//! 7. purge the recycle bin and hand out the [`Session`].

mod create;
mod remember;

use std::path::Path;

use rusqlite::OptionalExtension;

pub use create::{NewVault, create};

use crate::audit::{self, AuditHead, Event, Outcome, Target};
use crate::auth::session::SessionKeys;
use crate::auth::{Role, Session, User};
use crate::db::{self, OpenMode};
use crate::secret::{DataKey, RecoveryKey};
use crate::vault::keyslots::{Failures, Keyslots, RECOVERY_BUCKET, Reservation};
use crate::vault::{self, Credentials, KEYSLOTS_MAC, device};
use crate::{Error, Result};

/// How a session was unlocked; recorded as the `method` of `vault.unlock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A user's password.
    Password,
    /// The vault's recovery key (signs in as an owner).
    RecoveryKey,
    /// This computer's device slot, with its secret from the keychain.
    Device,
}

impl Method {
    /// The method of `credentials`.
    pub fn of(credentials: &Credentials<'_>) -> Self {
        match credentials {
            Credentials::Password { .. } => Self::Password,
            Credentials::RecoveryKey { .. } => Self::RecoveryKey,
            Credentials::Device { .. } => Self::Device,
        }
    }

    /// The name recorded in the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::RecoveryKey => "recovery_key",
            Self::Device => "device",
        }
    }
}

/// When every page of `vault.db` is checked (ADR 0003, amended by 0019).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pages {
    /// Before the unlock goes on.
    Now,
    /// By a [`PageCheck`] after the unlock; before a migration in any case.
    Later,
    /// Already: the restore that made the folder checked every page of this
    /// very file just before ([`restore_into`]).
    Restored,
}

/// Whether an audit head the database no longer holds may be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rollback {
    Refuse,
    Accept,
}

/// Unlocks the vault in `dir`.
///
/// # Errors
/// [`Error::WrongPassword`] / [`Error::WrongRecoveryKey`] (no file is
/// changed); [`Error::UserDisabled`]; [`Error::Integrity`] when the keyslots
/// file or the database was damaged or altered; [`Error::NoVault`].
pub fn unlock(dir: &Path, credentials: Credentials<'_>) -> Result<Session> {
    boot(dir, credentials, Rollback::Refuse, Pages::Now, None)
}

/// Unlocks like [`unlock`], but checks at once only the pages the unlock
/// reads (SQLCipher authenticates each page it reads, so an altered one
/// still fails there); the returned [`PageCheck`] checks all of them and is
/// meant to run at once on another thread, the vault locked when it fails
/// (ADR 0019). A vault whose schema is to be updated, or that another
/// version of Steward unlocked last, is checked whole before anything is
/// written, as [`unlock`] does.
///
/// # Errors
/// As [`unlock`].
pub fn unlock_checking_pages_later(
    dir: &Path,
    credentials: Credentials<'_>,
) -> Result<(Session, PageCheck)> {
    let session = boot(dir, credentials, Rollback::Refuse, Pages::Later, None)?;
    let check = PageCheck {
        path: vault::db_path(dir),
        key: DataKey::from_bytes(*session.keys.data.expose_bytes()),
        checked: session.pages_checked.clone(),
    };
    Ok((session, check))
}

/// The check of every page of an unlocked vault's `vault.db` that
/// [`unlock_checking_pages_later`] leaves for later: it opens its own
/// read-only connection, so it runs beside the session, on another thread.
/// It holds a copy of the data key, zeroized when it is dropped.
pub struct PageCheck {
    path: std::path::PathBuf,
    key: DataKey,
    checked: crate::auth::session::PagesChecked,
}

impl std::fmt::Debug for PageCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCheck")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl PageCheck {
    /// Reads every page of `vault.db` and checks its authentication.
    ///
    /// A page being written by a checkpoint as it is read can fail here
    /// once without any damage: a caller that gets [`Error::Integrity`]
    /// confirms with [`Session::check_pages`] on the session's own
    /// connection before it locks the vault.
    ///
    /// # Errors
    /// [`Error::Integrity`] when a page failed authentication (a damaged or
    /// altered file); [`Error::Database`] when the file cannot be read.
    pub fn run(self) -> Result<()> {
        if self.checked.get() {
            return Ok(());
        }
        db::open_connection(&self.path, &self.key, OpenMode::PageCheck)?;
        self.checked.set();
        Ok(())
    }
}

impl Session {
    /// Checks every page of `vault.db` on the session's own connection, as
    /// [`unlock`] does: what a [`PageCheck`] that failed is confirmed with.
    ///
    /// # Errors
    /// [`Error::Integrity`] when a page failed authentication.
    pub fn check_pages(&self) -> Result<()> {
        db::check_every_page(&self.conn)?;
        self.pages_checked.set();
        Ok(())
    }

    /// Whether every page has been checked since the unlock.
    pub fn pages_checked(&self) -> bool {
        self.pages_checked.get()
    }
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
    boot(
        dir,
        Credentials::RecoveryKey { user: None, key },
        Rollback::Accept,
        Pages::Now,
        None,
    )
}

/// Restores the backup at `path` into `dir`, a new (or empty) folder
/// ([`crate::backup`] writes it, its restore recorded, and leaves it like any
/// vault), then unlocks the copy with the same credentials, which are the
/// backup's.
///
/// # Errors
/// As [`crate::backup::preview`]; [`Error::InvalidInput`] when `dir` holds
/// files; I/O errors name `dir`; then as [`unlock`].
pub fn restore_into(path: &Path, dir: &Path, credentials: Credentials<'_>) -> Result<Session> {
    let dek = crate::backup::restore_folder(path, dir, &credentials)?;
    // The restore checked every page of this file in the folder it just
    // made (and wrote only its own entry since), and the credentials
    // unwrapped the data key from the same keyslots: neither is done twice
    // (ADR 0011, amended).
    boot(
        dir,
        credentials,
        Rollback::Refuse,
        Pages::Restored,
        Some(dek),
    )
}

/// The whole sequence, one phase per line. `known`: the data key these
/// credentials already unwrapped from this folder's keyslots (a restore
/// just did, [`restore_into`]); then no attempt is counted or derived.
fn boot(
    dir: &Path,
    credentials: Credentials<'_>,
    rollback: Rollback,
    pages: Pages,
    known: Option<DataKey>,
) -> Result<Session> {
    let hold = vault::open_folder(dir)?;
    let keyslots = vault::load_keyslots(dir)?;
    let reservation = match known {
        Some(_) => None,
        None => reserve_attempt(dir, &keyslots, &credentials)?,
    };
    let result = (|| {
        let signed = authenticate(&keyslots, credentials, known)?;
        finish_switch(dir, &keyslots, &signed.dek)?;
        let (mut keys, mut conn, repaired) = open_and_check(dir, &keyslots, signed.dek, pages)?;
        let (pre_migration, checked) =
            migrate(dir, &mut conn, &keys.data, &keyslots, signed.user_id, pages)?;
        let rolled_back = check_heads(&conn, &keyslots, rollback)?;
        let user = sign_in(&conn, &keys, signed.user_id, signed.method)?;
        let recorded = record_unlock(
            &mut conn,
            &keys,
            &keyslots,
            &user,
            signed.method,
            pre_migration.as_ref(),
            rolled_back,
        )?;
        let (keyslots, agreement) = mirror_head(
            dir,
            &keys,
            repaired,
            &signed.bucket,
            &recorded,
            signed
                .kek
                .as_ref()
                .map(|(kek, rewrap)| (kek, user.id, *rewrap)),
        )?;
        keys.agreement = agreement;
        let mut session = Session {
            conn,
            keys,
            keyslots,
            dir: dir.to_path_buf(),
            user,
            via_recovery: signed.method == Method::RecoveryKey,
            guard: crate::auth::session::Guard::default(),
            pages_checked: crate::auth::session::PagesChecked::new(checked),
            hold,
            memo: crate::auth::session::Memo::default(),
        };
        // Housekeeping any unlock may do: contacts past the recycle bin's 30 days go.
        session.purge_recycle_bin(crate::clock::now())?;
        Ok(session)
    })();
    settle_attempt(dir, reservation, result)
}

/// Guessing gets slower with each failure, across restarts (the counters
/// live in the keyslots file), before any key derivation is spent. A
/// password or recovery key is counted as a failure before it is checked,
/// under the keyslots lock, so parallel guesses cannot all pass the same
/// check; a success settles the count when the head is mirrored. A device
/// secret is no guess (a missing or changed keychain entry is not counted),
/// but it waits like the password.
fn reserve_attempt(
    dir: &Path,
    keyslots: &Keyslots,
    credentials: &Credentials<'_>,
) -> Result<Option<Reservation>> {
    let bucket = match credentials {
        Credentials::Password { user, .. } | Credentials::Device { user, .. } => {
            keyslots.failure_bucket(user)
        }
        Credentials::RecoveryKey { .. } => RECOVERY_BUCKET.to_owned(),
    };
    if Method::of(credentials) == Method::Device {
        if let Some(seconds) = keyslots.retry_after(&bucket, crate::clock::now()) {
            return Err(Error::Throttled { seconds });
        }
        return Ok(None);
    }
    Keyslots::reserve_attempt(&vault::keyslots_path(dir), &bucket).map(Some)
}

/// Gives a reserved attempt back when the credential was not shown wrong (a
/// damaged file, a disabled user, a busy disk): that was no guess.
fn settle_attempt(
    dir: &Path,
    reservation: Option<Reservation>,
    result: Result<Session>,
) -> Result<Session> {
    match (reservation, result) {
        (Some(reservation), Err(err))
            if !matches!(err, Error::WrongPassword | Error::WrongRecoveryKey) =>
        {
            let _ = Keyslots::release_attempt(&vault::keyslots_path(dir), reservation);
            Err(err)
        }
        (_, other) => other,
    }
}

/// What the credentials proved: the data key, the user they name (none for
/// the recovery key without a user: the first owner), the failure bucket a
/// success settles, and how.
struct Authenticated {
    dek: DataKey,
    user_id: Option<i64>,
    bucket: String,
    method: Method,
    /// The password-derived key after a password unlock, and whether the
    /// slot wraps an earlier key than the one in `dek`.
    kek: Option<(crate::secret::DerivedKey, bool)>,
}

/// Phase 1: unwraps the data key with a password, the recovery key or this
/// computer's device slot — or takes the `known` key those credentials
/// already unwrapped from these keyslots, and only names the user.
fn authenticate(
    keyslots: &Keyslots,
    credentials: Credentials<'_>,
    known: Option<DataKey>,
) -> Result<Authenticated> {
    Ok(match credentials {
        Credentials::Password { user, password } => {
            let (dek, slot_user, kek) = match known {
                Some(dek) => (
                    dek,
                    keyslots.find_user(user)?.ok_or(Error::WrongPassword)?,
                    None,
                ),
                None => {
                    let (dek, user, kek) = keyslots.unwrap_with_password_key(user, password)?;
                    (dek, user, Some(kek))
                }
            };
            // A team vault re-keyed since this user's last unlock (ADR
            // 0025): their slot wraps the previous key, the new one waits
            // sealed to their public key.
            let pending = match &kek {
                Some(kek) if keyslots.has_pending(slot_user.user_id) => {
                    keyslots.pending_key(slot_user.user_id, kek)?
                }
                _ => None,
            };
            let rewrap = pending
                .as_ref()
                .is_some_and(|p| p.expose_bytes() != dek.expose_bytes());
            let dek = pending.unwrap_or(dek);
            Authenticated {
                dek,
                user_id: Some(slot_user.user_id),
                bucket: slot_user.user_id.to_string(),
                method: Method::Password,
                kek: kek.map(|k| (k, rewrap)),
            }
        }
        Credentials::RecoveryKey { user, key } => {
            let dek = match known {
                Some(dek) => dek,
                None => keyslots.unwrap_with_recovery(key)?,
            };
            let user_id = match user {
                Some(name) => Some(
                    keyslots
                        .find_user(name)?
                        .ok_or_else(|| {
                            Error::from(
                                crate::Invalid::new(
                                    "user-unknown",
                                    format!("there is no user {name:?} in this vault"),
                                )
                                .with("user", name),
                            )
                        })?
                        .user_id,
                ),
                None => None,
            };
            Authenticated {
                dek,
                user_id,
                bucket: RECOVERY_BUCKET.to_owned(),
                method: Method::RecoveryKey,
                kek: None,
            }
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
            Authenticated {
                dek,
                user_id: Some(user_id),
                bucket: user_id.to_string(),
                method: Method::Device,
                kek: None,
            }
        }
    })
}

/// Phase 2: verifies the keyslots file's MAC, takes the subkeys and the
/// vault's lasting keys ([`vault::lasting_keys`], or from the shadow when
/// they are to repair: then `true`) and opens
/// `vault.db` (every page's HMAC checked, or only the schema's when the
/// pages are checked later), not yet migrated.
fn open_and_check(
    dir: &Path,
    keyslots: &Keyslots,
    dek: DataKey,
    pages: Pages,
) -> Result<(SessionKeys, rusqlite::Connection, bool)> {
    let keyslots_mac = vault::subkey(&dek, KEYSLOTS_MAC);
    keyslots.verify(&keyslots_mac)?;
    // A replica re-keyed by an older Steward: the keys come from its
    // shadow, and `mirror_head` seals them into the file.
    let repaired = vault::lasting_keys_to_repair(dir, keyslots, &dek)?;
    let repairs = repaired.is_some();
    let lasting = match repaired {
        Some(repaired) => repaired,
        None => vault::lasting_keys(keyslots, &dek)?,
    };
    let keys = SessionKeys {
        keyslots_mac,
        audit_mac: lasting.audit,
        identifier_hash: lasting.identifier,
        data: dek,
        agreement: None,
    };
    let conn = db::open_connection(
        &vault::db_path(dir),
        &keys.data,
        match pages {
            Pages::Now => OpenMode::ExistingUnmigrated,
            Pages::Later | Pages::Restored => OpenMode::ExistingUnmigratedPagesLater,
        },
    )?;
    Ok((keys, conn, repairs))
}

/// A `pre-migration` backup made before the schema update; recorded once
/// the schema has its backup log (after the update), in the unlock's
/// transaction.
struct PreMigration {
    folder: String,
    backup: crate::backup::BackupInfo,
}

/// The `settings` key recording the version of Steward that last unlocked
/// the vault.
const LAST_VERSION_SETTING: &str = "last_unlocked_by";

/// This build's version, recorded at each unlock.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The version recorded by the last unlock (a JSON string, like every
/// setting); one that is not a string reads as an unknown version, which
/// differs from this one.
fn last_version(conn: &rusqlite::Connection) -> Result<Option<String>> {
    Ok(db::setting(conn, LAST_VERSION_SETTING)?.map(|value| {
        serde_json::from_str::<String>(&value).unwrap_or_else(|_| "unknown".to_owned())
    }))
}

/// Phase 3: a migration cannot be undone, so when one is pending the vault
/// is backed up as it is first (which must succeed); then the schema is
/// brought up to date. The first unlock by another version of Steward than
/// the one recorded at the last unlock (an upgrade, or a downgrade) is
/// backed up the same way even without a migration: a new version may
/// change what it writes. A vault with no version recorded yet (made before
/// versions were recorded) just gets one at this unlock.
fn migrate(
    dir: &Path,
    conn: &mut rusqlite::Connection,
    dek: &DataKey,
    keyslots: &Keyslots,
    user_id: Option<i64>,
    pages: Pages,
) -> Result<(Option<PreMigration>, bool)> {
    let mut pre_migration = None;
    let mut checked = pages != Pages::Later;
    let other_version = last_version(conn)?.is_some_and(|v| v != VERSION);
    if db::needs_migration(conn)? || other_version {
        // A migration never writes into a damaged file.
        if !checked {
            db::check_every_page(conn)?;
            checked = true;
        }
        let user_id = user_id.unwrap_or(0);
        let source = crate::backup::SnapshotSource {
            conn,
            dek,
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
        let folder = crate::backup::configured_dir(conn, dir)?;
        let backup = crate::backup::snapshot(
            &source,
            &folder,
            crate::backup::BackupKind::PreMigration,
            &mut |_, _| {},
        )?;
        pre_migration = Some(PreMigration {
            folder: folder.display().to_string(),
            backup,
        });
    }
    db::migrate(conn, crate::records::reindex::after_migration)?;
    // Sort keys made by another ICU release (or none yet) are made anew.
    crate::records::sort_keys::refresh_if_stale(conn)?;
    Ok((pre_migration, checked))
}

/// A rollback accepted with the recovery key: the head the database holds.
struct RolledBack {
    found_seq: i64,
}

/// Phase 4: the database belongs to this keyslots file and still holds the
/// audit entry it records as its head (or, after an interrupted restore over
/// the vault, the one it records as `restoring_head`).
fn check_heads(
    conn: &rusqlite::Connection,
    keyslots: &Keyslots,
    rollback: Rollback,
) -> Result<Option<RolledBack>> {
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
    let found_seq = audit::head(conn)?.map_or(0, |h| h.seq);
    let restored = keyslots
        .restoring_head()
        .is_some_and(|h| audit::check_head(conn, Some(&h)).is_ok());
    match audit::check_head(conn, keyslots.audit_head().as_ref()) {
        Ok(()) => Ok(None),
        // A restore swapped this database in and stopped before it could
        // record so: the database is the one the keyslots file announced.
        Err(Error::Integrity(_)) if restored => Ok(None),
        Err(Error::Integrity(_)) if rollback == Rollback::Accept => {
            Ok(Some(RolledBack { found_seq }))
        }
        Err(Error::Integrity(problem)) => Err(Error::Integrity(format!(
            "{problem}; if that was on purpose, an owner can accept the database as it is with the recovery key"
        ))),
        Err(other) => Err(other),
    }
}

/// Phase 5: the user the credentials name (the first owner for the recovery
/// key alone); the recovery key signs in only as an owner, and a disabled
/// user is refused and recorded.
fn sign_in(
    conn: &rusqlite::Connection,
    keys: &SessionKeys,
    user_id: Option<i64>,
    method: Method,
) -> Result<User> {
    let user = match user_id {
        Some(id) => crate::auth::load_user(conn, id)?,
        None => crate::auth::first_owner(conn)?,
    };
    if method == Method::RecoveryKey && user.role != Role::Owner {
        return Err(Error::from(crate::Invalid::new(
            "recovery-needs-owner",
            "the recovery key signs in as an owner; name an owner with --user",
        )));
    }
    if user.disabled {
        audit::append(
            conn,
            &keys.audit_mac,
            Some(user.id),
            &Event {
                outcome: Outcome::Denied,
                ..Event::allowed("vault.unlock", Some(Target::user(user.id)))
            }
            .with("reason", "user disabled"),
        )?;
        return Err(Error::UserDisabled(user.name));
    }
    Ok(user)
}

/// What the unlock's transaction recorded: the new audit head and the
/// failed attempts it reported.
struct Recorded {
    head: AuditHead,
    reported: Vec<(String, Failures)>,
}

/// Phase 6: in one transaction, the failed attempts nobody has seen yet
/// (with a `failed-unlocks` alert at the policy's threshold), this unlock,
/// its `recovery-key` and `outside-hours` alerts, the pre-migration backup
/// and an accepted rollback. A device unlock stops here when the policy
/// forbids device slots or the user must change their password.
fn record_unlock(
    conn: &mut rusqlite::Connection,
    keys: &SessionKeys,
    keyslots: &Keyslots,
    user: &User,
    method: Method,
    pre_migration: Option<&PreMigration>,
    rolled_back: Option<RolledBack>,
) -> Result<Recorded> {
    use crate::monitor::{Rule, alerts};
    let audit_mac = &keys.audit_mac;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let unreported = keyslots.unreported_failures();
    let policy = crate::monitor::policy::load(&tx)?;
    if method == Method::Device && !policy.device_slots_allowed {
        return Err(Error::PolicyRefused(
            "remembering computers is turned off; sign in with the password".into(),
        ));
    }
    if method == Method::Device && user.must_change_password {
        // A reset removes the user's device slots; one left by a crash in
        // between never stands in for the new password.
        return Err(Error::DeviceUnavailable(user.name.clone()));
    }
    for (failed_bucket, failures) in &unreported {
        let actor = failed_bucket.parse::<i64>().ok();
        let failed = audit::append(
            &tx,
            audit_mac,
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
            alerts::raise(
                &tx,
                Rule::FailedUnlocks,
                actor,
                &alerts::Summary::new(
                    match (actor, failed_bucket.as_str()) {
                        (Some(_), _) => "failed-unlocks-password",
                        (None, crate::vault::keyslots::RECOVERY_BUCKET) => {
                            "failed-unlocks-recovery"
                        }
                        (None, _) => "failed-unlocks-unknown",
                    },
                    format!(
                        "{} failed unlocks in a row ({})",
                        failures.count,
                        if actor.is_some() {
                            "a user's password"
                        } else {
                            failed_bucket.as_str()
                        }
                    ),
                )
                .with("count", failures.count),
                &[failed.seq],
            )?;
        }
    }
    let mut head = audit::append(
        &tx,
        audit_mac,
        Some(user.id),
        &Event::allowed("vault.unlock", Some(Target::user(user.id)))
            .with("method", method.as_str()),
    )?;
    if method == Method::RecoveryKey {
        alerts::raise(
            &tx,
            Rule::RecoveryKey,
            Some(user.id),
            &alerts::Summary::new(
                "recovery-key",
                "the vault was unlocked with the recovery key",
            ),
            &[head.seq],
        )?;
    }
    if let Some((start, end)) = policy.hours() {
        let hour = chrono::Timelike::hour(&crate::clock::now().with_timezone(&chrono::Local));
        if hour < start || hour >= end {
            alerts::raise(
                &tx,
                Rule::OutsideHours,
                Some(user.id),
                &alerts::Summary::new(
                    "outside-hours",
                    format!("signed in at {hour:02}h, outside working hours {start:02}-{end:02}"),
                )
                .with("hour", format!("{hour:02}"))
                .with("start", format!("{start:02}"))
                .with("end", format!("{end:02}")),
                &[head.seq],
            )?;
        }
    }
    crate::review::raise_overdue(&tx, &policy)?;
    if last_version(&tx)?.as_deref() != Some(VERSION) {
        db::put_setting(
            &tx,
            LAST_VERSION_SETTING,
            &serde_json::Value::from(VERSION).to_string(),
        )?;
    }
    if let Some(pre) = pre_migration {
        head = crate::backup::record_backup(
            &tx,
            audit_mac,
            user.id,
            crate::backup::BackupKind::PreMigration,
            &pre.folder,
            &pre.backup,
        )?;
    }
    if let Some(RolledBack { found_seq }) = rolled_back {
        let recorded = keyslots.audit_head();
        head = audit::append(
            &tx,
            audit_mac,
            Some(user.id),
            &Event::allowed("vault.rollback_accepted", None)
                .with("recorded_seq", recorded.map_or(0, |h| h.seq))
                .with("found_seq", found_seq),
        )?;
    }
    tx.commit()?;
    Ok(Recorded {
        head,
        reported: unreported,
    })
}

/// Phase 6, second half: under the keyslots lock, mirrors the new head into
/// the keyslots file, drops any `restoring_head` and settles the failure
/// counters.
///
/// After a password unlock (`password`: the password-derived key and the
/// user) it also settles the user's slot (ADR 0025: a key pair if it has
/// none, rewrapped to the current key after a re-key) and returns their
/// private key; and it drops the mark of a finished key switch.
fn mirror_head(
    dir: &Path,
    keys: &SessionKeys,
    repaired: bool,
    bucket: &str,
    recorded: &Recorded,
    password: Option<(&crate::secret::DerivedKey, i64, bool)>,
) -> Result<(Keyslots, Option<crate::secret::AgreementSecret>)> {
    Keyslots::update(&vault::keyslots_path(dir), &keys.keyslots_mac, |ks| {
        ks.settle_failures(bucket, &recorded.reported);
        ks.set_audit_head(Some(&recorded.head));
        ks.set_restoring_head(None);
        ks.set_rekey_from(None);
        if repaired && !ks.has_lasting_keys() {
            // Re-keyed by a Steward that did not seal them: the keys this
            // unlock took (from the shadow, see `open_and_check`), sealed
            // now, travel to the team with the next sync.
            ks.set_lasting_keys(
                &vault::LastingKeys {
                    audit: crate::secret::DerivedKey::from_bytes(*keys.audit_mac.expose_bytes()),
                    identifier: crate::secret::DerivedKey::from_bytes(
                        *keys.identifier_hash.expose_bytes(),
                    ),
                },
                &keys.data,
            );
        }
        match password {
            Some((kek, user_id, rewrap)) => {
                ks.settle_password_slot(user_id, kek, &keys.data, rewrap)
            }
            None => Ok(None),
        }
    })
}

/// A replica killed while switching its databases to a re-keyed vault's
/// new key (ADR 0025): the keyslots file already holds the new key and the
/// previous one; whichever of `vault.db` and `sync.db` (in that order) is
/// still under the previous key is re-encrypted now.
fn finish_switch(dir: &Path, keyslots: &Keyslots, dek: &DataKey) -> Result<()> {
    let mac = vault::subkey(dek, KEYSLOTS_MAC);
    if keyslots.verify(&mac).is_err() {
        return Ok(());
    }
    let Some(old) = keyslots.rekey_from(dek)? else {
        return Ok(());
    };
    db::rekey_file(&vault::db_path(dir), &old, dek)?;
    let shadow = dir.join(vault::SHADOW_FILE);
    if shadow.exists() {
        db::rekey_file(&shadow, &old, dek)?;
    }
    Ok(())
}
