import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DuplicateGroup, MergeOutcome } from '../../lib/api';
import { ada, contact, contactsScreen, mockBackend, sessionAs, summaries, type Handler } from '../../test/backend';
import Contacts from './Contacts.svelte';
import { choosableFields, defaultTakes, unionPreview } from './merge';

const ANA = contact({
  id: 3,
  name: 'Ana Popescu',
  emails: ['ana@example.com'],
  title: 'Buyer',
  tags: ['vip'],
});
const ANA_MARIA = contact({
  id: 9,
  name: 'Ana-Maria Popescu',
  emails: ['ANA@example.com', 'ana.work@example.org'],
  title: 'Head of purchasing',
  address: { street: '', city: 'Cluj-Napoca', postalCode: '', region: '', country: '' },
  tags: ['VIP', 'fair'],
});

const GROUPS: DuplicateGroup[] = [
  {
    contacts: [
      { id: 3, name: 'Ana Popescu', email: 'ana@example.com', phone: null, company: null, ownerId: 1 },
      { id: 9, name: 'Ana-Maria Popescu', email: 'ANA@example.com', phone: null, company: null, ownerId: 1 },
    ],
    size: 2,
    reasons: [{ kind: 'email', contacts: [3, 9] }],
  },
];

const OUTCOME: MergeOutcome = {
  contact: { ...ANA, title: 'Head of purchasing', emails: ['ana@example.com', 'ana.work@example.org'] },
  mergedId: 9,
  activities: 2,
  tasks: 1,
  deals: 0,
  consents: 3,
  restated: ['newsletter'],
};

function setup(handlers: Record<string, Handler>, session = ada) {
  const calls = mockBackend({
    list_contacts: () => ({ items: summaries(3), next: null, total: 3 }),
    ...contactsScreen,
    possible_duplicates: () => GROUPS,
    get_contact: (args) => (args.id === 3 ? ANA : ANA_MARIA),
    ...handlers,
  });
  render(Contacts, { session });
  return { calls, user: userEvent.setup() };
}

describe('Possible duplicates and merging', () => {
  it('lists a group with its reason, compares the two side by side and merges with a field from the other', async () => {
    const { calls, user } = setup({ merge_contacts: () => OUTCOME });
    await user.click(await screen.findByTestId('duplicates-open'));
    const group = await screen.findByTestId('duplicate-group');
    expect(group).toHaveTextContent('same e-mail');
    expect(within(group).getAllByTestId('duplicate-contact')).toHaveLength(2);
    await user.click(within(group).getByRole('button', { name: 'Merge Ana Popescu and Ana-Maria Popescu' }));

    const compare = await screen.findByTestId('merge-screen');
    // Only the fields that differ are offered; the lists are kept from both.
    const offered = within(compare)
      .getAllByTestId('merge-field')
      .map((row) => row.dataset.field);
    expect(offered).toEqual(['name', 'title', 'city']);
    expect(within(compare).getByTestId('merge-keep-title')).toBeChecked();
    // An empty field of the kept contact starts on the other's value.
    expect(within(compare).getByTestId('merge-take-city')).toBeChecked();
    const emails = within(compare)
      .getAllByTestId('merge-union')
      .find((row) => row.dataset.field === 'emails');
    expect(emails).toHaveTextContent('ana@example.com, ana.work@example.org');

    await user.click(within(compare).getByTestId('merge-take-title'));
    await user.click(within(compare).getByTestId('merge-submit'));
    const confirm = screen.getByTestId('merge-confirm');
    expect(confirm).toHaveTextContent('Merge “Ana-Maria Popescu” into “Ana Popescu”?');
    expect(calls.some((c) => c.command === 'merge_contacts')).toBe(false);
    await user.click(within(confirm).getByTestId('merge-yes'));

    const result = await screen.findByTestId('merge-result');
    expect(result).toHaveTextContent('Merged into “Ana Popescu”. Moved onto it: 2 activities, 1 tasks, 0 deals, 3 consent events.');
    expect(result).toHaveTextContent('The stricter consent answer was kept for: newsletter.');
    const merge = calls.find((c) => c.command === 'merge_contacts');
    expect(merge?.args).toEqual({ keep: 3, other: 9, take: ['title', 'city'] });
  });

  it('keeps the other contact instead when swapped, and sends nothing when the merge is cancelled', async () => {
    const { calls, user } = setup({ merge_contacts: () => OUTCOME });
    await user.click(await screen.findByTestId('duplicates-open'));
    await user.click(await screen.findByTestId('duplicate-merge'));
    await user.click(await screen.findByTestId('merge-swap'));
    expect(screen.getByTestId('merge-kept-heading')).toHaveTextContent('Kept: Ana-Maria Popescu');
    await user.click(screen.getByTestId('merge-submit'));
    await user.click(within(screen.getByTestId('merge-confirm')).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.command === 'merge_contacts')).toBe(false);
  });

  it('lists a large group in part with its size and brings its next contacts on asking', async () => {
    const member = (id: number) => ({
      id,
      name: `Person ${id}`,
      email: null,
      phone: '+40 723 000 111',
      company: null,
      ownerId: 1,
    });
    const big: DuplicateGroup = {
      contacts: [member(3), member(4)],
      size: 3,
      reasons: [{ kind: 'phone', contacts: [3, 4] }],
    };
    const { calls, user } = setup({
      possible_duplicates: () => [big],
      duplicate_group_page: () => ({ contacts: [member(8)], size: 3, reasons: [{ kind: 'phone', contacts: [8] }] }),
    });
    await user.click(await screen.findByTestId('duplicates-open'));
    const group = await screen.findByTestId('duplicate-group');
    expect(within(group).getAllByTestId('duplicate-contact')).toHaveLength(2);
    expect(within(group).getByTestId('duplicate-more')).toHaveTextContent('2 of the group’s 3 contacts listed.');
    await user.click(within(group).getByTestId('duplicate-show-more'));
    await screen.findByText('Person 8');
    const page = calls.find((c) => c.command === 'duplicate_group_page');
    expect(page?.args).toEqual({ first: 3, offset: 2, limit: 100 });
    const listed = within(screen.getByTestId('duplicate-group')).getAllByTestId('duplicate-contact');
    expect(listed.map((li) => li.dataset.id)).toEqual(['3', '4', '8']);
    expect(screen.queryByTestId('duplicate-more')).not.toBeInTheDocument();
  });

  it('is offered only to roles that may edit and delete contacts', async () => {
    setup({}, sessionAs('viewer'));
    await screen.findAllByTestId('contact-row');
    expect(screen.queryByTestId('duplicates-open')).not.toBeInTheDocument();
  });

  it('mirrors the core: custom fields by key, lists joined case-insensitively, phones by their E.164 form', () => {
    const keep = contact({
      phones: ['0723 456 789'],
      phoneNumbers: [{ phone: '0723 456 789', e164: '+40723456789', flag: null }],
      custom: { shoe: '38' },
    });
    const other = contact({
      phones: ['+40 723 456 789', '021 000 0000'],
      phoneNumbers: [
        { phone: '+40 723 456 789', e164: '+40723456789', flag: null },
        { phone: '021 000 0000', e164: '+40210000000', flag: null },
      ],
      custom: { shoe: '39', member: 'M-1' },
    });
    expect(choosableFields(keep, other).map((f) => f.key)).toEqual(['custom.member', 'custom.shoe']);
    expect(defaultTakes(keep, other)).toEqual({ 'custom.member': true, 'custom.shoe': false });
    const phones = unionPreview(keep, other).find((l) => l.key === 'phones');
    expect(phones?.values).toEqual(['0723 456 789', '021 000 0000']);
  });
});
