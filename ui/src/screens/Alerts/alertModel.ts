// Pure helpers of the alerts screen and the header's badge, kept apart from the components so they can be
// tested on their own.
import type { Alert } from '../../lib/api';
import { formatMoment } from '../../lib/format';
import { m } from '../../lib/i18n.svelte';

/** The monitoring rules in words, by the keys the core gives them (crates/core/src/monitor/alerts.rs). */
export const RULE_LABELS: Record<string, string> = {
  'failed-unlocks': 'Failed unlocks',
  'bulk-export': 'Bulk export',
  'many-exports': 'Many exports',
  'record-scraping': 'Many records opened',
  'many-reveals': 'Many sensitive fields revealed',
  'mass-deletion': 'Mass deletion',
  'outside-hours': 'Sign-in outside working hours',
  'role-change': 'Role changed',
  'policy-change': 'Security policy changed',
  'recovery-key': 'Unlocked with the recovery key',
  restore: 'Backup restored',
};

/** A rule in words; a rule this version does not know yet is shown by its key. */
export function ruleLabel(rule: string): string {
  return RULE_LABELS[rule] ?? rule;
}

export type Severity = 'info' | 'warning' | 'critical';

const SEVERITY_LABELS: Record<Severity, string> = {
  info: 'Info',
  warning: 'Warning',
  critical: 'Critical',
};

/** The severity the core gave, or `warning` for anything it may send in a later version. */
export function severityOf(alert: Pick<Alert, 'severity'>): Severity {
  return alert.severity === 'info' || alert.severity === 'critical' ? alert.severity : 'warning';
}

export function severityLabel(severity: Severity): string {
  return SEVERITY_LABELS[severity];
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
  const by = alert.acknowledgedBy ? ` by ${alert.acknowledgedBy}` : '';
  return `Acknowledged${by} on ${formatMoment(alert.acknowledgedAt)}.`;
}

/** The accessible name of the header's Alerts button: "Alerts, 3 open", or just "Alerts". */
export function alertsLabel(open: number): string {
  return open > 0 ? m.nav_alerts_open({ count: open }) : m.nav_alerts();
}
