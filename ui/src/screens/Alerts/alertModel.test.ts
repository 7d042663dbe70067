import { describe, expect, it } from 'vitest';
import { formatMoment } from '../../lib/format';
import {
  acknowledgedSentence,
  alertsLabel,
  auditSeqsNewestFirst,
  ruleLabel,
  severityLabel,
  severityOf,
} from './alertModel';

describe('alert helpers', () => {
  it('words every rule the core raises, and shows an unknown one by its key', () => {
    expect(ruleLabel('failed-unlocks')).toBe('Failed unlocks');
    expect(ruleLabel('record-scraping')).toBe('Many records opened');
    expect(ruleLabel('outside-hours')).toBe('Sign-in outside working hours');
    expect(ruleLabel('restore')).toBe('Backup restored');
    expect(ruleLabel('something-new')).toBe('something-new');
  });

  it('reads the severity, treating anything unexpected as a warning', () => {
    expect(severityOf({ severity: 'critical' })).toBe('critical');
    expect(severityOf({ severity: 'info' })).toBe('info');
    expect(severityOf({ severity: 'loud' })).toBe('warning');
    expect(severityLabel('critical')).toBe('Critical');
  });

  it('orders the audit entries newest first', () => {
    expect(auditSeqsNewestFirst({ auditSeqs: [7, 12, 9] })).toEqual([12, 9, 7]);
  });

  it('says who acknowledged an alert and when, and names the header button with its count', () => {
    expect(acknowledgedSentence({ acknowledgedAt: null, acknowledgedBy: null })).toBe('');
    expect(acknowledgedSentence({ acknowledgedAt: '2026-03-02T08:15:00Z', acknowledgedBy: 'ann' })).toBe(
      `Acknowledged by ann on ${formatMoment('2026-03-02T08:15:00Z')}.`,
    );
    expect(alertsLabel(0)).toBe('Alerts');
    expect(alertsLabel(3)).toBe('Alerts, 3 open');
  });
});
