import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { BackupInfo, BackupStatus } from '../../lib/api';
import { setLanguage } from '../../lib/i18n.svelte';
import { ada, emitEvent, mockBackend, reject, sessionAs, type Handler } from '../../test/backend';
import { backupInfo, backupPreview, backupSettings, backupStatus } from '../../test/backups';
import Backups from './Backups.svelte';

const OLDER = backupInfo('steward-older', { createdAt: '2026-02-01T08:00:00Z', kind: 'scheduled', createdBy: 'grace' });
const NEWER = backupInfo('steward-newer', { createdAt: '2026-03-01T09:30:00Z', verifiedAt: null });

/** The commands the screen loads with, answering `backups` and `status`, plus `extra`. */
function backend(backups: BackupInfo[], status: BackupStatus = backupStatus(), extra: Record<string, Handler> = {}) {
  return mockBackend({
    backup_status: () => status,
    list_backups: () => backups,
    backup_settings: () => backupSettings(),
    ...extra,
  });
}

function renderScreen(session = ada) {
  const onRestored = vi.fn();
  render(Backups, { session, onRestored });
  return { onRestored, user: userEvent.setup() };
}

describe('Backups', () => {
  it('shows the status and every backup with its date, kind, size, verification and maker', async () => {
    backend([NEWER, OLDER]);
    renderScreen();

    const rows = await screen.findAllByTestId('backup-row');
    expect(rows.map((r) => r.dataset.kind)).toEqual(['manual', 'scheduled']);
    expect(rows[0]).toHaveTextContent('Manual');
    expect(rows[0]).toHaveTextContent('1.5 MB');
    expect(within(rows[0]!).getByTestId('backup-verified')).toHaveTextContent('Not yet');
    expect(rows[1]).toHaveTextContent('grace');
    expect(rows[1]).toHaveTextContent('Scheduled');
    expect(screen.getByTestId('backup-folder')).toHaveTextContent('/media/usb/steward-backups');
    expect(screen.getByTestId('backup-last-drill')).toHaveTextContent('passed');
    expect(screen.queryByTestId('backup-warnings')).not.toBeInTheDocument();
  });

  it('warns when backups fail, are stale or share the vault’s disk', async () => {
    backend([OLDER], backupStatus({ lastError: 'no space left on device', stale: true, sameDisk: true }));
    renderScreen();

    const warnings = await screen.findByTestId('backup-warnings');
    expect(warnings).toHaveTextContent('The last backup failed: no space left on device.');
    expect(warnings).toHaveTextContent('longer than twice the interval');
    expect(warnings).toHaveTextContent('same disk as the vault');
  });

  it('backs up now with a progress bar, then shows the new backup in the list', async () => {
    let backups = [OLDER];
    let finish: (value: unknown) => void = () => {};
    backend([], backupStatus(), {
      list_backups: () => backups,
      create_backup: () =>
        new Promise((resolve) => {
          finish = resolve;
        }),
    });
    const { user } = renderScreen();
    await screen.findAllByTestId('backup-row');

    await user.click(screen.getByTestId('backup-now'));
    const progress = await screen.findByTestId('backup-progress');
    expect(screen.getByTestId('backup-now')).toBeDisabled();
    await emitEvent('backup-progress', { done: 4096, total: 8192 });
    await waitFor(() => expect(progress).toHaveAttribute('data-done', '4096'));
    expect(progress).toHaveTextContent('Backing up 50%');

    backups = [NEWER, OLDER];
    finish({ backup: NEWER, millis: 120, pruned: ['steward-oldest.stwbak'] });

    expect(await screen.findByTestId('backups-notice')).toHaveTextContent(
      'Backed up and verified (1.5 MB). Rotation removed 1 old backup.',
    );
    await waitFor(() => expect(screen.getAllByTestId('backup-row')).toHaveLength(2));
    expect(screen.queryByTestId('backup-progress')).not.toBeInTheDocument();
  });

  it('shows why a backup failed', async () => {
    backend([], backupStatus({ lastBackupAt: null }), {
      create_backup: reject('other', 'Could not create the backup folder /media/usb: permission denied.'),
    });
    const { user } = renderScreen();
    expect(await screen.findByTestId('backups-empty')).toBeInTheDocument();

    await user.click(screen.getByTestId('backup-now'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('permission denied');
    expect(screen.getByTestId('backup-now')).toBeEnabled();
  });

  it('verifies a backup and says it is intact, or shows the damage', async () => {
    const calls = backend([NEWER, OLDER], backupStatus(), {
      verify_backup: ({ path }) => {
        if (path === OLDER.path) reject('integrity', 'The backup is damaged or was altered: its database does not authenticate.')({});
        return { ...NEWER, verifiedAt: '2026-03-02T10:00:00Z' };
      },
    });
    const { user } = renderScreen();
    const rows = await screen.findAllByTestId('backup-row');

    await user.click(within(rows[0]!).getByTestId('backup-verify'));
    expect(await screen.findByTestId('backups-notice')).toHaveTextContent('is intact');
    expect(calls.find((c) => c.command === 'verify_backup')?.args).toEqual({ path: NEWER.path });

    await user.click(within(screen.getAllByTestId('backup-row')[1]!).getByTestId('backup-verify'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('does not authenticate');
  });

  it('runs a restore drill and reports the result', async () => {
    backend([NEWER], backupStatus(), {
      run_restore_drill: () => ({ fileName: NEWER.fileName, ok: true, detail: 'audit chain intact (40 entries)', at: '' }),
    });
    const { user } = renderScreen();
    await screen.findAllByTestId('backup-row');

    await user.click(screen.getByTestId('backup-drill'));
    expect(await screen.findByTestId('backups-notice')).toHaveTextContent(
      'The restore drill passed: audit chain intact (40 entries).',
    );
  });

  it('restores a backup after opening it with a password of its time and confirming', async () => {
    const calls = backend([NEWER, OLDER], backupStatus(), {
      backup_users: () => ['ada', 'grace'],
      preview_backup: () => backupPreview(OLDER),
      restore_backup: () => ({ restored: backupPreview(OLDER), preRestoreBackup: 'steward-pre.stwbak' }),
    });
    const { user, onRestored } = renderScreen();
    const rows = await screen.findAllByTestId('backup-row');

    await user.click(within(rows[1]!).getByTestId('backup-restore'));
    const dialog = await screen.findByTestId('restore-dialog');
    await waitFor(() => expect(within(dialog).getByTestId('restore-user').tagName).toBe('SELECT'));
    expect(within(dialog).getByTestId('restore-user')).toHaveValue('ada');
    await user.type(within(dialog).getByTestId('restore-password'), 'old password words');
    await user.click(within(dialog).getByTestId('restore-check'));

    const preview = await within(dialog).findByTestId('restore-preview');
    expect(preview).toHaveTextContent('grace');
    expect(preview).toHaveTextContent('Scheduled');
    expect(preview).toHaveTextContent('12 contacts, 1 company, 0 deals, 3 activities, 2 tasks, 2 users');
    expect(calls.some((c) => c.command === 'restore_backup')).toBe(false);

    await user.click(within(dialog).getByTestId('restore-confirm'));
    await waitFor(() => expect(onRestored).toHaveBeenCalledOnce());
    expect(onRestored.mock.calls[0]![0]).toMatch(/was restored.*Unlock with your current password/);
    const credentials = { kind: 'password', user: 'ada', password: 'old password words' };
    expect(calls.find((c) => c.command === 'preview_backup')?.args).toEqual({ path: OLDER.path, credentials });
    expect(calls.find((c) => c.command === 'restore_backup')?.args).toEqual({ path: OLDER.path, credentials });
  });

  it('opens a backup with the recovery key, and stays open on a wrong one', async () => {
    let good = false;
    const calls = backend([NEWER], backupStatus(), {
      backup_users: () => ['ada'],
      preview_backup: () => {
        if (!good) reject('authentication', 'Wrong recovery key.')({});
        return backupPreview(NEWER);
      },
    });
    const { user, onRestored } = renderScreen();
    await user.click(await screen.findByTestId('backup-restore'));
    const dialog = await screen.findByTestId('restore-dialog');

    await user.click(within(dialog).getByTestId('restore-mode-recovery'));
    await user.type(within(dialog).getByTestId('restore-recovery-key'), 'AB12-CD34');
    await user.click(within(dialog).getByTestId('restore-check'));
    expect(await within(dialog).findByTestId('restore-error')).toHaveTextContent('Wrong recovery key.');
    expect(within(dialog).queryByTestId('restore-preview')).not.toBeInTheDocument();

    good = true;
    await user.click(within(dialog).getByTestId('restore-check'));
    expect(await within(dialog).findByTestId('restore-preview')).toBeInTheDocument();
    expect(calls.filter((c) => c.command === 'preview_backup').at(-1)?.args).toEqual({
      path: NEWER.path,
      credentials: { kind: 'recovery_key', recoveryKey: 'AB12-CD34' },
    });

    await user.click(within(dialog).getByTestId('restore-cancel'));
    expect(screen.queryByTestId('restore-dialog')).not.toBeInTheDocument();
    expect(onRestored).not.toHaveBeenCalled();
  });

  it('offers Restore… only to roles that may restore', async () => {
    backend([NEWER]);
    renderScreen({ ...sessionAs('admin'), permissions: ['contacts.read', 'backup.manage'] });
    await screen.findAllByTestId('backup-row');
    expect(screen.getByTestId('backup-verify')).toBeInTheDocument();
    expect(screen.queryByTestId('backup-restore')).not.toBeInTheDocument();
  });

  it('saves the settings and refuses a relative folder before asking the core', async () => {
    const calls = backend([], backupStatus({ dir: '/home/ada/Steward/backups' }), {
      set_backup_settings: ({ settings }) => settings,
    });
    const { user } = renderScreen();
    const folder = await screen.findByTestId('backup-dir');
    expect(folder).toHaveValue('');

    await user.type(folder, 'backups');
    await user.click(screen.getByTestId('backup-settings-save'));
    expect(screen.getByTestId('backup-settings-error')).toHaveTextContent('full path');
    expect(calls.some((c) => c.command === 'set_backup_settings')).toBe(false);

    await user.clear(folder);
    await user.type(folder, '/media/usb/steward');
    await user.clear(screen.getByTestId('backup-interval'));
    await user.type(screen.getByTestId('backup-interval'), '30');
    await user.clear(screen.getByTestId('backup-keepMonthly'));
    await user.type(screen.getByTestId('backup-keepMonthly'), '0');
    await user.click(screen.getByTestId('backup-settings-save'));

    expect(await screen.findByTestId('backup-settings-notice')).toHaveTextContent('saved');
    expect(calls.find((c) => c.command === 'set_backup_settings')?.args).toEqual({
      settings: backupSettings({
        dir: '/media/usb/steward',
        intervalMinutes: 30,
        keep: { last: 5, hourly: 24, daily: 7, weekly: 4, monthly: 0 },
      }),
    });
  });

  it('shows what rotation would remove before removing it', async () => {
    const calls = backend([NEWER, OLDER], backupStatus(), {
      prune_backups: () => [
        { backup: NEWER, keep: true, reasons: ['last'] },
        { backup: OLDER, keep: false, reasons: [] },
      ],
    });
    const { user } = renderScreen();
    await screen.findAllByTestId('backup-row');

    await user.click(screen.getByTestId('backup-prune-check'));
    expect(await screen.findByTestId('backup-prune-plan')).toHaveTextContent('Rotation would remove 1 backup');
    await user.click(screen.getByTestId('backup-prune'));
    expect(await screen.findByTestId('backups-notice')).toHaveTextContent('Rotation removed 1 old backup.');
    expect(calls.filter((c) => c.command === 'prune_backups').map((c) => c.args)).toEqual([
      { dryRun: true },
      { dryRun: false },
    ]);
  });

  it('reloads when an automatic backup was made', async () => {
    let backups = [OLDER];
    backend([], backupStatus(), { list_backups: () => backups });
    renderScreen();
    await screen.findAllByTestId('backup-row');

    backups = [NEWER, OLDER];
    await emitEvent('backups-changed', null);
    await waitFor(() => expect(screen.getAllByTestId('backup-row')).toHaveLength(2));
  });

  it('speaks Romanian: labels, kinds, sizes, dates as dd.mm.yyyy and the rotation plan', async () => {
    setLanguage('ro');
    backend([NEWER, OLDER], backupStatus({ stale: true }), {
      prune_backups: () => [
        { backup: OLDER, keep: false, reasons: [] },
        { backup: NEWER, keep: false, reasons: [] },
      ],
    });
    const { user } = renderScreen();

    const rows = await screen.findAllByTestId('backup-row');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Copii de rezervă');
    expect(rows[0]).toHaveTextContent('Manuală');
    expect(rows[0]).toHaveTextContent('1,5 MB');
    expect(rows[0]).toHaveTextContent('01.03.2026');
    expect(within(rows[0]!).getByTestId('backup-verified')).toHaveTextContent('Încă nu');
    expect(rows[1]).toHaveTextContent('Programată');
    expect(screen.getByTestId('backup-last-drill')).toHaveTextContent(/^01\.03\.2026, \d\d:\d\d · reușit$/);
    expect(screen.getByTestId('backup-warnings')).toHaveTextContent(
      'Modificările au rămas fără copie de rezervă mai mult decât dublul intervalului.',
    );
    expect(screen.getByTestId('backup-settings')).toHaveTextContent('Gol: un folder backups lângă seif.');

    await user.click(screen.getByTestId('backup-prune-check'));
    expect(await screen.findByTestId('backup-prune-plan')).toHaveTextContent(
      /^Rotația ar elimina 2 copii de rezervă: 01\.02\.2026, \d\d:\d\d, 01\.03\.2026, \d\d:\d\d\. Eliminați-le/,
    );
  });
});
