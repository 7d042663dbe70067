import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Task } from '../../lib/api';
import { setLanguage } from '../../lib/i18n.svelte';
import { ada, mockBackend, sessionAs, task, type Handler } from '../../test/backend';
import Tasks from './Tasks.svelte';

function setup(handlers: Record<string, Handler>, session = ada) {
  const calls = mockBackend(handlers);
  const onOpen = vi.fn();
  render(Tasks, { session, onOpen });
  return { calls, onOpen, user: userEvent.setup() };
}

const listCalls = (calls: { command: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.command === 'list_tasks').map((c) => c.args);

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
      task: { title: 'Renew the lease', dueDate: '2026-05-01', assignee: 'grace', about: null },
    });
    expect(listCalls(calls)).toHaveLength(2);
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
});
