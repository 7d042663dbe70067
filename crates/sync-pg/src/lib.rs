//! The team vault's change log on PostgreSQL (ADR 0021): [`PgLog`]
//! implements steward-core's [`ChangeLog`] over one connection of the
//! synchronous `postgres` client.
//!
//! Three tables (`sql/schema.sql`) hold what the server may see: the
//! keyslots file and head of each vault, the sealed and signed change sets,
//! and the newest snapshot. An append is one transaction that moves the
//! vault's head only if it is still where the author saw it, inserts the
//! change set and notifies `team_<id>` listeners. `sql/roles.sql` grants the
//! least a replica needs.
//!
//! Core does not depend on this crate: the CLI and the app hand a `PgLog` to
//! core's sync functions as a `&mut dyn ChangeLog`.

#[cfg(feature = "test-support")]
pub mod test_cluster;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Config, NoTls, Statement};
use steward_core::sync::log::{Change, ChangeLog, NewChange, Seq, Snapshot, VaultId};
use steward_core::{Error, Result};

/// The tables this crate creates, idempotent.
pub const SCHEMA_SQL: &str = include_str!("../sql/schema.sql");
/// The least-privilege roles an administrator sets up after the schema.
pub const ROLES_SQL: &str = include_str!("../sql/roles.sql");
/// The version `team_schema` holds when [`SCHEMA_SQL`] has run.
pub const SCHEMA_VERSION: i32 = 1;

/// A transaction-level advisory lock key, so two replicas creating the tables
/// of an empty database at once do not collide ("steward" in ASCII).
const SCHEMA_LOCK: i64 = 0x0073_7465_7761_7264;

/// An append, as one statement and so one transaction: move the vault's
/// head only if it is still `after`, insert the change under the new number,
/// notify the vault's channel (delivered at commit). Under READ COMMITTED a
/// second appender at the same `after` waits for the first's row lock, then
/// finds `head` moved and updates nothing: exactly one wins, and no row
/// comes back to the loser.
const APPEND_SQL: &str = "
WITH moved AS (
    UPDATE team_vaults SET head = head + 1
    WHERE vault_id = $1 AND head = $2
    RETURNING head
), appended AS (
    INSERT INTO team_changes (vault_id, seq, author_slot, nonce, ciphertext, signature)
    SELECT $1, head, $3, $4, $5, $6 FROM moved
    RETURNING seq
)
SELECT seq, pg_notify($7, seq::text) FROM appended";

/// How long [`PgLog::connect_with_password`] waits for an unanswering
/// server.
pub const BACKGROUND_TIMEOUT: Duration = Duration::from_secs(15);

/// Where [`PgLog::connect`] finds the password an address leaves out.
pub const PASSWORD_ENV: &str = "PGPASSWORD";

fn parse(url: &str) -> Result<Config> {
    url.parse().map_err(|_| {
        Error::SyncServer(
            "the team server's address is not a valid postgres:// URL or connection string".into(),
        )
    })
}

/// Whether `url` holds a password (which any other account on the computer
/// can read in the process list while a command runs).
///
/// # Errors
/// [`Error::SyncServer`] when `url` is not an address.
pub fn has_password(url: &str) -> Result<bool> {
    Ok(parse(url)?.get_password().is_some())
}

/// The address `url` names, as a `key=value` connection string without any
/// password: what a replica may keep on disk and show. Every other setting
/// the client uses (hosts, ports, user, database, options, application
/// name, connect timeout, sslmode) is kept.
///
/// # Errors
/// [`Error::SyncServer`] when `url` is not an address.
pub fn without_password(url: &str) -> Result<String> {
    let config = parse(url)?;
    let mut parts = Vec::new();
    let mut push = |key: &str, value: &str| parts.push(format!("{key}={}", quote(value)));
    let hosts: Vec<String> = config.get_hosts().iter().map(host_name).collect();
    if !hosts.is_empty() {
        push("host", &hosts.join(","));
    }
    let ports: Vec<String> = config.get_ports().iter().map(u16::to_string).collect();
    if !ports.is_empty() {
        push("port", &ports.join(","));
    }
    if let Some(user) = config.get_user() {
        push("user", user);
    }
    if let Some(db) = config.get_dbname() {
        push("dbname", db);
    }
    if let Some(options) = config.get_options() {
        push("options", options);
    }
    if let Some(name) = config.get_application_name() {
        push("application_name", name);
    }
    if let Some(timeout) = config.get_connect_timeout() {
        push("connect_timeout", &timeout.as_secs().to_string());
    }
    match config.get_ssl_mode() {
        postgres::config::SslMode::Disable => push("sslmode", "disable"),
        postgres::config::SslMode::Require => push("sslmode", "require"),
        _ => {}
    }
    Ok(parts.join(" "))
}

/// Whether `err` says the server refused this replica's user or password
/// (or asked for a password none was given for), as opposed to being out of
/// reach: the app then asks for the password instead of retrying.
pub fn refused_authentication(err: &Error) -> bool {
    let Error::SyncServer(message) = err else {
        return false;
    };
    // The server's SQLSTATE (class 28: invalid authorization) ends the
    // message of `server`; the client says "password missing" itself.
    message.ends_with("(28P01)")
        || message.ends_with("(28000)")
        || message.contains("password missing")
}

/// The server's host(s) and database of `url`, for people: never its
/// password. `None` when `url` is not an address.
pub fn host_and_database(url: &str) -> Option<(String, Option<String>)> {
    let config = parse(url).ok()?;
    let hosts: Vec<String> = config.get_hosts().iter().map(host_name).collect();
    let host = if hosts.is_empty() {
        "localhost".to_owned()
    } else {
        hosts.join(",")
    };
    Some((host, config.get_dbname().map(str::to_owned)))
}

fn host_name(host: &postgres::config::Host) -> String {
    match host {
        postgres::config::Host::Tcp(name) => name.clone(),
        postgres::config::Host::Unix(path) => path.display().to_string(),
    }
}

/// A value of a `key=value` connection string, quoted when it must be.
fn quote(value: &str) -> String {
    if !value.is_empty()
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c == '\\' || c == '\'')
    {
        return value.to_owned();
    }
    let mut out = String::from("'");
    for c in value.chars() {
        if c == '\\' || c == '\'' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// The team log on a PostgreSQL server.
pub struct PgLog {
    client: Client,
    /// To connect again when the server closed the connection (a restart,
    /// a network cut): the next operation after a failure tries once more.
    config: Config,
    /// [`APPEND_SQL`], prepared at the first append on this connection: one
    /// round trip each.
    append_statement: Option<Statement>,
}

impl std::fmt::Debug for PgLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The client's configuration holds the password: show nothing of it.
        f.debug_struct("PgLog").finish_non_exhaustive()
    }
}

impl PgLog {
    /// Connects with a `postgres://user:password@host:port/db?sslmode=…`
    /// URL or a `host=… user=…` string (a `host` starting with `/` is a Unix
    /// socket directory), and creates the tables when they are missing.
    ///
    /// No TLS yet: a URL that asks for it (`sslmode=require`) fails to
    /// connect rather than sending the password in the clear. Errors never
    /// repeat the URL, which may hold a password.
    ///
    /// An address without a password takes the one in `PGPASSWORD`, as
    /// libpq does, so a replica need not keep a password on disk.
    pub fn connect(url: &str) -> Result<Self> {
        let mut config = parse(url)?;
        if config.get_password().is_none()
            && let Some(password) = std::env::var_os(PASSWORD_ENV)
        {
            config.password(password.as_encoded_bytes());
        }
        Self::connect_with(&config)
    }

    /// [`PgLog::connect`] with the password given apart from the address
    /// (the app's, from the system keychain): `url` should hold none.
    /// Without one, `PGPASSWORD` as for [`PgLog::connect`].
    ///
    /// For a background sync that holds the vault while it pushes: unless
    /// the address says otherwise, connecting gives up after
    /// [`BACKGROUND_TIMEOUT`], and over TCP a request the server stops
    /// acknowledging fails after as long, instead of hanging.
    pub fn connect_with_password(url: &str, password: Option<&str>) -> Result<Self> {
        let mut config = parse(url)?;
        match password {
            Some(password) => {
                config.password(password);
            }
            None => {
                if config.get_password().is_none()
                    && let Some(password) = std::env::var_os(PASSWORD_ENV)
                {
                    config.password(password.as_encoded_bytes());
                }
            }
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(BACKGROUND_TIMEOUT);
        }
        config.tcp_user_timeout(BACKGROUND_TIMEOUT);
        Self::connect_with(&config)
    }

    /// [`PgLog::connect`] with a parsed configuration.
    pub fn connect_with(config: &Config) -> Result<Self> {
        let client = config
            .connect(NoTls)
            .map_err(|e| server("connecting", &e))?;
        let mut log = Self {
            client,
            config: config.clone(),
            append_statement: None,
        };
        log.ensure_schema()?;
        Ok(log)
    }

    /// Checks the schema version and creates the tables when the database
    /// has none. A role without CREATE (see `sql/roles.sql`) works once an
    /// administrator has run the schema.
    fn ensure_schema(&mut self) -> Result<()> {
        if let Some(version) = self.schema_version()? {
            return check_version(version);
        }
        let mut tx = self
            .client
            .transaction()
            .map_err(|e| server("creating the tables", &e))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
            .map_err(|e| server("creating the tables", &e))?;
        tx.batch_execute(SCHEMA_SQL)
            .map_err(|e| server("creating the tables", &e))?;
        tx.commit().map_err(|e| server("creating the tables", &e))?;
        match self.schema_version()? {
            Some(version) => check_version(version),
            None => Err(Error::SyncServer(
                "the team log's tables could not be created".into(),
            )),
        }
    }

    /// Connects again if the connection was closed since the last call.
    fn ready(&mut self) -> Result<()> {
        if self.client.is_closed() {
            self.client = self
                .config
                .connect(NoTls)
                .map_err(|e| server("connecting", &e))?;
            self.append_statement = None;
        }
        Ok(())
    }

    fn schema_version(&mut self) -> Result<Option<i32>> {
        let exists: bool = self
            .client
            .query_one("SELECT to_regclass('team_schema') IS NOT NULL", &[])
            .map_err(|e| server("reading the schema version", &e))?
            .get(0);
        if !exists {
            return Ok(None);
        }
        let row = self
            .client
            .query_opt("SELECT max(version) FROM team_schema", &[])
            .map_err(|e| server("reading the schema version", &e))?;
        Ok(row.and_then(|r| r.get::<_, Option<i32>>(0)))
    }

    /// Waits until the vault's log moves past `after` or `timeout` ends, and
    /// returns its head then (still `after` or less on a time-out). For the
    /// app's background sync: one connection `LISTEN`s on `team_<id>`, which
    /// every append notifies, instead of polling.
    pub fn wait_for_changes(
        &mut self,
        vault: &VaultId,
        after: Seq,
        timeout: Duration,
    ) -> Result<Seq> {
        self.ready()?;
        let channel = channel(vault)?;
        let deadline = Instant::now() + timeout;
        self.client
            .batch_execute(&format!("LISTEN {channel}"))
            .map_err(|e| server("listening for changes", &e))?;
        let waited = self.wait_listening(vault, after, &channel, deadline);
        let unlisten = self
            .client
            .batch_execute(&format!("UNLISTEN {channel}"))
            .map_err(|e| server("listening for changes", &e));
        let head = waited?;
        unlisten?;
        Ok(head)
    }

    fn wait_listening(
        &mut self,
        vault: &VaultId,
        after: Seq,
        channel: &str,
        deadline: Instant,
    ) -> Result<Seq> {
        // Notifications left from an earlier wait would wake this one for
        // nothing: drop them; the head read below covers them.
        {
            let mut notifications = self.client.notifications();
            let mut pending = notifications.iter();
            while pending
                .next()
                .map_err(|e| server("listening for changes", &e))?
                .is_some()
            {}
        }
        // An append between the caller's last read and the LISTEN sent no
        // notification this connection can see: look once after listening.
        let head = self.head(vault)?;
        if head > after {
            return Ok(head);
        }
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return self.head(vault);
            }
            let woken = {
                let mut notifications = self.client.notifications();
                match notifications.timeout_iter(left).next() {
                    Ok(Some(n)) => n.channel() == channel,
                    Ok(None) => true,
                    Err(e) => return Err(server("listening for changes", &e)),
                }
            };
            if woken {
                return self.head(vault);
            }
        }
    }

    /// Deletes the changes the vault's snapshot already holds; returns how
    /// many. Needs the `steward_admin` role of `sql/roles.sql` (replicas'
    /// `steward_sync` cannot delete). A replica further behind than the
    /// snapshot then starts from the snapshot.
    pub fn compact(&mut self, vault: &VaultId) -> Result<u64> {
        self.ready()?;
        check_id(vault)?;
        self.client
            .execute(
                "DELETE FROM team_changes c USING team_snapshots s
                 WHERE c.vault_id = $1 AND s.vault_id = $1 AND c.seq <= s.upto",
                &[&vault.0],
            )
            .map_err(|e| server("compacting the log", &e))
    }
}

fn check_version(version: i32) -> Result<()> {
    if version == SCHEMA_VERSION {
        Ok(())
    } else {
        Err(Error::SyncServer(format!(
            "the team log's tables are at version {version}; this Steward knows version {SCHEMA_VERSION}"
        )))
    }
}

/// A vault id is 64 lowercase hex digits (log.rs), which the table checks
/// too; checked here first so it can be part of a channel name.
fn check_id(vault: &VaultId) -> Result<()> {
    let id = &vault.0;
    if id.len() == 64
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        Ok(())
    } else {
        Err(Error::SyncServer(
            "a team vault id is 64 lowercase hex digits".into(),
        ))
    }
}

/// The notification channel of a vault: `team_` and the id's first 32 hex
/// digits (128 bits), as a channel name is at most 63 bytes.
fn channel(vault: &VaultId) -> Result<String> {
    check_id(vault)?;
    Ok(format!("team_{}", &vault.0[..32]))
}

/// A server error as core's `SyncServer`, naming what was being done. The
/// server's own message names a role or a table, never a password, and
/// leaves out its detail lines (which may quote a row's values); the
/// client's messages never repeat the connection string.
fn server(doing: &str, e: &postgres::Error) -> Error {
    match e.as_db_error() {
        Some(db) => Error::SyncServer(format!("{doing}: {} ({})", db.message(), db.code().code())),
        // The client's own error says "error connecting to server"; the
        // reason (refused, no such socket) is its source. Neither holds
        // the address or its password.
        None => match std::error::Error::source(e) {
            Some(cause) => Error::SyncServer(format!("{doing}: {e}: {cause}")),
            None => Error::SyncServer(format!("{doing}: {e}")),
        },
    }
}

fn is(e: &postgres::Error, state: &SqlState) -> bool {
    e.code() == Some(state)
}

impl PgLog {
    fn vault_head(&mut self, vault: &VaultId) -> Result<Option<Seq>> {
        self.ready()?;
        check_id(vault)?;
        let row = self
            .client
            .query_opt(
                "SELECT head FROM team_vaults WHERE vault_id = $1",
                &[&vault.0],
            )
            .map_err(|e| server("reading the log's head", &e))?;
        Ok(row.map(|r| r.get(0)))
    }
}

fn no_vault() -> Error {
    Error::SyncServer("the team server has no vault with this id".into())
}

impl ChangeLog for PgLog {
    fn create_vault(&mut self, vault: &VaultId, keyslots: &[u8]) -> Result<()> {
        self.ready()?;
        check_id(vault)?;
        match self.client.execute(
            "INSERT INTO team_vaults (vault_id, keyslots) VALUES ($1, $2)",
            &[&vault.0, &keyslots],
        ) {
            Ok(_) => Ok(()),
            Err(e) if is(&e, &SqlState::UNIQUE_VIOLATION) => Err(Error::SyncServer(
                "the team server already has a vault with this id".into(),
            )),
            Err(e) => Err(server("publishing the vault", &e)),
        }
    }

    fn keyslots(&mut self, vault: &VaultId) -> Result<Option<(i64, Vec<u8>)>> {
        self.ready()?;
        check_id(vault)?;
        let row = self
            .client
            .query_opt(
                "SELECT keyslots_version, keyslots FROM team_vaults WHERE vault_id = $1",
                &[&vault.0],
            )
            .map_err(|e| server("reading the keyslots file", &e))?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    fn replace_keyslots(&mut self, vault: &VaultId, expected: i64, keyslots: &[u8]) -> Result<i64> {
        self.ready()?;
        check_id(vault)?;
        let row = self
            .client
            .query_opt(
                "UPDATE team_vaults SET keyslots = $3, keyslots_version = keyslots_version + 1
                 WHERE vault_id = $1 AND keyslots_version = $2
                 RETURNING keyslots_version",
                &[&vault.0, &expected, &keyslots],
            )
            .map_err(|e| server("replacing the keyslots file", &e))?;
        if let Some(row) = row {
            return Ok(row.get(0));
        }
        match self.keyslots(vault)? {
            Some((version, _)) => Err(Error::LogMoved { head: version }),
            None => Err(no_vault()),
        }
    }

    fn append(&mut self, vault: &VaultId, after: Seq, change: &NewChange) -> Result<Seq> {
        self.ready()?;
        let channel = channel(vault)?;
        let statement = match &self.append_statement {
            Some(statement) => statement.clone(),
            None => {
                let statement = self
                    .client
                    .prepare(APPEND_SQL)
                    .map_err(|e| server("appending a change", &e))?;
                self.append_statement = Some(statement.clone());
                statement
            }
        };
        let row = self
            .client
            .query_opt(
                &statement,
                &[
                    &vault.0,
                    &after,
                    &change.author_slot,
                    &change.nonce,
                    &change.ciphertext,
                    &change.signature,
                    &channel,
                ],
            )
            .map_err(|e| server("appending a change", &e))?;
        match row {
            Some(row) => Ok(row.get(0)),
            None => match self.vault_head(vault)? {
                Some(head) => Err(Error::LogMoved { head }),
                None => Err(no_vault()),
            },
        }
    }

    fn changes_after(&mut self, vault: &VaultId, after: Seq, limit: usize) -> Result<Vec<Change>> {
        self.ready()?;
        check_id(vault)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .client
            .query(
                "SELECT seq, author_slot, nonce, ciphertext, signature, accepted_at FROM team_changes
                 WHERE vault_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                &[&vault.0, &after, &limit],
            )
            .map_err(|e| server("reading changes", &e))?;
        Ok(rows
            .into_iter()
            .map(|r| Change {
                seq: r.get(0),
                change: NewChange {
                    author_slot: r.get(1),
                    nonce: r.get(2),
                    ciphertext: r.get(3),
                    signature: r.get(4),
                },
                accepted_at: r.get::<_, DateTime<Utc>>(5),
            })
            .collect())
    }

    fn head(&mut self, vault: &VaultId) -> Result<Seq> {
        self.vault_head(vault)?.ok_or_else(no_vault)
    }

    fn put_snapshot(&mut self, vault: &VaultId, snapshot: &Snapshot) -> Result<()> {
        self.ready()?;
        let head = self.head(vault)?;
        if snapshot.upto < 0 || snapshot.upto > head {
            return Err(Error::SyncServer(format!(
                "a snapshot up to change {} is past the log's head {head}",
                snapshot.upto
            )));
        }
        // The newest snapshot wins; an older one arriving late changes
        // nothing.
        self.client
            .execute(
                "INSERT INTO team_snapshots (vault_id, upto, bytes) VALUES ($1, $2, $3)
                 ON CONFLICT (vault_id) DO UPDATE
                 SET upto = excluded.upto, bytes = excluded.bytes, created_at = now()
                 WHERE team_snapshots.upto <= excluded.upto",
                &[&vault.0, &snapshot.upto, &snapshot.bytes],
            )
            .map_err(|e| server("storing a snapshot", &e))?;
        Ok(())
    }

    fn latest_snapshot(&mut self, vault: &VaultId) -> Result<Option<Snapshot>> {
        self.ready()?;
        check_id(vault)?;
        let row = self
            .client
            .query_opt(
                "SELECT upto, bytes FROM team_snapshots WHERE vault_id = $1",
                &[&vault.0],
            )
            .map_err(|e| server("reading the snapshot", &e))?;
        Ok(row.map(|r| Snapshot {
            upto: r.get(0),
            bytes: r.get(1),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_password_is_told_apart_from_a_server_out_of_reach() {
        let refused = [
            "connecting: password authentication failed for user \"steward\" (28P01)",
            "connecting: no pg_hba.conf entry for host \"10.0.0.2\", user \"steward\" (28000)",
            "connecting: invalid configuration: password missing",
        ];
        for message in refused {
            assert!(
                refused_authentication(&Error::SyncServer(message.into())),
                "{message}"
            );
        }
        let other = [
            "connecting: error connecting to server: Connection refused (os error 111)",
            "reading the log's head: relation \"team_vaults\" does not exist (42P01)",
        ];
        for message in other {
            assert!(
                !refused_authentication(&Error::SyncServer(message.into())),
                "{message}"
            );
        }
        assert!(!refused_authentication(&Error::LogMoved { head: 3 }));
    }

    #[test]
    fn an_address_is_kept_without_its_password() {
        let kept =
            without_password("postgres://ada:s3cret%20pw@db.example:5433/crm?sslmode=disable")
                .expect("an address");
        assert_eq!(
            kept,
            "host=db.example port=5433 user=ada dbname=crm sslmode=disable"
        );
        let kept = without_password("host=/run/pg user=ada password='s3cret pw' dbname='my crm'")
            .expect("an address");
        assert_eq!(kept, "host=/run/pg user=ada dbname='my crm'");
        let again: Config = kept.parse().expect("parses again");
        assert_eq!(again.get_dbname(), Some("my crm"));
        assert_eq!(again.get_password(), None);
        assert_eq!(
            host_and_database("postgres://ada:pw@db.example/crm"),
            Some(("db.example".to_owned(), Some("crm".to_owned())))
        );
        assert!(without_password("not an address at all ' ").is_err());
    }
}
