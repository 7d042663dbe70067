import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockBackend, reject } from '../../test/backend';
import PhoneSection from './PhoneSection.svelte';

describe('Settings: the default country of phone numbers', () => {
  it('shows the country, saves a new one and says how many numbers were read again', async () => {
    const calls = mockBackend({
      get_phone_settings: () => ({ country: null, phonesChanged: 0 }),
      set_phone_country: ({ country }) => ({ country, phonesChanged: 3 }),
    });
    render(PhoneSection, { editable: true });
    const user = userEvent.setup();
    const input = await screen.findByTestId('phone-country');
    expect(input).toHaveValue('');
    expect(screen.getByTestId('phone-country-save')).toBeDisabled();
    await user.type(input, 'ro');
    await user.click(screen.getByTestId('phone-country-save'));
    expect(await screen.findByTestId('phone-notice')).toHaveTextContent('3 numbers read differently now');
    expect(input).toHaveValue('RO');
    expect(calls.find((c) => c.command === 'set_phone_country')?.args).toEqual({ country: 'RO' });
  });

  it('clears the country with an empty field and shows the core’s sentence for a bad code', async () => {
    const sentence = '"ZZ" is not a country code with phone numbers (use two letters such as RO, US or GB).';
    const calls = mockBackend({
      get_phone_settings: () => ({ country: 'RO', phonesChanged: 0 }),
      set_phone_country: ({ country }) => {
        if (country === 'ZZ') return reject('invalid_input', sentence)({});
        return { country, phonesChanged: 1 };
      },
    });
    render(PhoneSection, { editable: true });
    const user = userEvent.setup();
    const input = await screen.findByTestId('phone-country');
    expect(input).toHaveValue('RO');
    await user.clear(input);
    await user.type(input, 'zz');
    await user.click(screen.getByTestId('phone-country-save'));
    expect(await screen.findByTestId('phone-error')).toHaveTextContent(sentence);
    await user.clear(input);
    await user.click(screen.getByTestId('phone-country-save'));
    expect(await screen.findByTestId('phone-notice')).toHaveTextContent('1 number reads differently now');
    expect(calls.filter((c) => c.command === 'set_phone_country').map((c) => c.args)).toEqual([
      { country: 'ZZ' },
      { country: null },
    ]);
  });

  it('only shows the country to a role that may not change it', async () => {
    mockBackend({ get_phone_settings: () => ({ country: 'GB', phonesChanged: 0 }) });
    render(PhoneSection, { editable: false });
    expect(await screen.findByTestId('phone-country')).toBeDisabled();
    expect(screen.queryByTestId('phone-country-save')).toBeNull();
  });
});
