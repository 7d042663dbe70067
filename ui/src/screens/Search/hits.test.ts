import { describe, expect, it } from 'vitest';
import { activity, mockBackend } from '../../test/backend';
import { hitTarget } from './hits';

describe('hitTarget', () => {
  it('leads contacts, companies and deals to themselves', async () => {
    const calls = mockBackend({});
    await expect(hitTarget({ kind: 'contact', id: 4, title: 'Ada', detail: null })).resolves.toEqual({
      kind: 'contact',
      id: 4,
    });
    await expect(hitTarget({ kind: 'deal', id: 9, title: 'Big one', detail: 'Lead' })).resolves.toEqual({
      kind: 'deal',
      id: 9,
    });
    expect(calls).toEqual([]);
  });

  it('leads an activity to the record whose timeline holds it, among records of the same name', async () => {
    const calls = mockBackend({
      search: () => [
        { kind: 'contact', id: 1, title: 'Grace Hopper', detail: null },
        { kind: 'activity', id: 50, title: 'Grace Hopper', detail: 'note · Someone' },
        { kind: 'contact', id: 2, title: 'Grace Hopper', detail: 'grace@navy.example' },
        { kind: 'contact', id: 3, title: 'Grace Hopperton', detail: null },
      ],
      list_activities: ({ about }) =>
        (about as { id: number }).id === 2 ? [activity(77, { about: { kind: 'contact', id: 2 } })] : [],
    });

    const target = await hitTarget({ kind: 'activity', id: 77, title: 'Called about COBOL', detail: 'call · Grace Hopper' });

    expect(target).toEqual({ kind: 'contact', id: 2 });
    expect(calls).toEqual([
      { command: 'search', args: { query: 'Grace Hopper', limit: 50 } },
      { command: 'list_activities', args: { about: { kind: 'contact', id: 1 } } },
      { command: 'list_activities', args: { about: { kind: 'contact', id: 2 } } },
    ]);
  });

  it('gives null when the record cannot be found', async () => {
    mockBackend({ search: () => [] });
    await expect(hitTarget({ kind: 'activity', id: 1, title: 'x', detail: 'note · Gone' })).resolves.toBeNull();
    await expect(hitTarget({ kind: 'activity', id: 1, title: 'x', detail: null })).resolves.toBeNull();
  });
});
