//! The company's rules for using customer data, and who has accepted them.
//!
//! An owner publishes the rules (`rules.manage`) as numbered versions that
//! never change afterwards (`rules_versions`); every user reads and
//! acknowledges the current version (`rules_acknowledgements`) at their
//! first unlock after it was published, again when a new one is published,
//! and again when the security policy's `rules_acknowledge_days` have
//! passed since they last did. Both are recorded in the audit log.
//!
//! While the policy's `rules_gating` is on (the default), a user who must
//! acknowledge may go on working but is refused the [`GATED`] permissions:
//! every export, and revealing sensitive fields. The refusal comes from
//! [`Session::authorize`], which asks [`Session::check_rules`] after the
//! role allowed the permission, so it is recorded as a `denied` entry as
//! other refusals are. It reads the database each time (three small
//! queries, for gated actions only), so a version published by an owner in
//! another session applies at once. When no rules were ever published,
//! nothing is gated. The breach register (`breach.manage`) is never gated,
//! on purpose: its report and an incident's file are extracts of the audit
//! log, but the 72 hours of GDPR Art. 33 must not wait for an
//! acknowledgement.
//!
//! The policy is `monitor::policy`'s; this module sits below it so that the
//! permission check can consult it, and reads its two fields from the same
//! setting.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{Permission, Role, Session};
use crate::audit::{self, Event, Outcome, Target};
use crate::{Error, Result};

/// The permissions refused to a user who must acknowledge the rules: the
/// exports (contacts, mailing lists, the calendar, the audit log, copies of
/// attachments) and revealing a sensitive field. The access package of a
/// data-subject request is gated too, by its own call.
pub const GATED: [Permission; 4] = [
    Permission::ContactsExport,
    Permission::AuditExport,
    Permission::SensitiveReveal,
    Permission::AttachmentsExport,
];

/// Whether the policy gates exports and reveals on the rules, by default.
pub(crate) const DEFAULT_GATING: bool = true;
/// Days after which an acknowledgement must be renewed, by default.
pub(crate) const DEFAULT_ACKNOWLEDGE_DAYS: u32 = 365;
/// The longest text of the rules, in characters.
pub const MAX_RULES_CHARS: usize = 100_000;

/// One published version of the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesVersion {
    /// 1, 2, …
    pub version: i64,
    /// The text as the owner wrote it.
    pub text: String,
    /// SHA-256 of the text (UTF-8), in hex.
    pub sha256: String,
    /// The user who published it.
    pub set_by: i64,
    /// Their login name.
    pub set_by_name: String,
    /// When (RFC 3339, UTC).
    pub set_at: String,
}

/// Where the signed-in user stands with the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesState {
    /// The current version, when any was published.
    pub current: Option<RulesVersion>,
    /// Whether the user must acknowledge it now (first time, new version,
    /// or the last acknowledgement is older than the policy allows).
    pub due: bool,
    /// Whether the policy refuses exports and reveals until they do.
    pub gating: bool,
    /// The version the user last acknowledged, and when.
    pub last: Option<(i64, String)>,
}

/// One active user's acknowledgement, for the owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRulesStatus {
    /// The user's id.
    pub user_id: i64,
    /// Their login name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// The version they last acknowledged, when any.
    pub version: Option<i64>,
    /// When they did (RFC 3339, UTC).
    pub acknowledged_at: Option<String>,
    /// Whether they must acknowledge the current version.
    pub due: bool,
}

/// The policy's two values about the rules, read from the `policy` setting
/// (`monitor::Policy` has the same fields and defaults).
#[derive(Debug, Deserialize)]
#[serde(default)]
struct RulesPolicy {
    rules_gating: bool,
    rules_acknowledge_days: u32,
}

impl Default for RulesPolicy {
    fn default() -> Self {
        Self {
            rules_gating: DEFAULT_GATING,
            rules_acknowledge_days: DEFAULT_ACKNOWLEDGE_DAYS,
        }
    }
}

fn policy(conn: &Connection) -> Result<RulesPolicy> {
    match crate::db::setting(conn, "policy")? {
        None => Ok(RulesPolicy::default()),
        Some(t) => serde_json::from_str(&t)
            .map_err(|_| Error::Integrity("the security policy is unreadable".into())),
    }
}

/// SHA-256 of `text` in hex.
pub fn rules_sha256(text: &str) -> String {
    use std::fmt::Write as _;
    Sha256::digest(text.as_bytes())
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn current(conn: &Connection) -> Result<Option<RulesVersion>> {
    Ok(conn
        .query_row(
            "SELECT r.version, r.text, r.sha256, r.set_by, u.name, r.set_at
             FROM rules_versions r JOIN users u ON u.id = r.set_by
             ORDER BY r.version DESC LIMIT 1",
            [],
            |r| {
                Ok(RulesVersion {
                    version: r.get(0)?,
                    text: r.get(1)?,
                    sha256: r.get(2)?,
                    set_by: r.get(3)?,
                    set_by_name: r.get(4)?,
                    set_at: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// The user's last acknowledgement of any version: (version, when).
fn last_acknowledgement(conn: &Connection, user_id: i64) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT version, acknowledged_at FROM rules_acknowledgements
             WHERE user_id = ?1 ORDER BY acknowledged_at DESC, id DESC LIMIT 1",
            [user_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Whether an acknowledgement `last` of version `current` is still good at
/// `now`.
fn is_due(current: i64, last: Option<&(i64, String)>, days: u32, now: DateTime<Utc>) -> bool {
    let Some((version, at)) = last else {
        return true;
    };
    if *version != current {
        return true;
    }
    DateTime::parse_from_rfc3339(at).map_or(true, |at| {
        now.signed_duration_since(at.with_timezone(&Utc)) >= chrono::Duration::days(days.into())
    })
}

/// The version `user_id` must acknowledge now, if any.
fn due_version(conn: &Connection, user_id: i64, days: u32) -> Result<Option<i64>> {
    let Some(version) = conn.query_row("SELECT max(version) FROM rules_versions", [], |r| {
        r.get::<_, Option<i64>>(0)
    })?
    else {
        return Ok(None);
    };
    let last = last_acknowledgement(conn, user_id)?;
    Ok(is_due(version, last.as_ref(), days, crate::clock::now()).then_some(version))
}

fn check_text(text: &str) -> Result<&str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(
            crate::Invalid::new("required", "the rules must not be empty")
                .with("field", "rules")
                .into(),
        );
    }
    let length = text.chars().count();
    if length > MAX_RULES_CHARS {
        return Err(crate::Invalid::new(
            "too-long",
            format!("the rules are {length} characters long; the limit is {MAX_RULES_CHARS}"),
        )
        .with("field", "rules")
        .with("length", length)
        .with("limit", MAX_RULES_CHARS)
        .into());
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(crate::Invalid::new(
            "control-characters",
            "the rules contain control characters",
        )
        .with("field", "rules")
        .into());
    }
    Ok(text)
}

impl Session {
    /// Refuses a [`GATED`] permission, recorded as a `denied` entry of
    /// `action` with the reason `rules-not-acknowledged`, while the user
    /// must acknowledge the rules and the policy gates on them. Called by
    /// [`Session::authorize`] once the role allowed `permission`; other
    /// permissions pass.
    pub(crate) fn check_rules(
        &self,
        permission: Permission,
        action: &'static str,
        target: Option<Target>,
    ) -> Result<()> {
        if !GATED.contains(&permission) {
            return Ok(());
        }
        self.require_rules_acknowledged(permission, action, target)
    }

    /// The gate itself, for an operation that is an export under another
    /// permission (the access package, under `rights.manage`).
    pub(crate) fn require_rules_acknowledged(
        &self,
        permission: Permission,
        action: &'static str,
        target: Option<Target>,
    ) -> Result<()> {
        let policy = policy(&self.conn)?;
        if !policy.rules_gating {
            return Ok(());
        }
        let Some(version) = due_version(&self.conn, self.user.id, policy.rules_acknowledge_days)?
        else {
            return Ok(());
        };
        self.record(&Event {
            action,
            target,
            outcome: Outcome::Denied,
            details: serde_json::json!({
                "permission": permission.as_str(),
                "reason": crate::RULES_NOT_ACKNOWLEDGED,
                "version": version,
            }),
        })?;
        Err(Error::RulesNotAcknowledged { version })
    }

    /// The current version of the rules, if any was published. Every
    /// signed-in user may read it: they must, to acknowledge it.
    ///
    /// # Errors
    /// Database errors.
    pub fn current_rules(&self) -> Result<Option<RulesVersion>> {
        current(&self.conn)
    }

    /// Where this user stands: the current version, whether they must
    /// acknowledge it, whether the policy gates on it, and their last
    /// acknowledgement.
    ///
    /// # Errors
    /// Database errors.
    pub fn rules_state(&self) -> Result<RulesState> {
        let policy = policy(&self.conn)?;
        let current = current(&self.conn)?;
        let last = last_acknowledgement(&self.conn, self.user.id)?;
        let due = current.as_ref().is_some_and(|c| {
            is_due(
                c.version,
                last.as_ref(),
                policy.rules_acknowledge_days,
                crate::clock::now(),
            )
        });
        Ok(RulesState {
            current,
            due,
            gating: policy.rules_gating,
            last,
        })
    }

    /// Publishes `text` as the next version of the rules (owners,
    /// `rules.manage`), recorded as `rules.set` with the version and the
    /// text's SHA-256. The publisher has read what they wrote: their
    /// acknowledgement is stored and recorded (`rules.acknowledge`) in the
    /// same transaction. Text equal to the current version's publishes
    /// nothing and returns it.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `rules.manage`;
    /// [`Error::InvalidInput`] for empty or too long text, or control
    /// characters.
    pub fn set_rules(&mut self, text: &str) -> Result<RulesVersion> {
        self.authorize(Permission::RulesManage, "rules.set", None)?;
        let text = check_text(text)?;
        if let Some(c) = current(&self.conn)?
            && c.text == text
        {
            return Ok(c);
        }
        let sha256 = rules_sha256(text);
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row(
            "SELECT ifnull(max(version), 0) + 1 FROM rules_versions",
            [],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO rules_versions (version, text, sha256, set_by, set_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![version, text, sha256, self.user.id, now],
        )?;
        tx.execute(
            "INSERT INTO rules_acknowledgements (user_id, version, acknowledged_at)
             VALUES (?1, ?2, ?3)",
            rusqlite::params![self.user.id, version, now],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("rules.set", Some(audit::target("rules", version)))
                .with("version", version)
                .with("sha256", sha256.as_str()),
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("rules.acknowledge", Some(audit::target("rules", version)))
                .with("version", version)
                .with("sha256", sha256.as_str()),
        )?;
        tx.commit()?;
        current(&self.conn)?.ok_or_else(|| Error::Database("the rules just written".into()))
    }

    /// Acknowledges version `version` of the rules as this session's user,
    /// now; recorded as `rules.acknowledge`. `version` is the one the user
    /// was shown: when it is no longer the current one, nothing is stored
    /// and they must read the new one.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when no rules were published or `version` is
    /// not the current one.
    pub fn acknowledge_rules(&mut self, version: i64) -> Result<RulesState> {
        self.hold.still_held()?;
        let Some(c) = current(&self.conn)? else {
            return Err(Error::from(crate::Invalid::new(
                "rules-not-published",
                "no rules have been published; there is nothing to acknowledge",
            )));
        };
        if c.version != version {
            return Err(Error::from(crate::Invalid::new("rules-version-changed", format!(
                "the rules changed: version {} is current; read it and acknowledge it instead of version {version}",
                c.version
            )).with("current", c.version).with("version", version)));
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO rules_acknowledgements (user_id, version, acknowledged_at)
             VALUES (?1, ?2, ?3)",
            rusqlite::params![self.user.id, version, crate::clock::now_rfc3339()],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("rules.acknowledge", Some(audit::target("rules", version)))
                .with("version", version)
                .with("sha256", c.sha256.as_str()),
        )?;
        tx.commit()?;
        self.rules_state()
    }

    /// Every enabled user's last acknowledgement and whether they must
    /// acknowledge the current version (owners, `rules.manage`), by name.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `rules.manage`.
    pub fn rules_status(&self) -> Result<Vec<UserRulesStatus>> {
        self.authorize(Permission::RulesManage, "rules.status", None)?;
        let policy = policy(&self.conn)?;
        let version = current(&self.conn)?.map(|c| c.version);
        let now = crate::clock::now();
        let mut stmt = self.conn.prepare(
            "SELECT id, name, role FROM users WHERE disabled = 0 ORDER BY name COLLATE NOCASE, id",
        )?;
        let users: Vec<(i64, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        users
            .into_iter()
            .map(|(user_id, name, role)| {
                let last = last_acknowledgement(&self.conn, user_id)?;
                let due = version
                    .is_some_and(|v| is_due(v, last.as_ref(), policy.rules_acknowledge_days, now));
                Ok(UserRulesStatus {
                    user_id,
                    name,
                    role: role.parse()?,
                    version: last.as_ref().map(|(v, _)| *v),
                    acknowledged_at: last.map(|(_, at)| at),
                    due,
                })
            })
            .collect()
    }
}
