import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PasswordStrength, SessionInfo } from '../../lib/api';
import { ada, mockBackend, reject, type Handler } from '../../test/backend';
import ChangePassword from './ChangePassword.svelte';

const STRONG = 'velvet cactus orbit lamp';

function judge(password: string): PasswordStrength {
  return password.length >= 12
    ? { score: 4, acceptable: true, advice: 'This password is hard to guess.' }
    : { score: 1, acceptable: false, advice: 'Add a few more words to make it harder to guess.' };
}

function setup(session: SessionInfo, changed: Handler = () => ({ ...session, mustChangePassword: false })) {
  const calls = mockBackend({ password_strength: ({ password }) => judge(password as string), change_password: changed });
  const onChanged = vi.fn();
  render(ChangePassword, { session, required: true, onChanged });
  return { calls, onChanged, user: userEvent.setup() };
}

describe('ChangePassword', () => {
  it('needs the current password, an acceptable new one and a matching confirmation', async () => {
    const session = { ...ada, mustChangePassword: true };
    const { calls, onChanged, user } = setup(session);
    const submit = screen.getByTestId('cp-submit');

    await user.type(screen.getByTestId('cp-new'), 'short');
    await user.type(screen.getByTestId('cp-confirm'), 'short');
    await waitFor(() => expect(screen.getByTestId('strength-meter')).toHaveAttribute('data-score', '1'));
    expect(submit).toBeDisabled();

    await user.clear(screen.getByTestId('cp-new'));
    await user.type(screen.getByTestId('cp-new'), STRONG);
    await user.clear(screen.getByTestId('cp-confirm'));
    await user.type(screen.getByTestId('cp-confirm'), STRONG);
    await waitFor(() => expect(screen.getByTestId('strength-meter')).toHaveAttribute('data-score', '4'));
    // Still no current password.
    expect(submit).toBeDisabled();

    await user.type(screen.getByTestId('cp-current'), 'first password');
    await waitFor(() => expect(submit).toBeEnabled());
    await user.click(submit);

    await waitFor(() => expect(onChanged).toHaveBeenCalledWith({ ...session, mustChangePassword: false }));
    expect(calls.find((c) => c.command === 'change_password')?.args).toEqual({ current: 'first password', new: STRONG });
    // The meter judged the password together with the user's own name.
    expect(calls.filter((c) => c.command === 'password_strength').at(-1)?.args).toEqual({ password: STRONG, user: 'ada' });
  });

  it('hides the current password in a recovery-key session', async () => {
    const session = { ...ada, mustChangePassword: true, unlockedWithRecoveryKey: true };
    const { calls, onChanged, user } = setup(session);

    expect(screen.queryByTestId('cp-current')).not.toBeInTheDocument();
    expect(screen.getByText(/opened the vault with the recovery key/)).toBeInTheDocument();
    await user.type(screen.getByTestId('cp-new'), STRONG);
    await user.type(screen.getByTestId('cp-confirm'), STRONG);
    await waitFor(() => expect(screen.getByTestId('cp-submit')).toBeEnabled());
    await user.click(screen.getByTestId('cp-submit'));

    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(calls.find((c) => c.command === 'change_password')?.args).toEqual({ current: '', new: STRONG });
  });

  it('shows the backend sentence for a wrong current password and clears it', async () => {
    const sentence = 'That is not your current password.';
    const { onChanged, user } = setup({ ...ada, mustChangePassword: true }, reject('authentication', sentence));

    await user.type(screen.getByTestId('cp-current'), 'wrong');
    await user.type(screen.getByTestId('cp-new'), STRONG);
    await user.type(screen.getByTestId('cp-confirm'), STRONG);
    await waitFor(() => expect(screen.getByTestId('cp-submit')).toBeEnabled());
    await user.click(screen.getByTestId('cp-submit'));

    expect(await screen.findByTestId('error-message')).toHaveTextContent(sentence);
    expect(screen.getByTestId('cp-current')).toHaveValue('');
    expect(screen.getByTestId('cp-new')).toHaveValue(STRONG);
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('says so when the two new passwords differ', async () => {
    const { user } = setup(ada);
    await user.type(screen.getByTestId('cp-new'), STRONG);
    await user.type(screen.getByTestId('cp-confirm'), 'velvet cactus orbit lump');
    expect(screen.getByText('The two passwords do not match.')).toBeInTheDocument();
    expect(screen.getByTestId('cp-submit')).toBeDisabled();
  });
});
