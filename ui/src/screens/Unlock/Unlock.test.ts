import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ada, mockBackend, reject } from '../../test/backend';
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

    expect(calls).toEqual([{ command: 'unlock_vault', args: { user: 'grace', password: 'secret words' } }]);
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
});
