import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Contact } from '../../lib/api';
import { ada, mockBackend, summaries } from '../../test/backend';
import Contacts from './Contacts.svelte';

const grace: Contact = {
  id: 2,
  name: 'Contact 2',
  emails: ['grace@example.com', 'g.hopper@navy.example'],
  phones: ['+1 555 0100'],
  company: 'Navy',
  notes: 'Met at the compiler conference.',
  ownerId: 1,
  createdAt: '2024-05-01T10:00:00Z',
  updatedAt: '2024-05-02T11:30:00Z',
};

describe('Contacts', () => {
  it('renders the rows and the paging text of a page, and asks for the next page', async () => {
    const calls = mockBackend({
      list_contacts: ({ offset }) => ({ items: summaries(offset === 0 ? 50 : 50, (offset as number) + 1), total: 312 }),
    });
    render(Contacts, { session: ada, onLocked: vi.fn() });
    const user = userEvent.setup();

    expect(await screen.findByTestId('page-info')).toHaveTextContent('1–50 of 312');
    const rows = screen.getAllByTestId('contact-row');
    expect(rows).toHaveLength(50);
    expect(rows[0]).toHaveAttribute('data-id', '1');
    expect(within(rows[0]!).getByText('Contact 1')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('contact1@example.com')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('Acme Ltd')).toBeInTheDocument();
    expect(screen.getByTestId('header-user')).toHaveTextContent('ada · owner');
    expect(screen.getByTestId('page-prev')).toBeDisabled();

    await user.click(screen.getByTestId('page-next'));

    expect(await screen.findByText('51–100 of 312')).toBeInTheDocument();
    expect(screen.getAllByTestId('contact-row')[0]).toHaveAttribute('data-id', '51');
    expect(screen.getByTestId('page-prev')).toBeEnabled();
    expect(calls.map((c) => c.args)).toEqual([
      { offset: 0, limit: 50 },
      { offset: 50, limit: 50 },
    ]);
  });

  it('shows the empty state when there are no contacts', async () => {
    mockBackend({ list_contacts: () => ({ items: [], total: 0 }) });
    render(Contacts, { session: ada, onLocked: vi.fn() });

    expect(await screen.findByTestId('contacts-empty')).toHaveTextContent('No contacts yet — add your first one');
    expect(screen.queryByTestId('contacts-table')).not.toBeInTheDocument();
  });

  it('opens a contact from its row and deletes it only after confirmation', async () => {
    let total = 3;
    const calls = mockBackend({
      list_contacts: () => ({ items: summaries(total), total }),
      get_contact: () => grace,
      delete_contact: () => {
        total = 2;
        return null;
      },
    });
    render(Contacts, { session: ada, onLocked: vi.fn() });
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
    expect(screen.queryByTestId('contact-detail')).not.toBeInTheDocument();
  });

  it('locks the vault from the header', async () => {
    const calls = mockBackend({ list_contacts: () => ({ items: [], total: 0 }), lock_vault: () => null });
    const onLocked = vi.fn();
    render(Contacts, { session: ada, onLocked });
    const user = userEvent.setup();

    await user.click(screen.getByTestId('lock-button'));

    await vi.waitFor(() => expect(onLocked).toHaveBeenCalledOnce());
    expect(calls.map((c) => c.command)).toContain('lock_vault');
  });
});
