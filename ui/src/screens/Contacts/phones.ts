// How the contact detail explains a phone number's E.164 form or flag (see `PhoneNumber`).

import type { PhoneNumber } from '../../lib/api';

/** The warning shown beside a flagged number, or `null` for a number read without doubt. */
export function phoneWarning(number: PhoneNumber | undefined): string | null {
  switch (number?.flag) {
    case 'unparseable':
      return 'Not a valid number: kept as written, but search and duplicate checks cannot read it.';
    case 'no-country':
      return 'Written without a country code, and the vault has no default country for phone numbers (Settings).';
    case 'invalid':
      return `Not a valid number: no number of its country looks like this${number.e164 ? ` (read as ${number.e164})` : ''}.`;
    case 'missing-trunk-zero':
      return `Read as ${number.e164 ?? 'a national number'}, assuming a spreadsheet dropped its leading zero.`;
    default:
      return null;
  }
}

/** The E.164 form to show under a number written otherwise, or `null`. */
export function phoneE164(number: PhoneNumber | undefined): string | null {
  if (!number?.e164 || number.flag) return null;
  return number.e164 === number.phone.replace(/[^+\d]/g, '') ? null : number.e164;
}
