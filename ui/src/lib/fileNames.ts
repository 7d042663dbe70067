// The names Steward suggests when a document is saved: in the vault's language, like the document itself
// (the `file_name_*` messages, so a translator names the files too), and safe on every file system.
import { getLanguages } from './api';
import { language, type Locale } from './i18n.svelte';

/** The vault's language, which documents and their file names follow; the interface's if it cannot be read. */
export async function documentLanguage(): Promise<Locale> {
  try {
    return (await getLanguages()).vault;
  } catch {
    return language();
  }
}

/**
 * `name` with its letters' accents dropped (ș → s, ț → t, ă → a) and anything but letters, digits, `.`, `_`
 * and `-` turned into `-`: a name every file system, archive and e-mail client keeps as it is.
 */
export function asciiFileName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-(?=\.)|-$/g, '');
}
