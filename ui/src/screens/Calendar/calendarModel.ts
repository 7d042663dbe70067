// The calendar's arithmetic, without the screen: days as `YYYY-MM-DD` (the form due dates take, never shifted
// by the time zone), the week's first day for a locale, the days a week or month view shows, where a task sits
// in the week's hour grid, and the task edit that moves a task to another day or time.
import type { Task, TaskEdit } from '../../lib/api';

/** Which view is shown. */
export type CalendarView = 'week' | 'month';

/** Minutes in one slot of the week's hour grid (a drop target, a keyboard step). */
export const SLOT_MINUTES = 30;
/** Minutes of a timed task without a duration, as the grid draws it. */
export const DEFAULT_MINUTES = 30;
const DAY_MINUTES = 24 * 60;

/** `YYYY-MM-DD` as a UTC date, so that adding days never meets a change of summer time. */
function toDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `day` moved by `n` days. */
export function addDays(day: string, n: number): string {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + n);
  return toDay(date);
}

/** `day` moved by `n` months, on the same day of the month or the month's last. */
export function addMonths(day: string, n: number): string {
  const date = toDate(day);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), last));
  return toDay(target);
}

/** The day of the week, 1 (Monday) to 7 (Sunday), as `Intl.Locale`'s week information numbers them. */
export function isoWeekday(day: string): number {
  return toDate(day).getUTCDay() || 7;
}

interface WeekInfo {
  firstDay: number;
}
type LocaleWithWeek = Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };

/**
 * CLDR's first day of the week by region (`weekData`, `firstDay`), for the regions it is not Monday: Sunday (7),
 * Saturday (6), Friday (5). Every other region starts its week on Monday.
 */
const FIRST_DAY_BY_REGION: Record<string, number> = Object.fromEntries([
  ...'AG AS BD BR BS BT BW BZ CA CO DM DO ET GT GU HK HN ID IL IN JM JP KE KH KR LA MH MM MO MT MX MZ NI NP PA PE PH PK PR PT PY SA SG SV TH TT TW UM US VE VI WS YE ZA ZW'
    .split(' ')
    .map((region) => [region, 7] as const),
  ...'AE AF BH DJ DZ EG IQ IR JO KW LY OM QA SD SY'.split(' ').map((region) => [region, 6] as const),
  ['MV', 5] as const,
]);

/** The region a language without one stands for (CLDR's likely subtags), for the languages Steward ships. */
const LIKELY_REGION: Record<string, string> = { en: 'US', ro: 'RO' };

/**
 * The first day of the week in `locale`, 1 (Monday) to 7 (Sunday): the platform's `Intl.Locale` week
 * information where it has it (`getWeekInfo()`, or the older `weekInfo`), else CLDR's, from the locale's region
 * or the one its language stands for (`en` is `en-US`, `ro` is `ro-RO`): Sunday in the United States and
 * Canada, Monday in Romania and Great Britain.
 */
export function firstDayOfWeek(locale: string): number {
  let region: string | undefined;
  let language = locale.split(/[-_]/)[0]?.toLowerCase() ?? '';
  try {
    const intl = new Intl.Locale(locale) as LocaleWithWeek;
    const info = typeof intl.getWeekInfo === 'function' ? intl.getWeekInfo() : intl.weekInfo;
    if (info && info.firstDay >= 1 && info.firstDay <= 7) return info.firstDay;
    region = intl.region;
    language = intl.language;
  } catch {
    // An unknown locale: read its parts by hand below.
    region = locale.split(/[-_]/)[1]?.toUpperCase();
  }
  region ??= LIKELY_REGION[language];
  return (region && FIRST_DAY_BY_REGION[region]) || 1;
}

/** The first day of the week that holds `day`, weeks starting on `firstDay` (1-7). */
export function startOfWeek(day: string, firstDay: number): string {
  const back = (isoWeekday(day) - firstDay + 7) % 7;
  return addDays(day, -back);
}

/** The seven days of the week that holds `day`. */
export function weekDays(day: string, firstDay: number): string[] {
  const start = startOfWeek(day, firstDay);
  return Array.from({ length: 7 }, (_, i) => addDays(start, i));
}

/** The month view's weeks: whole weeks from the one holding the 1st to the one holding the last day. */
export function monthWeeks(day: string, firstDay: number): string[][] {
  const first = `${day.slice(0, 7)}-01`;
  const last = addDays(addMonths(first, 1), -1);
  const weeks: string[][] = [];
  for (let start = startOfWeek(first, firstDay); start <= last; start = addDays(start, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(start, i)));
  }
  return weeks;
}

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
