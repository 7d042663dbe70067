import { describe, expect, it } from 'vitest';
import { emitEvent, mockBackend } from '../../test/backend';
import { checkForUpdate, installUpdate, onUpdateAvailable, updateStatus } from './updates';

describe('updates api', () => {
  it('sends each update command with the argument names of the contract', async () => {
    const calls = mockBackend({
      update_status: () => ({
        currentVersion: '0.1.0',
        policy: 'on-request',
        policyFile: null,
        policyInvalid: false,
        channel: 'updater',
        available: null,
      }),
      check_for_update: () => ({ currentVersion: '0.1.0', available: { version: '0.2.0', notes: null } }),
      install_update: () => null,
    });
    expect((await updateStatus()).policy).toBe('on-request');
    expect((await checkForUpdate()).available?.version).toBe('0.2.0');
    await installUpdate('0.2.0');
    expect(calls).toEqual([
      { command: 'update_status', args: {} },
      { command: 'check_for_update', args: {} },
      { command: 'install_update', args: { version: '0.2.0' } },
    ]);
  });

  it('keeps the reason of a refusal so it can be said in the user’s language', async () => {
    mockBackend({
      check_for_update: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw { code: 'other', message: 'Checking for updates is turned off on this computer.', reason: 'updates-off' };
      },
    });
    await expect(checkForUpdate()).rejects.toMatchObject({ code: 'other', reason: 'updates-off' });
  });

  it('hands update-available events to the listener until it is removed', async () => {
    mockBackend({});
    const seen: string[] = [];
    const stop = await onUpdateAvailable((offer) => seen.push(offer.version));
    await emitEvent('update-available', { version: '0.2.0', notes: null });
    stop();
    await emitEvent('update-available', { version: '0.3.0', notes: null });
    expect(seen).toEqual(['0.2.0']);
  });
});
