import type { SensitiveField, SensitiveFlags } from '../../lib/api';

/**
 * The three sensitive fields: how commands name them, their key in `Contact.sensitive`, their label, and how
 * a sentence names them.
 */
export const SENSITIVE_FIELDS: readonly {
  field: SensitiveField;
  key: keyof SensitiveFlags;
  label: string;
  inSentence: string;
}[] = [
  { field: 'date-of-birth', key: 'dateOfBirth', label: 'Date of birth', inSentence: 'date of birth' },
  { field: 'national-id', key: 'nationalId', label: 'National ID', inSentence: 'national ID' },
  { field: 'special-notes', key: 'specialNotes', label: 'Special-category notes', inSentence: 'special-category notes' },
];

/** Shown in place of a value that is set but not revealed. */
export const MASK = '••••••';

/** Shown for a field that holds no value. */
export const UNSET = '—';

/**
 * What the form sends for one sensitive field: `null` leaves it as it is (also for users who may not write
 * sensitive fields), `""` clears it, anything else replaces it.
 */
export function sensitiveInput(allowed: boolean, value: string, clear: boolean): string | null {
  if (!allowed) return null;
  if (clear) return '';
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A revealed value as the detail view shows it: a date of birth stored without its year (`--MM-DD`, as
 * imported vCards carry it) reads as "14 March (year not known)"; anything else as stored.
 */
export function shownSensitive(field: SensitiveField, value: string): string {
  const yearLess = field === 'date-of-birth' ? /^--(\d\d)-(\d\d)$/.exec(value) : null;
  const month = yearLess ? MONTHS[Number(yearLess[1]) - 1] : undefined;
  const day = yearLess ? Number(yearLess[2]) : 0;
  return month && day >= 1 && day <= 31 ? `${day} ${month} (year not known)` : value;
}
