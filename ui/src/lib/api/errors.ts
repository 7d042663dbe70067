import type { ErrorCode } from './types';

const ERROR_CODES: readonly ErrorCode[] = [
  'authentication',
  'permission_denied',
  'integrity',
  'locked',
  'invalid_input',
  'not_found',
  'reauth_required',
  'other',
];

/** Shown when a rejection does not carry a usable sentence (a bug or a broken bridge, not a user mistake). */
export const FALLBACK_MESSAGE = 'Something went wrong. Please try again, and restart Steward if it keeps happening.';

/**
 * A command that failed. The UI shows `message`, which the backend writes as a whole sentence, and
 * branches only on `code`; it never shows the code and never matches on the message text.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/**
 * Turns whatever `invoke` rejected with into an `ApiError`. The backend rejects with `{code, message}`;
 * anything else (Tauri's own string errors, a missing bridge) becomes code `other` with a generic
 * sentence, because such text is written for developers, not for the person using the app.
 */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (typeof raw === 'object' && raw !== null) {
    const { code, message } = raw as { code?: unknown; message?: unknown };
    const knownCode = ERROR_CODES.find((c) => c === code) ?? 'other';
    const usableMessage = typeof message === 'string' && message.trim() !== '' ? message : FALLBACK_MESSAGE;
    if (typeof code === 'string') return new ApiError(knownCode, usableMessage, { cause: raw });
  }
  return new ApiError('other', FALLBACK_MESSAGE, { cause: raw });
}

/** The sentence to show for any caught error. */
export function errorMessage(error: unknown): string {
  return toApiError(error).message;
}
