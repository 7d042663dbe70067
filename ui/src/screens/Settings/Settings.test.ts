import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CustomField } from '../../lib/api';
import { mockBackend, reject } from '../../test/backend';
import Settings from './Settings.svelte';

describe('Settings: custom contact fields', () => {
  it('adds a field with the key suggested from its label, and lists it', async () => {
    let fields: CustomField[] = [];
    const calls = mockBackend({
      list_custom_fields: () => fields,
      add_custom_field: ({ key, label, kind }) => {
        const field = { id: 1, key, label, kind } as CustomField;
        fields = [field];
        return field;
      },
    });
    render(Settings);
    const user = userEvent.setup();

    expect(await screen.findByTestId('custom-fields-empty')).toBeInTheDocument();
    expect(screen.getByTestId('custom-field-add')).toBeDisabled();
    await user.type(screen.getByTestId('custom-field-label'), 'Renewal date');
    expect(screen.getByTestId('custom-field-key')).toHaveValue('renewal-date');
    await user.selectOptions(screen.getByTestId('custom-field-kind'), 'date');
    await user.click(screen.getByTestId('custom-field-add'));

    const row = await screen.findByTestId('custom-field-row');
    expect(row).toHaveTextContent('Renewal date');
    expect(row).toHaveTextContent('renewal-date');
    expect(row).toHaveTextContent('Date');
    expect(screen.getByTestId('settings-notice')).toHaveTextContent('The field “Renewal date” was added.');
    expect(screen.getByTestId('custom-field-label')).toHaveValue('');
    expect(calls.find((c) => c.command === 'add_custom_field')?.args).toEqual({
      key: 'renewal-date',
      label: 'Renewal date',
      kind: 'date',
    });
  });

  it('keeps a key typed by hand, refuses one the core would refuse, and shows the core’s sentence', async () => {
    const sentence = 'A custom field with the key "vip" or the label "VIP" exists already.';
    const calls = mockBackend({ list_custom_fields: () => [], add_custom_field: reject('invalid_input', sentence) });
    render(Settings);
    const user = userEvent.setup();
    await screen.findByTestId('custom-fields-empty');

    await user.type(screen.getByTestId('custom-field-key'), 'Bad Key');
    await user.type(screen.getByTestId('custom-field-label'), 'VIP');
    expect(screen.getByTestId('custom-field-key')).toHaveValue('Bad Key');
    await user.click(screen.getByTestId('custom-field-add'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('lower-case letters, digits or dashes');
    expect(calls.some((c) => c.command === 'add_custom_field')).toBe(false);

    await user.clear(screen.getByTestId('custom-field-key'));
    await user.type(screen.getByTestId('custom-field-key'), 'vip');
    await user.selectOptions(screen.getByTestId('custom-field-kind'), 'boolean');
    await user.click(screen.getByTestId('custom-field-add'));
    expect(await screen.findByText(sentence)).toBeInTheDocument();
    expect(calls.find((c) => c.command === 'add_custom_field')?.args).toEqual({ key: 'vip', label: 'VIP', kind: 'boolean' });
  });

  it('deletes a field only after confirmation, saying how many values went with it', async () => {
    let fields: CustomField[] = [
      { id: 1, key: 'member-no', label: 'Member number', kind: 'text' },
      { id: 2, key: 'vip', label: 'VIP', kind: 'boolean' },
    ];
    const calls = mockBackend({
      list_custom_fields: () => fields,
      delete_custom_field: ({ key }) => {
        fields = fields.filter((f) => f.key !== key);
        return 3;
      },
    });
    render(Settings);
    const user = userEvent.setup();

    const rows = await screen.findAllByTestId('custom-field-row');
    expect(rows.map((r) => r.dataset.key)).toEqual(['member-no', 'vip']);
    expect(rows[1]).toHaveTextContent('Yes or no');
    await user.click(within(rows[0]!).getByTestId('custom-field-delete'));
    expect(calls.some((c) => c.command === 'delete_custom_field')).toBe(false);
    await user.click(within(rows[0]!).getByTestId('custom-field-confirm-delete'));

    await waitFor(() => expect(screen.getAllByTestId('custom-field-row')).toHaveLength(1));
    expect(screen.getByTestId('settings-notice')).toHaveTextContent(
      'The field “Member number” was deleted, with its value on 3 contacts.',
    );
    expect(calls.find((c) => c.command === 'delete_custom_field')?.args).toEqual({ key: 'member-no' });
  });
});
