//! Schema migrations, numbered by SQLite's `user_version`.
//!
//! Migration N brings the schema from version N-1 to N. All pending ones run
//! in one transaction, so a crash leaves the old schema or the new one. A
//! database whose version is newer than this binary knows is refused.

use rusqlite::Connection;

use crate::{Error, Result};

/// The migrations in order; index 0 brings a blank database to version 1.
const MIGRATIONS: &[&str] = &[include_str!("../../migrations/0001_initial.sql")];

/// The schema version this binary writes.
#[allow(clippy::cast_possible_wrap, reason = "a handful of migrations")]
pub(crate) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies every pending migration.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(Error::VaultTooNew {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    if current == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(current).unwrap_or(0))
    {
        tx.execute_batch(sql)?;
        tx.pragma_update(
            None,
            "user_version",
            i64::try_from(index + 1).unwrap_or(i64::MAX),
        )?;
    }
    tx.commit()?;
    Ok(())
}
