//! Appending to the hash chain and verifying it.

use rusqlite::{Connection, OptionalExtension, params};

use super::Event;
use crate::crypto;
use crate::secret::DerivedKey;
use crate::{Error, Result};

/// The previous hash of the first entry.
pub(super) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The last entry's sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    /// Sequence number, from 1.
    pub seq: i64,
    /// Lower-case hex HMAC-SHA-256.
    pub hash: String,
}

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyReport {
    /// Every entry links to the one before and the head matches the vault's record.
    Intact {
        /// Entries checked.
        entries: u64,
    },
    /// The first entry found broken, and what is wrong with it.
    Broken {
        /// The sequence number of the first broken (or missing) entry.
        seq: i64,
        /// One sentence.
        problem: String,
    },
}

/// The bytes an entry's hash covers: each field as a 4-byte big-endian length
/// followed by its UTF-8 bytes, in a fixed order, so no two different entries
/// encode alike. An absent value is encoded as length 0xFFFFFFFF.
#[allow(clippy::too_many_arguments, reason = "one argument per stored column")]
fn canonical(
    seq: i64,
    at: &str,
    actor: Option<i64>,
    action: &str,
    target_type: Option<&str>,
    target_id: Option<&str>,
    outcome: &str,
    details: &str,
) -> Vec<u8> {
    canonical_in(
        &["steward-audit-v1"],
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

/// [`canonical`] with `head` in place of the domain: the shared chain's
/// entries (`audit::team`) name their domain, change and author there.
#[allow(clippy::too_many_arguments, reason = "one argument per stored column")]
pub(super) fn canonical_in(
    head: &[&str],
    seq: i64,
    at: &str,
    actor: Option<i64>,
    action: &str,
    target_type: Option<&str>,
    target_id: Option<&str>,
    outcome: &str,
    details: &str,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(128 + details.len());
    let mut field = |value: Option<&str>| match value {
        Some(v) => {
            let len = u32::try_from(v.len()).unwrap_or(u32::MAX - 1);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(v.as_bytes());
        }
        None => out.extend_from_slice(&u32::MAX.to_be_bytes()),
    };
    for h in head {
        field(Some(h));
    }
    field(Some(&seq.to_string()));
    field(Some(at));
    field(actor.map(|a| a.to_string()).as_deref());
    field(Some(action));
    field(target_type);
    field(target_id);
    field(Some(outcome));
    field(Some(details));
    out
}

pub(super) fn link(key: &DerivedKey, prev_hash: &str, canonical: &[u8]) -> String {
    let mut message = Vec::with_capacity(prev_hash.len() + canonical.len());
    message.extend_from_slice(prev_hash.as_bytes());
    message.extend_from_slice(canonical);
    data_encoding::HEXLOWER.encode(&crypto::mac(key, &message))
}

/// The newest entry, if any.
pub(crate) fn head(conn: &Connection) -> Result<Option<AuditHead>> {
    Ok(conn
        .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| {
            Ok(AuditHead {
                seq: r.get(0)?,
                hash: r.get(1)?,
            })
        })
        .optional()?)
}

/// Appends one entry after the current head. Call inside the transaction of
/// the change it records, so both land or neither does.
pub(crate) fn append(
    conn: &Connection,
    key: &DerivedKey,
    actor: Option<i64>,
    event: &Event,
) -> Result<AuditHead> {
    let (seq, prev_hash) = match head(conn)? {
        Some(h) => (h.seq + 1, h.hash),
        None => (1, GENESIS.to_owned()),
    };
    let at = crate::clock::now_rfc3339();
    let details = event.details.to_string();
    let target_type = event.target.as_ref().map(|t| t.kind);
    let target_id = event.target.as_ref().map(|t| t.id.as_str());
    let outcome = event.outcome.as_str();
    let bytes = canonical(
        seq,
        &at,
        actor,
        event.action,
        target_type,
        target_id,
        outcome,
        &details,
    );
    let hash = link(key, &prev_hash, &bytes);
    conn.prepare_cached(
        "INSERT INTO audit_log (seq, at, actor_id, action, target_type, target_id, outcome, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![seq, at, actor, event.action, target_type, target_id, outcome, details, prev_hash, hash])?;
    Ok(AuditHead { seq, hash })
}

/// Checks that the database still holds the entry the keyslots file recorded
/// as the head. Catches a cut tail and a database rolled back to an older copy.
pub(crate) fn check_head(conn: &Connection, recorded: Option<&AuditHead>) -> Result<()> {
    let Some(recorded) = recorded else {
        return Ok(());
    };
    let stored: Option<String> = conn
        .query_row(
            "SELECT hash FROM audit_log WHERE seq = ?1",
            [recorded.seq],
            |r| r.get(0),
        )
        .optional()?;
    match stored {
        Some(hash) if hash == recorded.hash => Ok(()),
        Some(_) => Err(Error::Integrity(format!(
            "audit entry {} differs from the one the vault recorded; the database was replaced or rolled back",
            recorded.seq
        ))),
        None => Err(Error::Integrity(format!(
            "the audit log lacks entry {}, which the vault recorded; the database was rolled back or its log was cut",
            recorded.seq
        ))),
    }
}

/// Walks the whole chain in order and reports the first broken entry.
pub(crate) fn verify_chain(
    conn: &Connection,
    key: &DerivedKey,
    recorded: Option<&AuditHead>,
) -> Result<VerifyReport> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor_id, action, target_type, target_id, outcome, details, prev_hash, hash
         FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_owned();
    let mut count = 0u64;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let at: String = r.get(1)?;
        let actor: Option<i64> = r.get(2)?;
        let action: String = r.get(3)?;
        let target_type: Option<String> = r.get(4)?;
        let target_id: Option<String> = r.get(5)?;
        let outcome: String = r.get(6)?;
        let details: String = r.get(7)?;
        let prev_hash: String = r.get(8)?;
        let hash: String = r.get(9)?;
        if seq != expected_seq {
            return Ok(VerifyReport::Broken {
                seq: expected_seq,
                problem: format!("entry {expected_seq} is missing (the next one is {seq})"),
            });
        }
        if prev_hash != prev {
            return Ok(VerifyReport::Broken {
                seq,
                problem: format!("entry {seq} does not link to the entry before it"),
            });
        }
        let bytes = canonical(
            seq,
            &at,
            actor,
            &action,
            target_type.as_deref(),
            target_id.as_deref(),
            &outcome,
            &details,
        );
        if link(key, &prev_hash, &bytes) != hash {
            return Ok(VerifyReport::Broken {
                seq,
                problem: format!("entry {seq} was altered"),
            });
        }
        prev = hash;
        expected_seq += 1;
        count += 1;
    }
    if let Some(recorded) = recorded {
        if recorded.seq >= expected_seq {
            return Ok(VerifyReport::Broken {
                seq: expected_seq,
                problem: format!(
                    "the log ends at entry {} but the vault recorded entries up to {}; entries were removed from the end",
                    expected_seq - 1,
                    recorded.seq
                ),
            });
        }
        if let Err(Error::Integrity(problem)) = check_head(conn, Some(recorded)) {
            return Ok(VerifyReport::Broken {
                seq: recorded.seq,
                problem,
            });
        }
    }
    Ok(VerifyReport::Intact { entries: count })
}
