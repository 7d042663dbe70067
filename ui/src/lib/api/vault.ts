// The vault (the shell's `vault` domain): its status, creating it, unlocking and locking, "remember me on this
// computer", the idle clock and the `vault-locked` event. Re-exported by `./index`.

import { listen } from '@tauri-apps/api/event';
import { call } from './call';
import { toApiError } from './errors';
import type { AppStatus, CreateVaultRequest, CreatedVault, PasswordStrength, SessionInfo, VaultLocked } from './types';

export type { LockReason, VaultLocked } from './types';

export function appStatus(): Promise<AppStatus> {
  return call('app_status');
}

export function passwordStrength(password: string, user: string): Promise<PasswordStrength> {
  return call('password_strength', { password, user });
}

export function createVault(request: CreateVaultRequest): Promise<CreatedVault> {
  return call('create_vault', { request });
}

/** Unlocks with a password; with `remember`, this computer is remembered for the user afterwards. */
export function unlockVault(user: string, password: string, remember = false): Promise<SessionInfo> {
  return call('unlock_vault', { user, password, remember });
}

export function unlockWithRecoveryKey(recoveryKey: string): Promise<SessionInfo> {
  return call('unlock_with_recovery_key', { recoveryKey });
}

export async function lockVault(): Promise<void> {
  await call<null>('lock_vault');
}

/** Unlocks as a user remembered on this computer, without a password (the OS keychain holds the secret). */
export function unlockWithDevice(user: string): Promise<SessionInfo> {
  return call('unlock_with_device', { user });
}

/** Remembers this computer for the signed-in user. */
export function rememberDevice(): Promise<SessionInfo> {
  return call('remember_device');
}

/** Forgets this computer for the signed-in user: the password is needed from then on. */
export function forgetDevice(): Promise<SessionInfo> {
  return call('forget_device');
}

/** Tells the backend the user is at the window, so the idle lock waits. */
export async function noteActivity(): Promise<void> {
  await call<null>('note_activity');
}

/**
 * Calls `listener` whenever the backend locked the vault on its own (idle time, Ctrl+L or the menu, the
 * computer sleeping). Resolves with a function that removes the listener.
 */
export async function onVaultLocked(listener: (event: VaultLocked) => void): Promise<() => void> {
  let unlisten: () => unknown;
  try {
    unlisten = await listen<VaultLocked>('vault-locked', (event) => listener(event.payload));
  } catch (raw) {
    throw toApiError(raw);
  }
  // The app root removes this listener as the window closes, when the event bridge may already be gone.
  return () => void Promise.resolve()
    .then(() => unlisten())
    .catch(() => {});
}
