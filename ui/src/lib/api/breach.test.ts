import { describe, expect, it } from 'vitest';
import { mockBackend } from '../../test/backend';
import { blankFacts } from '../../screens/Breaches/breachModel';
import { breachCountdown, breachFactsFromAlert, breachReport, decideBreach, openBreach } from './breach';

describe('breach api', () => {
  it('sends ids, facts, decisions and report windows as the commands take them', async () => {
    const calls = mockBackend({
      breach_facts_from_alert: () => blankFacts(new Date('2026-12-07T05:00:00Z')),
      open_breach: () => ({ id: 1 }),
      decide_breach: () => ({ id: 1 }),
      breach_report: () => ({ entries: [], summary: [] }),
      breach_countdown: () => null,
    });
    const facts = await breachFactsFromAlert(7);
    await openBreach(facts, 7);
    await decideBreach(1, {
      notifyAuthority: false,
      authorityReason: 'encrypted',
      notifySubjects: false,
      subjectsReason: 'encrypted',
      notifiedAt: null,
    });
    await breachReport(1, { from: '2026-12-01', to: '2026-12-08', users: ['bob'], contacts: [12] });
    expect(await breachCountdown()).toBeNull();
    expect(calls.map((c) => c.command)).toEqual([
      'breach_facts_from_alert',
      'open_breach',
      'decide_breach',
      'breach_report',
      'breach_countdown',
    ]);
    expect(calls[0]?.args).toEqual({ alertId: 7 });
    expect(calls[1]?.args).toEqual({ facts, fromAlert: 7 });
    expect(calls[2]?.args).toMatchObject({ id: 1, decision: { notifyAuthority: false, authorityReason: 'encrypted' } });
    expect(calls[3]?.args).toEqual({
      id: 1,
      query: { from: '2026-12-01', to: '2026-12-08', users: ['bob'], contacts: [12] },
    });
  });
});
