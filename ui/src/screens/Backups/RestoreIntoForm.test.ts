import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../lib/i18n.svelte';
import { ada, mockBackend, reject } from '../../test/backend';
import { backupInfo, backupPreview } from '../../test/backups';
import FirstRun from '../FirstRun/FirstRun.svelte';
import Unlock from '../Unlock/Unlock.svelte';

const FILE = '/media/usb/steward-backups/steward-1234abcd-20260301T093000Z.stwbak';
const PREVIEW = backupPreview(backupInfo('steward-1234abcd-20260301T093000Z', { path: FILE }));

describe('Restore from a backup into a new folder', () => {
  it('is offered on the unlock screen, and opens the restored vault', async () => {
    const restored = { ...ada, vaultDir: '/home/ada/Restored' };
    const calls = mockBackend({
      backup_users: () => ['ada', 'grace'],
      preview_backup: () => PREVIEW,
      restore_backup_into: () => restored,
    });
    const onUnlocked = vi.fn();
    render(Unlock, { users: ['ada'], vaultDir: '/home/ada/Steward', onUnlocked });
    const user = userEvent.setup();

    await user.click(screen.getByTestId('unlock-restore-backup'));
    expect(screen.queryByTestId('unlock-password')).not.toBeInTheDocument();
    await user.type(screen.getByTestId('restore-into-file'), FILE);
    await user.tab();
    await waitFor(() => expect(screen.getByTestId('restore-into-user').tagName).toBe('SELECT'));
    await user.selectOptions(screen.getByTestId('restore-into-user'), 'grace');
    await user.type(screen.getByTestId('restore-into-dir'), '/home/ada/Restored');
    await user.type(screen.getByTestId('restore-into-password'), 'grace old words');
    await user.click(screen.getByTestId('restore-into-check'));

    expect(await screen.findByTestId('restore-preview')).toHaveTextContent('12 contacts');
    await user.click(screen.getByTestId('restore-into-confirm'));

    await waitFor(() => expect(onUnlocked).toHaveBeenCalledWith(restored));
    const credentials = { kind: 'password', user: 'grace', password: 'grace old words' };
    expect(calls.map((c) => c.command)).toEqual(['backup_users', 'preview_backup', 'restore_backup_into']);
    expect(calls[2]?.args).toEqual({ path: FILE, dir: '/home/ada/Restored', credentials });
  });

  it('asks for the file and the folder, shows the core’s sentence, and goes back to unlocking', async () => {
    const calls = mockBackend({
      backup_users: reject('integrity', 'The file is not a Steward backup.'),
      preview_backup: () => PREVIEW,
      restore_backup_into: reject('invalid_input', '/home/ada/Full is not empty; restore into a new folder.'),
    });
    const onUnlocked = vi.fn();
    render(Unlock, { users: ['ada'], vaultDir: null, onUnlocked });
    const user = userEvent.setup();

    await user.click(screen.getByTestId('unlock-restore-backup'));
    await user.click(screen.getByTestId('restore-into-check'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('Choose the backup file');
    await user.type(screen.getByTestId('restore-into-file'), FILE);
    await user.click(screen.getByTestId('restore-into-check'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('empty folder');

    await user.type(screen.getByTestId('restore-into-dir'), '/home/ada/Full');
    await user.click(screen.getByTestId('restore-into-mode-recovery'));
    await user.type(screen.getByTestId('restore-into-recovery-key'), 'AB12-CD34');
    await user.click(screen.getByTestId('restore-into-check'));
    await user.click(await screen.findByTestId('restore-into-confirm'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('is not empty');
    expect(onUnlocked).not.toHaveBeenCalled();
    expect(calls.at(-1)?.args).toEqual({
      path: FILE,
      dir: '/home/ada/Full',
      credentials: { kind: 'recovery_key', recoveryKey: 'AB12-CD34' },
    });

    await user.click(screen.getByTestId('restore-into-cancel'));
    expect(screen.getByTestId('unlock-password')).toBeInTheDocument();
  });

  it('is offered on the first-run screen too', async () => {
    mockBackend({ password_strength: () => ({ score: 0, acceptable: false, advice: '' }) });
    render(FirstRun, { defaultVaultDir: '/home/ada/Steward', onDone: vi.fn() });
    const user = userEvent.setup();

    await user.click(screen.getByTestId('firstrun-restore-backup'));
    expect(screen.getByTestId('restore-into')).toBeInTheDocument();
    await user.click(screen.getByTestId('restore-into-cancel'));
    expect(screen.getByTestId('firstrun-dir')).toBeInTheDocument();
  });

  it('speaks Romanian from the unlock screen to the preview', async () => {
    setLanguage('ro');
    mockBackend({ backup_users: () => ['ada'], preview_backup: () => PREVIEW });
    render(Unlock, { users: ['ada'], vaultDir: null, onUnlocked: vi.fn() });
    const user = userEvent.setup();

    await user.click(screen.getByTestId('unlock-restore-backup'));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Restaurați dintr-o copie de rezervă');
    await user.click(screen.getByTestId('restore-into-check'));
    expect(screen.getByTestId('error-message')).toHaveTextContent(
      'Alegeți fișierul copiei de rezervă (se termină în .stwbak).',
    );
    await user.type(screen.getByTestId('restore-into-file'), FILE);
    await user.tab();
    await user.type(screen.getByTestId('restore-into-dir'), '/home/ada/Restored');
    await user.type(screen.getByTestId('restore-into-password'), 'ada words');
    await user.click(screen.getByTestId('restore-into-check'));

    const preview = await screen.findByTestId('restore-preview');
    expect(preview).toHaveTextContent('12 contacte, 1 companie, 0 oportunități, 3 activități, 2 sarcini, 2 utilizatori');
    expect(preview).toHaveTextContent('Manuală');
    expect(screen.getByText('/home/ada/Restored').parentElement).toHaveTextContent(/^În \/home\/ada\/Restored$/);
    expect(screen.getByTestId('restore-into-confirm')).toHaveTextContent('Restaurați și deschideți');
  });
});
