//! The one place a database connection is opened.
//!
//! [`open_connection`] applies, in this order: the raw data key, the pinned
//! SQLCipher compatibility, a check that every page authenticates, the
//! pragmas, and the migrations. Each pragma and its reason is listed in
//! `docs/vault-format.md`.

mod migrations;

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use zeroize::Zeroizing;

use crate::secret::DataKey;
use crate::{Error, Result};

pub(crate) use migrations::{DataSteps, SCHEMA_VERSION, migrate};

/// What the database file is for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum OpenMode {
    /// Create the file (a new vault). A new database holds no records, so
    /// the migrations' data steps have nothing to do.
    Create,
    /// Open an existing database whose every page the caller checked just
    /// now (a restore's copy, checked where it was extracted), with the
    /// migrations' data steps: the schema is read, the pages are not
    /// checked again; a missing file is an error.
    ExistingChecked(DataSteps),
    /// Open an existing vault but leave its schema as it is: the caller backs
    /// it up before calling [`migrate`].
    ExistingUnmigrated,
    /// As `ExistingUnmigrated`, reading only the schema (a wrong key or a
    /// damaged first page fails at once): the caller checks every page
    /// later, with [`check_every_page`] or a `PageCheck` connection (ADR
    /// 0019).
    ExistingUnmigratedPagesLater,
    /// Open an existing vault read-only to check every page's
    /// authentication, beside the session's connection (on another thread).
    PageCheck,
    /// Create an empty file for SQLite's online backup API to fill: key and
    /// compatibility only (the backup copies schema, data and header).
    SnapshotTarget,
    /// Open a snapshot (a backup's database) to check it: key,
    /// compatibility, every page's authentication; no pragmas, no migrations.
    Snapshot,
    /// Open a snapshot with the key and compatibility only, for checks that
    /// run beside the page check (on another thread).
    SnapshotRead,
}

/// Opens `path` as a SQLCipher 4 database keyed with `key`, checks it, sets
/// the pragmas and brings the schema up to date.
///
/// # Errors
/// [`Error::Integrity`] when any page fails SQLCipher's HMAC check (a damaged
/// or altered file — the key is known to be right because it came out of an
/// authenticated keyslot); [`Error::VaultTooNew`] for a schema newer than this
/// binary.
pub(crate) fn open_connection(path: &Path, key: &DataKey, mode: OpenMode) -> Result<Connection> {
    let mut flags = if matches!(mode, OpenMode::PageCheck) {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    if matches!(mode, OpenMode::Create | OpenMode::SnapshotTarget) {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    #[allow(
        clippy::disallowed_methods,
        reason = "this is the one function allowed to open"
    )]
    let mut conn = Connection::open_with_flags(path, flags).map_err(|err| match mode {
        OpenMode::ExistingChecked(_)
        | OpenMode::ExistingUnmigrated
        | OpenMode::ExistingUnmigratedPagesLater
        | OpenMode::PageCheck
            if !path.exists() =>
        {
            Error::Integrity("vault.db is missing".into())
        }
        _ => Error::from(err),
    })?;
    apply_key(&conn, key)?;
    match mode {
        OpenMode::SnapshotTarget | OpenMode::SnapshotRead => return Ok(conn),
        OpenMode::Snapshot | OpenMode::PageCheck => {
            check_every_page(&conn)?;
            return Ok(conn);
        }
        OpenMode::ExistingUnmigrated => check_every_page(&conn)?,
        OpenMode::ExistingChecked(_) | OpenMode::ExistingUnmigratedPagesLater => {
            read_schema(&conn)?;
        }
        OpenMode::Create => {}
    }
    apply_pragmas(&conn)?;
    match mode {
        OpenMode::Create => migrate(&mut conn, no_data_steps)?,
        OpenMode::ExistingChecked(after) => migrate(&mut conn, after)?,
        _ => {}
    }
    Ok(conn)
}

/// Opens an unencrypted database with the same pragmas and schema, for the
/// benchmark's comparison run only (`bench` deletes it right after).
pub(crate) fn open_plain_for_benchmark(path: &Path) -> Result<Connection> {
    #[allow(
        clippy::disallowed_methods,
        reason = "the benchmark's plain comparison database"
    )]
    let mut conn = Connection::open(path)?;
    apply_pragmas(&conn)?;
    migrate(&mut conn, no_data_steps)?;
    Ok(conn)
}

/// The data steps of a new database's migrations: it holds no records yet.
fn no_data_steps(_: &rusqlite::Transaction<'_>, _: i64) -> Result<()> {
    Ok(())
}

/// Whether the database's main schema holds the table `name` (a vault or
/// shadow made before the migration that added it does not).
pub(crate) fn has_table(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get(0),
    )?)
}

/// A value of the `settings` table (schema 4 on); `None` when it is not
/// set or the schema predates settings (a vault about to be migrated).
pub(crate) fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    if !has_table(conn, "settings")? {
        return Ok(None);
    }
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Sets a value of the `settings` table, in the caller's transaction.
pub(crate) fn put_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// Whether the database's schema is older than this binary's.
pub(crate) fn needs_migration(conn: &Connection) -> Result<bool> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    Ok(current < SCHEMA_VERSION)
}

/// `PRAGMA key` with the raw 256-bit key (the `x'…'` form), so SQLCipher uses
/// it directly instead of running PBKDF2 over it, then pins the SQLCipher 4
/// defaults so a future library default cannot silently change the format.
/// SQLCipher's own logging is silenced first: a failed page check would
/// otherwise print to the terminal; Steward reports it as one error instead.
fn apply_key(conn: &Connection, key: &DataKey) -> Result<()> {
    let hex = Zeroizing::new(data_encoding::HEXLOWER.encode(key.expose_bytes()));
    let sql = Zeroizing::new(format!(
        "PRAGMA cipher_log_level = NONE; PRAGMA key = \"x'{}'\"; PRAGMA cipher_compatibility = 4;",
        hex.as_str()
    ));
    conn.execute_batch(&sql)?;
    Ok(())
}

/// Re-encrypts the database file at `path` from `old` to `new` with
/// SQLCipher's `PRAGMA rekey` (one write transaction: a kill leaves every
/// page under one key or the other), unless it already opens with `new`.
/// Returns whether it rewrote the file.
pub(crate) fn rekey_file(path: &Path, old: &DataKey, new: &DataKey) -> Result<bool> {
    if open_connection(path, new, OpenMode::SnapshotRead)
        .and_then(|c| read_schema(&c))
        .is_ok()
    {
        return Ok(false);
    }
    let conn = open_connection(path, old, OpenMode::SnapshotRead)?;
    read_schema(&conn)?;
    rekey_open(&conn, new)?;
    Ok(true)
}

/// `PRAGMA rekey` of the database open on `conn` to `new`; the connection
/// goes on under the new key. The write-ahead log is checkpointed before
/// and after, so no frame under the old key outlives the switch.
pub(crate) fn rekey_open(conn: &Connection, new: &DataKey) -> Result<()> {
    let _: (i64, i64, i64) = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    let hex = Zeroizing::new(data_encoding::HEXLOWER.encode(new.expose_bytes()));
    let sql = Zeroizing::new(format!("PRAGMA rekey = \"x'{}'\";", hex.as_str()));
    conn.execute_batch(&sql)?;
    let _: (i64, i64, i64) = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(())
}

/// Reads the schema (fails at once on a wrong key or damaged first page), then
/// runs `cipher_integrity_check`, which verifies the HMAC of every page, so a
/// file changed anywhere behind our back is refused before it is used.
pub(crate) fn check_every_page(conn: &Connection) -> Result<()> {
    read_schema(conn)?;
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let problems = stmt.query_map([], |row| row.get::<_, String>(0))?.count();
    if problems > 0 {
        return Err(Error::Integrity(format!(
            "{problems} page(s) of vault.db failed authentication"
        )));
    }
    Ok(())
}

/// Reads the schema: fails at once on a wrong key or a damaged first page.
fn read_schema(conn: &Connection) -> Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
        row.get::<_, i64>(0)
    })?;
    Ok(())
}

/// The page cache, in SQLite's negative-means-KiB form: 64 MiB. SQLCipher
/// decrypts a page each time it enters the cache, so a cache that holds a
/// vault's working set keeps list pages and searches from decrypting the
/// same index pages over and over.
pub(crate) const CACHE_SIZE: i64 = -65536;

fn apply_pragmas(conn: &Connection) -> Result<()> {
    // journal_mode returns a row, so it goes through query_row.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Database(
            "the vault could not switch to WAL mode".into(),
        ));
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;
         PRAGMA busy_timeout = 5000;",
    )?;
    conn.execute_batch(&format!("PRAGMA cache_size = {CACHE_SIZE};"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_is_encrypted_and_has_the_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.db");
        let key = DataKey::generate();
        let conn = open_connection(&path, &key, OpenMode::Create).unwrap();
        let fk: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        let sync: i64 = conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        let temp: i64 = conn
            .query_row("PRAGMA temp_store", [], |r| r.get(0))
            .unwrap();
        let secure: i64 = conn
            .query_row("PRAGMA secure_delete", [], |r| r.get(0))
            .unwrap();
        let version: String = conn
            .query_row("PRAGMA cipher_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!((fk, sync, temp, secure), (1, 2, 2, 1));
        assert!(version.starts_with('4'), "SQLCipher {version}");
        drop(conn);
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3\0"));

        let reopened = open_connection(&path, &key, OpenMode::ExistingUnmigrated).unwrap();
        drop(reopened);
        let wrong = DataKey::generate();
        assert!(matches!(
            open_connection(&path, &wrong, OpenMode::ExistingUnmigrated),
            Err(Error::Integrity(_))
        ));
    }
}
