// Pure helpers of the audit log screen, kept apart from the component so they can be tested on their own.
import type { AuditEntry, VerifyReport } from '../../lib/api';
import { asciiFileName } from '../../lib/fileNames';
import { formatMoment } from '../../lib/format';
import { m, type Locale } from '../../lib/i18n.svelte';

/** Every action the core records (docs/audit-log.md), family by family, as the action filter offers them. */
export const AUDIT_ACTIONS = [
  'vault.create',
  'vault.unlock',
  'vault.unlock_failed',
  'vault.lock',
  'vault.reauthenticate',
  'vault.device_remember',
  'vault.device_forget',
  'vault.rollback_accepted',
  'vault.language',
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
  'contact.merge',
  'contact.merge_undo',
  'contact.reveal',
  'contact.export',
  'contact.list',
  'calendar.export',
  'record.purge',
  'field.create',
  'field.delete',
  'view.save',
  'view.delete',
  'import.csv',
  'import.vcard',
  'import.email',
  'import.dry_run',
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
  'activity.update',
  'activity.delete',
  'activity.restore',
  'task.create',
  'task.update',
  'task.done',
  'task.reopen',
  'task.delete',
  'task.restore',
  'attachment.add',
  'attachment.open',
  'attachment.save_copy',
  'attachment.rename',
  'attachment.delete',
  'attachment.restore',
  'attachment.limits_change',
  'user.create',
  'user.role_change',
  'user.disable',
  'user.enable',
  'user.password_reset',
  'user.password_change',
  'user.forget_devices',
  'audit.verify',
  'audit.export',
  'backup.create',
  'backup.verify',
  'backup.drill',
  'backup.prune',
  'backup.settings',
  'backup.restore',
  'settings.phone_country',
  'policy.set',
  'alert.ack',
  'rules.set',
  'rules.acknowledge',
  'review.start',
  'review.decide',
  'review.close',
  'review.export',
  'breach.open',
  'breach.update',
  'breach.decide',
  'breach.report',
  'breach.drafts',
  'breach.export',
  'breach.register',
  'controller.update',
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
  'dsr.access_package_file',
  'register.view',
  'team.publish',
  'team.pull',
] as const;

/**
 * Actions recorded only when refused: operations that record nothing when allowed (listing, viewing) carry an
 * action of their own when the role may not run them (docs/audit-log.md, "Denied entries").
 */
export const AUDIT_REFUSED_ONLY_ACTIONS = [
  'contact.list_deleted',
  'record.list_deleted',
  'search',
  'import.list',
  'import.preview',
  'company.view',
  'company.list',
  'deal.view',
  'deal.list',
  'deal.summary',
  'stage.list',
  'activity.list',
  'activity.view',
  'task.view',
  'task.list',
  'field.list',
  'view.list',
  'backup.list',
  'backup.status',
  'purpose.list',
  'consent.list',
  'consent.coverage',
  'consent.mailing_list_preview',
  'consent_form.list',
  'consent_form.view',
  'dsr.list',
  'alert.list',
  'breach.view',
  'breach.list',
  'review.show',
  'review.list',
  'review.status',
  'users.read',
  'audit.read',
] as const;

/** An action core records. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number] | (typeof AUDIT_REFUSED_ONLY_ACTIONS)[number];

/** Each action by a short name in the interface language; the code stays beside it, as the CSV export has it. */
export const AUDIT_ACTION_NAMES: Record<AuditAction, () => string> = {
  'vault.create': m.audit_name_vault_create,
  'vault.unlock': m.audit_name_vault_unlock,
  'vault.unlock_failed': m.audit_name_vault_unlock_failed,
  'vault.lock': m.audit_name_vault_lock,
  'vault.reauthenticate': m.audit_name_vault_reauthenticate,
  'vault.device_remember': m.audit_name_vault_device_remember,
  'vault.device_forget': m.audit_name_vault_device_forget,
  'vault.rollback_accepted': m.audit_name_vault_rollback_accepted,
  'vault.language': m.audit_name_vault_language,
  'contact.create': m.audit_name_contact_create,
  'contact.view': m.audit_name_contact_view,
  'contact.update': m.audit_name_contact_update,
  'contact.delete': m.audit_name_contact_delete,
  'contact.restore': m.audit_name_contact_restore,
  'contact.reassign': m.audit_name_contact_reassign,
  'contact.bulk_tag': m.audit_name_contact_bulk_tag,
  'contact.bulk_untag': m.audit_name_contact_bulk_untag,
  'contact.bulk_reassign': m.audit_name_contact_bulk_reassign,
  'contact.bulk_delete': m.audit_name_contact_bulk_delete,
  'contact.merge': m.audit_name_contact_merge,
  'contact.merge_undo': m.audit_name_contact_merge_undo,
  'contact.reveal': m.audit_name_contact_reveal,
  'contact.export': m.audit_name_contact_export,
  'contact.list': m.audit_name_contact_list,
  'calendar.export': m.audit_name_calendar_export,
  'record.purge': m.audit_name_record_purge,
  'field.create': m.audit_name_field_create,
  'field.delete': m.audit_name_field_delete,
  'view.save': m.audit_name_view_save,
  'view.delete': m.audit_name_view_delete,
  'import.csv': m.audit_name_import_csv,
  'import.vcard': m.audit_name_import_vcard,
  'import.email': m.audit_name_import_email,
  'import.dry_run': m.audit_name_import_dry_run,
  'import.undo': m.audit_name_import_undo,
  'company.create': m.audit_name_company_create,
  'company.update': m.audit_name_company_update,
  'company.delete': m.audit_name_company_delete,
  'company.restore': m.audit_name_company_restore,
  'stage.create': m.audit_name_stage_create,
  'stage.rename': m.audit_name_stage_rename,
  'stage.probability': m.audit_name_stage_probability,
  'stage.reorder': m.audit_name_stage_reorder,
  'stage.delete': m.audit_name_stage_delete,
  'deal.create': m.audit_name_deal_create,
  'deal.update': m.audit_name_deal_update,
  'deal.move': m.audit_name_deal_move,
  'deal.delete': m.audit_name_deal_delete,
  'deal.restore': m.audit_name_deal_restore,
  'activity.create': m.audit_name_activity_create,
  'activity.update': m.audit_name_activity_update,
  'activity.delete': m.audit_name_activity_delete,
  'activity.restore': m.audit_name_activity_restore,
  'task.create': m.audit_name_task_create,
  'task.update': m.audit_name_task_update,
  'task.done': m.audit_name_task_done,
  'task.reopen': m.audit_name_task_reopen,
  'task.delete': m.audit_name_task_delete,
  'task.restore': m.audit_name_task_restore,
  'attachment.add': m.audit_name_attachment_add,
  'attachment.open': m.audit_name_attachment_open,
  'attachment.save_copy': m.audit_name_attachment_save_copy,
  'attachment.rename': m.audit_name_attachment_rename,
  'attachment.delete': m.audit_name_attachment_delete,
  'attachment.restore': m.audit_name_attachment_restore,
  'attachment.limits_change': m.audit_name_attachment_limits_change,
  'user.create': m.audit_name_user_create,
  'user.role_change': m.audit_name_user_role_change,
  'user.disable': m.audit_name_user_disable,
  'user.enable': m.audit_name_user_enable,
  'user.password_reset': m.audit_name_user_password_reset,
  'user.password_change': m.audit_name_user_password_change,
  'user.forget_devices': m.audit_name_user_forget_devices,
  'audit.verify': m.audit_name_audit_verify,
  'audit.export': m.audit_name_audit_export,
  'backup.create': m.audit_name_backup_create,
  'backup.verify': m.audit_name_backup_verify,
  'backup.drill': m.audit_name_backup_drill,
  'backup.prune': m.audit_name_backup_prune,
  'backup.settings': m.audit_name_backup_settings,
  'backup.restore': m.audit_name_backup_restore,
  'settings.phone_country': m.audit_name_settings_phone_country,
  'policy.set': m.audit_name_policy_set,
  'alert.ack': m.audit_name_alert_ack,
  'rules.set': m.audit_name_rules_set,
  'rules.acknowledge': m.audit_name_rules_acknowledge,
  'review.start': m.audit_name_review_start,
  'review.decide': m.audit_name_review_decide,
  'review.close': m.audit_name_review_close,
  'review.export': m.audit_name_review_export,
  'breach.open': m.audit_name_breach_open,
  'breach.update': m.audit_name_breach_update,
  'breach.decide': m.audit_name_breach_decide,
  'breach.report': m.audit_name_breach_report,
  'breach.drafts': m.audit_name_breach_drafts,
  'breach.export': m.audit_name_breach_export,
  'breach.register': m.audit_name_breach_register,
  'controller.update': m.audit_name_controller_update,
  'purpose.update': m.audit_name_purpose_update,
  'consent.record': m.audit_name_consent_record,
  'consent.withdraw': m.audit_name_consent_withdraw,
  'consent.bulk_withdraw': m.audit_name_consent_bulk_withdraw,
  'consent.use': m.audit_name_consent_use,
  'consent.evidence': m.audit_name_consent_evidence,
  'consent_form.save': m.audit_name_consent_form_save,
  'dsr.open': m.audit_name_dsr_open,
  'dsr.extend': m.audit_name_dsr_extend,
  'dsr.close': m.audit_name_dsr_close,
  'dsr.erase': m.audit_name_dsr_erase,
  'dsr.anonymise': m.audit_name_dsr_anonymise,
  'dsr.restrict': m.audit_name_dsr_restrict,
  'dsr.unrestrict': m.audit_name_dsr_unrestrict,
  'dsr.object': m.audit_name_dsr_object,
  'dsr.bulk_object': m.audit_name_dsr_bulk_object,
  'dsr.access_package': m.audit_name_dsr_access_package,
  'dsr.access_package_file': m.audit_name_dsr_access_package_file,
  'register.view': m.audit_name_register_view,
  'team.publish': m.audit_name_team_publish,
  'team.pull': m.audit_name_team_pull,
  'contact.list_deleted': m.audit_name_contact_list_deleted,
  'record.list_deleted': m.audit_name_record_list_deleted,
  search: m.audit_name_search,
  'import.list': m.audit_name_import_list,
  'import.preview': m.audit_name_import_preview,
  'company.view': m.audit_name_company_view,
  'company.list': m.audit_name_company_list,
  'deal.view': m.audit_name_deal_view,
  'deal.list': m.audit_name_deal_list,
  'deal.summary': m.audit_name_deal_summary,
  'stage.list': m.audit_name_stage_list,
  'activity.list': m.audit_name_activity_list,
  'activity.view': m.audit_name_activity_view,
  'task.view': m.audit_name_task_view,
  'task.list': m.audit_name_task_list,
  'field.list': m.audit_name_field_list,
  'view.list': m.audit_name_view_list,
  'backup.list': m.audit_name_backup_list,
  'backup.status': m.audit_name_backup_status,
  'purpose.list': m.audit_name_purpose_list,
  'consent.list': m.audit_name_consent_list,
  'consent.coverage': m.audit_name_consent_coverage,
  'consent.mailing_list_preview': m.audit_name_consent_mailing_list_preview,
  'consent_form.list': m.audit_name_consent_form_list,
  'consent_form.view': m.audit_name_consent_form_view,
  'dsr.list': m.audit_name_dsr_list,
  'alert.list': m.audit_name_alert_list,
  'breach.view': m.audit_name_breach_view,
  'breach.list': m.audit_name_breach_list,
  'review.show': m.audit_name_review_show,
  'review.list': m.audit_name_review_list,
  'review.status': m.audit_name_review_status,
  'users.read': m.audit_name_users_read,
  'audit.read': m.audit_name_audit_read,
};

/** An action's short name in the interface language; `null` for a code this version does not know. */
export function actionName(action: string): string | null {
  return Object.hasOwn(AUDIT_ACTION_NAMES, action) ? (AUDIT_ACTION_NAMES[action as AuditAction]?.() ?? null) : null;
}

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
