// The calendar's arithmetic, without the screen: the days a week or month view shows, where a task sits in the
// week's hour grid, and the task edit that moves a task to another day or time. Days themselves (`YYYY-MM-DD`,
// moving by days and months, the week's first day for a locale) are `lib/days.ts`, shared with the date field.
import type { Task, TaskEdit } from '../../lib/api';
import { addDays, addMonths, monthWeeks, weekDays } from '../../lib/days';

/** Which view is shown. */
export type CalendarView = 'week' | 'month';

/** Minutes in one slot of the week's hour grid (a drop target, a keyboard step). */
export const SLOT_MINUTES = 30;
/** Minutes of a timed task without a duration, as the grid draws it. */
export const DEFAULT_MINUTES = 30;
const DAY_MINUTES = 24 * 60;

export { addDays, addMonths, firstDayOfWeek, isoWeekday, monthWeeks, startOfWeek, weekDays } from '../../lib/days';

/** The days the view of `day` shows, first and last, as the calendar is asked for them. */
export function visibleRange(view: CalendarView, day: string, firstDay: number): { from: string; to: string } {
  const days = view === 'week' ? weekDays(day, firstDay) : monthWeeks(day, firstDay).flat();
  return { from: days[0] ?? day, to: days[days.length - 1] ?? day };
}

/** The day the previous or next button goes to: a week or a month away. */
export function step(view: CalendarView, day: string, direction: -1 | 1): string {
  return view === 'week' ? addDays(day, 7 * direction) : addMonths(day, direction);
}

/** `HH:MM` as minutes after midnight; `null` for no time. */
export function minutesOf(time: string | null | undefined): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(time ?? '');
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Minutes after midnight as `HH:MM`. */
export function clockOf(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The tasks of each day, in the order the calendar gave them (untimed first, then by time). */
export function byDay(tasks: readonly Task[]): Map<string, Task[]> {
  const days = new Map<string, Task[]>();
  for (const task of tasks) {
    if (!task.dueDate) continue;
    const list = days.get(task.dueDate) ?? [];
    list.push(task);
    days.set(task.dueDate, list);
  }
  return days;
}

/** Where a timed task sits in its day's column: minutes from midnight, how long, and its lane among overlaps. */
export interface Placed {
  task: Task;
  start: number;
  minutes: number;
  lane: number;
  lanes: number;
}

/**
 * The timed tasks of one day placed in the hour grid: each from its time for its duration (or half an hour),
 * cut at midnight; tasks that overlap share the width side by side, each in the first free lane.
 */
export function placeDay(tasks: readonly Task[]): Placed[] {
  const timed = tasks
    .map((task) => ({ task, start: minutesOf(task.dueTime) }))
    .filter((t): t is { task: Task; start: number } => t.start !== null)
    .sort((a, b) => a.start - b.start || a.task.id - b.task.id);
  const placed: Placed[] = [];
  let cluster: Placed[] = [];
  let clusterEnd = -1;
  const laneEnds: number[] = [];
  const close = () => {
    for (const p of cluster) p.lanes = laneEnds.length;
    cluster = [];
    laneEnds.length = 0;
  };
  for (const { task, start } of timed) {
    const minutes = Math.max(1, Math.min(task.durationMinutes ?? DEFAULT_MINUTES, DAY_MINUTES - start));
    if (start >= clusterEnd) close();
    let lane = laneEnds.findIndex((end) => end <= start);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = start + minutes;
    const p: Placed = { task, start, minutes, lane, lanes: 1 };
    cluster.push(p);
    placed.push(p);
    clusterEnd = Math.max(clusterEnd, start + minutes);
  }
  close();
  return placed;
}

/** Where a task would go: a day, and a time of day (`''`: all day; `null`: the task's own). */
export interface Target {
  day: string;
  time: string | null;
}

/** Where a task is now. */
export function targetOf(task: Task): Target {
  return { day: task.dueDate ?? '', time: task.dueTime };
}

/**
 * The next target of a keyboard move: left and right go a day back or forward; up and down go a slot earlier
 * or later in the week view (a timed task, staying within its day), a week in the month view. Other keys
 * leave it.
 */
export function moveBy(target: Target, key: string, view: CalendarView): Target {
  switch (key) {
    case 'ArrowLeft':
      return { ...target, day: addDays(target.day, -1) };
    case 'ArrowRight':
      return { ...target, day: addDays(target.day, 1) };
    case 'ArrowUp':
    case 'ArrowDown': {
      const sign = key === 'ArrowUp' ? -1 : 1;
      if (view === 'month') return { ...target, day: addDays(target.day, 7 * sign) };
      const minutes = minutesOf(target.time);
      if (minutes === null) return target;
      const next = minutes + sign * SLOT_MINUTES;
      if (next < 0 || next >= DAY_MINUTES) return target;
      return { ...target, time: clockOf(next) };
    }
    default:
      return target;
  }
}

/** Whether `target` is where the task already is. */
export function sameTarget(task: Task, target: Target): boolean {
  return task.dueDate === target.day && (target.time ?? task.dueTime ?? '') === (task.dueTime ?? '');
}

/**
 * The edit that moves `task` to `target`, everything else kept: its title, duration and reminder, its
 * assignee (left empty, which keeps it). A target without a time (`null`) keeps the task's own time; an empty
 * one makes it an all-day task.
 */
export function rescheduleEdit(task: Task, target: Target): TaskEdit {
  return {
    title: task.title,
    dueDate: target.day,
    dueTime: target.time ?? task.dueTime ?? '',
    durationMinutes: task.durationMinutes,
    remindBeforeMinutes: task.remindBeforeMinutes,
    assignee: '',
  };
}
