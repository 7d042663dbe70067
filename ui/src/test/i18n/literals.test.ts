// No user-facing text left in the code of a converted screen: every label, button, hint, error, aria-label
// and title comes from the message catalogues (ui/messages). Test ids, CSS classes, roles, ids and other
// attributes nobody reads are not text. Later steps convert more folders and add them here.
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

/** Folders (every .svelte and non-test .ts file in them) and single files converted to the catalogues. */
export const CONVERTED = [
  'src/App.svelte',
  'src/screens/FirstRun',
  'src/screens/Unlock',
  'src/screens/Main',
  'src/screens/Settings',
  'src/screens/Dashboard',
  'src/screens/Contacts',
  'src/lib/components',
  'src/screens/Tasks',
  'src/screens/Search',
  'src/screens/Companies',
  'src/screens/Deals',
  'src/screens/Users',
  'src/screens/ChangePassword',
  'src/lib',
  'src/screens/Alerts',
  'src/screens/Audit',
  'src/screens/Backups',
  'src/screens/Privacy',
  'src/screens/Consent',
  'src/screens/Import',
];

/** Attributes a person reads or hears. */
const READ_ATTRIBUTES = new Set(['aria-label', 'aria-valuetext', 'aria-description', 'title', 'placeholder', 'alt', 'label']);
/** Words that are the same in every language: the product's name, key names. */
const SAME_IN_EVERY_LANGUAGE = new Set(['Steward', 'Ctrl', 'K', 'English', 'Română']);
const KEY_NAMES = new Set(['Enter', 'Escape', 'Tab', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End']);

/** Every component and module of the UI by its path from ui/ (`src/App.svelte`), tests left out. */
const SOURCES: Record<string, string> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>(['/src/**/*.svelte', '/src/**/*.ts', '!/src/**/*.test.ts', '!/src/paraglide/**'], {
      query: '?raw',
      import: 'default',
      eager: true,
    }),
  ).map(([path, source]) => [path.slice(1), source]),
);

function files(path: string): string[] {
  return Object.keys(SOURCES).filter((file) => file === path || file.startsWith(`${path}/`));
}

/** Text in markup: anything with a word in it that is not the same in every language. */
function isText(text: string): boolean {
  const words = text.match(/\p{L}{2,}/gu) ?? [];
  return words.some((w) => !SAME_IN_EVERY_LANGUAGE.has(w));
}

/** A string in code that reads as prose: a capitalised word followed by more, or a sentence. */
function isProse(text: string): boolean {
  const t = text.trim();
  if (!/\p{L}/u.test(t) || KEY_NAMES.has(t) || SAME_IN_EVERY_LANGUAGE.has(t)) return false;
  if (/^\p{Lu}\p{Ll}+(?:[\s,]+\S+)+/u.test(t)) return true;
  if (/\s/.test(t) && /[.…!?:]$/.test(t)) return true;
  return /^\p{Lu}\p{Ll}+…?$/u.test(t) && !/^[A-Z][a-z]+[A-Z]/.test(t);
}

type Node = { type?: string; [key: string]: unknown };

function literalsIn(source: string, isSvelte: boolean): string[] {
  const ast = parse(isSvelte ? source : `<script lang="ts">${source}</script>`, { modern: true });
  const found: string[] = [];
  const visit = (value: unknown, inMarkup: boolean): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, inMarkup);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration') return;
    if (node.type === 'Comment' || node.type === 'StyleSheet') return;
    if (node.type === 'Text' && inMarkup && isText(String(node.data))) found.push(String(node.data).trim());
    if (node.type === 'Literal' && typeof node.value === 'string' && isProse(node.value)) found.push(node.value);
    if (node.type === 'TemplateElement') {
      const cooked = (node.value as { cooked?: string }).cooked ?? '';
      if (isProse(cooked)) found.push(cooked);
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'attributes' && Array.isArray(child)) {
        for (const attr of child as Node[]) {
          const read = attr.type === 'Attribute' && READ_ATTRIBUTES.has(String(attr.name));
          // Attribute values in quotes are Text nodes: only those of read attributes are text.
          visit(attr.value, read);
        }
      } else if (key !== 'css' && key !== 'comments' && key !== 'metadata') {
        visit(child, inMarkup || key === 'fragment');
      }
    }
  };
  visit(ast.fragment, true);
  visit(ast.instance, false);
  visit((ast as unknown as { module?: unknown }).module, false);
  return found;
}

describe('converted screens', () => {
  const all = CONVERTED.flatMap(files);

  it('lists files that exist', () => {
    expect(all.length).toBeGreaterThan(10);
  });

  it.each(all)('%s has no user-facing literal text', (path) => {
    const source = SOURCES[path] ?? '';
    expect(literalsIn(source, path.endsWith('.svelte'))).toEqual([]);
  });

  it('the check finds literals in markup, read attributes and code, and leaves the rest alone', () => {
    const source = `<script lang="ts">
      const a = 'Save the contact';
      const key = event.key === 'Enter';
      const id = 'contact-form';
    </script>
    <p class="muted" data-testid="x">Hello</p>
    <button aria-label="Close">{busy ? 'Saving…' : m.save()}</button>
    <span title={m.t()}>Steward</span>`;
    expect(literalsIn(source, true).sort()).toEqual(['Close', 'Hello', 'Save the contact', 'Saving…']);
  });
});
