import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchHit } from '../../lib/api';
import { setLanguage } from '../../lib/i18n.svelte';
import { mockBackend } from '../../test/backend';
import { SEARCH_DEBOUNCE_MS } from './hits';
import SearchDialog from './SearchDialog.svelte';

const HITS: SearchHit[] = [
  { kind: 'contact', id: 7, title: 'Ada Lovelace', detail: 'ada@example.com · Analytical Engines' },
  { kind: 'company', id: 3, title: 'Adastra Ltd', detail: 'adastra.example London' },
  { kind: 'deal', id: 12, title: 'Adaptive engine', detail: 'Proposal' },
];

function renderDialog() {
  const onOpen = vi.fn();
  const onClose = vi.fn();
  render(SearchDialog, { onOpen, onClose });
  return { onOpen, onClose };
}

describe('SearchDialog', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for a pause in typing, then searches once for the whole text', async () => {
    vi.useFakeTimers();
    const calls = mockBackend({ search: () => HITS });
    renderDialog();
    const input = screen.getByTestId('search-input');
    expect(input).toHaveFocus();

    for (const text of ['a', 'ad', 'ada']) {
      await fireEvent.input(input, { target: { value: text } });
      vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 10);
    }
    expect(calls).toEqual([]);

    vi.advanceTimersByTime(10);
    expect(SEARCH_DEBOUNCE_MS).toBeLessThanOrEqual(80);
    vi.useRealTimers();
    const results = await screen.findAllByTestId('search-result');

    expect(calls).toEqual([{ command: 'search', args: { query: 'ada', limit: 20 } }]);
    expect(results.map((r) => [r.dataset.kind, r.dataset.id])).toEqual([
      ['contact', '7'],
      ['company', '3'],
      ['deal', '12'],
    ]);
    expect(results[0]).toHaveTextContent('Contact');
    expect(results[0]).toHaveTextContent('Ada Lovelace');
    expect(results[0]).toHaveTextContent('ada@example.com · Analytical Engines');
  });

  it('shows only the answer to the newest query when answers arrive out of order', async () => {
    let releaseFirst: (hits: SearchHit[]) => void = () => {};
    mockBackend({
      search: ({ query }) =>
        query === 'ad' ? new Promise<SearchHit[]>((resolve) => (releaseFirst = resolve)) : [HITS[0]!],
    });
    renderDialog();
    const user = userEvent.setup();
    const input = screen.getByTestId('search-input');

    await user.type(input, 'ad');
    await new Promise((r) => setTimeout(r, SEARCH_DEBOUNCE_MS + 20));
    await user.type(input, 'a');
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(1));
    releaseFirst(HITS);
    await new Promise((r) => setTimeout(r, 20));

    expect(screen.getAllByTestId('search-result')).toHaveLength(1);
  });

  it('moves through the hits with the arrow keys and opens the chosen one with Enter', async () => {
    mockBackend({ search: () => HITS });
    const { onOpen } = renderDialog();
    const user = userEvent.setup();

    await user.type(screen.getByTestId('search-input'), 'ada');
    const results = await screen.findAllByTestId('search-result');
    expect(results[0]).toHaveAttribute('aria-selected', 'true');

    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(screen.getAllByTestId('search-result')[2]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowDown}');
    expect(screen.getAllByTestId('search-result')[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}');
    expect(screen.getByTestId('search-input')).toHaveAttribute('aria-activedescendant', 'search-hit-2');
    await user.keyboard('{Enter}');

    expect(onOpen).toHaveBeenCalledWith(HITS[2]);
  });

  it('opens a hit with a click, and closes with Escape', async () => {
    mockBackend({ search: () => HITS });
    const { onOpen, onClose } = renderDialog();
    const user = userEvent.setup();

    await user.type(screen.getByTestId('search-input'), 'ada');
    await user.click((await screen.findAllByTestId('search-result'))[1]!);
    expect(onOpen).toHaveBeenCalledWith(HITS[1]);

    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('says when nothing matches, and clears the hits when the field is emptied', async () => {
    const calls = mockBackend({ search: ({ query }) => (query === 'zz' ? [] : HITS) });
    renderDialog();
    const user = userEvent.setup();
    const input = screen.getByTestId('search-input');

    await user.type(input, 'zz');
    expect(await screen.findByTestId('search-empty')).toHaveTextContent('Nothing matches “zz”.');
    await user.clear(input);
    await new Promise((r) => setTimeout(r, SEARCH_DEBOUNCE_MS + 20));

    expect(screen.queryByTestId('search-empty')).not.toBeInTheDocument();
    expect(calls.map((c) => c.args.query)).toEqual(['zz']);
  });

  it('speaks Romanian: the field, the kinds of the hits and the empty answer', async () => {
    mockBackend({ search: ({ query }) => (query === 'zz' ? [] : HITS) });
    setLanguage('ro');
    renderDialog();
    const user = userEvent.setup();
    const input = screen.getByTestId('search-input');

    expect(screen.getByRole('dialog', { name: 'Căutare' })).toBeInTheDocument();
    expect(input).toHaveAccessibleName('Căutați în contacte, companii, oportunități și activități');
    expect(input).toHaveAttribute('placeholder', 'Căutați în contacte, companii, oportunități, activități…');
    await user.type(input, 'ada');
    const results = await screen.findAllByTestId('search-result');
    expect(results.map((r) => r.querySelector('.kind')?.textContent)).toEqual(['Contact', 'Companie', 'Oportunitate']);
    await user.clear(input);
    await user.type(input, 'zz');
    expect(await screen.findByTestId('search-empty')).toHaveTextContent('Nimic nu corespunde căutării „zz”.');
  });
});
