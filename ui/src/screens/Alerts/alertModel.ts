// Pure helpers of the alerts screen and the header's badge, kept apart from the components so they can be
// tested on their own.
import type { Alert, AlertReason, Role } from '../../lib/api';
import { formatMoment } from '../../lib/format';
import { m, roleName } from '../../lib/i18n.svelte';
import { policyName } from '../../lib/policyNames';
import { tableLabel } from '../../lib/recordKinds';

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


type Params = Record<string, string>;

/** A count the summary says as a number (plurals need one); `null` when it did not come or is not one. */
function num(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A role core named, in the interface language; `null` for one this version does not know. */
function role(value: string | undefined): string | null {
  const roles: readonly string[] = ['owner', 'admin', 'manager', 'agent', 'auditor', 'viewer'];
  return value !== undefined && roles.includes(value) ? roleName(value as Role) : null;
}

/** A moment core named (RFC 3339), formatted; `null` when it did not come or does not parse. */
function moment(value: string | undefined): string | null {
  return value && !Number.isNaN(Date.parse(value)) ? formatMoment(value) : null;
}

/** The sentence of a count-in-a-window rule (`count`, `minutes`). */
function inWindow(say: (p: { count: number; minutes: number }) => string) {
  return (p: Params) => {
    const count = num(p.count);
    const minutes = num(p.minutes);
    return count === null || minutes === null ? null : say({ count, minutes });
  };
}

function failedUnlocks(say: (p: { count: number }) => string) {
  return (p: Params) => {
    const count = num(p.count);
    return count === null ? null : say({ count });
  };
}

function exported(say: (p: { contacts: number; limit: string }) => string) {
  return (p: Params) => {
    const contacts = num(p.contacts);
    return contacts === null || p.limit === undefined ? null : say({ contacts, limit: p.limit });
  };
}

function restored(say: (p: { created: string }) => string) {
  return (p: Params) => {
    const created = moment(p.created);
    return created === null ? null : say({ created });
  };
}

/**
 * A refused team change with why it was refused (`why`, core's `sync::REFUSAL_WHYS`, and its values); an alert
 * raised before alerts said why has only the change. `null` for a why this version does not know or a value
 * missing, so the English sentence, which says why, is shown.
 */
function syncRefused(change: string, p: Params): string | null {
  switch (p.why) {
    case undefined:
      return m.alert_summary_sync_refused({ change });
    case 'unreadable':
      return m.alert_summary_sync_refused_unreadable({ change });
    case 'other-slot':
      return m.alert_summary_sync_refused_other_slot({ change });
    case 'no-user':
      return m.alert_summary_sync_refused_no_user({ change });
    case 'not-shared':
      return p.table ? m.alert_summary_sync_refused_not_shared({ change, table: tableLabel(p.table) }) : null;
    case 'role': {
      const by = role(p.role);
      return by === null || !p.table ? null : m.alert_summary_sync_refused_role({ change, role: by, table: tableLabel(p.table) });
    }
    case 'rekey': {
      const by = role(p.role);
      return by === null ? null : m.alert_summary_sync_refused_rekey({ change, role: by });
    }
    case 'rekey-key':
      return m.alert_summary_sync_refused_rekey_key({ change });
    default:
      return null;
  }
}

/**
 * An alert's summary from its reason and values (core's `SUMMARY_REASONS`, as `AlertReason` lists them, so a
 * reason without a sentence does not compile); `null` when a value the sentence needs did not come.
 */
const SUMMARIES: Record<AlertReason, (p: Params) => string | null> = {
  'audit-broken': (p) => (p.entry ? m.alert_summary_audit_broken({ entry: p.entry }) : null),
  'breach-deadline': (p) => {
    const hours = num(p.hours);
    return hours === null || !p.incident ? null : m.alert_summary_breach_deadline({ incident: p.incident, hours });
  },
  'bulk-export-confirmed': exported(m.alert_summary_bulk_export_confirmed),
  'bulk-export-refused': exported(m.alert_summary_bulk_export_refused),
  'failed-unlocks-password': failedUnlocks(m.alert_summary_failed_unlocks_password),
  'failed-unlocks-recovery': failedUnlocks(m.alert_summary_failed_unlocks_recovery),
  'failed-unlocks-unknown': failedUnlocks(m.alert_summary_failed_unlocks_unknown),
  'many-exports': inWindow(m.alert_summary_many_exports),
  'many-reveals': inWindow(m.alert_summary_many_reveals),
  'mass-deletion': inWindow(m.alert_summary_mass_deletion),
  'outside-hours': (p) =>
    p.hour && p.start && p.end ? m.alert_summary_outside_hours({ hour: p.hour, start: p.start, end: p.end }) : null,
  // A key this version does not know is shown as core names it.
  'policy-change': (p) => (p.key ? m.alert_summary_policy_change({ name: policyName(p.key) ?? p.key }) : null),
  'record-scraping': inWindow(m.alert_summary_record_scraping),
  'recovery-key': () => m.alert_summary_recovery_key(),
  'restore-new-folder': restored(m.alert_summary_restore_new_folder),
  'restore-over-vault': restored(m.alert_summary_restore_over_vault),
  'review-overdue': (p) => {
    const days = num(p.days);
    return days === null ? null : m.alert_summary_review_overdue({ days });
  },
  'role-change': (p) => {
    const from = role(p.from);
    const to = role(p.to);
    return from === null || to === null || !p.user ? null : m.alert_summary_role_change({ user: p.user, from, to });
  },
  'sync-refused': (p) => (p.change ? syncRefused(p.change, p) : null),
};

/**
 * What happened, in the interface language: said from the catalogue by the alert's reason and values; an alert
 * raised before alerts had a reason, one whose reason this version does not know, or one missing a value keeps
 * the English sentence it was stored with.
 */
export function alertSummary(alert: Pick<Alert, 'reason' | 'params' | 'summary'>): string {
  const reason = alert.reason;
  if (reason && Object.hasOwn(SUMMARIES, reason)) {
    const said = SUMMARIES[reason as AlertReason](alert.params);
    if (said !== null) return said;
  }
  return alert.summary;
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
