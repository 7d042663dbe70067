import { describe, expect, it } from 'vitest';
import { mockBackend } from '../../test/backend';
import { search } from './search';

describe('search api', () => {
  it('sends the query and the limit, and resolves with the hits', async () => {
    const hit = { kind: 'contact', id: 1, title: 'Ada Lovelace', detail: 'ada@example.org' };
    const calls = mockBackend({ search: () => [hit] });

    await expect(search('ada', 20)).resolves.toEqual([hit]);

    expect(calls).toEqual([{ command: 'search', args: { query: 'ada', limit: 20 } }]);
  });
});
