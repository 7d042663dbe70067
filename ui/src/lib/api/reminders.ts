// Reminders (the shell's `api/reminders`): the signed-in user's task reminders, snooze and dismiss. The
// backend's ticker sends the desktop notifications and says `reminders-due` when new ones fell due. Re-exported
// by `./index`.

import { listen } from '@tauri-apps/api/event';
import { call } from './call';
import { toApiError } from './errors';
import type { Reminder, SnoozeFor } from './types';

export type { Reminder, SnoozeFor } from './types';

/** The user's reminders not dismissed, soonest first; `due` marks those whose time has come. */
export function listReminders(): Promise<Reminder[]> {
  return call('list_reminders');
}

/** Dismisses the reminder of a task: it is not shown again until the task is rescheduled. */
export function dismissReminder(taskId: number): Promise<void> {
  return call('dismiss_reminder', { taskId });
}

/** Puts the reminder of a task off; resolves to when it comes again (`YYYY-MM-DDTHH:MM`). */
export function snoozeReminder(taskId: number, snooze: SnoozeFor): Promise<string> {
  return call('snooze_reminder', { taskId, snooze });
}

/** Calls `listener` each time the backend sent notifications for reminders that fell due; stopping never fails. */
export async function onRemindersDue(listener: () => void): Promise<() => void> {
  try {
    const unlisten = await listen<null>('reminders-due', () => listener());
    return () => {
      Promise.resolve(unlisten() as unknown).catch(() => {});
    };
  } catch (raw) {
    throw toApiError(raw);
  }
}
