import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Activity, Deal } from '../../lib/api';
import { formatDay } from '../../lib/format';
import { formatMoney } from '../../lib/format';
import { activity, ada, company, deal, mockBackend, reject, sessionAs, STAGES, task, type Handler } from '../../test/backend';
import DealDetail from './DealDetail.svelte';

const TRAINING: Deal = deal(3, 5, {
  title: 'Training',
  amountMinor: 1_234_550,
  currency: 'USD',
  expectedClose: '2026-06-30',
  probability: 100,
  closeReason: 'Best support offer',
  closedAt: '2026-03-02T10:00:00Z',
  contactId: 8,
  companyId: 4,
});

function setup(extra: Record<string, Handler> = {}, session = ada, shown: Deal = TRAINING) {
  const calls = mockBackend({
    get_deal: () => shown,
    get_contact: () => ({ id: 8, name: 'Grace Hopper' }),
    get_company: () => company(4, { name: 'Initech' }),
    list_tasks_about: () => [task(5, { title: 'Send the invoice', about: { kind: 'deal', id: 3 } })],
    list_activities: () => [activity(7, { subject: 'Kick-off call', kind: 'call', about: { kind: 'deal', id: 3 } })],
    ...extra,
  });
  const props = {
    session,
    id: shown.id,
    stages: STAGES,
    onBack: vi.fn(),
    onChanged: vi.fn(),
    onDeleted: vi.fn(),
    onOpenRecord: vi.fn(),
  };
  render(DealDetail, props);
  return { calls, props, user: userEvent.setup() };
}

describe('A deal’s page', () => {
  it('shows the deal’s fields: stage, amount, close date, probability, reason, contact and company', async () => {
    const { props, user } = setup();

    expect(await screen.findByRole('heading', { name: 'Training' })).toBeInTheDocument();
    expect(screen.getByTestId('deal-detail-stage')).toHaveTextContent('Won');
    expect(screen.getByTestId('deal-detail-amount')).toHaveTextContent(formatMoney(1_234_550, 'USD'));
    expect(screen.getByTestId('deal-detail')).toHaveTextContent(formatDay('2026-06-30'));
    expect(screen.getByTestId('deal-detail-probability')).toHaveTextContent('100 % (from the stage)');
    expect(screen.getByTestId('deal-detail-reason')).toHaveTextContent('Best support offer');
    expect(screen.getByTestId('deal-detail')).toHaveTextContent('Won because');
    await waitFor(() => expect(screen.getByTestId('deal-detail-company')).toHaveTextContent('Initech'));
    expect(screen.getByTestId('deal-detail-contact')).toHaveTextContent('Grace Hopper');

    await user.click(within(screen.getByTestId('deal-detail-contact')).getByRole('button', { name: 'Grace Hopper' }));
    expect(props.onOpenRecord).toHaveBeenCalledWith({ kind: 'contact', id: 8 });
    await user.click(screen.getByTestId('deal-back'));
    expect(props.onBack).toHaveBeenCalled();
  });

  it('lists the deal’s open tasks and its timeline, and logs a note on the deal', async () => {
    let logged: Activity | null = null;
    const { calls, user } = setup({
      add_activity: ({ activity: input }) => {
        logged = activity(12, { ...(input as Partial<Activity>), occurredAt: '2026-03-03T09:00:00Z' });
        return logged;
      },
    });

    const tasks = await screen.findByTestId('record-tasks');
    await waitFor(() => expect(tasks).toHaveTextContent('Send the invoice'));
    const timeline = screen.getByTestId('deal-timeline');
    await waitFor(() => expect(within(timeline).getAllByTestId('timeline-item')).toHaveLength(1));
    expect(calls.find((c) => c.command === 'list_activities')?.args).toEqual({ about: { kind: 'deal', id: 3 } });
    expect(calls.find((c) => c.command === 'list_tasks_about')?.args).toEqual({ about: { kind: 'deal', id: 3 } });

    await user.type(within(timeline).getByTestId('activity-subject'), 'Asked for the PO number');
    await user.click(within(timeline).getByTestId('activity-save'));

    await waitFor(() => expect(within(timeline).getAllByTestId('timeline-item')).toHaveLength(2));
    expect(within(timeline).getAllByTestId('timeline-item')[0]).toHaveTextContent('Asked for the PO number');
    expect(calls.find((c) => c.command === 'add_activity')?.args).toEqual({
      activity: { kind: 'note', subject: 'Asked for the PO number', body: '', occurredAt: '', about: { kind: 'deal', id: 3 } },
    });
  });

  it('edits the deal, clearing its own probability so it follows the stage again', async () => {
    const own = deal(2, 3, { title: 'Consulting', probability: 80, ownProbability: 80 });
    const edited = deal(2, 3, { title: 'Consulting', probability: 50, ownProbability: null });
    const { calls, props, user } = setup({ update_deal: () => edited }, ada, own);

    await screen.findByRole('heading', { name: 'Consulting' });
    expect(screen.getByTestId('deal-detail-probability')).toHaveTextContent('80 % (this deal’s own)');
    await user.click(screen.getByTestId('deal-edit'));
    const field = screen.getByTestId('deal-probability');
    expect(field).toHaveValue('80');
    expect(field).toHaveAttribute('placeholder', '50 (stage)');
    await user.clear(field);
    await user.click(screen.getByTestId('deal-save'));

    await waitFor(() => expect(screen.getByTestId('deal-detail-probability')).toHaveTextContent('50 % (from the stage)'));
    expect(calls.find((c) => c.command === 'update_deal')?.args).toMatchObject({
      id: 2,
      deal: { title: 'Consulting', probability: null },
    });
    expect(props.onChanged).toHaveBeenCalledWith(edited);
  });

  it('deletes the deal after a confirmation', async () => {
    const { calls, props, user } = setup({ delete_deal: () => null });
    await screen.findByRole('heading', { name: 'Training' });

    await user.click(screen.getByTestId('deal-delete'));
    expect(calls.some((c) => c.command === 'delete_deal')).toBe(false);
    await user.click(screen.getByTestId('confirm-delete'));

    await waitFor(() => expect(props.onDeleted).toHaveBeenCalledWith(3));
    expect(calls.find((c) => c.command === 'delete_deal')?.args).toEqual({ id: 3 });
  });

  it('offers a viewer neither editing nor logging, and shows what it can read', async () => {
    setup({}, sessionAs('viewer', 'vic', 6));
    await screen.findByRole('heading', { name: 'Training' });

    expect(screen.queryByTestId('deal-edit')).not.toBeInTheDocument();
    expect(screen.queryByTestId('deal-delete')).not.toBeInTheDocument();
    expect(screen.queryByTestId('activity-save')).not.toBeInTheDocument();
    expect(screen.queryByTestId('add-task')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('timeline-item')).toHaveLength(1));
  });

  it('says so when the deal cannot be opened, and still goes back', async () => {
    const { props, user } = setup({ get_deal: reject('not_found', 'Deal 3 was not found.') });

    expect(await screen.findByTestId('error-message')).toHaveTextContent('Deal 3 was not found.');
    await user.click(screen.getByTestId('deal-back'));
    expect(props.onBack).toHaveBeenCalled();
  });
});
