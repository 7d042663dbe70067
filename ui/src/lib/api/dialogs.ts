// The native open and save dialogs. Re-exported by `./index`.

import { open, save } from '@tauri-apps/plugin-dialog';
import { toApiError } from './errors';

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
  try {
    const chosen = await open({ directory: true, multiple: false, defaultPath, title });
    return typeof chosen === 'string' ? chosen : null;
  } catch (raw) {
    throw toApiError(raw);
  }
}
