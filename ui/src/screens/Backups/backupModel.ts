// What the backup screens show, worked out from the transport types: labels, sizes, warnings, the settings
// form's checks and the credentials sent to open a backup.
import type { BackupCredentials, BackupSettings, BackupStatus } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { intlLocale, m } from '../../lib/i18n.svelte';

const KIND_LABELS: Record<string, () => string> = {
  manual: m.backup_kind_manual,
  scheduled: m.backup_kind_scheduled,
  lock: m.backup_kind_lock,
  quit: m.backup_kind_quit,
  'pre-restore': m.backup_kind_pre_restore,
  'pre-migration': m.backup_kind_pre_migration,
};

/** Why a backup was made, for people; a kind this version does not know is shown as it is. */
export function kindLabel(kind: string): string {
  const label = Object.hasOwn(KIND_LABELS, kind) ? KIND_LABELS[kind] : undefined;
  return label ? label() : kind;
}

/** A file size in decimal units with one decimal in the interface language, e.g. "1.4 MB" ("1,4 MB" in Romanian). */
export function formatSize(bytes: number, locale: string = intlLocale()): string {
  if (bytes < 1000) return m.backup_size_bytes({ count: bytes, shown: formatNumber(bytes, locale) });
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `${oneDecimal.format(value)} ${units[unit]}`;
}

type Counted = (inputs: { count: number; shown: string }) => string;

/** The tables a backup's counts are summed up by, in the order people look for them. */
const COUNTED: [table: string, counted: Counted][] = [
  ['contacts', m.backup_count_contacts],
  ['companies', m.backup_count_companies],
  ['deals', m.backup_count_deals],
  ['activities', m.backup_count_activities],
  ['tasks', m.backup_count_tasks],
  ['users', m.backup_count_users],
];

/** What a backup holds, e.g. "12 contacts, 1 company, 0 deals, …" (tables it does not count are left out). */
export function countsSummary(counts: Record<string, number>): string {
  return COUNTED.filter(([table]) => counts[table] !== undefined)
    .map(([table, counted]) => {
      const n = counts[table] ?? 0;
      return counted({ count: n, shown: formatNumber(n) });
    })
    .join(', ');
}

export interface BackupWarning {
  /** Stable, for tests and keys: `failing`, `none`, `stale`, `same-disk`, `drill-failed`. */
  id: 'failing' | 'none' | 'stale' | 'same-disk' | 'drill-failed';
  text: string;
}

/** What is wrong with the backups, most urgent first; empty when all is well. */
export function backupWarnings(status: BackupStatus): BackupWarning[] {
  const warnings: BackupWarning[] = [];
  if (status.lastError) {
    warnings.push({ id: 'failing', text: m.backup_warning_failing({ reason: sentence(status.lastError) }) });
  }
  if (status.lastBackupAt === null) {
    warnings.push({ id: 'none', text: m.backup_warning_none() });
  } else if (status.stale) {
    warnings.push({ id: 'stale', text: m.backup_warning_stale() });
  }
  if (status.sameDisk === true) {
    warnings.push({ id: 'same-disk', text: m.backup_warning_same_disk() });
  }
  if (status.lastDrill && !status.lastDrill.ok) {
    const reason = sentence(status.lastDrill.detail);
    warnings.push({ id: 'drill-failed', text: m.backup_warning_drill_failed({ reason }) });
  }
  return warnings;
}

/** Core's messages start lower-case and may lack a full stop; shown after a colon they should read as a sentence. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The settings form as typed: numbers are text until they are checked. */
export interface SettingsForm {
  dir: string;
  intervalMinutes: string;
  keepLast: string;
  keepHourly: string;
  keepDaily: string;
  keepWeekly: string;
  keepMonthly: string;
  drillIntervalDays: string;
}

export function settingsForm(settings: BackupSettings): SettingsForm {
  return {
    dir: settings.dir ?? '',
    intervalMinutes: String(settings.intervalMinutes),
    keepLast: String(settings.keep.last),
    keepHourly: String(settings.keep.hourly),
    keepDaily: String(settings.keep.daily),
    keepWeekly: String(settings.keep.weekly),
    keepMonthly: String(settings.keep.monthly),
    drillIntervalDays: String(settings.drillIntervalDays),
  };
}

/** The longest interval the core accepts: a week, in minutes. */
export const MAX_INTERVAL_MINUTES = 7 * 24 * 60;

function whole(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * The settings to send, or the sentence saying what to fix. The core checks the same rules; these catch typing
 * mistakes before a round trip.
 */
export function settingsFromForm(form: SettingsForm): { settings: BackupSettings } | { problem: string } {
  const dir = form.dir.trim();
  if (dir !== '' && !dir.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(dir) && !dir.startsWith('\\\\')) {
    return { problem: m.backup_problem_dir() };
  }
  const interval = whole(form.intervalMinutes);
  if (interval === null || interval > MAX_INTERVAL_MINUTES) {
    return { problem: m.backup_problem_interval({ max: MAX_INTERVAL_MINUTES }) };
  }
  const counts = [form.keepLast, form.keepHourly, form.keepDaily, form.keepWeekly, form.keepMonthly].map(whole);
  if (counts.some((n) => n === null)) {
    return { problem: m.backup_problem_keep() };
  }
  const [last = 0, hourly = 0, daily = 0, weekly = 0, monthly = 0] = counts as number[];
  if (last + hourly + daily + weekly + monthly === 0) {
    return { problem: m.backup_problem_keep_one() };
  }
  const drill = whole(form.drillIntervalDays);
  if (drill === null || drill > 365) {
    return { problem: m.backup_problem_drill() };
  }
  return {
    settings: {
      dir: dir === '' ? null : dir,
      intervalMinutes: interval,
      keep: { last, hourly, daily, weekly, monthly },
      drillIntervalDays: drill,
    },
  };
}

/** How a backup is opened: a user's password of the backup's time, or the recovery key. */
export type CredentialsMode = 'password' | 'recovery';

/** What a restore is doing: opening the backup, restoring it, or waiting on a file chooser. */
export type RestoreStep = 'checking' | 'restoring' | 'choosing';

/** The credentials to send, or the sentence saying what is missing. */
export function credentialsFrom(
  mode: CredentialsMode,
  user: string,
  password: string,
  recoveryKey: string,
): { credentials: BackupCredentials } | { problem: string } {
  if (mode === 'recovery') {
    if (recoveryKey.trim() === '') return { problem: m.restore_enter_recovery_key() };
    return { credentials: { kind: 'recovery_key', recoveryKey: recoveryKey.trim() } };
  }
  if (user.trim() === '' || password === '') {
    return { problem: m.restore_enter_credentials() };
  }
  return { credentials: { kind: 'password', user: user.trim(), password } };
}

/** The file type the open dialog offers for backups. */
export function backupFilters(): { name: string; extensions: string[] }[] {
  return [{ name: m.backup_file_type(), extensions: ['stwbak'] }];
}

/**
 * A message with one value set in its own markup (`Into <span class="path">{dir}</span>`): the message's text
 * before the value and after it, so the sentence stays whole in every language.
 */
export function around(message: (value: string) => string): [before: string, after: string] {
  const mark = '\u0000';
  const [before = '', after = ''] = message(mark).split(mark);
  return [before, after];
}
