//! Restoring: authenticate against the backup's own keyslots (a password or
//! the recovery key of that time), see a preview, then restore into a new
//! folder (any machine) or over the current vault in two steps: every check
//! while the vault stays open ([`Session::prepare_restore`]), then the
//! pre-restore backup and the swap ([`RestorePlan::apply`]).

use std::path::{Path, PathBuf};

use rusqlite::OptionalExtension;
use subtle::ConstantTimeEq;

use super::file::{self, Header, Parsed};
use super::{BackupKind, Extract, extract_checked, mac_key, writing_in};
use crate::audit::{self, AuditHead, Event};
use crate::auth::{Permission, Role, Session};
use crate::db::{self, OpenMode};
use crate::secret::DataKey;
use crate::vault::hold::Exclusive;
use crate::vault::keyslots::Keyslots;
use crate::vault::{self, Credentials};
use crate::{Error, Result};

/// What a backup holds, shown before restoring it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupPreview {
    /// The file.
    pub path: PathBuf,
    /// Its authenticated header: date, who made it, why, row counts.
    pub header: Header,
    /// File size in bytes.
    pub size: u64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    /// The backup restored.
    pub restored: BackupPreview,
    /// The backup of the replaced vault made first (a replace only).
    pub pre_restore_backup: Option<String>,
}

/// Unwraps the data key from the backup's own keyslots with `credentials`,
/// and checks the backup's keyslots and header MACs with it. Also returns
/// the backup's keyslots and the id of the user the credentials name, when
/// they name one.
fn open_backup(
    path: &Path,
    credentials: &Credentials<'_>,
) -> Result<(Parsed, DataKey, Keyslots, Option<i64>)> {
    let parsed = file::read_header(path)?;
    let keyslots = Keyslots::parse(parsed.header.keyslots.as_bytes())
        .map_err(|_| Error::BackupIntegrity("its keyslots are unreadable".into()))?;
    if keyslots.vault_id() != parsed.header.vault_id {
        return Err(Error::BackupIntegrity(
            "its keyslots belong to another vault".into(),
        ));
    }
    let (dek, user_id) = match credentials {
        Credentials::Password { user, password } => {
            let (dek, slot_user) = keyslots.unwrap_with_password(user, password)?;
            (dek, Some(slot_user.user_id))
        }
        Credentials::RecoveryKey { key, user } => {
            let dek = keyslots.unwrap_with_recovery(key)?;
            let user_id = user.and_then(|name| {
                keyslots
                    .users()
                    .into_iter()
                    .find(|u| {
                        crate::auth::user_name_key(&u.user_name) == crate::auth::user_name_key(name)
                    })
                    .map(|u| u.user_id)
            });
            (dek, user_id)
        }
        Credentials::Device { .. } => {
            return Err(Error::from(crate::Invalid::new(
                "backup-needs-password",
                "a backup opens with a password or the recovery key of its time",
            )));
        }
    };
    keyslots
        .verify(&crate::vault::subkey(&dek, "keyslots-mac"))
        .map_err(|_| Error::BackupIntegrity("its keyslots do not authenticate".into()))?;
    file::check_mac(&parsed, &mac_key(&dek))?;
    Ok((parsed, dek, keyslots, user_id))
}

/// What a restore that fails part-way leaves behind, removed when dropped
/// unless the restore finished ([`Debris::keep`]): the partial database and
/// its journal files, and the folder when this restore created it — so a
/// failed restore neither keeps a full disk full nor blocks its retry.
struct Debris {
    files: Vec<PathBuf>,
    created_dir: Option<PathBuf>,
}

impl Debris {
    fn new() -> Self {
        Self {
            files: Vec::new(),
            created_dir: None,
        }
    }

    /// `db` and the journal files SQLite may put beside it.
    fn database(&mut self, db: &Path) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            self.files.push(PathBuf::from(name));
        }
    }

    fn remove_now(&self) {
        for file in &self.files {
            let _ = std::fs::remove_file(file);
        }
    }

    fn keep(mut self) {
        self.files.clear();
        self.created_dir = None;
    }
}

impl Drop for Debris {
    fn drop(&mut self) {
        self.remove_now();
        if let Some(dir) = &self.created_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// The users of a vault's database: id, role and whether disabled.
fn user_rights(conn: &rusqlite::Connection) -> Result<Vec<(i64, Role, bool)>> {
    conn.prepare("SELECT id, role, disabled FROM users")?
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?
        .map(|row| {
            let (id, role, disabled) = row?;
            let role = role
                .parse()
                .map_err(|_| Error::Integrity("a user has an unknown role".into()))?;
            Ok((id, role, disabled))
        })
        .collect()
}

/// Whether restoring `restored` over `current` gives anyone more rights
/// than now: a user the vault no longer has, a role with a permission the
/// current one lacks, or a user enabled who is now disabled.
fn gives_more_rights(restored: &[(i64, Role, bool)], current: &[(i64, Role, bool)]) -> bool {
    restored.iter().any(
        |(id, role, disabled)| match current.iter().find(|(c, _, _)| c == id) {
            None => true,
            Some((_, now_role, now_disabled)) => {
                (*now_disabled && !disabled)
                    || role.permissions().iter().any(|p| !now_role.allows(*p))
            }
        },
    )
}

/// The audit entry and alert that record a restore, written into the
/// restored database itself before it can be opened; the new head.
fn record_restore(
    conn: &mut rusqlite::Connection,
    audit_mac: &crate::secret::DerivedKey,
    actor: Option<i64>,
    event: &Event,
    summary: &crate::monitor::alerts::Summary,
) -> Result<AuditHead> {
    let tx = conn.transaction()?;
    let head = audit::append(&tx, audit_mac, actor, event)?;
    crate::monitor::alerts::raise(
        &tx,
        crate::monitor::Rule::Restore,
        actor,
        summary,
        &[head.seq],
    )?;
    tx.commit()?;
    Ok(head)
}

/// The users who can open a backup with a password, read without a key
/// (from the keyslots of the backup's time).
///
/// # Errors
/// [`Error::Integrity`] for a file that is not a readable backup.
pub fn backup_users(path: &Path) -> Result<Vec<crate::vault::SlotUser>> {
    let parsed = file::read_header(path)?;
    let keyslots = Keyslots::parse(parsed.header.keyslots.as_bytes())
        .map_err(|_| Error::BackupIntegrity("its keyslots are unreadable".into()))?;
    Ok(keyslots.users())
}

/// Authenticates against the backup and returns what it holds (no vault is
/// needed: this works on a machine that never saw the vault).
///
/// # Errors
/// [`Error::WrongPassword`] / [`Error::WrongRecoveryKey`];
/// [`Error::Integrity`] for a damaged or altered file.
pub fn preview(path: &Path, credentials: &Credentials<'_>) -> Result<BackupPreview> {
    let (parsed, ..) = open_backup(path, credentials)?;
    Ok(BackupPreview {
        path: path.to_path_buf(),
        size: std::fs::metadata(path).map_or(0, |m| m.len()),
        header: parsed.header,
    })
}

/// Restores a backup into `dir`, a new (or empty) folder, which the
/// credentials then unlock ([`crate::unlock::restore_into`] does both). The backup is only read (it may be on
/// read-only media); its database is extracted into `dir` and checked
/// there completely. The restore's audit entry and alert go into the
/// restored database before it becomes openable, and the keyslots file,
/// naming that entry as the audit head, is written last: an interrupted
/// restore leaves no folder that passes for a vault, and the vault never
/// opens without its restore recorded. A failed restore removes what it
/// wrote (and the folder, when it created it).
///
/// # Errors
/// As [`preview`]; [`Error::FolderNotEmpty`] when `dir` holds files; I/O
/// errors name `dir` (a full disk there, say). Returns the data key the
/// credentials unwrapped, so the caller's unlock need not derive it again.
pub(crate) fn restore_folder(
    path: &Path,
    dir: &Path,
    credentials: &Credentials<'_>,
) -> Result<DataKey> {
    let existed = dir.exists();
    if existed
        && std::fs::read_dir(dir)
            .map_err(Error::io("read the restore folder"))?
            .next()
            .is_some()
    {
        return Err(Error::FolderNotEmpty(dir.to_path_buf()));
    }
    let (parsed, dek, keyslots, user_id) = open_backup(path, credentials)?;
    let mut debris = Debris::new();
    vault::create_private_dir(dir)?;
    if !existed {
        debris.created_dir = Some(dir.to_path_buf());
    }
    let db_path = dir.join(vault::DB_FILE);
    let partial = dir.join(format!("{}.restoring", vault::DB_FILE));
    debris.database(&partial);
    debris.database(&db_path);
    extract_checked(path, &parsed, &dek, &partial, Extract::Restore)?;

    let head = {
        let mut conn = db::open_connection(
            &partial,
            &dek,
            OpenMode::ExistingChecked(crate::records::reindex::after_migration),
        )
        .map_err(|e| writing_in(e, dir))?;
        let actor = match user_id {
            Some(id) => Some(id),
            None => conn
                .query_row(
                    "SELECT id FROM users WHERE role = 'owner' AND disabled = 0 ORDER BY id LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?,
        };
        let head = record_restore(
            &mut conn,
            &crate::vault::lasting_keys(&keyslots, &dek)?.audit,
            actor,
            &Event::allowed("backup.restore", None)
                .with("into", "new folder")
                .with("backup_created_at", parsed.header.created_at.clone())
                .with("backup_kind", parsed.header.kind.clone()),
            &crate::monitor::alerts::Summary::new(
                "restore-new-folder",
                format!(
                    "a backup of {} was restored into a new folder",
                    parsed.header.created_at
                ),
            )
            .with("created", &parsed.header.created_at),
        )
        .map_err(|e| writing_in(e, dir))?;
        conn.close()
            .map_err(|(_, e)| writing_in(Error::from(e), dir))?;
        head
    };
    std::fs::rename(&partial, &db_path).map_err(Error::io("name the restored database"))?;
    crate::fsutil::sync_dir(dir).map_err(Error::io("write the restore folder"))?;
    let mut keyslots = keyslots;
    keyslots.set_audit_head(Some(&head));
    keyslots.set_restoring_head(None);
    // A new copy of the vault: same keyslots, its own copy identity, so it
    // never takes the original's backups for its own.
    keyslots.new_copy_id();
    keyslots
        .save(
            &dir.join(vault::KEYSLOTS_FILE),
            &crate::vault::subkey(&dek, "keyslots-mac"),
        )
        .map_err(|e| writing_in(e, dir))?;
    // From here the folder is a complete vault with its restore recorded.
    debris.keep();
    Ok(dek)
}

/// A restore over the vault, checked completely and ready to swap in:
/// made by [`Session::prepare_restore`] while the vault stays open, carried
/// out by [`RestorePlan::apply`]. Until then nobody else may open the vault;
/// dropping the plan removes the checked copy and lets them again.
#[must_use = "a restore plan does nothing until applied"]
pub struct RestorePlan {
    path: PathBuf,
    parsed: Parsed,
    conn: rusqlite::Connection,
    partial: PathBuf,
    user_ids: Vec<i64>,
    debris: Debris,
    exclusive: Exclusive,
}

impl std::fmt::Debug for RestorePlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RestorePlan")
            .field("path", &self.path)
            .field("created_at", &self.parsed.header.created_at)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Checks a restore of a backup over this vault, changing nothing in it:
    /// the permission (and `owners.manage` for a backup in which anyone has
    /// more rights than now: a user now removed, a role with a permission
    /// their current one lacks, enabled where now disabled — a restore never
    /// gives back rights an owner took away, unless an owner restores it),
    /// that nobody else has the vault open, the backup's own credentials,
    /// that it is a backup of this vault with its key, and the whole backup
    /// (extracted beside the vault and checked there). Refusals of the
    /// permission are recorded in the audit log. The session stays open
    /// whatever the outcome; while the plan lives the vault is held
    /// exclusively (see [`crate::vault::hold`]).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `backup.restore` (or
    /// `owners.manage`, as above); [`Error::VaultInUse`] while another
    /// program has the vault open; [`Error::InvalidInput`] for a backup of
    /// another vault (restore it into a new folder instead); as [`preview`];
    /// I/O errors naming the vault folder (a full disk there, say).
    pub fn prepare_restore(
        &self,
        path: &Path,
        credentials: &Credentials<'_>,
    ) -> Result<RestorePlan> {
        self.authorize(Permission::BackupRestore, "backup.restore", None)?;
        let exclusive = self.hold.exclusive_for_now()?;
        let (parsed, dek, _, _) = open_backup(path, credentials)?;
        let same_key: bool = dek
            .expose_bytes()
            .ct_eq(self.keys.data.expose_bytes())
            .into();
        if parsed.header.vault_id != self.keyslots.vault_id() || !same_key {
            return Err(Error::from(
                crate::Invalid::new(
                    "backup-other-vault",
                    "this backup belongs to another vault; restore it into a new folder",
                )
                .with("action", "restore"),
            ));
        }
        let dir = &self.dir;
        let partial = dir.join(format!("{}.restoring", vault::DB_FILE));
        let mut debris = Debris::new();
        debris.database(&partial);
        debris.remove_now();
        extract_checked(path, &parsed, &dek, &partial, Extract::Restore)?;
        let conn = db::open_connection(
            &partial,
            &dek,
            OpenMode::ExistingChecked(crate::records::reindex::after_migration),
        )
        .map_err(|e| writing_in(e, dir))?;
        let restored_users = user_rights(&conn)?;
        if gives_more_rights(&restored_users, &user_rights(&self.conn)?) {
            self.authorize(Permission::OwnersManage, "backup.restore", None)?;
        }
        Ok(RestorePlan {
            path: path.to_path_buf(),
            parsed,
            conn,
            partial,
            user_ids: restored_users.into_iter().map(|u| u.0).collect(),
            debris,
            exclusive,
        })
    }
}

impl RestorePlan {
    /// Restores the checked backup over the vault of `session`, the session
    /// that prepared it: backs the current vault up first (`pre-restore`),
    /// then swaps the database in. The session ends (the vault is locked);
    /// unlock again to use the restored vault. Users keep their current
    /// passwords; users the backup does not know lose their slot.
    ///
    /// Any write-ahead log beside `vault.db` is removed before the swap, so
    /// no other program's log is ever applied to the restored file. A crash
    /// at any point leaves the old vault or the restored one, both openable:
    /// the keyslots file names the restored database's audit head as
    /// "restoring" before the swap, and the next unlock accepts either. A
    /// failure before the swap removes the checked copy.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `session` is not the one that prepared
    /// the plan; I/O errors (the pre-restore backup, the swap). The session
    /// has ended either way.
    pub fn apply(self, mut session: Session) -> Result<RestoreReport> {
        if !session.hold.is_the_hold_of(&self.exclusive) {
            return Err(Error::from(crate::Invalid::new(
                "restore-other-session",
                "this restore was prepared by another session; prepare it again",
            )));
        }
        let Self {
            path,
            parsed,
            mut conn,
            partial,
            user_ids,
            debris,
            exclusive,
        } = self;
        // From here the session is consumed: its own hold, exclusive now,
        // goes when the swap is done (or the restore fails).
        exclusive.keep();
        let dir = session.dir.clone();
        let pre = session.create_backup(BackupKind::PreRestore, None, &mut |_, _| {})?;
        // Everyone erased in the current vault stays erased in the restored
        // one: the backup is under this vault's data key (checked above),
        // and the ledger's hashes under its identifier-hash key.
        let current_ledger = super::ledger(&session.conn)?;
        let head = (|| {
            let reapplied = {
                let tx = conn.transaction()?;
                let n = crate::rights::reapply_ledger(
                    &tx,
                    &session.keys.identifier_hash,
                    &current_ledger,
                    &crate::clock::today(),
                )?;
                tx.commit()?;
                n
            };
            let actor = user_ids
                .contains(&session.user.id)
                .then_some(session.user.id);
            record_restore(
                &mut conn,
                &session.keys.audit_mac,
                actor,
                &Event::allowed("backup.restore", None)
                    .with("into", "this vault")
                    .with("backup_created_at", parsed.header.created_at.clone())
                    .with("backup_kind", parsed.header.kind.clone())
                    .with("pre_restore_backup", pre.backup.file_name.clone())
                    .with("erasures_reapplied", reapplied),
                &crate::monitor::alerts::Summary::new(
                    "restore-over-vault",
                    format!(
                        "a backup of {} was restored over the vault",
                        parsed.header.created_at
                    ),
                )
                .with("created", &parsed.header.created_at),
            )
        })()
        .map_err(|e| writing_in(e, &dir))?;
        conn.close()
            .map_err(|(_, e)| writing_in(Error::from(e), &dir))?;

        let keyslots_path = dir.join(vault::KEYSLOTS_FILE);
        let keyslots_mac = crate::vault::subkey(&session.keys.data, "keyslots-mac");
        // This session's connection closes (its log checkpointed into the
        // current database, which the pre-restore backup holds anyway); the
        // folder stays held exclusively until the swap is done.
        let (closed, hold) = session.close();
        closed?;
        // No program has the vault open now: a log left beside vault.db
        // belongs to the database being replaced and must never be applied
        // to the restored one.
        for stale in ["-wal", "-shm"] {
            match std::fs::remove_file(dir.join(format!("{}{stale}", vault::DB_FILE))) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("remove the old database's log")(e)),
            }
        }
        Keyslots::update(&keyslots_path, &keyslots_mac, |ks| {
            ks.set_restoring_head(Some(&head));
            Ok(())
        })?;
        std::fs::rename(&partial, dir.join(vault::DB_FILE))
            .map_err(Error::io("swap in the restored database"))?;
        debris.keep();
        // The reminder queue listed the replaced vault's tasks: the next
        // unlock writes the restored one's. A convenience file: failing to
        // remove it fails nothing.
        let _ = std::fs::remove_file(dir.join(crate::reminders::queue::QUEUE_FILE));
        crate::fsutil::sync_dir(&dir).map_err(Error::io("write the vault folder"))?;
        Keyslots::update(&keyslots_path, &keyslots_mac, |ks| {
            ks.set_audit_head(Some(&head));
            ks.set_restoring_head(None);
            for user in ks.users() {
                if !user_ids.contains(&user.user_id) {
                    ks.remove_password_slot(user.user_id);
                }
            }
            Ok(())
        })?;
        drop(hold);
        Ok(RestoreReport {
            restored: BackupPreview {
                size: std::fs::metadata(&path).map_or(0, |m| m.len()),
                path,
                header: parsed.header,
            },
            pre_restore_backup: Some(pre.backup.file_name),
        })
    }
}
