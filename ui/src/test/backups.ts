// Backup fixtures for component tests, shaped as the backup commands answer.
import type { BackupInfo, BackupPreview, BackupSettings, BackupStatus } from '../lib/api';

/** A verified manual backup made by ada, with a few records. */
export function backupInfo(name: string, patch: Partial<BackupInfo> = {}): BackupInfo {
  return {
    path: `/home/ada/Steward/backups/${name}.stwbak`,
    fileName: `${name}.stwbak`,
    createdAt: '2026-03-01T09:30:00Z',
    createdBy: 'ada',
    kind: 'manual',
    size: 1_456_000,
    counts: { contacts: 12, companies: 1, deals: 0, activities: 3, tasks: 2, users: 2, audit_log: 40 },
    verifiedAt: '2026-03-01T09:30:01Z',
    ...patch,
  };
}

/** The status of a vault backed up recently to an external drive, with a passed drill. */
export function backupStatus(patch: Partial<BackupStatus> = {}): BackupStatus {
  return {
    dir: '/media/usb/steward-backups',
    sameDisk: false,
    lastBackupAt: '2026-03-01T09:30:00Z',
    lastError: null,
    lastDrill: {
      fileName: 'steward-1.stwbak',
      ok: true,
      detail: 'restored into a scratch folder: every page authentic',
      at: '2026-03-01T10:00:00Z',
    },
    lastVerifiedRestoreAt: '2026-03-01T10:00:00Z',
    changedSinceLast: false,
    stale: false,
    ...patch,
  };
}

/** The settings of a new vault: backups beside it, hourly, the default retention, a drill a week. */
export function backupSettings(patch: Partial<BackupSettings> = {}): BackupSettings {
  return {
    dir: null,
    intervalMinutes: 60,
    keep: { last: 5, hourly: 24, daily: 7, weekly: 4, monthly: 12 },
    drillIntervalDays: 7,
    ...patch,
  };
}

/** What opening `backup` shows before a restore. */
export function backupPreview(backup: BackupInfo): BackupPreview {
  return {
    path: backup.path,
    createdAt: backup.createdAt,
    createdBy: backup.createdBy,
    kind: backup.kind,
    size: backup.size,
    counts: backup.counts,
    appVersion: '0.1.0',
  };
}
