// The interface language. Messages live in ui/messages/<language>.json; Paraglide compiles them into typed
// functions under src/paraglide (generated, not committed: `npm run i18n`, and the Vite plugin in build, dev
// and tests). Every message function reads the language through `getLocale`, which is pointed here at a rune,
// so anything that renders a message re-renders when the language changes: no reload, no restart.
import { m } from '../paraglide/messages.js';
import { baseLocale, isLocale, locales, overwriteGetLocale, type Locale } from '../paraglide/runtime.js';
import type { Role } from './api';

export { m };
export type { Locale } from '../paraglide/runtime.js';
export { isLocale, locales };

/** Each language by its own name, so a user who cannot read the current one still finds theirs. */
export const OWN_NAMES: Record<Locale, string> = { en: 'English', ro: 'Română' };

/** Where the last language chosen on this computer is kept, for the unlock and first-run screens. */
export const STORAGE_KEY = 'steward.language';

/** The first language in `preferred` (BCP 47 tags such as `ro-RO`) that Steward speaks, else English. */
export function matchLanguage(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (isLocale(primary)) return primary;
  }
  return baseLocale;
}

/** The system's language, as the webview reports it. */
export function systemLanguage(): Locale {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  const preferred = nav ? [...(nav.languages ?? []), nav.language].filter(Boolean) : [];
  return matchLanguage(preferred);
}

function remembered(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

/** The language before anyone signs in: the last choice on this computer, else the system's. */
export function startLanguage(): Locale {
  return remembered() ?? systemLanguage();
}

const current = $state<{ locale: Locale }>({ locale: startLanguage() });
overwriteGetLocale(() => current.locale);

function applyToDocument(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
applyToDocument(current.locale);

/** The interface language now. Reactive: read it in a template or `$derived` and it follows changes. */
export function language(): Locale {
  return current.locale;
}

/**
 * The BCP 47 locale `Intl` formats with for the interface language: `ro-RO` for Romanian; for English the
 * system's own English (`en-US`, `en-GB`, …) when it has one, else `en-GB`.
 */
export function intlLocale(locale: Locale = current.locale): string {
  if (locale === 'ro') return 'ro-RO';
  const system = typeof navigator === 'undefined' ? '' : navigator.language;
  return /^en\b/i.test(system) ? system : 'en-GB';
}

/**
 * Switches the interface language at once and remembers it on this computer (the unlock screen uses it next
 * time). Storing it in the vault for the signed-in user is the caller's part (`setUserLanguage`).
 */
export function setLanguage(locale: Locale): void {
  current.locale = locale;
  applyToDocument(locale);
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage can be unavailable; the choice then lasts until the app closes.
  }
}

/** Back to the language before any choice (tests). */
export function resetLanguage(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
  current.locale = startLanguage();
  applyToDocument(current.locale);
}

const ROLE_NAMES: Record<Role, () => string> = {
  owner: m.role_owner,
  admin: m.role_admin,
  manager: m.role_manager,
  agent: m.role_agent,
  auditor: m.role_auditor,
  viewer: m.role_viewer,
};

/** A role's name in the interface language, lower-case as it reads inside a sentence. */
export function roleName(role: Role): string {
  return ROLE_NAMES[role]();
}
