//! Encrypted backups: one file per snapshot (see [`file`]), taken with
//! SQLite's online backup API so the database is copied page by page under
//! the same data key — never as plaintext — then written under a temporary
//! name, fsynced, renamed, and verified. Rotation ([`rotation`]) forgets old
//! ones like restic; a drill restores the newest into a scratch folder.
//! Restoring is in [`restore`].

pub mod file;
mod restore;
pub mod rotation;
mod settings;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

pub(crate) use restore::restore_folder;
pub use restore::{BackupPreview, RestorePlan, RestoreReport, backup_users, preview};
pub(crate) use settings::configured_dir;
pub use settings::{BackupSettings, MAX_INTERVAL_MINUTES};

use self::file::{Creator, DbDigest, Head, Header, Parsed};
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::db::{self, OpenMode};
use crate::secret::DataKey;
use crate::secret::DerivedKey;
use crate::vault::keyslots::Keyslots;
use crate::{Error, Result};

/// The file name extension of backups.
pub const EXTENSION: &str = "stwbak";
/// Prefix of the files a backup in progress writes; never a backup.
const PARTIAL_PREFIX: &str = ".partial-";
/// The lock file in a backup folder: whoever writes into the folder (a
/// backup, rotation) holds an exclusive lock on it meanwhile.
const FOLDER_LOCK: &str = ".steward-backup.lock";
/// A scratch folder of a check this old was left by a check that was
/// killed; a younger one may be another program's check in progress.
const STALE_CHECK: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// The tables a manifest counts, in order. Every table that holds records.
const COUNTED: &[&str] = &[
    "users",
    "contacts",
    "contact_emails",
    "contact_phones",
    "contact_sensitive",
    "contact_tags",
    "contact_custom_values",
    "tags",
    "custom_fields",
    "companies",
    "deals",
    "pipeline_stages",
    "activities",
    "tasks",
    "views",
    "imports",
    "import_merges",
    "purposes",
    "consents",
    "consent_forms",
    "dsr_requests",
    "erasure_ledger",
    "suppressions",
    "export_log",
    "settings",
    "audit_log",
    "team_audit_log",
    "reminder_states",
    "contact_merges",
    "attachments",
    "attachment_chunks",
    "rules_versions",
    "rules_acknowledgements",
    "access_reviews",
    "access_review_users",
    "breaches",
];

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BackupKind {
    /// Someone chose "Back up now" (or `steward backup create`).
    Manual,
    /// The schedule, while unlocked, after changes.
    Scheduled,
    /// On lock.
    Lock,
    /// On quitting the app.
    Quit,
    /// Of the current vault, just before a restore replaced it.
    PreRestore,
    /// Just before a schema migration.
    PreMigration,
}

impl BackupKind {
    /// The stable name stored in the header.
    pub fn as_str(self) -> &'static str {
        match self {
            BackupKind::Manual => "manual",
            BackupKind::Scheduled => "scheduled",
            BackupKind::Lock => "lock",
            BackupKind::Quit => "quit",
            BackupKind::PreRestore => "pre-restore",
            BackupKind::PreMigration => "pre-migration",
        }
    }

    /// Whether Steward makes it on its own (for whoever is signed in),
    /// rather than at a user's request.
    fn automatic(self) -> bool {
        !matches!(self, BackupKind::Manual)
    }
}

/// One backup file, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    /// Where it is.
    pub path: PathBuf,
    /// Its file name.
    pub file_name: String,
    /// The header (as read; its MAC is checked when it is verified).
    pub header: Header,
    /// File size in bytes.
    pub size: u64,
    /// When this vault last verified it, if it did.
    pub verified_at: Option<String>,
}

/// What a backup run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    /// The new backup.
    pub backup: BackupInfo,
    /// Milliseconds spent writing and verifying it.
    pub millis: u64,
    /// Backups rotation removed afterwards.
    pub pruned: Vec<String>,
}

/// The key that MACs backup headers, from the data key.
pub(crate) fn mac_key(dek: &DataKey) -> DerivedKey {
    crate::vault::subkey(dek, "backup-mac")
}

/// Counts the rows of every counted table that exists.
pub(crate) fn manifest(conn: &Connection) -> Result<std::collections::BTreeMap<String, i64>> {
    let mut out = std::collections::BTreeMap::new();
    for table in COUNTED {
        let exists = crate::db::has_table(conn, table)?;
        if exists {
            let n: i64 =
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            out.insert((*table).to_owned(), n);
        }
    }
    Ok(out)
}

/// A new backup's file name: the vault id's first 8 characters and the
/// time, so names sort by time and two vaults can share a folder.
fn file_name(vault_id: &str, at: chrono::DateTime<chrono::Utc>) -> String {
    let short: String = vault_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    format!(
        "steward-{short}-{}.{EXTENSION}",
        at.format("%Y%m%dT%H%M%SZ")
    )
}

/// Everything needed to snapshot an open database into a backup file.
pub(crate) struct SnapshotSource<'a> {
    pub(crate) conn: &'a Connection,
    pub(crate) dek: &'a DataKey,
    pub(crate) vault_dir: &'a Path,
    pub(crate) vault_id: &'a str,
    pub(crate) creator: Creator,
}
/// Records a backup that was written and verified: its `backup_log` row and
/// its `backup.create` entry, in the caller's transaction. Returns the
/// entry's head.
pub(crate) fn record_backup(
    tx: &rusqlite::Transaction<'_>,
    audit_mac: &DerivedKey,
    user_id: i64,
    kind: BackupKind,
    dir_text: &str,
    backup: &BackupInfo,
) -> Result<audit::AuditHead> {
    tx.execute(
        "INSERT INTO backup_log (at, kind, dir, file_name, size, sha256, audit_seq, verified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?1)",
        params![
            crate::clock::now_rfc3339(),
            kind.as_str(),
            dir_text,
            backup.file_name,
            i64::try_from(backup.size).unwrap_or(i64::MAX),
            backup.header.db.sha256,
            backup.header.audit_head.as_ref().map_or(0, |h| h.seq)
        ],
    )?;
    let log_id = tx.last_insert_rowid();
    let head = audit::append(
        tx,
        audit_mac,
        Some(user_id),
        &Event::allowed(
            "backup.create",
            Some(Target {
                kind: "backup",
                id: log_id.to_string(),
            }),
        )
        .with("kind", kind.as_str())
        .with("bytes", backup.size),
    )?;
    tx.execute(
        "UPDATE backup_log SET head_after = ?2 WHERE id = ?1",
        params![log_id, head.seq],
    )?;
    Ok(head)
}

/// An exclusive lock on a backup folder (see [`FOLDER_LOCK`]), held while
/// alive. Only writers take it: a folder on read-only media can still be
/// listed and its backups verified and restored.
pub(crate) struct FolderLock {
    _file: std::fs::File,
    /// False where the file system refuses locks (some network shares):
    /// the backup is still made, but nothing left in progress is removed.
    held: bool,
}

/// Creates `dir` if it is missing and locks it (where its file system allows
/// locks), waiting for any other program that is writing into it.
pub(crate) fn lock_folder(dir: &Path) -> Result<FolderLock> {
    std::fs::create_dir_all(dir).map_err(Error::io(format!(
        "create the backup folder {}",
        dir.display()
    )))?;
    let file = crate::fsutil::open_lock_file(&dir.join(FOLDER_LOCK)).map_err(Error::io(
        format!("lock the backup folder {}", dir.display()),
    ))?;
    let held = file.lock().is_ok();
    Ok(FolderLock { _file: file, held })
}

/// The copy identity of the vault folder `vault_dir` (its keyslots file's
/// `copy_id`, checked against the keyslots MAC). A folder made before copy
/// identities existed gets one now, once.
pub(crate) fn copy_id(vault_dir: &Path, dek: &DataKey) -> Result<String> {
    let path = vault_dir.join(crate::vault::KEYSLOTS_FILE);
    let mac = crate::vault::subkey(dek, "keyslots-mac");
    let current = Keyslots::load(&path)?;
    current.verify(&mac)?;
    if let Some(id) = current.copy_id() {
        return Ok(id.to_owned());
    }
    let (_, id) = Keyslots::update(&path, &mac, |ks| {
        Ok(match ks.copy_id() {
            Some(id) => id.to_owned(),
            None => ks.new_copy_id().to_owned(),
        })
    })?;
    Ok(id)
}

/// Takes a snapshot of `src` into a new backup file in `dir` and verifies
/// it. Nothing that passes as a backup exists until the final rename.
pub(crate) fn snapshot(
    src: &SnapshotSource<'_>,
    dir: &Path,
    kind: BackupKind,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<BackupInfo> {
    let lock = lock_folder(dir)?;
    snapshot_locked(src, dir, &lock, kind, progress)
}

/// [`snapshot`] into a folder the caller holds locked.
fn snapshot_locked(
    src: &SnapshotSource<'_>,
    dir: &Path,
    lock: &FolderLock,
    kind: BackupKind,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<BackupInfo> {
    let short: String = src
        .vault_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    // Under the folder lock no other backup is being written here: what
    // this vault's backups left is debris of a backup that was killed.
    if lock.held {
        remove_partials(dir, &short);
    }
    let copy_id = copy_id(src.vault_dir, src.dek)?;
    let now = crate::clock::now();
    let nonce = data_encoding::HEXLOWER.encode(&crate::crypto::random_array::<6>());
    let stem = format!("{PARTIAL_PREFIX}{short}-{nonce}");
    let snapshot_path = dir.join(format!("{stem}.db"));
    let partial_path = dir.join(format!("{stem}.{EXTENSION}"));
    // The keyslots file first: the head it records is then at most the
    // snapshot's.
    let keyslots = std::fs::read_to_string(src.vault_dir.join(crate::vault::KEYSLOTS_FILE))
        .map_err(Error::io("read the keyslots file"))?;
    // Moves everything into the database file first, so that the read
    // transaction below can usually copy that file as it is (see
    // `wal_is_empty`); while another program holds the vault, the backup
    // API's page copy does the work instead.
    let _ = src
        .conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            r.get::<_, i64>(0)
        });
    // One read transaction around counting and copying: the manifest, the
    // head and the snapshot describe the same state even if another program
    // writes meanwhile (its writes land after this snapshot).
    src.conn.execute_batch("BEGIN DEFERRED")?;
    let result = (|| {
        let mut header = Header {
            format: file::FORMAT.into(),
            version: file::VERSION,
            vault_id: src.vault_id.to_owned(),
            copy_id: Some(copy_id.clone()),
            created_at: crate::clock::rfc3339(now),
            created_by: src.creator.clone(),
            kind: kind.as_str().into(),
            app_version: env!("CARGO_PKG_VERSION").into(),
            schema_version: src
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?,
            keyslots,
            manifest: manifest(src.conn)?,
            audit_head: audit::head(src.conn)?.map(|h| Head {
                seq: h.seq,
                hash: h.hash,
            }),
            erasure_ledger: ledger(src.conn)?,
            db: DbDigest {
                size: 0,
                sha256: String::new(),
            },
        };
        let key = mac_key(src.dek);
        let copied_as_is = wal_is_empty(src.vault_dir);
        let written = if copied_as_is {
            // This transaction reads the database file alone, and no
            // checkpoint may write into it until the transaction ends: its
            // bytes are this snapshot, pages already encrypted and
            // authenticated, so they are copied as they are.
            let live_db = src.vault_dir.join(crate::vault::DB_FILE);
            header.db.size = std::fs::metadata(&live_db)
                .map_err(Error::io("read the vault database"))?
                .len();
            let written = file::write_copying(&partial_path, &mut header, &key, &live_db)?;
            progress(header.db.size, header.db.size);
            written
        } else {
            page_copy(src.conn, src.dek, &snapshot_path, progress)?;
            header.db.size = std::fs::metadata(&snapshot_path)
                .map_err(Error::io("read the snapshot"))?
                .len();
            header.db.sha256 = file::sha256_of(
                &mut std::fs::File::open(&snapshot_path).map_err(Error::io("read the snapshot"))?,
            )?;
            file::write(&partial_path, &header, &key, &snapshot_path)?
        };
        // Verify what was written before it may count as a backup, while it
        // is fsynced: the header authenticates and the database part hashes
        // right (read back once); a page
        // copy also opens with every page authentic and the counts of the
        // manifest (a file copied as it is holds the vault's own pages, and
        // the drill checks those; ADR 0012).
        let parsed = file::sync_and_check(written, &partial_path, &key)?;
        if !copied_as_is {
            check_snapshot(
                &snapshot_path,
                src.dek,
                &parsed.header,
                Structure::WholeFile,
            )?;
        }
        let name = publish(&partial_path, dir, &file_name(src.vault_id, now))?;
        crate::fsutil::sync_dir(dir).map_err(Error::io("write the backup folder"))?;
        Ok(BackupInfo {
            path: dir.join(&name),
            file_name: name.clone(),
            size: std::fs::metadata(dir.join(&name))
                .map_err(Error::io("read the backup file"))?
                .len(),
            header: parsed.header,
            verified_at: Some(crate::clock::rfc3339(now)),
        })
    })();
    let _ = src.conn.execute_batch("COMMIT");
    let _ = std::fs::remove_file(&snapshot_path);
    let _ = std::fs::remove_file(dir.join(format!("{stem}.db-wal")));
    let _ = std::fs::remove_file(dir.join(format!("{stem}.db-shm")));
    if result.is_err() {
        let _ = std::fs::remove_file(&partial_path);
    }
    result
}

/// Gives the finished backup at `partial` its name in `dir`: `name`, or,
/// when that is taken, the first free of `name` with `-2`, `-3`, … before
/// the extension. Never replaces a file: a hard link fails on an existing
/// name (where the file system has no hard links, the caller's folder lock
/// keeps other backups from taking the name between the check and the
/// rename). Returns the name.
fn publish(partial: &Path, dir: &Path, name: &str) -> Result<String> {
    let stem = name.strip_suffix(&format!(".{EXTENSION}")).unwrap_or(name);
    for n in 1..10_000u32 {
        let candidate = if n == 1 {
            name.to_owned()
        } else {
            format!("{stem}-{n}.{EXTENSION}")
        };
        let target = dir.join(&candidate);
        if target.symlink_metadata().is_ok() {
            continue;
        }
        match std::fs::hard_link(partial, &target) {
            Ok(()) => {
                // The backup has its name; the partial name is only a second
                // link to it (the next backup removes it if this fails).
                let _ = std::fs::remove_file(partial);
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(_) => {
                if target.symlink_metadata().is_ok() {
                    continue;
                }
                std::fs::rename(partial, &target).map_err(Error::io("name the backup file"))?;
                return Ok(candidate);
            }
        }
    }
    Err(Error::from(
        crate::Invalid::new(
            "backup-names-exhausted",
            format!(
                "the backup folder {} holds too many backups named {name}",
                dir.display()
            ),
        )
        .with("folder", dir.display())
        .with("name", name),
    ))
}

/// Copies the database of `conn` into a new scratch database at `to`, under
/// the same key, with SQLite's online backup API, 4096 pages per step.
pub(crate) fn page_copy(
    conn: &Connection,
    dek: &DataKey,
    to: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let mut target = db::open_connection(to, dek, OpenMode::SnapshotTarget)?;
    // The snapshot file is scratch until it is copied into the backup file
    // (which is fsynced): no journal, no syncs.
    target.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    let backup = rusqlite::backup::Backup::new(conn, &mut target)?;
    let mut waits = 0u32;
    loop {
        let step = backup.step(4096)?;
        let p = backup.progress();
        let total = u64::try_from(p.pagecount).unwrap_or(0);
        progress(
            total.saturating_sub(u64::try_from(p.remaining).unwrap_or(0)),
            total,
        );
        match step {
            rusqlite::backup::StepResult::Done => return Ok(()),
            rusqlite::backup::StepResult::More => {}
            _ => {
                // Another program holds the vault's write lock.
                waits += 1;
                if waits > 500 {
                    return Err(Error::Database(
                        "the vault stayed busy in another program; the backup was not made".into(),
                    ));
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    }
}

/// Whether the write-ahead log of the vault in `vault_dir` holds no frames.
/// Checked inside a read transaction, it means the transaction began on an
/// empty log, so SQLite reads the database file alone for it and no
/// checkpoint may write into that file until it ends (a checkpoint needs the
/// lock such readers hold): the file's bytes are the transaction's snapshot.
/// The log cannot be emptied under a reader that uses it, so a non-empty log
/// at the start cannot read as empty here.
fn wal_is_empty(vault_dir: &Path) -> bool {
    match std::fs::metadata(vault_dir.join(format!("{}-wal", crate::vault::DB_FILE))) {
        Ok(meta) => meta.len() == 0,
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

/// Removes what an interrupted backup of this vault left (never a finished
/// backup, never another vault's backup in progress). Called under the
/// folder lock, so no backup is being written meanwhile; a check's scratch
/// folder is removed only once it is a day old, since checks (verify, the
/// drill, a restore) read without the lock.
fn remove_partials(dir: &Path, short_vault_id: &str) {
    let prefix = format!("{PARTIAL_PREFIX}{short_vault_id}-");
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&prefix) {
                let _ = std::fs::remove_file(entry.path());
            }
            let stale = || {
                entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age >= STALE_CHECK)
            };
            if name.starts_with(".steward-check-") && stale() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// The erasure ledger's keyed hashes, for a backup's header.
pub(crate) fn ledger(conn: &Connection) -> Result<Vec<String>> {
    let exists = crate::db::has_table(conn, "erasure_ledger")?;
    if !exists {
        return Ok(Vec::new());
    }
    Ok(conn
        .prepare("SELECT kind || ':' || key_hash FROM erasure_ledger ORDER BY key_hash")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Opens a snapshot's database and checks it: every page authenticates,
/// SQLite's `quick_check` passes (of the whole file or of each table,
/// `structure`), and the row counts equal the manifest.
///
/// [`Structure::WholeFile`] (a verify, a drill): the page check
/// (`cipher_integrity_check`, every page of the file) runs on a second
/// thread beside the quick check and the counts.
///
/// [`Structure::EachTable`] (a restore): two threads take the tables one
/// at a time, largest first, each checking a table with its indexes and
/// counting it; no separate page check. Every page a table or an index
/// uses is read by its check, and SQLCipher authenticates each page it
/// reads, so an altered page is found all the same; only the free list's
/// leaf pages, which hold nothing that is ever read, go unread. The bytes
/// are those the backup's authenticated header names (their SHA-256 was
/// checked as they were extracted). At 1 000 000 contacts this halves the
/// checks' time on two cores.
pub(crate) fn check_snapshot(
    path: &Path,
    dek: &DataKey,
    header: &Header,
    structure: Structure,
) -> Result<()> {
    let not_authentic = || Error::BackupIntegrity("its database does not authenticate".into());
    let counts = match structure {
        Structure::WholeFile => {
            let (pages, counts) = std::thread::scope(|scope| {
                let pages = scope.spawn(|| {
                    db::open_connection(path, dek, OpenMode::Snapshot)
                        .map(drop)
                        .map_err(|e| match e {
                            Error::Integrity(_) => not_authentic(),
                            other => other,
                        })
                });
                let counts = (|| {
                    let conn = db::open_connection(path, dek, OpenMode::SnapshotRead)?;
                    // Room for the whole snapshot, so the counts read cached pages.
                    conn.execute_batch("PRAGMA cache_size = -262144;")?;
                    let quick = conn
                        .query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0))
                        .map_err(|_| not_authentic())?;
                    if quick != "ok" {
                        return Err(failed_quick_check());
                    }
                    manifest(&conn).map_err(|_| not_authentic())
                })();
                let pages = pages.join().unwrap_or_else(|_| Err(stopped()));
                (pages, counts)
            });
            pages?;
            counts?
        }
        Structure::EachTable => {
            let tables = {
                let conn = db::open_connection(path, dek, OpenMode::SnapshotRead)?;
                tables_largest_first(&conn).map_err(|_| not_authentic())?
            };
            let queue = std::sync::Mutex::new(tables.into_iter());
            let next = || queue.lock().ok().and_then(|mut q| q.next());
            let worker = || -> Result<std::collections::BTreeMap<String, i64>> {
                let conn = db::open_connection(path, dek, OpenMode::SnapshotRead)?;
                let mut counts = std::collections::BTreeMap::new();
                while let Some(table) = next() {
                    let quoted = table.replace('"', "\"\"");
                    let quick: String = conn
                        .query_row(&format!("PRAGMA quick_check(\"{quoted}\")"), [], |r| {
                            r.get(0)
                        })
                        .map_err(|_| not_authentic())?;
                    if quick != "ok" {
                        return Err(failed_quick_check());
                    }
                    if COUNTED.contains(&table.as_str()) {
                        let n: i64 = conn
                            .query_row(&format!("SELECT count(*) FROM \"{quoted}\""), [], |r| {
                                r.get(0)
                            })
                            .map_err(|_| not_authentic())?;
                        counts.insert(table, n);
                    }
                }
                Ok(counts)
            };
            let (a, b) = std::thread::scope(|scope| {
                let other = scope.spawn(worker);
                let mine = worker();
                (mine, other.join().unwrap_or_else(|_| Err(stopped())))
            });
            let mut counts = a?;
            counts.extend(b?);
            counts
        }
    };
    // The tables the header lists, each with its count: a later release
    // counting more tables still checks this one's backups.
    if header
        .manifest
        .iter()
        .any(|(table, n)| counts.get(table) != Some(n))
    {
        return Err(Error::BackupIntegrity(
            "its row counts differ from its manifest".into(),
        ));
    }
    Ok(())
}

fn failed_quick_check() -> Error {
    Error::BackupIntegrity("its database fails SQLite's quick check".into())
}

fn stopped() -> Error {
    Error::Database("the check stopped unexpectedly".into())
}

/// The ordinary tables (the search index's storage tables included, not
/// the virtual table itself), those a vault fills most first: the
/// contacts, the search index's segments, e-mails and phones, the audit
/// log and the activities, then the others by name. So two threads taking
/// them in turn finish at about the same time.
fn tables_largest_first(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    const LARGEST: &[&str] = &[
        "contacts",
        "search_index_data",
        "contact_emails",
        "contact_phones",
        "audit_log",
        "activities",
        "attachment_chunks",
    ];
    let mut tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema
             WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    tables.sort_by_key(|t| LARGEST.iter().position(|l| l == t).unwrap_or(LARGEST.len()));
    Ok(tables)
}

/// Reads the headers of the backups of vault `vault_id` in `dir`, newest
/// first (of two made in the same second, the one written last first).
/// Files of other vaults and unreadable files are skipped; so are the
/// backups another copy of the vault made: only those of `copy_id` (this
/// copy's, `None` when it has none yet) are read, and those with no copy id
/// (made before copies had one), which may be this copy's.
pub(crate) fn scan(
    dir: &Path,
    vault_id: &str,
    copy_id: Option<&str>,
) -> Result<Vec<(PathBuf, Parsed, u64)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::Io {
                action: format!("read the backup folder {}", dir.display()),
                source: e,
            });
        }
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !name.ends_with(&format!(".{EXTENSION}")) {
            continue;
        }
        let path = entry.path();
        if let Ok(parsed) = file::read_header(&path)
            && parsed.header.vault_id == vault_id
            && (parsed.header.copy_id.is_none() || parsed.header.copy_id.as_deref() == copy_id)
        {
            let meta = entry.metadata().ok();
            let size = meta.as_ref().map_or(0, std::fs::Metadata::len);
            let written = meta.and_then(|m| m.modified().ok());
            out.push((written, path, parsed, size));
        }
    }
    out.sort_by(|a, b| {
        b.2.header
            .created_at
            .cmp(&a.2.header.created_at)
            .then_with(|| b.0.cmp(&a.0))
            .then_with(|| b.1.cmp(&a.1))
    });
    Ok(out
        .into_iter()
        .map(|(_, path, parsed, size)| (path, parsed, size))
        .collect())
}

/// Whether two paths are on the same file system (device), where the
/// platform can tell.
pub fn same_disk(a: &Path, b: &Path) -> Option<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let existing = |p: &Path| {
            p.ancestors()
                .find_map(|q| std::fs::metadata(q).ok())
                .map(|m| m.dev())
        };
        Some(existing(a)? == existing(b)?)
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        None
    }
}

/// The outcome of checking one backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOutcome {
    /// The backup.
    pub backup: BackupInfo,
    /// Rows per table, as in the manifest and found in the snapshot.
    pub counts: std::collections::BTreeMap<String, i64>,
}

/// What a restore drill found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillReport {
    /// The backup restored.
    pub file_name: String,
    /// Whether every check passed.
    pub ok: bool,
    /// What was checked, or the first problem.
    pub detail: String,
    /// When.
    pub at: String,
}

/// The state of backups, for the dashboard and the Backups screen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BackupStatus {
    /// The folder backups go to.
    pub dir: PathBuf,
    /// Whether that folder is on the vault's own disk (a dead disk takes both).
    pub same_disk: Option<bool>,
    /// The last backup written and verified.
    pub last_backup_at: Option<String>,
    /// The last attempt's error, when the last attempt failed.
    pub last_error: Option<String>,
    /// The last restore drill.
    pub last_drill: Option<DrillReport>,
    /// The last drill that passed ("last verified restore").
    pub last_verified_restore_at: Option<String>,
    /// Whether anything changed since the last backup.
    pub changed_since_last: bool,
    /// Whether the last backup is older than twice the interval (or there
    /// is none) while there are changes.
    pub stale: bool,
}

impl Session {
    /// The folder backups go to: `dir_override`, else the configured one,
    /// else `backups` beside `vault.db`.
    pub fn backup_dir(&self, dir_override: Option<&Path>) -> Result<PathBuf> {
        match dir_override {
            Some(dir) => Ok(dir.to_path_buf()),
            None => configured_dir(&self.conn, &self.dir),
        }
    }

    fn creator(&self) -> Creator {
        Creator {
            user_id: self.user.id,
            user_name: self.user.name.clone(),
        }
    }

    /// Backs the vault up now into `dir_override` or the configured folder,
    /// verifies the new file, records it (and its audit entry), then applies
    /// the rotation policy to that folder. `Manual` needs `backup.manage`;
    /// the automatic kinds run for whoever is signed in.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`]; I/O errors (a full disk, a missing
    /// drive): no file that passes as a backup is left then, and the failure
    /// is recorded for the status.
    pub fn create_backup(
        &mut self,
        kind: BackupKind,
        dir_override: Option<&Path>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupReport> {
        if !kind.automatic() {
            self.authorize(Permission::BackupManage, "backup.create", None)?;
        }
        let dir = self.backup_dir(dir_override)?;
        let started = std::time::Instant::now();
        let source = SnapshotSource {
            conn: &self.conn,
            dek: &self.keys.data,
            vault_dir: &self.dir,
            vault_id: self.keyslots.vault_id(),
            creator: self.creator(),
        };
        // The folder lock is held until rotation is done: another
        // program's backup into the same folder waits, so neither removes
        // the other's file in progress nor takes its name, and rotation sees
        // every finished backup.
        // A backup may copy the database file as it is (ADR 0012): every
        // page is checked first when the unlock left that for later and
        // its check has not finished (ADR 0019).
        let checked = if self.pages_checked.get() {
            Ok(())
        } else {
            crate::db::check_every_page(&self.conn).map(|()| self.pages_checked.set())
        };
        let result = checked.and_then(|()| lock_folder(&dir)).and_then(|lock| {
            snapshot_locked(&source, &dir, &lock, kind, progress).map(|backup| (backup, lock))
        });
        let now = crate::clock::now_rfc3339();
        let dir_text = dir.display().to_string();
        let (backup, lock) = match result {
            Ok(done) => done,
            Err(err) => {
                let message = err.to_string();
                let tx = self
                    .conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                tx.execute(
                    "INSERT INTO backup_log (at, kind, dir, error) VALUES (?1, ?2, ?3, ?4)",
                    params![now, kind.as_str(), dir_text, message],
                )?;
                audit::append(
                    &tx,
                    &self.keys.audit_mac,
                    Some(self.user.id),
                    &Event {
                        outcome: audit::Outcome::Denied,
                        ..Event::allowed("backup.create", None)
                    }
                    .with("kind", kind.as_str())
                    .with("reason", "failed"),
                )?;
                tx.commit()?;
                return Err(err);
            }
        };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        record_backup(
            &tx,
            &self.keys.audit_mac,
            self.user.id,
            kind,
            &dir_text,
            &backup,
        )?;
        tx.commit()?;
        // Not before a restore: rotation could remove the very backup about
        // to be restored.
        let pruned = if kind == BackupKind::PreRestore {
            Vec::new()
        } else {
            let policy = self.load_backup_settings()?.keep;
            self.prune_in(&dir, &policy, Some(&lock))?
                .into_iter()
                .filter(|d| !d.keep)
                .map(|d| d.backup.file_name)
                .collect()
        };
        drop(lock);
        Ok(BackupReport {
            backup,
            millis: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            pruned,
        })
    }

    /// The backups of this vault in `dir_override` or the configured folder,
    /// newest first.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `backup.manage`; I/O errors.
    pub fn list_backups(&self, dir_override: Option<&Path>) -> Result<Vec<BackupInfo>> {
        self.authorize(Permission::BackupManage, "backup.list", None)?;
        self.backups_in(&self.backup_dir(dir_override)?)
    }

    /// This folder's copy identity as its keyslots file holds it now
    /// (`None` until its first backup, for a vault made before copies had
    /// one: such a copy has made no backup with an id).
    fn current_copy_id(&self) -> Result<Option<String>> {
        let current = Keyslots::load(&self.dir.join(crate::vault::KEYSLOTS_FILE))?;
        current.verify(&self.keys.keyslots_mac)?;
        Ok(current.copy_id().map(str::to_owned))
    }

    /// The backups in `dir` this copy of the vault made, and those made
    /// before copies had an identity, newest first (see [`scan`]).
    pub(crate) fn own_backups(&self, dir: &Path) -> Result<Vec<(PathBuf, Parsed, u64)>> {
        let copy_id = self.current_copy_id()?;
        scan(dir, self.keyslots.vault_id(), copy_id.as_deref())
    }

    fn backups_in(&self, dir: &Path) -> Result<Vec<BackupInfo>> {
        let mut out = Vec::new();
        for (path, parsed, size) in self.own_backups(dir)? {
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let verified_at: Option<String> = self
                .conn
                .prepare_cached(
                    "SELECT verified_at FROM backup_log
                     WHERE file_name = ?1 AND sha256 = ?2 AND verified_at IS NOT NULL
                     ORDER BY id DESC LIMIT 1",
                )?
                .query_row(params![file_name, parsed.header.db.sha256], |r| r.get(0))
                .optional()?;
            out.push(BackupInfo {
                path,
                file_name,
                header: parsed.header,
                size,
                verified_at,
            });
        }
        Ok(out)
    }

    /// Checks a backup of this vault completely: the header's MAC, the
    /// database's hash, every page's authentication, `quick_check` and the
    /// manifest's counts. Records the result.
    ///
    /// # Errors
    /// [`Error::Integrity`] naming what is wrong; [`Error::InvalidInput`] for
    /// a backup of another vault; [`Error::PermissionDenied`] without
    /// `backup.manage`.
    pub fn verify_backup(&mut self, path: &Path) -> Result<VerifyOutcome> {
        self.authorize(Permission::BackupManage, "backup.verify", None)?;
        let parsed = file::read_header(path)?;
        if parsed.header.vault_id != self.keyslots.vault_id() {
            return Err(Error::from(
                crate::Invalid::new(
                    "backup-other-vault",
                    "this backup belongs to another vault; verify it with that vault's credentials",
                )
                .with("action", "verify"),
            ));
        }
        let outcome = verify_parsed(path, &parsed, &self.keys.data, &self.dir);
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if outcome.is_ok() {
            tx.execute(
                "UPDATE backup_log SET verified_at = ?3 WHERE file_name = ?1 AND sha256 = ?2",
                params![file_name, parsed.header.db.sha256, now],
            )?;
        }
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("backup.verify", None)
                .with("ok", outcome.is_ok())
                .with("backup_created_at", parsed.header.created_at.clone()),
        )?;
        tx.commit()?;
        let counts = outcome?;
        Ok(VerifyOutcome {
            backup: BackupInfo {
                path: path.to_path_buf(),
                file_name,
                size: std::fs::metadata(path).map_or(0, |m| m.len()),
                header: parsed.header,
                verified_at: Some(now),
            },
            counts,
        })
    }

    /// Applies the rotation policy to `dir_override` or the configured
    /// folder: the decisions, and (unless `dry_run`) removes the forgotten.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `backup.manage`; I/O errors.
    pub fn prune_backups(
        &mut self,
        dir_override: Option<&Path>,
        dry_run: bool,
    ) -> Result<Vec<PruneDecision>> {
        self.authorize(Permission::BackupManage, "backup.prune", None)?;
        let dir = self.backup_dir(dir_override)?;
        let policy = self.load_backup_settings()?.keep;
        if dry_run {
            // Reads only: works on read-only media too.
            return self.prune_in(&dir, &policy, None);
        }
        let lock = lock_folder(&dir)?;
        self.prune_in(&dir, &policy, Some(&lock))
    }

    /// Plans rotation for the backups this copy made in `dir` and, with the
    /// folder's lock (`None`: a dry run), removes the forgotten. Backups
    /// without a copy id are kept whatever the policy: nothing says which
    /// copy made them.
    fn prune_in(
        &mut self,
        dir: &Path,
        policy: &rotation::KeepPolicy,
        lock: Option<&FolderLock>,
    ) -> Result<Vec<PruneDecision>> {
        let dry_run = lock.is_none();
        let (backups, older): (Vec<BackupInfo>, Vec<BackupInfo>) = self
            .backups_in(dir)?
            .into_iter()
            .partition(|b| b.header.copy_id.is_some());
        let times: Vec<chrono::DateTime<chrono::Utc>> = backups
            .iter()
            .map(|b| {
                chrono::DateTime::parse_from_rfc3339(&b.header.created_at)
                    .map(|t| t.with_timezone(&chrono::Utc))
                    .unwrap_or_default()
            })
            .collect();
        let snapshots: Vec<rotation::Snapshot> = backups
            .iter()
            .zip(&times)
            .map(|(b, t)| rotation::Snapshot {
                id: b.file_name.as_str(),
                time: *t,
                verified: b.verified_at.is_some(),
            })
            .collect();
        let decisions = rotation::plan(&snapshots, policy);
        let mut out: Vec<PruneDecision> = decisions
            .into_iter()
            .map(|d| PruneDecision {
                backup: backups[d.index].clone(),
                keep: d.keep,
                reasons: d.reasons.iter().map(|r| r.as_str()).collect(),
            })
            .chain(older.into_iter().map(|backup| PruneDecision {
                backup,
                keep: true,
                reasons: vec![OLDER_THAN_COPY_IDS],
            }))
            .collect();
        out.sort_by(|a, b| b.backup.header.created_at.cmp(&a.backup.header.created_at));
        if !dry_run {
            let mut removed = 0usize;
            for d in out.iter().filter(|d| !d.keep) {
                match std::fs::remove_file(&d.backup.path) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        return Err(Error::io(format!(
                            "remove the old backup {}",
                            d.backup.file_name
                        ))(e));
                    }
                }
            }
            if removed > 0 {
                self.record(&Event::allowed("backup.prune", None).with("removed", removed))?;
            }
        }
        Ok(out)
    }
}

/// The reason rotation gives for keeping a backup made before copies of a
/// vault had an identity: it may be another copy's, so no copy removes it.
pub const OLDER_THAN_COPY_IDS: &str = "made before copy ids (never removed)";

/// Whether rotation keeps a backup, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PruneDecision {
    /// The backup.
    pub backup: BackupInfo,
    /// Kept or forgotten.
    pub keep: bool,
    /// The rules that keep it.
    pub reasons: Vec<&'static str>,
}

/// The full check of one backup file with a known data key, its database
/// extracted into a scratch folder in `scratch_in` (the vault's folder: the
/// backup itself is only read, and may be on read-only media); the counts.
pub(crate) fn verify_parsed(
    path: &Path,
    parsed: &Parsed,
    dek: &DataKey,
    scratch_in: &Path,
) -> Result<std::collections::BTreeMap<String, i64>> {
    let scratch = scratch_dir(scratch_in)?;
    let db_path = scratch.path().join("snapshot.db");
    extract_checked(path, parsed, dek, &db_path, Extract::Check)?;
    Ok(parsed.header.manifest.clone())
}

/// Why a backup's database is extracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Extract {
    /// To check the backup (verify, drill): a scratch copy, not fsynced,
    /// removed after; SQLite's `quick_check` of the whole file.
    Check,
    /// To restore it: the copy becomes a vault's database, fsynced, and is
    /// checked table by table ([`Structure::EachTable`]).
    Restore,
}

/// How much of SQLite's `quick_check` a snapshot check runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Structure {
    /// `PRAGMA quick_check` of the whole file: every b-tree, the file's page
    /// accounting, and the search index's own consistency check (FTS5's,
    /// which reads the whole index several times over; at 1 000 000
    /// contacts most of the time a check takes).
    WholeFile,
    /// `PRAGMA quick_check(table)` of every ordinary table with its
    /// indexes, the search index's storage tables included; neither the
    /// search index's own consistency check (the index is derived from the
    /// contacts and can be rebuilt) nor the whole file's page accounting.
    EachTable,
}

/// Checks the header's MAC, extracts the database into the new file `to`
/// while hashing it (one read of the backup; refused when the hash differs
/// from the header's), and checks it there (every page, quick check as
/// `why` asks, counts). Only reads `path`; the caller removes `to` when
/// this fails.
pub(crate) fn extract_checked(
    path: &Path,
    parsed: &Parsed,
    dek: &DataKey,
    to: &Path,
    why: Extract,
) -> Result<()> {
    file::check_mac(parsed, &mac_key(dek))?;
    let folder = to.parent().unwrap_or_else(|| Path::new("."));
    file::extract_db(path, parsed, to, why == Extract::Restore)
        .map_err(|e| writing_in(e, folder))?;
    let structure = match why {
        Extract::Check => Structure::WholeFile,
        Extract::Restore => Structure::EachTable,
    };
    check_snapshot(to, dek, &parsed.header, structure).map_err(|e| writing_in(e, folder))
}

/// An I/O error met while writing into `folder`, reworded to name that
/// folder (and say so when its disk is full), so the message points at the
/// disk that needs room rather than at the backup's.
pub(crate) fn writing_in(err: Error, folder: &Path) -> Error {
    let full = |source: &std::io::Error| {
        source.kind() == std::io::ErrorKind::StorageFull || source.to_string() == "the disk is full"
    };
    match err {
        Error::Io { source, .. } if full(&source) => Error::Io {
            action: format!("write in {}: its disk is full", folder.display()),
            source,
        },
        Error::Io { action, source } => Error::Io {
            action: format!("{action} (in {})", folder.display()),
            source,
        },
        other => other,
    }
}

/// A scratch folder in `folder` (removed when dropped). Scratch folders a
/// killed check left there more than a day ago are removed first (a check
/// in progress elsewhere is younger).
pub(crate) fn scratch_dir(folder: &Path) -> Result<tempfile::TempDir> {
    if let Ok(entries) = std::fs::read_dir(folder) {
        let day = std::time::Duration::from_secs(24 * 3600);
        for entry in entries.flatten() {
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > day);
            if stale
                && entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".steward-check-")
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    tempfile::Builder::new()
        .prefix(".steward-check-")
        .tempdir_in(folder)
        .map_err(|source| {
            writing_in(
                Error::Io {
                    action: "create a scratch folder".into(),
                    source,
                },
                folder,
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Password;
    use crate::vault::CreateOptions;

    /// Rewrites the backup at `from` as Steward wrote it before copies had
    /// an identity (header version 1, no `copy_id`), MAC'd, at `to`.
    fn as_version_1(from: &Path, to: &Path, dek: &DataKey) {
        let parsed = file::read_header(from).unwrap();
        let scratch = tempfile::tempdir().unwrap();
        let db = scratch.path().join("db");
        file::extract_db(from, &parsed, &db, false).unwrap();
        let mut header = parsed.header;
        header.version = 1;
        header.copy_id = None;
        file::write(to, &header, &mac_key(dek), &db)
            .unwrap()
            .sync_all()
            .unwrap();
    }

    /// A backup authentic in every byte — MAC and hash made with the
    /// vault's key — of a database with one page altered (as a page damaged
    /// on disk after the vault's last page check would be copied): the page
    /// check a restore runs refuses it, leaving no folder, and checks every
    /// page only once.
    #[test]
    fn an_authentic_backup_of_an_altered_page_is_refused_at_restore_leaving_nothing() {
        let temp = tempfile::tempdir().unwrap();
        let options = CreateOptions {
            kdf: crate::crypto::KdfParams::FLOOR,
            phone_country: None,
            language: crate::language::Language::En,
        };
        let password = Password::new("velvet cactus orbit 1987 lamp");
        let credentials = || crate::vault::Credentials::Password {
            user: "ada",
            password: &password,
        };
        let mut s = crate::unlock::create(&temp.path().join("vault"), "ada", &password, &options)
            .unwrap()
            .session;
        s.import_csv(
            crate::bench::synthetic_csv_bytes(400),
            &crate::bench::synthetic_csv_import_options(),
            &mut |_, _| {},
        )
        .unwrap();
        let dir = temp.path().join("backups");
        let good = s
            .create_backup(BackupKind::Manual, Some(&dir), &mut |_, _| {})
            .unwrap()
            .backup
            .path;

        // A good backup restores, and its session counts every page checked.
        let restored =
            crate::unlock::restore_into(&good, &temp.path().join("good"), credentials()).unwrap();
        assert!(restored.pages_checked());
        let contacts: i64 = restored
            .conn
            .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(contacts, 400);
        drop(restored);

        let parsed = file::read_header(&good).unwrap();
        let db = temp.path().join("altered.db");
        file::extract_db(&good, &parsed, &db, false).unwrap();
        let pages = std::fs::metadata(&db).unwrap().len() / 4096;
        assert!(pages > 10, "{pages} pages");
        {
            use std::io::{Read, Seek, SeekFrom, Write};
            let mut f = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&db)
                .unwrap();
            let at = (pages / 2) * 4096 + 100;
            let mut byte = [0u8; 1];
            f.seek(SeekFrom::Start(at)).unwrap();
            f.read_exact(&mut byte).unwrap();
            f.seek(SeekFrom::Start(at)).unwrap();
            f.write_all(&[byte[0] ^ 0x01]).unwrap();
        }
        let mut header = parsed.header;
        header.db.sha256 = file::sha256_of(&mut std::fs::File::open(&db).unwrap()).unwrap();
        let altered = dir.join("steward-altered-20200101T000000Z.stwbak");
        file::write(&altered, &header, &mac_key(&s.keys.data), &db)
            .unwrap()
            .sync_all()
            .unwrap();
        // Header and hash authenticate: only the page check can tell.
        let reread = file::read_header(&altered).unwrap();
        file::check_mac(&reread, &mac_key(&s.keys.data)).unwrap();
        file::check_db_hash(&altered, &reread).unwrap();

        let target = temp.path().join("restored");
        let err = crate::unlock::restore_into(&altered, &target, credentials()).unwrap_err();
        assert!(matches!(err, Error::BackupIntegrity(_)), "{err:?}");
        assert!(!target.exists(), "the restore left {target:?} behind");
        let err = s.verify_backup(&altered).unwrap_err();
        assert!(matches!(err, Error::BackupIntegrity(_)), "{err:?}");
    }

    #[test]
    fn a_vault_made_before_copy_ids_gets_one_at_its_first_backup() {
        let temp = tempfile::tempdir().unwrap();
        let vault_dir = temp.path().join("vault");
        let options = CreateOptions {
            kdf: crate::crypto::KdfParams::FLOOR,
            phone_country: None,
            language: crate::language::Language::En,
        };
        let mut s = crate::unlock::create(
            &vault_dir,
            "ada",
            &Password::new("velvet cactus orbit 1987 lamp"),
            &options,
        )
        .unwrap()
        .session;
        let path = vault_dir.join(crate::vault::KEYSLOTS_FILE);
        Keyslots::update(&path, &s.keys.keyslots_mac, |ks| {
            ks.clear_copy_id();
            Ok(())
        })
        .unwrap();
        let dir = temp.path().join("backups");
        let listed = s.list_backups(Some(&dir)).unwrap();
        assert!(listed.is_empty());
        assert_eq!(
            Keyslots::load(&path).unwrap().copy_id(),
            None,
            "listing writes nothing"
        );
        let first = s
            .create_backup(BackupKind::Manual, Some(&dir), &mut |_, _| {})
            .unwrap()
            .backup;
        let id = Keyslots::load(&path).unwrap().copy_id().unwrap().to_owned();
        assert_eq!(first.header.copy_id.as_deref(), Some(id.as_str()));
        let second = s
            .create_backup(BackupKind::Manual, Some(&dir), &mut |_, _| {})
            .unwrap()
            .backup;
        assert_eq!(second.header.copy_id.as_deref(), Some(id.as_str()));
        assert_eq!(s.list_backups(Some(&dir)).unwrap().len(), 2);
        // A copy restored from it is another copy.
        let copy = crate::unlock::restore_into(
            &second.path,
            &temp.path().join("copy"),
            crate::vault::Credentials::Password {
                user: "ada",
                password: &Password::new("velvet cactus orbit 1987 lamp"),
            },
        )
        .unwrap();
        let copy_id = copy.current_copy_id().unwrap().unwrap();
        assert_ne!(copy_id, id);
        assert!(copy.list_backups(Some(&dir)).unwrap().is_empty());
    }

    #[test]
    fn backups_made_before_copy_ids_are_listed_verified_and_never_pruned() {
        let temp = tempfile::tempdir().unwrap();
        let options = CreateOptions {
            kdf: crate::crypto::KdfParams::FLOOR,
            phone_country: None,
            language: crate::language::Language::En,
        };
        let mut s = crate::unlock::create(
            &temp.path().join("vault"),
            "ada",
            &Password::new("velvet cactus orbit 1987 lamp"),
            &options,
        )
        .unwrap()
        .session;
        let dir = temp.path().join("backups");
        s.set_backup_settings(&BackupSettings {
            dir: Some(dir.clone()),
            keep: rotation::KeepPolicy {
                last: 1,
                hourly: 0,
                daily: 0,
                weekly: 0,
                monthly: 0,
            },
            ..BackupSettings::default()
        })
        .unwrap();
        let first = s
            .create_backup(BackupKind::Manual, None, &mut |_, _| {})
            .unwrap()
            .backup;
        assert!(first.header.copy_id.is_some());
        assert_eq!(first.header.version, file::VERSION);
        let old = dir.join("steward-old-20200101T000000Z.stwbak");
        as_version_1(&first.path, &old, &s.keys.data);
        let header = file::read_header(&old).unwrap().header;
        assert_eq!((header.version, header.copy_id), (1, None));

        for _ in 0..3 {
            s.create_backup(BackupKind::Manual, None, &mut |_, _| {})
                .unwrap();
        }
        assert!(
            old.exists(),
            "rotation removed a backup it cannot tell it made"
        );
        let listed = s.list_backups(None).unwrap();
        assert_eq!(listed.len(), 2, "{listed:?}");
        assert!(listed.iter().any(|b| b.path == old));
        let plan = s.prune_backups(None, true).unwrap();
        let of_old = plan.iter().find(|d| d.backup.path == old).unwrap();
        assert!(of_old.keep);
        assert_eq!(of_old.reasons, [OLDER_THAN_COPY_IDS]);
        // The old header still reads, authenticates and verifies.
        s.verify_backup(&old).unwrap();
        s.prune_backups(None, false).unwrap();
        assert!(old.exists());
    }
}
