import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ada, mockBackend, reject } from '../../test/backend';
import { DEVICE_GONE, REMEMBER_FAILED, rememberedHere } from '../../test/device';
import Unlock from './Unlock.svelte';

const WRONG = 'That user name and password do not match. Check them and try again.';

describe('Unlock', () => {
  it('pre-fills the only user and shows the vault folder', () => {
    mockBackend({});
    render(Unlock, { users: ['ada'], vaultDir: '/home/ada/Steward', onUnlocked: vi.fn() });

    expect(screen.getByTestId('unlock-user')).toHaveValue('ada');
    expect(screen.getByText('/home/ada/Steward')).toBeInTheDocument();
  });

  it('offers a choice when several users can unlock', async () => {
    const calls = mockBackend({ unlock_vault: () => ({ ...ada, user: 'grace', role: 'agent' }) });
    const onUnlocked = vi.fn();
    render(Unlock, { users: ['ada', 'grace'], vaultDir: null, onUnlocked });
    const user = userEvent.setup();

    const select = screen.getByTestId('unlock-user');
    expect(select.tagName).toBe('SELECT');
    await user.selectOptions(select, 'grace');
    await user.type(screen.getByTestId('unlock-password'), 'secret words{Enter}');

    expect(calls).toEqual([
      { command: 'unlock_vault', args: { user: 'grace', password: 'secret words', remember: false } },
    ]);
    expect(onUnlocked).toHaveBeenCalledWith(expect.objectContaining({ user: 'grace' }));
  });

  it('shows the error sentence, clears the password and stays on an authentication error', async () => {
    mockBackend({ unlock_vault: reject('authentication', WRONG) });
    const onUnlocked = vi.fn();
    render(Unlock, { users: ['ada'], vaultDir: '/v', onUnlocked });
    const user = userEvent.setup();

    await user.type(screen.getByTestId('unlock-password'), 'wrong password');
    await user.click(screen.getByTestId('unlock-submit'));

    expect(await screen.findByTestId('error-message')).toHaveTextContent(WRONG);
    expect(screen.getByTestId('error-message')).not.toHaveTextContent('authentication');
    expect(screen.getByTestId('unlock-password')).toHaveValue('');
    expect(screen.getByTestId('unlock-user')).toHaveValue('ada');
    expect(screen.getByTestId('unlock-submit')).toBeEnabled();
    expect(onUnlocked).not.toHaveBeenCalled();
  });

  it('unlocks with the recovery key instead of the password', async () => {
    const calls = mockBackend({ unlock_with_recovery_key: () => ada });
    const onUnlocked = vi.fn();
    render(Unlock, { users: ['ada'], vaultDir: '/v', onUnlocked });
    const user = userEvent.setup();

    await user.click(screen.getByTestId('unlock-use-recovery'));
    expect(screen.queryByTestId('unlock-password')).not.toBeInTheDocument();
    await user.type(screen.getByTestId('unlock-recovery-key'), '  AB12-CD34  ');
    await user.click(screen.getByTestId('unlock-recovery-submit'));

    expect(calls).toEqual([{ command: 'unlock_with_recovery_key', args: { recoveryKey: 'AB12-CD34' } }]);
    expect(onUnlocked).toHaveBeenCalledWith(ada);
  });

  it('keeps a mistyped recovery key in the field so it can be corrected', async () => {
    mockBackend({ unlock_with_recovery_key: reject('authentication', 'That recovery key does not open this vault.') });
    render(Unlock, { users: ['ada'], vaultDir: '/v', onUnlocked: vi.fn() });
    const user = userEvent.setup();

    await user.click(screen.getByTestId('unlock-use-recovery'));
    await user.type(screen.getByTestId('unlock-recovery-key'), 'AB12-CD35{Enter}');

    expect(await screen.findByTestId('error-message')).toHaveTextContent('That recovery key does not open this vault.');
    expect(screen.getByTestId('unlock-recovery-key')).toHaveValue('AB12-CD35');
  });

  it('asks the backend to remember this computer when the box is ticked, and passes its notice on', async () => {
    const session = rememberedHere();
    const calls = mockBackend({ unlock_vault: () => session });
    const onUnlocked = vi.fn();
    render(Unlock, { users: ['ada'], vaultDir: '/v', onUnlocked });
    const user = userEvent.setup();

    expect(screen.getByTestId('unlock-remember')).not.toBeChecked();
    await user.click(screen.getByTestId('unlock-remember'));
    await user.type(screen.getByTestId('unlock-password'), 'secret words{Enter}');

    expect(calls).toEqual([
      { command: 'unlock_vault', args: { user: 'ada', password: 'secret words', remember: true } },
    ]);
    expect(onUnlocked).toHaveBeenCalledWith(session);
  });

  it('hands on the session with its notice when the computer could not be remembered', async () => {
    const session = { ...ada, notice: REMEMBER_FAILED };
    mockBackend({ unlock_vault: () => session });
    const onUnlocked = vi.fn();
    render(Unlock, { users: ['ada'], vaultDir: '/v', onUnlocked });
    const user = userEvent.setup();

    await user.click(screen.getByTestId('unlock-remember'));
    await user.type(screen.getByTestId('unlock-password'), 'secret words{Enter}');

    await waitFor(() => expect(onUnlocked).toHaveBeenCalledOnce());
    expect(onUnlocked.mock.calls[0]?.[0]).toMatchObject({ notice: REMEMBER_FAILED });
  });

  it('offers a one-click unlock only to users remembered on this computer', async () => {
    const grace = rememberedHere({ ...ada, user: 'grace', role: 'agent' });
    const calls = mockBackend({ unlock_with_device: () => grace });
    const onUnlocked = vi.fn();
    render(Unlock, { users: ['ada', 'grace'], rememberedUsers: ['grace'], vaultDir: '/v', onUnlocked });
    const user = userEvent.setup();

    expect(screen.getByTestId('unlock-user')).toHaveValue('ada');
    expect(screen.queryByTestId('unlock-device')).not.toBeInTheDocument();
    await user.selectOptions(screen.getByTestId('unlock-user'), 'grace');
    expect(screen.getByTestId('unlock-device')).toHaveTextContent('Unlock as grace on this computer');
    await user.click(screen.getByTestId('unlock-device'));

    expect(calls).toEqual([{ command: 'unlock_with_device', args: { user: 'grace' } }]);
    expect(onUnlocked).toHaveBeenCalledWith(grace);
  });

  it('shows why a remembered unlock failed and still unlocks with the password', async () => {
    const calls = mockBackend({ unlock_with_device: reject('authentication', DEVICE_GONE), unlock_vault: () => ada });
    const onUnlocked = vi.fn();
    render(Unlock, { users: ['ada'], rememberedUsers: ['ada'], vaultDir: '/v', onUnlocked });
    const user = userEvent.setup();

    await user.click(screen.getByTestId('unlock-device'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent(DEVICE_GONE);
    expect(onUnlocked).not.toHaveBeenCalled();
    expect(screen.getByTestId('unlock-password')).toHaveFocus();
    expect(screen.getByTestId('unlock-submit')).toBeEnabled();

    await user.type(screen.getByTestId('unlock-password'), 'secret words{Enter}');
    await waitFor(() => expect(onUnlocked).toHaveBeenCalledWith(ada));
    expect(calls.map((c) => c.command)).toEqual(['unlock_with_device', 'unlock_vault']);
    expect(calls[1]?.args).toEqual({ user: 'ada', password: 'secret words', remember: false });
  });
});
