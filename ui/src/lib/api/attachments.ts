// Files on contacts, companies, deals and activities (the shell's `records::attachments`), and the paths the native file
// picker or a drop onto the window gives. Re-exported by `./index`.

import { open } from '@tauri-apps/plugin-dialog';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { call } from './call';
import { queuedTestPick } from './dialogs';
import { toApiError } from './errors';
import type { About, ActivityFileCount, AttachedTo, Attachment } from './types';

/** The record's files, newest first (name, size, date; never their content). */
export function listAttachments(on: AttachedTo): Promise<Attachment[]> {
  return call('list_attachments', { on });
}

/** Adds the files at `paths` to the record, each encrypted into the vault; resolves with their new ids. */
export function addAttachments(on: AttachedTo, paths: string[]): Promise<number[]> {
  return call('add_attachments', { on, paths });
}

/** How many files each activity of the record's timeline holds (activities without files are left out). */
export function activityAttachmentCounts(about: About): Promise<ActivityFileCount[]> {
  return call('activity_attachment_counts', { about });
}

/** Opens the file in the system's viewer, from a private temporary copy removed when the vault locks. */
export async function openAttachment(id: number): Promise<void> {
  await call<null>('open_attachment', { id });
}

/** Saves a copy of the file to `path`, a new file; resolves with its size in bytes. */
export function saveAttachmentCopy(id: number, path: string): Promise<number> {
  return call('save_attachment_copy', { id, path });
}

export function renameAttachment(id: number, name: string): Promise<Attachment> {
  return call('rename_attachment', { id, name });
}

/** Moves the file to the recycle bin (restorable there for 30 days). */
export async function deleteAttachment(id: number): Promise<void> {
  await call<null>('delete_attachment', { id });
}

/** Asks for files to add with the native dialog; resolves with their paths (none when cancelled). */
export async function chooseFilesToAttach(): Promise<string[]> {
  const queued = await queuedTestPick();
  if (queued) return queued;
  try {
    const chosen = await open({ multiple: true, directory: false });
    if (chosen === null) return [];
    return Array.isArray(chosen) ? chosen : [chosen];
  } catch (raw) {
    throw toApiError(raw);
  }
}

/** A drop of files onto the window: their paths and where, in CSS pixels of the page. */
export interface FilesDropped {
  paths: string[];
  x: number;
  y: number;
}

/**
 * Calls `handler` for every drop of files onto the window (the webview's drag-and-drop event, which gives
 * paths). Resolves with a function that stops listening.
 */
export async function onFilesDropped(handler: (drop: FilesDropped) => void): Promise<() => void> {
  return getCurrentWebview().onDragDropEvent((event) => {
    if (event.payload.type !== 'drop') return;
    const scale = window.devicePixelRatio || 1;
    handler({
      paths: event.payload.paths,
      x: event.payload.position.x / scale,
      y: event.payload.position.y / scale,
    });
  });
}
