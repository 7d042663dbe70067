import { describe, expect, it } from 'vitest';
import { mockBackend } from '../../test/backend';
import {
  addContact,
  addCustomField,
  bulkChangeContacts,
  deleteContact,
  deleteCustomField,
  deleteView,
  getContact,
  listContacts,
  listCustomFields,
  listDeletedContacts,
  listViews,
  mergeContacts,
  possibleDuplicates,
  restoreContact,
  revealSensitive,
  saveView,
  updateContact,
} from './contacts';
import type { ContactInput } from './types';

const NO_ADDRESS = { street: '', city: '', postalCode: '', region: '', country: '' };

const EMPTY: ContactInput = {
  name: '',
  emails: [],
  phones: [],
  company: '',
  title: '',
  source: '',
  address: NO_ADDRESS,
  tags: [],
  notes: '',
  custom: {},
  dateOfBirth: null,
  nationalId: null,
  specialNotes: null,
};

describe('contacts api', () => {
  it('sends each contact command with the argument names of the contract', async () => {
    const calls = mockBackend(
      Object.fromEntries(
        [
          'list_contacts',
          'get_contact',
          'add_contact',
          'update_contact',
          'delete_contact',
          'list_deleted_contacts',
          'restore_contact',
        ].map((command) => [command, () => null]),
      ),
    );
    const grace = { ...EMPTY, name: 'Grace', custom: { 'member-no': 'M-1' } };

    await listContacts('cursor', 50, null, false);
    await listContacts(null, 50, { tag: 'vip', ownerId: 3, companyId: null, sort: 'newest' });
    await getContact(7);
    await addContact(grace);
    await updateContact(7, grace);
    await expect(deleteContact(7)).resolves.toBeUndefined();
    await listDeletedContacts();
    await expect(restoreContact(7)).resolves.toBeUndefined();

    expect(calls).toEqual([
      { command: 'list_contacts', args: { after: 'cursor', limit: 50, query: null, count: false } },
      {
        command: 'list_contacts',
        args: {
          after: null,
          limit: 50,
          query: { tag: 'vip', ownerId: 3, companyId: null, sort: 'newest' },
          count: true,
        },
      },
      { command: 'get_contact', args: { id: 7 } },
      { command: 'add_contact', args: { contact: grace } },
      {
        command: 'update_contact',
        args: {
          id: 7,
          contact: {
            name: 'Grace',
            emails: [],
            phones: [],
            company: '',
            title: '',
            source: '',
            address: NO_ADDRESS,
            tags: [],
            notes: '',
            custom: { 'member-no': 'M-1' },
            dateOfBirth: null,
            nationalId: null,
            specialNotes: null,
          },
        },
      },
      { command: 'delete_contact', args: { id: 7 } },
      { command: 'list_deleted_contacts', args: {} },
      { command: 'restore_contact', args: { id: 7 } },
    ]);
  });

  it('sends the duplicate and merge commands with the argument names of the contract', async () => {
    const calls = mockBackend({ possible_duplicates: () => [], merge_contacts: () => null });
    await possibleDuplicates();
    await mergeContacts(3, 9, ['name', 'custom.member-no']);
    expect(calls).toEqual([
      { command: 'possible_duplicates', args: {} },
      { command: 'merge_contacts', args: { keep: 3, other: 9, take: ['name', 'custom.member-no'] } },
    ]);
  });

  it('sends the custom field and saved view commands with the argument names of the contract', async () => {
    const calls = mockBackend(
      Object.fromEntries(
        ['list_custom_fields', 'add_custom_field', 'delete_custom_field', 'list_views', 'save_view', 'delete_view'].map(
          (command) => [command, () => null],
        ),
      ),
    );
    const query = { tag: 'vip', ownerId: null, companyId: null, sort: 'name' as const };

    await listCustomFields();
    await addCustomField('member-no', 'Member number', 'text');
    await deleteCustomField('member-no');
    await listViews();
    await saveView('VIP', query);
    await expect(deleteView(3)).resolves.toBeUndefined();

    expect(calls).toEqual([
      { command: 'list_custom_fields', args: {} },
      { command: 'add_custom_field', args: { key: 'member-no', label: 'Member number', kind: 'text' } },
      { command: 'delete_custom_field', args: { key: 'member-no' } },
      { command: 'list_views', args: {} },
      { command: 'save_view', args: { name: 'VIP', query } },
      { command: 'delete_view', args: { id: 3 } },
    ]);
  });

  it('reveals one sensitive field with its reason and resolves with its value', async () => {
    const calls = mockBackend({ reveal_sensitive: () => '1970-01-02' });

    await expect(revealSensitive(4, 'date-of-birth', 'Checking the age for a contract')).resolves.toBe('1970-01-02');

    expect(calls).toEqual([
      {
        command: 'reveal_sensitive',
        args: { id: 4, field: 'date-of-birth', reason: 'Checking the age for a contract' },
      },
    ]);
  });

  it('sends a change to many contacts with its target and action as the contract names them', async () => {
    const outcome = { changed: [1, 2], unchanged: [], refused: [{ id: 3, name: 'Dan', reason: 'not-own' }] };
    const calls = mockBackend({ bulk_change_contacts: () => outcome });

    await expect(bulkChangeContacts({ by: 'ids', ids: [1, 2, 3] }, { op: 'add-tag', tag: 'vip' })).resolves.toEqual(
      outcome,
    );
    await bulkChangeContacts({ by: 'view', view: 'Clients' }, { op: 'withdraw', purpose: 'newsletter', method: 'email' });

    expect(calls).toEqual([
      {
        command: 'bulk_change_contacts',
        args: { target: { by: 'ids', ids: [1, 2, 3] }, action: { op: 'add-tag', tag: 'vip' } },
      },
      {
        command: 'bulk_change_contacts',
        args: {
          target: { by: 'view', view: 'Clients' },
          action: { op: 'withdraw', purpose: 'newsletter', method: 'email' },
        },
      },
    ]);
  });
});
