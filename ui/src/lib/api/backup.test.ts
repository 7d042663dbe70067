import { describe, expect, it, vi } from 'vitest';
import { ada, emitEvent, mockBackend, reject } from '../../test/backend';
import { backupInfo, backupPreview, backupSettings, backupStatus as statusFixture } from '../../test/backups';
import {
  backupSettings as getBackupSettings,
  backupStatus,
  backupUsers,
  createBackup,
  listBackups,
  onBackupProgress,
  onBackupsChanged,
  previewBackup,
  pruneBackups,
  restoreBackup,
  restoreBackupInto,
  runRestoreDrill,
  setBackupSettings,
  verifyBackup,
} from './backup';
import { onLocked } from './call';

const BACKUP = backupInfo('steward-1');
const PASSWORD = { kind: 'password', user: 'ada', password: 'old words' } as const;

describe('backup api', () => {
  it('sends each backup command with the argument names of the contract', async () => {
    const calls = mockBackend({
      backup_status: () => statusFixture(),
      backup_settings: () => backupSettings(),
      set_backup_settings: ({ settings }) => settings,
      list_backups: () => [BACKUP],
      create_backup: () => ({ backup: BACKUP, millis: 5, pruned: [] }),
      verify_backup: () => BACKUP,
      prune_backups: () => [],
      run_restore_drill: () => ({ fileName: BACKUP.fileName, ok: true, detail: 'ok', at: '' }),
      backup_users: () => ['ada'],
      preview_backup: () => backupPreview(BACKUP),
      restore_backup: () => ({ restored: backupPreview(BACKUP), preRestoreBackup: null }),
      restore_backup_into: () => ada,
    });

    await backupStatus();
    await getBackupSettings();
    await setBackupSettings(backupSettings({ intervalMinutes: 30 }));
    await expect(listBackups()).resolves.toEqual([BACKUP]);
    await createBackup();
    await verifyBackup(BACKUP.path);
    await pruneBackups(true);
    await runRestoreDrill();
    await backupUsers(BACKUP.path);
    await previewBackup(BACKUP.path, PASSWORD);
    await restoreBackup(BACKUP.path, { kind: 'recovery_key', recoveryKey: 'AB12' });
    await expect(restoreBackupInto(BACKUP.path, '/home/ada/New', PASSWORD)).resolves.toEqual(ada);

    expect(calls).toEqual([
      { command: 'backup_status', args: {} },
      { command: 'backup_settings', args: {} },
      { command: 'set_backup_settings', args: { settings: backupSettings({ intervalMinutes: 30 }) } },
      { command: 'list_backups', args: {} },
      { command: 'create_backup', args: {} },
      { command: 'verify_backup', args: { path: BACKUP.path } },
      { command: 'prune_backups', args: { dryRun: true } },
      { command: 'run_restore_drill', args: {} },
      { command: 'backup_users', args: { path: BACKUP.path } },
      { command: 'preview_backup', args: { path: BACKUP.path, credentials: PASSWORD } },
      {
        command: 'restore_backup',
        args: { path: BACKUP.path, credentials: { kind: 'recovery_key', recoveryKey: 'AB12' } },
      },
      { command: 'restore_backup_into', args: { path: BACKUP.path, dir: '/home/ada/New', credentials: PASSWORD } },
    ]);
  });

  it('hands backup-progress and backups-changed events to their listeners until they are removed', async () => {
    mockBackend({});
    const progress: unknown[] = [];
    const changed = vi.fn();
    const stopProgress = await onBackupProgress((p) => progress.push(p));
    const stopChanged = await onBackupsChanged(changed);

    await emitEvent('backup-progress', { done: 4096, total: 8000 });
    await emitEvent('backups-changed', null);
    stopProgress();
    stopChanged();
    await emitEvent('backup-progress', { done: 8000, total: 8000 });
    await emitEvent('backups-changed', null);

    expect(progress).toEqual([{ done: 4096, total: 8000 }]);
    expect(changed).toHaveBeenCalledOnce();
  });

  it('tells locked listeners when a failed restore left the vault locked', async () => {
    mockBackend({ restore_backup: reject('locked', 'The disk is full. The vault was locked; unlock it to go on.') });
    const listener = vi.fn();
    const unsubscribe = onLocked(listener);

    await expect(restoreBackup(BACKUP.path, PASSWORD)).rejects.toMatchObject({ code: 'locked' });
    unsubscribe();

    expect(listener).toHaveBeenCalledOnce();
    expect(listener.mock.calls[0]?.[0]).toMatchObject({ code: 'locked' });
  });
});
