//! Reading and exporting the audit log: the entries as shown to auditors,
//! the filter, the query and the CSV form. The permission checks and the
//! entries recording a check or an export are the `Session` methods of
//! [`crate::monitor`].

use std::io::Write;

use rusqlite::Connection;
use rusqlite::types::Value;

use crate::{Error, Result};

/// One entry as shown to auditors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Sequence number, from 1.
    pub seq: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who, by user id (`None` for events with no known user, such as a
    /// failed unlock under an unknown name).
    pub actor_id: Option<i64>,
    /// The actor's login name, when the user still exists.
    pub actor_name: Option<String>,
    /// What, such as `contact.update`.
    pub action: String,
    /// The target's entity type.
    pub target_type: Option<String>,
    /// The target's id.
    pub target_id: Option<String>,
    /// `allowed` or `denied`.
    pub outcome: String,
    /// A small JSON object without personal data.
    pub details: String,
    /// The entry's chain hash.
    pub hash: String,
    /// In the team's shared chain: the login name of the user whose change
    /// set carried the entry (`None` in the laptop's own log, or when that
    /// user no longer exists).
    pub author_name: Option<String>,
    /// In the team's shared chain: the replica that sent it, as the first
    /// eight hex digits of its device's signing key.
    pub replica: Option<String>,
}

/// Which entries to list; every field narrows the result.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this user's entries (login name, case-insensitive).
    pub actor: Option<String>,
    /// Only this action, or every action under it when it ends in `.`
    /// (`contact.` matches `contact.create`, `contact.update`, …).
    pub action: Option<String>,
    /// Only entries about this entity type…
    pub target_type: Option<String>,
    /// …and id.
    pub target_id: Option<String>,
    /// Only entries at or after this time (RFC 3339 or `YYYY-MM-DD`).
    pub since: Option<String>,
    /// Only entries before this time.
    pub until: Option<String>,
    /// Only entries older than this sequence number (for paging backwards).
    pub before_seq: Option<i64>,
    /// At most this many, newest first (default 200, at most 10 000).
    pub limit: Option<u32>,
    /// The team's shared chain (ADR 0024) instead of the laptop's own log.
    pub shared: bool,
}

/// Largest page of `Session::audit_entries`.
pub const MAX_AUDIT_PAGE: u32 = 10_000;

fn normalize_time(label: &str, value: &str) -> Result<String> {
    Ok(crate::clock::rfc3339(crate::clock::parse_moment(
        label, value,
    )?))
}

/// The entries matching `filter`, newest first, at most `limit`. The
/// filter's actor is `actor_id`, the id its name resolved to (`None` for a
/// name no user has, which matches no entry).
pub(crate) fn query(
    conn: &Connection,
    filter: &AuditFilter,
    actor_id: Option<i64>,
    limit: u32,
) -> Result<Vec<AuditEntry>> {
    let (sql, args) = query_sql(filter, actor_id, limit)?;
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
        Ok(AuditEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor_id: r.get(2)?,
            actor_name: r.get(3)?,
            action: r.get(4)?,
            target_type: r.get(5)?,
            target_id: r.get(6)?,
            outcome: r.get(7)?,
            details: r.get(8)?,
            hash: r.get(9)?,
            author_name: r.get(10)?,
            replica: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The statement [`query`] runs, and its parameters: a walk of the log
/// backwards from `before_seq` (keyset pages by sequence number, ADR 0023).
pub(crate) fn query_sql(
    filter: &AuditFilter,
    actor_id: Option<i64>,
    limit: u32,
) -> Result<(String, Vec<Value>)> {
    let mut sql = String::from(if filter.shared {
        "SELECT a.seq, a.at, a.actor_id, u.name, a.action, a.target_type, a.target_id,
                a.outcome, a.details, a.hash, w.name, substr(a.device, 1, 8)
         FROM team_audit_log a LEFT JOIN users u ON u.id = a.actor_id
             LEFT JOIN users w ON w.id = a.author_id WHERE 1 = 1"
    } else {
        "SELECT a.seq, a.at, a.actor_id, u.name, a.action, a.target_type, a.target_id,
                a.outcome, a.details, a.hash, NULL, NULL
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE 1 = 1"
    });
    let mut args: Vec<Value> = Vec::new();
    if filter.actor.is_some() {
        // An unknown name matches no entry (NULL equals nothing).
        sql.push_str(" AND a.actor_id = ?");
        args.push(actor_id.map_or(Value::Null, Value::Integer));
    }
    if let Some(action) = &filter.action {
        if let Some(prefix) = action.strip_suffix('.') {
            sql.push_str(" AND a.action >= ? AND a.action < ?");
            args.push(Value::Text(format!("{prefix}.")));
            args.push(Value::Text(format!("{prefix}/")));
        } else {
            sql.push_str(" AND a.action = ?");
            args.push(Value::Text(action.clone()));
        }
    }
    if let Some(t) = &filter.target_type {
        sql.push_str(" AND a.target_type = ?");
        args.push(Value::Text(t.clone()));
    }
    if let Some(id) = &filter.target_id {
        sql.push_str(" AND a.target_id = ?");
        args.push(Value::Text(id.clone()));
    }
    if let Some(since) = &filter.since {
        sql.push_str(" AND a.at >= ?");
        args.push(Value::Text(normalize_time("period start", since)?));
    }
    if let Some(until) = &filter.until {
        sql.push_str(" AND a.at < ?");
        args.push(Value::Text(normalize_time("period end", until)?));
    }
    if let Some(before) = filter.before_seq {
        sql.push_str(" AND a.seq < ?");
        args.push(Value::Integer(before));
    }
    sql.push_str(" ORDER BY a.seq DESC LIMIT ?");
    args.push(Value::Integer(i64::from(limit)));
    Ok((sql, args))
}

/// Writes `entries` as CSV under the ten names of `header` (seq, at,
/// actor id, actor, action, target type, target id, outcome, details, hash,
/// in the caller's language), and the two of `shared` (author, replica)
/// for the team's shared chain, each cell guarded against spreadsheet
/// formulas.
pub(crate) fn write_csv(
    entries: &[AuditEntry],
    header: [&str; 10],
    shared: Option<[&str; 2]>,
    out: &mut dyn Write,
) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| Error::Io {
        action: "write the audit export".into(),
        source: std::io::Error::other(e.to_string()),
    };
    let mut names = header.to_vec();
    names.extend(shared.iter().flatten());
    w.write_record(&names).map_err(io)?;
    for e in entries {
        let mut cells = vec![
            e.seq.to_string(),
            e.at.clone(),
            e.actor_id.map(|a| a.to_string()).unwrap_or_default(),
            e.actor_name.clone().unwrap_or_default(),
            e.action.clone(),
            e.target_type.clone().unwrap_or_default(),
            e.target_id.clone().unwrap_or_default(),
            e.outcome.clone(),
            e.details.clone(),
            e.hash.clone(),
        ];
        if shared.is_some() {
            cells.push(e.author_name.clone().unwrap_or_default());
            cells.push(e.replica.clone().unwrap_or_default());
        }
        w.write_record(
            cells
                .iter()
                .map(|cell| crate::csv_cell::protect(cell).into_owned()),
        )
        .map_err(io)?;
    }
    w.flush().map_err(Error::io("write the audit export"))?;
    Ok(())
}
