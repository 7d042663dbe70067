import type { TaskFilter } from '../../lib/api';
import { m } from '../../lib/i18n.svelte';

/** The lists the Tasks screen offers as tabs (the backend's `all` is not one of them). */
export type TaskTab = Exclude<TaskFilter, 'all'>;

/** Each tab with its label and what an empty list says, read in the interface language when shown. */
export const TASK_TABS: readonly { value: TaskTab; label: () => string; empty: () => string }[] = [
  { value: 'today', label: m.task_tab_today, empty: m.task_empty_today },
  { value: 'overdue', label: m.task_tab_overdue, empty: m.task_empty_overdue },
  { value: 'upcoming', label: m.task_tab_upcoming, empty: m.task_empty_upcoming },
  { value: 'done', label: m.task_tab_done, empty: m.task_empty_done },
];
