// Import and export of contacts. Re-exported by `./index`.

import { listen } from '@tauri-apps/api/event';
import { call } from './call';
import { toApiError } from './errors';
import type {
  ContactQuery,
  CsvPreview,
  EmailImportReport,
  EmailImportRequest,
  ExportFormat,
  ImportInfo,
  ImportProgress,
  ImportReport,
  ImportRequest,
  UndoReport,
} from './types';

/**
 * The headers, a few sample rows and a suggested field per column of the CSV file at `path`, with the encoding
 * it was read in, its delimiter and the lines skipped. `encoding` (a name such as `windows-1250`) reads it in
 * that encoding instead of the one found from its bytes.
 */
export function previewCsv(path: string, encoding: string | null = null): Promise<CsvPreview> {
  return call('preview_csv', { path, encoding });
}

/**
 * Imports (or, with `dryRun`, only counts) the contacts of a CSV or vCard file. Progress arrives meanwhile
 * as `import-progress` events (see `onImportProgress`).
 */
export function importContacts(request: ImportRequest): Promise<ImportReport> {
  return call('import_contacts', { request });
}

/**
 * Imports the messages of the chosen `.eml` and `.mbox` files as e-mail activities on the contacts they were
 * from or to, creating contacts for the addresses in `request.create`; with `dryRun` it only counts them and
 * lists the addresses no contact has (the preview). Undone with `undoImport`.
 */
export function importEmail(request: EmailImportRequest): Promise<EmailImportReport> {
  return call('import_email', { request });
}

/**
 * Writes the records the import `request` describes rejects (or would) to the new file `path`, chosen by the
 * user, as CSV with the reason in a last column; resolves with how many rows were written. The file holds
 * personal data: it is readable by the user only, and writing it is recorded as an export.
 */
export function saveRejectedRows(request: ImportRequest, path: string): Promise<number> {
  return call('save_rejected_rows', { request, path });
}

/** Every import so far, newest first, with whether it was undone. */
export function listImports(): Promise<ImportInfo[]> {
  return call('list_imports');
}

/** Removes the contacts an import created and puts back what it merged over. */
export function undoImport(id: number): Promise<UndoReport> {
  return call('undo_import', { id });
}

/**
 * Writes the contacts `ids` (all of them when `null`) to the new file `path`; resolves with how many were
 * written. The file must not exist yet.
 */
export function exportContacts(format: ExportFormat, ids: number[] | null, path: string): Promise<number> {
  return call('export_contacts', { format, ids, path });
}

/**
 * Writes the calendar's tasks from `from` to `to` (`YYYY-MM-DD`, `null` for no bound; only the user's own with
 * `mineOnly`), or only task `task` when it is given, to the new iCalendar file `path`; resolves with how many
 * events it holds. Needs the export permission and is recorded like other exports.
 */
export function exportCalendar(
  range: { from: string | null; to: string | null; mineOnly: boolean; task: number | null },
  path: string,
): Promise<number> {
  return call('export_calendar', { ...range, path });
}

/**
 * Writes the contacts matching `query` (the list's filters or a saved view), in its order, to the new file
 * `path`; resolves with how many were written.
 */
export function exportContactsWhere(format: ExportFormat, query: ContactQuery, path: string): Promise<number> {
  return call('export_contacts_where', { format, query, path });
}

/**
 * Calls `listener` with each `import-progress` event until the returned function is called. Resolves once
 * the listener is in place, so an import started afterwards cannot miss its first events.
 */
export async function onImportProgress(listener: (progress: ImportProgress) => void): Promise<() => void> {
  try {
    return await listen<ImportProgress>('import-progress', (event) => listener(event.payload));
  } catch (raw) {
    throw toApiError(raw);
  }
}
