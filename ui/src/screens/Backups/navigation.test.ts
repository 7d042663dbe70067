import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import type { AppStatus } from '../../lib/api';
import { ada, emptyDashboard, mockBackend, sessionAs } from '../../test/backend';
import { backupInfo, backupPreview, backupSettings, backupStatus } from '../../test/backups';

const BACKUP = backupInfo('steward-1');

function status(state: AppStatus['state'], session = ada): AppStatus {
  return {
    state,
    vaultDir: '/home/ada/Steward',
    defaultVaultDir: '/home/ada/Steward',
    users: ['ada'],
    rememberedUsers: [],
    session: state === 'unlocked' ? session : null,
  };
}

describe('the Backups screen in the app', () => {
  it('is in the header for owners and admins only', async () => {
    mockBackend({ app_status: () => status('unlocked', sessionAs('manager')), dashboard: () => emptyDashboard() });
    render(App);
    expect(await screen.findByTestId('nav-contacts')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-backups')).not.toBeInTheDocument();
  });

  it('ends on the unlock screen with a notice after a restore', async () => {
    let state: AppStatus['state'] = 'unlocked';
    mockBackend({
      app_status: () => status(state),
      dashboard: () => emptyDashboard(),
      backup_status: () => backupStatus(),
      open_alert_count: () => 0,
      list_backups: () => [BACKUP],
      backup_settings: () => backupSettings(),
      backup_users: () => ['ada'],
      preview_backup: () => backupPreview(BACKUP),
      restore_backup: () => {
        state = 'locked';
        return { restored: backupPreview(BACKUP), preRestoreBackup: 'steward-2.stwbak' };
      },
    });
    render(App);
    const user = userEvent.setup();

    await user.click(await screen.findByTestId('nav-backups'));
    await user.click(await screen.findByTestId('backup-restore'));
    const dialog = await screen.findByTestId('restore-dialog');
    await user.type(within(dialog).getByTestId('restore-password'), 'velvet cactus orbit');
    await user.click(within(dialog).getByTestId('restore-check'));
    await user.click(await within(dialog).findByTestId('restore-confirm'));

    expect(await screen.findByTestId('unlock-password')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('was restored');
    expect(screen.queryByTestId('nav-backups')).not.toBeInTheDocument();
  });
});
