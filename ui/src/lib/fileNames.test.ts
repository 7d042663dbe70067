import { describe, expect, it } from 'vitest';
import { mockBackend } from '../test/backend';
import { asciiFileName, documentLanguage } from './fileNames';
import { m, setLanguage } from './i18n.svelte';

describe('saved file names', () => {
  it('drop the accents and keep only what every file system takes', () => {
    expect(asciiFileName('registrul-prelucrărilor-2026-12-06.md')).toBe('registrul-prelucrarilor-2026-12-06.md');
    expect(asciiFileName('listă de corespondență: Țară/Ștefan.csv')).toBe('lista-de-corespondenta-Tara-Stefan.csv');
    expect(asciiFileName('ş ţ Î â.md')).toBe('s-t-I-a.md');
  });

  it('follow the vault’s language, not the interface’s', async () => {
    mockBackend({ get_languages: () => ({ vault: 'ro', user: 'en' }) });
    setLanguage('en');
    const lang = await documentLanguage();
    expect(lang).toBe('ro');
    expect(asciiFileName(`${m.file_name_register({ date: '2026-12-06' }, { locale: lang })}.md`)).toBe(
      'registrul-prelucrarilor-2026-12-06.md',
    );
  });

  it('follow the interface when the vault’s language cannot be read', async () => {
    mockBackend({});
    setLanguage('ro');
    expect(await documentLanguage()).toBe('ro');
  });
});
