//! Transport types for monitoring: alerts and the security policy,
//! converted explicitly from core types.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use steward_core::monitor::{Alert, Policy};
use ts_rs::TS;

/// One alert raised by a monitoring rule.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Alert")]
pub struct AlertDto {
    #[ts(type = "number")]
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// The rule (`bulk-export`, `record-scraping`, …).
    pub rule: String,
    /// `info`, `warning` or `critical`.
    pub severity: String,
    /// Who did it (login name), when known.
    pub user: Option<String>,
    /// What happened, in English, without personal data.
    pub summary: String,
    /// The summary's stable reason (`steward_core::monitor::SUMMARY_REASONS`:
    /// `many-exports`, `role-change`, …), which the UI says in the
    /// interface language with `params`; absent on an alert raised before
    /// alerts had one, which only has its English summary.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The reason's values (`count`, `minutes`, `user`, `from`, `to`, …).
    pub params: BTreeMap<String, String>,
    /// The audit entries behind it.
    #[ts(type = "number[]")]
    pub audit_seqs: Vec<i64>,
    /// When it was acknowledged, and by whom.
    pub acknowledged_at: Option<String>,
    pub acknowledged_by: Option<String>,
}

impl From<Alert> for AlertDto {
    fn from(a: Alert) -> Self {
        let (acknowledged_at, acknowledged_by) = match a.acknowledged {
            Some((at, by)) => (Some(at), Some(by)),
            None => (None, None),
        };
        Self {
            id: a.id,
            at: a.at,
            rule: a.rule,
            severity: a.severity,
            user: a.user_name,
            summary: a.summary,
            reason: a.reason,
            params: a.params,
            audit_seqs: a.audit_seqs,
            acknowledged_at,
            acknowledged_by,
        }
    }
}

/// The security policy.
#[derive(Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Policy")]
pub struct PolicyDto {
    pub auto_lock_minutes: u32,
    pub failed_unlocks: u32,
    pub export_soft_limit: u32,
    pub export_hard_limit: u32,
    pub exports_per_hour: u32,
    pub scrape_contacts: u32,
    pub scrape_window_minutes: u32,
    pub reveals_per_hour: u32,
    pub deletes_per_ten_minutes: u32,
    /// `HH-HH` in local time, or empty for none.
    pub working_hours: String,
    pub device_slots_allowed: bool,
    /// Whether exports and reveals wait for the rules to be acknowledged.
    pub rules_gating: bool,
    /// Days after which each user acknowledges the rules again.
    pub rules_acknowledge_days: u32,
    pub review_interval_days: u32,
    pub review_dormant_days: u32,
}

impl From<Policy> for PolicyDto {
    fn from(p: Policy) -> Self {
        Self {
            auto_lock_minutes: p.auto_lock_minutes,
            failed_unlocks: p.failed_unlocks,
            export_soft_limit: p.export_soft_limit,
            export_hard_limit: p.export_hard_limit,
            exports_per_hour: p.exports_per_hour,
            scrape_contacts: p.scrape_contacts,
            scrape_window_minutes: p.scrape_window_minutes,
            reveals_per_hour: p.reveals_per_hour,
            deletes_per_ten_minutes: p.deletes_per_ten_minutes,
            working_hours: p.working_hours,
            device_slots_allowed: p.device_slots_allowed,
            rules_gating: p.rules_gating,
            rules_acknowledge_days: p.rules_acknowledge_days,
            review_interval_days: p.review_interval_days,
            review_dormant_days: p.review_dormant_days,
        }
    }
}

/// Every reason an alert's summary can carry, as the TypeScript list
/// `ALERT_REASONS` and type `AlertReason` (`AlertReason.ts` beside ts-rs's
/// types), from core's `SUMMARY_REASONS`. The UI's mapping from a reason to
/// its sentence is a record over this type, so a reason without a sentence
/// does not compile.
pub fn alert_reason_ts() -> String {
    let list = steward_core::monitor::SUMMARY_REASONS
        .iter()
        .map(|r| format!("\"{r}\""))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "// Written by src-tauri's tests from steward_core::monitor::SUMMARY_REASONS. Do not edit.\n\nexport const ALERT_REASONS = [{list}] as const;\n\nexport type AlertReason = (typeof ALERT_REASONS)[number];\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `AlertReason.ts` where ts-rs writes the other types.
    #[test]
    fn every_alert_reason_is_exported_for_the_ui() {
        let text = alert_reason_ts();
        for reason in steward_core::monitor::SUMMARY_REASONS {
            assert!(text.contains(&format!("\"{reason}\"")), "{reason}");
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(env!("TS_RS_EXPORT_DIR"));
        steward_core::fsutil::write_atomically(&dir.join("AlertReason.ts"), text.as_bytes())
            .unwrap();
    }

    #[test]
    fn an_alert_carries_who_acknowledged_it() {
        let dto = AlertDto::from(Alert {
            id: 3,
            at: "2026-11-29T10:00:00Z".into(),
            rule: "bulk-export".into(),
            severity: "warning".into(),
            user_id: Some(2),
            user_name: Some("bob".into()),
            summary: "an export of 900 contacts".into(),
            reason: Some("bulk-export-confirmed".into()),
            params: [("contacts", "900"), ("limit", "500")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            audit_seqs: vec![41],
            acknowledged: Some(("2026-11-29T11:00:00Z".into(), "ada".into())),
        });
        let json = serde_json::to_value(&dto).unwrap();
        assert_eq!(json["reason"], "bulk-export-confirmed");
        assert_eq!(
            json["params"],
            serde_json::json!({"contacts": "900", "limit": "500"})
        );
        assert_eq!(json["acknowledgedBy"], "ada");
        assert_eq!(json["auditSeqs"][0], 41);
        assert_eq!(json["user"], "bob");
    }

    #[test]
    fn the_default_policy_crosses_the_boundary_whole() {
        let json = serde_json::to_value(PolicyDto::from(Policy::default())).unwrap();
        assert_eq!(json["autoLockMinutes"], 10);
        assert_eq!(json["workingHours"], "07-20");
        assert_eq!(json["deviceSlotsAllowed"], true);
        assert_eq!(json["rulesGating"], true);
        assert_eq!(json["rulesAcknowledgeDays"], 365);
    }
}
