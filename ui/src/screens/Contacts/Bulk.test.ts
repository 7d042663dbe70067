import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { BulkOutcome, SavedView } from '../../lib/api';
import { setLanguage } from '../../lib/i18n.svelte';
import { ada, contactsScreen, mockBackend, reject, sessionAs, summaries, type Handler } from '../../test/backend';
import BulkPanel from './BulkPanel.svelte';
import Contacts from './Contacts.svelte';
import { refusalSentence, summarySentence } from './bulk';

const OUTCOME: BulkOutcome = {
  changed: [1, 2, 3],
  unchanged: [],
  refused: [
    { id: 4, name: 'Dan Munteanu', reason: 'not-own' },
    { id: 99, name: null, reason: 'not-found' },
  ],
};

const VIEWS: SavedView[] = [
  { id: 5, name: 'Clients', query: { tag: 'client', ownerId: null, companyId: null, sort: 'name' } },
];

function setupScreen(handlers: Record<string, Handler>, session = ada) {
  const calls = mockBackend({
    list_contacts: () => ({ items: summaries(5), next: null, total: 5 }),
    ...contactsScreen,
    ...handlers,
  });
  render(Contacts, { session });
  return { calls, user: userEvent.setup() };
}

describe('Changing many contacts at once', () => {
  it('shows the bar when rows are checked, adds a tag to them and says what changed and what was refused', async () => {
    const { calls, user } = setupScreen({ bulk_change_contacts: () => OUTCOME });
    const rows = await screen.findAllByTestId('contact-row');
    expect(screen.queryByTestId('bulk-panel')).not.toBeInTheDocument();

    for (const row of rows.slice(0, 3)) await user.click(within(row).getByTestId('contact-check'));
    const bar = screen.getByTestId('bulk-panel');
    expect(bar).toHaveTextContent('3 contacts selected');
    await user.click(within(bar).getByTestId('bulk-add-tag'));
    await user.type(within(bar).getByTestId('bulk-tag'), ' vip ');
    await user.click(within(bar).getByTestId('bulk-apply'));

    const summary = await screen.findByTestId('bulk-summary');
    expect(summary).toHaveTextContent('Changed: 3 · Already so: 0 · Refused: 2');
    const refused = within(summary).getAllByRole('listitem');
    expect(refused[0]).toHaveTextContent("Dan Munteanu: someone else's contact, and your role may change only its own");
    expect(refused[1]).toHaveTextContent('Contact 99: no longer exists or is not visible to you');
    const change = calls.find((c) => c.command === 'bulk_change_contacts');
    expect(change?.args).toEqual({ target: { by: 'ids', ids: [1, 2, 3] }, action: { op: 'add-tag', tag: 'vip' } });
    // The list is loaded again to show the change.
    expect(calls.filter((c) => c.command === 'list_contacts').length).toBeGreaterThan(1);
  });

  it('asks before moving to the recycle bin, naming the count, and sends nothing when cancelled', async () => {
    const { calls, user } = setupScreen({ bulk_change_contacts: () => ({ changed: [1, 2], unchanged: [], refused: [] }) });
    const rows = await screen.findAllByTestId('contact-row');
    for (const row of rows.slice(0, 2)) await user.click(within(row).getByTestId('contact-check'));
    await user.click(screen.getByTestId('bulk-delete'));
    await user.click(screen.getByTestId('bulk-apply'));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Move 2 contacts to the recycle bin?');
    await user.click(within(screen.getByRole('alertdialog')).getByText('Cancel'));
    expect(calls.some((c) => c.command === 'bulk_change_contacts')).toBe(false);

    await user.click(screen.getByTestId('bulk-apply'));
    await user.click(screen.getByTestId('bulk-confirm'));
    expect(await screen.findByTestId('bulk-summary')).toHaveTextContent('Changed: 2');
    expect(calls.find((c) => c.command === 'bulk_change_contacts')?.args.action).toEqual({ op: 'delete' });
  });

  it('asks before recording an objection for the checked rows, and sends nothing when cancelled', async () => {
    const { calls, user } = setupScreen({ bulk_change_contacts: () => ({ changed: [1, 2, 3], unchanged: [], refused: [] }) });
    const rows = await screen.findAllByTestId('contact-row');
    for (const row of rows.slice(0, 3)) await user.click(within(row).getByTestId('contact-check'));
    await user.click(screen.getByTestId('bulk-object'));
    await user.click(screen.getByTestId('bulk-apply'));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Record an objection to direct marketing for 3 contacts?');
    await user.click(within(screen.getByRole('alertdialog')).getByText('Cancel'));
    expect(calls.some((c) => c.command === 'bulk_change_contacts')).toBe(false);

    await user.click(screen.getByTestId('bulk-apply'));
    await user.click(screen.getByTestId('bulk-confirm'));
    expect(await screen.findByTestId('bulk-summary')).toHaveTextContent('Changed: 3');
    expect(calls.find((c) => c.command === 'bulk_change_contacts')?.args.action).toEqual({ op: 'object' });
  });

  it('changes a saved view: picks the view, withdraws a consent for its contacts with how it arrived', async () => {
    const calls = mockBackend({
      ...contactsScreen,
      list_views: () => VIEWS,
      list_contacts: () => ({ items: [], next: null, total: 12 }),
      list_purposes: () => [
        { key: 'newsletter', name: 'Newsletter', consentRequired: true },
        { key: 'service-delivery', name: 'Service delivery', consentRequired: false },
      ],
      bulk_change_contacts: () => ({ changed: [7], unchanged: [], refused: [] }),
    });
    const onDone = vi.fn();
    render(BulkPanel, { session: ada, checkedIds: [], onDone, onClose: vi.fn() });
    const user = userEvent.setup();

    expect(screen.getByTestId('bulk-panel')).toHaveTextContent('Change the contacts of a saved view');
    await user.click(screen.getByTestId('bulk-withdraw'));
    await user.click(screen.getByTestId('bulk-apply'));
    expect(screen.getByRole('alert')).toHaveTextContent('Choose a saved view first.');

    await vi.waitFor(() => expect(screen.getAllByRole('option', { name: 'Clients' })).toHaveLength(1));
    await user.selectOptions(screen.getByTestId('bulk-view'), '5');
    const purposes = within(screen.getByTestId('bulk-purpose')).getAllByRole('option');
    expect(purposes.map((o) => o.textContent)).toEqual(['Choose…', 'Newsletter']);
    await user.selectOptions(screen.getByTestId('bulk-purpose'), 'newsletter');
    await user.selectOptions(screen.getByTestId('bulk-method'), 'verbal');
    await user.click(screen.getByTestId('bulk-apply'));
    // A withdrawal cannot be taken back: it asks first, with the count of the view.
    expect(calls.some((c) => c.command === 'bulk_change_contacts')).toBe(false);
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Record that 12 contacts withdrew this consent?');
    await user.click(screen.getByTestId('bulk-confirm'));

    await vi.waitFor(() => expect(onDone).toHaveBeenCalledWith({ changed: [7], unchanged: [], refused: [] }, 'withdraw'));
    expect(calls.find((c) => c.command === 'bulk_change_contacts')?.args).toEqual({
      target: { by: 'view', view: '5' },
      action: { op: 'withdraw', purpose: 'newsletter', method: 'verbal' },
    });
  });

  it('offers an agent only what its role may do, and shows a refusal of the whole change', async () => {
    const agent = sessionAs('agent', 'ion', 2);
    const { user } = setupScreen(
      { bulk_change_contacts: reject('permission_denied', 'your role (agent) lacks contacts.edit-own') },
      agent,
    );
    const rows = await screen.findAllByTestId('contact-row');
    await user.click(within(rows[0]!).getByTestId('contact-check'));
    const offered = within(screen.getByTestId('bulk-panel'))
      .getAllByRole('button')
      .map((b) => b.dataset.testid)
      .filter((id) => id !== 'bulk-close');
    expect(offered).toEqual(['bulk-add-tag', 'bulk-remove-tag', 'bulk-delete', 'bulk-withdraw']);
    await user.click(screen.getByTestId('bulk-add-tag'));
    await user.type(screen.getByTestId('bulk-tag'), 'x');
    await user.click(screen.getByTestId('bulk-apply'));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.queryByTestId('bulk-summary')).not.toBeInTheDocument();
  });

  it('says the outcome and the reasons in Romanian', () => {
    setLanguage('ro');
    expect(summarySentence(OUTCOME)).toBe('Modificate: 3 · Deja așa: 0 · Refuzate: 2');
    expect(refusalSentence(OUTCOME.refused[0]!)).toBe(
      'Dan Munteanu: contactul altcuiva, iar rolul dumneavoastră poate modifica doar contactele proprii',
    );
    expect(refusalSentence({ id: 8, name: 'Ioana', reason: 'no-given-consent' })).toBe(
      'Ioana: nu există un consimțământ dat pentru acest scop',
    );
    expect(refusalSentence(OUTCOME.refused[1]!)).toBe('Contactul 99: nu mai există sau nu vă este vizibil');
  });
});
