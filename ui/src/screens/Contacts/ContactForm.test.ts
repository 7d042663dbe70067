import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Contact } from '../../lib/api';
import { setLanguage } from '../../lib/i18n.svelte';
import { ada, mockBackend, reject, sessionAs } from '../../test/backend';
import ContactForm from './ContactForm.svelte';

const saved: Contact = {
  id: 9,
  name: 'Ada Lovelace',
  emails: ['ada@example.com', 'ada@analytical.example'],
  phones: ['+44 20 7946 0000'],
  phoneNumbers: [{ phone: '+44 20 7946 0000', e164: '+442079460000', flag: null }],
  company: 'Analytical Engines',
  title: 'Analyst',
  source: 'Royal Society',
  address: { street: '12 St James’s Square', city: 'London', postalCode: 'SW1Y 4JH', region: '', country: 'UK' },
  tags: ['vip', 'maths'],
  notes: 'Prefers letters.',
  custom: {},
  companyId: null,
  sensitive: { dateOfBirth: false, nationalId: false, specialNotes: false },
  ownerId: 1,
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
};

describe('ContactForm', () => {
  it('sends the typed contact as a ContactInput, trimmed and without empty rows', async () => {
    const calls = mockBackend({ add_contact: () => saved });
    const onSaved = vi.fn();
    render(ContactForm, { session: ada, contact: null, onSaved, onCancel: vi.fn() });
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
    await user.type(screen.getByTestId('contact-title'), ' Analyst ');
    await user.type(screen.getByTestId('contact-source'), 'Royal Society');
    await user.type(screen.getByTestId('contact-street'), '12 St James’s Square');
    await user.type(screen.getByTestId('contact-postal-code'), 'SW1Y 4JH');
    await user.type(screen.getByTestId('contact-city'), 'London');
    await user.type(screen.getByTestId('contact-country'), 'UK');
    await user.type(screen.getByTestId('contact-tags'), 'vip, maths,, VIP ; ');
    expect(screen.getByRole('list', { name: 'Tags to save' })).toHaveTextContent('vipmaths');
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
            title: 'Analyst',
            source: 'Royal Society',
            address: { street: '12 St James’s Square', city: 'London', postalCode: 'SW1Y 4JH', region: '', country: 'UK' },
            // Empty and repeated tags (in any case) are dropped.
            tags: ['vip', 'maths'],
            notes: 'Prefers letters.',
            custom: {},
            dateOfBirth: null,
            nationalId: null,
            specialNotes: null,
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
    render(ContactForm, { session: ada, contact: null, onSaved, onCancel: vi.fn() });
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
    render(ContactForm, { session: ada, contact: null, onSaved: vi.fn(), onCancel: vi.fn() });
    const user = userEvent.setup();

    await user.click(screen.getByTestId('contact-save'));

    expect(screen.getByTestId('error-message')).toHaveTextContent('Enter a name for the contact.');
    expect(calls).toEqual([]);
  });

  it('edits an existing contact with update_contact and its id, and removes rows', async () => {
    const calls = mockBackend({ update_contact: () => saved });
    render(ContactForm, { session: ada, contact: saved, onSaved: vi.fn(), onCancel: vi.fn() });
    const user = userEvent.setup();

    expect(screen.getByTestId('contact-email-1')).toHaveValue('ada@analytical.example');
    expect(screen.getByTestId('contact-title')).toHaveValue('Analyst');
    expect(screen.getByTestId('contact-city')).toHaveValue('London');
    expect(screen.getByTestId('contact-tags')).toHaveValue('vip, maths');
    await user.click(screen.getByRole('button', { name: 'Remove e-mail 1' }));
    await user.clear(screen.getByTestId('contact-company'));
    await user.clear(screen.getByTestId('contact-tags'));
    await user.type(screen.getByTestId('contact-tags'), 'maths');
    await user.clear(screen.getByTestId('contact-region'));
    await user.type(screen.getByTestId('contact-region'), 'Greater London');
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
            title: 'Analyst',
            source: 'Royal Society',
            address: {
              street: '12 St James’s Square',
              city: 'London',
              postalCode: 'SW1Y 4JH',
              region: 'Greater London',
              country: 'UK',
            },
            tags: ['maths'],
            notes: 'Prefers letters.',
            custom: {},
            dateOfBirth: null,
            nationalId: null,
            specialNotes: null,
          },
        },
      },
    ]);
  });

  describe('sensitive fields', () => {
    const withSensitive: Contact = {
      ...saved,
      sensitive: { dateOfBirth: true, nationalId: true, specialNotes: true },
    };

    it('on edit starts them empty as “unchanged”, sends null when untouched, "" for Clear and the typed value', async () => {
      const calls = mockBackend({ update_contact: () => withSensitive });
      render(ContactForm, { session: ada, contact: withSensitive, onSaved: vi.fn(), onCancel: vi.fn() });
      const user = userEvent.setup();

      const dob = screen.getByTestId('contact-dob');
      const nationalId = screen.getByTestId('contact-national-id');
      const notes = screen.getByTestId('contact-special-notes');
      expect(dob).toHaveAttribute('type', 'text');
      expect(notes.tagName).toBe('TEXTAREA');
      for (const input of [dob, nationalId, notes]) {
        expect(input).toHaveValue('');
        expect(input).toHaveAttribute('placeholder', 'unchanged');
      }

      // Date of birth untouched; national id cleared; special notes replaced.
      await user.type(nationalId, 'typed, then cleared');
      await user.click(screen.getByTestId('contact-national-id-clear'));
      expect(nationalId).toHaveValue('');
      expect(nationalId).toBeDisabled();
      await user.type(notes, '  Needs step-free access.  ');
      await user.click(screen.getByTestId('contact-save'));

      expect(calls).toHaveLength(1);
      expect(calls[0]?.command).toBe('update_contact');
      expect(calls[0]?.args.contact).toMatchObject({
        name: 'Ada Lovelace',
        dateOfBirth: null,
        nationalId: '',
        specialNotes: 'Needs step-free access.',
      });
    });

    it('sends a date typed as English writes it for a new contact as YYYY-MM-DD', async () => {
      const calls = mockBackend({ add_contact: () => saved });
      render(ContactForm, { session: sessionAs('manager'), contact: null, onSaved: vi.fn(), onCancel: vi.fn() });
      const user = userEvent.setup();

      await user.type(screen.getByTestId('contact-name'), 'Ada');
      expect(screen.getByTestId('contact-dob')).toHaveAttribute('placeholder', 'mm/dd/yyyy');
      expect(screen.queryByTestId('contact-dob-clear')).not.toBeInTheDocument();
      await user.type(screen.getByTestId('contact-dob'), '12/10/1815');
      await user.type(screen.getByTestId('contact-national-id'), ' QQ 12 34 56 C ');
      await user.click(screen.getByTestId('contact-save'));

      expect(calls[0]?.args.contact).toMatchObject({
        dateOfBirth: '1815-12-10',
        nationalId: 'QQ 12 34 56 C',
        specialNotes: null,
      });
    });

    it('has no sensitive inputs without sensitive.write, and sends null for all three', async () => {
      const calls = mockBackend({ update_contact: () => withSensitive });
      const agent = sessionAs('agent', 'grace', 1);
      render(ContactForm, { session: agent, contact: withSensitive, onSaved: vi.fn(), onCancel: vi.fn() });
      const user = userEvent.setup();

      expect(screen.queryByTestId('contact-dob')).not.toBeInTheDocument();
      expect(screen.queryByTestId('contact-national-id')).not.toBeInTheDocument();
      expect(screen.queryByTestId('contact-special-notes')).not.toBeInTheDocument();
      expect(screen.queryByText('Clear')).not.toBeInTheDocument();
      await user.click(screen.getByTestId('contact-save'));

      expect(calls[0]?.args.contact).toMatchObject({ dateOfBirth: null, nationalId: null, specialNotes: null });
    });
  });

  it('speaks Romanian: heading, labels, the sensitive hints and Clear, and the missing name', async () => {
    mockBackend({});
    setLanguage('ro');
    const withBirthday = { ...saved, sensitive: { dateOfBirth: true, nationalId: false, specialNotes: false } };
    render(ContactForm, { session: ada, contact: withBirthday, onSaved: vi.fn(), onCancel: vi.fn() });
    const user = userEvent.setup();

    expect(screen.getByRole('heading', { name: 'Modificați contactul' })).toBeInTheDocument();
    expect(screen.getByLabelText('Funcție')).toHaveValue('Analyst');
    expect(screen.getByLabelText('Localitate')).toHaveValue('London');
    expect(screen.getByRole('button', { name: 'Eliminați e-mailul 2' })).toHaveAttribute('title', 'Eliminați');
    expect(screen.getByRole('list', { name: 'Etichete de salvat' })).toHaveTextContent('vipmaths');
    expect(screen.getByLabelText('Data nașterii')).toHaveAttribute('placeholder', 'neschimbat');
    expect(screen.getByTestId('contact-dob').getAttribute('aria-describedby')).toBe('contact-dob-hint');
    expect(document.getElementById('contact-dob-hint')).toHaveTextContent('Completat. Lăsați gol pentru a-l păstra neschimbat.');
    expect(document.getElementById('contact-national-id-hint')).toHaveTextContent('Necompletat.');
    await user.click(screen.getByRole('checkbox', { name: 'Ștergeți data nașterii' }));
    expect(document.getElementById('contact-dob-hint')).toHaveTextContent('Va fi șters la salvare.');

    await user.clear(screen.getByTestId('contact-name'));
    await user.click(screen.getByTestId('contact-save'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('Introduceți un nume pentru contact.');
    expect(screen.getByTestId('contact-save')).toHaveTextContent('Salvați');
  });
});
