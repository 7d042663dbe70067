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

/** The offset to show after the list changed under us, e.g. the last row of the last page was deleted. */
export function clampOffset(offset: number, total: number, pageSize = PAGE_SIZE): number {
  if (offset < total) return offset;
  return Math.max(0, Math.floor((total - 1) / pageSize) * pageSize);
}
