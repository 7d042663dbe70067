import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamStatus } from '../../lib/api';
import { setLanguage } from '../../lib/i18n.svelte';
import { emitEvent, mockBackend } from '../../test/backend';
import TeamIndicator from './TeamIndicator.svelte';

function status(patch: Partial<TeamStatus> = {}): TeamStatus {
  return {
    state: 'synced',
    team: 'ab12',
    host: 'db.example.com',
    database: 'team',
    lastSynced: '2026-12-07T12:00:00+00:00',
    waiting: 0,
    conflictsResolved: 0,
    refused: 0,
    ...patch,
  };
}

function setup(first: TeamStatus | null) {
  const calls = mockBackend({
    team_status: () => first,
    team_sync_now: () => null,
    team_seen: () => null,
    team_set_password: () => ({ remembered: true }),
  });
  render(TeamIndicator);
  return { calls, user: userEvent.setup() };
}

afterEach(() => setLanguage('en'));

describe('TeamIndicator', () => {
  it('shows nothing for a vault of its own', async () => {
    const { calls } = setup(null);
    await waitFor(() => expect(calls.map((c) => c.command)).toContain('team_status'));
    expect(screen.queryByTestId('team-indicator')).toBeNull();
  });

  it('follows the status events: waiting, offline, synced, and gone at lock', async () => {
    setup(status());
    const indicator = await screen.findByTestId('team-indicator');
    expect(indicator).toHaveTextContent('Synced');

    await emitEvent('team-status', status({ state: 'waiting', waiting: 3 }));
    await waitFor(() => expect(screen.getByTestId('team-indicator')).toHaveTextContent('3 changes waiting'));
    await emitEvent('team-status', status({ state: 'offline', waiting: 3 }));
    await waitFor(() => expect(screen.getByTestId('team-indicator')).toHaveAttribute('data-state', 'offline'));
    expect(screen.getByTestId('team-indicator')).toHaveTextContent('Offline');
    await emitEvent('team-status', null);
    await waitFor(() => expect(screen.queryByTestId('team-indicator')).toBeNull());
  });

  it('opens a panel with the server, syncs now and marks a conflict seen', async () => {
    const { calls, user } = setup(status({ conflictsResolved: 2 }));
    await user.click(await screen.findByTestId('team-indicator'));
    const panel = await screen.findByTestId('team-panel');
    expect(panel).toHaveTextContent('Server: db.example.com');
    expect(panel).toHaveTextContent('Database: team');
    expect(screen.getByTestId('team-conflicts')).toHaveTextContent('2 conflicts resolved by the team’s rules');

    await user.click(screen.getByTestId('team-sync-now'));
    await user.click(screen.getByTestId('team-seen'));
    expect(calls.map((c) => c.command)).toEqual(['team_status', 'team_sync_now', 'team_seen']);
  });

  it('asks for the server password when it was refused, in Romanian too', async () => {
    setLanguage('ro');
    const { calls, user } = setup(status({ state: 'password', lastSynced: null }));
    const indicator = await screen.findByTestId('team-indicator');
    expect(indicator).toHaveTextContent('Este necesară parola serverului');
    await user.click(indicator);
    await user.type(await screen.findByTestId('team-password'), 'hunter 2');
    await user.click(screen.getByTestId('team-password-save'));
    await waitFor(() =>
      expect(calls).toContainEqual({ command: 'team_set_password', args: { password: 'hunter 2' } }),
    );
    expect(screen.getByTestId('team-password')).toHaveValue('');
  });

  it('says Romanian plurals of waiting changes', async () => {
    setLanguage('ro');
    setup(status({ state: 'waiting', waiting: 20 }));
    expect(await screen.findByTestId('team-indicator')).toHaveTextContent('20 de modificări în așteptare');
  });
});
