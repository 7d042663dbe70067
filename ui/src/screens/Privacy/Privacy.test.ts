import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { DsrRequest, ReviewCandidate } from '../../lib/api';
import { setLanguage } from '../../lib/i18n.svelte';
import { mockBackend, type Handler } from '../../test/backend';
import { dsrRequest, erasureReport, noConsents, reviewCandidate } from '../../test/privacy';
import Privacy from './Privacy.svelte';

function setup(handlers: Record<string, Handler>) {
  const calls = mockBackend({ list_requests: () => [], ...handlers });
  const onOpenContact = vi.fn();
  render(Privacy, { onOpenContact });
  return { calls, onOpenContact, user: userEvent.setup() };
}

const rowOf = (id: number) =>
  screen.getAllByTestId('request-row').find((r) => r.dataset.id === String(id)) as HTMLElement;

describe('Privacy requests', () => {
  it('lists the register with deadlines, overdue ones standing out, and closed ones with their outcome', async () => {
    setup({
      list_requests: () => [
        dsrRequest(3, { overdue: true, dueOn: '2026-02-01', kind: 'erasure' }),
        dsrRequest(4, { dueOn: '2026-04-01', extendedReason: 'Many requests at once' }),
        dsrRequest(1, {
          status: 'completed',
          completedAt: '2026-02-10T09:00:00Z',
          outcome: 'Package sent by post',
          contactId: null,
          contactName: null,
        }),
      ],
    });
    await screen.findAllByTestId('request-row');
    const overdue = rowOf(3);
    expect(overdue).toHaveClass('overdue');
    expect(within(overdue).getByTestId('request-due')).toHaveTextContent(/overdue/);
    expect(overdue).toHaveTextContent('Erasure (Art. 17)');
    expect(rowOf(4)).not.toHaveClass('overdue');
    expect(within(rowOf(4)).getByTestId('request-due')).toHaveTextContent('(extended)');
    // A deadline is extended once at most.
    expect(within(rowOf(4)).getByTestId('request-extend')).toBeDisabled();
    const closed = rowOf(1);
    expect(closed).toHaveTextContent('Erased person');
    expect(within(closed).getByTestId('request-outcome')).toHaveTextContent('Package sent by post');
    expect(within(closed).queryByTestId('request-close')).not.toBeInTheDocument();
  });

  it('opens a request for a contact found by name', async () => {
    let requests: DsrRequest[] = [];
    const { calls, user } = setup({
      list_requests: () => requests,
      search: () => [{ kind: 'contact', id: 2, title: 'Grace Hopper', detail: null }],
      open_request: () => {
        requests = [dsrRequest(6)];
        return requests[0];
      },
    });
    await screen.findByTestId('requests-empty');
    await user.type(screen.getByLabelText('From'), 'Grace');
    await user.click(await screen.findByRole('option', { name: 'Grace Hopper' }));
    await user.selectOptions(screen.getByTestId('request-kind'), 'access');
    await user.clear(screen.getByTestId('request-received'));
    await user.type(screen.getByTestId('request-received'), '2026-03-01');
    await user.click(screen.getByTestId('request-submit'));

    expect(await screen.findByTestId('requests-notice')).toHaveTextContent(
      'Access (Art. 15) request from Grace Hopper opened',
    );
    expect(calls.find((c) => c.command === 'open_request')?.args).toEqual({
      contactId: 2,
      kind: 'access',
      receivedOn: '2026-03-01',
    });
    expect(await screen.findByTestId('request-row')).toHaveAttribute('data-id', '6');
  });

  it('asks for the person before opening a request', async () => {
    const { calls, user } = setup({});
    await screen.findByTestId('requests-empty');
    await user.click(screen.getByTestId('request-submit'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('Choose the person the request is from.');
    expect(calls.some((c) => c.command === 'open_request')).toBe(false);
  });

  it('extends a request with a reason, and closes one as refused with its reason', async () => {
    let requests = [dsrRequest(3)];
    const { calls, user } = setup({
      list_requests: () => requests,
      extend_request: ({ reason }) => {
        requests = [dsrRequest(3, { dueOn: '2026-06-01', extendedReason: reason as string })];
        return requests[0];
      },
      close_request: ({ status, outcome }) => {
        const closed = { status: status as 'refused', outcome: outcome as string, completedAt: '2026-03-05T10:00:00Z' };
        requests = [dsrRequest(3, closed)];
        return requests[0];
      },
    });
    await user.click(within(await screen.findByTestId('request-row')).getByTestId('request-extend'));
    await user.type(screen.getByTestId('request-extend-reason'), 'Records in three archives');
    await user.click(screen.getByTestId('request-extend-submit'));

    expect(await screen.findByTestId('requests-notice')).toHaveTextContent(/now due on .*2026/);
    expect(calls.find((c) => c.command === 'extend_request')?.args).toEqual({
      id: 3,
      reason: 'Records in three archives',
    });
    await waitFor(() => expect(within(rowOf(3)).getByTestId('request-extend')).toBeDisabled());

    await user.click(within(rowOf(3)).getByTestId('request-close'));
    await user.click(screen.getByTestId('request-close-refused'));
    await user.type(screen.getByTestId('request-outcome-input'), 'Manifestly unfounded');
    await user.click(screen.getByTestId('request-close-submit'));

    expect(await screen.findByTestId('requests-notice')).toHaveTextContent('The request was closed as refused.');
    expect(calls.find((c) => c.command === 'close_request')?.args).toEqual({
      id: 3,
      status: 'refused',
      outcome: 'Manifestly unfounded',
    });
    await waitFor(() => expect(rowOf(3)).toHaveAttribute('data-status', 'refused'));
  });

  it('acts on the person of a request: the access package, then erasure', async () => {
    let requests = [dsrRequest(3, { kind: 'erasure' })];
    const { calls, user } = setup({
      list_requests: () => requests,
      current_consents: () => noConsents(),
      'plugin:dialog|save': () => '/home/ada/grace.json',
      export_access_package: () => 100,
      erase_contact: () => {
        const erased = { status: 'completed' as const, outcome: 'erased', contactId: null, contactName: null };
        requests = [dsrRequest(3, { kind: 'erasure', ...erased })];
        return erasureReport(2);
      },
    });
    await user.click(within(await screen.findByTestId('request-row')).getByTestId('request-person'));
    await user.click(await screen.findByTestId('rights-export-package'));
    expect(await screen.findByTestId('rights-notice')).toHaveTextContent('/home/ada/grace.json');
    expect(calls.find((c) => c.command === 'export_access_package')?.args).toEqual({
      contactId: 2,
      path: '/home/ada/grace.json',
    });

    await user.click(screen.getByTestId('rights-erase'));
    await user.type(screen.getByTestId('erase-confirm-name'), 'Grace Hopper');
    await user.click(screen.getByTestId('erase-submit'));
    await user.click(await screen.findByTestId('erase-close'));

    expect(await screen.findByTestId('requests-notice')).toHaveTextContent('Record 2 was erased');
    await waitFor(() => expect(rowOf(3)).toHaveAttribute('data-status', 'completed'));
    expect(rowOf(3)).toHaveTextContent('Erased person');
  });
});

describe('Retention review', () => {
  it('previews who is up for review and erases the chosen people after the word is typed', async () => {
    let candidates: ReviewCandidate[] = [
      reviewCandidate(7, { name: 'Old Customer' }),
      reviewCandidate(8, { name: 'Lapsed Subscriber', reason: 'past-retention', retentionDays: 730 }),
    ];
    const { calls, user } = setup({
      retention_review: () => candidates,
      apply_review: ({ ids }) => {
        candidates = candidates.filter((c) => !(ids as number[]).includes(c.contactId));
        return (ids as number[]).length;
      },
    });
    await user.click(screen.getByTestId('privacy-tab-review'));
    const rows = await screen.findAllByTestId('review-row');
    expect(rows[0]).toHaveTextContent('No purpose has a basis for them');
    expect(rows[1]).toHaveTextContent('Kept longer than their purposes allow (kept up to 730 days)');
    expect(screen.getByTestId('review-erase')).toBeDisabled();

    await user.click(within(rows[1]!).getByTestId('review-check'));
    await user.click(screen.getByTestId('review-erase'));
    expect(screen.getByTestId('review-confirm')).toBeDisabled();
    await user.type(screen.getByTestId('review-confirm-word'), 'erase');
    expect(screen.getByTestId('review-confirm')).toBeDisabled();
    await user.clear(screen.getByTestId('review-confirm-word'));
    await user.type(screen.getByTestId('review-confirm-word'), 'ERASE');
    await user.click(screen.getByTestId('review-confirm'));

    expect(await screen.findByTestId('review-notice')).toHaveTextContent('1 person was erased.');
    expect(calls.find((c) => c.command === 'apply_review')?.args).toEqual({ ids: [8], action: 'erase', confirm: true });
    await waitFor(() => expect(screen.getAllByTestId('review-row')).toHaveLength(1));
  });

  it('anonymises everyone chosen with the header checkbox', async () => {
    let candidates = [reviewCandidate(7), reviewCandidate(9)];
    const { calls, user } = setup({
      retention_review: () => candidates,
      apply_review: () => {
        candidates = [];
        return 2;
      },
    });
    await user.click(screen.getByTestId('privacy-tab-review'));
    await screen.findAllByTestId('review-row');
    await user.click(screen.getByTestId('review-check-all'));
    expect(screen.getByTestId('review-anonymise')).toHaveTextContent('Anonymise 2 chosen');
    await user.click(screen.getByTestId('review-anonymise'));
    await user.type(screen.getByTestId('review-confirm-word'), 'ANONYMISE');
    await user.click(screen.getByTestId('review-confirm'));

    expect(await screen.findByTestId('review-notice')).toHaveTextContent('2 people were anonymised.');
    expect(calls.find((c) => c.command === 'apply_review')?.args).toEqual({
      ids: [7, 9],
      action: 'anonymise',
      confirm: true,
    });
    expect(await screen.findByTestId('review-empty')).toBeInTheDocument();
  });
});

describe('in Romanian', () => {
  it('shows the register with Romanian words and dd.mm.yyyy dates, the names as recorded', async () => {
    setLanguage('ro');
    setup({
      list_requests: () => [
        dsrRequest(3, { overdue: true, dueOn: '2026-02-01', kind: 'erasure' }),
        dsrRequest(1, { status: 'refused', completedAt: '2026-02-10T09:00:00Z', contactId: null, contactName: null }),
      ],
    });
    await screen.findAllByTestId('request-row');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Cereri ale persoanelor vizate');
    expect(screen.getByTestId('privacy-tab-review')).toHaveTextContent('Revizuirea perioadelor de păstrare');
    expect(rowOf(3)).toHaveTextContent('Ștergere (art. 17)');
    expect(rowOf(3)).toHaveTextContent('Grace Hopper');
    expect(rowOf(3)).toHaveTextContent('Primită pe 01.03.2026');
    expect(within(rowOf(3)).getByTestId('request-due')).toHaveTextContent('Termen: 01.02.2026 — depășit');
    expect(within(rowOf(1)).getByTestId('request-status')).toHaveTextContent('Refuzată');
    expect(rowOf(1)).toHaveTextContent('Persoană ștearsă');
  });

  it('asks for the Romanian word before erasing, typed with or without diacritics', async () => {
    setLanguage('ro');
    const { calls, user } = setup({
      retention_review: () => [reviewCandidate(7), reviewCandidate(8), reviewCandidate(9, { retentionDays: 730 })],
      apply_review: ({ ids }) => (ids as number[]).length,
    });
    await user.click(screen.getByTestId('privacy-tab-review'));
    const rows = await screen.findAllByTestId('review-row');
    expect(rows[2]).toHaveTextContent('(păstrare de cel mult 730 de zile)');
    await user.click(screen.getByTestId('review-check-all'));
    expect(screen.getByTestId('review-erase')).toHaveTextContent('Ștergeți 3 persoane alese…');
    await user.click(screen.getByTestId('review-erase'));
    expect(screen.getByText(/^Ștergeți definitiv 3 persoane: Contact 7, Contact 8, Contact 9\./)).toBeInTheDocument();
    expect(screen.getByLabelText('Introduceți ȘTERGERE pentru a confirma')).toBe(screen.getByTestId('review-confirm-word'));
    await user.type(screen.getByTestId('review-confirm-word'), 'ERASE');
    expect(screen.getByTestId('review-confirm')).toBeDisabled();
    await user.clear(screen.getByTestId('review-confirm-word'));
    await user.type(screen.getByTestId('review-confirm-word'), 'STERGERE');
    await user.click(screen.getByTestId('review-confirm'));

    expect(await screen.findByTestId('review-notice')).toHaveTextContent('3 persoane au fost șterse.');
    expect(calls.find((c) => c.command === 'apply_review')?.args).toEqual({ ids: [7, 8, 9], action: 'erase', confirm: true });
  });
});
