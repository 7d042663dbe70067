import { describe, expect, it, vi } from 'vitest';
import { ada, emitEvent, mockBackend, reject } from '../../test/backend';
import { ackAlert, ApiError, forgetDevice, onVaultLocked, setPolicy, unlockVault, unlockWithDevice, withReauth } from './index';

describe('withReauth', () => {
  it('runs the action once when no password is needed', async () => {
    mockBackend({});
    const action = vi.fn(() => Promise.resolve(3));
    const ask = vi.fn();
    expect(await withReauth(action, ask)).toBe(3);
    expect(action).toHaveBeenCalledTimes(1);
    expect(ask).not.toHaveBeenCalled();
  });

  it('asks again after a wrong password, with its error, and runs the action only once it is accepted', async () => {
    const calls = mockBackend({
      reauthenticate: ({ password }) =>
        password === 'right words' ? null : reject('authentication', 'That password is not right.')({}),
    });
    let first = true;
    const action = vi.fn(() => {
      if (!first) return Promise.resolve('done');
      first = false;
      return Promise.reject(new ApiError('reauth_required', 'Confirm your password to export this many contacts.'));
    });
    const answers = ['wrong words', 'right words'];
    const ask = vi.fn((wrong: ApiError | null) => {
      void wrong;
      return Promise.resolve(answers.shift() ?? null);
    });

    expect(await withReauth(action, ask)).toBe('done');
    expect(action).toHaveBeenCalledTimes(2);
    expect(ask.mock.calls.map(([wrong]) => wrong?.code ?? null)).toEqual([null, 'authentication']);
    expect(calls.map((c) => c.args)).toEqual([{ password: 'wrong words' }, { password: 'right words' }]);
  });

  it('resolves with null when the user cancels, and passes other errors through', async () => {
    mockBackend({});
    const needsPassword = () => Promise.reject(new ApiError('reauth_required', 'Confirm your password.'));
    expect(await withReauth(needsPassword, () => Promise.resolve(null))).toBeNull();
    const refused = () => Promise.reject(new ApiError('permission_denied', 'Above the hard limit.'));
    await expect(withReauth(refused, () => Promise.resolve('x'))).rejects.toMatchObject({ code: 'permission_denied' });
  });
});

describe('session security api', () => {
  it('passes the remember choice and the device unlock to the backend', async () => {
    const calls = mockBackend({ unlock_vault: () => ada, unlock_with_device: () => ada, forget_device: () => ada });
    await unlockVault('ada', 'secret words', true);
    await unlockVault('ada', 'secret words');
    await unlockWithDevice('ada');
    await forgetDevice();
    expect(calls).toEqual([
      { command: 'unlock_vault', args: { user: 'ada', password: 'secret words', remember: true } },
      { command: 'unlock_vault', args: { user: 'ada', password: 'secret words', remember: false } },
      { command: 'unlock_with_device', args: { user: 'ada' } },
      { command: 'forget_device', args: {} },
    ]);
  });

  it('sends policy keys and alert ids as the commands take them', async () => {
    const calls = mockBackend({ set_policy: () => ({}), ack_alert: () => ({}) });
    await setPolicy('export_soft_limit', '250');
    await ackAlert(7);
    expect(calls.map((c) => c.args)).toEqual([{ key: 'export_soft_limit', value: '250' }, { id: 7 }]);
  });

  it('hears the backend lock the vault on its own, until the listener is removed', async () => {
    mockBackend({});
    const heard = vi.fn();
    const stop = await onVaultLocked(heard);
    await emitEvent('vault-locked', { reason: 'idle', message: 'Locked after 10 minutes without use.' });
    expect(heard).toHaveBeenCalledWith({ reason: 'idle', message: 'Locked after 10 minutes without use.' });
    stop();
  });
});
