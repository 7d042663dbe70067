// The native open and save dialogs. Re-exported by `./index`.

import { open, save } from '@tauri-apps/plugin-dialog';
import { call } from './call';
import { toApiError } from './errors';

/**
 * The answer the end-to-end tests queued for the next open or save dialog (the debug build's
 * `STEWARD_TEST_PICKS`, `src-tauri/src/files.rs`): its paths, none for a cancelled dialog. `null` means
 * "ask the user", which a release build always answers. Every dialog of the app asks this first.
 */
export async function queuedTestPick(): Promise<string[] | null> {
  try {
    return await call<string[] | null>('next_test_pick');
  } catch {
    return null;
  }
}

/** A file type offered in an open or save dialog: a name for people and the extensions it covers. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

const CSV_FILTER: FileFilter = { name: 'CSV file', extensions: ['csv'] };

/**
 * Asks the user where to save a file with the native dialog (a CSV file unless `filters` says otherwise).
 * Resolves with the chosen path, or `null` when the dialog was cancelled.
 */
export async function chooseSavePath(defaultName: string, filters: FileFilter[] = [CSV_FILTER]): Promise<string | null> {
  const queued = await queuedTestPick();
  if (queued) return queued[0] ?? null;
  try {
    const chosen = await save({ defaultPath: defaultName, filters });
    return typeof chosen === 'string' ? chosen : null;
  } catch (raw) {
    throw toApiError(raw);
  }
}

/**
 * Asks the user for one existing file with the native dialog, offering `filters`. Resolves with its path,
 * or `null` when the dialog was cancelled.
 */
export async function chooseOpenPath(filters: FileFilter[]): Promise<string | null> {
  const queued = await queuedTestPick();
  if (queued) return queued[0] ?? null;
  try {
    const chosen = await open({ multiple: false, directory: false, filters });
    return typeof chosen === 'string' ? chosen : null;
  } catch (raw) {
    throw toApiError(raw);
  }
}

/**
 * Asks the user for one or more existing files with the native dialog, offering `filters`. Resolves with
 * their paths, or an empty list when the dialog was cancelled.
 */
export async function chooseOpenPaths(filters: FileFilter[]): Promise<string[]> {
  const queued = await queuedTestPick();
  if (queued) return queued;
  try {
    const chosen = await open({ multiple: true, directory: false, filters });
    if (chosen === null) return [];
    return Array.isArray(chosen) ? chosen : [chosen];
  } catch (raw) {
    throw toApiError(raw);
  }
}

/**
 * Asks the user for a folder with the native dialog (dialog plugin). Resolves with the chosen path,
 * or `null` when the dialog was cancelled.
 */
export async function chooseFolder(defaultPath: string, title: string): Promise<string | null> {
  const queued = await queuedTestPick();
  if (queued) return queued[0] ?? null;
  try {
    const chosen = await open({ directory: true, multiple: false, defaultPath, title });
    return typeof chosen === 'string' ? chosen : null;
  } catch (raw) {
    throw toApiError(raw);
  }
}
