import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Reminder } from '../../lib/api';
import { dueLabel } from '../../lib/components/taskTimes';
import { setLanguage } from '../../lib/i18n.svelte';
import { emitEvent, mockBackend, task } from '../../test/backend';
import RemindersPanel from './RemindersPanel.svelte';

function reminder(id: number, title: string, patch: Partial<Reminder> = {}): Reminder {
  return {
    task: task(id, { title, dueDate: '2026-12-07', dueTime: '14:00', remindBeforeMinutes: 15 }),
    at: '2026-12-07T13:45',
    due: true,
    snoozed: false,
    ...patch,
  };
}

const call = reminder(7, 'Call Ana Popescu', {
  task: task(7, {
    title: 'Call Ana Popescu',
    dueDate: '2026-12-07',
    dueTime: '14:00',
    remindBeforeMinutes: 15,
    about: { kind: 'contact', id: 3 },
  }),
});
const review = reminder(8, 'Quarterly review', { at: '2026-12-09T09:00', due: false });

function setup(list: () => Reminder[]) {
  const calls = mockBackend({
    list_reminders: list,
    dismiss_reminder: () => null,
    snooze_reminder: () => '2026-12-07T14:51',
  });
  const onOpen = vi.fn();
  render(RemindersPanel, { onOpen });
  return { calls, onOpen, user: userEvent.setup() };
}

describe('RemindersPanel', () => {
  it('lists the due reminders only, with the task and when it is due, and opens the task', async () => {
    const { onOpen, user } = setup(() => [call, review]);

    const rows = await screen.findAllByTestId('reminder-row');
    expect(rows.map((r) => r.dataset.task)).toEqual(['7']);
    const [row] = rows;
    expect(screen.getByTestId('reminders-count')).toHaveTextContent('1 reminder due');
    expect(row).toHaveTextContent('Call Ana Popescu');
    expect(row).toHaveTextContent(dueLabel(call.task));
    expect(screen.queryByText('Quarterly review')).toBeNull();

    await user.click(within(row!).getByRole('button', { name: 'Open the task Call Ana Popescu' }));
    expect(onOpen).toHaveBeenCalledWith(call);
  });

  it('shows nothing while no reminder is due', async () => {
    const { calls } = setup(() => [review]);
    await waitFor(() => expect(calls.map((c) => c.command)).toContain('list_reminders'));
    expect(screen.queryByTestId('reminders-panel')).toBeNull();
  });

  it('snoozes and dismisses through the backend and asks for the list again', async () => {
    let list = [call, reminder(9, 'Send the offer')];
    const { calls, user } = setup(() => list);
    await screen.findAllByTestId('reminder-row');
    expect(screen.getByTestId('reminders-count')).toHaveTextContent('2 reminders due');

    list = [reminder(9, 'Send the offer')];
    const [first] = screen.getAllByTestId('reminder-row');
    await user.click(within(first!).getByTestId('reminder-snooze-1h'));
    await waitFor(() => expect(screen.getAllByTestId('reminder-row')).toHaveLength(1));
    expect(calls).toContainEqual({ command: 'snooze_reminder', args: { taskId: 7, snooze: '1h' } });

    list = [];
    await user.click(screen.getByRole('button', { name: 'Dismiss the reminder of Send the offer' }));
    await waitFor(() => expect(screen.queryByTestId('reminders-panel')).toBeNull());
    expect(calls).toContainEqual({ command: 'dismiss_reminder', args: { taskId: 9 } });
  });

  it('shows reminders that fall due when the backend says so', async () => {
    let list: Reminder[] = [];
    const { calls } = setup(() => list);
    await waitFor(() => expect(calls).toHaveLength(1));
    list = [call];
    await emitEvent('reminders-due', null);
    expect(await screen.findByTestId('reminder-row')).toHaveTextContent('Call Ana Popescu');
  });

  it('counts in Romanian with one, few and other', async () => {
    setLanguage('ro');
    try {
      const many = Array.from({ length: 20 }, (_, i) => reminder(100 + i, `Sarcina ${i}`));
      let list = [call];
      const { calls } = setup(() => list);
      expect(await screen.findByTestId('reminders-count')).toHaveTextContent('A sosit 1 memento');
      list = many.slice(0, 2);
      await emitEvent('reminders-due', null);
      await waitFor(() => expect(screen.getByTestId('reminders-count')).toHaveTextContent('Au sosit 2 mementouri'));
      list = many;
      await emitEvent('reminders-due', null);
      await waitFor(() =>
        expect(screen.getByTestId('reminders-count')).toHaveTextContent('Au sosit 20 de mementouri'),
      );
      expect(calls.filter((c) => c.command === 'list_reminders')).toHaveLength(3);
    } finally {
      setLanguage('en');
    }
  });
});
