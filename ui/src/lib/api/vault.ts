// The vault: its status, creating it, unlocking and locking. Re-exported by `./index`.

import { call } from './call';
import type { AppStatus, CreateVaultRequest, CreatedVault, PasswordStrength, SessionInfo } from './types';

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
