// Written by src-tauri's tests from steward_core::monitor::SUMMARY_REASONS. Do not edit.

export const ALERT_REASONS = ["audit-broken", "breach-deadline", "bulk-export-confirmed", "bulk-export-refused", "failed-unlocks-password", "failed-unlocks-recovery", "failed-unlocks-unknown", "many-exports", "many-reveals", "mass-deletion", "outside-hours", "policy-change", "record-scraping", "recovery-key", "restore-new-folder", "restore-over-vault", "review-overdue", "role-change", "sync-refused"] as const;

export type AlertReason = (typeof ALERT_REASONS)[number];
