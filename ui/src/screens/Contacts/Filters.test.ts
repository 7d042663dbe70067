import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ContactQuery, SavedView, SessionInfo } from '../../lib/api';
import { ada, contactPage, contactsScreen, mockBackend, sessionAs, userRow, type Handler } from '../../test/backend';
import Contacts from './Contacts.svelte';
import { DEFAULT_QUERY } from './contactQuery';

/** A backend whose list answers with 3 contacts for a `vip` tag and 120 otherwise. */
function setup(extra: Record<string, Handler> = {}, session: SessionInfo = ada) {
  const calls = mockBackend({
    ...contactsScreen,
    list_contacts: (args) => {
      const q = args.query as ContactQuery | null;
      return q?.tag === 'vip' ? contactPage(args, 3, 500) : contactPage(args, 120);
    },
    ...extra,
  });
  render(Contacts, { session });
  return { calls, user: userEvent.setup() };
}

const queries = (calls: ReturnType<typeof mockBackend>) =>
  calls.filter((c) => c.command === 'list_contacts').map((c) => c.args.query as ContactQuery);

const option = (select: HTMLElement) => (select as HTMLSelectElement).selectedOptions[0]?.textContent;

describe('Contacts filters', () => {
  it('filters by a typed tag from the first page, and clears the filters again', async () => {
    const { calls, user } = setup();
    await screen.findByText('1–50 of 120');
    await user.click(screen.getByTestId('page-next'));
    await screen.findByText('51–100 of 120');

    await user.type(screen.getByTestId('filter-tag'), ' vip {Enter}');

    expect(await screen.findByText('1–3 of 3')).toBeInTheDocument();
    expect(screen.getAllByTestId('contact-row')[0]).toHaveAttribute('data-id', '500');
    expect(queries(calls).at(-1)).toEqual({ ...DEFAULT_QUERY, tag: 'vip' });
    expect(calls.filter((c) => c.command === 'list_contacts').at(-1)?.args.after).toBeNull();

    await user.click(screen.getByTestId('filter-clear'));
    expect(await screen.findByText('1–50 of 120')).toBeInTheDocument();
    expect(screen.getByTestId('filter-tag')).toHaveValue('');
    expect(queries(calls).at(-1)).toEqual(DEFAULT_QUERY);
  });

  it('follows the tag as it is typed, without Enter', async () => {
    const { calls, user } = setup();
    await screen.findByText('1–50 of 120');

    await user.type(screen.getByTestId('filter-tag'), 'vip');

    expect(await screen.findByText('1–3 of 3')).toBeInTheDocument();
    // One request for the whole word, not one per letter.
    expect(queries(calls)).toEqual([DEFAULT_QUERY, { ...DEFAULT_QUERY, tag: 'vip' }]);
  });

  it('says that no contact matches a filter, rather than that there are none', async () => {
    const { user } = setup({ list_contacts: () => ({ items: [], next: null, total: 0 }) });
    expect(await screen.findByTestId('contacts-empty')).toHaveTextContent('No contacts yet');
    await user.type(screen.getByTestId('filter-tag'), 'nobody{Enter}');
    await waitFor(() => expect(screen.getByTestId('contacts-empty')).toHaveTextContent('No contacts match these filters'));
  });

  it('offers an owner the other users and “Mine”, and sorts', async () => {
    const { calls, user } = setup({ list_users: () => [userRow('ada', 'owner', { id: 1 }), userRow('bob', 'agent', { id: 3 })] });
    await screen.findByText('1–50 of 120');
    const owner = screen.getByTestId('filter-owner');
    await waitFor(() => expect(within(owner).getAllByRole('option').map((o) => o.textContent)).toEqual(['Anyone', 'Mine', 'bob']));

    await user.selectOptions(owner, 'bob');
    await user.selectOptions(screen.getByTestId('filter-sort'), 'newest');
    await user.selectOptions(owner, 'Mine');

    await waitFor(() => expect(queries(calls)).toHaveLength(4));
    expect(queries(calls).slice(1)).toEqual([
      { ...DEFAULT_QUERY, ownerId: 3 },
      { ...DEFAULT_QUERY, ownerId: 3, sort: 'newest' },
      { ...DEFAULT_QUERY, ownerId: 1, sort: 'newest' },
    ]);
  });

  it('offers an agent “Mine” without asking for the user list', async () => {
    const { calls } = setup({}, sessionAs('agent', 'grace', 5));
    await screen.findByText('1–50 of 120');
    expect(within(screen.getByTestId('filter-owner')).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Anyone',
      'Mine',
    ]);
    expect(calls.some((c) => c.command === 'list_users')).toBe(false);
  });
});

describe('Saved views', () => {
  it('saves the filter on screen as a view named inline, and shows it as the current view', async () => {
    let views: SavedView[] = [];
    const { calls, user } = setup({
      list_views: () => views,
      save_view: ({ name, query }) => {
        const view = { id: 4, name: name as string, query: query as ContactQuery };
        views = [view];
        return view;
      },
    });
    await screen.findByText('1–50 of 120');
    await user.type(screen.getByTestId('filter-tag'), 'vip{Enter}');
    await screen.findByText('1–3 of 3');

    await user.click(screen.getByTestId('view-save-open'));
    await user.click(screen.getByTestId('view-save'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('Give the view a name.');
    await user.type(screen.getByTestId('view-name'), ' VIP customers {Enter}');

    expect(await screen.findByTestId('view-notice')).toHaveTextContent('The view “VIP customers” was saved.');
    expect(screen.queryByTestId('view-name')).not.toBeInTheDocument();
    await waitFor(() => expect(option(screen.getByTestId('view-select'))).toBe('VIP customers'));
    expect(calls.find((c) => c.command === 'save_view')?.args).toEqual({
      name: 'VIP customers',
      query: { ...DEFAULT_QUERY, tag: 'vip' },
    });
  });

  it('applies a view picked from the select, and goes back to every contact with “No saved view”', async () => {
    const vip: SavedView = { id: 4, name: 'VIP, newest', query: { ...DEFAULT_QUERY, tag: 'vip', sort: 'newest' } };
    const { calls, user } = setup({ list_views: () => [vip] });
    await screen.findByText('1–50 of 120');
    const select = screen.getByTestId('view-select');
    await waitFor(() => expect(within(select).getAllByRole('option')).toHaveLength(2));
    expect(option(select)).toBe('No saved view');

    await user.selectOptions(select, 'VIP, newest');

    expect(await screen.findByText('1–3 of 3')).toBeInTheDocument();
    expect(screen.getByTestId('filter-tag')).toHaveValue('vip');
    expect(option(screen.getByTestId('filter-sort'))).toBe('Newest first');
    expect(queries(calls).at(-1)).toEqual(vip.query);

    // Changing a filter leaves the view; the select says so.
    await user.selectOptions(screen.getByTestId('filter-sort'), 'name');
    await waitFor(() => expect(option(select)).toBe('No saved view'));
    expect(screen.queryByTestId('view-delete')).not.toBeInTheDocument();

    await user.selectOptions(select, 'VIP, newest');
    await waitFor(() => expect(option(select)).toBe('VIP, newest'));
    await user.selectOptions(select, 'No saved view');
    expect(await screen.findByText('1–50 of 120')).toBeInTheDocument();
    expect(screen.getByTestId('filter-tag')).toHaveValue('');
    expect(queries(calls).at(-1)).toEqual(DEFAULT_QUERY);
  });

  it('deletes the current view', async () => {
    let views: SavedView[] = [{ id: 4, name: 'VIP', query: { ...DEFAULT_QUERY, tag: 'vip' } }];
    const { calls, user } = setup({
      list_views: () => views,
      delete_view: () => {
        views = [];
        return null;
      },
    });
    await screen.findByText('1–50 of 120');
    await waitFor(() => expect(within(screen.getByTestId('view-select')).getAllByRole('option')).toHaveLength(2));
    await user.selectOptions(screen.getByTestId('view-select'), 'VIP');
    await screen.findByText('1–3 of 3');

    await user.click(screen.getByTestId('view-delete'));

    expect(await screen.findByTestId('view-notice')).toHaveTextContent('The view “VIP” was deleted.');
    await waitFor(() => expect(within(screen.getByTestId('view-select')).getAllByRole('option')).toHaveLength(1));
    expect(calls.find((c) => c.command === 'delete_view')?.args).toEqual({ id: 4 });
    // The list keeps its filter.
    expect(screen.getByText('1–3 of 3')).toBeInTheDocument();
  });
});
