import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Task, TaskEdit } from '../../lib/api';
import { setLanguage } from '../../lib/i18n.svelte';
import { ada, mockBackend, sessionAs, task, type Handler } from '../../test/backend';
import Calendar from './Calendar.svelte';

// Tuesday 10 March 2026.
const DAY = '2026-03-10';

function setup(handlers: Record<string, Handler>, session = ada) {
  const calls = mockBackend(handlers);
  render(Calendar, { session, initialDay: DAY });
  return { calls, user: userEvent.setup() };
}

const meeting = task(7, {
  title: 'Board meeting',
  dueDate: DAY,
  dueTime: '09:30',
  durationMinutes: 60,
  remindBeforeMinutes: 15,
});
const allDay = task(8, { title: 'Send the offer', dueDate: '2026-03-12' });

/** A backend whose calendar holds `tasks`, moved by update_task as the real one would. */
function backend(tasks: Task[]): Record<string, Handler> {
  return {
    calendar: ({ from, to }) => tasks.filter((t) => t.dueDate! >= (from as string) && t.dueDate! <= (to as string)),
    update_task: ({ id, task: edit }) => {
      const e = edit as TaskEdit;
      const i = tasks.findIndex((t) => t.id === id);
      const moved = { ...tasks[i]!, dueDate: e.dueDate, dueTime: e.dueTime || null };
      tasks[i] = moved;
      return moved;
    },
  };
}

const updates = (calls: { command: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.command === 'update_task').map((c) => c.args);

describe('Calendar', () => {
  it('asks for the week on screen and places timed and all-day tasks in it', async () => {
    const { calls } = setup(backend([meeting, allDay]));
    const event = await screen.findByTestId('calendar-event-7');
    // jsdom's English is American: the week starts on Sunday.
    expect(calls[0]).toEqual({ command: 'calendar', args: { from: '2026-03-08', to: '2026-03-14', mineOnly: false } });
    expect(screen.getAllByTestId('calendar-day-head')[0]).toHaveTextContent('Sun');
    expect(within(screen.getByTestId(`calendar-column-${DAY}`)).getByTestId('calendar-event-7')).toBe(event);
    // 09:30 is the 19th half-hour slot, 1.5rem each; an hour is two.
    expect(event.getAttribute('style')).toContain('top: 28.5rem');
    expect(event.getAttribute('style')).toContain('height: 3rem');
    expect(event).toHaveAccessibleName('Board meeting, Tuesday, March 10, 2026, 09:30 AM–10:30 AM');
    expect(event).toHaveAccessibleDescription('Press Enter to move it with the arrow keys.');
    expect(within(screen.getByTestId('calendar-allday-2026-03-12')).getByTestId('calendar-event-8')).toBeInTheDocument();
  });

  it('starts the week on Monday in Romanian and steps by week and month', async () => {
    setLanguage('ro');
    const { calls, user } = setup(backend([meeting]));
    await screen.findByTestId('calendar-event-7');
    expect(calls[0]?.args).toEqual({ from: '2026-03-09', to: '2026-03-15', mineOnly: false });
    expect(screen.getAllByTestId('calendar-day-head')[0]).toHaveTextContent('lun.');
    await user.click(screen.getByTestId('calendar-next'));
    await user.click(screen.getByTestId('calendar-view-month'));
    await user.click(screen.getByTestId('calendar-previous'));
    await user.click(screen.getByTestId('calendar-mine'));
    await waitFor(() => expect(calls.filter((c) => c.command === 'calendar')).toHaveLength(5));
    expect(calls.map((c) => c.args)).toEqual([
      { from: '2026-03-09', to: '2026-03-15', mineOnly: false },
      { from: '2026-03-16', to: '2026-03-22', mineOnly: false },
      { from: '2026-02-23', to: '2026-04-05', mineOnly: false },
      { from: '2026-01-26', to: '2026-03-01', mineOnly: false },
      { from: '2026-01-26', to: '2026-03-01', mineOnly: true },
    ]);
    expect(screen.getByTestId('calendar-range')).toHaveTextContent('februarie 2026');
  });

  it('moves the first day of the week when the language switches on screen', async () => {
    const { calls } = setup(backend([meeting]));
    await screen.findByTestId('calendar-event-7');
    expect(screen.getAllByTestId('calendar-day-head')[0]).toHaveTextContent('Sun');
    setLanguage('ro');
    await waitFor(() => expect(screen.getAllByTestId('calendar-day-head')[0]).toHaveTextContent('lun.'));
    await waitFor(() =>
      expect(calls.at(-1)?.args).toEqual({ from: '2026-03-09', to: '2026-03-15', mineOnly: false }),
    );
  });

  it('moves a task from the keyboard: Enter, the arrow keys, Enter; Escape cancels', async () => {
    const { calls, user } = setup(backend([meeting]));
    const event = await screen.findByTestId('calendar-event-7');
    event.focus();
    await user.keyboard('{Enter}{ArrowRight}{ArrowDown}');
    expect(screen.getByTestId('calendar-status')).toHaveTextContent(
      'Moving “Board meeting” to Wednesday, March 11, 2026, 10:00 AM–11:00 AM.',
    );
    expect(screen.getByTestId('calendar-slot-2026-03-11-10:00')).toHaveClass('target');
    await user.keyboard('{Escape}');
    expect(screen.getByTestId('calendar-status')).toHaveTextContent('Move cancelled');
    expect(updates(calls)).toEqual([]);

    await user.keyboard('{Enter}{ArrowRight}{ArrowDown}{Enter}');
    await waitFor(() => expect(updates(calls)).toHaveLength(1));
    expect(updates(calls)[0]).toEqual({
      id: 7,
      task: {
        title: 'Board meeting',
        dueDate: '2026-03-11',
        dueTime: '10:00',
        durationMinutes: 60,
        remindBeforeMinutes: 15,
        assignee: '',
      },
    });
    await waitFor(() =>
      expect(within(screen.getByTestId('calendar-column-2026-03-11')).getByTestId('calendar-event-7')).toHaveFocus(),
    );
    expect(screen.getByTestId('calendar-status')).toHaveTextContent('“Board meeting” moved to Wednesday, March 11, 2026');
  });

  it('moves a task dropped on a slot of the week or a day of the month', async () => {
    const { calls, user } = setup(backend([meeting, allDay]));
    const event = await screen.findByTestId('calendar-event-7');
    await fireEvent.dragStart(event);
    await fireEvent.dragOver(screen.getByTestId('calendar-slot-2026-03-13-14:00'));
    await fireEvent.drop(screen.getByTestId('calendar-slot-2026-03-13-14:00'));
    await waitFor(() => expect(updates(calls)).toHaveLength(1));
    expect(updates(calls)[0]).toMatchObject({ id: 7, task: { dueDate: '2026-03-13', dueTime: '14:00' } });

    await user.click(screen.getByTestId('calendar-view-month'));
    const offer = await screen.findByTestId('calendar-event-8');
    await fireEvent.dragStart(offer);
    await fireEvent.drop(screen.getByTestId('calendar-day-2026-03-25'));
    await waitFor(() => expect(updates(calls)).toHaveLength(2));
    expect(updates(calls)[1]).toMatchObject({ id: 8, task: { dueDate: '2026-03-25', dueTime: '' } });
    await waitFor(() =>
      expect(within(screen.getByTestId('calendar-day-2026-03-25')).getByTestId('calendar-event-8')).toBeInTheDocument(),
    );
  });

  it('offers no move of a task the user may not change, and no export without the permission', async () => {
    const others = task(9, { title: 'Someone else’s', dueDate: DAY, assigneeId: 5, createdBy: 5 });
    const { calls, user } = setup(backend([others]), sessionAs('agent', 'bob', 2));
    const event = await screen.findByTestId('calendar-event-9');
    expect(event).toHaveAttribute('draggable', 'false');
    expect(event).not.toHaveAccessibleDescription();
    event.focus();
    await user.keyboard('{Enter}{ArrowRight}{Enter}');
    expect(updates(calls)).toEqual([]);
    expect(screen.queryByTestId('calendar-export')).not.toBeInTheDocument();
  });
});
