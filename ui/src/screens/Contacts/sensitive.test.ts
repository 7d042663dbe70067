import { describe, expect, it } from 'vitest';

import { shownSensitive } from './sensitive';

describe('shownSensitive', () => {
  it('shows a birthday without a year as day and month', () => {
    expect(shownSensitive('date-of-birth', '--03-14')).toBe('14 March (year not known)');
    expect(shownSensitive('date-of-birth', '--12-01')).toBe('1 December (year not known)');
  });

  it('leaves a full date and the other fields as stored', () => {
    expect(shownSensitive('date-of-birth', '1985-11-02')).toBe('1985-11-02');
    expect(shownSensitive('national-id', '--03-14')).toBe('--03-14');
    expect(shownSensitive('date-of-birth', '--13-40')).toBe('--13-40');
  });
});
