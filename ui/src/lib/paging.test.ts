import { describe, expect, it } from 'vitest';
import { setLanguage } from './i18n.svelte';
import { clampOffset, pageInfo } from './paging';

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

describe('clampOffset', () => {
  it('keeps an offset that still has rows and steps back from one that has none', () => {
    expect(clampOffset(50, 312)).toBe(50);
    expect(clampOffset(300, 300)).toBe(250);
    expect(clampOffset(50, 0)).toBe(0);
  });
});
