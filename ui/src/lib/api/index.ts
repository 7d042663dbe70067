// The only module that talks to the backend. Each Tauri command has exactly one typed function here;
// screens import these functions and the types below, never `@tauri-apps/*` directly (ESLint enforces it).

import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { open } from '@tauri-apps/plugin-dialog';
import { ApiError, toApiError } from './errors';
import type {
  AppStatus,
  Contact,
  ContactInput,
  ContactPage,
  CreatedVault,
  CreateVaultRequest,
  PasswordStrength,
  SessionInfo,
} from './types';

// Types are re-exported from one place so that replacing the hand-written `./types` with the
// generated `./types/<Name>.ts` files changes only these lines.
export type {
  ApiErrorPayload,
  AppStatus,
  Contact,
  ContactInput,
  ContactPage,
  ContactSummary,
  CreatedVault,
  CreateVaultRequest,
  ErrorCode,
  PasswordStrength,
  Role,
  SessionInfo,
  VaultState,
} from './types';
export { ApiError, errorMessage, isApiError } from './errors';

type LockedListener = (error: ApiError) => void;
const lockedListeners = new Set<LockedListener>();

/**
 * Calls `listener` whenever any command fails because the vault is locked, so the app root can return
 * to the unlock screen from wherever the user was. Returns a function that removes the listener.
 */
export function onLocked(listener: LockedListener): () => void {
  lockedListeners.add(listener);
  return () => lockedListeners.delete(listener);
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    const error = toApiError(raw);
    if (error.code === 'locked') {
      for (const listener of lockedListeners) listener(error);
    }
    throw error;
  }
}

export function appStatus(): Promise<AppStatus> {
  return call('app_status');
}

export function passwordStrength(password: string, user: string): Promise<PasswordStrength> {
  return call('password_strength', { password, user });
}

export function createVault(request: CreateVaultRequest): Promise<CreatedVault> {
  return call('create_vault', { request });
}

export function unlockVault(user: string, password: string): Promise<SessionInfo> {
  return call('unlock_vault', { user, password });
}

export function unlockWithRecoveryKey(recoveryKey: string): Promise<SessionInfo> {
  return call('unlock_with_recovery_key', { recoveryKey });
}

export async function lockVault(): Promise<void> {
  await call<null>('lock_vault');
}

export function listContacts(offset: number, limit: number): Promise<ContactPage> {
  return call('list_contacts', { offset, limit });
}

export function getContact(id: number): Promise<Contact> {
  return call('get_contact', { id });
}

export function addContact(contact: ContactInput): Promise<Contact> {
  return call('add_contact', { contact });
}

export function updateContact(id: number, contact: ContactInput): Promise<Contact> {
  return call('update_contact', { id, contact });
}

export async function deleteContact(id: number): Promise<void> {
  await call<null>('delete_contact', { id });
}

/**
 * Asks the user for a folder with the native dialog (dialog plugin). Resolves with the chosen path,
 * or `null` when the dialog was cancelled.
 */
export async function chooseFolder(defaultPath: string, title: string): Promise<string | null> {
  try {
    const chosen = await open({ directory: true, multiple: false, defaultPath, title });
    return typeof chosen === 'string' ? chosen : null;
  } catch (raw) {
    throw toApiError(raw);
  }
}
