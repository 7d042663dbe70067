import { describe, expect, it, vi } from 'vitest';
import { mockBackend, reject } from '../../test/backend';
import { ApiError } from './errors';
import { ackAlert, getPolicy, listAlerts, openAlertCount, setPolicy, withReauth } from './monitor';

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

describe('monitor api', () => {
  it('sends policy keys and alert ids as the commands take them', async () => {
    const calls = mockBackend({
      list_alerts: () => [],
      open_alert_count: () => 2,
      ack_alert: () => ({}),
      get_policy: () => ({}),
      set_policy: () => ({}),
    });
    await listAlerts(true);
    await expect(openAlertCount()).resolves.toBe(2);
    await ackAlert(7);
    await getPolicy();
    await setPolicy('export_soft_limit', '250');
    expect(calls).toEqual([
      { command: 'list_alerts', args: { openOnly: true } },
      { command: 'open_alert_count', args: {} },
      { command: 'ack_alert', args: { id: 7 } },
      { command: 'get_policy', args: {} },
      { command: 'set_policy', args: { key: 'export_soft_limit', value: '250' } },
    ]);
  });
});
