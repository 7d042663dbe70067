// Each converted screen renders in both languages with nothing left from the other one: no message key shown
// in place of a missing message, and no sentence of the other catalogue on screen.
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { setLanguage, type Locale } from '../../lib/i18n.svelte';
import RecoveryKeyConfirm from '../../screens/FirstRun/RecoveryKeyConfirm.svelte';
import RecoveryKeyShow from '../../screens/FirstRun/RecoveryKeyShow.svelte';
import FirstRun from '../../screens/FirstRun/FirstRun.svelte';
import Header from '../../screens/Main/Header.svelte';
import Sidebar from '../../screens/Main/Sidebar.svelte';
import ContactFilters from '../../screens/Contacts/ContactFilters.svelte';
import ContactList from '../../screens/Contacts/ContactList.svelte';
import RecycleBin from '../../screens/Contacts/RecycleBin.svelte';
import LanguageSection from '../../screens/Settings/LanguageSection.svelte';
import Unlock from '../../screens/Unlock/Unlock.svelte';
import { ada, mockBackend, sessionAs } from '../backend';

const DELETED = {
  kind: 'company',
  id: 3,
  label: 'Zephyrine Ltd',
  detail: null,
  deletedAt: '2026-03-01T10:00:00Z',
  deletedBy: 'grace',
  purgeAt: '2026-03-31T10:00:00Z',
};
const KEY = 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH-IJKL-MNOP-QRST-UVWX';

const CATALOGUES = import.meta.glob<Record<string, unknown>>('/messages/*.json', { import: 'default', eager: true });

function simpleTexts(language: Locale): Map<string, string> {
  const catalogue = CATALOGUES[`/messages/${language}.json`] ?? {};
  return new Map(
    Object.entries(catalogue).filter((e): e is [string, string] => typeof e[1] === 'string' && !e[1].includes('{')),
  );
}

/** Sentences of `other` that `language` says differently (so finding one on screen means it was not translated). */
function foreignTexts(language: Locale, other: Locale): string[] {
  const own = simpleTexts(language);
  return [...simpleTexts(other)]
    // Each language's own name is shown in itself whatever the interface language (the language menu).
    .filter(([key, text]) => text.length > 3 && own.get(key) !== text && ![...own.values()].includes(text))
    .map(([, text]) => text)
    .filter((text) => !['English', 'Română'].includes(text));
}

function shownText(): string {
  const attributes = [...document.body.querySelectorAll('[aria-label],[title],[placeholder]')].flatMap((el) =>
    ['aria-label', 'title', 'placeholder'].map((a) => el.getAttribute(a) ?? ''),
  );
  return [document.body.textContent ?? '', ...attributes].join('\n');
}

const SCREENS: [string, () => unknown][] = [
  ['Unlock', () => render(Unlock, { users: ['ada'], vaultDir: '/v', onUnlocked: vi.fn() })],
  ['FirstRun', () => render(FirstRun, { defaultVaultDir: '/v', onDone: vi.fn() })],
  [
    'RecoveryKeyShow',
    () =>
      render(RecoveryKeyShow, { recoveryKey: KEY, user: 'ada', vaultDir: '/v', onCopied: vi.fn(), onContinue: vi.fn() }),
  ],
  ['RecoveryKeyConfirm', () => render(RecoveryKeyConfirm, { recoveryKey: KEY, onBack: vi.fn(), onConfirmed: vi.fn() })],
  [
    'Header',
    () =>
      render(Header, {
        session: ada,
        page: 'dashboard',
        busy: false,
        onNavigate: vi.fn(),
        onSearch: vi.fn(),
        onLock: vi.fn(),
      }),
  ],
  ['Sidebar', () => render(Sidebar, { session: sessionAs('admin'), page: 'contacts', onNavigate: vi.fn() })],
  ['LanguageSection', () => render(LanguageSection, { session: ada })],
  [
    'ContactList',
    () =>
      render(ContactList, {
        page: {
          items: [{ id: 1, name: 'Ana Pop', email: null, phone: null, company: null, ownerId: 1 }],
          next: 'c',
          total: 120,
        },
        offset: 0,
        total: 120,
        pageSize: 50,
        selectedId: null,
        checked: new Set<number>(),
        onOpen: vi.fn(),
        onPage: vi.fn(),
      }),
  ],
  ['ContactList empty', () => render(ContactList, {
        page: { items: [], next: null, total: 0 },
        offset: 0,
        total: 0,
        pageSize: 50,
        selectedId: null,
        onOpen: vi.fn(),
        onPage: vi.fn(),
      }),
  ],
  [
    'ContactFilters',
    async () => {
      render(ContactFilters, { session: ada, query: { tag: 'vip', ownerId: 1, companyId: null, sort: 'name' }, onQuery: vi.fn() });
      await screen.findByText('Saved');
    },
  ],
  [
    'RecycleBin',
    async () => {
      render(RecycleBin, { onRestored: vi.fn(), onClose: vi.fn() });
      await screen.findByTestId('deleted-row');
    },
  ],
];

describe.each(['en', 'ro'] as Locale[])('in %s', (language) => {
  const other: Locale = language === 'en' ? 'ro' : 'en';

  it.each(SCREENS)('%s shows only its own language', async (_name, show) => {
    mockBackend({
      open_alert_count: () => 0,
      get_languages: () => ({ vault: 'en', user: null }),
      list_recycle_bin: () => [DELETED],
      list_users: () => [],
      list_views: () => [{ id: 1, name: 'Saved', query: { tag: 'vip', ownerId: 1, companyId: null, sort: 'name' } }],
    });
    setLanguage(language);
    await show();
    await tick();
    const text = shownText();
    expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    // Whole words only: English "Companies" holds Romanian "Companie".
    const shown = (t: string) =>
      new RegExp(`(?<!\\p{L})${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u').test(text);
    expect(foreignTexts(language, other).filter(shown)).toEqual([]);
  });
});

describe('switching the language', () => {
  it('re-renders what is on screen at once, without a restart', async () => {
    mockBackend({});
    render(Unlock, { users: ['ada'], vaultDir: '/v', onUnlocked: vi.fn() });
    expect(screen.getByRole('heading')).toHaveTextContent('Unlock your vault');
    setLanguage('ro');
    await tick();
    expect(screen.getByRole('heading')).toHaveTextContent('Deblocați seiful');
    expect(screen.getByTestId('unlock-submit')).toHaveTextContent('Deblocați');
  });

  it('is chosen in Settings and kept for the user in the vault', async () => {
    const calls = mockBackend({
      get_languages: () => ({ vault: 'en', user: null }),
      set_user_language: (args) => args.language,
    });
    render(LanguageSection, { session: sessionAs('agent') });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId('language-interface'), 'ro');
    expect(await screen.findByText('Limba interfeței dumneavoastră')).toBeInTheDocument();
    expect(calls).toContainEqual({ command: 'set_user_language', args: { language: 'ro' } });
    expect(localStorage.getItem('steward.language')).toBe('ro');
    // Only owners choose the vault's language.
    expect(screen.getByTestId('language-vault')).toBeDisabled();
  });

  it('lets an owner set the vault’s language', async () => {
    const calls = mockBackend({
      get_languages: () => ({ vault: 'en', user: 'en' }),
      set_vault_language: (args) => args.language,
    });
    render(LanguageSection, { session: ada });
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByTestId('language-vault'), 'ro');
    expect(await screen.findByTestId('language-notice')).toHaveTextContent('Romanian');
    expect(calls).toContainEqual({ command: 'set_vault_language', args: { language: 'ro' } });
  });
});
