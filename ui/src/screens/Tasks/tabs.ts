import type { TaskFilter } from '../../lib/api';

/** The lists the Tasks screen offers as tabs (the backend's `all` is not one of them). */
export type TaskTab = Exclude<TaskFilter, 'all'>;

export const TASK_TABS: readonly { value: TaskTab; label: string; empty: string }[] = [
  { value: 'today', label: 'Today', empty: 'Nothing is due today.' },
  { value: 'overdue', label: 'Overdue', empty: 'Nothing is overdue.' },
  { value: 'upcoming', label: 'Upcoming', empty: 'Nothing is coming up.' },
  { value: 'done', label: 'Done', empty: 'No task is done yet.' },
];
