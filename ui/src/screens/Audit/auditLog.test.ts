import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../lib/i18n.svelte';
import {
  actionName,
  AUDIT_ACTION_GROUPS,
  AUDIT_ACTIONS,
  AUDIT_REFUSED_ONLY_ACTIONS,
  exportSentence,
  formatDetails,
  formatTarget,
  localDayStart,
  untilBound,
  verifySentence,
} from './auditLog';

describe('audit helpers', () => {
  it('turns a picked date into the start of that local day, and until into the start of the next', () => {
    expect(localDayStart('2026-03-01')).toBe(new Date(2026, 2, 1).toISOString().replace('.000Z', 'Z'));
    expect(untilBound('2026-12-31')).toBe(new Date(2027, 0, 1).toISOString().replace('.000Z', 'Z'));
    expect(localDayStart('')).toBeNull();
    expect(localDayStart('1 March')).toBeNull();
  });

  it('renders targets and details compactly', () => {
    expect(formatTarget({ targetType: 'contact', targetId: '12' })).toBe('contact 12');
    expect(formatTarget({ targetType: null, targetId: null })).toBe('');
    expect(formatDetails('{"from":"agent","to":"manager","entries":3,"intact":true}')).toBe(
      'from: agent · to: manager · entries: 3 · intact: true',
    );
    expect(formatDetails('{}')).toBe('');
    expect(formatDetails('not json')).toBe('not json');
  });

  it('words the verdicts and the export', () => {
    expect(verifySentence({ intact: true, entries: 1, firstBroken: null, problem: null })).toBe(
      'Intact — 1 entry, each linked to the one before.',
    );
    expect(verifySentence({ intact: false, entries: 0, firstBroken: 5, problem: 'entry 5 is missing.' })).toBe(
      'Tampered: entry 5 is missing (first broken entry #5).',
    );
    expect(verifySentence({ intact: false, entries: 0, firstBroken: null, problem: null })).toBe(
      'Tampered: the chain of entries is broken.',
    );
    expect(exportSentence(1, '/a.csv')).toBe('Exported 1 entry to /a.csv.');
  });

  it('offers each action once, the newer ones included, and groups that each hold some of them', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    const offered: readonly string[] = AUDIT_ACTIONS;
    const newer = [
      'alert.ack',
      'policy.set',
      'vault.reauthenticate',
      'vault.device_remember',
      'backup.restore',
      'consent.withdraw',
      'consent.evidence',
      'dsr.erase',
      'import.email',
    ];
    for (const action of newer) expect(offered).toContain(action);
    for (const group of AUDIT_ACTION_GROUPS) {
      expect(AUDIT_ACTIONS.filter((a) => a.startsWith(group.value)).length).toBeGreaterThan(1);
    }
  });
});

describe('action names', () => {
  const catalogues = import.meta.glob<Record<string, unknown>>('/messages/*.json', { import: 'default', eager: true });
  const catalogue = (language: string) => catalogues[`/messages/${language}.json`] ?? {};

  it('names every action in English and Romanian, and keeps the code to filter by', () => {
    const english = catalogue('en');
    const romanian = catalogue('ro');
    const every: readonly string[] = [...AUDIT_ACTIONS, ...AUDIT_REFUSED_ONLY_ACTIONS];
    expect(new Set(every).size).toBe(every.length);
    for (const action of every) {
      const key = `audit_name_${action.replace('.', '_')}`;
      expect(english[key], action).toBeTypeOf('string');
      expect(romanian[key], action).toBeTypeOf('string');
      expect(romanian[key], action).not.toBe(english[key]);
      expect(romanian[key], action).not.toMatch(/[şţŞŢ]/);
      setLanguage('ro');
      expect(actionName(action), action).toBe(romanian[key]);
      setLanguage('en');
      expect(actionName(action), action).toBe(english[key]);
    }
    expect(actionName('contact.something_new')).toBeNull();
  });
});
