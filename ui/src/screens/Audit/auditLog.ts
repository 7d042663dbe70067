// Pure helpers of the audit log screen, kept apart from the component so they can be tested on their own.
import type { AuditEntry, VerifyReport } from '../../lib/api';
import { formatMoment } from '../../lib/format';

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
  'dsr.access_package',
  'register.view',
] as const;

/** Action filters ending in a dot match every action under them (`contact.` → `contact.create`, …). */
export const AUDIT_ACTION_GROUPS = [
  { value: 'vault.', label: 'Any vault action' },
  { value: 'contact.', label: 'Any contact action' },
  { value: 'import.', label: 'Any import action' },
  { value: 'company.', label: 'Any company action' },
  { value: 'deal.', label: 'Any deal action' },
  { value: 'task.', label: 'Any task action' },
  { value: 'user.', label: 'Any user action' },
  { value: 'audit.', label: 'Any audit action' },
  { value: 'backup.', label: 'Any backup action' },
  { value: 'consent.', label: 'Any consent action' },
  { value: 'dsr.', label: 'Any data-subject request action' },
] as const;

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

/** A time from the log in the user's local format; unreadable text is shown as it is. */
export function formatTime(at: string): string {
  return formatMoment(at);
}

/** The verdict of verify_audit as one sentence. */
export function verifySentence(report: VerifyReport): string {
  if (report.intact) {
    const count = report.entries === 1 ? '1 entry' : `${report.entries} entries`;
    return `Intact — ${count}, each linked to the one before.`;
  }
  const problem = (report.problem ?? 'the chain of entries is broken').replace(/\.\s*$/, '');
  const where = report.firstBroken !== null ? ` (first broken entry #${report.firstBroken})` : '';
  return `Tampered: ${problem}${where}.`;
}

/** "Exported 12 entries to /path/audit.csv." */
export function exportSentence(count: number, path: string): string {
  return `Exported ${count === 1 ? '1 entry' : `${count} entries`} to ${path}.`;
}

/** The suggested file name for an export made today. */
export function exportFileName(today = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `steward-audit-${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}.csv`;
}
