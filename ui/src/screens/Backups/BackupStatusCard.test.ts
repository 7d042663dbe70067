import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { emptyDashboard, mockBackend, sessionAs } from '../../test/backend';
import { backupStatus } from '../../test/backups';
import Dashboard from '../Dashboard/Dashboard.svelte';

vi.mock('../Dashboard/pipelineChart', () => ({
  drawPipelineChart: vi.fn(() => ({ update: vi.fn(), destroy: vi.fn() })),
}));

describe('the dashboard’s backup card', () => {
  it('shows an owner the last backup and drill, and opens the Backups screen', async () => {
    mockBackend({ dashboard: () => emptyDashboard(), backup_status: () => backupStatus() });
    const onNavigate = vi.fn();
    render(Dashboard, { session: sessionAs('owner'), onOpen: vi.fn(), onNavigate });
    const user = userEvent.setup();

    const card = await screen.findByTestId('backup-card');
    expect(await within(card).findByTestId('backup-card-drill')).toHaveTextContent('passed');
    expect(within(card).getByTestId('backup-card-last')).not.toHaveTextContent('Never');
    expect(within(card).queryByTestId('backup-card-warnings')).not.toBeInTheDocument();
    await user.click(within(card).getByTestId('backup-card-open'));
    expect(onNavigate).toHaveBeenCalledWith('backups');
  });

  it('warns clearly when backups fail or are stale, and leaves where the folder is to the Backups screen', async () => {
    mockBackend({
      dashboard: () => emptyDashboard(),
      backup_status: () => backupStatus({ lastError: 'the backup folder is not writable', stale: true, sameDisk: true }),
    });
    render(Dashboard, { session: sessionAs('admin'), onOpen: vi.fn(), onNavigate: vi.fn() });

    const warnings = await screen.findByTestId('backup-card-warnings');
    expect(warnings).toHaveTextContent('The last backup failed: the backup folder is not writable.');
    expect(warnings).toHaveTextContent('longer than twice the interval');
    expect(warnings).not.toHaveTextContent('same disk');
  });

  it('says when no backup was ever made', async () => {
    mockBackend({
      dashboard: () => emptyDashboard(),
      backup_status: () => backupStatus({ lastBackupAt: null, lastDrill: null, lastVerifiedRestoreAt: null }),
    });
    render(Dashboard, { session: sessionAs('owner'), onOpen: vi.fn(), onNavigate: vi.fn() });

    expect(await screen.findByTestId('backup-card-warnings')).toHaveTextContent('No backup has been made yet.');
    expect(screen.getByTestId('backup-card-last')).toHaveTextContent('Never');
    expect(screen.getByTestId('backup-card-drill')).toHaveTextContent('Not yet');
  });

  it('is not shown to roles that do not manage backups', async () => {
    const calls = mockBackend({ dashboard: () => emptyDashboard() });
    render(Dashboard, { session: sessionAs('manager'), onOpen: vi.fn(), onNavigate: vi.fn() });

    expect(await screen.findByTestId('dashboard')).toBeInTheDocument();
    expect(screen.queryByTestId('backup-card')).not.toBeInTheDocument();
    expect(calls.map((c) => c.command)).toEqual(['dashboard']);
  });
});
