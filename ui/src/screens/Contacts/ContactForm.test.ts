import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Contact } from '../../lib/api';
import { mockBackend, reject } from '../../test/backend';
import ContactForm from './ContactForm.svelte';

const saved: Contact = {
  id: 9,
  name: 'Ada Lovelace',
  emails: ['ada@example.com', 'ada@analytical.example'],
  phones: ['+44 20 7946 0000'],
  company: 'Analytical Engines',
  notes: 'Prefers letters.',
  ownerId: 1,
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
};

describe('ContactForm', () => {
  it('sends the typed contact as a ContactInput, trimmed and without empty rows', async () => {
    const calls = mockBackend({ add_contact: () => saved });
    const onSaved = vi.fn();
    render(ContactForm, { contact: null, onSaved, onCancel: vi.fn() });
    const user = userEvent.setup();

    await user.type(screen.getByTestId('contact-name'), '  Ada Lovelace ');
    await user.type(screen.getByTestId('contact-email-0'), 'ada@example.com');
    await user.click(screen.getByTestId('add-email'));
    await user.type(screen.getByTestId('contact-email-1'), ' ada@analytical.example ');
    await user.click(screen.getByTestId('add-email'));
    // contact-email-2 stays empty and must not be sent.
    await user.type(screen.getByTestId('contact-phone-0'), '+44 20 7946 0000');
    await user.click(screen.getByTestId('add-phone'));
    await user.type(screen.getByTestId('contact-company'), 'Analytical Engines');
    await user.type(screen.getByTestId('contact-notes'), 'Prefers letters.');
    await user.click(screen.getByTestId('contact-save'));

    expect(calls).toEqual([
      {
        command: 'add_contact',
        args: {
          contact: {
            name: 'Ada Lovelace',
            emails: ['ada@example.com', 'ada@analytical.example'],
            phones: ['+44 20 7946 0000'],
            company: 'Analytical Engines',
            notes: 'Prefers letters.',
          },
        },
      },
    ]);
    expect(onSaved).toHaveBeenCalledWith(saved);
  });

  it('shows the backend sentence for invalid input and stays open', async () => {
    const sentence = 'The e-mail address “ada-at-example” is not valid.';
    mockBackend({ add_contact: reject('invalid_input', sentence) });
    const onSaved = vi.fn();
    render(ContactForm, { contact: null, onSaved, onCancel: vi.fn() });
    const user = userEvent.setup();

    await user.type(screen.getByTestId('contact-name'), 'Ada');
    await user.type(screen.getByTestId('contact-email-0'), 'ada-at-example{Enter}');

    expect(await screen.findByTestId('error-message')).toHaveTextContent(sentence);
    expect(screen.getByTestId('error-message')).not.toHaveTextContent('invalid_input');
    expect(screen.getByTestId('contact-email-0')).toHaveValue('ada-at-example');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('asks for a name before calling the backend', async () => {
    const calls = mockBackend({});
    render(ContactForm, { contact: null, onSaved: vi.fn(), onCancel: vi.fn() });
    const user = userEvent.setup();

    await user.click(screen.getByTestId('contact-save'));

    expect(screen.getByTestId('error-message')).toHaveTextContent('Enter a name for the contact.');
    expect(calls).toEqual([]);
  });

  it('edits an existing contact with update_contact and its id, and removes rows', async () => {
    const calls = mockBackend({ update_contact: () => saved });
    render(ContactForm, { contact: saved, onSaved: vi.fn(), onCancel: vi.fn() });
    const user = userEvent.setup();

    expect(screen.getByTestId('contact-email-1')).toHaveValue('ada@analytical.example');
    await user.click(screen.getByRole('button', { name: 'Remove e-mail 1' }));
    await user.clear(screen.getByTestId('contact-company'));
    await user.click(screen.getByTestId('contact-save'));

    expect(calls).toEqual([
      {
        command: 'update_contact',
        args: {
          id: 9,
          contact: {
            name: 'Ada Lovelace',
            emails: ['ada@analytical.example'],
            phones: ['+44 20 7946 0000'],
            company: '',
            notes: 'Prefers letters.',
          },
        },
      },
    ]);
  });
});
