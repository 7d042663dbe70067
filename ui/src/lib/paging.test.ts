import { describe, expect, it } from 'vitest';
import { setLanguage } from './i18n.svelte';
import { FIRST_PAGE, loadTrail, pageInfo, trailAfter, trailOffset, trailTo } from './paging';

describe('pageInfo', () => {
  it('describes full and partial pages', () => {
    expect(pageInfo(0, 50, 312)).toBe('1–50 of 312');
    expect(pageInfo(300, 12, 312)).toBe('301–312 of 312');
    expect(pageInfo(0, 0, 0)).toBe('0 of 0');
  });

  it('reads in Romanian with its number format', () => {
    setLanguage('ro');
    expect(pageInfo(1000, 50, 12_345)).toBe('1.001–1.050 din 12.345');
  });
});

describe('trails of keyset pages', () => {
  it('walks forward by the cursors pages hand out and back without them', () => {
    let trail = FIRST_PAGE;
    expect(trailAfter(trail)).toBeNull();
    expect(trailOffset(trail)).toBe(0);
    trail = trailTo(trail, 50, 'c1');
    expect(trail).toEqual([null, 'c1']);
    trail = trailTo(trail, 100, 'c2');
    expect(trailAfter(trail)).toBe('c2');
    expect(trailOffset(trail)).toBe(100);
    trail = trailTo(trail, 50, 'c3');
    expect(trail).toEqual([null, 'c1']);
    expect(trailTo([null, 'c1', 'c2'], 0, 'c3')).toEqual([null]);
  });

  it('stays on the last page when there is no next cursor', () => {
    const trail = trailTo(FIRST_PAGE, 50, null);
    expect(trail).toEqual([null]);
    expect(trailOffset([null, 'a', 'b'], 20)).toBe(40);
  });
});

describe('loadTrail', () => {
  it('loads the page after the last cursor, stepping back over pages emptied meanwhile', async () => {
    const asked: (string | null)[] = [];
    const rows = new Map<string, number[]>([
      ['first', [1, 2]],
      ['c1', [3, 4]],
      ['c2', []],
    ]);
    const fetch = (after: string | null) => {
      asked.push(after);
      return Promise.resolve({ items: rows.get(after ?? 'first') ?? [] });
    };
    const loaded = await loadTrail([null, 'c1', 'c2'], fetch);
    expect(loaded.trail).toEqual([null, 'c1']);
    expect(loaded.page.items).toEqual([3, 4]);
    expect(asked).toEqual(['c2', 'c1']);
    expect((await loadTrail([null], () => Promise.resolve({ items: [] }))).trail).toEqual([null]);
  });
});
