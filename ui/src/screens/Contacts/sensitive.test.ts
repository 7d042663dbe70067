import { describe, expect, it } from 'vitest';

import { setLanguage } from '../../lib/i18n.svelte';
import { shownSensitive } from './sensitive';

describe('shownSensitive', () => {
  it('shows a birthday without a year as day and month, in the way of the language', () => {
    expect(shownSensitive('date-of-birth', '--03-14', 'en-GB')).toBe('14 March (year not known)');
    expect(shownSensitive('date-of-birth', '--12-01', 'en-GB')).toBe('1 December (year not known)');
    expect(shownSensitive('date-of-birth', '--03-14', 'en-US')).toBe('March 14 (year not known)');
    expect(shownSensitive('date-of-birth', '--02-29', 'en-GB')).toBe('29 February (year not known)');
    setLanguage('ro');
    expect(shownSensitive('date-of-birth', '--03-14')).toBe('14 martie (anul nu se cunoaște)');
  });

  it('leaves a full date, a day its month does not have, and the other fields as stored', () => {
    expect(shownSensitive('date-of-birth', '1985-11-02')).toBe('1985-11-02');
    expect(shownSensitive('national-id', '--03-14')).toBe('--03-14');
    expect(shownSensitive('date-of-birth', '--13-40')).toBe('--13-40');
    expect(shownSensitive('date-of-birth', '--02-31')).toBe('--02-31');
    expect(shownSensitive('date-of-birth', '--04-00')).toBe('--04-00');
  });
});
