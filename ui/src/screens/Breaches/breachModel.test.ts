import { describe, expect, it } from 'vitest';
import { blankFacts, minutesUntil, opensIncident, parseIds, timeLeft } from './breachModel';

describe('breachModel', () => {
  it('splits the time left into hours and minutes and says when it is past', () => {
    expect(timeLeft(2530)).toEqual({ hours: 42, minutes: 10, overdue: false });
    expect(timeLeft(-75)).toEqual({ hours: 1, minutes: 15, overdue: true });
  });

  it('counts the minutes to a deadline', () => {
    expect(minutesUntil('2026-12-04T10:00:00Z', new Date('2026-12-02T12:00:00Z'))).toBe(46 * 60);
    expect(minutesUntil('2026-12-04T10:00:00Z', new Date('2026-12-04T10:30:00Z'))).toBe(-30);
  });

  it('offers incidents on the alerts that may mean personal data was reached', () => {
    expect(opensIncident('failed-unlocks')).toBe(true);
    expect(opensIncident('bulk-export')).toBe(true);
    expect(opensIncident('audit-broken')).toBe(true);
    expect(opensIncident('policy-change')).toBe(false);
    // About an incident already open: it would open a second one.
    expect(opensIncident('breach-deadline')).toBe(false);
  });

  it('starts a new incident discovered now, in whole seconds', () => {
    const f = blankFacts(new Date('2026-12-07T05:00:00.123Z'));
    expect(f.discoveredAt).toBe('2026-12-07T05:00:00Z');
    expect(f.summary).toBe('');
    expect(f.peopleApprox).toBeNull();
  });

  it('reads contact ids from a typed list', () => {
    expect(parseIds('12, 34 56;x -3 7.5')).toEqual([12, 34, 56]);
  });
});
