import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { DeletedRecord } from '../../lib/api';
import { mockBackend, reject, type Handler } from '../../test/backend';
import RecycleBin from './RecycleBin.svelte';
import { KIND_FILTERS, detailLine, kindLabel, recordLabel } from './RecycleBinKinds';
import { setLanguage } from '../../lib/i18n.svelte';
import { formatDay, formatMomentDay } from '../../lib/format';

function deleted(patch: Partial<DeletedRecord>): DeletedRecord {
  return {
    kind: 'contact',
    id: 1,
    label: 'Someone',
    detail: null,
    holder: null,
    dueDate: null,
    activity: null,
    ownerId: 1,
    deletedAt: '2026-03-01T10:00:00Z',
    deletedBy: 'ada',
    purgeAt: '2026-03-31T10:00:00Z',
    ...patch,
  };
}

const BIN: DeletedRecord[] = [
  deleted({ kind: 'company', id: 3, label: 'Zephyrine Ltd', detail: 'zephyrine.example', deletedBy: 'grace' }),
  deleted({ kind: 'task', id: 7, label: 'Send the brochure', detail: 'due 2026-04-01', dueDate: '2026-04-01' }),
  deleted({ kind: 'contact', id: 4, label: 'Old Friend', detail: 'old@example.com' }),
  deleted({
    kind: 'activity',
    id: 9,
    label: 'Call on 2026-03-09: Met at the fair',
    detail: 'about a contact',
    activity: { kind: 'call', occurredAt: '2026-03-09T10:00', subject: 'Met at the fair', about: 'contact' },
  }),
];

function setup(handlers: Record<string, Handler>) {
  const calls = mockBackend(handlers);
  const onRestored = vi.fn();
  const onClose = vi.fn();
  render(RecycleBin, { onRestored, onClose });
  return { calls, onRestored, onClose, user: userEvent.setup() };
}

const row = (kind: string, id: number) =>
  screen.getAllByTestId('deleted-row').find((r) => r.dataset.kind === kind && r.dataset.id === String(id)) as HTMLElement;

describe('Recycle bin', () => {
  it('says in the window language which record a deleted file was on', async () => {
    const files = [
      deleted({ kind: 'attachment', id: 11, label: 'quote.pdf', holder: { kind: 'contact', name: 'Ana Popescu' } }),
      deleted({ kind: 'attachment', id: 12, label: 'logo.png', holder: { kind: 'company', name: 'Zephyrine Ltd' } }),
      deleted({ kind: 'attachment', id: 13, label: 'offer.pdf', holder: { kind: 'deal', name: 'Marmalade licence' } }),
      deleted({ kind: 'attachment', id: 14, label: 'minutes.txt', holder: { kind: 'activity', name: 'Met at the fair' } }),
    ];
    setup({ list_recycle_bin: () => files });
    await screen.findAllByTestId('deleted-row');
    expect(within(row('attachment', 11)).getByTestId('deleted-detail')).toHaveTextContent('On the contact Ana Popescu');
    expect(files.map(detailLine)).toEqual([
      'On the contact Ana Popescu',
      'On the company Zephyrine Ltd',
      'On the deal Marmalade licence',
      'On the activity “Met at the fair”',
    ]);
    setLanguage('ro');
    try {
      expect(files.map(detailLine)).toEqual([
        'Atașat la contactul Ana Popescu',
        'Atașat la compania Zephyrine Ltd',
        'Atașat la oportunitatea Marmalade licence',
        'Atașat la activitatea „Met at the fair”',
      ]);
    } finally {
      setLanguage('en');
    }
    // Other kinds keep the detail core gives.
    expect(detailLine(deleted({ kind: 'company', detail: 'zephyrine.example' }))).toBe('zephyrine.example');
  });

  it("words a task's due date and an activity's label and subject in the window language", () => {
    const task = BIN[1] as DeletedRecord;
    const activity = BIN[3] as DeletedRecord;
    expect(detailLine(task)).toBe(`Due ${formatDay('2026-04-01')}`);
    expect(recordLabel(activity)).toBe(`Call on ${formatDay('2026-03-09')}: Met at the fair`);
    expect(detailLine(activity)).toBe('About a contact');
    setLanguage('ro');
    try {
      expect(detailLine(task)).toBe('Termen: 01.04.2026');
      expect(recordLabel(activity)).toBe('Apel din 09.03.2026: Met at the fair');
      expect(detailLine(activity)).toBe('Despre un contact');
      // Records without parts keep core's label.
      expect(recordLabel(task)).toBe('Send the brochure');
    } finally {
      setLanguage('en');
    }
  });

  it('lists every kind with who deleted it and when it is purged', async () => {
    const { calls } = setup({ list_recycle_bin: () => BIN });

    const rows = await screen.findAllByTestId('deleted-row');
    expect(rows.map((r) => r.dataset.kind)).toEqual(['company', 'task', 'contact', 'activity']);
    expect(calls[0]).toEqual({ command: 'list_recycle_bin', args: { kind: null } });
    const company = row('company', 3);
    expect(company).toHaveTextContent('Company');
    expect(company).toHaveTextContent('Zephyrine Ltd');
    expect(company).toHaveTextContent('zephyrine.example');
    expect(company).toHaveTextContent('by grace');
    const purge = formatMomentDay('2026-03-31T10:00:00Z');
    expect(company).toHaveTextContent(purge);
    expect(within(row('contact', 4)).getByTestId('restore-contact')).toHaveAccessibleName('Restore contact Old Friend');
    expect(within(row('task', 7)).getByTestId('restore-task')).toBeEnabled();
  });

  it('asks the backend for one kind when the filter changes, and says when none is there', async () => {
    const { calls, user } = setup({
      list_recycle_bin: ({ kind }) => (kind === 'deal' ? [] : BIN.filter((d) => kind === null || d.kind === kind)),
    });
    await screen.findAllByTestId('deleted-row');

    await user.selectOptions(screen.getByTestId('recycle-bin-kind'), 'task');
    await vi.waitFor(() => expect(screen.getAllByTestId('deleted-row')).toHaveLength(1));
    expect(row('task', 7)).toBeInTheDocument();

    await user.selectOptions(screen.getByTestId('recycle-bin-kind'), 'deal');
    expect(await screen.findByTestId('recycle-bin-empty')).toHaveTextContent('Nothing of this kind');
    expect(calls.map((c) => c.args.kind)).toEqual([null, 'task', 'deal']);
  });

  it('restores a company without reloading the contacts, and a contact with it', async () => {
    const { calls, onRestored, user } = setup({ list_recycle_bin: () => BIN, restore_record: () => null });
    await screen.findAllByTestId('deleted-row');

    await user.click(within(row('company', 3)).getByTestId('restore-company'));
    expect(await screen.findByText('Zephyrine Ltd was restored.')).toBeInTheDocument();
    expect(screen.getAllByTestId('deleted-row')).toHaveLength(3);
    expect(onRestored).not.toHaveBeenCalled();

    await user.click(within(row('contact', 4)).getByTestId('restore-contact'));
    expect(await screen.findByText('Old Friend was restored.')).toBeInTheDocument();
    expect(onRestored).toHaveBeenCalledOnce();
    expect(calls.filter((c) => c.command === 'restore_record').map((c) => c.args)).toEqual([
      { kind: 'company', id: 3 },
      { kind: 'contact', id: 4 },
    ]);
  });

  it('keeps a row and shows why when the restore is refused', async () => {
    const message = 'activity 9 belongs to contact 4, which is in the recycle bin; restore the contact first';
    const { user } = setup({ list_recycle_bin: () => BIN, restore_record: reject('invalid_input', message) });
    await screen.findAllByTestId('deleted-row');

    await user.click(within(row('activity', 9)).getByTestId('restore-activity'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('restore the contact first');
    expect(row('activity', 9)).toBeInTheDocument();
  });

  it('shows an empty bin and closes', async () => {
    const { onClose, user } = setup({ list_recycle_bin: () => [] });
    expect(await screen.findByTestId('recycle-bin-empty')).toHaveTextContent('The recycle bin is empty.');
    await user.click(screen.getByTestId('recycle-bin-close'));
    expect(onClose).toHaveBeenCalledOnce();
  });
});

describe('Recycle bin kinds', () => {
  it('names every kind and offers each as a filter after “Everything”', () => {
    expect(kindLabel('activity')).toBe('Activity');
    expect(KIND_FILTERS.map((f) => f.value)).toEqual(['', 'contact', 'company', 'deal', 'task', 'activity', 'attachment']);
  });
});
