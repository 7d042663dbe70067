// How the contact detail explains a phone number's E.164 form or flag (see `PhoneNumber`).

import type { PhoneNumber } from '../../lib/api';
import { m } from '../../lib/i18n.svelte';

/** The warning shown beside a flagged number, or `null` for a number read without doubt. */
export function phoneWarning(number: PhoneNumber | undefined): string | null {
  switch (number?.flag) {
    case 'unparseable':
      return m.contact_phone_unparseable();
    case 'no-country':
      return m.contact_phone_no_country();
    case 'invalid':
      return number.e164 ? m.contact_phone_invalid_read_as({ e164: number.e164 }) : m.contact_phone_invalid();
    case 'missing-trunk-zero':
      return number.e164 ? m.contact_phone_trunk_zero({ e164: number.e164 }) : m.contact_phone_trunk_zero_national();
    default:
      return null;
  }
}

/** The E.164 form to show under a number written otherwise, or `null`. */
export function phoneE164(number: PhoneNumber | undefined): string | null {
  if (!number?.e164 || number.flag) return null;
  return number.e164 === number.phone.replace(/[^+\d]/g, '') ? null : number.e164;
}
