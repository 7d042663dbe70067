import { describe, expect, it } from 'vitest';
import { clampOffset, pageInfo } from './paging';

describe('pageInfo', () => {
  it('describes full and partial pages', () => {
    expect(pageInfo(0, 50, 312)).toBe('1–50 of 312');
    expect(pageInfo(300, 12, 312)).toBe('301–312 of 312');
  });
});

describe('clampOffset', () => {
  it('keeps an offset that still has rows and steps back from one that has none', () => {
    expect(clampOffset(50, 312)).toBe(50);
    expect(clampOffset(300, 300)).toBe(250);
    expect(clampOffset(50, 0)).toBe(0);
  });
});
