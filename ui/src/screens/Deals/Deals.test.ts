import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Deal } from '../../lib/api';
import { formatDay } from '../../lib/format';
import { formatMoney } from '../../lib/format';
import { setLanguage } from '../../lib/i18n.svelte';
import { ada, boardBackend, deal, mockBackend, sessionAs, STAGES, type Handler } from '../../test/backend';
import Deals from './Deals.svelte';

const DEALS: Deal[] = [
  deal(1, 1, { title: 'Website rebuild', amountMinor: 1_234_550, currency: 'EUR', expectedClose: '2026-04-30' }),
  deal(2, 1, { title: 'Support plan', amountMinor: 50_000, currency: 'USD' }),
  deal(3, 3, { title: 'Training', amountMinor: 200_000, currency: 'EUR' }),
];

function setup(extra: Record<string, Handler> = {}, session = ada) {
  const calls = mockBackend({ list_stages: () => STAGES, ...boardBackend(() => DEALS), ...extra });
  render(Deals, { session });
  return { calls, user: userEvent.setup() };
}

const column = (name: string) =>
  screen.getAllByTestId('pipeline-column').find((c) => c.dataset.stageName === name)!;
const card = (id: number) => screen.getAllByTestId('deal-card').find((c) => c.dataset.id === String(id))!;
const cardsIn = (name: string) => within(column(name)).queryAllByTestId('deal-card').map((c) => Number(c.dataset.id));

/** Presses on `from`, moves the pointer over `to` and lets go there, as a mouse would. */
async function dragTo(from: HTMLElement, to: HTMLElement) {
  // jsdom lays nothing out, so "what is under the pointer" is answered by the test.
  let under: Element = from;
  document.elementFromPoint = vi.fn(() => under);
  await fireEvent.pointerDown(from, { pointerId: 1, button: 0, clientX: 100, clientY: 100 });
  await fireEvent.pointerMove(from, { pointerId: 1, clientX: 104, clientY: 101 });
  under = to;
  await fireEvent.pointerMove(to, { pointerId: 1, clientX: 400, clientY: 150 });
  await fireEvent.pointerUp(to, { pointerId: 1, button: 0, clientX: 400, clientY: 150 });
}

describe('Pipeline board', () => {
  afterEach(() => {
    Reflect.deleteProperty(document, 'elementFromPoint');
  });

  it('shows a column per stage, open ones by position and won and lost at the end, with counts and totals', async () => {
    const shuffled = [STAGES[5]!, STAGES[2]!, STAGES[4]!, STAGES[0]!, STAGES[3]!, STAGES[1]!];
    setup({ list_stages: () => shuffled });

    const columns = await screen.findAllByTestId('pipeline-column');
    expect(columns.map((c) => c.dataset.stageName)).toEqual(['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost']);
    expect(columns.map((c) => c.dataset.stageId)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(within(column('Lead')).getByTestId('column-count')).toHaveTextContent('2 deals');
    expect(within(column('Lead')).getByTestId('column-total')).toHaveTextContent(
      `${formatMoney(1_234_550, 'EUR')} + ${formatMoney(50_000, 'USD')}`,
    );
    expect(within(column('Won')).getByTestId('column-total')).toHaveTextContent('—');
    const first = card(1);
    expect(first).toHaveTextContent('Website rebuild');
    expect(first).toHaveTextContent(formatMoney(1_234_550, 'EUR'));
    expect(first).toHaveTextContent(`Close ${formatDay('2026-04-30')}`);
  });

  it('moves a card dragged with the pointer to the column it is dropped on', async () => {
    let answer: Promise<Deal> | null = null;
    const { calls } = setup({ move_deal: ({ id }) => answer ?? deal(id as number, 4) });
    await screen.findAllByTestId('deal-card');
    let release: (d: Deal) => void = () => {};
    answer = new Promise<Deal>((resolve) => (release = resolve));

    await dragTo(card(1), column('Negotiation'));

    // The card moves at once, before the backend answers.
    expect(cardsIn('Negotiation')).toEqual([1]);
    expect(cardsIn('Lead')).toEqual([2]);
    expect(calls.filter((c) => c.command === 'move_deal')).toEqual([
      { command: 'move_deal', args: { id: 1, stageId: 4, reason: null } },
    ]);
    release(deal(1, 4, { title: 'Website rebuild' }));
    await waitFor(() => expect(card(1)).not.toHaveClass('pending'));
    expect(cardsIn('Negotiation')).toEqual([1]);
  });

  it('shows a floating copy of the card while it is dragged, and treats a press without travel as a click', async () => {
    const { calls } = setup({ move_deal: () => deal(1, 2) });
    await screen.findAllByTestId('deal-card');
    document.elementFromPoint = vi.fn(() => column('Qualified'));

    await fireEvent.pointerDown(card(1), { pointerId: 1, button: 0, clientX: 100, clientY: 100 });
    await fireEvent.pointerUp(card(1), { pointerId: 1, button: 0, clientX: 101, clientY: 100 });
    expect(calls.some((c) => c.command === 'move_deal')).toBe(false);

    await fireEvent.pointerDown(card(1), { pointerId: 1, button: 0, clientX: 100, clientY: 100 });
    await fireEvent.pointerMove(card(1), { pointerId: 1, clientX: 180, clientY: 120 });
    const ghost = document.querySelector('.ghost');
    expect(ghost).toHaveTextContent('Website rebuild');
    expect(column('Qualified')).toHaveClass('over');
    await fireEvent.pointerUp(card(1), { pointerId: 1, button: 0, clientX: 180, clientY: 120 });

    expect(document.querySelector('.ghost')).toBeNull();
    expect(calls.filter((c) => c.command === 'move_deal').map((c) => c.args)).toEqual([
      { id: 1, stageId: 2, reason: null },
    ]);
  });

  it('asks why a deal was lost before moving it to Lost, and requires a reason', async () => {
    const { calls, user } = setup({ move_deal: () => deal(3, 6, { title: 'Training', closeReason: 'Too dear' }) });
    await screen.findAllByTestId('deal-card');

    await dragTo(card(3), column('Lost'));
    expect(calls.some((c) => c.command === 'move_deal')).toBe(false);
    expect(cardsIn('Proposal')).toEqual([3]);
    const reason = screen.getByTestId('close-reason');
    expect(reason).toHaveFocus();
    expect(screen.getByRole('dialog')).toHaveTextContent('(required)');

    await user.click(screen.getByTestId('close-confirm'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('Give the reason the deal was lost.');
    expect(calls.some((c) => c.command === 'move_deal')).toBe(false);

    await user.type(reason, '  Too dear ');
    await user.click(screen.getByTestId('close-confirm'));

    await waitFor(() => expect(cardsIn('Lost')).toEqual([3]));
    expect(screen.queryByTestId('close-reason')).not.toBeInTheDocument();
    expect(within(card(3)).getByTestId('deal-reason')).toHaveTextContent('Lost: Too dear');
    expect(calls.filter((c) => c.command === 'move_deal').map((c) => c.args)).toEqual([
      { id: 3, stageId: 6, reason: 'Too dear' },
    ]);
  });

  it('offers an optional reason before moving a deal to Won, and keeps the one given', async () => {
    const { calls, user } = setup({
      move_deal: ({ id, reason }) => deal(id as number, 5, { title: 'Support plan', closeReason: reason as string | null }),
    });
    await screen.findAllByTestId('deal-card');

    await dragTo(card(2), column('Won'));
    expect(calls.some((c) => c.command === 'move_deal')).toBe(false);
    expect(screen.getByRole('dialog')).toHaveTextContent('Why was “Support plan” won?');
    expect(screen.getByRole('dialog')).toHaveTextContent('(optional)');
    await user.type(screen.getByTestId('close-reason'), 'Fastest answers{Enter}');

    await waitFor(() => expect(cardsIn('Won')).toEqual([2]));
    expect(within(card(2)).getByTestId('deal-reason')).toHaveTextContent('Won: Fastest answers');
    expect(calls.find((c) => c.command === 'move_deal')?.args).toEqual({ id: 2, stageId: 5, reason: 'Fastest answers' });
  });

  it('leaves the card where it was when the reason is cancelled', async () => {
    const { calls, user } = setup();
    await screen.findAllByTestId('deal-card');

    await user.selectOptions(within(card(2)).getByTestId('deal-move'), 'Lost');
    await user.click(screen.getByTestId('close-cancel'));

    expect(screen.queryByTestId('close-reason')).not.toBeInTheDocument();
    expect(cardsIn('Lead')).toEqual([2, 1]);
    expect(calls.some((c) => c.command === 'move_deal')).toBe(false);
  });

  it('puts the card back and shows the sentence when the backend refuses the move', async () => {
    const sentence = 'You may only move deals you own.';
    let refuse: (e: unknown) => void = () => {};
    setup({ move_deal: () => new Promise((_, rejectMove) => (refuse = rejectMove)) });
    await screen.findAllByTestId('deal-card');

    await dragTo(card(2), column('Negotiation'));
    expect(cardsIn('Negotiation')).toEqual([2]);
    refuse({ code: 'permission_denied', message: sentence });

    expect(await screen.findByTestId('error-message')).toHaveTextContent(sentence);
    expect(cardsIn('Negotiation')).toEqual([]);
    expect(cardsIn('Lead')).toEqual([2, 1]);
    expect(within(column('Lead')).getByTestId('column-count')).toHaveTextContent('2 deals');
  });

  it('moves a deal with the Move to… select, the keyboard way, to Won without a reason', async () => {
    const { calls, user } = setup({ move_deal: () => deal(1, 5, { title: 'Website rebuild' }) });
    await screen.findAllByTestId('deal-card');

    const select = within(card(1)).getByTestId('deal-move');
    expect(within(select).queryByRole('option', { name: 'Lead' })).not.toBeInTheDocument();
    await user.selectOptions(select, 'Won');
    await user.click(screen.getByTestId('close-confirm'));

    await waitFor(() => expect(cardsIn('Won')).toEqual([1]));
    expect(within(card(1)).queryByTestId('deal-reason')).not.toBeInTheDocument();
    expect(calls.find((c) => c.command === 'move_deal')?.args).toEqual({ id: 1, stageId: 5, reason: null });
  });

  it('offers no dragging or Move to… on deals the user may not change', async () => {
    const { calls } = setup({}, sessionAs('viewer', 'vic', 6));
    await screen.findAllByTestId('deal-card');

    expect(screen.queryByTestId('deal-move')).not.toBeInTheDocument();
    expect(screen.queryByTestId('add-deal')).not.toBeInTheDocument();
    await dragTo(card(1), column('Won'));
    expect(calls.some((c) => c.command === 'move_deal')).toBe(false);
  });

  it('adds a deal with the form: title, stage, amount in minor units, currency and close date', async () => {
    const created = deal(9, 2, { title: 'Consulting', amountMinor: 150_050, currency: 'EUR' });
    const { calls, user } = setup({ add_deal: () => created });
    await screen.findAllByTestId('deal-card');

    await user.click(screen.getByTestId('add-deal'));
    const stage = screen.getByTestId('deal-stage');
    expect(within(stage).queryByRole('option', { name: 'Lost' })).not.toBeInTheDocument();
    expect(screen.getByTestId('deal-currency')).toHaveValue('EUR');
    await user.type(screen.getByTestId('deal-title'), ' Consulting ');
    await user.selectOptions(stage, 'Qualified');
    await user.type(screen.getByTestId('deal-amount'), '1,500.5');
    await user.type(screen.getByTestId('deal-close'), '2026-06-30');
    expect(screen.getByTestId('deal-probability')).toHaveAttribute('placeholder', '25 (stage)');
    await user.click(screen.getByTestId('deal-save'));

    await waitFor(() => expect(cardsIn('Qualified')).toEqual([9]));
    expect(card(9)).toHaveAttribute('data-highlighted', 'true');
    expect(calls.find((c) => c.command === 'add_deal')?.args).toEqual({
      deal: {
        title: 'Consulting',
        stageId: 2,
        amountMinor: 150_050,
        currency: 'EUR',
        expectedClose: '2026-06-30',
        probability: null,
        contactId: null,
        companyId: null,
      },
    });
  });

  it('closes the deal form with Escape', async () => {
    const { user } = setup();
    await screen.findAllByTestId('deal-card');

    await user.click(screen.getByTestId('add-deal'));
    await user.type(screen.getByTestId('deal-title'), 'Never mind{Escape}');

    expect(screen.queryByTestId('deal-title')).not.toBeInTheDocument();
  });

  it('refuses an amount with too many decimals before asking the backend', async () => {
    const { calls, user } = setup();
    await screen.findAllByTestId('deal-card');

    await user.click(screen.getByTestId('add-deal'));
    await user.type(screen.getByTestId('deal-title'), 'Consulting');
    await user.type(screen.getByTestId('deal-amount'), '12.345');
    await user.click(screen.getByTestId('deal-save'));

    expect(screen.getByTestId('error-message')).toHaveTextContent('at most 2 decimals');
    expect(calls.some((c) => c.command === 'add_deal')).toBe(false);
  });

  it('links a deal to a contact picked by searching', async () => {
    const { calls, user } = setup({
      search: () => [
        { kind: 'company', id: 4, title: 'Grace & Co', detail: null },
        { kind: 'contact', id: 8, title: 'Grace Hopper', detail: 'grace@example.com' },
      ],
      add_deal: () => deal(9, 1),
    });
    await screen.findAllByTestId('deal-card');

    await user.click(screen.getByTestId('add-deal'));
    await user.type(screen.getByTestId('deal-title'), 'Compilers');
    await user.type(screen.getByLabelText(/^Contact/), 'Grace');
    const option = await screen.findByRole('option', { name: /Grace Hopper/ });
    expect(screen.queryByRole('option', { name: /Grace & Co/ })).not.toBeInTheDocument();
    await fireEvent.pointerDown(option);
    await user.click(screen.getByTestId('deal-save'));

    await waitFor(() => expect(calls.some((c) => c.command === 'add_deal')).toBe(true));
    expect(calls.find((c) => c.command === 'add_deal')?.args.deal).toMatchObject({ contactId: 8, companyId: null });
  });

  it('gives a new deal a probability of its own, and refuses one that is not a percentage', async () => {
    const { calls, user } = setup({ add_deal: () => deal(9, 1, { probability: 60, ownProbability: 60 }) });
    await screen.findAllByTestId('deal-card');

    await user.click(screen.getByTestId('add-deal'));
    await user.type(screen.getByTestId('deal-title'), 'Pilot');
    expect(screen.getByTestId('deal-probability')).toHaveAttribute('placeholder', '10 (stage)');
    await user.type(screen.getByTestId('deal-probability'), '120');
    await user.click(screen.getByTestId('deal-save'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('a whole number from 0 to 100');
    expect(calls.some((c) => c.command === 'add_deal')).toBe(false);

    await user.clear(screen.getByTestId('deal-probability'));
    await user.type(screen.getByTestId('deal-probability'), '60');
    await user.click(screen.getByTestId('deal-save'));

    await waitFor(() => expect(calls.some((c) => c.command === 'add_deal')).toBe(true));
    expect(calls.find((c) => c.command === 'add_deal')?.args.deal).toMatchObject({ title: 'Pilot', probability: 60 });
  });

  it('opens a deal’s page from its card, and goes back to the board with the card highlighted', async () => {
    const { user } = setup({
      get_deal: ({ id }) => DEALS.find((d) => d.id === id),
      list_tasks_about: () => [],
      list_activities: () => [],
    });
    await screen.findAllByTestId('deal-card');

    await user.click(within(card(3)).getByTestId('deal-open'));
    const page = await screen.findByTestId('deal-detail');
    expect(page).toHaveAttribute('data-id', '3');
    expect(await screen.findByRole('heading', { name: 'Training' })).toBeInTheDocument();
    expect(screen.queryByTestId('pipeline-board')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('deal-back'));
    expect(await screen.findByTestId('pipeline-board')).toBeInTheDocument();
    expect(card(3)).toHaveAttribute('data-highlighted', 'true');
  });
});

describe('Pipeline board in Romanian', () => {
  it('counts deals with Romanian plurals and shows amounts and dates the Romanian way', async () => {
    setLanguage('ro');
    setup();

    await screen.findAllByTestId('pipeline-column');
    expect(within(column('Lead')).getByTestId('column-count')).toHaveTextContent('2 oportunități');
    expect(within(column('Lead')).getByTestId('column-total')).toHaveTextContent('12.345,50 € + 500,00 $');
    expect(card(1)).toHaveTextContent('Închidere: 30.04.2026');
    expect(within(column('Proposal')).getByTestId('column-count')).toHaveTextContent('1 oportunitate');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Oportunități');
    expect(screen.getAllByRole('option', { name: 'Mutați în…' }).length).toBeGreaterThan(0);
  });
});
