// Languages (the shell's `locale` domain): the vault's, which an owner sets and which decides the documents
// Steward produces, and the signed-in user's interface language. Re-exported by `./index`.

import { call } from './call';
import type { Language, Languages } from './types';

export type { Language, Languages } from './types';

/** The vault's language and the signed-in user's own interface language (`null` until they choose one). */
export function getLanguages(): Promise<Languages> {
  return call('get_languages');
}

/** Stores the signed-in user's interface language in the vault. */
export function setUserLanguage(language: Language): Promise<Language> {
  return call('set_user_language', { language });
}

/** Sets the vault's language (owners only; recorded as `vault.language`). */
export function setVaultLanguage(language: Language): Promise<Language> {
  return call('set_vault_language', { language });
}
