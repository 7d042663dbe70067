//! Alerts: raised by the monitoring rules as actions happen, listed for
//! owners and admins, acknowledged (audited). Each names the audit entries
//! behind it and holds no personal data.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};

use crate::audit::target;
use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::{Error, Result};

/// The monitoring rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Repeated failed unlocks.
    FailedUnlocks,
    /// An export above the soft limit (or refused above the hard one).
    BulkExport,
    /// Many exports within an hour.
    ManyExports,
    /// Many distinct contacts opened within minutes; the session was locked.
    Scraping,
    /// Many reveals of sensitive fields within an hour.
    ManyReveals,
    /// Many contacts deleted within ten minutes.
    MassDeletion,
    /// A sign-in outside working hours.
    OutsideHours,
    /// A user's role changed.
    RoleChange,
    /// The security policy changed.
    PolicyChange,
    /// The vault was unlocked with the recovery key.
    RecoveryKey,
    /// A backup was restored.
    Restore,
    /// No access review was closed within the policy's interval.
    ReviewOverdue,
    /// An incident of the breach register nears its 72-hour deadline
    /// undecided.
    BreachDeadline,
    /// A verification of the audit log found it broken: entries changed,
    /// removed or cut.
    AuditBroken,
    /// A team change set was refused on replay: its author's role could
    /// not have made it, or it did not open (ADR 0020).
    SyncRefused,
}

impl Rule {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::FailedUnlocks => "failed-unlocks",
            Rule::BulkExport => "bulk-export",
            Rule::ManyExports => "many-exports",
            Rule::Scraping => "record-scraping",
            Rule::ManyReveals => "many-reveals",
            Rule::MassDeletion => "mass-deletion",
            Rule::OutsideHours => "outside-hours",
            Rule::RoleChange => "role-change",
            Rule::PolicyChange => "policy-change",
            Rule::RecoveryKey => "recovery-key",
            Rule::Restore => "restore",
            Rule::ReviewOverdue => "review-overdue",
            Rule::BreachDeadline => "breach-deadline",
            Rule::AuditBroken => "audit-broken",
            Rule::SyncRefused => "sync-refused",
        }
    }

    /// How serious it is: `info`, `warning` or `critical`.
    pub fn severity(self) -> &'static str {
        match self {
            Rule::OutsideHours | Rule::RoleChange | Rule::PolicyChange => "info",
            Rule::ManyExports
            | Rule::ManyReveals
            | Rule::MassDeletion
            | Rule::RecoveryKey
            | Rule::Restore
            | Rule::BulkExport
            | Rule::ReviewOverdue => "warning",
            Rule::FailedUnlocks
            | Rule::Scraping
            | Rule::BreachDeadline
            | Rule::AuditBroken
            | Rule::SyncRefused => "critical",
        }
    }
}

/// Every reason an alert's summary can carry (`Summary`), for the front
/// ends to have a sentence for each. Its values ([`Alert::params`]):
///
/// - `failed-unlocks-password`, `failed-unlocks-unknown` (a user name that
///   does not exist), `failed-unlocks-recovery`: `count`;
/// - `bulk-export-refused` and `bulk-export-confirmed`: `contacts`, `limit`;
/// - `many-exports`, `many-reveals`, `mass-deletion`, `record-scraping`:
///   `count`, `minutes`;
/// - `outside-hours`: `hour`, `start`, `end` (two digits each);
/// - `role-change`: `user` (an id), `from`, `to` (role names);
/// - `policy-change`: `key` (the policy's key);
/// - `recovery-key`: none;
/// - `restore-new-folder` and `restore-over-vault`: `created` (when the
///   backup was made, RFC 3339);
/// - `review-overdue`: `days`;
/// - `breach-deadline`: `incident` (an id), `hours`;
/// - `audit-broken`: `entry` (a `seq`);
/// - `sync-refused`: `change` (the team change's number) and, since the
///   refusal has one, `why` (`crate::sync::REFUSAL_WHYS`: `unreadable`,
///   `other-slot`, `no-user`, `not-shared` with `table`, `role` with `role`
///   and `table`, `rekey` with `role`, `rekey-key`).
///
/// None is personal data: counts, ids, role names, table names, keys and
/// times.
pub const SUMMARY_REASONS: &[&str] = &[
    "audit-broken",
    "breach-deadline",
    "bulk-export-confirmed",
    "bulk-export-refused",
    "failed-unlocks-password",
    "failed-unlocks-recovery",
    "failed-unlocks-unknown",
    "many-exports",
    "many-reveals",
    "mass-deletion",
    "outside-hours",
    "policy-change",
    "record-scraping",
    "recovery-key",
    "restore-new-folder",
    "restore-over-vault",
    "review-overdue",
    "role-change",
    "sync-refused",
];

/// What an alert says: a stable reason (one of [`SUMMARY_REASONS`]) with
/// its named values, for a screen to say it in the user's language, and
/// the English sentence the CLI prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Summary {
    reason: &'static str,
    params: BTreeMap<&'static str, String>,
    text: String,
}

impl Summary {
    /// An alert's summary for `reason`, said in English by `text`.
    pub(crate) fn new(reason: &'static str, text: impl Into<String>) -> Self {
        debug_assert!(SUMMARY_REASONS.contains(&reason), "{reason}");
        Self {
            reason,
            params: BTreeMap::new(),
            text: text.into(),
        }
    }

    /// With the value `key` set to `value`.
    #[must_use]
    pub(crate) fn with(mut self, key: &'static str, value: impl ToString) -> Self {
        self.params.insert(key, value.to_string());
        self
    }
}

/// One alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// Id.
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// Which rule (`bulk-export`, …).
    pub rule: String,
    /// `info`, `warning` or `critical`.
    pub severity: String,
    /// Who did it (user id), when known.
    pub user_id: Option<i64>,
    /// Who did it (login name).
    pub user_name: Option<String>,
    /// What happened, in one English sentence without personal data.
    pub summary: String,
    /// The summary's stable reason (one of [`SUMMARY_REASONS`]); `None` for
    /// an alert raised before alerts had one (schema 22), which only has
    /// its English sentence.
    pub reason: Option<String>,
    /// The reason's named values (see [`SUMMARY_REASONS`]).
    pub params: BTreeMap<String, String>,
    /// The audit entries behind it.
    pub audit_seqs: Vec<i64>,
    /// When it was acknowledged, and by whom.
    pub acknowledged: Option<(String, String)>,
}

/// Raises an alert in the caller's transaction.
pub(crate) fn raise(
    conn: &Connection,
    rule: Rule,
    user_id: Option<i64>,
    summary: &Summary,
    seqs: &[i64],
) -> Result<i64> {
    conn.execute(
        "INSERT INTO alerts (at, rule, severity, user_id, summary, audit_seqs, reason, params)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            crate::clock::now_rfc3339(),
            rule.as_str(),
            rule.severity(),
            user_id,
            summary.text,
            serde_json::to_string(seqs).unwrap_or_else(|_| "[]".into()),
            summary.reason,
            serde_json::to_string(&summary.params).unwrap_or_else(|_| "{}".into())
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The audit entries of `user` with `action` since `minutes` ago, newest
/// first: (seq, target id). Walks the log backwards from its end and stops
/// at the first older entry, so it costs what the window holds.
pub(crate) fn recent(
    conn: &Connection,
    user: i64,
    action: &str,
    minutes: u32,
) -> Result<Vec<(i64, Option<String>)>> {
    let since =
        crate::clock::rfc3339(crate::clock::now() - chrono::Duration::minutes(i64::from(minutes)));
    let mut stmt = conn.prepare_cached(
        "SELECT seq, at, actor_id, action, target_id, outcome FROM audit_log ORDER BY seq DESC",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let at: String = r.get(1)?;
        if at < since {
            break;
        }
        let actor: Option<i64> = r.get(2)?;
        let a: String = r.get(3)?;
        let outcome: String = r.get(5)?;
        if actor == Some(user) && a == action && outcome == "allowed" {
            out.push((r.get(0)?, r.get(4)?));
        }
    }
    Ok(out)
}

/// The ids an audit entry of a change to many contacts at once names as
/// changed (its details' `changed` list); none when it names none.
pub(crate) fn changed_ids(details: &str) -> Vec<i64> {
    serde_json::from_str::<serde_json::Value>(details)
        .ok()
        .and_then(|d| {
            d.get("changed")?
                .as_array()
                .map(|ids| ids.iter().filter_map(serde_json::Value::as_i64).collect())
        })
        .unwrap_or_default()
}

impl Session {
    /// Alerts, newest first (only unacknowledged ones with `open_only`).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `alerts.manage`.
    pub fn list_alerts(&self, open_only: bool) -> Result<Vec<Alert>> {
        self.authorize(Permission::AlertsManage, "alert.list", None)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.at, a.rule, a.severity, a.user_id, u.name, a.summary, a.audit_seqs,
                    a.acknowledged_at, k.name, a.reason, a.params
             FROM alerts a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN users k ON k.id = a.acknowledged_by
             WHERE (?1 = 0 OR a.acknowledged_at IS NULL) ORDER BY a.id DESC LIMIT 1000",
        )?;
        let rows = stmt.query_map([open_only], |r| {
            let seqs: String = r.get(7)?;
            let acked: Option<String> = r.get(8)?;
            let by: Option<String> = r.get(9)?;
            let params: String = r.get(11)?;
            Ok(Alert {
                id: r.get(0)?,
                at: r.get(1)?,
                rule: r.get(2)?,
                severity: r.get(3)?,
                user_id: r.get(4)?,
                user_name: r.get(5)?,
                summary: r.get(6)?,
                reason: r.get(10)?,
                params: serde_json::from_str(&params).unwrap_or_default(),
                audit_seqs: serde_json::from_str(&seqs).unwrap_or_default(),
                acknowledged: acked.map(|at| (at, by.unwrap_or_default())),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many alerts wait for acknowledgement (0 for roles that do not see
    /// alerts), for the badge in the header.
    ///
    /// # Errors
    /// Database errors.
    pub fn open_alert_count(&self) -> Result<u64> {
        if !self.can(Permission::AlertsManage) {
            return Ok(0);
        }
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Acknowledges an alert (recorded).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `alerts.manage`;
    /// [`Error::NotFound`]; [`Error::InvalidInput`] when already acknowledged.
    pub fn ack_alert(&mut self, id: i64) -> Result<Alert> {
        self.authorize(
            Permission::AlertsManage,
            "alert.ack",
            Some(target("alert", id)),
        )?;
        let acked: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT acknowledged_at FROM alerts WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        match acked {
            None => {
                return Err(Error::NotFound {
                    entity: "alert",
                    id: id.to_string(),
                });
            }
            Some(Some(_)) => {
                return Err(Error::from(crate::Invalid::new(
                    "alert-acknowledged-already",
                    "that alert was acknowledged already",
                )));
            }
            Some(None) => {}
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE alerts SET acknowledged_at = ?2, acknowledged_by = ?3 WHERE id = ?1",
            params![id, crate::clock::now_rfc3339(), self.user.id],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("alert.ack", Some(target("alert", id))),
        )?;
        tx.commit()?;
        self.list_alerts(false)?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| Error::NotFound {
                entity: "alert",
                id: id.to_string(),
            })
    }

    /// Runs a rule that counts the user's recent `action` entries: raises
    /// the alert when the count is at or above `threshold` and this rule has
    /// not alerted about this user within the window, and returns the count.
    /// "At or above", not "exactly at": another process (the CLI beside the
    /// app) may append between this one's entry and its count, and the
    /// owner may lower the threshold below a count already reached.
    pub(crate) fn count_rule(
        &self,
        rule: Rule,
        action: &str,
        minutes: u32,
        threshold: u32,
        reason: &'static str,
        what: &str,
    ) -> Result<usize> {
        let entries = recent(&self.conn, self.user.id, action, minutes)?;
        let n = entries.len();
        let seqs: Vec<i64> = entries.iter().map(|(s, _)| *s).collect();
        self.raise_if_over(rule, n, &seqs, minutes, threshold, reason, what)?;
        Ok(n)
    }

    /// Raises `rule`'s alert when `n` is at or above `threshold` and the
    /// rule has not alerted about this user within the window: `reason`
    /// (`count`, `minutes`), said in English as "{n} {what} within
    /// {minutes} minutes".
    #[allow(clippy::too_many_arguments, reason = "the rule's figures, each named")]
    pub(crate) fn raise_if_over(
        &self,
        rule: Rule,
        n: usize,
        seqs: &[i64],
        minutes: u32,
        threshold: u32,
        reason: &'static str,
        what: &str,
    ) -> Result<()> {
        if n < usize::try_from(threshold).unwrap_or(usize::MAX) {
            return Ok(());
        }
        let since = crate::clock::rfc3339(
            crate::clock::now() - chrono::Duration::minutes(i64::from(minutes)),
        );
        let alerted: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM alerts WHERE rule = ?1 AND user_id = ?2 AND at >= ?3)",
            params![rule.as_str(), self.user.id, since],
            |r| r.get(0),
        )?;
        if !alerted {
            raise(
                &self.conn,
                rule,
                Some(self.user.id),
                &Summary::new(reason, format!("{n} {what} within {minutes} minutes"))
                    .with("count", n)
                    .with("minutes", minutes),
                seqs,
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::SUMMARY_REASONS;

    /// The listed reasons core's sources outside this file name: where an
    /// alert is raised (the rules' names are in this file).
    fn reasons_in_sources() -> Vec<String> {
        let mut out = Vec::new();
        for (path, text) in crate::error::source_files() {
            if path.ends_with("monitor/alerts.rs") {
                continue;
            }
            for reason in SUMMARY_REASONS {
                if text.contains(&format!("\"{reason}\"")) {
                    out.push((*reason).to_owned());
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn every_alert_reason_is_raised_somewhere_and_listed_once() {
        let mut sorted = SUMMARY_REASONS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, SUMMARY_REASONS, "sorted, each once");
        assert_eq!(reasons_in_sources(), SUMMARY_REASONS);
    }
}
