import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PasswordStrength, SessionInfo } from '../../lib/api';
import { ada, mockBackend, reject, type Handler } from '../../test/backend';
import { rememberedHere, slotsForbidden } from '../../test/device';
import { setLanguage } from '../../lib/i18n.svelte';
import ChangePassword from './ChangePassword.svelte';

const STRONG = 'velvet cactus orbit lamp';

function judge(password: string): PasswordStrength {
  return password.length >= 12
    ? { score: 4, acceptable: true, advice: 'This password is hard to guess.', advice_code: null }
    : { score: 1, acceptable: false, advice: 'Add a few more words to make it harder to guess.', advice_code: null };
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

describe('ChangePassword: this computer', () => {
  function open(session: SessionInfo, handlers: Record<string, Handler> = {}) {
    const calls = mockBackend({ password_strength: ({ password }) => judge(password as string), ...handlers });
    const onChanged = vi.fn();
    const onSession = vi.fn();
    render(ChangePassword, { session, onChanged, onSession, onCancel: vi.fn() });
    return { calls, onChanged, onSession, user: userEvent.setup() };
  }

  it('is not offered while a new password is required', () => {
    setup({ ...ada, mustChangePassword: true });
    expect(screen.queryByTestId('device-card')).not.toBeInTheDocument();
  });

  it('remembers this computer, then forgets it again, reporting each new session', async () => {
    const { calls, onChanged, onSession, user } = open(ada, {
      remember_device: () => rememberedHere(),
      forget_device: () => ada,
    });

    expect(screen.getByTestId('device-state')).toHaveTextContent('You type your password to unlock here.');
    await user.click(screen.getByTestId('device-toggle'));

    expect(await screen.findByTestId('device-notice')).toHaveTextContent('This computer now remembers you.');
    expect(screen.getByTestId('device-state')).toHaveTextContent('You unlock on this computer without a password.');
    expect(screen.getByTestId('device-toggle')).toHaveTextContent('Forget this computer');
    expect(onSession).toHaveBeenLastCalledWith(rememberedHere());

    await user.click(screen.getByTestId('device-toggle'));
    expect(await screen.findByTestId('device-notice')).toHaveTextContent('This computer was forgotten.');
    expect(screen.getByTestId('device-state')).toHaveTextContent('You type your password to unlock here.');
    expect(screen.getByTestId('device-toggle')).toHaveTextContent('Remember me on this computer');
    expect(onSession).toHaveBeenLastCalledWith(ada);

    expect(calls.map((c) => c.command)).toEqual(['remember_device', 'forget_device']);
    // Remembering is not a password change: the page stays.
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('only lets a remembered user forget the computer when the policy turned remembering off', async () => {
    const { calls, user } = open(slotsForbidden(rememberedHere()), { forget_device: () => slotsForbidden() });

    expect(screen.getByTestId('device-policy-off')).toHaveTextContent('An owner turned off remembering computers');
    await user.click(screen.getByTestId('device-toggle'));

    expect(await screen.findByTestId('device-notice')).toHaveTextContent('This computer was forgotten.');
    expect(screen.getByTestId('device-state')).toHaveTextContent('You type your password to unlock here.');
    expect(screen.queryByTestId('device-toggle')).not.toBeInTheDocument();
    expect(screen.getByTestId('device-policy-off')).toBeInTheDocument();
    expect(calls.map((c) => c.command)).toEqual(['forget_device']);
  });

  it('offers nothing to switch when the policy turned remembering off and this computer does not remember', () => {
    open(slotsForbidden());
    expect(screen.getByTestId('device-state')).toHaveTextContent('You type your password to unlock here.');
    expect(screen.getByTestId('device-policy-off')).toBeInTheDocument();
    expect(screen.queryByTestId('device-toggle')).not.toBeInTheDocument();
  });

  it('shows the backend’s sentence when remembering is refused, and keeps the state', async () => {
    const sentence = 'Remembering computers is turned off by the security policy.';
    const { onSession, user } = open(ada, { remember_device: reject('permission_denied', sentence) });

    await user.click(screen.getByTestId('device-toggle'));

    expect(await screen.findByTestId('device-error')).toHaveTextContent(sentence);
    expect(screen.getByTestId('device-state')).toHaveTextContent('You type your password to unlock here.');
    expect(screen.getByTestId('device-toggle')).toBeEnabled();
    expect(onSession).not.toHaveBeenCalled();
  });
});

describe('ChangePassword in Romanian', () => {
  it('says the whole notice in Romanian with the user name in bold', () => {
    setLanguage('ro');
    setup({ ...ada, mustChangePassword: true, unlockedWithRecoveryKey: true });

    const notice = screen.getByRole('status');
    expect(notice).toHaveTextContent(
      'Ați deschis seiful cu cheia de recuperare. Alegeți o parolă nouă pentru ada înainte de a continua.',
    );
    expect(notice.querySelector('strong')).toHaveTextContent(/^ada$/);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Alegeți o parolă nouă');
    expect(screen.getByLabelText('Parola nouă')).toBeInTheDocument();
  });
});
