// Pure helpers of the alerts screen and the header's badge, kept apart from the components so they can be
// tested on their own.
import type { Alert } from '../../lib/api';
import { formatMoment } from '../../lib/format';
import { m } from '../../lib/i18n.svelte';

/** The monitoring rules in words, by the keys the core gives them (crates/core/src/monitor/alerts.rs). */
export const RULE_LABELS: Record<string, () => string> = {
  'failed-unlocks': m.alert_rule_failed_unlocks,
  'bulk-export': m.alert_rule_bulk_export,
  'many-exports': m.alert_rule_many_exports,
  'record-scraping': m.alert_rule_record_scraping,
  'many-reveals': m.alert_rule_many_reveals,
  'mass-deletion': m.alert_rule_mass_deletion,
  'outside-hours': m.alert_rule_outside_hours,
  'role-change': m.alert_rule_role_change,
  'policy-change': m.alert_rule_policy_change,
  'recovery-key': m.alert_rule_recovery_key,
  restore: m.alert_rule_restore,
  'review-overdue': m.alert_rule_review_overdue,
  'breach-deadline': m.alert_rule_breach_deadline,
  'audit-broken': m.alert_rule_audit_broken,
  'sync-refused': m.alert_rule_sync_refused,
};

/** A rule in words, in the interface language; a rule this version does not know yet is shown by its key. */
export function ruleLabel(rule: string): string {
  const label = Object.hasOwn(RULE_LABELS, rule) ? RULE_LABELS[rule] : undefined;
  return label ? label() : rule;
}

export type Severity = 'info' | 'warning' | 'critical';

const SEVERITY_LABELS: Record<Severity, () => string> = {
  info: m.alert_severity_info,
  warning: m.alert_severity_warning,
  critical: m.alert_severity_critical,
};

/** The severity the core gave, or `warning` for anything it may send in a later version. */
export function severityOf(alert: Pick<Alert, 'severity'>): Severity {
  return alert.severity === 'info' || alert.severity === 'critical' ? alert.severity : 'warning';
}

export function severityLabel(severity: Severity): string {
  return SEVERITY_LABELS[severity]();
}


/** How many audit entry links a row shows; the audit screen lists the older ones below the newest. */
export const AUDIT_LINKS_SHOWN = 5;

/** The audit entries behind an alert, newest first, as the audit log lists them. */
export function auditSeqsNewestFirst(alert: Pick<Alert, 'auditSeqs'>): number[] {
  return [...alert.auditSeqs].sort((a, b) => b - a);
}

/** "Acknowledged by ann on 1 Mar 2026, 10:00.", or an empty string for an open alert. */
export function acknowledgedSentence(alert: Pick<Alert, 'acknowledgedAt' | 'acknowledgedBy'>): string {
  if (!alert.acknowledgedAt) return '';
  const when = formatMoment(alert.acknowledgedAt);
  return alert.acknowledgedBy
    ? m.alert_acknowledged_by({ user: alert.acknowledgedBy, when })
    : m.alert_acknowledged_on({ when });
}

/** The accessible name of the header's Alerts button: "Alerts, 3 open", or just "Alerts". */
export function alertsLabel(open: number): string {
  return open > 0 ? m.nav_alerts_open({ count: open }) : m.nav_alerts();
}
