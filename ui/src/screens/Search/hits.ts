// What the global search shows for each kind of hit, and where a hit leads.
import { listActivities, search, type About, type AboutKind, type SearchHit } from '../../lib/api';
import { m } from '../../lib/i18n.svelte';

/** How long typing must pause before a search runs; short enough to feel instant. */
export const SEARCH_DEBOUNCE_MS = 60;

/** How many hits the search asks for. */
export const SEARCH_LIMIT = 20;

// A kind's name is the recycle bin's, which names the same records.
const KINDS: Record<string, { label: () => string; icon: string }> = {
  contact: { label: m.bin_kind_contact, icon: '👤' },
  company: { label: m.bin_kind_company, icon: '🏢' },
  deal: { label: m.bin_kind_deal, icon: '◆' },
  activity: { label: m.bin_kind_activity, icon: '✎' },
};

/** The label (in the interface language) and icon of a hit's kind; an unknown kind is shown by its name. */
export function kindOf(kind: string): { label: string; icon: string } {
  const known = KINDS[kind];
  return known ? { label: known.label(), icon: known.icon } : { label: kind, icon: '•' };
}

function isAboutKind(kind: string): kind is AboutKind {
  return kind === 'contact' || kind === 'company' || kind === 'deal';
}

/**
 * The record a search hit leads to. Contacts, companies and deals lead to themselves. An activity leads
 * to the record it is about: its hit names that record ("call · Grace Hopper"), so the record is found by
 * that name and confirmed by its timeline holding the activity. `null` when it cannot be found.
 */
export async function hitTarget(hit: SearchHit): Promise<About | null> {
  if (isAboutKind(hit.kind)) return { kind: hit.kind, id: hit.id };
  if (hit.kind !== 'activity' || !hit.detail) return null;
  const separator = hit.detail.indexOf(' · ');
  const name = separator === -1 ? '' : hit.detail.slice(separator + 3).trim();
  if (name === '') return null;
  const candidates = (await search(name, 50)).filter((h) => isAboutKind(h.kind) && h.title === name);
  for (const candidate of candidates.slice(0, 5)) {
    const about: About = { kind: candidate.kind as AboutKind, id: candidate.id };
    const timeline = await listActivities(about);
    if (timeline.some((a) => a.id === hit.id)) return about;
  }
  return null;
}
