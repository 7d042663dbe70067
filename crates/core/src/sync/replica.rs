//! A replica's own side of the exchange (ADR 0020): the shadow of the synced
//! tables as the log left them, the local change set computed against it,
//! and the rules that apply what arrived and rebase what did not leave yet.
//!
//! The shadow is `sync.db` beside `vault.db`, a SQLCipher database under the
//! same data key holding a copy of [`SYNCED`] as of the change `seq` it
//! records, and the replica's sync state. What the user committed but did
//! not push is always `vault.db` minus the shadow (SQLite's
//! `sqlite3session_diff`), so a kill at any moment loses nothing: there is
//! no outbox to forget to write.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::hooks::Action;
use rusqlite::session::{ChangesetIter, ConflictAction, ConflictType};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};

use crate::db::{self, OpenMode};
use crate::secret::DataKey;
use crate::{Error, Result};

/// The shadow's file in the vault folder.
pub const SHADOW_FILE: &str = crate::vault::SHADOW_FILE;
/// The shadow's schema name while attached to the vault's connection.
const SHADOW: &str = "sync";

/// The tables every replica shares, parents before children. Every other
/// table is the laptop's own (ADR 0020 lists them).
pub(crate) const SYNCED: &[&str] = &[
    "users",
    "imports",
    "companies",
    "contacts",
    "contact_emails",
    "contact_phones",
    "contact_sensitive",
    "pipeline_stages",
    "deals",
    "activities",
    "tasks",
    "tags",
    "contact_tags",
    "custom_fields",
    "contact_custom_values",
    "purposes",
    "consent_forms",
    "consent_form_purposes",
    "consents",
    "dsr_requests",
    "erasure_ledger",
    "suppressions",
];

const STATE_SCHEMA: &str = "
CREATE TABLE sync_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    vault_id   TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    audit_seq  INTEGER,
    audit_hash TEXT
) STRICT;
CREATE TABLE sync_devices (
    slot       TEXT NOT NULL,
    device_key BLOB NOT NULL,
    user_id    INTEGER NOT NULL,
    first_seq  INTEGER NOT NULL,
    PRIMARY KEY (slot, device_key)
) STRICT;
CREATE TABLE sync_own_key (
    user_id INTEGER PRIMARY KEY,
    seed    BLOB NOT NULL
) STRICT;
CREATE TABLE sync_refused (
    seq         INTEGER PRIMARY KEY,
    author_slot TEXT NOT NULL,
    reason      TEXT NOT NULL
) STRICT;
";

/// Opens the shadow on its own connection (changesets apply to a
/// connection's `main` database).
pub(crate) fn open_shadow(dir: &Path, dek: &DataKey) -> Result<Connection> {
    let conn = db::open_connection(&dir.join(SHADOW_FILE), dek, OpenMode::SnapshotTarget)?;
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = OFF; PRAGMA secure_delete = ON;
         PRAGMA busy_timeout = 5000;",
    )?;
    Ok(conn)
}

/// Makes the shadow of the vault open on `conn` as it is now, as of log
/// change `seq` (a published or joined vault: nothing is waiting).
pub(crate) fn create_shadow(
    conn: &Connection,
    dir: &Path,
    dek: &DataKey,
    vault_id: &str,
    seq: i64,
) -> Result<()> {
    let path = dir.join(SHADOW_FILE);
    if path.exists() {
        return Err(Error::Database(
            "this vault already takes part in a team vault".into(),
        ));
    }
    let shadow = open_shadow(dir, dek)?;
    shadow.execute_batch(STATE_SCHEMA)?;
    shadow.execute(
        "INSERT INTO sync_state (id, vault_id, seq) VALUES (1, ?1, ?2)",
        params![vault_id, seq],
    )?;
    for table in SYNCED {
        let sql: String = conn.query_row(
            "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        shadow.execute_batch(&sql)?;
    }
    drop(shadow);
    attach(conn, dir, dek)?;
    let copied = (|| -> Result<()> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        for table in SYNCED {
            conn.execute(
                &format!("INSERT INTO {SHADOW}.\"{table}\" SELECT * FROM main.\"{table}\""),
                [],
            )?;
        }
        conn.execute_batch("COMMIT")?;
        Ok(())
    })();
    if copied.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    detach(conn)?;
    copied?;
    let shadow = open_shadow(dir, dek)?;
    audit_pushed(&shadow, conn)?;
    mark_audit_head(&shadow, conn)
}

/// The rows written to the shared tables through `conn` since it was
/// first asked: temporary triggers (this connection's own, in its `temp`
/// schema, never in the file) count every insert, update and delete of a
/// [`SYNCED`] table, so audit entries, settings and other local tables do
/// not move it. Installed at the first call.
pub(crate) fn shared_writes(conn: &Connection) -> Result<u64> {
    let installed: bool = conn.query_row(
        "SELECT count(*) > 0 FROM temp.sqlite_master WHERE type = 'table' AND name = 'sync_writes'",
        [],
        |r| r.get(0),
    )?;
    if !installed {
        let mut sql = String::from(
            "CREATE TEMP TABLE sync_writes (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
             INSERT INTO temp.sync_writes (id, n) VALUES (1, 0);",
        );
        for table in SYNCED {
            for op in ["INSERT", "UPDATE", "DELETE"] {
                sql.push_str(&format!(
                    "CREATE TEMP TRIGGER \"sync_writes_{op}_{table}\" AFTER {op} ON main.\"{table}\"
                     BEGIN UPDATE temp.sync_writes SET n = n + 1 WHERE id = 1; END;"
                ));
            }
        }
        conn.execute_batch("BEGIN")?;
        match conn.execute_batch(&sql) {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(err) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(err.into());
            }
        }
    }
    let n: i64 = conn.query_row("SELECT n FROM temp.sync_writes WHERE id = 1", [], |r| {
        r.get(0)
    })?;
    Ok(u64::try_from(n).unwrap_or_default())
}

/// Attaches the shadow to the vault's connection as `sync`.
pub(crate) fn attach(conn: &Connection, dir: &Path, dek: &DataKey) -> Result<()> {
    let hex = zeroize::Zeroizing::new(data_encoding::HEXLOWER.encode(dek.expose_bytes()));
    let path = dir.join(SHADOW_FILE);
    conn.execute(
        &format!("ATTACH DATABASE ?1 AS {SHADOW} KEY \"x'{}'\"", hex.as_str()),
        [path.to_string_lossy()],
    )?;
    Ok(())
}

/// Detaches it again.
pub(crate) fn detach(conn: &Connection) -> Result<()> {
    conn.execute_batch(&format!("DETACH DATABASE {SHADOW}"))?;
    Ok(())
}

/// The sync state: the team vault's id on the server and the last change
/// of the log the shadow holds.
pub(crate) fn state(shadow: &Connection) -> Result<(String, i64)> {
    Ok(shadow.query_row(
        "SELECT vault_id, seq FROM sync_state WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The server's address (without a password) kept in the shadow, if any.
pub(crate) fn server(shadow: &Connection) -> Result<Option<String>> {
    let kept = crate::db::has_table(shadow, "sync_server")?;
    if !kept {
        return Ok(None);
    }
    Ok(shadow
        .query_row("SELECT url FROM sync_server WHERE id = 1", [], |r| r.get(0))
        .optional()?)
}

/// Keeps the server's address (the caller stripped any password).
pub(crate) fn set_server(shadow: &Connection, url: &str) -> Result<()> {
    shadow.execute_batch(
        "CREATE TABLE IF NOT EXISTS sync_server (
            id  INTEGER PRIMARY KEY CHECK (id = 1),
            url TEXT NOT NULL
        ) STRICT;",
    )?;
    shadow.execute(
        "INSERT INTO sync_server (id, url) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url",
        [url],
    )?;
    Ok(())
}

/// The published keyslots file this replica last agreed with (installed or
/// published it) and its version on the server, if recorded: the base of
/// the next merge of the travelling slots.
pub(crate) fn keyslots_base(shadow: &Connection) -> Result<Option<(i64, Vec<u8>)>> {
    let kept = crate::db::has_table(shadow, "sync_keyslots")?;
    if !kept {
        return Ok(None);
    }
    Ok(shadow
        .query_row(
            "SELECT version, file FROM sync_keyslots WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Records the published keyslots file this replica now agrees with.
pub(crate) fn set_keyslots_base(shadow: &Connection, version: i64, file: &[u8]) -> Result<()> {
    shadow.execute_batch(
        "CREATE TABLE IF NOT EXISTS sync_keyslots (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL,
            file    BLOB NOT NULL
        ) STRICT;",
    )?;
    shadow.execute(
        "INSERT INTO sync_keyslots (id, version, file) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, file = excluded.file",
        params![version, file],
    )?;
    Ok(())
}

/// The data keys of the team vault's epochs this replica learnt (ADR
/// 0025), oldest first: each epoch's number, the change its key starts
/// after (its re-key's marker), and the key. Empty before the first
/// re-key this replica saw.
pub(crate) fn epoch_keys(shadow: &Connection) -> Result<Vec<(u32, i64, DataKey)>> {
    let kept = crate::db::has_table(shadow, "sync_keys")?;
    if !kept {
        return Ok(Vec::new());
    }
    let mut stmt = shadow.prepare("SELECT epoch, from_seq, key FROM sync_keys ORDER BY epoch")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, i64>(1)?,
            zeroize::Zeroizing::new(r.get::<_, Vec<u8>>(2)?),
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (epoch, from, key) = row?;
        let bytes: [u8; 32] = key
            .as_slice()
            .try_into()
            .map_err(|_| Error::Integrity("a team key in sync.db is damaged".into()))?;
        out.push((epoch, from, DataKey::from_bytes(bytes)));
    }
    Ok(out)
}

/// Remembers the data key of `epoch`, used after change `from_seq`.
pub(crate) fn remember_epoch_key(
    shadow: &Connection,
    epoch: u32,
    from_seq: i64,
    key: &DataKey,
) -> Result<()> {
    shadow.execute_batch(
        "CREATE TABLE IF NOT EXISTS sync_keys (
            epoch    INTEGER PRIMARY KEY,
            from_seq INTEGER NOT NULL,
            key      BLOB NOT NULL
        ) STRICT;",
    )?;
    shadow.execute(
        "INSERT OR IGNORE INTO sync_keys (epoch, from_seq, key) VALUES (?1, ?2, ?3)",
        params![epoch, from_seq, key.expose_bytes().as_slice()],
    )?;
    Ok(())
}

/// Records the vault's audit head as of this sync: a later sync that no
/// longer finds that entry knows the database went back in time.
pub(crate) fn mark_audit_head(shadow: &Connection, conn: &Connection) -> Result<()> {
    let head = crate::audit::head(conn)?;
    shadow.execute(
        "UPDATE sync_state SET audit_seq = ?1, audit_hash = ?2 WHERE id = 1",
        params![
            head.as_ref().map(|h| h.seq),
            head.as_ref().map(|h| h.hash.clone())
        ],
    )?;
    Ok(())
}

/// The newest entry of the vault's own audit log whose record is in the
/// team's log (or that stays the laptop's own): later entries travel with
/// the next change set (ADR 0024). A replica made before the shared chain
/// starts at its head of the moment.
pub(crate) fn audit_pushed(shadow: &Connection, conn: &Connection) -> Result<i64> {
    shadow.execute_batch(
        "CREATE TABLE IF NOT EXISTS sync_audit (
            id     INTEGER PRIMARY KEY CHECK (id = 1),
            pushed INTEGER NOT NULL
        ) STRICT;",
    )?;
    let pushed: Option<i64> = shadow
        .query_row("SELECT pushed FROM sync_audit WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(pushed) = pushed {
        return Ok(pushed);
    }
    let head = crate::audit::head(conn)?.map_or(0, |h| h.seq);
    shadow.execute("INSERT INTO sync_audit (id, pushed) VALUES (1, ?1)", [head])?;
    Ok(head)
}

/// Records that the vault's audit entries up to `upto` are in the log.
/// Inside the shadow's transaction that records the change carrying them.
pub(crate) fn set_audit_pushed(shadow: &Connection, upto: i64) -> Result<()> {
    shadow.execute(
        "UPDATE sync_audit SET pushed = max(pushed, ?1) WHERE id = 1",
        [upto],
    )?;
    Ok(())
}

/// Refuses a vault that went back in time since its last sync (a backup
/// restored over it, an old copy put back): the shadow describes a later
/// state, so what the vault lacks would be sent as deletions and what the
/// team did since would be undone. Such a replica must join again.
pub(crate) fn check_not_rolled_back(shadow: &Connection, conn: &Connection) -> Result<()> {
    let (seq, hash): (Option<i64>, Option<String>) = shadow.query_row(
        "SELECT audit_seq, audit_hash FROM sync_state WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (Some(seq), Some(hash)) = (seq, hash) else {
        return Ok(());
    };
    crate::audit::check_head(conn, Some(&crate::audit::AuditHead { seq, hash })).map_err(|_| {
        Error::Database(
            "this replica's vault went back in time since its last sync (a restored backup \
             or an old copy); nothing was sent: join the team vault again in a new folder"
                .into(),
        )
    })
}

/// This replica's device signing seed for `user_id`, made at first use.
pub(crate) fn own_seed(shadow: &Connection, user_id: i64) -> Result<zeroize::Zeroizing<[u8; 32]>> {
    let seed: Option<Vec<u8>> = shadow
        .query_row(
            "SELECT seed FROM sync_own_key WHERE user_id = ?1",
            [user_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(seed) = seed {
        let seed: [u8; 32] = seed
            .as_slice()
            .try_into()
            .map_err(|_| Error::Integrity("the device signing key is damaged".into()))?;
        return Ok(zeroize::Zeroizing::new(seed));
    }
    let seed: [u8; 32] = crate::crypto::random_array();
    shadow.execute(
        "INSERT INTO sync_own_key (user_id, seed) VALUES (?1, ?2)",
        params![user_id, seed.as_slice()],
    )?;
    Ok(zeroize::Zeroizing::new(seed))
}

/// The change set that turns the shadow into the vault's synced tables:
/// everything committed locally and not yet in the log. The shadow must be
/// attached to `conn`.
pub(crate) fn local_changes(conn: &Connection) -> Result<Vec<u8>> {
    let mut session = rusqlite::session::Session::new(conn)?;
    for table in SYNCED {
        session.attach(Some(*table))?;
        session.diff(SHADOW, *table)?;
    }
    let mut out = Vec::new();
    if !session.is_empty() {
        session.changeset_strm(&mut out)?;
    }
    Ok(out)
}

/// The inverse of a change set.
pub(crate) fn invert(changeset: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    rusqlite::session::invert_strm(&mut &changeset[..], &mut out)?;
    Ok(out)
}

/// One row change of a change set, as the role check reads it.
#[derive(Debug)]
pub(crate) struct RowChange {
    pub(crate) table: String,
    pub(crate) action: Action,
    /// The integer primary key of a table keyed by one integer column.
    pub(crate) id: Option<i64>,
    /// The columns an update changes, by index.
    pub(crate) changed: Vec<usize>,
    /// The first column's integer value (the contact of a contact's e-mail,
    /// phone, tag or custom value).
    pub(crate) first: Option<i64>,
    /// An insert's row, column by column.
    pub(crate) inserted: Vec<rusqlite::types::Value>,
}

/// The row changes of a change set.
pub(crate) fn rows(changeset: &[u8]) -> Result<Vec<RowChange>> {
    let mut input: &[u8] = changeset;
    let reader: &mut dyn Read = &mut input;
    let mut iter = ChangesetIter::start_strm(&reader)?;
    let mut out = Vec::new();
    while let Some(item) = iter.next()? {
        let op = item.op()?;
        let action = op.code();
        let table = op.table_name().to_owned();
        let single_int_pk = {
            let pk = item.pk()?;
            pk.first() == Some(&1) && pk.iter().skip(1).all(|p| *p == 0)
        };
        let value = |v: rusqlite::Result<ValueRef<'_>>| match v {
            Ok(ValueRef::Integer(i)) => Some(i),
            _ => None,
        };
        let first = if action == Action::SQLITE_INSERT {
            value(item.new_value(0))
        } else {
            value(item.old_value(0))
        };
        let id = if single_int_pk { first } else { None };
        // An unchanged column is "undefined" in an update's new vector,
        // which rusqlite reports as an error.
        let changed = if action == Action::SQLITE_UPDATE {
            let columns = usize::try_from(op.number_of_columns()).unwrap_or(0);
            (0..columns)
                .filter(|c| item.new_value(*c).is_ok())
                .collect()
        } else {
            Vec::new()
        };
        let inserted = if action == Action::SQLITE_INSERT {
            let columns = op.number_of_columns();
            (0..usize::try_from(columns).unwrap_or(0))
                .map(|c| item.new_value(c).map(owned))
                .collect::<rusqlite::Result<_>>()?
        } else {
            Vec::new()
        };
        out.push(RowChange {
            table,
            action,
            id,
            changed,
            first,
            inserted,
        });
    }
    Ok(out)
}

/// A changeset's value as a row's value.
fn owned(v: ValueRef<'_>) -> rusqlite::types::Value {
    use rusqlite::types::Value;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// How a change set applies.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Rules {
    /// A change of the log onto the state of the log before it: nothing
    /// should conflict; if something does, the log's change wins.
    Log,
    /// A local change set reapplied on top of what arrived (the rebase):
    /// the later writer (the local change, which will be appended after)
    /// wins a field; a deletion wins over an edit; an edit of a row deleted
    /// meanwhile is dropped.
    Rebase,
}

/// Applies `changeset` to the `main` database of `conn`; returns how many
/// conflicts the rules resolved.
pub(crate) fn apply(conn: &Connection, changeset: &[u8], rules: Rules) -> Result<usize> {
    if changeset.is_empty() {
        return Ok(0);
    }
    let conflicts = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&conflicts);
    conn.apply_strm(
        &mut &changeset[..],
        None::<fn(&str) -> bool>,
        move |kind, _item| {
            counter.fetch_add(1, Ordering::Relaxed);
            match (kind, rules) {
                // The row holds other values than the change expected: the
                // change is the later writer of the fields it sets (and a
                // deletion wins over the edit it meets).
                (ConflictType::SQLITE_CHANGESET_DATA, _)
                // The row to insert is there: the same change already
                // applied (a push whose answer was lost), or a key both
                // made; the later writer wins.
                | (ConflictType::SQLITE_CHANGESET_CONFLICT, _) => {
                    ConflictAction::SQLITE_CHANGESET_REPLACE
                }
                // The row to change or delete is gone: deleted meanwhile,
                // and a deletion wins over an edit.
                _ => ConflictAction::SQLITE_CHANGESET_OMIT,
            }
        },
    )?;
    Ok(conflicts.load(Ordering::Relaxed))
}

/// Gives rows inserted locally (in the vault, not in the shadow) whose
/// integer key a change of the log also inserts a fresh key, and moves
/// every reference to them (ADR 0020: "ids"); returns each move (table, old
/// key, new key). A row that holds exactly what the change inserts is that
/// change, already applied (a pull killed before the shadow recorded it):
/// it stays. The shadow must be attached and a transaction open with
/// deferred foreign keys.
pub(crate) fn remap_colliding(
    conn: &Connection,
    incoming: &[(String, i64, Vec<rusqlite::types::Value>)],
) -> Result<Vec<(String, i64, i64)>> {
    let mut moved = Vec::new();
    for (table, id, row) in incoming {
        let local_only: bool = conn.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM main.\"{table}\" WHERE rowid = ?1)
                    AND NOT EXISTS (SELECT 1 FROM {SHADOW}.\"{table}\" WHERE rowid = ?1)"
            ),
            [id],
            |r| r.get(0),
        )?;
        if !local_only {
            continue;
        }
        let here: Vec<rusqlite::types::Value> = {
            let mut stmt =
                conn.prepare(&format!("SELECT * FROM main.\"{table}\" WHERE rowid = ?1"))?;
            let n = stmt.column_count();
            stmt.query_row([id], |r| (0..n).map(|i| r.get(i)).collect())?
        };
        if here == *row {
            continue;
        }
        let highest_incoming = incoming
            .iter()
            .filter(|(t, _, _)| t == table)
            .map(|(_, i, _)| *i)
            .max()
            .unwrap_or(0);
        let highest_here: i64 = conn.query_row(
            &format!("SELECT COALESCE(MAX(rowid), 0) FROM main.\"{table}\""),
            [],
            |r| r.get(0),
        )?;
        let fresh = highest_here.max(highest_incoming).max(
            moved
                .iter()
                .filter(|(t, _, _)| t == table)
                .map(|m| m.2)
                .max()
                .unwrap_or(0),
        ) + 1;
        move_row(conn, table, *id, fresh)?;
        moved.push((table.clone(), *id, fresh));
    }
    Ok(moved)
}

/// Moves row `old` of `table` to key `new` with every reference to it.
fn move_row(conn: &Connection, table: &str, old: i64, new: i64) -> Result<()> {
    // References first (foreign keys are deferred), then the row itself by
    // delete and insert, so no cascade runs and no append-only trigger
    // (consents) sees an update of its key.
    let mut children = Vec::new();
    {
        let mut tables = conn.prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'",
        )?;
        let names: Vec<String> = tables
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for child in names {
            let mut fks = conn
                .prepare("SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?1, 'main')")?;
            let refs: Vec<(String, String)> = fks
                .query_map([&child], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (parent, column) in refs {
                if parent == table {
                    children.push((child.clone(), column));
                }
            }
        }
    }
    for (child, column) in &children {
        conn.execute(
            &format!("UPDATE main.\"{child}\" SET \"{column}\" = ?1 WHERE \"{column}\" = ?2"),
            params![new, old],
        )?;
    }
    conn.execute_batch("DROP TABLE IF EXISTS temp.sync_move")?;
    conn.execute(
        &format!("CREATE TEMP TABLE sync_move AS SELECT * FROM main.\"{table}\" WHERE rowid = ?1"),
        [old],
    )?;
    conn.execute(
        &format!("DELETE FROM main.\"{table}\" WHERE rowid = ?1"),
        [old],
    )?;
    let pk: String = conn.query_row(
        "SELECT name FROM pragma_table_info(?1, 'main') WHERE pk = 1",
        [table],
        |r| r.get(0),
    )?;
    conn.execute(&format!("UPDATE temp.sync_move SET \"{pk}\" = ?1"), [new])?;
    conn.execute(
        &format!("INSERT INTO main.\"{table}\" SELECT * FROM temp.sync_move"),
        [],
    )?;
    conn.execute_batch("DROP TABLE temp.sync_move")?;
    Ok(())
}

/// The records whose search entries a change set's rows touch: contacts
/// (with their e-mails, phones, tags and custom values), companies, deals
/// and activities.
pub(crate) fn indexed_records(
    rows: &[RowChange],
) -> Vec<(crate::records::recycle_bin::RecordKind, i64)> {
    use crate::records::recycle_bin::RecordKind;
    let mut out = Vec::new();
    for row in rows {
        let record = match row.table.as_str() {
            "contacts" => row.id.map(|id| (RecordKind::Contact, id)),
            "contact_emails" | "contact_phones" | "contact_tags" | "contact_custom_values" => {
                row.first.map(|id| (RecordKind::Contact, id))
            }
            "companies" => row.id.map(|id| (RecordKind::Company, id)),
            "deals" => row.id.map(|id| (RecordKind::Deal, id)),
            "activities" => row.id.map(|id| (RecordKind::Activity, id)),
            _ => None,
        };
        out.extend(record);
    }
    out
}

/// The record kind whose search entries a table's rows are.
pub(crate) fn record_of_table(table: &str) -> Option<crate::records::recycle_bin::RecordKind> {
    use crate::records::recycle_bin::RecordKind;
    match table {
        "contacts" => Some(RecordKind::Contact),
        "companies" => Some(RecordKind::Company),
        "deals" => Some(RecordKind::Deal),
        "activities" => Some(RecordKind::Activity),
        _ => None,
    }
}

/// Settles the references a rebase left dangling, as the deletion that
/// met them would have: a row inserted or moved here that points at a row
/// the log deleted meanwhile (a task on a person erased on another laptop)
/// goes (`ON DELETE CASCADE`, or a reference with no action), or loses the
/// reference (`ON DELETE SET NULL`). A deletion wins over an edit; the fix
/// becomes part of the local change set, so every replica ends the same.
/// Returns the rows it changed (table, rowid).
pub(crate) fn settle_dangling(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut settled = Vec::new();
    // Each pass may uncover more (a deleted row's own children cascade,
    // which SQLite does itself); a few passes always suffice.
    for _ in 0..8 {
        let violations: Vec<(String, i64, i64)> = {
            let mut stmt = conn.prepare("PRAGMA main.foreign_key_check")?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get(0)?, r.get::<_, Option<i64>>(1)?, r.get(3)?))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (table, rowid, fk): (String, Option<i64>, i64) = row?;
                if let Some(rowid) = rowid {
                    out.push((table, rowid, fk));
                }
            }
            out
        };
        if violations.is_empty() {
            return Ok(settled);
        }
        for (table, rowid, fk) in violations {
            let (column, on_delete): (String, String) = conn.query_row(
                "SELECT \"from\", on_delete FROM pragma_foreign_key_list(?1, 'main') WHERE id = ?2",
                params![table, fk],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if on_delete == "SET NULL" {
                conn.execute(
                    &format!("UPDATE main.\"{table}\" SET \"{column}\" = NULL WHERE rowid = ?1"),
                    [rowid],
                )?;
            } else {
                conn.execute(
                    &format!("DELETE FROM main.\"{table}\" WHERE rowid = ?1"),
                    [rowid],
                )?;
            }
            settled.push((table, rowid));
        }
    }
    Err(Error::Database(
        "the team changes left references that do not settle".into(),
    ))
}
