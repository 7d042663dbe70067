// How every command module in this folder invokes the backend: one rejection path for all of them, and the
// listeners that hear when a command finds the vault locked.

import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { ApiError, toApiError } from './errors';

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

type RulesListener = () => void;
const rulesListeners = new Set<RulesListener>();

/**
 * Calls `listener` whenever a command is refused because the user has not acknowledged the company's rules
 * (reason `rules-not-acknowledged`), so the main screen can offer to read them wherever the refusal showed.
 */
export function onRulesRefused(listener: RulesListener): () => void {
  rulesListeners.add(listener);
  return () => rulesListeners.delete(listener);
}

/** Invokes `command`, turning every rejection into an `ApiError` (and telling the listeners about `locked`). */
export async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    const error = toApiError(raw);
    if (error.code === 'locked') {
      for (const listener of lockedListeners) listener(error);
    }
    if (error.reason === 'rules-not-acknowledged') {
      for (const listener of rulesListeners) listener();
    }
    throw error;
  }
}
