// The durations and reminders a task form offers, in minutes, and how a task's moment reads.
import type { Task } from '../api';
import { formatClock, formatDay, formatSpan } from '../format';
import { m } from '../i18n.svelte';

/** Durations a meeting may last, in minutes. */
export const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240, 480] as const;

/** Reminders before the due moment, in minutes: at it, 15 minutes, an hour, a day. */
export const REMINDERS = [0, 15, 60, 1440] as const;

/** The options of a select of minutes: the offered ones, and the task's own value when it is not among them. */
export function minuteOptions(offered: readonly number[], current: number | null): number[] {
  return current === null || offered.includes(current) ? [...offered] : [...offered, current].sort((a, b) => a - b);
}

/** How a reminder reads: "At the due time", "15 min before". */
export function reminderLabel(minutes: number): string {
  return minutes === 0 ? m.task_remind_at_due() : m.task_remind_before({ span: formatSpan(minutes) });
}

/** When a task is due, with its time when it has one: "Due 06.12.2026, 14:30". */
export function dueLabel(task: Pick<Task, 'dueDate' | 'dueTime'>): string {
  if (!task.dueDate) return '';
  const date = formatDay(task.dueDate);
  return task.dueTime ? m.task_due_at({ date, time: formatClock(task.dueTime) }) : m.task_due({ date });
}
