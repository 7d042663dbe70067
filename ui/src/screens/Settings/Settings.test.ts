import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CustomField, Policy } from '../../lib/api';
import { DEFAULT_POLICY } from '../../test/monitor';
import { ada, apiError, mockBackend, reject, sessionAs, STAGES, type Handler } from '../../test/backend';
import { setLanguage } from '../../lib/i18n.svelte';
import Settings from './Settings.svelte';

describe('Settings: custom contact fields', () => {
  it('adds a field with the key suggested from its label, and lists it', async () => {
    let fields: CustomField[] = [];
    const calls = mockBackend({
      get_policy: () => DEFAULT_POLICY,
      list_stages: () => STAGES,
      list_custom_fields: () => fields,
      add_custom_field: ({ key, label, kind }) => {
        const field = { id: 1, key, label, kind } as CustomField;
        fields = [field];
        return field;
      },
    });
    render(Settings, { session: ada });
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
    const calls = mockBackend({
      get_policy: () => DEFAULT_POLICY,
      list_stages: () => STAGES,
      list_custom_fields: () => [],
      add_custom_field: reject('invalid_input', sentence),
    });
    render(Settings, { session: ada });
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
      get_policy: () => DEFAULT_POLICY,
      list_stages: () => STAGES,
      list_custom_fields: () => fields,
      delete_custom_field: ({ key }) => {
        fields = fields.filter((f) => f.key !== key);
        return 3;
      },
    });
    render(Settings, { session: ada });
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


const PROP_OF: Record<string, keyof Policy> = {
  auto_lock_minutes: 'autoLockMinutes',
  export_soft_limit: 'exportSoftLimit',
  export_hard_limit: 'exportHardLimit',
  working_hours: 'workingHours',
  device_slots_allowed: 'deviceSlotsAllowed',
};

/** A backend holding a policy that `set_policy` changes as the core would, refusing what `refuse` says. */
function policyBackend(refuse: (key: string, value: string) => string | null = () => null): Record<string, Handler> {
  let policy = { ...DEFAULT_POLICY };
  return {
    list_stages: () => STAGES,
    list_custom_fields: () => [],
    get_policy: () => policy,
    set_policy: ({ key, value }) => {
      const sentence = refuse(key as string, value as string);
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      if (sentence) throw apiError('invalid_input', sentence);
      const prop = PROP_OF[key as string]!;
      const typed = typeof DEFAULT_POLICY[prop];
      const next = {
        ...policy,
        [prop]: typed === 'boolean' ? value === 'true' : typed === 'number' ? Number(value) : value,
      };
      // The core checks the whole policy after each change.
      if (next.exportHardLimit < next.exportSoftLimit) {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw apiError('invalid_input', 'Export_hard_limit must not be below export_soft_limit.');
      }
      policy = next;
      return policy;
    },
  };
}

describe('Settings: security policy', () => {
  it('shows every value to an owner, and saves only the changed ones, one call each', async () => {
    const calls = mockBackend(policyBackend());
    render(Settings, { session: ada });
    const user = userEvent.setup();

    const section = await screen.findByTestId('policy-section');
    expect(await within(section).findByTestId('policy-export_soft_limit')).toHaveValue(500);
    expect(screen.getByTestId('policy-auto_lock_minutes')).toHaveValue(10);
    expect(screen.getByTestId('policy-deletes_per_ten_minutes')).toHaveValue(20);
    expect(screen.getByTestId('policy-working_hours')).toHaveValue('07-20');
    expect(screen.getByTestId('policy-device_slots_allowed')).toBeChecked();
    for (const key of ['failed_unlocks', 'export_hard_limit', 'exports_per_hour', 'scrape_contacts']) {
      expect(screen.getByTestId(`policy-${key}`)).toBeInTheDocument();
    }
    for (const key of ['scrape_window_minutes', 'reveals_per_hour']) {
      expect(screen.getByTestId(`policy-${key}`)).toBeInTheDocument();
    }
    expect(section).toHaveTextContent('An export of more contacts than this needs the password typed again.');
    expect(screen.getByTestId('policy-save')).toBeDisabled();

    await user.clear(screen.getByTestId('policy-export_soft_limit'));
    await user.type(screen.getByTestId('policy-export_soft_limit'), '200');
    await user.clear(screen.getByTestId('policy-working_hours'));
    await user.click(screen.getByTestId('policy-device_slots_allowed'));
    // Typing a value back as it was is no change.
    await user.clear(screen.getByTestId('policy-auto_lock_minutes'));
    await user.type(screen.getByTestId('policy-auto_lock_minutes'), '10');
    await user.click(screen.getByTestId('policy-save'));

    expect(await screen.findByTestId('policy-notice')).toHaveTextContent('The security policy was changed (3 values).');
    expect(calls.filter((c) => c.command === 'set_policy').map((c) => c.args)).toEqual([
      { key: 'working_hours', value: '' },
      { key: 'device_slots_allowed', value: 'false' },
      { key: 'export_soft_limit', value: '200' },
    ]);
    expect(screen.getByTestId('policy-save')).toBeDisabled();
    expect(screen.getByTestId('policy-device_slots_allowed')).not.toBeChecked();
  });

  it('shows the backend’s sentence for a value it refuses, keeping what was saved before it', async () => {
    const sentence = 'Working_hours must look like 07-20 (start before end, hours 0-24), or be empty.';
    const calls = mockBackend(
      policyBackend((key, value) => (key === 'working_hours' && value === '20-08' ? sentence : null)),
    );
    render(Settings, { session: ada });
    const user = userEvent.setup();

    const idle = await screen.findByTestId('policy-auto_lock_minutes');
    const hours = screen.getByTestId('policy-working_hours');
    await user.clear(idle);
    await user.type(idle, '30');
    await user.clear(hours);
    await user.type(hours, '20-08');
    await user.click(screen.getByTestId('policy-save'));

    expect(await screen.findByTestId('policy-error')).toHaveTextContent(sentence);
    expect(screen.queryByTestId('policy-notice')).not.toBeInTheDocument();
    expect(hours).toHaveAttribute('aria-invalid', 'true');
    expect(hours).toHaveValue('20-08');
    expect(idle).toHaveAttribute('aria-invalid', 'false');

    // The idle time went through before the refusal, so only the working hours are sent again.
    await user.clear(hours);
    await user.type(hours, '08-18');
    await user.click(screen.getByTestId('policy-save'));
    expect(await screen.findByTestId('policy-notice')).toHaveTextContent('The security policy was changed (1 value).');
    expect(hours).toHaveAttribute('aria-invalid', 'false');
    expect(calls.filter((c) => c.command === 'set_policy').map((c) => c.args)).toEqual([
      { key: 'auto_lock_minutes', value: '30' },
      { key: 'working_hours', value: '20-08' },
      { key: 'working_hours', value: '08-18' },
    ]);
  });

  it('raises both export limits in an order the core accepts', async () => {
    const calls = mockBackend(policyBackend());
    render(Settings, { session: ada });
    const user = userEvent.setup();

    const soft = await screen.findByTestId('policy-export_soft_limit');
    await user.clear(soft);
    await user.type(soft, '8000');
    await user.clear(screen.getByTestId('policy-export_hard_limit'));
    await user.type(screen.getByTestId('policy-export_hard_limit'), '20000');
    await user.click(screen.getByTestId('policy-save'));

    expect(await screen.findByTestId('policy-notice')).toBeInTheDocument();
    expect(calls.filter((c) => c.command === 'set_policy').map((c) => c.args.key)).toEqual([
      'export_hard_limit',
      'export_soft_limit',
    ]);
  });

  it('shows an admin the policy without a way to change it', async () => {
    const calls = mockBackend(policyBackend());
    render(Settings, { session: sessionAs('admin', 'grace', 2) });

    const section = await screen.findByTestId('policy-section');
    expect(await within(section).findByTestId('policy-value-export_soft_limit')).toHaveTextContent('500');
    expect(screen.getByTestId('policy-value-device_slots_allowed')).toHaveTextContent('Allowed');
    expect(section).toHaveTextContent('Only an owner can change it.');
    expect(within(section).queryByRole('textbox')).not.toBeInTheDocument();
    expect(within(section).queryByRole('spinbutton')).not.toBeInTheDocument();
    expect(screen.queryByTestId('policy-save')).not.toBeInTheDocument();
    expect(calls.some((c) => c.command === 'set_policy')).toBe(false);
  });

  it('shows no policy to a session that may not manage settings', async () => {
    const calls = mockBackend({ list_stages: () => STAGES, list_custom_fields: () => [] });
    render(Settings, { session: sessionAs('manager', 'mia', 3) });

    await screen.findByTestId('custom-fields-empty');
    expect(screen.queryByTestId('policy-section')).not.toBeInTheDocument();
    // The pipeline is listed for everyone who reads deals, and changed only with settings.manage.
    expect(await screen.findAllByTestId('stage-row')).toHaveLength(6);
    expect(screen.queryByTestId('stage-edit')).not.toBeInTheDocument();
    expect(calls.some((c) => c.command === 'get_policy')).toBe(false);
  });
});

describe('Settings in Romanian', () => {
  it('switches the policy, the pipeline and the phone section to Romanian without a reload', async () => {
    mockBackend({ ...policyBackend(), get_phone_settings: () => ({ country: 'RO' }) });
    render(Settings, { session: sessionAs('admin', 'grace', 2) });

    const section = await screen.findByTestId('policy-section');
    expect(await within(section).findByTestId('policy-value-device_slots_allowed')).toHaveTextContent('Allowed');
    expect(section).toHaveTextContent('Working hours');
    await screen.findAllByTestId('stage-row');

    setLanguage('ro');

    await waitFor(() => expect(screen.getByTestId('policy-value-device_slots_allowed')).toHaveTextContent('Permis'));
    expect(section).toHaveTextContent('Program de lucru');
    expect(section).toHaveTextContent('Autentificare și blocare');
    expect(section).not.toHaveTextContent('Working hours');
    expect(screen.getByRole('heading', { name: 'Politica de securitate' })).toBeInTheDocument();
    expect(within(screen.getByTestId('stages-table')).getAllByText('Câștigată').length).toBeGreaterThan(0);
    expect(screen.getByRole('heading', { name: 'Numere de telefon' })).toBeInTheDocument();
  });
});
