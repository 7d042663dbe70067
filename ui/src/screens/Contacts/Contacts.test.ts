import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Contact, CustomField, SessionInfo } from '../../lib/api';
import { setLanguage } from '../../lib/i18n.svelte';
import {
  ada,
  contact,
  contactPage,
  contactsScreen,
  mockBackend,
  reject,
  sessionAs,
  summaries,
  task,
  type Handler,
} from '../../test/backend';
import Contacts from './Contacts.svelte';
import { DEFAULT_QUERY } from './contactQuery';

const grace: Contact = {
  id: 2,
  name: 'Contact 2',
  emails: ['grace@example.com', 'g.hopper@navy.example'],
  phones: ['+1 555 0100'],
  phoneNumbers: [{ phone: '+1 555 0100', e164: null, flag: 'unparseable' }],
  company: 'Navy',
  title: 'Rear Admiral',
  source: 'Conference',
  address: { street: '', city: 'Arlington', postalCode: '', region: 'VA', country: 'USA' },
  tags: ['compilers', 'navy'],
  notes: 'Met at the compiler conference.',
  custom: {},
  companyId: null,
  sensitive: { dateOfBirth: false, nationalId: false, specialNotes: false },
  ownerId: 1,
  createdAt: '2024-05-01T10:00:00Z',
  updatedAt: '2024-05-02T11:30:00Z',
};

/** The panel of an open contact also asks for its timeline and its tasks; the screen for views and fields. */
const panelExtras: Record<string, Handler> = { list_activities: () => [], list_tasks_about: () => [], ...contactsScreen };

describe('Contacts', () => {
  it('renders the rows and the paging text of a page, and asks for the next page', async () => {
    const calls = mockBackend({
      list_contacts: (args) => contactPage(args, 312),
      ...contactsScreen,
    });
    render(Contacts, { session: ada });
    const user = userEvent.setup();

    expect(await screen.findByTestId('page-info')).toHaveTextContent('1–50 of 312');
    const rows = screen.getAllByTestId('contact-row');
    expect(rows).toHaveLength(50);
    expect(rows[0]).toHaveAttribute('data-id', '1');
    expect(within(rows[0]!).getByText('Contact 1')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('contact1@example.com')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('Acme Ltd')).toBeInTheDocument();
    expect(screen.getByTestId('page-prev')).toBeDisabled();

    await user.click(screen.getByTestId('page-next'));

    expect(await screen.findByText('51–100 of 312')).toBeInTheDocument();
    expect(screen.getAllByTestId('contact-row')[0]).toHaveAttribute('data-id', '51');
    expect(screen.getByTestId('page-prev')).toBeEnabled();
    expect(calls.filter((c) => c.command === 'list_contacts').map((c) => c.args)).toEqual([
      { after: null, limit: 50, query: DEFAULT_QUERY, count: true },
      { after: '@50', limit: 50, query: DEFAULT_QUERY, count: false },
    ]);
    // First and Previous go back through the cursors the screen kept, and the count stays.
    await user.click(screen.getByTestId('page-next'));
    expect(await screen.findByText('101–150 of 312')).toBeInTheDocument();
    await user.click(screen.getByTestId('page-prev'));
    expect(await screen.findByText('51–100 of 312')).toBeInTheDocument();
    await user.click(screen.getByTestId('page-next'));
    await user.click(await screen.findByTestId('page-first'));
    expect(await screen.findByText('1–50 of 312')).toBeInTheDocument();
    expect(
      calls
        .filter((c) => c.command === 'list_contacts')
        .slice(2)
        .map((c) => c.args.after),
    ).toEqual(['@100', '@50', '@100', null]);
  });

  it('shows the empty state when there are no contacts', async () => {
    mockBackend({ list_contacts: () => ({ items: [], next: null, total: 0 }), ...contactsScreen });
    render(Contacts, { session: ada });

    expect(await screen.findByTestId('contacts-empty')).toHaveTextContent('No contacts yet — add your first one');
    expect(screen.queryByTestId('contacts-table')).not.toBeInTheDocument();
  });

  it('opens a contact from its row and deletes it only after confirmation', async () => {
    let total = 3;
    const calls = mockBackend({
      list_contacts: () => ({ items: summaries(total), next: null, total }),
      get_contact: () => grace,
      ...panelExtras,
      delete_contact: () => {
        total = 2;
        return null;
      },
    });
    render(Contacts, { session: ada });
    const user = userEvent.setup();

    const rows = await screen.findAllByTestId('contact-row');
    await user.click(rows[1]!);
    const detail = await screen.findByTestId('contact-detail');
    expect(within(detail).getByText('g.hopper@navy.example')).toBeInTheDocument();
    expect(within(detail).getByText('Met at the compiler conference.')).toBeInTheDocument();

    await user.click(screen.getByTestId('contact-delete'));
    expect(calls.some((c) => c.command === 'delete_contact')).toBe(false);
    await user.click(screen.getByTestId('confirm-delete'));

    expect(await screen.findByText('1–2 of 2')).toBeInTheDocument();
    expect(calls.find((c) => c.command === 'delete_contact')?.args).toEqual({ id: 2 });
    expect(calls.find((c) => c.command === 'list_activities')?.args).toEqual({ about: { kind: 'contact', id: 2 } });
    expect(screen.queryByTestId('contact-detail')).not.toBeInTheDocument();
  });
});

describe('Contact detail', () => {
  it('shows the title, tags as chips, address and source, the open tasks about the contact and its timeline', async () => {
    const calls = mockBackend({
      list_contacts: () => ({ items: summaries(3), next: null, total: 3 }),
      get_contact: () => grace,
      list_activities: () => [],
      ...contactsScreen,
      list_tasks_about: () => [
        task(1, { title: 'Send the COBOL notes', about: { kind: 'contact', id: 2 } }),
        task(3, { title: 'Already done', about: { kind: 'contact', id: 2 }, doneAt: '2026-01-01T10:00:00Z' }),
      ],
      add_task: () => task(4, { title: 'Book a lunch', about: { kind: 'contact', id: 2 } }),
    });
    render(Contacts, { session: ada, focus: 2 });
    const user = userEvent.setup();

    const detail = await screen.findByTestId('contact-detail');
    expect(within(detail).getByTestId('contact-title')).toHaveTextContent('Rear Admiral');
    expect(within(within(detail).getByTestId('contact-tags')).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'compilers',
      'navy',
    ]);
    expect(within(detail).getByTestId('contact-address')).toHaveTextContent('Arlington');
    expect(within(detail).getByTestId('contact-address')).toHaveTextContent('VA, USA');
    expect(within(detail).getByTestId('contact-source')).toHaveTextContent('Conference');
    expect(within(detail).getByTestId('contact-timeline')).toBeInTheDocument();
    const tasks = within(detail).getByTestId('record-tasks');
    await waitFor(() => expect(within(tasks).getAllByTestId('task-row').map((r) => r.textContent)).toHaveLength(1));
    expect(within(tasks).getByTestId('task-row')).toHaveTextContent('Send the COBOL notes');

    await user.click(within(tasks).getByTestId('add-task'));
    await user.type(within(tasks).getByTestId('task-title'), 'Book a lunch');
    await user.click(within(tasks).getByTestId('task-save'));

    await waitFor(() => expect(within(tasks).getAllByTestId('task-row')).toHaveLength(2));
    expect(calls.find((c) => c.command === 'get_contact')?.args).toEqual({ id: 2 });
    expect(calls.find((c) => c.command === 'list_tasks_about')?.args).toEqual({ about: { kind: 'contact', id: 2 } });
    expect(calls.find((c) => c.command === 'add_task')?.args).toEqual({
      task: {
        title: 'Book a lunch',
        dueDate: '',
        dueTime: '',
        durationMinutes: null,
        remindBeforeMinutes: null,
        assignee: '',
        about: { kind: 'contact', id: 2 },
      },
    });
  });
});

describe('Custom fields and the company link', () => {
  const FIELDS: CustomField[] = [
    { id: 1, key: 'member-no', label: 'Member number', kind: 'text' },
    { id: 2, key: 'renewal', label: 'Renewal', kind: 'date' },
    { id: 3, key: 'seats', label: 'Seats', kind: 'number' },
    { id: 4, key: 'vip', label: 'VIP', kind: 'boolean' },
  ];
  const withCustom = contact({
    id: 2,
    name: 'Grace Hopper',
    company: 'Navy',
    companyId: 12,
    custom: { 'member-no': 'M-1001', vip: 'true' },
  });

  function setup(extra: Record<string, Handler> = {}) {
    const calls = mockBackend({
      list_contacts: () => ({ items: summaries(3), next: null, total: 3 }),
      get_contact: () => withCustom,
      list_activities: () => [],
      list_tasks_about: () => [],
      ...contactsScreen,
      list_custom_fields: () => FIELDS,
      ...extra,
    });
    const onOpenRecord = vi.fn();
    render(Contacts, { session: ada, focus: 2, onOpenRecord });
    return { calls, onOpenRecord, user: userEvent.setup() };
  }

  it('shows the custom values that are set, with their labels, and links the company', async () => {
    const { onOpenRecord, user } = setup();
    const detail = await screen.findByTestId('contact-detail');

    expect(within(detail).getByTestId('custom-member-no')).toHaveTextContent('M-1001');
    expect(within(detail).getByTestId('custom-member-no').previousElementSibling).toHaveTextContent('Member number');
    expect(within(detail).getByTestId('custom-vip')).toHaveTextContent('Yes');
    expect(within(detail).queryByTestId('custom-renewal')).not.toBeInTheDocument();

    await user.click(within(detail).getByTestId('contact-company-link'));
    expect(onOpenRecord).toHaveBeenCalledWith({ kind: 'company', id: 12 });
  });

  it('shows the company as text when it links to no company record', async () => {
    mockBackend({
      list_contacts: () => ({ items: summaries(3), next: null, total: 3 }),
      get_contact: () => ({ ...withCustom, companyId: null }),
      list_activities: () => [],
      list_tasks_about: () => [],
      ...contactsScreen,
    });
    render(Contacts, { session: ada, focus: 2, onOpenRecord: vi.fn() });
    const detail = await screen.findByTestId('contact-detail');
    expect(within(detail).getByTestId('contact-company')).toHaveTextContent('Navy');
    expect(within(detail).queryByTestId('contact-company-link')).not.toBeInTheDocument();
  });

  it('edits each custom field with an input of its kind, and sends the whole set', async () => {
    const { calls, user } = setup({ update_contact: () => withCustom });
    await screen.findByTestId('contact-detail');
    await user.click(screen.getByTestId('contact-edit'));

    expect(screen.getByTestId('contact-custom-member-no')).toHaveAttribute('type', 'text');
    expect(screen.getByTestId('contact-custom-member-no')).toHaveValue('M-1001');
    expect(screen.getByTestId('contact-custom-renewal')).toHaveAttribute('placeholder', 'mm/dd/yyyy');
    expect(screen.getByTestId('contact-custom-seats')).toHaveAttribute('type', 'number');
    expect(screen.getByTestId('contact-custom-vip')).toHaveAttribute('type', 'checkbox');
    expect(screen.getByTestId('contact-custom-vip')).toBeChecked();
    expect(screen.getByLabelText('Renewal')).toBe(screen.getByTestId('contact-custom-renewal'));

    await user.clear(screen.getByTestId('contact-custom-member-no'));
    await user.type(screen.getByTestId('contact-custom-renewal'), '2027-01-31');
    await user.type(screen.getByTestId('contact-custom-seats'), '12');
    await user.click(screen.getByTestId('contact-custom-vip'));
    await user.click(screen.getByTestId('contact-save'));

    await waitFor(() => expect(calls.some((c) => c.command === 'update_contact')).toBe(true));
    expect(calls.find((c) => c.command === 'update_contact')?.args.contact).toMatchObject({
      custom: { 'member-no': '', renewal: '2027-01-31', seats: '12', vip: 'false' },
    });
  });
});

describe('Contacts permissions and sensitive fields', () => {
  const withSensitive = contact({
    id: 7,
    name: 'Contact 7',
    ownerId: 1,
    sensitive: { dateOfBirth: true, nationalId: true, specialNotes: false },
  });

  async function openContact(session: SessionInfo, shown: Contact = withSensitive, extra: Record<string, Handler> = {}) {
    const calls = mockBackend({
      list_contacts: () => ({ items: summaries(3, 7), next: null, total: 3 }),
      get_contact: ({ id }) => ({ ...shown, id, name: `Contact ${String(id)}` }),
      ...panelExtras,
      ...extra,
    });
    render(Contacts, { session });
    const user = userEvent.setup();
    await user.click((await screen.findAllByTestId('contact-row'))[0]!);
    await screen.findByTestId('contact-detail');
    return { calls, user };
  }

  it('shows an agent only masks: no Reveal, no sensitive inputs, and no Edit or Delete on others’ contacts', async () => {
    const agent = sessionAs('agent', 'grace', 5);
    const { calls, user } = await openContact(agent);

    expect(screen.getByTestId('sensitive-date-of-birth')).toHaveTextContent(/^••••••$/);
    expect(screen.getByTestId('sensitive-national-id')).toHaveTextContent(/^••••••$/);
    expect(screen.getByTestId('sensitive-special-notes')).toHaveTextContent(/^—$/);
    expect(screen.queryByTestId('reveal-date-of-birth')).not.toBeInTheDocument();
    expect(screen.queryByTestId('reveal-national-id')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /reveal/i })).not.toBeInTheDocument();
    // The contact belongs to user 1, and an agent may only edit and delete their own.
    expect(screen.queryByTestId('contact-edit')).not.toBeInTheDocument();
    expect(screen.queryByTestId('contact-delete')).not.toBeInTheDocument();

    // An agent may add contacts, but the form has no sensitive inputs and sends null for all three.
    await user.click(screen.getByTestId('add-contact'));
    expect(screen.queryByTestId('contact-dob')).not.toBeInTheDocument();
    expect(screen.queryByTestId('contact-national-id')).not.toBeInTheDocument();
    expect(screen.queryByTestId('contact-special-notes')).not.toBeInTheDocument();
    expect(calls.some((c) => c.command === 'reveal_sensitive')).toBe(false);
  });

  it('offers an agent Edit and Delete on their own contacts', async () => {
    await openContact(sessionAs('agent', 'grace', 5), { ...withSensitive, ownerId: 5 });

    expect(screen.getByTestId('contact-edit')).toBeInTheDocument();
    expect(screen.getByTestId('contact-delete')).toBeInTheDocument();
  });

  it('hides Add contact, Edit and Delete from a viewer', async () => {
    await openContact(sessionAs('viewer', 'vic', 6), { ...withSensitive, ownerId: 6 });

    expect(screen.queryByTestId('add-contact')).not.toBeInTheDocument();
    expect(screen.queryByTestId('contact-edit')).not.toBeInTheDocument();
    expect(screen.queryByTestId('contact-delete')).not.toBeInTheDocument();
  });

  it('refuses an empty reason, then reveals with the reason and shows the value until another contact opens', async () => {
    const manager = sessionAs('manager', 'mia', 3);
    const { calls, user } = await openContact(manager, withSensitive, { reveal_sensitive: () => 'AB 12 34 56 C' });

    // Unset fields have nothing to reveal.
    expect(screen.queryByTestId('reveal-special-notes')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('reveal-national-id'));
    expect(screen.getByText('Kept in the audit log — do not include personal data.')).toBeInTheDocument();

    await user.type(screen.getByTestId('reveal-reason'), '   ');
    await user.click(screen.getByTestId('reveal-submit'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('Give a reason');
    expect(calls.some((c) => c.command === 'reveal_sensitive')).toBe(false);
    expect(screen.getByTestId('sensitive-national-id')).toHaveTextContent(/^••••••$/);

    await user.clear(screen.getByTestId('reveal-reason'));
    await user.type(screen.getByTestId('reveal-reason'), ' Identity check for a payroll query {Enter}');

    expect(await screen.findByText('AB 12 34 56 C')).toBeInTheDocument();
    expect(screen.getByTestId('sensitive-national-id')).toHaveTextContent(/^AB 12 34 56 C$/);
    expect(screen.getByTestId('sensitive-date-of-birth')).toHaveTextContent(/^••••••$/);
    expect(screen.queryByTestId('reveal-reason')).not.toBeInTheDocument();
    expect(calls.filter((c) => c.command === 'reveal_sensitive')).toEqual([
      {
        command: 'reveal_sensitive',
        args: { id: 7, field: 'national-id', reason: 'Identity check for a payroll query' },
      },
    ]);

    // Opening another contact forgets the value; going back shows the mask again.
    const rows = screen.getAllByTestId('contact-row');
    await user.click(rows[1]!);
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Contact 8' })).toBeInTheDocument());
    expect(screen.getByTestId('sensitive-national-id')).toHaveTextContent(/^••••••$/);
    await user.click(rows[0]!);
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Contact 7' })).toBeInTheDocument());
    expect(screen.getByTestId('sensitive-national-id')).toHaveTextContent(/^••••••$/);
    expect(screen.queryByText('AB 12 34 56 C')).not.toBeInTheDocument();
  });

  it('shows the backend sentence when a reveal is refused, and keeps the mask', async () => {
    const sentence = 'Leave the contact’s name and e-mail out of the reason: it is stored in the audit log.';
    const { user } = await openContact(sessionAs('manager', 'mia', 3), withSensitive, {
      reveal_sensitive: reject('invalid_input', sentence),
    });

    await user.click(screen.getByTestId('reveal-date-of-birth'));
    await user.type(screen.getByTestId('reveal-reason'), 'Asked by Contact 7');
    await user.click(screen.getByTestId('reveal-submit'));

    expect(await screen.findByTestId('error-message')).toHaveTextContent(sentence);
    expect(screen.getByTestId('sensitive-date-of-birth')).toHaveTextContent(/^••••••$/);
    expect(screen.getByTestId('reveal-reason')).toHaveValue('Asked by Contact 7');
  });

  it('shows a dash when a revealed field turns out to be empty', async () => {
    const { user } = await openContact(sessionAs('owner'), withSensitive, { reveal_sensitive: () => null });

    await user.click(screen.getByTestId('reveal-date-of-birth'));
    await user.type(screen.getByTestId('reveal-reason'), 'Checking the record{Enter}');

    await waitFor(() => expect(screen.getByTestId('sensitive-date-of-birth')).toHaveTextContent(/^—$/));
  });

  it('speaks Romanian: the fields, a phone warning, the reveal form, a birthday without a year and the delete question', async () => {
    setLanguage('ro');
    const shown = {
      ...withSensitive,
      phones: ['0723 456 789'],
      phoneNumbers: [{ phone: '0723 456 789', e164: null, flag: 'no-country' as const }],
      source: 'Târg',
      notes: null,
      address: { street: 'Str. Lungă 3', city: 'Brașov', postalCode: '', region: '', country: '' },
    };
    const { user } = await openContact(sessionAs('owner'), shown, { reveal_sensitive: () => '--03-14' });
    const detail = screen.getByTestId('contact-detail');

    expect([...detail.querySelectorAll(':scope > dl > dt')].map((dt) => dt.textContent)).toEqual([
      'E-mail',
      'Telefon',
      'Adresă',
      'Sursă',
      'Note',
    ]);
    expect(within(detail).getByRole('img')).toHaveAccessibleName(
      'Este scris fără prefixul țării, iar seiful nu are o țară implicită pentru numerele de telefon (Setări).',
    );
    expect(within(detail).getByRole('heading', { name: 'Date sensibile' })).toBeInTheDocument();
    expect(detail).toHaveTextContent(/Adăugat la \d\d\.\d\d\.2024, \d\d:\d\d · Modificat ultima dată la \d\d\.\d\d\.2024/);

    await user.click(screen.getByRole('button', { name: 'Afișați data nașterii' }));
    expect(screen.getByRole('dialog', { name: 'Afișați data nașterii' })).toBeInTheDocument();
    await user.click(screen.getByTestId('reveal-submit'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('Indicați motivul pentru care afișați acest câmp.');
    await user.type(screen.getByTestId('reveal-reason'), 'Verificarea vârstei{Enter}');
    await waitFor(() =>
      expect(screen.getByTestId('sensitive-date-of-birth')).toHaveTextContent('14 martie (anul nu se cunoaște)'),
    );
    expect(screen.getByRole('button', { name: 'Ascundeți data nașterii' })).toHaveTextContent('Ascundeți');

    await user.click(screen.getByTestId('contact-delete'));
    expect(screen.getByRole('alertdialog')).toHaveTextContent(
      'Ștergeți contactul Contact 7? Contactul ajunge în coșul de reciclare, de unde poate fi restaurat până la eliminarea definitivă.',
    );
  });
});
