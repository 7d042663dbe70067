// Pure helpers of the audit log screen, kept apart from the component so they can be tested on their own.
import type { AuditEntry, VerifyReport } from '../../lib/api';
import { asciiFileName } from '../../lib/fileNames';
import { formatMoment } from '../../lib/format';
import { m, type Locale } from '../../lib/i18n.svelte';

/** Every action the core records (docs/audit-log.md), family by family. */
export const AUDIT_ACTIONS = [
  'vault.create',
  'vault.unlock',
  'vault.unlock_failed',
  'vault.lock',
  'vault.reauthenticate',
  'vault.device_remember',
  'vault.device_forget',
  'vault.rollback_accepted',
  'contact.create',
  'contact.view',
  'contact.update',
  'contact.delete',
  'contact.restore',
  'contact.reassign',
  'contact.bulk_tag',
  'contact.bulk_untag',
  'contact.bulk_reassign',
  'contact.bulk_delete',
  'contact.reveal',
  'contact.export',
  'contact.list',
  'record.purge',
  'field.create',
  'field.delete',
  'view.save',
  'view.delete',
  'import.csv',
  'import.vcard',
  'import.email',
  'import.undo',
  'company.create',
  'company.update',
  'company.delete',
  'company.restore',
  'stage.create',
  'stage.rename',
  'stage.probability',
  'stage.reorder',
  'stage.delete',
  'deal.create',
  'deal.update',
  'deal.move',
  'deal.delete',
  'deal.restore',
  'activity.create',
  'activity.delete',
  'activity.restore',
  'task.create',
  'task.update',
  'task.done',
  'task.reopen',
  'task.delete',
  'task.restore',
  'user.create',
  'user.role_change',
  'user.disable',
  'user.enable',
  'user.password_reset',
  'user.password_change',
  'audit.verify',
  'audit.export',
  'backup.create',
  'backup.verify',
  'backup.drill',
  'backup.prune',
  'backup.settings',
  'backup.restore',
  'policy.set',
  'alert.ack',
  'purpose.update',
  'consent.record',
  'consent.withdraw',
  'consent.bulk_withdraw',
  'consent.use',
  'consent.evidence',
  'consent_form.save',
  'dsr.open',
  'dsr.extend',
  'dsr.close',
  'dsr.erase',
  'dsr.anonymise',
  'dsr.restrict',
  'dsr.unrestrict',
  'dsr.object',
  'dsr.bulk_object',
  'dsr.access_package',
  'register.view',
  'team.publish',
  'team.pull',
] as const;

/** Action filters ending in a dot match every action under them (`contact.` → `contact.create`, …). */
export const AUDIT_ACTION_GROUPS: readonly { value: string; label: () => string }[] = [
  { value: 'vault.', label: m.audit_group_vault },
  { value: 'contact.', label: m.audit_group_contact },
  { value: 'import.', label: m.audit_group_import },
  { value: 'company.', label: m.audit_group_company },
  { value: 'deal.', label: m.audit_group_deal },
  { value: 'task.', label: m.audit_group_task },
  { value: 'user.', label: m.audit_group_user },
  { value: 'audit.', label: m.audit_group_audit },
  { value: 'backup.', label: m.audit_group_backup },
  { value: 'consent.', label: m.audit_group_consent },
  { value: 'dsr.', label: m.audit_group_dsr },
];

/** Target types the core records, offered as suggestions for the free-text filter. */
export const AUDIT_TARGET_TYPES = [
  'contact',
  'company',
  'deal',
  'stage',
  'activity',
  'task',
  'import',
  'export',
  'custom_field',
  'view',
  'backup',
  'purpose',
  'consent_form',
  'request',
  'alert',
  'user',
  'audit',
] as const;

/** How many entries one request asks for. */
export const AUDIT_PAGE_SIZE = 100;

/**
 * The start of a calendar day in local time as an RFC 3339 instant, `addDays` later; `null` for anything
 * that is not a `YYYY-MM-DD` date. The core compares times in UTC, so a date picked in the UI must be
 * turned into the instant the user means.
 */
export function localDayStart(date: string, addDays = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!match) return null;
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  if (Number.isNaN(day.getTime())) return null;
  return day.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The `since` bound for a date picked in the UI: from the start of that day. */
export function sinceBound(date: string): string | null {
  return localDayStart(date);
}

/** The `until` bound for a date picked in the UI: the core's bound is exclusive, so the whole day counts. */
export function untilBound(date: string): string | null {
  return localDayStart(date, 1);
}

/** "contact 12", "user 3", "audit log", or an empty string when the entry has no target. */
export function formatTarget(entry: Pick<AuditEntry, 'targetType' | 'targetId'>): string {
  return [entry.targetType, entry.targetId].filter((part) => part !== null && part !== '').join(' ');
}

/** The entry's details on one line: `field: national-id · reason: …`. Unreadable JSON is shown as it is. */
export function formatDetails(details: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return details;
  }
  if (parsed === null || parsed === undefined) return '';
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return JSON.stringify(parsed);
  return Object.entries(parsed as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

/** A time from the log in the interface language's format (`06.12.2026, 14:05` in Romanian). */
export function formatTime(at: string): string {
  return formatMoment(at);
}

const OUTCOMES: Record<string, () => string> = {
  allowed: m.audit_outcome_allowed,
  denied: m.audit_outcome_denied,
};

/** An entry's outcome in words (`allowed`, `denied`); one this version does not know is shown as stored. */
export function outcomeLabel(outcome: string): string {
  const label = Object.hasOwn(OUTCOMES, outcome) ? OUTCOMES[outcome] : undefined;
  return label ? label() : outcome;
}

/** The verdict of verify_audit as one sentence; the core's account of a break is shown as it wrote it. */
export function verifySentence(report: VerifyReport): string {
  if (report.intact) return m.audit_verify_intact({ count: report.entries });
  const problem = (report.problem ?? m.audit_verify_chain_broken()).replace(/\.\s*$/, '');
  return report.firstBroken !== null
    ? m.audit_verify_tampered_at({ problem, seq: report.firstBroken })
    : m.audit_verify_tampered({ problem });
}

/** "Exported 12 entries to /path/audit.csv." */
export function exportSentence(count: number, path: string): string {
  return m.audit_exported({ count, path });
}

/** The suggested file name for an export made today. */
export function exportFileName(lang: Locale, today = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  return asciiFileName(`${m.file_name_audit({ date }, { locale: lang })}.csv`);
}
