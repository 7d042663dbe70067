import { describe, expect, it } from 'vitest';
import { parseTags } from './tags';

describe('parseTags', () => {
  it('splits on commas and semicolons, trims, and keeps each tag once', () => {
    expect(parseTags(' vip, maths;; VIP ,  ,Maths, board ')).toEqual(['vip', 'maths', 'board']);
    expect(parseTags('')).toEqual([]);
  });
});
