import { language, m } from '../i18n.svelte';
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
export const FALLBACK_MESSAGE = m.error_fallback({}, { locale: 'en' });

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

/**
 * The codes precise enough to say in the interface language what went wrong without the backend's sentence.
 * The other codes cover many causes (a wrong password and a throttled one are both `authentication`), so for
 * them the backend's English sentence is shown until core's codes carry the cause and its parameters.
 */
const TRANSLATED: Partial<Record<ErrorCode, () => string>> = {
  permission_denied: m.error_permission_denied,
  locked: m.error_locked,
  integrity: m.error_integrity,
  reauth_required: m.error_reauth_required,
};

/**
 * The sentence to show for `error` in the interface language. In English that is the backend's own sentence,
 * which says the most; in another language, the catalogue's sentence for a code precise enough to have one,
 * else the backend's sentence as it came.
 */
export function localizedMessage(error: ApiError): string {
  if (error.message === FALLBACK_MESSAGE) return m.error_fallback();
  if (language() === 'en') return error.message;
  return TRANSLATED[error.code]?.() ?? error.message;
}

/** The sentence to show for any caught error, in the interface language where its code allows. */
export function errorMessage(error: unknown): string {
  return localizedMessage(toApiError(error));
}
