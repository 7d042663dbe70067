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
use crate::vault::Credentials;
use crate::{Error, Password, Result};

/// What one [`sync`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Local change sets appended to the log (0 or 1).
    pub pushed: usize,
    /// Change sets of other replicas applied.
    pub pulled: usize,
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
}

/// Whether the vault of `session` is a replica of a team vault.
pub fn is_replica(session: &Session) -> bool {
    session.dir.join(SHADOW_FILE).exists()
}

/// Where this replica stands: its team vault, its server, the last change
/// it applied and how many rows wait to be pushed. Every signed-in user.
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
    Ok(TeamStatus {
        vault: VaultId(vault),
        server,
        last_applied: seq,
        waiting: waiting?,
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
        let keyslots = std::fs::read(session.dir.join(crate::vault::KEYSLOTS_FILE))
            .map_err(Error::io("read the keyslots file"))?;
        let bytes = snapshot_bytes(session)?;
        log.create_vault(&vault, &keyslots)?;
        log.put_snapshot(&vault, &Snapshot { upto: 0, bytes })
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
    let (_, keyslots) = log
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
    let made = new_replica(dir, &keyslots, &snapshot, vault, user, password);
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
    keyslots: &[u8],
    snapshot: &Snapshot,
    vault: &VaultId,
    user: &str,
    password: &Password,
) -> Result<Session> {
    crate::fsutil::write_new_private(&dir.join(crate::vault::KEYSLOTS_FILE), keyslots)
        .map_err(Error::io("write the keyslots file"))?;
    crate::fsutil::write_new_private(&dir.join(crate::vault::DB_FILE), &snapshot.bytes)
        .map_err(Error::io("write the replica"))?;
    let mut session = crate::unlock::unlock(dir, Credentials::Password { user, password })?;
    // A replica is a copy of the vault: its own copy identity (ADR 0014), so
    // it never takes another replica's backups for its own.
    let mac = crate::vault::subkey(&session.keys.data, crate::vault::KEYSLOTS_MAC);
    let (keyslots, ()) =
        crate::vault::keyslots::Keyslots::update(&crate::vault::keyslots_path(dir), &mac, |ks| {
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
    replica::attach(&session.conn, &session.dir, &session.keys.data)?;
    let mut report = SyncReport::default();
    let result = (|| -> Result<()> {
        for _ in 0..PUSH_ATTEMPTS {
            pull(
                session,
                &shadow,
                log,
                &vault,
                signer.verifying_key().as_bytes(),
                &mut report,
            )?;
            let (_, seq) = replica::state(&shadow)?;
            let local = replica::local_changes(&session.conn)?;
            if local.is_empty() {
                return Ok(());
            }
            let key = seal::changes_key(&session.keys.data);
            let change = seal::seal(
                &key,
                &signer,
                &vault,
                seq,
                &author_slot,
                session.user.id,
                &local,
            );
            match log.append(&vault, seq, &change) {
                Ok(appended) => {
                    in_shadow(&shadow, |tx| {
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
    Ok(report)
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
    opened: std::result::Result<seal::Payload, String>,
}

/// Pulls and applies everything after the shadow's last change.
fn pull(
    session: &mut Session,
    shadow: &Connection,
    log: &mut dyn ChangeLog,
    vault: &VaultId,
    own_device: &[u8; 32],
    report: &mut SyncReport,
) -> Result<()> {
    let (_, mut after) = replica::state(shadow)?;
    let key = seal::changes_key(&session.keys.data);
    let mut incoming = Vec::new();
    loop {
        let batch = log.changes_after(vault, after, BATCH)?;
        let Some(last) = batch.last() else { break };
        after = last.seq;
        for change in batch {
            let opened = seal::open(&key, vault, change.seq - 1, &change.change)
                .map_err(|_| "it does not open or its signature is wrong".to_owned());
            incoming.push(Incoming { change, opened });
        }
    }
    if incoming.is_empty() {
        return Ok(());
    }

    // The devices each slot signed with before, as the log established them.
    let mut devices: HashMap<String, i64> = HashMap::new();
    {
        let mut stmt = shadow.prepare("SELECT slot, user_id FROM sync_devices")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (slot, user): (String, i64) = row?;
            devices.insert(slot, user);
        }
    }

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
                    inserted.push((row.table, id));
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
            Ok(p) => refusal(&tx, &session.keyslots, &devices, &inc.change, p)?,
        };
        if let Some(reason) = reason {
            let user = inc.opened.as_ref().ok().map(|p| p.user_id);
            let known: Option<i64> = match user {
                Some(u) => tx
                    .query_row("SELECT id FROM users WHERE id = ?1", [u], |r| r.get(0))
                    .optional()?,
                None => None,
            };
            crate::monitor::alerts::raise(
                &tx,
                Rule::SyncRefused,
                known,
                &crate::monitor::alerts::Summary::new(
                    "sync-refused",
                    format!(
                        "team change {} was refused and not applied: {reason}",
                        inc.change.seq
                    ),
                )
                .with("change", inc.change.seq),
                &[],
            )?;
            refused.push((i, reason));
            continue;
        }
        if let Ok(p) = &inc.opened {
            replica::apply(&tx, &p.changeset, replica::Rules::Log)?;
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

    in_shadow(shadow, |s| {
        for &i in &accepted {
            let inc = &incoming[i];
            if let Ok(p) = &inc.opened {
                replica::apply(s, &p.changeset, replica::Rules::Log)?;
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
            s.execute(
                "INSERT OR IGNORE INTO sync_refused (seq, author_slot, reason) VALUES (?1, ?2, ?3)",
                params![inc.change.seq, inc.change.change.author_slot, reason],
            )?;
        }
        set_seq(s, after)
    })?;
    report.pulled += accepted.len();
    report.refused += refused.len();
    Ok(())
}

/// Why a change set of the log must not apply here, if it must not: its
/// author's slot names another user, the author is no enabled user, or the
/// author's role could not have made one of its changes.
fn refusal(
    conn: &Connection,
    keyslots: &crate::vault::keyslots::Keyslots,
    devices: &HashMap<String, i64>,
    change: &Change,
    payload: &seal::Payload,
) -> Result<Option<String>> {
    let slot = &change.change.author_slot;
    let slot_user = keyslots
        .password_slot_user(slot)
        .or_else(|| devices.get(slot).copied());
    if slot_user.is_some_and(|u| u != payload.user_id) {
        return Ok(Some("its author's slot belongs to another user".into()));
    }
    let role: Option<String> = conn
        .query_row(
            "SELECT role FROM users WHERE id = ?1 AND disabled = 0",
            [payload.user_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(role) = role.and_then(|r| Role::from_str(&r).ok()) else {
        return Ok(Some("its author is no enabled user of the vault".into()));
    };
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
            return Ok(Some(format!(
                "it changes {}, which is not shared",
                row.table
            )));
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
            return Ok(Some(format!(
                "its author's role ({}) may not change {}",
                role.as_str(),
                row.table
            )));
        }
    }
    Ok(None)
}
