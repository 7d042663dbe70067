import { describe, expect, it, vi } from 'vitest';
import { mockBackend, reject } from '../../test/backend';
import {
  addContact,
  ApiError,
  appStatus,
  errorMessage,
  isApiError,
  listContacts,
  lockVault,
  onLocked,
  unlockWithRecoveryKey,
  updateContact,
} from './index';
import { FALLBACK_MESSAGE } from './errors';

describe('api', () => {
  it('sends each command with the argument names of the contract', async () => {
    const calls = mockBackend({
      unlock_with_recovery_key: () => ({ userId: 1, user: 'ada', role: 'owner', vaultDir: '/v' }),
      list_contacts: () => ({ items: [], total: 0 }),
      update_contact: ({ id }) => ({ id }),
      lock_vault: () => null,
    });

    await unlockWithRecoveryKey('ABCD-EFGH');
    await listContacts(50, 50);
    await updateContact(7, { name: 'Grace', emails: [], phones: [], company: '', notes: '' });
    await expect(lockVault()).resolves.toBeUndefined();

    expect(calls).toEqual([
      { command: 'unlock_with_recovery_key', args: { recoveryKey: 'ABCD-EFGH' } },
      { command: 'list_contacts', args: { offset: 50, limit: 50 } },
      {
        command: 'update_contact',
        args: { id: 7, contact: { name: 'Grace', emails: [], phones: [], company: '', notes: '' } },
      },
      { command: 'lock_vault', args: {} },
    ]);
  });

  it('turns a rejected {code, message} into an ApiError with the same code and sentence', async () => {
    mockBackend({ add_contact: reject('invalid_input', 'An e-mail address needs an @ sign.') });

    const error: unknown = await addContact({ name: 'x', emails: ['x'], phones: [], company: '', notes: '' }).catch(
      (e: unknown) => e,
    );

    expect(isApiError(error)).toBe(true);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid_input');
    expect((error as ApiError).message).toBe('An e-mail address needs an @ sign.');
  });

  it('gives a user-facing sentence, never raw text, when the rejection is not an ApiError', async () => {
    mockBackend({
      app_status: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw 'command app_status not found';
      },
    });

    const error = await appStatus().catch((e: unknown) => e);

    expect((error as ApiError).code).toBe('other');
    expect(errorMessage(error)).toBe(FALLBACK_MESSAGE);
  });

  it('maps an unknown code to "other" but keeps the sentence', async () => {
    mockBackend({
      app_status: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw { code: 'brand_new_code', message: 'The vault is busy.' };
      },
    });

    const error = (await appStatus().catch((e: unknown) => e)) as ApiError;

    expect(error.code).toBe('other');
    expect(error.message).toBe('The vault is busy.');
  });

  it('tells locked listeners about a locked error, and stops after unsubscribing', async () => {
    mockBackend({ list_contacts: reject('locked', 'The vault is locked.') });
    const listener = vi.fn();
    const unsubscribe = onLocked(listener);

    await expect(listContacts(0, 50)).rejects.toMatchObject({ code: 'locked' });
    unsubscribe();
    await expect(listContacts(0, 50)).rejects.toMatchObject({ code: 'locked' });

    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ code: 'locked', message: 'The vault is locked.' }));
  });
});
