//! Restoring: authenticate against the backup's own keyslots (a password or
//! the recovery key of that time), see a preview, then restore into a new
//! folder (any machine) or over the current vault (after backing it up).

use std::path::{Path, PathBuf};

use subtle::ConstantTimeEq;

use super::file::{self, Header, Parsed};
use super::{BackupKind, mac_key, verify_parsed};
use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::db::{self, OpenMode};
use crate::secret::DataKey;
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
/// and checks the backup's keyslots and header MACs with it.
fn open_backup(path: &Path, credentials: &Credentials<'_>) -> Result<(Parsed, DataKey)> {
    let parsed = file::read_header(path)?;
    let keyslots = Keyslots::parse(parsed.header.keyslots.as_bytes())
        .map_err(|_| Error::BackupIntegrity("its keyslots are unreadable".into()))?;
    if keyslots.vault_id() != parsed.header.vault_id {
        return Err(Error::BackupIntegrity(
            "its keyslots belong to another vault".into(),
        ));
    }
    let dek = match credentials {
        Credentials::Password { user, password } => {
            keyslots.unwrap_with_password(user, password)?.0
        }
        Credentials::RecoveryKey { key, .. } => keyslots.unwrap_with_recovery(key)?,
        Credentials::Device { .. } => {
            return Err(Error::invalid(
                "a backup opens with a password or the recovery key of its time",
            ));
        }
    };
    keyslots
        .verify(&crate::vault::subkey(&dek, "keyslots-mac"))
        .map_err(|_| Error::BackupIntegrity("its keyslots do not authenticate".into()))?;
    file::check_mac(&parsed, &mac_key(&dek))?;
    Ok((parsed, dek))
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
    let (parsed, _dek) = open_backup(path, credentials)?;
    Ok(BackupPreview {
        path: path.to_path_buf(),
        size: std::fs::metadata(path).map_or(0, |m| m.len()),
        header: parsed.header,
    })
}

/// Restores a backup into `dir`, a new (or empty) folder, and unlocks it
/// with the same credentials; the restore is the new vault's latest audit
/// entry. The backup is checked completely first; the keyslots file is
/// written last, so an interrupted restore leaves no folder that passes for
/// a vault.
///
/// # Errors
/// As [`preview`]; [`Error::InvalidInput`] when `dir` holds files.
pub fn restore_into(path: &Path, dir: &Path, credentials: Credentials<'_>) -> Result<Session> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(Error::io("read the restore folder"))?
            .next()
            .is_some()
    {
        return Err(Error::invalid(format!(
            "{} is not empty; restore into a new folder (or use replace)",
            dir.display()
        )));
    }
    let (parsed, dek) = open_backup(path, &credentials)?;
    verify_parsed(path, &parsed, &dek)?;
    vault::create_private_dir(dir)?;
    let db_path = dir.join(vault::DB_FILE);
    let partial = dir.join(format!("{}.restoring", vault::DB_FILE));
    let _ = std::fs::remove_file(&partial);
    file::extract_db(path, &parsed, &partial)?;
    std::fs::rename(&partial, &db_path).map_err(Error::io("name the restored database"))?;
    crate::fsutil::write_atomically(
        &dir.join(vault::KEYSLOTS_FILE),
        parsed.header.keyslots.as_bytes(),
    )?;
    let session = vault::unlock(dir, credentials)?;
    let head = session.record(
        &Event::allowed("backup.restore", None)
            .with("into", "new folder")
            .with("backup_created_at", parsed.header.created_at.clone())
            .with("backup_kind", parsed.header.kind.clone()),
    )?;
    crate::monitor::alerts::raise(
        &session.conn,
        crate::monitor::Rule::Restore,
        Some(session.user.id),
        &format!(
            "a backup of {} was restored into a new folder",
            parsed.header.created_at
        ),
        &[head.seq],
    )?;
    Ok(session)
}

impl Session {
    /// Restores a backup of this vault over it: checks the backup
    /// completely, backs the current vault up first (`pre-restore`), then
    /// swaps the database in. The session ends (the vault is locked); unlock
    /// again to use the restored vault. Users keep their current passwords;
    /// users the backup does not know lose their slot.
    ///
    /// Nobody else may have the vault open meanwhile: the session's hold on
    /// the folder becomes exclusive first (see [`crate::vault::hold`]), and
    /// any write-ahead log beside `vault.db` is removed before the swap, so
    /// no other program's log is ever applied to the restored file.
    ///
    /// A crash at any point leaves the old vault or the restored one, both
    /// openable: the keyslots file names the restored database's audit head
    /// as "restoring" before the swap, and the next unlock accepts either.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `backup.restore`;
    /// [`Error::VaultInUse`] while another program has the vault open;
    /// [`Error::InvalidInput`] for a backup of another vault (restore it into
    /// a new folder instead); as [`preview`].
    pub fn restore_replace(
        mut self,
        path: &Path,
        credentials: Credentials<'_>,
    ) -> Result<RestoreReport> {
        self.authorize(Permission::BackupRestore, "backup.restore", None)?;
        self.hold.make_exclusive()?;
        let (parsed, dek) = open_backup(path, &credentials)?;
        let same_key: bool = dek
            .expose_bytes()
            .ct_eq(self.keys.data.expose_bytes())
            .into();
        if parsed.header.vault_id != self.keyslots.vault_id() || !same_key {
            return Err(Error::invalid(
                "this backup belongs to another vault; restore it into a new folder",
            ));
        }
        verify_parsed(path, &parsed, &dek)?;
        let pre = self.create_backup(BackupKind::PreRestore, None, &mut |_, _| {})?;
        // Everyone erased in the current vault stays erased in the restored one.
        let current_ledger = super::ledger(&self.conn)?;

        // The restored database, complete, beside the current one.
        let dir = self.dir.clone();
        let partial = dir.join(format!("{}.restoring", vault::DB_FILE));
        for leftover in ["", "-wal", "-shm"] {
            let _ =
                std::fs::remove_file(dir.join(format!("{}.restoring{leftover}", vault::DB_FILE)));
        }
        file::extract_db(path, &parsed, &partial)?;
        let (head, user_ids) = {
            let mut conn = db::open_connection(&partial, &dek, OpenMode::Existing)?;
            let reapplied = {
                let tx = conn.transaction()?;
                let n = crate::rights::reapply_ledger(
                    &tx,
                    &crate::rights::ledger_key(&dek),
                    &current_ledger,
                    &crate::consent::today(),
                )?;
                tx.commit()?;
                n
            };
            let user_ids: Vec<i64> = conn
                .prepare("SELECT id FROM users")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let actor = user_ids.contains(&self.user.id).then_some(self.user.id);
            let head = audit::append(
                &conn,
                &self.keys.audit_mac,
                actor,
                &Event::allowed("backup.restore", None)
                    .with("into", "this vault")
                    .with("backup_created_at", parsed.header.created_at.clone())
                    .with("backup_kind", parsed.header.kind.clone())
                    .with("pre_restore_backup", pre.backup.file_name.clone())
                    .with("erasures_reapplied", reapplied),
            )?;
            crate::monitor::alerts::raise(
                &conn,
                crate::monitor::Rule::Restore,
                actor,
                &format!(
                    "a backup of {} was restored over the vault",
                    parsed.header.created_at
                ),
                &[head.seq],
            )?;
            conn.close().map_err(|(_, e)| Error::from(e))?;
            (head, user_ids)
        };

        let keyslots_path = dir.join(vault::KEYSLOTS_FILE);
        let keyslots_mac = crate::vault::subkey(&self.keys.data, "keyslots-mac");
        // This session's connection closes (its log checkpointed into the
        // current database, which the pre-restore backup holds anyway); the
        // folder stays held exclusively until the swap is done.
        let (closed, hold) = self.close();
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
                path: path.to_path_buf(),
                size: std::fs::metadata(path).map_or(0, |m| m.len()),
                header: parsed.header,
            },
            pre_restore_backup: Some(pre.backup.file_name),
        })
    }
}
