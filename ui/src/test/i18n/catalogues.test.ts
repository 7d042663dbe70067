// The message catalogues: the same messages in every language, with the same placeholders, Romanian
// plurals in CLDR's three forms and Romanian letters in their comma-below form.
import { describe, expect, it } from 'vitest';
import { m, matchLanguage, setLanguage } from '../../lib/i18n.svelte';

type Variant = { declarations: string[]; selectors: string[]; match: Record<string, string> };
type Catalogue = Record<string, string | Variant[]>;

/** Every catalogue in ui/messages, by language tag. */
const catalogues: Record<string, Catalogue> = Object.fromEntries(
  Object.entries(import.meta.glob<Catalogue>('/messages/*.json', { import: 'default', eager: true })).map(
    ([path, catalogue]) => [path.replace(/^.*\/|\.json$/g, ''), catalogue],
  ),
);

function texts(message: string | Variant[]): string[] {
  return typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match));
}

function placeholders(message: string | Variant[]): string[] {
  const names = new Set(texts(message).flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((x) => x[1] ?? '')));
  return [...names].sort();
}

describe('message catalogues', () => {
  const languages = Object.keys(catalogues);
  const en = catalogues.en ?? {};

  it('are English and Romanian, and English has the messages', () => {
    expect(languages.sort()).toEqual(['en', 'ro']);
    expect(Object.keys(en).length).toBeGreaterThan(50);
  });

  it.each(languages)('%s has exactly the messages English has, with the same placeholders', (language) => {
    const catalogue = catalogues[language] ?? {};
    const missing = Object.keys(en).filter((key) => !(key in catalogue));
    const extra = Object.keys(catalogue).filter((key) => !(key in en));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    const differing = Object.keys(en).filter(
      (key) => catalogue[key] && placeholders(catalogue[key]).join() !== placeholders(en[key] ?? '').join(),
    );
    expect(differing).toEqual([]);
    const empty = Object.keys(catalogue).filter((key) => texts(catalogue[key] ?? '').some((t) => t.trim() === ''));
    expect(empty).toEqual([]);
  });

  it('writes Romanian ș and ț with the comma below, never the cedilla', () => {
    const cedilla = Object.entries(catalogues.ro ?? {}).filter(([, message]) => /[şţŞŢ]/.test(texts(message).join()));
    expect(cedilla).toEqual([]);
  });

  it('gives every Romanian plural the forms one, few and other', () => {
    for (const [key, message] of Object.entries(catalogues.ro ?? {})) {
      if (typeof message === 'string') continue;
      const forms = Object.keys(message[0]?.match ?? {}).map((k) => k.split('=')[1]);
      expect({ key, forms }).toEqual({ key, forms: ['one', 'few', 'other'] });
    }
  });
});

describe('plurals and the language choice', () => {
  it('follows CLDR in Romanian: 1 one, 2 and 19 few, 20 other, 101 few', () => {
    setLanguage('ro');
    expect(m.nav_alerts_open({ count: 1 })).toBe('Alerte: 1 alertă deschisă');
    expect(m.nav_alerts_open({ count: 2 })).toBe('Alerte: 2 alerte deschise');
    expect(m.nav_alerts_open({ count: 19 })).toBe('Alerte: 19 alerte deschise');
    expect(m.nav_alerts_open({ count: 20 })).toBe('Alerte: 20 de alerte deschise');
    expect(m.nav_alerts_open({ count: 101 })).toBe('Alerte: 101 alerte deschise');
    setLanguage('en');
    expect(m.nav_alerts_open({ count: 1 })).toBe('Alerts, 1 open');
    expect(m.nav_alerts_open({ count: 20 })).toBe('Alerts, 20 open');
  });

  it('matches the system language by its primary tag, falling back to English', () => {
    expect(matchLanguage(['ro-RO', 'en-US'])).toBe('ro');
    expect(matchLanguage(['de-DE', 'RO'])).toBe('ro');
    expect(matchLanguage(['en-GB'])).toBe('en');
    expect(matchLanguage(['fr-FR'])).toBe('en');
    expect(matchLanguage([])).toBe('en');
  });

  it('remembers the last choice on this computer', () => {
    setLanguage('ro');
    expect(localStorage.getItem('steward.language')).toBe('ro');
    expect(document.documentElement.lang).toBe('ro');
  });
});
