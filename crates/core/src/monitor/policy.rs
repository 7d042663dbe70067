//! The security policy: the thresholds of the monitoring rules, the idle
//! time before the app locks, and whether device slots are allowed. Stored
//! in the vault (`settings`, key `policy`); only owners change it.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::{Error, Result};

/// The policy, with its defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// Minutes without input before the app locks (1–240).
    pub auto_lock_minutes: u32,
    /// Failed unlocks in a row that raise an alert.
    pub failed_unlocks: u32,
    /// Contacts in one export above which the password is asked again.
    pub export_soft_limit: u32,
    /// Contacts in one export above which it is refused.
    pub export_hard_limit: u32,
    /// Exports by one user within an hour that raise an alert.
    pub exports_per_hour: u32,
    /// Distinct contacts one user opens within `scrape_window_minutes`
    /// that raise an alert and lock the session.
    pub scrape_contacts: u32,
    /// The window of the scraping rule, in minutes.
    pub scrape_window_minutes: u32,
    /// Sensitive-field reveals by one user within an hour that raise an alert.
    pub reveals_per_hour: u32,
    /// Contacts one user deletes within ten minutes that raise an alert.
    pub deletes_per_ten_minutes: u32,
    /// Working hours (local time, `HH-HH`, e.g. `07-20`), or empty for none;
    /// a sign-in outside them raises an alert.
    pub working_hours: String,
    /// Whether "remember me on this computer" is allowed.
    pub device_slots_allowed: bool,
    /// Whether a user who has not acknowledged the current rules for
    /// customer data is refused exports and reveals (`auth::rules`).
    pub rules_gating: bool,
    /// Days after which each user must acknowledge the rules again.
    pub rules_acknowledge_days: u32,
    /// Days after the last closed access review (or the vault's creation)
    /// when the next one is due; a `review-overdue` alert after that.
    pub review_interval_days: u32,
    /// Days without an unlock after which an access review calls a user
    /// dormant.
    pub review_dormant_days: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            auto_lock_minutes: 10,
            failed_unlocks: 5,
            export_soft_limit: 500,
            export_hard_limit: 5000,
            exports_per_hour: 5,
            scrape_contacts: 50,
            scrape_window_minutes: 5,
            reveals_per_hour: 10,
            deletes_per_ten_minutes: 20,
            working_hours: "07-20".into(),
            device_slots_allowed: true,
            rules_gating: crate::auth::rules::DEFAULT_GATING,
            rules_acknowledge_days: crate::auth::rules::DEFAULT_ACKNOWLEDGE_DAYS,
            review_interval_days: 90,
            review_dormant_days: 60,
        }
    }
}

/// The policy's keys, for `policy set KEY VALUE`.
pub const KEYS: &[&str] = &[
    "auto_lock_minutes",
    "failed_unlocks",
    "export_soft_limit",
    "export_hard_limit",
    "exports_per_hour",
    "scrape_contacts",
    "scrape_window_minutes",
    "reveals_per_hour",
    "deletes_per_ten_minutes",
    "working_hours",
    "device_slots_allowed",
    "rules_gating",
    "rules_acknowledge_days",
    "review_interval_days",
    "review_dormant_days",
];

impl Policy {
    /// The working hours as (start, end) hours, if set.
    pub fn hours(&self) -> Option<(u32, u32)> {
        let (a, b) = self.working_hours.trim().split_once('-')?;
        Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
    }

    fn check(&self) -> Result<()> {
        let positive = [
            ("failed_unlocks", self.failed_unlocks),
            ("export_soft_limit", self.export_soft_limit),
            ("export_hard_limit", self.export_hard_limit),
            ("exports_per_hour", self.exports_per_hour),
            ("scrape_contacts", self.scrape_contacts),
            ("scrape_window_minutes", self.scrape_window_minutes),
            ("reveals_per_hour", self.reveals_per_hour),
            ("deletes_per_ten_minutes", self.deletes_per_ten_minutes),
            ("rules_acknowledge_days", self.rules_acknowledge_days),
            ("review_interval_days", self.review_interval_days),
            ("review_dormant_days", self.review_dormant_days),
        ];
        if let Some((key, _)) = positive.iter().find(|(_, v)| *v == 0) {
            return Err(Error::from(
                crate::Invalid::new("policy-out-of-range", format!("{key} must be at least 1"))
                    .with("key", key)
                    .with("min", 1),
            ));
        }
        if !(1..=240).contains(&self.auto_lock_minutes) {
            return Err(Error::from(
                crate::Invalid::new(
                    "policy-out-of-range",
                    "auto_lock_minutes must be between 1 and 240",
                )
                .with("key", "auto_lock_minutes")
                .with("min", 1)
                .with("limit", 240),
            ));
        }
        if self.export_hard_limit < self.export_soft_limit {
            return Err(Error::from(crate::Invalid::new(
                "export-limits-order",
                "export_hard_limit must not be below export_soft_limit",
            )));
        }
        if !self.working_hours.trim().is_empty()
            && !self.hours().is_some_and(|(a, b)| a < b && b <= 24)
        {
            return Err(Error::from(crate::Invalid::new(
                "working-hours-invalid",
                "working_hours must look like 07-20 (start before end, hours 0-24), or be empty",
            )));
        }
        Ok(())
    }

    /// The value of `key` as text.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an unknown key.
    pub fn get(&self, key: &str) -> Result<String> {
        let value = serde_json::to_value(self)
            .map_err(|_| Error::Database("serializing the policy".into()))?;
        match value.get(key) {
            Some(serde_json::Value::String(s)) => Ok(s.clone()),
            Some(v) => Ok(v.to_string()),
            None => Err(unknown_key(key)),
        }
    }
}

fn unknown_key(key: &str) -> Error {
    Error::from(
        crate::Invalid::new(
            "value-not-allowed",
            format!("unknown policy key {key:?}; keys are {}", KEYS.join(", ")),
        )
        .with("field", "policy key"),
    )
}

/// The policy stored in `conn` (defaults when none is, or the schema
/// predates policies).
pub(crate) fn load(conn: &Connection) -> Result<Policy> {
    match crate::db::setting(conn, "policy")? {
        None => Ok(Policy::default()),
        Some(t) => serde_json::from_str(&t)
            .map_err(|_| Error::Integrity("the security policy is unreadable".into())),
    }
}

impl Session {
    /// The security policy. Every signed-in user may read it (the app needs
    /// the idle time).
    ///
    /// # Errors
    /// Database errors.
    pub fn policy(&self) -> Result<Policy> {
        load(&self.conn)
    }

    /// Sets one policy value (owners only); recorded, and raises an alert
    /// for the other owners and admins to see.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `policy.manage`;
    /// [`Error::InvalidInput`] for an unknown key or a bad value.
    pub fn set_policy(&mut self, key: &str, value: &str) -> Result<Policy> {
        self.authorize(Permission::PolicyManage, "policy.set", None)?;
        let current = load(&self.conn)?;
        let mut json = serde_json::to_value(&current)
            .map_err(|_| Error::Database("serializing the policy".into()))?;
        let slot = json.get_mut(key.trim()).ok_or_else(|| unknown_key(key))?;
        let value = value.trim();
        *slot = match slot {
            serde_json::Value::Bool(_) => match value {
                "true" | "yes" | "on" => true.into(),
                "false" | "no" | "off" => false.into(),
                _ => {
                    return Err(Error::from(
                        crate::Invalid::new(
                            "policy-value-invalid",
                            format!("{key} is true or false"),
                        )
                        .with("key", key.trim())
                        .with("expected", "boolean"),
                    ));
                }
            },
            serde_json::Value::Number(_) => value
                .parse::<u32>()
                .map_err(|_| {
                    Error::from(
                        crate::Invalid::new(
                            "policy-value-invalid",
                            format!("{key} is a whole number"),
                        )
                        .with("key", key.trim())
                        .with("expected", "number"),
                    )
                })?
                .into(),
            _ => value.into(),
        };
        let new: Policy = serde_json::from_value(json).map_err(|_| {
            Error::from(
                crate::Invalid::new(
                    "policy-value-invalid",
                    format!("{value:?} is not a valid {key}"),
                )
                .with("key", key.trim()),
            )
        })?;
        new.check()?;
        if new == current {
            return Ok(new);
        }
        let text = serde_json::to_string(&new)
            .map_err(|_| Error::Database("serializing the policy".into()))?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        crate::db::put_setting(&tx, "policy", &text)?;
        if current.device_slots_allowed && !new.device_slots_allowed {
            // Forbidding device slots ends the existing ones too.
            let (keyslots, _) = crate::vault::keyslots::Keyslots::update(
                &self.dir.join(crate::vault::KEYSLOTS_FILE),
                &self.keys.keyslots_mac,
                |ks| Ok(ks.remove_device_slots()),
            )?;
            self.keyslots = keyslots;
        }
        let head = audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("policy.set", None).with("key", key.trim()),
        )?;
        super::alerts::raise(
            &tx,
            super::alerts::Rule::PolicyChange,
            Some(self.user.id),
            &super::alerts::Summary::new(
                "policy-change",
                format!("security policy changed: {}", key.trim()),
            )
            .with("key", key.trim()),
            &[head.seq],
        )?;
        tx.commit()?;
        Ok(new)
    }
}
