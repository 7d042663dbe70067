//! The team's shared audit chain (ADR 0024): the audit entries that change
//! sets carry, appended by every replica in the order of the team's log to
//! `team_audit_log`, chained as `audit_log` is (vault format 5.7) under the
//! same audit key. The chain is a function of the log: every replica holds
//! the same rows and the same hashes.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::VerifyReport;
use super::chain::{GENESIS, canonical_in, link};
use crate::Result;
use crate::secret::DerivedKey;

/// The domain of a shared entry's canonical form.
const DOMAIN: &str = "steward-team-audit-v1";

/// Local entries that stay the laptop's own: the record of a pull is the
/// mechanics of this replica (sharing it would make every pull a change
/// set for the others to pull, and so on without end).
const LOCAL_ONLY: &[&str] = &["team.pull"];

/// One audit entry as a change set carries it: the fields of an
/// `audit_log` row without its place in a chain (`seq`, `prev_hash`,
/// `hash`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SharedEntry {
    pub(crate) at: String,
    pub(crate) actor_id: Option<i64>,
    pub(crate) action: String,
    pub(crate) target_type: Option<String>,
    pub(crate) target_id: Option<String>,
    pub(crate) outcome: String,
    pub(crate) details: String,
}

/// What a change set carries besides its changeset: its author's entries
/// after their last push, up to `upto` (the author's own `audit_log`
/// sequence number; entries up to it are then in the log).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Carried {
    pub(crate) upto: i64,
    pub(crate) entries: Vec<SharedEntry>,
}

/// The laptop's entries after `after`, to travel with the next change set
/// (those of [`LOCAL_ONLY`] actions left out), and the newest local entry
/// they cover. `None` when nothing new was written.
pub(crate) fn carried_since(conn: &Connection, after: i64) -> Result<Option<Carried>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor_id, action, target_type, target_id, outcome, details
         FROM audit_log WHERE seq > ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([after])?;
    let mut carried = Carried {
        upto: after,
        entries: Vec::new(),
    };
    while let Some(r) = rows.next()? {
        carried.upto = r.get(0)?;
        let action: String = r.get(3)?;
        if LOCAL_ONLY.contains(&action.as_str()) {
            continue;
        }
        carried.entries.push(SharedEntry {
            at: r.get(1)?,
            actor_id: r.get(2)?,
            action,
            target_type: r.get(4)?,
            target_id: r.get(5)?,
            outcome: r.get(6)?,
            details: r.get(7)?,
        });
    }
    Ok(if carried.entries.is_empty() {
        None
    } else {
        Some(carried)
    })
}

/// How many of the laptop's entries after `after` would travel with the
/// next change set ([`carried_since`] without reading them out).
pub(crate) fn waiting_since(conn: &Connection, after: i64) -> Result<usize> {
    travelling_between(conn, after, i64::MAX)
}

/// How many of the laptop's entries after `after`, up to `upto`, travel
/// (all but [`LOCAL_ONLY`] actions'): counted by SQLite on a range of the
/// key, nothing read out.
pub(crate) fn travelling_between(conn: &Connection, after: i64, upto: i64) -> Result<usize> {
    let local: Vec<String> = LOCAL_ONLY.iter().map(|a| format!("'{a}'")).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT count(*) FROM audit_log WHERE seq > ?1 AND seq <= ?2 AND action NOT IN ({})",
        local.join(", ")
    ))?;
    let n: i64 = stmt.query_row([after, upto], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or_default())
}

/// The change of the log whose entries were appended last, if any: rows
/// come in log order, so a change at or below it is already here (a pull
/// or a push killed before the shadow recorded it, then fetched again).
pub(crate) fn last_log_seq(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT log_seq FROM team_audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

#[allow(clippy::too_many_arguments, reason = "one argument per stored column")]
fn canonical(
    seq: i64,
    log_seq: i64,
    author: &Author<'_>,
    at: &str,
    actor: Option<i64>,
    action: &str,
    target_type: Option<&str>,
    target_id: Option<&str>,
    outcome: &str,
    details: &str,
) -> Vec<u8> {
    canonical_in(
        &[
            DOMAIN,
            &log_seq.to_string(),
            author.slot,
            &author.user_id.to_string(),
            author.device,
        ],
        seq,
        at,
        actor,
        action,
        target_type,
        target_id,
        outcome,
        details,
    )
}

/// Who made a change of the log: the slot it was appended under, the user
/// it names, and the replica (the hex public key of the device that
/// signed it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Author<'a> {
    pub(crate) slot: &'a str,
    pub(crate) user_id: i64,
    pub(crate) device: &'a str,
}

/// Appends the entries change `log_seq` of the log carried, by `author`,
/// after the shared chain's head; does nothing when that change's entries
/// are already here. Call inside the vault transaction that applies the
/// change.
pub(crate) fn append(
    conn: &Connection,
    key: &DerivedKey,
    log_seq: i64,
    author: &Author<'_>,
    entries: &[SharedEntry],
) -> Result<usize> {
    if entries.is_empty() || last_log_seq(conn)?.is_some_and(|last| last >= log_seq) {
        return Ok(0);
    }
    let (mut seq, mut prev) = conn
        .query_row(
            "SELECT seq, hash FROM team_audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?
        .unwrap_or((0, GENESIS.to_owned()));
    let mut insert = conn.prepare_cached(
        "INSERT INTO team_audit_log (seq, log_seq, author_slot, author_id, device, at, actor_id,
             action, target_type, target_id, outcome, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for e in entries {
        seq += 1;
        let hash = link(
            key,
            &prev,
            &canonical(
                seq,
                log_seq,
                author,
                &e.at,
                e.actor_id,
                &e.action,
                e.target_type.as_deref(),
                e.target_id.as_deref(),
                &e.outcome,
                &e.details,
            ),
        );
        insert.execute(params![
            seq,
            log_seq,
            author.slot,
            author.user_id,
            author.device,
            e.at,
            e.actor_id,
            e.action,
            e.target_type,
            e.target_id,
            e.outcome,
            e.details,
            prev,
            hash
        ])?;
        prev = hash;
    }
    Ok(entries.len())
}

/// Walks the whole shared chain in order and reports the first broken
/// entry (its `problem` names the shared chain).
pub(crate) fn verify(conn: &Connection, key: &DerivedKey) -> Result<VerifyReport> {
    let mut stmt = conn.prepare(
        "SELECT seq, log_seq, author_slot, author_id, device, at, actor_id, action,
             target_type, target_id, outcome, details, prev_hash, hash
         FROM team_audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected = 1i64;
    let mut prev = GENESIS.to_owned();
    let mut last_log = 0i64;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let log_seq: i64 = r.get(1)?;
        let prev_hash: String = r.get(12)?;
        let hash: String = r.get(13)?;
        let broken = |problem: String| VerifyReport::Broken { seq, problem };
        if seq != expected {
            return Ok(VerifyReport::Broken {
                seq: expected,
                problem: format!(
                    "the team's shared audit chain lacks entry {expected} (the next one is {seq})"
                ),
            });
        }
        if prev_hash != prev {
            return Ok(broken(format!(
                "entry {seq} of the team's shared audit chain does not link to the entry before it"
            )));
        }
        if log_seq < last_log {
            return Ok(broken(format!(
                "entry {seq} of the team's shared audit chain is out of the log's order"
            )));
        }
        let (slot, device): (String, String) = (r.get(2)?, r.get(4)?);
        let author = Author {
            slot: &slot,
            user_id: r.get(3)?,
            device: &device,
        };
        let bytes = canonical(
            seq,
            log_seq,
            &author,
            &r.get::<_, String>(5)?,
            r.get(6)?,
            &r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?.as_deref(),
            r.get::<_, Option<String>>(9)?.as_deref(),
            &r.get::<_, String>(10)?,
            &r.get::<_, String>(11)?,
        );
        if link(key, &prev_hash, &bytes) != hash {
            return Ok(broken(format!(
                "entry {seq} of the team's shared audit chain was altered"
            )));
        }
        prev = hash;
        last_log = log_seq;
        expected += 1;
    }
    Ok(VerifyReport::Intact {
        entries: u64::try_from(expected - 1).unwrap_or(0),
    })
}
