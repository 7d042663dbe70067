import { describe, expect, it } from 'vitest';
import { ALERT_REASONS, type AlertReason } from '../../lib/api/types/AlertReason';
import { formatMoment } from '../../lib/format';
import { setLanguage } from '../../lib/i18n.svelte';
import { tableLabel } from '../../lib/recordKinds';
import {
  acknowledgedSentence,
  alertSummary,
  alertsLabel,
  auditSeqsNewestFirst,
  ruleLabel,
  severityLabel,
  severityOf,
} from './alertModel';

/** Values of the kind core gives each reason (crates/core/src/monitor/alerts.rs, `SUMMARY_REASONS`). */
const VALUES: Record<AlertReason, Record<string, string>> = {
  'audit-broken': { entry: '41' },
  'breach-deadline': { incident: '3', hours: '20' },
  'bulk-export-confirmed': { contacts: '620', limit: '500' },
  'bulk-export-refused': { contacts: '6000', limit: '5000' },
  'failed-unlocks-password': { count: '5' },
  'failed-unlocks-recovery': { count: '21' },
  'failed-unlocks-unknown': { count: '1' },
  'many-exports': { count: '10', minutes: '60' },
  'many-reveals': { count: '30', minutes: '60' },
  'mass-deletion': { count: '60', minutes: '10' },
  'outside-hours': { hour: '22', start: '07', end: '20' },
  'policy-change': { key: 'failed_unlocks' },
  'record-scraping': { count: '100', minutes: '5' },
  'recovery-key': {},
  'restore-new-folder': { created: '2026-03-01T09:30:00Z' },
  'restore-over-vault': { created: '2026-03-01T09:30:00Z' },
  'review-overdue': { days: '12' },
  'role-change': { user: '3', from: 'agent', to: 'manager' },
  'sync-refused': { change: '17', why: 'role', role: 'agent', table: 'users' },
};

describe('alert summaries', () => {
  it('says every reason core gives an alert in English and in Romanian, never falling back', () => {
    const fallback = 'ENGLISH SENTENCE FROM THE VAULT';
    expect(Object.keys(VALUES).sort()).toEqual([...ALERT_REASONS].sort());
    for (const locale of ['en', 'ro'] as const) {
      setLanguage(locale);
      const said = new Set<string>();
      for (const reason of ALERT_REASONS) {
        const text = alertSummary({ reason, params: VALUES[reason], summary: fallback });
        expect(text, `${locale} ${reason}`).not.toBe(fallback);
        expect(text, `${locale} ${reason}`).not.toMatch(/alert_summary|\{|\}/);
        for (const value of Object.values(VALUES[reason])) {
          if (/^\d+$/.test(value)) expect(text, `${locale} ${reason}`).toContain(value);
        }
        said.add(text);
      }
      expect(said.size, 'one sentence each').toBe(ALERT_REASONS.length);
    }
  });

  it('words the values in Romanian: plurals, roles and dates', () => {
    setLanguage('ro');
    expect(alertSummary({ reason: 'mass-deletion', params: { count: '60', minutes: '10' }, summary: '' })).toBe(
      '60 de contacte șterse în 10 min.',
    );
    expect(alertSummary({ reason: 'many-exports', params: { count: '3', minutes: '60' }, summary: '' })).toBe(
      '3 exporturi în 60 min.',
    );
    expect(
      alertSummary({ reason: 'role-change', params: { user: '3', from: 'agent', to: 'manager' }, summary: '' }),
    ).toBe('Rolul utilizatorului nr. 3 a fost schimbat din agent în manager.');
    expect(
      alertSummary({ reason: 'restore-over-vault', params: { created: '2026-03-01T09:30:00Z' }, summary: '' }),
    ).toContain('din 01.03.2026');
    expect(alertSummary({ reason: 'review-overdue', params: { days: '1' }, summary: '' })).toBe(
      'Revizuirea accesului este întârziată de 1 zi.',
    );
  });

  it('says why a team change was refused, and names a changed policy setting', () => {
    setLanguage('ro');
    const refused = (params: Record<string, string>) =>
      alertSummary({ reason: 'sync-refused', params: { change: '17', ...params }, summary: 'ENGLISH' });
    expect(refused({ why: 'role', role: 'agent', table: 'users' })).toBe(
      'Modificarea de echipă nr. 17 a fost refuzată și nu a fost aplicată: rolul autorului ei (agent) nu poate modifica aceste date (Utilizatori).',
    );
    expect(refused({ why: 'rekey', role: 'manager' })).toBe(
      'Modificarea de echipă nr. 17 a fost refuzată și nu a fost aplicată: rolul autorului ei (manager) nu poate schimba cheia seifului echipei.',
    );
    expect(refused({ why: 'rekey' })).toBe('ENGLISH');
    expect(refused({ why: 'rekey-key' })).toContain('noua cheie oferită de server nu este cea numită');
    expect(refused({ why: 'unreadable' })).toContain('nu se deschide sau semnătura ei este greșită');
    expect(refused({ why: 'other-slot' })).toContain('slotul autorului ei aparține altui utilizator');
    expect(refused({ why: 'no-user' })).toContain('autorul ei nu este un utilizator activ al seifului');
    expect(refused({ why: 'not-shared', table: 'settings' })).toContain('modifică date care nu sunt partajate (Setări).');
    expect(refused({ why: 'role', role: 'agent', table: 'contact_emails' })).toContain(
      '(Adresele de e-mail ale contactelor)',
    );
    expect(refused({ why: 'not-shared', table: 'sessions' })).toContain('(tabela internă „sessions” a aplicației Steward)');
    // Raised before alerts said why: the change alone.
    expect(refused({})).toBe('Modificarea de echipă nr. 17 a fost refuzată și nu a fost aplicată.');
    // A why this version does not know, or one missing its values: the English sentence, which says why.
    expect(refused({ why: 'something-new' })).toBe('ENGLISH');
    expect(refused({ why: 'role', role: 'agent' })).toBe('ENGLISH');
    expect(alertSummary({ reason: 'policy-change', params: { key: 'export_hard_limit' }, summary: '' })).toBe(
      'Politica de securitate a fost schimbată: mărimea exportului peste care exporturile sunt refuzate.',
    );
    setLanguage('en');
    expect(alertSummary({ reason: 'policy-change', params: { key: 'working_hours' }, summary: '' })).toBe(
      'Security policy changed: the working hours.',
    );
    expect(alertSummary({ reason: 'policy-change', params: { key: 'new_key' }, summary: '' })).toBe(
      'Security policy changed: new_key.',
    );
  });

  it('keeps the stored English sentence without a reason, with an unknown one, or when a value is missing', () => {
    setLanguage('ro');
    expect(alertSummary({ params: {}, summary: 'signed in at 22h' })).toBe('signed in at 22h');
    expect(alertSummary({ reason: 'something-new', params: {}, summary: 'new' })).toBe('new');
    expect(alertSummary({ reason: 'many-exports', params: { count: '3' }, summary: '3 exports' })).toBe('3 exports');
    expect(alertSummary({ reason: 'role-change', params: { user: '3', from: 'agent', to: 'boss' }, summary: 'x' })).toBe(
      'x',
    );
  });

  it('says them in English from the catalogue too', () => {
    expect(alertSummary({ reason: 'many-exports', params: { count: '3', minutes: '60' }, summary: '' })).toBe(
      '3 exports within 60 min.',
    );
    expect(alertSummary({ reason: 'failed-unlocks-unknown', params: { count: '1' }, summary: '' })).toBe(
      '1 failed unlock with a user name that does not exist.',
    );
  });
});

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

describe('the tables a refused team change names', () => {
  // core's sync::replica::SYNCED, and tables that are never shared
  const SYNCED = [
    'users',
    'imports',
    'companies',
    'contacts',
    'contact_emails',
    'contact_phones',
    'contact_sensitive',
    'pipeline_stages',
    'deals',
    'activities',
    'tasks',
    'tags',
    'contact_tags',
    'custom_fields',
    'contact_custom_values',
    'purposes',
    'consent_forms',
    'consent_form_purposes',
    'consents',
    'dsr_requests',
    'erasure_ledger',
    'suppressions',
  ];

  it('names every shared table by what it holds, in English and Romanian', () => {
    for (const table of [...SYNCED, 'settings', 'audit_log']) {
      setLanguage('en');
      const english = tableLabel(table);
      setLanguage('ro');
      const romanian = tableLabel(table);
      expect(english, table).not.toContain(table);
      expect(romanian, table).not.toContain(table);
      expect(romanian, table).not.toBe(english);
    }
  });
});
