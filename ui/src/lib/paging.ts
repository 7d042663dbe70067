import { formatNumber } from './format';
import { m } from './i18n.svelte';

/** How many rows one page of a list (contacts, companies) shows. */
export const PAGE_SIZE = 50;

/** The "1–50 of 312" line under the list; `shown` is the number of rows on the current page. */
export function pageInfo(offset: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return m.paging_info_none({ total: formatNumber(total) });
  return m.paging_info({
    first: formatNumber(offset + 1),
    last: formatNumber(offset + shown),
    total: formatNumber(total),
  });
}

/**
 * The pages a keyset-paged list (contacts, companies) went through, as the cursor each started after:
 * `[null]` is the first page, and each "Next" adds the cursor the page on screen handed out. "Previous"
 * drops the last one, so going back needs no offset (ADR 0023).
 */
export type Trail = readonly (string | null)[];

/** The trail of the first page. */
export const FIRST_PAGE: Trail = [null];

/** The cursor the page on screen starts after (`null`: the first page). */
export function trailAfter(trail: Trail): string | null {
  return trail[trail.length - 1] ?? null;
}

/** The offset of the page on screen's first row, for the "51–100 of 312" line. */
export function trailOffset(trail: Trail, pageSize = PAGE_SIZE): number {
  return Math.max(0, trail.length - 1) * pageSize;
}

/**
 * The trail after the pager asked for the page at `offset`: the next page (after `next`, the cursor of the
 * page on screen), the previous one, or the first.
 */
export function trailTo(trail: Trail, offset: number, next: string | null, pageSize = PAGE_SIZE): Trail {
  const current = trailOffset(trail, pageSize);
  if (offset <= 0) return FIRST_PAGE;
  if (offset > current) return next === null ? trail : [...trail, next];
  if (offset < current) return trail.slice(0, -1);
  return trail;
}

/**
 * Loads the page `trail` points at through `fetch` (given the cursor to start after). When that page came back
 * empty but is not the first, its rows were deleted meanwhile: it steps back a page until one has rows.
 */
export async function loadTrail<P extends { items: readonly unknown[] }>(
  trail: Trail,
  fetch: (after: string | null) => Promise<P>,
): Promise<{ page: P; trail: Trail }> {
  let page = await fetch(trailAfter(trail));
  while (page.items.length === 0 && trail.length > 1) {
    trail = trail.slice(0, -1);
    page = await fetch(trailAfter(trail));
  }
  return { page, trail };
}
