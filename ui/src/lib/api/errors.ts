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

/** What a refusal of input may carry besides its sentence: the check's reason and its values. */
export interface ErrorDetails {
  cause?: unknown;
  reason?: string;
  params?: Record<string, string>;
}

/**
 * A command that failed. The UI shows `message`, which the backend writes as a whole sentence, and
 * branches only on `code`; it never shows the code and never matches on the message text. Refused input may
 * also carry the check's `reason` and its `params` (the field, the length, the limit, the position), so the
 * sentence can be said in the interface language.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly reason: string | null;
  readonly params: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, message: string, options?: ErrorDetails) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.reason = options?.reason ?? null;
    this.params = options?.params ?? {};
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
    const { code, message, reason, params } = raw as {
      code?: unknown;
      message?: unknown;
      reason?: unknown;
      params?: unknown;
    };
    const knownCode = ERROR_CODES.find((c) => c === code) ?? 'other';
    const usableMessage = typeof message === 'string' && message.trim() !== '' ? message : FALLBACK_MESSAGE;
    if (typeof code === 'string') {
      return new ApiError(knownCode, usableMessage, {
        cause: raw,
        ...(typeof reason === 'string' ? { reason } : {}),
        ...(isTextRecord(params) ? { params } : {}),
      });
    }
  }
  return new ApiError('other', FALLBACK_MESSAGE, { cause: raw });
}

function isTextRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
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
 * The fields core's checks name, by the name their sentences give them, whose name the catalogue has. A name
 * several records share with different meanings (`title`: a contact's job title, a deal's title) is left out,
 * so its refusal keeps the backend's sentence.
 */
const FIELDS: Record<string, () => string> = {
  name: m.import_field_name,
  'e-mail address': m.import_field_email,
  'phone number': m.import_field_phone,
  company: m.import_field_company,
  source: m.import_field_source,
  notes: m.import_field_notes,
  street: m.import_field_street,
  city: m.import_field_city,
  'postal code': m.import_field_postal_code,
  region: m.import_field_region,
  country: m.import_field_country,
  tag: m.import_field_tags,
  'due time': m.task_field_time,
  duration: m.task_field_duration,
  reminder: m.task_field_reminder,
};

/** The sentence for refused input with a reason and the values it needs; `null` when it lacks one of them. */
function refusalSentence(error: ApiError): string | null {
  const p = error.params;
  const field = p.field === undefined ? undefined : FIELDS[p.field]?.();
  const { length, limit, min, position } = p;
  switch (error.reason) {
    case 'required':
      return field ? m.error_input_required({ field }) : null;
    case 'multiline':
      return field ? m.error_input_multiline({ field }) : null;
    case 'too-long':
      return field && length && limit ? m.error_input_too_long({ field, length: Number(length), limit }) : null;
    case 'control-characters':
      return field ? m.error_input_control_characters({ field }) : null;
    case 'too-many':
      return field && limit ? m.error_input_too_many({ field, limit: Number(limit) }) : null;
    // The @ is a placeholder: in the text of a message it would end up as a tag in the compiled JSDoc.
    case 'email-invalid':
      return position ? m.error_input_email_invalid({ position, at: '@' }) : null;
    case 'phone-invalid':
      return position ? m.error_input_phone_invalid({ position }) : null;
    case 'time-invalid':
      return field ? m.error_input_time_invalid({ field }) : null;
    case 'needs-due-date':
      return field ? m.error_input_needs_due_date({ field }) : null;
    case 'out-of-range':
      return field && min && limit ? m.error_input_out_of_range({ field, min, limit }) : null;
    case 'assignee-cannot-hold':
      return m.error_input_assignee_cannot_hold();
    case 'cursor-invalid':
      return m.error_input_cursor_invalid();
    case 'bulk-too-many':
      return limit ? m.error_input_bulk_too_many({ limit }) : null;
    case 'merge-changed-since':
      return m.error_input_merge_changed_since();
    case 'import-merged-since':
      return m.error_input_import_merged_since();
    default:
      return null;
  }
}

/** The update commands' reasons (code `other`), each precise enough to say without the backend's sentence. */
const UPDATE_REASONS: Record<string, () => string> = {
  'updates-off': m.error_updates_off,
  'updates-package-manager': m.error_updates_package_manager,
  'update-unreachable': m.error_update_unreachable,
  'update-bad-signature': m.error_update_bad_signature,
  'update-not-offered': m.error_update_not_offered,
  'update-failed': m.error_update_failed,
};

/**
 * The sentence to show for `error` in the interface language. In English that is the backend's own sentence,
 * which says the most; in another language, the catalogue's sentence for refused input whose reason and
 * values came, for an update command's reason, or for a code precise enough to have one, else the backend's
 * sentence as it came.
 */
export function localizedMessage(error: ApiError): string {
  if (error.message === FALLBACK_MESSAGE) return m.error_fallback();
  // An export or a reveal refused until the rules are accepted: the catalogue's sentence in every language,
  // which says what to do in the app's words.
  if (error.reason === 'rules-not-acknowledged') return m.rules_error_not_acknowledged();
  if (language() === 'en') return error.message;
  if (error.code === 'invalid_input') return refusalSentence(error) ?? error.message;
  if (error.code === 'other' && error.reason !== null) return UPDATE_REASONS[error.reason]?.() ?? error.message;
  return TRANSLATED[error.code]?.() ?? error.message;
}

/** The sentence to show for any caught error, in the interface language where its code allows. */
export function errorMessage(error: unknown): string {
  return localizedMessage(toApiError(error));
}
