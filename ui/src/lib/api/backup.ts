// Backups: one typed function per backup command, re-exported by `./index`, the one entry point screens use.

import { listen } from '@tauri-apps/api/event';
import { call } from './call';
import { toApiError } from './errors';
import type {
  BackupCredentials,
  BackupInfo,
  BackupPreview,
  BackupProgress,
  BackupReport,
  BackupSettings,
  BackupStatus,
  DrillReport,
  PruneDecision,
  RestoreReport,
  SessionInfo,
} from './types';

export type {
  BackupCredentials,
  BackupInfo,
  BackupPreview,
  BackupProgress,
  BackupReport,
  BackupSettings,
  BackupStatus,
  DrillReport,
  KeepPolicy,
  PruneDecision,
  RestoreReport,
} from './types';

/** The state of backups: the folder, the last backup and drill, and what to warn about. */
export function backupStatus(): Promise<BackupStatus> {
  return call('backup_status');
}

export function backupSettings(): Promise<BackupSettings> {
  return call('backup_settings');
}

/** Saves the backup settings; the core refuses a relative folder, an interval over a week or a retention of nothing. */
export function setBackupSettings(settings: BackupSettings): Promise<BackupSettings> {
  return call('set_backup_settings', { settings });
}

/** The backups of this vault in the configured folder, newest first. */
export function listBackups(): Promise<BackupInfo[]> {
  return call('list_backups');
}

/**
 * "Back up now": writes a backup, verifies it before it counts, then rotates old ones away. Progress arrives
 * meanwhile as `backup-progress` events (see `onBackupProgress`).
 */
export function createBackup(): Promise<BackupReport> {
  return call('create_backup');
}

/** Checks one backup completely (header, hash, every page, row counts); rejects with `integrity` when damaged. */
export function verifyBackup(path: string): Promise<BackupInfo> {
  return call('verify_backup', { path });
}

/** What rotation keeps and forgets in the backup folder; removes the forgotten unless `dryRun`. */
export function pruneBackups(dryRun: boolean): Promise<PruneDecision[]> {
  return call('prune_backups', { dryRun });
}

/** Restores the newest backup into a scratch folder and checks it; a failed check resolves with `ok: false`. */
export function runRestoreDrill(): Promise<DrillReport> {
  return call('run_restore_drill');
}

/** The login names that can open the backup at `path` with a password, read from its header. */
export function backupUsers(path: string): Promise<string[]> {
  return call('backup_users', { path });
}

/** Opens the backup with the credentials of its time and resolves with what it holds; no vault is needed. */
export function previewBackup(path: string, credentials: BackupCredentials): Promise<BackupPreview> {
  return call('preview_backup', { path, credentials });
}

/**
 * Restores a backup of this vault over it. The vault is backed up first and is locked afterwards, so the app
 * must show the unlock screen; users keep their current passwords.
 */
export function restoreBackup(path: string, credentials: BackupCredentials): Promise<RestoreReport> {
  return call('restore_backup', { path, credentials });
}

/**
 * Restores a backup into `dir`, a new or empty folder, and opens it with the same credentials; the app uses
 * that folder as its vault from then on.
 */
export function restoreBackupInto(path: string, dir: string, credentials: BackupCredentials): Promise<SessionInfo> {
  return call('restore_backup_into', { path, dir, credentials });
}

/**
 * Calls `listener` with each `backup-progress` event until the returned function is called. Resolves once the
 * listener is in place, so a backup started afterwards cannot miss its first events.
 */
export async function onBackupProgress(listener: (progress: BackupProgress) => void): Promise<() => void> {
  try {
    return await listen<BackupProgress>('backup-progress', (event) => listener(event.payload));
  } catch (raw) {
    throw toApiError(raw);
  }
}

/**
 * Calls `listener` after each automatic backup or drill (`backups-changed`) until the returned function is
 * called. Screens listen for as long as they are shown, so stopping never fails: once the bridge is gone there
 * is nothing left to stop.
 */
export async function onBackupsChanged(listener: () => void): Promise<() => void> {
  try {
    const unlisten = await listen('backups-changed', () => listener());
    return () => {
      Promise.resolve(unlisten() as unknown).catch(() => {});
    };
  } catch (raw) {
    throw toApiError(raw);
  }
}

/**
 * The backup file the desktop asked Steward to open (`steward-app FILE.stwbak`, "Open with Steward" in a file
 * manager), handed over once: null when none is waiting.
 */
export function takeOpenedBackup(): Promise<string | null> {
  return call('take_opened_backup', {});
}

/**
 * Calls `listener` when a second launch of Steward hands this window a backup file to open; take it with
 * `takeOpenedBackup`. Resolves with a function that removes the listener.
 */
export async function onBackupOpened(listener: () => void): Promise<() => void> {
  try {
    const unlisten = await listen('backup-opened', () => listener());
    return () => {
      Promise.resolve(unlisten() as unknown).catch(() => {});
    };
  } catch (raw) {
    throw toApiError(raw);
  }
}
