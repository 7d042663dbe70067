import { describe, expect, it } from 'vitest';
import { ApiError, errorMessage, FALLBACK_MESSAGE, isApiError, toApiError } from './errors';

describe('toApiError', () => {
  it('keeps the code and the sentence of a backend error', () => {
    const error = toApiError({ code: 'not_found', message: 'No contact has the id 7.' });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('not_found');
    expect(error.message).toBe('No contact has the id 7.');
  });

  it('maps an unknown code to "other" but keeps the sentence', () => {
    const error = toApiError({ code: 'brand_new_code', message: 'The vault is busy.' });
    expect(error.code).toBe('other');
    expect(error.message).toBe('The vault is busy.');
  });

  it('gives the fallback sentence for raw text, an empty sentence or nothing usable', () => {
    expect(toApiError('command app_status not found').message).toBe(FALLBACK_MESSAGE);
    expect(toApiError({ code: 'integrity', message: '  ' })).toMatchObject({ code: 'integrity', message: FALLBACK_MESSAGE });
    expect(toApiError(null)).toMatchObject({ code: 'other', message: FALLBACK_MESSAGE });
  });

  it('returns an ApiError as it is', () => {
    const error = new ApiError('locked', 'The vault is locked.');
    expect(toApiError(error)).toBe(error);
    expect(isApiError(error)).toBe(true);
    expect(isApiError(new Error('x'))).toBe(false);
    expect(errorMessage(error)).toBe('The vault is locked.');
  });
});
