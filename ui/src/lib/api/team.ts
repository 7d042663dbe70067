// The team vault (the shell's `api/team`): the background sync's status, "Sync now", the server's password.
// The backend's sync thread says `team-status` when the status changes (`null`: no replica open) and
// `team-pulled` when changes of other laptops were applied. Re-exported by `./index`.

import { listen } from '@tauri-apps/api/event';
import { call } from './call';
import { toApiError } from './errors';
import type { TeamPasswordSaved, TeamStatus } from './types';

export type { TeamPasswordSaved, TeamState, TeamStatus } from './types';

/** The open replica's sync status; `null` when the vault is not a team vault (or its sync is starting). */
export function teamStatus(): Promise<TeamStatus | null> {
  return call('team_status');
}

/** Wakes the sync now; the outcome comes as a `team-status` event. */
export function teamSyncNow(): Promise<void> {
  return call('team_sync_now');
}

/** The user saw the conflicts resolved and the changes refused: they stop showing. */
export function teamSeen(): Promise<void> {
  return call('team_seen');
}

/** Keeps the team server's password (in the system keychain) and syncs with it. */
export function teamSetPassword(password: string): Promise<TeamPasswordSaved> {
  return call('team_set_password', { password });
}

async function subscribe<T>(event: string, listener: (payload: T) => void): Promise<() => void> {
  try {
    const unlisten = await listen<T>(event, (e) => listener(e.payload));
    return () => {
      Promise.resolve(unlisten() as unknown).catch(() => {});
    };
  } catch (raw) {
    throw toApiError(raw);
  }
}

/** Calls `listener` with each new status of the sync; stopping never fails. */
export function onTeamStatus(listener: (status: TeamStatus | null) => void): Promise<() => void> {
  return subscribe('team-status', listener);
}

/** Calls `listener` each time changes from other laptops were applied, so open screens show them. */
export function onTeamPulled(listener: () => void): Promise<() => void> {
  return subscribe<null>('team-pulled', () => listener());
}
