import type { SensitiveField, SensitiveFlags } from '../../lib/api';
import { intlLocale, m } from '../../lib/i18n.svelte';

/**
 * The three sensitive fields: how commands name them, their key in `Contact.sensitive`, and the words the
 * screens use for them (read when shown, in the interface language): the label, and the names of the
 * buttons that hide, reveal and clear the field.
 */
export const SENSITIVE_FIELDS: readonly {
  field: SensitiveField;
  key: keyof SensitiveFlags;
  label: () => string;
  hide: () => string;
  reveal: () => string;
  clear: () => string;
}[] = [
  {
    field: 'date-of-birth',
    key: 'dateOfBirth',
    label: m.contact_dob,
    hide: m.contact_hide_dob,
    reveal: m.contact_reveal_dob,
    clear: m.contact_clear_dob,
  },
  {
    field: 'national-id',
    key: 'nationalId',
    label: m.contact_national_id,
    hide: m.contact_hide_national_id,
    reveal: m.contact_reveal_national_id,
    clear: m.contact_clear_national_id,
  },
  {
    field: 'special-notes',
    key: 'specialNotes',
    label: m.contact_special_notes,
    hide: m.contact_hide_special_notes,
    reveal: m.contact_reveal_special_notes,
    clear: m.contact_clear_special_notes,
  },
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

/**
 * A revealed value as the detail view shows it: a date of birth stored without its year (`--MM-DD`, as
 * imported vCards carry it) reads as "14 March (year not known)" (the day and month in `locale`'s way,
 * "14 martie" in Romanian); anything else as stored.
 */
export function shownSensitive(field: SensitiveField, value: string, locale: string = intlLocale()): string {
  const yearLess = field === 'date-of-birth' ? /^--(\d\d)-(\d\d)$/.exec(value) : null;
  if (!yearLess) return value;
  const month = Number(yearLess[1]) - 1;
  const day = Number(yearLess[2]);
  // A leap year, so that 29 February is a day; a day its month does not have rolls over and is refused.
  const date = new Date(2000, month, day);
  if (day < 1 || date.getMonth() !== month || date.getDate() !== day) return value;
  return m.contact_birthday_no_year({ date: date.toLocaleDateString(locale, { day: 'numeric', month: 'long' }) });
}
