import { describe, expect, it, vi } from 'vitest';
import { ada, emitEvent, mockBackend } from '../../test/backend';
import {
  forgetDevice,
  lockVault,
  noteActivity,
  onVaultLocked,
  rememberDevice,
  unlockVault,
  unlockWithDevice,
  unlockWithRecoveryKey,
} from './vault';

describe('vault api', () => {
  it('sends the unlock and lock commands with the argument names of the contract', async () => {
    const calls = mockBackend({ unlock_with_recovery_key: () => ada, lock_vault: () => null });

    await expect(unlockWithRecoveryKey('ABCD-EFGH')).resolves.toEqual(ada);
    await expect(lockVault()).resolves.toBeUndefined();

    expect(calls).toEqual([
      { command: 'unlock_with_recovery_key', args: { recoveryKey: 'ABCD-EFGH' } },
      { command: 'lock_vault', args: {} },
    ]);
  });

  it('passes the remember choice, the device unlock and the idle clock to the backend', async () => {
    const calls = mockBackend({
      unlock_vault: () => ada,
      unlock_with_device: () => ada,
      remember_device: () => ada,
      forget_device: () => ada,
      note_activity: () => null,
    });
    await unlockVault('ada', 'secret words', true);
    await unlockVault('ada', 'secret words');
    await unlockWithDevice('ada');
    await rememberDevice();
    await forgetDevice();
    await expect(noteActivity()).resolves.toBeUndefined();
    expect(calls).toEqual([
      { command: 'unlock_vault', args: { user: 'ada', password: 'secret words', remember: true } },
      { command: 'unlock_vault', args: { user: 'ada', password: 'secret words', remember: false } },
      { command: 'unlock_with_device', args: { user: 'ada' } },
      { command: 'remember_device', args: {} },
      { command: 'forget_device', args: {} },
      { command: 'note_activity', args: {} },
    ]);
  });

  it('hands the vault-locked event the backend sends on its own to the listener', async () => {
    mockBackend({});
    const heard = vi.fn();
    const stop = await onVaultLocked(heard);
    await emitEvent('vault-locked', { reason: 'idle', message: 'Locked after 10 minutes without use.', idleSeconds: 600 });
    expect(heard).toHaveBeenCalledWith({ reason: 'idle', message: 'Locked after 10 minutes without use.', idleSeconds: 600 });
    stop();
  });
});
