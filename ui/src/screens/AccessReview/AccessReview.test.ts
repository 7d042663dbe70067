import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { AccessReview, ReviewedUser, ReviewStatus } from '../../lib/api';
import { ada, mockBackend, reject, type Handler } from '../../test/backend';
import AccessReviewScreen from './AccessReview.svelte';
import { changesOf, decisionFrom, decisionValue, reportFileName } from './reviewModel';

function reviewed(name: string, patch: Partial<ReviewedUser> = {}): ReviewedUser {
  return {
    userId: name.length,
    name,
    role: 'agent',
    permissions: ['contacts.read', 'contacts.create'],
    disabled: false,
    lastUnlock: '2026-03-11T09:00:00Z',
    devices: 0,
    views: 0,
    reveals: 0,
    exports: 0,
    deletions: 0,
    imports: 0,
    roleChanges: 0,
    dormant: false,
    suggestedRole: null,
    decision: null,
    decidedBy: null,
    ...patch,
  };
}

const bob = reviewed('bob', { views: 3, deletions: 1 });
const erin = reviewed('erin', { userId: 7, dormant: true, suggestedRole: 'viewer', lastUnlock: '2026-01-05T09:00:00Z' });

function review(users: ReviewedUser[], patch: Partial<AccessReview> = {}): AccessReview {
  return {
    id: 1,
    startedAt: '2026-03-16T09:00:00Z',
    startedBy: 'ada',
    since: '2026-01-05T09:00:00Z',
    fromSeq: 1,
    toSeq: 40,
    closedAt: null,
    closedBy: null,
    users,
    ...patch,
  };
}

const overdue: ReviewStatus = { lastClosedAt: null, dueAt: '2026-04-05T09:00:00Z', overdue: true, openReview: null };

function setup(handlers: Record<string, Handler>) {
  const calls = mockBackend({
    review_status: () => overdue,
    list_reviews: () => [],
    ...handlers,
  });
  const onOpenAudit = vi.fn();
  render(AccessReviewScreen, { session: ada, onOpenAudit });
  return { calls, onOpenAudit, user: userEvent.setup() };
}

describe('AccessReview', () => {
  it('says a review is overdue and starts one, showing each user with counts and badges', async () => {
    const { calls, user } = setup({ open_review: () => null, start_review: () => review([bob, erin]) });

    expect(await screen.findByTestId('review-overdue')).toHaveTextContent('has been due since');
    await user.click(screen.getByTestId('review-start'));

    const rows = await screen.findAllByTestId('review-row');
    expect(calls.map((c) => c.command)).toContain('start_review');
    expect(rows.map((r) => r.dataset.user)).toEqual(['bob', 'erin']);
    expect(within(rows[1]!).getByTestId('review-badge-dormant')).toHaveTextContent('Dormant');
    expect(within(rows[1]!).getByTestId('review-badge-suggestion')).toHaveTextContent('Suggested: Viewer');
    expect(within(rows[0]!).queryByTestId('review-badge-dormant')).toBeNull();
    expect(within(rows[0]!).getAllByTestId('review-count').map((b) => b.textContent)).toEqual(['3', '1']);
  });

  it('opens the audit log at a user whose count is clicked, from the end of the window', async () => {
    const { onOpenAudit, user } = setup({ open_review: () => review([bob]) });
    const [views] = await screen.findAllByTestId('review-count');
    await user.click(views!);
    expect(onOpenAudit).toHaveBeenCalledWith('bob', 40);
  });

  it('records a decision and confirms the close with a summary of the changes', async () => {
    let current = review([bob, erin]);
    const { calls, user } = setup({
      open_review: () => (current.closedAt ? null : current),
      decide_review: ({ user: name, decision }) => {
        const updated = { ...current.users.find((u) => u.name === name)!, decision } as ReviewedUser;
        current = { ...current, users: current.users.map((u) => (u.name === name ? updated : u)) };
        return updated;
      },
      close_review: () => {
        current = { ...current, closedAt: '2026-03-16T10:00:00Z', closedBy: 'ada' };
        return current;
      },
    });
    const selects = await screen.findAllByTestId('review-decision');
    await user.selectOptions(selects[1]!, 'disable');
    await user.selectOptions(selects[0]!, 'keep');
    expect(calls.filter((c) => c.command === 'decide_review').map((c) => c.args)).toEqual([
      { user: 'erin', decision: { kind: 'disable', role: null } },
      { user: 'bob', decision: { kind: 'keep', role: null } },
    ]);

    await user.click(screen.getByTestId('review-close'));
    const confirm = screen.getByTestId('review-confirm');
    expect(within(confirm).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['erin: Disable']);
    expect(calls.some((c) => c.command === 'close_review')).toBe(false);
    await user.click(screen.getByTestId('review-confirm-close'));
    await waitFor(() => expect(screen.getByTestId('review-notice')).toHaveTextContent('1 changes'));
    expect(calls.filter((c) => c.command === 'close_review')).toHaveLength(1);
  });

  it('keeps the review open and says why when the close is refused', async () => {
    const { user } = setup({
      open_review: () => review([reviewed('ada', { role: 'owner', decision: { kind: 'role', role: 'admin' } })]),
      close_review: reject('invalid_input', 'ada is the last owner; make another user an owner first'),
    });
    await user.click(await screen.findByTestId('review-close'));
    await user.click(screen.getByTestId('review-confirm-close'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('last owner');
    expect(screen.getByTestId('review-confirm')).toBeInTheDocument();
  });
});

describe('reviewModel', () => {
  it('turns decisions into list values and back', () => {
    expect(decisionValue({ kind: 'role', role: 'viewer' })).toBe('role:viewer');
    expect(decisionFrom('role:viewer')).toEqual({ kind: 'role', role: 'viewer' });
    expect(decisionFrom('forget-devices')).toEqual({ kind: 'forget-devices', role: null });
    expect(decisionFrom('')).toBeNull();
    expect(decisionValue(null)).toBe('');
  });

  it('leaves out of the changes a kept user and a role that stays the same', () => {
    const same = reviewed('carol', { role: 'manager', decision: { kind: 'role', role: 'manager' } });
    const down = reviewed('dave', { role: 'admin', decision: { kind: 'role', role: 'manager' } });
    const kept = reviewed('bob', { decision: { kind: 'keep', role: null } });
    expect(changesOf([same, down, kept])).toEqual(['dave: Change role to Manager']);
  });

  it('names the report in the vault language', () => {
    expect(reportFileName('en', 3)).toBe('steward-access-review-3.csv');
    expect(reportFileName('ro', 3)).toBe('steward-revizuirea-accesului-3.csv');
  });
});
