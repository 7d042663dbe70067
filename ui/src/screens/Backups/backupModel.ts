// What the backup screens show, worked out from the transport types: labels, sizes, warnings, the settings
// form's checks and the credentials sent to open a backup.
import type { BackupCredentials, BackupSettings, BackupStatus } from '../../lib/api';

const KIND_LABELS: Record<string, string> = {
  manual: 'Manual',
  scheduled: 'Scheduled',
  lock: 'On lock',
  quit: 'On quit',
  'pre-restore': 'Before a restore',
  'pre-migration': 'Before an update',
};

/** Why a backup was made, for people; a kind this version does not know is shown as it is. */
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

/** A file size in decimal units, e.g. "1.4 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The tables a backup's counts are summed up by, in the order people look for them. */
const COUNTED: [table: string, one: string, many: string][] = [
  ['contacts', 'contact', 'contacts'],
  ['companies', 'company', 'companies'],
  ['deals', 'deal', 'deals'],
  ['activities', 'activity', 'activities'],
  ['tasks', 'task', 'tasks'],
  ['users', 'user', 'users'],
];

/** What a backup holds, e.g. "12 contacts, 1 company, 0 deals, …" (tables it does not count are left out). */
export function countsSummary(counts: Record<string, number>): string {
  return COUNTED.filter(([table]) => counts[table] !== undefined)
    .map(([table, one, many]) => {
      const n = counts[table] ?? 0;
      return `${n.toLocaleString()} ${n === 1 ? one : many}`;
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
    warnings.push({ id: 'failing', text: `The last backup failed: ${sentence(status.lastError)}` });
  }
  if (status.lastBackupAt === null) {
    warnings.push({ id: 'none', text: 'No backup has been made yet.' });
  } else if (status.stale) {
    warnings.push({ id: 'stale', text: 'Changes have gone without a backup for longer than twice the interval.' });
  }
  if (status.sameDisk === true) {
    warnings.push({
      id: 'same-disk',
      text: 'The backup folder is on the same disk as the vault, so a dead disk takes both. Choose an external drive or a synced folder.',
    });
  }
  if (status.lastDrill && !status.lastDrill.ok) {
    warnings.push({ id: 'drill-failed', text: `The last restore drill failed: ${sentence(status.lastDrill.detail)}` });
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
    return { problem: 'The backup folder must be a full path; choose it with Browse….' };
  }
  const interval = whole(form.intervalMinutes);
  if (interval === null || interval > MAX_INTERVAL_MINUTES) {
    return { problem: `The interval must be a whole number of minutes from 0 to ${MAX_INTERVAL_MINUTES} (a week).` };
  }
  const counts = [form.keepLast, form.keepHourly, form.keepDaily, form.keepWeekly, form.keepMonthly].map(whole);
  if (counts.some((n) => n === null)) {
    return { problem: 'Each number of backups to keep must be a whole number (0 or more).' };
  }
  const [last = 0, hourly = 0, daily = 0, weekly = 0, monthly = 0] = counts as number[];
  if (last + hourly + daily + weekly + monthly === 0) {
    return { problem: 'Keep at least one backup: set one of the numbers to keep above 0.' };
  }
  const drill = whole(form.drillIntervalDays);
  if (drill === null || drill > 365) {
    return { problem: 'Restore drills must run every 0 to 365 days (0 turns them off).' };
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
    if (recoveryKey.trim() === '') return { problem: 'Enter the recovery key.' };
    return { credentials: { kind: 'recovery_key', recoveryKey: recoveryKey.trim() } };
  }
  if (user.trim() === '' || password === '') {
    return { problem: 'Enter a user name and the password that user had when the backup was made.' };
  }
  return { credentials: { kind: 'password', user: user.trim(), password } };
}

/** The file type the open dialog offers for backups. */
export const BACKUP_FILTERS = [{ name: 'Steward backup', extensions: ['stwbak'] }];
