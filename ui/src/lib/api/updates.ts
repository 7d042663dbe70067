// Updates (the shell's `updates` module): the machine's update policy, "Check for updates" and installing the
// version the user said yes to. The backend enforces the policy and checks the download's signature; this module
// only asks. Re-exported by `./index`.

import { listen } from '@tauri-apps/api/event';
import { call } from './call';
import { toApiError } from './errors';
import type { UpdateCheck, UpdateOffer, UpdateStatus } from './types';

export type { UpdateChannel, UpdateCheck, UpdateOffer, UpdatePolicy, UpdateStatus } from './types';

/** The policy, how this copy is updated, the running version and a version found earlier. Makes no request. */
export function updateStatus(): Promise<UpdateStatus> {
  return call('update_status');
}

/** Asks the release channel for a newer version (refused when the policy is off or a package manager updates). */
export function checkForUpdate(): Promise<UpdateCheck> {
  return call('check_for_update');
}

/**
 * Installs `version`, which must be the one the last check offered and the user agreed to. The backend backs up,
 * locks the vault and restarts Steward; the promise settles only when that fails.
 */
export function installUpdate(version: string): Promise<void> {
  return call('install_update', { version });
}

/**
 * Calls `listener` with the version the start-up check found (`update-available`) until the returned function is
 * called; stopping never fails.
 */
export async function onUpdateAvailable(listener: (offer: UpdateOffer) => void): Promise<() => void> {
  try {
    const unlisten = await listen<UpdateOffer>('update-available', (event) => listener(event.payload));
    return () => {
      Promise.resolve(unlisten() as unknown).catch(() => {});
    };
  } catch (raw) {
    throw toApiError(raw);
  }
}
