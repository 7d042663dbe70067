import { describe, expect, it } from 'vitest';
import type { SavedView } from '../../lib/api';
import {
  DEFAULT_QUERY,
  isFiltered,
  matchingView,
  normalizeQuery,
  ownerFromChoice,
  ownerOptions,
  sameQuery,
  viewSavedSentence,
} from './contactQuery';

const view = (id: number, name: string, query: Partial<SavedView['query']>): SavedView => ({
  id,
  name,
  query: { ...DEFAULT_QUERY, ...query },
});

describe('contact queries', () => {
  it('drops a blank tag and trims the rest', () => {
    expect(normalizeQuery({ ...DEFAULT_QUERY, tag: '   ' }).tag).toBeNull();
    expect(normalizeQuery({ ...DEFAULT_QUERY, tag: ' vip ' }).tag).toBe('vip');
  });

  it('counts a tag, an owner or a company as a filter, but not the order', () => {
    expect(isFiltered(DEFAULT_QUERY)).toBe(false);
    expect(isFiltered({ ...DEFAULT_QUERY, sort: 'newest' })).toBe(false);
    expect(isFiltered({ ...DEFAULT_QUERY, tag: ' ' })).toBe(false);
    expect(isFiltered({ ...DEFAULT_QUERY, tag: 'vip' })).toBe(true);
    expect(isFiltered({ ...DEFAULT_QUERY, ownerId: 3 })).toBe(true);
    expect(isFiltered({ ...DEFAULT_QUERY, companyId: 9 })).toBe(true);
  });

  it('finds the saved view of the query on screen, tags compared without regard to case', () => {
    const views = [view(1, 'Mine', { ownerId: 1 }), view(2, 'VIP', { tag: 'VIP', sort: 'newest' })];
    expect(matchingView(views, { ...DEFAULT_QUERY, tag: 'vip ', sort: 'newest' })?.id).toBe(2);
    expect(matchingView(views, { ...DEFAULT_QUERY, tag: 'vip' })).toBeNull();
    expect(matchingView(views, DEFAULT_QUERY)).toBeNull();
    expect(sameQuery(DEFAULT_QUERY, { ...DEFAULT_QUERY, tag: '' })).toBe(true);
  });

  it('offers anyone, mine, then the other users by name, and keeps an owner it does not know', () => {
    const users = [
      { id: 1, name: 'ada', disabled: false },
      { id: 4, name: 'zoe', disabled: true },
      { id: 3, name: 'bob', disabled: false },
    ];
    expect(ownerOptions({ userId: 1 }, users)).toEqual([
      { value: '', label: 'Anyone' },
      { value: '1', label: 'Mine' },
      { value: '3', label: 'bob' },
      { value: '4', label: 'zoe (disabled)' },
    ]);
    expect(ownerOptions({ userId: 5 }, [], 7)).toEqual([
      { value: '', label: 'Anyone' },
      { value: '5', label: 'Mine' },
      { value: '7', label: 'User 7' },
    ]);
    expect(ownerFromChoice('')).toBeNull();
    expect(ownerFromChoice('3')).toBe(3);
  });

  it('says whether a view was saved or updated', () => {
    expect(viewSavedSentence({ name: 'VIP' }, false)).toBe('The view “VIP” was saved.');
    expect(viewSavedSentence({ name: 'VIP' }, true)).toBe('The view “VIP” was updated.');
  });
});
