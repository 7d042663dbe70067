import type { TeamStatus } from '../../lib/api';
import { m } from '../../lib/i18n.svelte';

/** The indicator's words for where the sync stands. */
export function stateLabel(status: TeamStatus): string {
  switch (status.state) {
    case 'connecting':
      return m.team_state_connecting();
    case 'synced':
      return m.team_state_synced();
    case 'waiting':
      return m.team_state_waiting({ count: status.waiting });
    case 'offline':
      return m.team_state_offline();
    case 'password':
      return m.team_state_password();
    case 'failed':
      return m.team_state_failed();
  }
}

/** Whether the indicator calls for attention: something to see or to do. */
export function needsAttention(status: TeamStatus): boolean {
  return (
    status.state === 'password' || status.state === 'failed' || status.conflictsResolved > 0 || status.refused > 0
  );
}
