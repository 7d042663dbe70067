import { describe, expect, it, vi } from 'vitest';
import { mockBackend, reject } from '../../test/backend';
import { call, onLocked } from './call';
import { ApiError, errorMessage, FALLBACK_MESSAGE, isApiError } from './errors';

describe('call', () => {
  it('turns a rejected {code, message} into an ApiError with the same code and sentence', async () => {
    mockBackend({ add_contact: reject('invalid_input', 'An e-mail address needs an @ sign.') });

    const error: unknown = await call('add_contact', { contact: { name: 'x' } }).catch((e: unknown) => e);

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

    const error = await call('app_status').catch((e: unknown) => e);

    expect((error as ApiError).code).toBe('other');
    expect(errorMessage(error)).toBe(FALLBACK_MESSAGE);
  });

  it('tells locked listeners about a locked error, and stops after unsubscribing', async () => {
    mockBackend({ list_contacts: reject('locked', 'The vault is locked.') });
    const listener = vi.fn();
    const unsubscribe = onLocked(listener);

    await expect(call('list_contacts')).rejects.toMatchObject({ code: 'locked' });
    unsubscribe();
    await expect(call('list_contacts')).rejects.toMatchObject({ code: 'locked' });

    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ code: 'locked', message: 'The vault is locked.' }));
  });
});
