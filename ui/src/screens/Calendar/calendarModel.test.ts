import { describe, expect, it } from 'vitest';
import { task } from '../../test/backend';
import {
  addMonths,
  firstDayOfWeek,
  monthWeeks,
  moveBy,
  placeDay,
  rescheduleEdit,
  sameTarget,
  startOfWeek,
  step,
  visibleRange,
  weekDays,
} from './calendarModel';

describe('the calendar’s days', () => {
  it('starts the week on Monday in Romanian and British English, on Sunday in American English', () => {
    expect(firstDayOfWeek('ro-RO')).toBe(1);
    expect(firstDayOfWeek('ro')).toBe(1);
    expect(firstDayOfWeek('en-GB')).toBe(1);
    expect(firstDayOfWeek('en-US')).toBe(7);
    expect(firstDayOfWeek('en')).toBe(7);
  });

  it('falls back by region when the platform has no week information', () => {
    const proto = Intl.Locale.prototype as unknown as Record<string, unknown>;
    const saved = Object.getOwnPropertyDescriptors(proto);
    try {
      Object.defineProperty(proto, 'getWeekInfo', { value: undefined, configurable: true });
      Object.defineProperty(proto, 'weekInfo', { get: () => undefined, configurable: true });
      expect(firstDayOfWeek('en-US')).toBe(7);
      expect(firstDayOfWeek('en-GB')).toBe(1);
      expect(firstDayOfWeek('ro-RO')).toBe(1);
      // A language alone stands for its likely region: English for the United States, Romanian for Romania.
      expect(firstDayOfWeek('en')).toBe(7);
      expect(firstDayOfWeek('ro')).toBe(1);
      expect(firstDayOfWeek('en-CA')).toBe(7);
      expect(firstDayOfWeek('en-IE')).toBe(1);
      expect(firstDayOfWeek('ar-EG')).toBe(6);
      expect(firstDayOfWeek('dv-MV')).toBe(5);
    } finally {
      for (const key of ['getWeekInfo', 'weekInfo']) {
        const descriptor = saved[key];
        if (descriptor) Object.defineProperty(proto, key, descriptor);
        else delete proto[key];
      }
    }
  });

  it('finds the week of a day from its first day, across months and years', () => {
    // Tuesday 10 March 2026.
    expect(startOfWeek('2026-03-10', 1)).toBe('2026-03-09');
    expect(startOfWeek('2026-03-10', 7)).toBe('2026-03-08');
    expect(startOfWeek('2026-03-08', 1)).toBe('2026-03-02');
    expect(weekDays('2026-01-01', 1)).toEqual([
      '2025-12-29',
      '2025-12-30',
      '2025-12-31',
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-01-04',
    ]);
    // Summer time starts on 29 March 2026 in Romania: a day is still a day.
    expect(weekDays('2026-03-29', 1).at(-1)).toBe('2026-03-29');
  });

  it('shows whole weeks in a month and steps a week or a month', () => {
    const march = monthWeeks('2026-03-10', 1);
    expect(march).toHaveLength(6);
    expect(march[0]?.[0]).toBe('2026-02-23');
    expect(march.at(-1)?.at(-1)).toBe('2026-04-05');
    // February 2027 starts on a Monday and fills four weeks exactly.
    expect(monthWeeks('2027-02-14', 1)).toHaveLength(4);
    expect(monthWeeks('2026-02-14', 1)).toHaveLength(5);
    expect(visibleRange('month', '2026-03-10', 7)).toEqual({ from: '2026-03-01', to: '2026-04-04' });
    expect(visibleRange('week', '2026-03-10', 1)).toEqual({ from: '2026-03-09', to: '2026-03-15' });
    expect(step('week', '2026-03-10', -1)).toBe('2026-03-03');
    expect(step('month', '2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });
});

describe('placing tasks in the week’s grid', () => {
  it('puts each timed task at its time for its duration, overlaps side by side', () => {
    const placed = placeDay([
      task(1, { dueTime: null }),
      task(2, { dueTime: '09:00', durationMinutes: 90 }),
      task(3, { dueTime: '10:00', durationMinutes: 30 }),
      task(4, { dueTime: '10:30' }),
      task(5, { dueTime: '12:00', durationMinutes: 60 }),
      task(6, { dueTime: '23:45', durationMinutes: 60 }),
    ]);
    expect(placed.map((p) => [p.task.id, p.start, p.minutes, p.lane, p.lanes])).toEqual([
      [2, 540, 90, 0, 2],
      [3, 600, 30, 1, 2],
      // Starts as the others end: no overlap.
      [4, 630, 30, 0, 1],
      [5, 720, 60, 0, 1],
      // Cut at midnight.
      [6, 1425, 15, 0, 1],
    ]);
  });
});

describe('moving a task', () => {
  const meeting = task(7, {
    title: 'Board meeting',
    dueDate: '2026-03-10',
    dueTime: '09:30',
    durationMinutes: 60,
    remindBeforeMinutes: 15,
  });

  it('steps a day with left and right, a slot with up and down in the week, a week in the month', () => {
    const at = { day: '2026-03-10', time: '09:30' };
    expect(moveBy(at, 'ArrowRight', 'week')).toEqual({ day: '2026-03-11', time: '09:30' });
    expect(moveBy(at, 'ArrowLeft', 'month')).toEqual({ day: '2026-03-09', time: '09:30' });
    expect(moveBy(at, 'ArrowDown', 'week')).toEqual({ day: '2026-03-10', time: '10:00' });
    expect(moveBy(at, 'ArrowUp', 'week')).toEqual({ day: '2026-03-10', time: '09:00' });
    expect(moveBy(at, 'ArrowDown', 'month')).toEqual({ day: '2026-03-17', time: '09:30' });
    expect(moveBy({ day: '2026-03-10', time: '00:00' }, 'ArrowUp', 'week')).toEqual({ day: '2026-03-10', time: '00:00' });
    expect(moveBy({ day: '2026-03-10', time: '23:30' }, 'ArrowDown', 'week').time).toBe('23:30');
    expect(moveBy({ day: '2026-03-10', time: null }, 'ArrowDown', 'week')).toEqual({ day: '2026-03-10', time: null });
    expect(moveBy(at, 'a', 'week')).toBe(at);
  });

  it('keeps everything but the moment, and the time unless the target names one', () => {
    expect(rescheduleEdit(meeting, { day: '2026-03-12', time: null })).toEqual({
      title: 'Board meeting',
      dueDate: '2026-03-12',
      dueTime: '09:30',
      durationMinutes: 60,
      remindBeforeMinutes: 15,
      assignee: '',
    });
    expect(rescheduleEdit(meeting, { day: '2026-03-12', time: '14:00' }).dueTime).toBe('14:00');
    expect(rescheduleEdit(meeting, { day: '2026-03-12', time: '' }).dueTime).toBe('');
    expect(sameTarget(meeting, { day: '2026-03-10', time: null })).toBe(true);
    expect(sameTarget(meeting, { day: '2026-03-10', time: '09:30' })).toBe(true);
    expect(sameTarget(meeting, { day: '2026-03-10', time: '10:00' })).toBe(false);
    expect(sameTarget(meeting, { day: '2026-03-10', time: '' })).toBe(false);
  });
});
