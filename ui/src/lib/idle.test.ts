import { describe, expect, it, vi } from 'vitest';
import { resetLanguage, setLanguage } from './i18n.svelte';
import { activityReporter, isLockShortcut, lockNotice, reportGapMs } from './idle';

const key = (init: KeyboardEventInit) => new KeyboardEvent('keydown', init);

describe('isLockShortcut', () => {
  it('is Ctrl+L or ⌘L, in either case', () => {
    expect(isLockShortcut(key({ key: 'l', ctrlKey: true }))).toBe(true);
    expect(isLockShortcut(key({ key: 'L', ctrlKey: true }))).toBe(true);
    expect(isLockShortcut(key({ key: 'l', metaKey: true }))).toBe(true);
  });

  it('is not L alone, nor with Alt or Shift, nor another key', () => {
    expect(isLockShortcut(key({ key: 'l' }))).toBe(false);
    expect(isLockShortcut(key({ key: 'l', ctrlKey: true, altKey: true }))).toBe(false);
    expect(isLockShortcut(key({ key: 'L', ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isLockShortcut(key({ key: 'k', ctrlKey: true }))).toBe(false);
  });
});

describe('activityReporter', () => {
  it('reports the first input, then at most once per gap', () => {
    let now = 0;
    const report = vi.fn();
    const input = activityReporter(report, () => now);
    input(600);
    input(600);
    expect(report).toHaveBeenCalledTimes(1);
    now = 4_999;
    input(600);
    expect(report).toHaveBeenCalledTimes(1);
    now = 5_000;
    input(600);
    expect(report).toHaveBeenCalledTimes(2);
  });

  it('reports more often when the idle time is very short', () => {
    expect(reportGapMs(600)).toBe(5_000);
    expect(reportGapMs(8)).toBe(2_000);
    expect(reportGapMs(0)).toBe(250);
    let now = 0;
    const report = vi.fn();
    const input = activityReporter(report, () => now);
    input(8);
    now = 2_000;
    input(8);
    expect(report).toHaveBeenCalledTimes(2);
  });
});

describe('lockNotice', () => {
  const idle = { reason: 'idle' as const, message: 'Steward locked itself after 10 minutes without use.' };
  const desktop = { reason: 'desktop' as const, message: 'Steward locked itself because the computer went to sleep.' };

  it("says the backend's sentence in English, and the reason in Romanian", () => {
    try {
      setLanguage('en');
      expect(lockNotice(idle)).toBe('Steward locked itself after 10 minutes without use.');
      setLanguage('ro');
      expect(lockNotice(idle)).toBe('Steward a blocat seiful după o perioadă de inactivitate.');
      expect(lockNotice(desktop)).toBe(
        'Steward a blocat seiful deoarece calculatorul a intrat în repaus sau ecranul a fost blocat.',
      );
      expect(lockNotice({ reason: 'menu', message: 'The vault is locked.' })).toBe('Seiful este blocat.');
    } finally {
      resetLanguage();
    }
  });
});
