import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PasswordStrength } from '../../lib/api';
import { ada, mockBackend } from '../../test/backend';
import { language } from '../../lib/i18n.svelte';
import FirstRun from './FirstRun.svelte';

const KEY = 'AB12-CD34-EF56-GH78-IJ90-KL12-MN34-OP56-QR78-ST90-UV12-WX34-YZ56-AA78';
const GROUPS = KEY.split('-');

/** The fake strength rule: long passwords are acceptable, short ones are not. */
function judge(password: string): PasswordStrength {
  return password.length >= 12
    ? { score: 4, acceptable: true, advice: 'This password is hard to guess.', advice_code: null }
    : { score: 1, acceptable: false, advice: 'Add a few more words to make it harder to guess.', advice_code: null };
}

function setup() {
  const calls = mockBackend({
    password_strength: ({ password }) => judge(password as string),
    create_vault: () => ({ recoveryKey: KEY, session: ada }),
  });
  const onDone = vi.fn();
  render(FirstRun, { defaultVaultDir: '/home/ada/Steward', onDone });
  return { calls, onDone, user: userEvent.setup() };
}

async function createVault(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByTestId('firstrun-user'), 'ada');
  await user.type(screen.getByTestId('firstrun-password'), 'correct horse battery');
  await user.type(screen.getByTestId('firstrun-password-confirm'), 'correct horse battery');
  await waitFor(() => expect(screen.getByTestId('firstrun-create')).toBeEnabled());
  await user.click(screen.getByTestId('firstrun-create'));
  await screen.findByTestId('recovery-key');
}

describe('FirstRun', () => {
  it('pre-fills the suggested vault folder', () => {
    setup();
    expect(screen.getByTestId('firstrun-dir')).toHaveValue('/home/ada/Steward');
  });

  it('keeps Create disabled until the password is acceptable and both passwords match', async () => {
    const { calls, user } = setup();
    const create = screen.getByTestId('firstrun-create');
    await user.type(screen.getByTestId('firstrun-user'), 'ada');

    await user.type(screen.getByTestId('firstrun-password'), 'short');
    await user.type(screen.getByTestId('firstrun-password-confirm'), 'short');
    await waitFor(() => expect(screen.getByTestId('strength-meter')).toHaveAttribute('data-score', '1'));
    expect(screen.getByText('Add a few more words to make it harder to guess.')).toBeInTheDocument();
    expect(screen.getByText('Fair')).toBeInTheDocument();
    expect(create).toBeDisabled();

    await user.type(screen.getByTestId('firstrun-password'), ' and much longer');
    await waitFor(() => expect(screen.getByTestId('strength-meter')).toHaveAttribute('data-score', '4'));
    expect(screen.getByText('Very strong')).toBeInTheDocument();
    // Acceptable, but the confirmation still says "short".
    expect(create).toBeDisabled();

    await user.type(screen.getByTestId('firstrun-password-confirm'), ' and much longer');
    await waitFor(() => expect(create).toBeEnabled());

    // The meter asked with the user name, so the backend can penalise passwords that contain it.
    const last = calls.filter((c) => c.command === 'password_strength').at(-1);
    expect(last?.args).toEqual({ password: 'short and much longer', user: 'ada' });
  });

  it('debounces the strength check instead of asking on every keystroke', async () => {
    const { calls, user } = setup();
    await user.type(screen.getByTestId('firstrun-password'), 'abcdefghijklmnop');
    await waitFor(() => expect(screen.getByTestId('strength-meter')).toHaveAttribute('data-score', '4'));
    const strengthCalls = calls.filter((c) => c.command === 'password_strength');
    expect(strengthCalls.length).toBeLessThan(16);
    expect(strengthCalls.at(-1)?.args.password).toBe('abcdefghijklmnop');
  });

  it('creates the vault with the form values and shows the recovery key exactly once', async () => {
    const { calls, user } = setup();
    await user.click(screen.getByTestId('firstrun-sample'));
    await createVault(user);

    expect(calls.find((c) => c.command === 'create_vault')?.args).toEqual({
      request: {
        dir: '/home/ada/Steward',
        user: 'ada',
        password: 'correct horse battery',
        sampleData: true,
        language: 'en',
      },
    });
    expect(screen.getByTestId('recovery-key').textContent).toBe(KEY);
    expect(screen.getByText(/only time Steward will show this key/)).toBeInTheDocument();
  });

  it('makes the vault in the language chosen, which the screen follows at once', async () => {
    const { calls, user } = setup();
    // It starts as the interface language in use.
    expect(screen.getByTestId('firstrun-language')).toHaveValue('en');
    await user.selectOptions(screen.getByTestId('firstrun-language'), 'ro');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Creați-vă seiful');
    expect(language()).toBe('ro');
    await createVault(user);
    expect(calls.find((c) => c.command === 'create_vault')?.args).toMatchObject({
      request: { user: 'ada', language: 'ro' },
    });
  });

  it('rejects wrong groups and accepts the right ones in any case and with spaces', async () => {
    const { onDone, user } = setup();
    await createVault(user);
    await user.click(screen.getByTestId('recovery-continue'));

    const inputA = screen.getByTestId('recovery-confirm-a');
    const inputB = screen.getByTestId('recovery-confirm-b');
    const a = Number(inputA.getAttribute('data-group'));
    const b = Number(inputB.getAttribute('data-group'));
    expect(a).toBeGreaterThanOrEqual(1);
    expect(b).toBeLessThanOrEqual(14);
    expect(a).not.toBe(b);
    expect(screen.getByText(/Groups are counted from the left/)).toHaveTextContent(`group ${a} and group ${b}`);
    // The key is no longer on screen while the user proves they saved it.
    expect(screen.queryByTestId('recovery-key')).not.toBeInTheDocument();

    // The right group in the wrong place does not count.
    await user.type(inputA, GROUPS[b - 1] ?? '');
    await user.type(inputB, GROUPS[a - 1] ?? '');
    await user.click(screen.getByTestId('recovery-done'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('do not match');
    expect(onDone).not.toHaveBeenCalled();

    await user.clear(inputA);
    await user.clear(inputB);
    const spaced = (group: string) => `${group.slice(0, 2)} ${group.slice(2)}`.toLowerCase();
    await user.type(inputA, spaced(GROUPS[a - 1] ?? ''));
    await user.type(inputB, `${spaced(GROUPS[b - 1] ?? '')}{Enter}`);

    expect(onDone).toHaveBeenCalledWith(ada);
  });
});
