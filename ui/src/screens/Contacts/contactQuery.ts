// Pure helpers of the contacts list's filters and saved views: the query the list, a view and an export
// share, the choices the filter bar offers, and whether a query is the one a view saved.
import type { ContactQuery, ContactSort, SavedView, SessionInfo, User } from '../../lib/api';
import { m } from '../../lib/i18n.svelte';

/** Every contact, by name. */
export const DEFAULT_QUERY: ContactQuery = { tag: null, ownerId: null, companyId: null, sort: 'name' };

/** The orders the sort select offers, with their labels. */
export const SORTS: readonly { value: ContactSort; label: () => string }[] = [
  { value: 'name', label: m.filters_sort_name },
  { value: 'name-desc', label: m.filters_sort_name_desc },
  { value: 'newest', label: m.filters_sort_newest },
  { value: 'oldest', label: m.filters_sort_oldest },
];

/** The query with its tag trimmed, and an empty tag left out. */
export function normalizeQuery(query: ContactQuery): ContactQuery {
  const tag = query.tag?.trim() ?? '';
  return { ...query, tag: tag === '' ? null : tag };
}

/** Whether the query leaves some contacts out (the order alone does not). */
export function isFiltered(query: ContactQuery): boolean {
  const q = normalizeQuery(query);
  return q.tag !== null || q.ownerId !== null || q.companyId !== null;
}

/** Whether two queries list the same contacts in the same order; tags compare without regard to case. */
export function sameQuery(a: ContactQuery, b: ContactQuery): boolean {
  const x = normalizeQuery(a);
  const y = normalizeQuery(b);
  return (
    (x.tag ?? '').toLowerCase() === (y.tag ?? '').toLowerCase() &&
    x.ownerId === y.ownerId &&
    x.companyId === y.companyId &&
    x.sort === y.sort
  );
}

/** The saved view whose query is the one on screen, if any (the first by name when several are). */
export function matchingView(views: readonly SavedView[], query: ContactQuery): SavedView | null {
  return views.find((view) => sameQuery(view.query, query)) ?? null;
}

/** One choice of the owner select: its value is the user id as text, "" for anyone. */
export interface OwnerOption {
  value: string;
  label: string;
}

/**
 * The owner select's choices: anyone, the signed-in user ("Mine"), then the other users the app knows
 * (only users allowed to read the user list know them), by name. An owner the query names but the list
 * does not (a view saved by someone who could see more) is kept, so the select can still show it.
 */
export function ownerOptions(
  session: Pick<SessionInfo, 'userId'>,
  users: readonly Pick<User, 'id' | 'name' | 'disabled'>[],
  current: number | null = null,
): OwnerOption[] {
  const options: OwnerOption[] = [
    { value: '', label: m.filters_owner_anyone() },
    { value: String(session.userId), label: m.filters_owner_mine() },
  ];
  const others = users
    .filter((u) => u.id !== session.userId)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((u) => ({ value: String(u.id), label: u.disabled ? m.filters_owner_disabled({ name: u.name }) : u.name }));
  options.push(...others);
  if (current !== null && !options.some((o) => o.value === String(current))) {
    options.push({ value: String(current), label: m.filters_owner_unknown({ id: current }) });
  }
  return options;
}

/** The owner id a choice of the owner select stands for. */
export function ownerFromChoice(value: string): number | null {
  if (value.trim() === '') return null;
  const id = Number(value);
  return Number.isInteger(id) ? id : null;
}

/** The sentence after a view was saved. */
export function viewSavedSentence(view: Pick<SavedView, 'name'>, replaced: boolean): string {
  return replaced ? m.filters_view_updated({ name: view.name }) : m.filters_view_saved({ name: view.name });
}
