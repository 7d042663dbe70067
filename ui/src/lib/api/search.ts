// Search across records. Re-exported by `./index`.

import { call } from './call';
import type { SearchHit } from './types';

/** At most `limit` (1–50) records matching what was typed, best first; an empty query finds nothing. */
export function search(query: string, limit: number): Promise<SearchHit[]> {
  return call('search', { query, limit });
}
