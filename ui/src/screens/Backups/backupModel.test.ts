import { describe, expect, it } from 'vitest';
import { backupSettings, backupStatus } from '../../test/backups';
import { m, setLanguage } from '../../lib/i18n.svelte';
import {
  around,
  backupWarnings,
  countsSummary,
  credentialsFrom,
  formatSize,
  kindLabel,
  settingsForm,
  settingsFromForm,
} from './backupModel';

describe('backup labels', () => {
  it('names every kind of backup and shows an unknown one as it is', () => {
    expect(kindLabel('manual')).toBe('Manual');
    expect(kindLabel('lock')).toBe('On lock');
    expect(kindLabel('pre-restore')).toBe('Before a restore');
    expect(kindLabel('pre-migration')).toBe('Before an update');
    expect(kindLabel('hourly-cloud')).toBe('hourly-cloud');
  });

  it('shows sizes in decimal units', () => {
    expect(formatSize(512)).toBe('512 bytes');
    expect(formatSize(1_456_000)).toBe('1.5 MB');
    expect(formatSize(70_000_000)).toBe('70.0 MB');
    expect(formatSize(2_500_000_000)).toBe('2.5 GB');
  });

  it('sums up what a backup holds, singular where it is one, leaving out tables it does not count', () => {
    expect(countsSummary({ contacts: 1, companies: 2, deals: 0, users: 1, audit_log: 9 })).toBe(
      '1 contact, 2 companies, 0 deals, 1 user',
    );
  });
});

describe('backupWarnings', () => {
  it('has nothing to say when backups are fine', () => {
    expect(backupWarnings(backupStatus())).toEqual([]);
  });

  it('names a failing backup first, with the reason as a sentence', () => {
    const warnings = backupWarnings(backupStatus({ lastError: 'no space left on device', stale: true }));
    expect(warnings.map((w) => w.id)).toEqual(['failing', 'stale']);
    expect(warnings[0]?.text).toBe('The last backup failed: no space left on device.');
  });

  it('says when there is no backup at all, rather than that it is stale', () => {
    const warnings = backupWarnings(backupStatus({ lastBackupAt: null, stale: true, lastDrill: null }));
    expect(warnings.map((w) => w.id)).toEqual(['none']);
  });

  it('warns about a folder on the vault’s own disk and a failed drill', () => {
    const status = backupStatus({
      sameDisk: true,
      lastDrill: { fileName: 'b.stwbak', ok: false, detail: 'its database does not authenticate', at: '2026-03-01T10:00:00Z' },
    });
    expect(backupWarnings(status).map((w) => w.id)).toEqual(['same-disk', 'drill-failed']);
  });
});

describe('the settings form', () => {
  it('round-trips the settings, an empty folder meaning the default', () => {
    const settings = backupSettings({ dir: '/media/usb/steward' });
    expect(settingsFromForm(settingsForm(settings))).toEqual({ settings });
    expect(settingsFromForm({ ...settingsForm(settings), dir: '  ' })).toEqual({
      settings: { ...settings, dir: null },
    });
  });

  it('refuses what the core would refuse, with a sentence', () => {
    const form = settingsForm(backupSettings());
    const problem = (patch: Partial<typeof form>) => {
      const result = settingsFromForm({ ...form, ...patch });
      return 'problem' in result ? result.problem : null;
    };
    expect(problem({ dir: 'backups' })).toMatch(/full path/);
    expect(problem({ intervalMinutes: '10081' })).toMatch(/a week/);
    expect(problem({ intervalMinutes: 'hourly' })).toMatch(/whole number of minutes/);
    expect(problem({ keepDaily: '-1' })).toMatch(/whole number/);
    expect(problem({ keepLast: '0', keepHourly: '0', keepDaily: '0', keepWeekly: '0', keepMonthly: '0' })).toMatch(
      /at least one/,
    );
    expect(problem({ drillIntervalDays: '400' })).toMatch(/365/);
    expect(problem({ dir: 'C:\\Backups', intervalMinutes: '0', drillIntervalDays: '0' })).toBeNull();
  });
});

describe('credentialsFrom', () => {
  it('sends a password with its trimmed user, or the trimmed recovery key', () => {
    expect(credentialsFrom('password', ' ada ', 'secret words', '')).toEqual({
      credentials: { kind: 'password', user: 'ada', password: 'secret words' },
    });
    expect(credentialsFrom('recovery', '', '', ' AB12-CD34 ')).toEqual({
      credentials: { kind: 'recovery_key', recoveryKey: 'AB12-CD34' },
    });
  });

  it('says what is missing', () => {
    expect(credentialsFrom('password', 'ada', '', '')).toHaveProperty('problem');
    expect(credentialsFrom('recovery', 'ada', 'pw', '  ')).toEqual({ problem: 'Enter the recovery key.' });
  });
});

describe('in Romanian', () => {
  it('words kinds, sizes, counts, warnings and problems in the interface language', () => {
    setLanguage('ro');
    expect(kindLabel('pre-restore')).toBe('Înainte de o restaurare');
    expect(kindLabel('hourly-cloud')).toBe('hourly-cloud');
    expect(formatSize(1_456_000)).toBe('1,5 MB');
    expect(formatSize(1)).toBe('1 octet');
    expect(formatSize(512)).toBe('512 octeți');
    expect(formatSize(520)).toBe('520 de octeți');
    expect(countsSummary({ contacts: 1234, companies: 2, deals: 20, users: 1 })).toBe(
      '1.234 de contacte, 2 companii, 20 de oportunități, 1 utilizator',
    );
    const warnings = backupWarnings(backupStatus({ lastError: 'no space left on device', sameDisk: true }));
    expect(warnings.map((w) => w.text)).toEqual([
      'Ultima copie de rezervă a eșuat: no space left on device.',
      'Folderul copiilor de rezervă este pe același disc cu seiful, așa că defectarea discului le distruge pe amândouă. ' +
        'Alegeți o unitate externă sau un folder sincronizat.',
    ]);
    expect(settingsFromForm({ ...settingsForm(backupSettings()), intervalMinutes: '10081' })).toEqual({
      problem: 'Intervalul trebuie să fie un număr întreg de minute, de la 0 la 10080 (o săptămână).',
    });
    expect(credentialsFrom('recovery', '', '', '')).toEqual({ problem: 'Introduceți cheia de recuperare.' });
  });

  it('splits a message around the value shown in its own markup', () => {
    setLanguage('ro');
    expect(around((dir) => m.restore_into_target({ dir }))).toEqual(['În ', '']);
    setLanguage('en');
    expect(around((folder) => m.backup_dir_hint({ folder }))).toEqual([
      'Empty: a ',
      ' folder beside the vault. An external drive or a synced folder survives a dead disk.',
    ]);
  });
});
