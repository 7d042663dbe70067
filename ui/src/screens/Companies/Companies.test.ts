import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../lib/i18n.svelte';
import { activity, ada, company, keysetPage, mockBackend, summaries, task } from '../../test/backend';

import Companies from './Companies.svelte';

describe('Companies', () => {
  it('pages through the list and opens a company with its timeline', async () => {
    const calls = mockBackend({
      list_companies: (args) =>
        keysetPage(args, 60, (offset, count) =>
          Array.from({ length: count }, (_, i) =>
            company(offset + i + 1, {
              city: 'Leeds',
              ...(offset + i === 0 ? { contactCount: 1000, contactCountCapped: true } : { contactCount: 7 }),
            }),
          ),
        ),
      get_company: ({ id }) => company(id as number, { domain: 'acme.example', contactCount: 4 }),
      list_activities: () => [activity(1, { subject: 'Signed the NDA', about: { kind: 'company', id: 2 } })],
      list_tasks_about: () => [task(3, { title: 'Send the contract', about: { kind: 'company', id: 52 } })],
      list_contacts: () => ({ items: summaries(2, 8), next: 'c', total: 4 }),
    });
    const onOpenRecord = vi.fn();
    render(Companies, { session: ada, onOpenRecord });
    const user = userEvent.setup();

    expect(await screen.findByTestId('page-info')).toHaveTextContent('1–50 of 60');
    // The list counts a company's people up to 1 000 and says when there are more.
    const rows = screen.getAllByTestId('company-row');
    expect(rows[0]!.querySelector('td.number')).toHaveTextContent(/^1000\+$/);
    expect(rows[1]!.querySelector('td.number')).toHaveTextContent(/^7$/);
    await user.click(screen.getByTestId('page-next'));
    expect(await screen.findByText('51–60 of 60')).toBeInTheDocument();
    await user.click(screen.getAllByTestId('company-row')[1]!);

    const detail = await screen.findByTestId('company-detail');
    expect(within(detail).getByRole('heading', { name: 'Company 52' })).toBeInTheDocument();
    expect(within(detail).getByTestId('company-contact-count')).toHaveTextContent('4');
    const timeline = within(detail).getByTestId('company-timeline');
    expect(await within(timeline).findByText('Signed the NDA')).toBeInTheDocument();
    expect(calls.find((c) => c.command === 'list_activities')?.args).toEqual({ about: { kind: 'company', id: 52 } });

    // Its contacts, through the contacts list filtered by the company, and its open tasks.
    const people = within(detail).getByTestId('company-contacts');
    await waitFor(() => expect(within(people).getAllByTestId('company-contact')).toHaveLength(2));
    expect(within(people).getByTestId('company-contacts-more')).toHaveTextContent('and 2 more');
    expect(calls.find((c) => c.command === 'list_contacts')?.args).toEqual({
      after: null,
      limit: 50,
      query: { tag: null, ownerId: null, companyId: 52, sort: 'name' },
      count: true,
    });
    expect(await within(detail).findByText('Send the contract')).toBeInTheDocument();
    expect(calls.find((c) => c.command === 'list_tasks_about')?.args).toEqual({ about: { kind: 'company', id: 52 } });
    await user.click(within(people).getByRole('button', { name: 'Contact 9' }));
    expect(onOpenRecord).toHaveBeenCalledWith({ kind: 'contact', id: 9 });
  });

  it('adds, edits and deletes a company', async () => {
    let items = [company(1)];
    const calls = mockBackend({
      list_companies: () => ({ items, next: null, total: items.length }),
      add_company: ({ company: input }) => {
        const created = company(2, { name: (input as { name: string }).name });
        items = [...items, created];
        return created;
      },
      update_company: ({ id }) => company(id as number, { name: 'Acme Holdings' }),
      delete_company: () => {
        items = items.filter((c) => c.id !== 2);
        return null;
      },
      list_activities: () => [],
      list_tasks_about: () => [],
      list_contacts: () => ({ items: [], next: null, total: 0 }),
    });
    render(Companies, { session: ada });
    const user = userEvent.setup();
    await screen.findByTestId('companies-table');

    await user.click(screen.getByTestId('add-company'));
    await user.click(screen.getByTestId('company-save'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('Enter a name for the company.');
    await user.type(screen.getByTestId('company-name'), ' Acme ');
    await user.type(screen.getByTestId('company-city'), 'Leeds');
    await user.click(screen.getByTestId('company-save'));
    await waitFor(() => expect(screen.getAllByTestId('company-row')).toHaveLength(2));

    await user.click(screen.getByTestId('company-edit'));
    await user.clear(screen.getByTestId('company-name'));
    await user.type(screen.getByTestId('company-name'), 'Acme Holdings');
    await user.click(screen.getByTestId('company-save'));
    expect(await screen.findByRole('heading', { name: 'Acme Holdings' })).toBeInTheDocument();

    await user.click(screen.getByTestId('company-delete'));
    await user.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(screen.getAllByTestId('company-row')).toHaveLength(1));
    expect(screen.queryByTestId('company-detail')).not.toBeInTheDocument();

    expect(calls.find((c) => c.command === 'add_company')?.args).toEqual({
      company: { name: 'Acme', domain: '', phone: '', city: 'Leeds', country: '', notes: '' },
    });
    expect(calls.find((c) => c.command === 'update_company')?.args).toMatchObject({ id: 2, company: { name: 'Acme Holdings' } });
    expect(calls.find((c) => c.command === 'delete_company')?.args).toEqual({ id: 2 });
  });
});

describe('Companies in Romanian', () => {
  it('shows the list and the panel in Romanian, counting the contacts left out with Romanian plurals', async () => {
    setLanguage('ro');
    mockBackend({
      list_companies: () => ({ items: [company(1, { city: 'Cluj-Napoca', country: 'RO' })], next: null, total: 1 }),
      get_company: ({ id }) => company(id as number, { contactCount: 22 }),
      list_activities: () => [],
      list_tasks_about: () => [],
      list_contacts: () => ({ items: summaries(2, 1), next: 'c', total: 22 }),
    });
    render(Companies, { session: ada });
    const user = userEvent.setup();

    expect(await screen.findByRole('heading', { name: 'Companii' })).toBeInTheDocument();
    expect(await screen.findByRole('columnheader', { name: 'Domeniu web' })).toBeInTheDocument();
    expect(screen.getByTestId('add-company')).toHaveTextContent('Adăugați o companie');
    await user.click(screen.getAllByTestId('company-row')[0]!);

    const detail = await screen.findByTestId('company-detail');
    expect(await within(detail).findByTestId('company-contacts-more')).toHaveTextContent('și încă 20 de contacte');
    expect(within(detail).getByTestId('company-delete')).toHaveTextContent('Ștergeți');
  });
});
