//! Creating a vault: the other way to a [`Session`] besides [`super::unlock`].
//! The folder is made private, the database created `0600` and keyed with
//! a new data key, the owner and `vault.create` recorded, and the keyslots
//! file (with the owner's password slot, the recovery slot and the audit
//! head) written last, so a folder without it is not a vault.

use std::fs;
use std::path::Path;

use rusqlite::params;

use crate::audit::{self, Event, Target};
use crate::auth::session::{Guard, SessionKeys};
use crate::auth::{Role, Session, User, password};
use crate::db::{self, OpenMode};
use crate::secret::{DataKey, Password, RecoveryKey};
use crate::vault::keyslots::Keyslots;
use crate::vault::{
    CreateOptions, DB_FILE, KEYSLOTS_MAC, SlotUser, create_private_dir, db_path, hold,
    keyslots_path, lasting_keys, subkey, validate_user_name,
};
use crate::{Error, Result, fsutil};

/// A newly created vault: the owner's session and the recovery key, which
/// exists nowhere else and must be shown to the owner once.
#[derive(Debug)]
pub struct NewVault {
    /// The owner, signed in.
    pub session: Session,
    /// The recovery key; show it once, then drop it.
    pub recovery_key: RecoveryKey,
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
    crate::vault_language::apply(&tx, options.language)?;
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
    let lasting = lasting_keys(&keyslots, &dek)?;
    let audit_mac = lasting.audit;
    let head = audit::append(
        &conn,
        &audit_mac,
        Some(user_id),
        &Event::allowed("vault.create", Some(Target::user(user_id)))
            .with("language", options.language.as_str()),
    )?;
    keyslots.set_audit_head(Some(&head));
    keyslots.save(&keyslots_path(dir), &keyslots_mac)?;

    let session = Session {
        conn,
        keys: SessionKeys {
            data: dek,
            keyslots_mac,
            audit_mac,
            identifier_hash: lasting.identifier,
            agreement: None,
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
        guard: Guard::default(),
        pages_checked: crate::auth::session::PagesChecked::default(),
        hold,
        memo: crate::auth::session::Memo::default(),
    };
    Ok(NewVault {
        session,
        recovery_key,
    })
}
