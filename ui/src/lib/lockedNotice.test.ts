import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from './i18n.svelte';
import { lockedNotice } from './lockedNotice';

describe('lockedNotice', () => {
  afterEach(() => setLanguage('en'));

  it('says why in English, with the idle time in minutes or seconds', () => {
    setLanguage('en');
    const idle = (idleSeconds: number | null) => lockedNotice({ reason: 'idle', message: 'x', idleSeconds });
    expect(idle(600)).toBe('Steward locked itself after 10 minutes without use.');
    expect(idle(60)).toBe('Steward locked itself after 1 minute without use.');
    expect(idle(4)).toBe('Steward locked itself after 4 seconds without use.');
    expect(idle(90)).toBe('Steward locked itself after 90 seconds without use.');
    expect(idle(null)).toBe('Steward locked itself after a while without use.');
    expect(lockedNotice({ reason: 'damaged', message: 'x', idleSeconds: null })).toMatch(/damaged or was altered/);
    expect(lockedNotice({ reason: 'menu', message: 'x', idleSeconds: null })).toBe('The vault is locked.');
  });

  it('says it in Romanian with the right plural forms, never the English sentence', () => {
    setLanguage('ro');
    const idle = (idleSeconds: number) => lockedNotice({ reason: 'idle', message: 'English', idleSeconds });
    expect(idle(60)).toBe('Steward s-a blocat după 1 minut fără utilizare.');
    expect(idle(600)).toBe('Steward s-a blocat după 10 minute fără utilizare.');
    expect(idle(1200)).toBe('Steward s-a blocat după 20 de minute fără utilizare.');
    expect(idle(4)).toBe('Steward s-a blocat după 4 secunde fără utilizare.');
    expect(lockedNotice({ reason: 'desktop', message: 'English', idleSeconds: null })).toBe(
      'Steward s-a blocat deoarece calculatorul a intrat în repaus sau ecranul a fost blocat.',
    );
    expect(lockedNotice({ reason: 'damaged', message: 'English', idleSeconds: null })).not.toMatch(/English|damaged/);
  });
});
