//! A team vault across laptops (ADR 0020): every laptop keeps a full
//! replica and exchanges encrypted, signed change sets through a change log
//! that a server keeps in order. The server is never trusted with customer
//! data: it holds the keyslots file (wrapped keys only), encrypted
//! snapshots and encrypted change sets, with the metadata of [`log`].
//!
//! [`publish`] makes a vault a team vault, [`join`] makes a new replica
//! from what the server holds, [`sync`] pulls, rebases and pushes.

pub mod log;
mod memory;
mod replica;
mod seal;

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use ed25519_dalek::SigningKey;
use rusqlite::{Connection, OptionalExtension, params};

pub use log::{Change, ChangeLog, NewChange, Seq, Snapshot, VaultId};
pub use memory::MemoryLog;
pub use replica::SHADOW_FILE;

use crate::auth::{Permission, Role, Session};
use crate::monitor::Rule;
use crate::secret::DataKey;
use crate::vault::Credentials;
use crate::vault::keyslots::Keyslots;
use crate::{Error, Password, Result};

/// What one [`sync`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Local change sets appended to the log (0 or 1).
    pub pushed: usize,
    /// Change sets of other replicas applied.
    pub pulled: usize,
    /// Of those, the ones that changed rows (not only carried audit
    /// entries, nor a re-key's marker): what a screen showing records
    /// refreshes for. Refreshing for the others would loop, since showing
    /// a record writes an entry that travels back.
    pub pulled_rows: usize,
    /// Rows where a local change met one of the log's and the rules chose.
    pub conflicts_resolved: usize,
    /// Change sets of the log this replica refused (and raised an alert for).
    pub refused: usize,
}

/// Where a replica stands, for `steward team status` and the app's
/// indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamStatus {
    /// The team vault's id on the server.
    pub vault: VaultId,
    /// The server's address as [`set_server`] stored it (never a password).
    pub server: Option<String>,
    /// The last change of the log this replica applied.
    pub last_applied: Seq,
    /// Rows changed here and not yet pushed.
    pub waiting: usize,
    /// Audit entries written here that the team's shared chain has not
    /// carried yet (ADR 0024): a view, an export, an unlock. They travel
    /// with the next change set, alone if no row waits.
    pub entries_waiting: usize,
}

/// Whether the vault of `session` is a replica of a team vault.
pub fn is_replica(session: &Session) -> bool {
    session.dir.join(SHADOW_FILE).exists()
}

/// What may have changed what waits to be pushed, read at almost no cost:
/// the app's background sync looks at it every few seconds, and only when
/// it moved asks how much waits — [`status`] when a shared row was
/// written (it compares every shared table with the shadow), the cheap
/// [`entries_waiting`] when only audit entries were.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LocalWrites {
    /// Moves with every row this session's connection writes to a shared
    /// table ([`replica::SYNCED`]), and with nothing else: temporary
    /// triggers of the connection count them (never stored in the vault).
    pub shared_rows: u64,
    /// The sequence number of the laptop's last audit entry.
    pub audit_seq: i64,
}

/// See [`LocalWrites`]. The first call on a session installs the counting
/// triggers; rows written before it are not counted (a caller starts with
/// [`status`]).
///
/// # Errors
/// Database errors.
pub fn local_writes(session: &Session) -> Result<LocalWrites> {
    Ok(LocalWrites {
        shared_rows: replica::shared_writes(&session.conn)?,
        audit_seq: crate::audit::head(&session.conn)?.map_or(0, |h| h.seq),
    })
}

/// How many audit entries written here the shared chain has not carried
/// yet ([`TeamStatus::entries_waiting`]); costs opening the shadow for its
/// sync state and a count of the entries after it (by SQLite, on a range
/// of the audit log's key), not a comparison of the tables. Between syncs,
/// [`entries_written`] adds to a count without opening the shadow.
///
/// # Errors
/// [`Error::NotFound`] when the vault is not a replica.
pub fn entries_waiting(session: &Session) -> Result<usize> {
    let shadow = open_replica_shadow(session)?;
    let pushed = replica::audit_pushed(&shadow, &session.conn)?;
    crate::audit::team::waiting_since(&session.conn, pushed)
}

/// How many of the audit entries written here after entry `after`, up to
/// entry `upto` ([`LocalWrites::audit_seq`] of two looks), will travel
/// with a change set: what they add to [`TeamStatus::entries_waiting`]
/// when no sync ran between the two looks. A count on a range of the
/// audit log's key: its cost grows with the entries between the looks, not
/// with those waiting since the last push.
///
/// # Errors
/// Database errors.
pub fn entries_written(session: &Session, after: i64, upto: i64) -> Result<usize> {
    crate::audit::team::travelling_between(&session.conn, after, upto)
}

/// Where this replica stands: its team vault, its server, the last change
/// it applied, how many rows wait to be pushed and how many audit entries
/// wait to travel. Every signed-in user.
///
/// # Errors
/// [`Error::NotFound`] when the vault is not a replica.
pub fn status(session: &Session) -> Result<TeamStatus> {
    let shadow = open_replica_shadow(session)?;
    let (vault, seq) = replica::state(&shadow)?;
    let server = replica::server(&shadow)?;
    replica::attach(&session.conn, &session.dir, &session.keys.data)?;
    let waiting = replica::local_changes(&session.conn).and_then(|c| {
        if c.is_empty() {
            Ok(0)
        } else {
            replica::rows(&c).map(|rows| rows.len())
        }
    });
    replica::detach(&session.conn)?;
    let pushed = replica::audit_pushed(&shadow, &session.conn)?;
    Ok(TeamStatus {
        vault: VaultId(vault),
        server,
        last_applied: seq,
        waiting: waiting?,
        entries_waiting: crate::audit::team::waiting_since(&session.conn, pushed)?,
    })
}

/// Remembers the address of this replica's server, so a later [`sync`]
/// needs no address. The caller strips any password first: the address is
/// kept in the replica's (encrypted) shadow, and shown by [`status`].
///
/// # Errors
/// [`Error::NotFound`] when the vault is not a replica.
pub fn set_server(session: &Session, server: &str) -> Result<()> {
    let shadow = open_replica_shadow(session)?;
    replica::set_server(&shadow, server)
}

fn open_replica_shadow(session: &Session) -> Result<Connection> {
    if !is_replica(session) {
        return Err(Error::NotFound {
            entity: "team vault replica",
            id: session.dir.display().to_string(),
        });
    }
    replica::open_shadow(&session.dir, &session.keys.data)
}

/// How many changes one request fetches.
const BATCH: usize = 500;
/// How many times a push retries after losing the race to another replica.
const PUSH_ATTEMPTS: usize = 16;

/// Publishes the vault of `session` as a new team vault on `log`: its
/// keyslots file and a snapshot of `vault.db`; the vault becomes replica
/// one. Owners only.
///
/// # Errors
/// [`Error::PermissionDenied`] for another role; [`Error::SyncServer`] when
/// the server refuses; a database error if the vault already is a replica.
pub fn publish(session: &mut Session, log: &mut dyn ChangeLog) -> Result<VaultId> {
    session.require(Permission::OwnersManage)?;
    let id: [u8; 32] = crate::crypto::random_array();
    let vault = VaultId(data_encoding::HEXLOWER.encode(&id));
    session.record(&crate::audit::Event::allowed("team.publish", None))?;
    replica::create_shadow(&session.conn, &session.dir, &session.keys.data, &vault.0, 0)?;
    let published = (|| -> Result<()> {
        let local = Keyslots::load(&crate::vault::keyslots_path(&session.dir))?;
        local.verify(&session.keys.keyslots_mac)?;
        let keyslots = local.shared_bytes(&session.keys.keyslots_mac);
        let bytes = snapshot_bytes(session)?;
        log.create_vault(&vault, &keyslots)?;
        log.put_snapshot(&vault, &Snapshot { upto: 0, bytes })?;
        let shadow = replica::open_shadow(&session.dir, &session.keys.data)?;
        replica::set_keyslots_base(&shadow, 1, &keyslots)
    })();
    if let Err(err) = published {
        let _ = std::fs::remove_file(session.dir.join(SHADOW_FILE));
        return Err(err);
    }
    Ok(vault)
}

/// Stores a snapshot of this replica on `log` as of the log change it last
/// applied, so a new laptop starts there instead of replaying everything
/// before it (the server may then drop older changes). Only when nothing is
/// waiting to be pushed: the snapshot must be the log's state, not this
/// laptop's. Owners and admins. Returns the change the snapshot holds, or
/// `None` when local changes wait (sync first).
///
/// # Errors
/// [`Error::PermissionDenied`] for another role; [`Error::SyncServer`].
pub fn publish_snapshot(session: &mut Session, log: &mut dyn ChangeLog) -> Result<Option<Seq>> {
    session.require(Permission::UsersManage)?;
    let shadow = replica::open_shadow(&session.dir, &session.keys.data)?;
    replica::check_not_rolled_back(&shadow, &session.conn)?;
    let (vault, seq) = replica::state(&shadow)?;
    replica::attach(&session.conn, &session.dir, &session.keys.data)?;
    let waiting = replica::local_changes(&session.conn);
    replica::detach(&session.conn)?;
    if !waiting?.is_empty() {
        return Ok(None);
    }
    let bytes = snapshot_bytes(session)?;
    log.put_snapshot(&VaultId(vault), &Snapshot { upto: seq, bytes })?;
    Ok(Some(seq))
}

/// A consistent copy of the vault's database file, still encrypted under
/// the data key, with SQLite's online backup API (as backups make theirs).
fn snapshot_bytes(session: &Session) -> Result<Vec<u8>> {
    let scratch = crate::backup::scratch_dir(&session.dir)?;
    let path = scratch.path().join("snapshot.db");
    crate::backup::page_copy(&session.conn, &session.keys.data, &path, &mut |_, _| {})?;
    std::fs::read(&path).map_err(Error::io("read the snapshot"))
}

/// Makes a new replica of team vault `vault` in the new folder `dir` from
/// the server's keyslots file and newest snapshot, unlocks it as `user`
/// and brings it up to the log's head.
///
/// # Errors
/// [`Error::SyncServer`] when the server holds no such vault;
/// [`Error::FolderNotEmpty`]; the errors of [`crate::unlock::unlock`] for a
/// wrong password. Until the replica is
/// made, a failure leaves the folder empty (or absent) as it was, so the
/// join can be tried again; a failure of the first sync after that leaves
/// a replica a later [`sync`] brings up to date.
pub fn join(
    dir: &Path,
    log: &mut dyn ChangeLog,
    vault: &VaultId,
    user: &str,
    password: &Password,
) -> Result<Session> {
    let (version, keyslots) = log
        .keyslots(vault)?
        .ok_or_else(|| Error::SyncServer("the server holds no such team vault".into()))?;
    let snapshot = log
        .latest_snapshot(vault)?
        .ok_or_else(|| Error::SyncServer("the server holds no snapshot of the vault".into()))?;
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(Error::io("read the new vault's folder"))?
            .next()
            .is_some()
    {
        return Err(Error::FolderNotEmpty(dir.to_path_buf()));
    }
    let existed = dir.exists();
    crate::vault::create_private_dir(dir)?;
    let made = new_replica(dir, (version, &keyslots), &snapshot, vault, user, password);
    let mut session = match made {
        Ok(session) => session,
        Err(err) => {
            // The folder was empty (or new): everything in it is this
            // join's, so a wrong password can simply be tried again.
            if existed {
                if let Ok(entries) = std::fs::read_dir(dir) {
                    for entry in entries.flatten() {
                        let path = entry.path();
                        let _ = if path.is_dir() {
                            std::fs::remove_dir_all(&path)
                        } else {
                            std::fs::remove_file(&path)
                        };
                    }
                }
            } else {
                let _ = std::fs::remove_dir_all(dir);
            }
            return Err(err);
        }
    };
    sync(&mut session, log)?;
    Ok(session)
}

/// The files of a new replica in the empty folder `dir`, unlocked as
/// `user`, with its shadow as of the snapshot.
fn new_replica(
    dir: &Path,
    (version, published): (i64, &[u8]),
    snapshot: &Snapshot,
    vault: &VaultId,
    user: &str,
    password: &Password,
) -> Result<Session> {
    crate::fsutil::write_new_private(&dir.join(crate::vault::KEYSLOTS_FILE), published)
        .map_err(Error::io("write the keyslots file"))?;
    crate::fsutil::write_new_private(&dir.join(crate::vault::DB_FILE), &snapshot.bytes)
        .map_err(Error::io("write the replica"))?;
    let mut session = crate::unlock::unlock(dir, Credentials::Password { user, password })?;
    // A replica is a copy of the vault: its own copy identity (ADR 0014), so
    // it never takes another replica's backups for its own.
    let mac = crate::vault::subkey(&session.keys.data, crate::vault::KEYSLOTS_MAC);
    let (keyslots, ()) = Keyslots::update(&crate::vault::keyslots_path(dir), &mac, |ks| {
        ks.new_copy_id();
        Ok(())
    })?;
    session.keyslots = keyslots;
    replica::create_shadow(
        &session.conn,
        dir,
        &session.keys.data,
        &vault.0,
        snapshot.upto,
    )?;
    let shadow = replica::open_shadow(dir, &session.keys.data)?;
    replica::set_keyslots_base(&shadow, version, published)?;
    Ok(session)
}

/// Pulls what the log holds after this replica's last change, applies it
/// (refusing, with an alert, what its author's role could not have made),
/// rebases what was committed here and not pushed, and appends it.
///
/// # Errors
/// [`Error::SyncServer`] when the server cannot be reached; nothing local is
/// lost, the next sync takes it.
pub fn sync(session: &mut Session, log: &mut dyn ChangeLog) -> Result<SyncReport> {
    let shadow = replica::open_shadow(&session.dir, &session.keys.data)?;
    let (vault, _) = replica::state(&shadow)?;
    let vault = VaultId(vault);
    let author_slot = session
        .keyslots
        .password_slot_id(session.user.id)
        .ok_or_else(|| Error::Database("the user has no password slot to sign with".into()))?
        .to_owned();
    replica::check_not_rolled_back(&shadow, &session.conn)?;
    let signer = SigningKey::from_bytes(&*replica::own_seed(&shadow, session.user.id)?);
    // Read before the changes: every change set the users it names need is
    // then in the log this sync pulls.
    let published = log.keyslots(&vault)?;
    // A re-key published since this replica's epoch: the new key, from the
    // slot the owner sealed to this user's public key (ADR 0025).
    let mut next = next_key(session, published.as_ref())?;
    let mut stopped = Part::Done;
    switch_if_due(session, &shadow, published.as_ref())?;
    // Made here for a replica that predates the shared audit chain.
    replica::audit_pushed(&shadow, &session.conn)?;
    replica::attach(&session.conn, &session.dir, &session.keys.data)?;
    let mut report = SyncReport::default();
    let result = (|| -> Result<()> {
        for _ in 0..PUSH_ATTEMPTS {
            stopped = pull(
                session,
                &shadow,
                log,
                &vault,
                signer.verifying_key().as_bytes(),
                &mut next,
                &mut report,
            )?;
            if !matches!(stopped, Part::Done) {
                return Ok(());
            }
            if replica::epoch_keys(&shadow)?
                .last()
                .is_some_and(|(e, _, _)| *e > session.keyslots.epoch())
            {
                replica::detach(&session.conn)?;
                switch_if_due(session, &shadow, published.as_ref())?;
                replica::attach(&session.conn, &session.dir, &session.keys.data)?;
            }
            let (_, seq) = replica::state(&shadow)?;
            let local = replica::local_changes(&session.conn)?;
            let pushed = replica::audit_pushed(&shadow, &session.conn)?;
            let carried = crate::audit::team::carried_since(&session.conn, pushed)?;
            if local.is_empty() && carried.is_none() {
                return Ok(());
            }
            let carried = carried.unwrap_or_default();
            let key = seal::changes_key(&session.keys.data);
            let change = seal::seal(
                &seal::Sealer {
                    key: &key,
                    epoch: session.keyslots.epoch(),
                    signer: &signer,
                    vault: &vault,
                    author_slot: &author_slot,
                    user_id: session.user.id,
                },
                seq,
                &local,
                &carried,
            );
            match log.append(&vault, seq, &change) {
                Ok(appended) => {
                    // The other replicas append this change's entries
                    // unless they refuse it; so does this one, judging it
                    // as they will, against the log's state (the shadow).
                    let own = seal::Payload {
                        user_id: session.user.id,
                        device_key: *signer.verifying_key().as_bytes(),
                        changeset: zeroize::Zeroizing::new(local.clone()),
                        audit: crate::audit::team::Carried::default(),
                        rekey_to: None,
                        rekey_commit: None,
                    };
                    let refused = refusal(
                        &shadow,
                        &session.keyslots,
                        &devices(&shadow)?,
                        &author_slot,
                        &own,
                    )?
                    .is_some();
                    let entries = if refused {
                        &[][..]
                    } else {
                        &carried.entries[..]
                    };
                    // The vault first, the shadow second (ADR 0020's crash
                    // table): killed between them, the pull brings this
                    // change back and finds its entries already here.
                    let tx = session.conn.transaction()?;
                    let device = data_encoding::HEXLOWER.encode(signer.verifying_key().as_bytes());
                    crate::audit::team::append(
                        &tx,
                        &session.keys.audit_mac,
                        appended,
                        &crate::audit::team::Author {
                            slot: &author_slot,
                            user_id: session.user.id,
                            device: &device,
                        },
                        entries,
                    )?;
                    tx.commit()?;
                    in_shadow(&shadow, |tx| {
                        replica::set_audit_pushed(tx, carried.upto)?;
                        replica::apply(tx, &local, replica::Rules::Log)?;
                        register_device(
                            tx,
                            &author_slot,
                            signer.verifying_key().as_bytes(),
                            session.user.id,
                            appended,
                        )?;
                        set_seq(tx, appended)
                    })?;
                    report.pushed += 1;
                    return Ok(());
                }
                Err(Error::LogMoved { .. }) => {}
                Err(err) => return Err(err),
            }
        }
        Err(Error::SyncServer(
            "the team log kept moving on; try again".into(),
        ))
    })();
    let detached = replica::detach(&session.conn);
    result?;
    detached?;
    replica::mark_audit_head(&shadow, &session.conn)?;
    if let Part::RefusedKey { marker, named } = stopped {
        return Err(Error::Integrity(format!(
            "the team's published keyslots file offers a new key {} (the re-key's marker is \
             change {marker}): it was refused, this laptop keeps its key and applies nothing \
             after the marker. Tell an owner: the server may have been tampered with",
            if named {
                "that the re-key's marker does not name"
            } else {
                "and the re-key's marker, made by an older Steward, names none"
            }
        )));
    }
    if matches!(stopped, Part::MissingKey) {
        return Err(Error::Database(
            "the team vault was re-keyed and this laptop holds no key of the new epoch: \
             nothing after the re-key was applied. Lock and unlock with your password; \
             if you were removed from the team, or had not unlocked since key pairs \
             exist, an owner must add you again or reset your password, and you join \
             the team vault again in a new folder"
                .into(),
        ));
    }
    travel_keyslots(session, &shadow, log, &vault, published)?;
    Ok(report)
}

/// The data key of the published keyslots file's epoch, when it is newer
/// than this replica's and a pending slot for this user opens with the
/// private key the password unlock gave the session.
fn next_key(
    session: &Session,
    published: Option<&(i64, Vec<u8>)>,
) -> Result<Option<(u32, DataKey)>> {
    let Some((_, bytes)) = published else {
        return Ok(None);
    };
    let remote = Keyslots::parse(bytes)?;
    if remote.epoch() <= session.keyslots.epoch() {
        return Ok(None);
    }
    let Some(secret) = &session.keys.agreement else {
        return Ok(None);
    };
    let Some(key) = remote.open_pending(session.user.id, secret)? else {
        return Ok(None);
    };
    remote.verify(&crate::vault::subkey(&key, crate::vault::KEYSLOTS_MAC))?;
    Ok(Some((remote.epoch(), key)))
}

/// When the shadow learnt a newer epoch's key than the folder's keyslots
/// file holds (a pull crossed a re-key's marker, maybe before a kill),
/// switches this replica to it (ADR 0025), in an order a kill cannot
/// break: the keyslots file with the new key and, wrapped under it, the
/// previous one; `vault.db`; `sync.db`; the mark cleared. An unlock after
/// a kill finishes the switch from the mark (`unlock::finish_switch`).
fn switch_if_due(
    session: &mut Session,
    shadow: &Connection,
    published: Option<&(i64, Vec<u8>)>,
) -> Result<()> {
    let Some((epoch, _, new)) = replica::epoch_keys(shadow)?.pop() else {
        return Ok(());
    };
    if epoch <= session.keyslots.epoch() {
        return Ok(());
    }
    let (version, bytes) = published.ok_or_else(|| {
        Error::SyncServer("the server holds no keyslots file for the team vault".into())
    })?;
    let remote = Keyslots::parse(bytes)?;
    let new_mac = crate::vault::subkey(&new, crate::vault::KEYSLOTS_MAC);
    if remote.epoch() != epoch || remote.verify(&new_mac).is_err() {
        return Err(Error::Database(
            "the team vault was re-keyed again meanwhile: join it again in a new folder".into(),
        ));
    }
    let path = crate::vault::keyslots_path(&session.dir);
    let old = DataKey::from_bytes(*session.keys.data.expose_bytes());
    Keyslots::switch(&path, &session.keys.keyslots_mac, &new_mac, |ks| {
        ks.adopt_rekeyed(&remote);
        ks.set_rekey_from(Some((&old, &new)));
        Ok(())
    })?;
    crate::db::rekey_open(&session.conn, &new)?;
    #[cfg(feature = "test-support")]
    if crate::test_support::KILL_BETWEEN_REKEYS.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(Error::Database(
            "killed between the two rekeys (test)".into(),
        ));
    }
    crate::db::rekey_open(shadow, &new)?;
    let (keyslots, ()) = Keyslots::update(&path, &new_mac, |ks| {
        ks.set_rekey_from(None);
        Ok(())
    })?;
    // The lasting keys are the vault's for its whole life: the re-keyed
    // file holds them sealed under the new key, and they are the ones this
    // replica already uses (so whatever this pull appended before the
    // switch is chained under the same audit key).
    let lasting = crate::vault::lasting_keys(&keyslots, &new)?;
    session.keys.audit_mac = lasting.audit;
    session.keys.identifier_hash = lasting.identifier;
    session.keys.keyslots_mac = new_mac;
    session.keys.data = new;
    session.keyslots = keyslots;
    replica::set_keyslots_base(shadow, *version, bytes)
}

/// Keyslots travel (ADR 0020): merges the published keyslots file with
/// this folder's (see [`Keyslots::merge_shared`]), installs the result here
/// atomically, and publishes it with `replace_keyslots` when it holds a
/// change made here (a user added, removed or disabled, a password
/// changed); when another replica published first, merges again with what
/// it published. `published` is the server's file as read at the start of
/// the sync, after the change sets it needs were appended.
fn travel_keyslots(
    session: &mut Session,
    shadow: &Connection,
    log: &mut dyn ChangeLog,
    vault: &VaultId,
    mut published: Option<(i64, Vec<u8>)>,
) -> Result<()> {
    let path = crate::vault::keyslots_path(&session.dir);
    let mac = &session.keys.keyslots_mac;
    for _ in 0..PUSH_ATTEMPTS {
        let (version, bytes) = match published.take() {
            Some(p) => p,
            None => log
                .keyslots(vault)?
                .ok_or_else(|| Error::SyncServer("the server holds no such team vault".into()))?,
        };
        let base = replica::keyslots_base(shadow)?
            .map(|(v, b)| Keyslots::parse(&b).map(|ks| (v, ks)))
            .transpose()?;
        let local = Keyslots::load(&path)?;
        local.verify(mac)?;
        if let Some((v, ks)) = &base
            && *v == version
            && !local.shared_slots_differ(ks)
        {
            return Ok(());
        }
        let remote = Keyslots::parse(&bytes)?;
        if remote.epoch() > local.epoch() {
            // A re-key this replica has not switched to yet: its marker is
            // not in the log yet, or this laptop cannot open it.
            return Ok(());
        }
        if remote.verify(mac).is_err() || remote.vault_id() != local.vault_id() {
            return Err(Error::Integrity(
                "the team vault's published keyslots file was not written with this vault's key"
                    .into(),
            ));
        }
        let (installed, ()) = Keyslots::update(&path, mac, |ks| {
            ks.merge_shared(base.as_ref().map(|(_, b)| b), &remote);
            Ok(())
        })?;
        // This folder's file first, then the base: a kill between the two
        // leaves the published slots looking like local ones, which the
        // next merge keeps as they are.
        replica::set_keyslots_base(shadow, version, &bytes)?;
        let differs = installed.shared_slots_differ(&remote);
        session.keyslots = installed;
        if !differs {
            return Ok(());
        }
        let shared = session.keyslots.shared_bytes(mac);
        match log.replace_keyslots(vault, version, &shared) {
            Ok(new) => return replica::set_keyslots_base(shadow, new, &shared),
            Err(Error::LogMoved { .. }) => {}
            Err(err) => return Err(err),
        }
    }
    Err(Error::SyncServer(
        "the team's keyslots file kept changing; try again".into(),
    ))
}

/// What [`rekey`] did.
#[derive(Debug)]
pub struct Rekeyed {
    /// The team vault's new epoch (1 after the first re-key).
    pub epoch: u32,
    /// The new recovery key: the old one opens only the past. Shown once.
    pub recovery_key: crate::RecoveryKey,
    /// Users who had no key pair yet (no password unlock since key pairs
    /// exist): their password slot went; an owner must reset their
    /// password, and they join again.
    pub left_out: Vec<String>,
}

/// Re-keys the team vault of `session` (ADR 0025): after a sync, a new data
/// key, wrapped for the owner under `password` and for every other user to
/// their public key, with a new recovery key; the keyslots file replaced on
/// the server; a marker change set under the old key naming the new epoch;
/// this replica switched to the new key; a snapshot under it. Users already
/// removed or disabled have no slot, so nothing opens the new key for them:
/// they read the past, nothing after. Owners only.
///
/// # Errors
/// [`Error::PermissionDenied`] for another role; [`Error::WrongPassword`];
/// [`Error::NotFound`] when the vault is not a replica;
/// [`Error::SyncServer`] when another replica changed the keyslots file
/// meanwhile (try again).
pub fn rekey(
    session: &mut Session,
    log: &mut dyn ChangeLog,
    password: &Password,
) -> Result<Rekeyed> {
    session.require(Permission::OwnersManage)?;
    let shadow = open_replica_shadow(session)?;
    sync(session, log)?;
    let (_, _, kek) = session
        .keyslots
        .unwrap_with_password_key(&session.user.name, password)
        .and_then(|(dek, user, kek)| {
            if user.user_id == session.user.id
                && dek.expose_bytes() == session.keys.data.expose_bytes()
            {
                Ok((dek, user, kek))
            } else {
                Err(Error::WrongPassword)
            }
        })?;
    let (vault, _) = replica::state(&shadow)?;
    let vault = VaultId(vault);
    let (version, _) = log
        .keyslots(&vault)?
        .ok_or_else(|| Error::SyncServer("the server holds no such team vault".into()))?;
    let new = DataKey::generate();
    let recovery_key = crate::RecoveryKey::generate();
    let path = crate::vault::keyslots_path(&session.dir);
    let mut file = Keyslots::load(&path)?;
    file.verify(&session.keys.keyslots_mac)?;
    let old_epoch = file.epoch();
    let left_out = file.rekey(
        session.user.id,
        &kek,
        &new,
        &recovery_key,
        &crate::vault::lasting_keys(&file, &session.keys.data)?,
    )?;
    let new_epoch = file.epoch();
    let new_mac = crate::vault::subkey(&new, crate::vault::KEYSLOTS_MAC);
    let shared = file.shared_bytes(&new_mac);
    let version = log
        .replace_keyslots(&vault, version, &shared)
        .map_err(|err| match err {
            Error::LogMoved { .. } => Error::SyncServer(
                "another laptop changed the team's keyslots meanwhile; try again".into(),
            ),
            other => other,
        })?;

    // The marker, under the old key, right after everything this replica
    // holds; later change sets are sealed under the new key.
    let author_slot = session
        .keyslots
        .password_slot_id(session.user.id)
        .ok_or_else(|| Error::Database("the user has no password slot to sign with".into()))?
        .to_owned();
    let signer = SigningKey::from_bytes(&*replica::own_seed(&shadow, session.user.id)?);
    let old_key = seal::changes_key(&session.keys.data);
    let mut marker_seq = None;
    #[cfg(feature = "test-support")]
    let claimed = crate::test_support::REKEY_MARKER_CLAIMS
        .with(std::cell::Cell::get)
        .unwrap_or(session.user.id);
    #[cfg(not(feature = "test-support"))]
    let claimed = session.user.id;
    for _ in 0..PUSH_ATTEMPTS {
        let (_, seq) = replica::state(&shadow)?;
        let marker = seal::seal_rekey(
            &seal::Sealer {
                key: &old_key,
                epoch: old_epoch,
                signer: &signer,
                vault: &vault,
                author_slot: &author_slot,
                user_id: claimed,
            },
            seq,
            new_epoch,
            &new,
        );
        match log.append(&vault, seq, &marker) {
            Ok(appended) => {
                marker_seq = Some(appended);
                break;
            }
            Err(Error::LogMoved { .. }) => {
                sync(session, log)?;
            }
            Err(err) => return Err(err),
        }
    }
    let marker_seq = marker_seq
        .ok_or_else(|| Error::SyncServer("the team log kept moving on; try again".into()))?;
    let old = DataKey::from_bytes(*session.keys.data.expose_bytes());
    in_shadow(&shadow, |tx| {
        if replica::epoch_keys(tx)?.is_empty() {
            replica::remember_epoch_key(tx, old_epoch, 0, &old)?;
        }
        replica::remember_epoch_key(tx, new_epoch, marker_seq, &new)?;
        register_device(
            tx,
            &author_slot,
            signer.verifying_key().as_bytes(),
            session.user.id,
            marker_seq,
        )?;
        set_seq(tx, marker_seq)
    })?;
    switch_if_due(session, &shadow, Some(&(version, shared)))?;
    let left_names: Vec<String> = left_out.into_iter().map(|u| u.user_name).collect();
    session.record(
        &crate::audit::Event::allowed("team.rekey", None)
            .with("epoch", i64::from(new_epoch))
            .with(
                "left_out",
                i64::try_from(left_names.len()).unwrap_or(i64::MAX),
            ),
    )?;
    replica::mark_audit_head(&shadow, &session.conn)?;
    drop(shadow);
    publish_snapshot(session, log)?;
    Ok(Rekeyed {
        epoch: new_epoch,
        recovery_key,
        left_out: left_names,
    })
}

/// Whether `dek` opens `change` as a change set of `epoch` (tests).
#[cfg(feature = "test-support")]
pub(crate) fn opens_with(dek: &DataKey, vault: &VaultId, change: &Change, epoch: u32) -> bool {
    seal::open(
        &seal::changes_key(dek),
        epoch,
        vault,
        change.seq - 1,
        &change.change,
    )
    .is_ok()
}

/// Runs `f` in one write transaction of the shadow.
fn in_shadow(shadow: &Connection, f: impl FnOnce(&Connection) -> Result<()>) -> Result<()> {
    shadow.execute_batch("BEGIN IMMEDIATE")?;
    match f(shadow) {
        Ok(()) => {
            shadow.execute_batch("COMMIT")?;
            Ok(())
        }
        Err(err) => {
            let _ = shadow.execute_batch("ROLLBACK");
            Err(err)
        }
    }
}

fn set_seq(shadow: &Connection, seq: Seq) -> Result<()> {
    shadow.execute("UPDATE sync_state SET seq = ?1 WHERE id = 1", [seq])?;
    Ok(())
}

fn register_device(
    shadow: &Connection,
    slot: &str,
    device_key: &[u8; 32],
    user_id: i64,
    seq: Seq,
) -> Result<()> {
    shadow.execute(
        "INSERT OR IGNORE INTO sync_devices (slot, device_key, user_id, first_seq)
         VALUES (?1, ?2, ?3, ?4)",
        params![slot, device_key.as_slice(), user_id, seq],
    )?;
    Ok(())
}

/// One change of the log, opened (or why not).
struct Incoming {
    change: Change,
    opened: std::result::Result<seal::Payload, Refusal>,
}

/// Why a change set of the log was refused: the `why` of its
/// `sync-refused` alert with that code's values (`table`, `role`), and the
/// English sentence the alert and the shadow's `sync_refused` keep.
#[derive(Debug, Clone)]
struct Refusal {
    why: &'static str,
    params: Vec<(&'static str, String)>,
    text: String,
}

impl Refusal {
    /// A refusal for `why` (one of [`REFUSAL_WHYS`]), said by `text`.
    fn new(why: &'static str, text: impl Into<String>) -> Self {
        debug_assert!(REFUSAL_WHYS.contains(&why), "{why}");
        Self {
            why,
            params: Vec::new(),
            text: text.into(),
        }
    }

    #[must_use]
    fn with(mut self, key: &'static str, value: impl ToString) -> Self {
        self.params.push((key, value.to_string()));
        self
    }
}

/// The codes a `sync-refused` alert gives as its `why`: `unreadable` (the
/// change set does not open or its signature is wrong), `other-slot` (its
/// author's slot belongs to another user), `no-user` (its author is no
/// enabled user), `not-shared` (it changes a table that is not shared:
/// `table`), `role` (its author's role may not change a table: `role`,
/// `table`), `rekey` (a re-key's marker by another role than owner:
/// `role`) and `rekey-key` (the new key the published keyslots file offers
/// is not the one a re-key's marker names, or the marker names none).
pub const REFUSAL_WHYS: &[&str] = &[
    "unreadable",
    "other-slot",
    "no-user",
    "not-shared",
    "role",
    "rekey",
    "rekey-key",
];

/// Pulls and applies everything after the shadow's last change; `Done`,
/// or why it stopped at a re-key's marker.
fn pull(
    session: &mut Session,
    shadow: &Connection,
    log: &mut dyn ChangeLog,
    vault: &VaultId,
    own_device: &[u8; 32],
    next: &mut Option<(u32, DataKey)>,
    report: &mut SyncReport,
) -> Result<Part> {
    loop {
        match pull_part(session, shadow, log, vault, own_device, next, report)? {
            Part::More => {}
            ended => return Ok(ended),
        }
    }
}

/// How one part of a pull ended.
enum Part {
    /// Nothing more in the log.
    Done,
    /// It stopped before a re-key's marker, to judge it once what came
    /// before it is applied.
    More,
    /// At a marker whose key this laptop lacks: nothing after it applies.
    MissingKey,
    /// At the marker (change `marker`) of a key the published keyslots file
    /// offers this laptop but the marker does not name (`named`: it names
    /// another; else it names none, an older Steward's): the key is refused
    /// with an alert, nothing after the marker applies.
    RefusedKey { marker: Seq, named: bool },
}

/// One part of a pull: the changes up to the log's head, or up to (not
/// including) the first re-key's marker of a key not known yet that is
/// not the part's first change. Such a marker counts only when its author
/// is an owner, which the changes before it may have made or unmade: it
/// is judged by the shadow as they left it, in a part of its own, so every
/// replica judges it alike wherever its pulls began and ended.
fn pull_part(
    session: &mut Session,
    shadow: &Connection,
    log: &mut dyn ChangeLog,
    vault: &VaultId,
    own_device: &[u8; 32],
    next: &mut Option<(u32, DataKey)>,
    report: &mut SyncReport,
) -> Result<Part> {
    let (_, mut after) = replica::state(shadow)?;
    // The key of each epoch and the change it starts after; before the
    // first re-key this replica saw, only the session's.
    let mut keys = replica::epoch_keys(shadow)?;
    if keys.is_empty() {
        keys.push((
            session.keyslots.epoch(),
            0,
            DataKey::from_bytes(*session.keys.data.expose_bytes()),
        ));
    }
    let mut learnt: Vec<(u32, Seq)> = Vec::new();
    let mut incoming = Vec::new();
    let mut missing_key = false;
    let mut refused_key = None;
    let mut more = false;
    'fetch: loop {
        let batch = log.changes_after(vault, after, BATCH)?;
        if batch.is_empty() {
            break;
        }
        for change in batch {
            let Some((epoch, _, key)) = keys.iter().rev().find(|(_, from, _)| *from < change.seq)
            else {
                missing_key = true;
                break 'fetch;
            };
            let epoch = *epoch;
            let opened = seal::open(
                &seal::changes_key(key),
                epoch,
                vault,
                change.seq - 1,
                &change.change,
            )
            .map_err(|_| Refusal::new("unreadable", "it does not open or its signature is wrong"));
            if let Ok(p) = &opened
                && let Some(to) = p.rekey_to
                && !keys.iter().any(|(e, _, _)| *e == to)
            {
                if !incoming.is_empty() {
                    more = true;
                    break 'fetch;
                }
                // A marker refused below (another role's, another user's
                // slot...) moves nobody to its key, and what follows it under
                // the new key does not open. Judged as below, by the shadow:
                // the marker is the part's first change.
                let judged = refusal(
                    shadow,
                    &session.keyslots,
                    &devices(shadow)?,
                    &change.change.author_slot,
                    p,
                )?;
                if judged.is_none() {
                    match next.take() {
                        // The key a pending slot gave is taken only when the
                        // marker, sealed under the old key the server lacks,
                        // names it: anyone may seal a pending slot.
                        Some((e, key))
                            if e == to && p.rekey_commit == Some(seal::rekey_commitment(&key)) =>
                        {
                            keys.push((to, change.seq, key));
                            learnt.push((to, change.seq));
                        }
                        Some((e, _)) if e == to => {
                            refuse_key(&session.conn, change.seq, p.rekey_commit.is_some())?;
                            refused_key = Some(Part::RefusedKey {
                                marker: change.seq,
                                named: p.rekey_commit.is_some(),
                            });
                            break 'fetch;
                        }
                        _ => {
                            // This laptop has no key of the new epoch:
                            // nothing after the marker opens, nothing of it
                            // applies.
                            missing_key = true;
                            break 'fetch;
                        }
                    }
                }
            }
            after = change.seq;
            incoming.push(Incoming { change, opened });
        }
    }
    let ended = if let Some(refused) = refused_key {
        refused
    } else if missing_key {
        Part::MissingKey
    } else if more {
        Part::More
    } else {
        Part::Done
    };
    if incoming.is_empty() {
        return Ok(ended);
    }

    let mut devices = devices(shadow)?;

    // Everything the log inserts with an integer key, so a row inserted here
    // with the same key moves aside first; except this device's own changes
    // (a push whose answer was lost), whose rows are those rows.
    let mut inserted = Vec::new();
    for inc in &incoming {
        if let Ok(p) = &inc.opened
            && p.device_key != *own_device
        {
            for row in replica::rows(&p.changeset)? {
                if row.action == rusqlite::hooks::Action::SQLITE_INSERT
                    && let Some(id) = row.id
                {
                    inserted.push((row.table, id, row.inserted));
                }
            }
        }
    }

    let mut accepted = Vec::new();
    let mut refused = Vec::new();
    let tx = session.conn.transaction()?;
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    let moved = replica::remap_colliding(&tx, &inserted)?;
    let mut reindex = Vec::new();
    for (table, old, new) in &moved {
        if let Some(kind) = replica::record_of_table(table) {
            reindex.push((kind, *old));
            reindex.push((kind, *new));
        }
    }
    let local = replica::local_changes(&tx)?;
    replica::apply(&tx, &replica::invert(&local)?, replica::Rules::Log)?;
    for (i, inc) in incoming.iter().enumerate() {
        let reason = match &inc.opened {
            Err(reason) => Some(reason.clone()),
            Ok(p) => refusal(
                &tx,
                &session.keyslots,
                &devices,
                &inc.change.change.author_slot,
                p,
            )?,
        };
        if let Some(reason) = reason {
            let user = inc.opened.as_ref().ok().map(|p| p.user_id);
            let known: Option<i64> = match user {
                Some(u) => tx
                    .query_row("SELECT id FROM users WHERE id = ?1", [u], |r| r.get(0))
                    .optional()?,
                None => None,
            };
            let mut summary = crate::monitor::alerts::Summary::new(
                "sync-refused",
                format!(
                    "team change {} was refused and not applied: {}",
                    inc.change.seq, reason.text
                ),
            )
            .with("change", inc.change.seq)
            .with("why", reason.why);
            for (key, value) in &reason.params {
                summary = summary.with(key, value);
            }
            crate::monitor::alerts::raise(&tx, Rule::SyncRefused, known, &summary, &[])?;
            refused.push((i, reason));
            continue;
        }
        if let Ok(p) = &inc.opened {
            // A re-key's marker changes no row and carries no entry.
            if p.rekey_to.is_some() {
                accepted.push(i);
                continue;
            }
            replica::apply(&tx, &p.changeset, replica::Rules::Log)?;
            let device = data_encoding::HEXLOWER.encode(&p.device_key);
            crate::audit::team::append(
                &tx,
                &session.keys.audit_mac,
                inc.change.seq,
                &crate::audit::team::Author {
                    slot: &inc.change.change.author_slot,
                    user_id: p.user_id,
                    device: &device,
                },
                &p.audit.entries,
            )?;
            reindex.extend(replica::indexed_records(&replica::rows(&p.changeset)?));
            devices
                .entry(inc.change.change.author_slot.clone())
                .or_insert(p.user_id);
            accepted.push(i);
        }
    }
    report.conflicts_resolved += replica::apply(&tx, &local, replica::Rules::Rebase)?;
    // The pull's own entry, in its transaction: the audit log (and the head
    // the shadow records after the sync) then tells a vault that holds this
    // pull from one restored to before it.
    crate::audit::append(
        &tx,
        &session.keys.audit_mac,
        Some(session.user.id),
        &crate::audit::Event::allowed("team.pull", None)
            .with("upto", after)
            .with("applied", i64::try_from(accepted.len()).unwrap_or(i64::MAX))
            .with("refused", i64::try_from(refused.len()).unwrap_or(i64::MAX)),
    )?;
    let settled = replica::settle_dangling(&tx)?;
    report.conflicts_resolved += settled.len();
    for (table, id) in settled {
        if let Some(kind) = replica::record_of_table(&table) {
            reindex.push((kind, id));
        }
    }
    // The search index is the laptop's own: the records the pull touched
    // get their entries from what they hold now.
    reindex.sort_unstable_by_key(|(kind, id)| (*kind as u8, *id));
    reindex.dedup();
    for (kind, id) in reindex {
        crate::records::recycle_bin::refresh_index(&tx, kind, id)?;
    }
    tx.commit()?;

    // A user added here whose id the log gave to another user moved to a
    // new id; their password slot is bound to the old one (its wrapped key
    // names it) and cannot be rewrapped without their password, and left in
    // place it would unlock as the other user. It goes: an owner resets the
    // moved user's password, which writes their slot anew.
    let moved_users: Vec<i64> = moved
        .iter()
        .filter(|(table, _, _)| table == "users")
        .map(|(_, old, _)| *old)
        .collect();
    if !moved_users.is_empty() {
        let (keyslots, ()) = Keyslots::update(
            &crate::vault::keyslots_path(&session.dir),
            &session.keys.keyslots_mac,
            |ks| {
                for user in &moved_users {
                    ks.remove_password_slot(*user);
                }
                Ok(())
            },
        )?;
        session.keyslots = keyslots;
    }

    in_shadow(shadow, |s| {
        for &i in &accepted {
            let inc = &incoming[i];
            if let Ok(p) = &inc.opened {
                if !p.changeset.is_empty() {
                    replica::apply(s, &p.changeset, replica::Rules::Log)?;
                }
                // This device's own change whose answer was lost: its
                // entries are in the log now.
                if p.rekey_to.is_none() && p.device_key == *own_device {
                    replica::set_audit_pushed(s, p.audit.upto)?;
                }
                register_device(
                    s,
                    &inc.change.change.author_slot,
                    &p.device_key,
                    p.user_id,
                    inc.change.seq,
                )?;
            }
        }
        for (i, reason) in &refused {
            let inc = &incoming[*i];
            // This device's own change, refused after its answer was lost:
            // its entries are appended nowhere, and must not travel again.
            if let Ok(p) = &inc.opened
                && p.rekey_to.is_none()
                && p.device_key == *own_device
            {
                replica::set_audit_pushed(s, p.audit.upto)?;
            }
            s.execute(
                "INSERT OR IGNORE INTO sync_refused (seq, author_slot, reason) VALUES (?1, ?2, ?3)",
                params![inc.change.seq, inc.change.change.author_slot, reason.text],
            )?;
        }
        for (epoch, from) in &learnt {
            if let Some((_, _, key)) = keys.iter().find(|(e, _, _)| e == epoch) {
                replica::remember_epoch_key(s, *epoch, *from, key)?;
            }
        }
        if !learnt.is_empty()
            && let Some((first, from, key)) = keys.first()
        {
            replica::remember_epoch_key(s, *first, *from, key)?;
        }
        set_seq(s, after)
    })?;
    report.pulled += accepted.len();
    report.pulled_rows += accepted
        .iter()
        .filter(|&&i| {
            incoming[i]
                .opened
                .as_ref()
                .is_ok_and(|p| !p.changeset.is_empty())
        })
        .count();
    report.refused += refused.len();
    Ok(ended)
}

/// Raises the `sync-refused` alert (why `rekey-key`) for the re-key's
/// marker `marker` whose key the published keyslots file offers but the
/// marker does not name (`named`), once: each sync stops at that marker
/// again.
fn refuse_key(conn: &Connection, marker: Seq, named: bool) -> Result<()> {
    let raised: bool = conn.query_row(
        "SELECT count(*) > 0 FROM alerts WHERE rule = ?1
           AND json_extract(params, '$.why') = 'rekey-key'
           AND json_extract(params, '$.change') = ?2",
        rusqlite::params![Rule::SyncRefused.as_str(), marker.to_string()],
        |r| r.get(0),
    )?;
    if raised {
        return Ok(());
    }
    let text = if named {
        "the new key the server's keyslots file offers is not the one the re-key's marker names"
    } else {
        "the re-key's marker names no key (an older Steward's), so the new key the server's \
         keyslots file offers is not taken"
    };
    let summary = crate::monitor::alerts::Summary::new(
        "sync-refused",
        format!("team change {marker} was refused and not applied: {text}"),
    )
    .with("change", marker)
    .with("why", "rekey-key");
    crate::monitor::alerts::raise(conn, Rule::SyncRefused, None, &summary, &[])?;
    Ok(())
}

/// The user each slot signed for before, as the log established it.
fn devices(shadow: &Connection) -> Result<HashMap<String, i64>> {
    let mut devices = HashMap::new();
    let mut stmt = shadow.prepare("SELECT slot, user_id FROM sync_devices")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    for row in rows {
        let (slot, user): (String, i64) = row?;
        devices.insert(slot, user);
    }
    Ok(devices)
}

/// Why a change set of the log must not apply here, if it must not: its
/// author's slot names another user, the author is no enabled user, or the
/// author's role could not have made one of its changes.
fn refusal(
    conn: &Connection,
    keyslots: &crate::vault::keyslots::Keyslots,
    devices: &HashMap<String, i64>,
    slot: &str,
    payload: &seal::Payload,
) -> Result<Option<Refusal>> {
    let slot_user = keyslots
        .password_slot_user(slot)
        .or_else(|| devices.get(slot).copied());
    if slot_user.is_some_and(|u| u != payload.user_id) {
        return Ok(Some(Refusal::new(
            "other-slot",
            "its author's slot belongs to another user",
        )));
    }
    let role: Option<String> = conn
        .query_row(
            "SELECT role FROM users WHERE id = ?1 AND disabled = 0",
            [payload.user_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(role) = role.and_then(|r| Role::from_str(&r).ok()) else {
        return Ok(Some(Refusal::new(
            "no-user",
            "its author is no enabled user of the vault",
        )));
    };
    // Only an owner moves the team to a new key (ADR 0025).
    if payload.rekey_to.is_some() && role != Role::Owner {
        return Ok(Some(
            Refusal::new(
                "rekey",
                format!(
                    "its author's role ({}) may not re-key the team vault",
                    role.as_str()
                ),
            )
            .with("role", role.as_str()),
        ));
    }
    // Every user clears their own "must change password" flag by choosing
    // a password; nothing else of a user is theirs to change.
    let own_flag: Option<usize> = conn
        .query_row(
            "SELECT cid FROM pragma_table_info('users') WHERE name = 'must_change_password'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
        .and_then(|cid| usize::try_from(cid).ok());
    for row in replica::rows(&payload.changeset)? {
        if !replica::SYNCED.contains(&row.table.as_str()) {
            return Ok(Some(
                Refusal::new(
                    "not-shared",
                    format!("it changes {}, which is not shared", row.table),
                )
                .with("table", &row.table),
            ));
        }
        let needed = if row.table == "users" {
            let own_password_only = row.action == rusqlite::hooks::Action::SQLITE_UPDATE
                && row.id == Some(payload.user_id)
                && !row.changed.is_empty()
                && row.changed.iter().all(|c| Some(*c) == own_flag);
            if own_password_only {
                Permission::ContactsRead
            } else {
                Permission::UsersManage
            }
        } else {
            Permission::ContactsCreate
        };
        if !role.allows(needed) {
            return Ok(Some(
                Refusal::new(
                    "role",
                    format!(
                        "its author's role ({}) may not change {}",
                        role.as_str(),
                        row.table
                    ),
                )
                .with("role", role.as_str())
                .with("table", &row.table),
            ));
        }
    }
    Ok(None)
}
