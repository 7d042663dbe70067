import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Task } from '../../lib/api';
import { setLanguage } from '../../lib/i18n.svelte';
import { ada, keysetPage, mockBackend, sessionAs, task, type Handler } from '../../test/backend';
import Tasks from './Tasks.svelte';

/**
 * The handlers with `list_tasks` (the tasks of a tab, as a test writes them) answered as `list_tasks_page`: the
 * whole tab in one page, counted.
 */
function asPages({ list_tasks: tab, ...handlers }: Record<string, Handler>): Record<string, Handler> {
  if (!tab) return handlers;
  return {
    ...handlers,
    list_tasks_page: async (args) => {
      const items = (await tab(args)) as Task[];
      return { items, next: null, total: args.count ? items.length : null };
    },
  };
}

function setup(handlers: Record<string, Handler>, session = ada) {
  const calls = mockBackend(asPages(handlers));
  const onOpen = vi.fn();
  render(Tasks, { session, onOpen });
  return { calls, onOpen, user: userEvent.setup() };
}

const listCalls = (calls: { command: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.command === 'list_tasks_page').map(({ args }) => ({ filter: args.filter, mineOnly: args.mineOnly }));

describe('Tasks', () => {
  it('asks for the list of each tab, and for only the user’s own with “Only mine”', async () => {
    const lists: Record<string, Task[]> = {
      today: [task(1, { title: 'Call Ada back' })],
      overdue: [task(2, { title: 'Send the quote', dueDate: '2020-01-01' })],
      upcoming: [],
      done: [task(4, { title: 'Book the room', doneAt: '2026-02-01T10:00:00Z' })],
    };
    const { calls, user } = setup({ list_tasks: ({ filter }) => lists[filter as string] ?? [] });

    expect(await screen.findByText('Call Ada back')).toBeInTheDocument();
    expect(screen.getByTestId('task-tabs')).toHaveAttribute('role', 'tablist');
    expect(screen.getByTestId('task-tab-today')).toHaveAttribute('aria-selected', 'true');

    await user.click(screen.getByTestId('task-tab-overdue'));
    expect(await screen.findByText('Send the quote')).toBeInTheDocument();
    await user.click(screen.getByTestId('task-tab-upcoming'));
    expect(await screen.findByTestId('tasks-empty')).toHaveTextContent('Nothing is coming up.');
    await user.click(screen.getByTestId('task-tab-done'));
    const row = await screen.findByTestId('task-row');
    expect(within(row).getByTestId('task-done')).toBeChecked();
    await user.click(screen.getByTestId('task-mine'));
    await waitFor(() => expect(listCalls(calls)).toHaveLength(5));

    expect(listCalls(calls)).toEqual([
      { filter: 'today', mineOnly: false },
      { filter: 'overdue', mineOnly: false },
      { filter: 'upcoming', mineOnly: false },
      { filter: 'done', mineOnly: false },
      { filter: 'done', mineOnly: true },
    ]);
  });

  it('moves between the tabs with the arrow keys', async () => {
    const { calls, user } = setup({ list_tasks: () => [] });
    await screen.findByTestId('tasks-empty');

    screen.getByTestId('task-tab-today').focus();
    await user.keyboard('{ArrowLeft}');

    expect(screen.getByTestId('task-tab-done')).toHaveFocus();
    expect(screen.getByTestId('task-tab-done')).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(listCalls(calls).at(-1)).toEqual({ filter: 'done', mineOnly: false }));
  });

  it('completes a task with its checkbox and reopens one from Done', async () => {
    let done = false;
    const { calls, user } = setup({
      list_tasks: ({ filter }) =>
        (filter === 'done') === done ? [task(3, { title: 'Write the minutes', doneAt: done ? '2026-03-01T10:00:00Z' : null })] : [],
      complete_task: () => {
        done = true;
        return task(3, { doneAt: '2026-03-01T10:00:00Z' });
      },
      reopen_task: () => {
        done = false;
        return task(3);
      },
    });

    await user.click(within(await screen.findByTestId('task-row')).getByTestId('task-done'));
    expect(await screen.findByTestId('tasks-empty')).toBeInTheDocument();
    await user.click(screen.getByTestId('task-tab-done'));
    await user.click(within(await screen.findByTestId('task-row')).getByTestId('task-done'));
    await screen.findByTestId('tasks-empty');

    expect(calls.filter((c) => c.command.endsWith('_task'))).toEqual([
      { command: 'complete_task', args: { id: 3 } },
      { command: 'reopen_task', args: { id: 3 } },
    ]);
  });

  it('adds a task with a title, a due date and an assignee', async () => {
    const { calls, user } = setup({ list_tasks: () => [], add_task: () => task(8, { title: 'Renew the lease' }) });
    await screen.findByTestId('tasks-empty');

    await user.click(screen.getByTestId('add-task'));
    await user.click(screen.getByTestId('task-save'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('Enter what there is to do.');
    await user.type(screen.getByTestId('task-title'), ' Renew the lease ');
    await user.type(screen.getByTestId('task-due'), '2026-05-01');
    await user.type(screen.getByTestId('task-assignee'), 'grace');
    await user.click(screen.getByTestId('task-save'));

    expect(await screen.findByText('Added “Renew the lease”.')).toBeInTheDocument();
    expect(calls.find((c) => c.command === 'add_task')?.args).toEqual({
      task: {
        title: 'Renew the lease',
        dueDate: '2026-05-01',
        dueTime: '',
        durationMinutes: null,
        remindBeforeMinutes: null,
        assignee: 'grace',
        about: null,
      },
    });
    expect(listCalls(calls)).toHaveLength(2);
  });

  it('adds a meeting with a time, a duration and a reminder', async () => {
    const { calls, user } = setup({ list_tasks: () => [], add_task: () => task(9, { title: 'Meet the printer' }) });
    await screen.findByTestId('tasks-empty');

    await user.click(screen.getByTestId('add-task'));
    await user.type(screen.getByTestId('task-title'), 'Meet the printer');
    await user.type(screen.getByTestId('task-due'), '2026-05-01');
    await user.type(screen.getByTestId('task-time'), '14:30');
    await user.selectOptions(screen.getByTestId('task-duration'), '90');
    expect([...screen.getByTestId('task-remind').querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'No reminder',
      'At the due time',
      '15 min before',
      '1 hr before',
      '1 day before',
    ]);
    await user.selectOptions(screen.getByTestId('task-remind'), '15');
    await user.click(screen.getByTestId('task-save'));

    expect(await screen.findByText('Added “Meet the printer”.')).toBeInTheDocument();
    expect(calls.find((c) => c.command === 'add_task')?.args).toEqual({
      task: {
        title: 'Meet the printer',
        dueDate: '2026-05-01',
        dueTime: '14:30',
        durationMinutes: 90,
        remindBeforeMinutes: 15,
        assignee: '',
        about: null,
      },
    });
  });

  it('shows a task’s time, duration and reminder, and reschedules, retitles and reassigns it', async () => {
    let current = task(5, {
      title: 'Call the bank',
      dueDate: '2026-03-10',
      dueTime: '09:00',
      durationMinutes: 30,
      remindBeforeMinutes: 20,
    });
    const { calls, user } = setup({
      list_tasks: () => [current],
      update_task: ({ task: edit }) => {
        const e = edit as Record<string, unknown>;
        current = task(5, {
          title: e.title as string,
          dueDate: e.dueDate as string,
          dueTime: (e.dueTime as string) || null,
          durationMinutes: e.durationMinutes as number | null,
          remindBeforeMinutes: e.remindBeforeMinutes as number | null,
          assignee: 'grace',
          assigneeId: 2,
        });
        return current;
      },
    });

    const row = await screen.findByTestId('task-row');
    expect(within(row).getByTestId('task-due-label')).toHaveTextContent('Due 03/10/2026, 09:00 AM');
    expect(row).toHaveTextContent('lasts 30 min');
    expect(within(row).getByTestId('task-reminder')).toHaveTextContent('Reminder: 20 min before');

    await user.click(within(row).getByTestId('task-edit'));
    const form = within(row).getByTestId('task-form');
    expect(within(form).getByTestId('task-title')).toHaveValue('Call the bank');
    // A reminder set elsewhere (20 minutes) stays selectable.
    expect(within(form).getByTestId('task-remind')).toHaveValue('20');
    await user.clear(within(form).getByTestId('task-title'));
    await user.type(within(form).getByTestId('task-title'), 'Visit the bank');
    await user.clear(within(form).getByTestId('task-due'));
    await user.type(within(form).getByTestId('task-due'), '2026-03-12');
    await user.clear(within(form).getByTestId('task-time'));
    await user.type(within(form).getByTestId('task-time'), '16:00');
    await user.selectOptions(within(form).getByTestId('task-duration'), '');
    await user.selectOptions(within(form).getByTestId('task-remind'), '0');
    await user.clear(within(form).getByTestId('task-assignee'));
    await user.type(within(form).getByTestId('task-assignee'), 'grace');
    await user.click(within(form).getByTestId('task-save'));

    expect(await screen.findByText('Saved “Visit the bank”.')).toBeInTheDocument();
    expect(calls.find((c) => c.command === 'update_task')?.args).toEqual({
      id: 5,
      task: {
        title: 'Visit the bank',
        dueDate: '2026-03-12',
        dueTime: '16:00',
        durationMinutes: null,
        remindBeforeMinutes: 0,
        assignee: 'grace',
      },
    });
    const updated = await screen.findByText('Visit the bank');
    const newRow = updated.closest('li') as HTMLElement;
    expect(within(newRow).getByTestId('task-due-label')).toHaveTextContent('Due 03/12/2026, 04:00 PM');
    expect(within(newRow).getByTestId('task-reminder')).toHaveTextContent('Reminder: At the due time');
    expect(within(newRow).queryByTestId('task-form')).not.toBeInTheDocument();
  });

  it('offers Edit only on tasks the user may change', async () => {
    const agnes = sessionAs('agent', 'agnes', 3);
    setup(
      {
        list_tasks: () => [
          task(1, { title: 'Hers', assigneeId: 3, createdBy: 1 }),
          task(2, { title: 'Made by her', assigneeId: 1, createdBy: 3 }),
          task(3, { title: 'Someone else’s', assigneeId: 1, createdBy: 1 }),
        ],
      },
      agnes,
    );
    await screen.findByText('Hers');
    const editable = screen
      .getAllByTestId('task-row')
      .filter((r) => within(r).queryByTestId('task-edit'))
      .map((r) => r.dataset.id);
    expect(editable).toEqual(['1', '2']);
  });

  it('opens the record a task is about, and offers no Add task to a viewer', async () => {
    const { onOpen, user } = setup(
      { list_tasks: () => [task(5, { about: { kind: 'company', id: 4 } })] },
      sessionAs('viewer', 'vic', 6),
    );

    await user.click(await screen.findByRole('button', { name: 'Open the company' }));
    expect(onOpen).toHaveBeenCalledWith({ kind: 'company', id: 4 });
    expect(screen.queryByTestId('add-task')).not.toBeInTheDocument();
  });

  it('speaks Romanian: tabs, empty lists, the form, a due date and the notice after adding', async () => {
    setLanguage('ro');
    const { user } = setup({
      list_tasks: ({ filter }) =>
        filter === 'overdue'
          ? [task(2, { title: 'Trimiteți oferta', dueDate: '2026-03-05', about: { kind: 'deal', id: 9 } })]
          : [],
      add_task: () => task(8, { title: 'Reînnoiți contractul' }),
    });

    expect(await screen.findByTestId('tasks-empty')).toHaveTextContent('Nimic nu are termenul astăzi.');
    expect(screen.getByRole('heading', { name: 'Sarcini' })).toBeInTheDocument();
    expect(screen.getByRole('tablist', { name: 'Liste de sarcini' })).toBeInTheDocument();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Astăzi', 'Întârziate', 'Următoare', 'Finalizate']);
    await user.click(screen.getByTestId('task-tab-overdue'));
    const row = await screen.findByTestId('task-row');
    expect(row).toHaveTextContent('Termen: 05.03.2026');
    expect(within(row).getByRole('button', { name: 'Deschideți oportunitatea' })).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Ștergeți sarcina Trimiteți oferta' })).toBeInTheDocument();

    await user.click(screen.getByTestId('add-task'));
    expect(screen.getByLabelText('Responsabil')).toHaveAttribute('placeholder', 'Dumneavoastră');
    await user.click(screen.getByTestId('task-save'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('Scrieți ce este de făcut.');
    await user.type(screen.getByTestId('task-title'), 'Reînnoiți contractul');
    await user.click(screen.getByTestId('task-save'));
    expect(await screen.findByText('A fost adăugată sarcina „Reînnoiți contractul”.')).toBeInTheDocument();
  });

  it('shows a tab by pages and asks for the next one after the cursor of the page on screen', async () => {
    const rows = (offset: number, count: number) =>
      Array.from({ length: count }, (_, i) => task(offset + i + 1, { title: `Task ${offset + i + 1}` }));
    const { calls, user } = setup({ list_tasks_page: (args) => keysetPage(args, 120, rows) });

    expect(await screen.findByText('Task 1')).toBeInTheDocument();
    expect(screen.getAllByTestId('task-row')).toHaveLength(50);
    expect(screen.getByTestId('page-info')).toHaveTextContent('1–50 of 120');
    await user.click(screen.getByTestId('page-next'));
    expect(await screen.findByText('Task 51')).toBeInTheDocument();
    expect(screen.getByTestId('page-info')).toHaveTextContent('51–100 of 120');
    await user.click(screen.getByTestId('task-tab-done'));
    await waitFor(() => expect(screen.getByTestId('page-info')).toHaveTextContent('1–50 of 120'));

    expect(calls.filter((c) => c.command === 'list_tasks_page').map((c) => c.args)).toEqual([
      { filter: 'today', mineOnly: false, after: null, limit: 50, count: true },
      { filter: 'today', mineOnly: false, after: '@50', limit: 50, count: false },
      { filter: 'done', mineOnly: false, after: null, limit: 50, count: true },
    ]);
  });
});
