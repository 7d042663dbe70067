import { describe, expect, it } from 'vitest';
import { deal, STAGES } from '../../test/backend';
import {
  asksReason,
  boardOrder,
  movedLocally,
  parseProbability,
  placeDeal,
  removeDeal,
  shiftTotals,
  stageTotals,
  usualCurrency,
  withPage,
} from './board';

describe('board helpers', () => {
  it('orders open stages by position, then won, then lost', () => {
    const odd = [
      { ...STAGES[5]!, position: 0 },
      { ...STAGES[4]!, position: 1 },
      STAGES[1]!,
      STAGES[0]!,
    ];
    expect(boardOrder(odd).map((s) => s.name)).toEqual(['Lead', 'Qualified', 'Won', 'Lost']);
  });

  it('reads a column’s count and totals from the backend’s, none for a stage it did not count', () => {
    const totals = [{ stage: STAGES[0]!, count: 3, amounts: [{ currency: 'EUR', amountMinor: 100 }] }];
    expect(stageTotals(totals, STAGES[0]!)).toEqual({ count: 3, amounts: [{ currency: 'EUR', amountMinor: 100 }] });
    expect(stageTotals(totals, STAGES[1]!)).toEqual({ count: 0, amounts: [] });
  });

  it('adds a page below a column, newest first, each deal once', () => {
    const first = withPage(undefined, { items: [deal(9, 1), deal(7, 1)], next: 'c1' });
    expect(first).toEqual({ deals: [deal(9, 1), deal(7, 1)], next: 'c1' });
    // Deal 5 was moved in meanwhile and comes again with the next page.
    const moved = placeDeal({ 1: first }, deal(5, 1));
    const second = withPage(moved[1], { items: [deal(6, 1), deal(5, 1)], next: null });
    expect(second.deals.map((d) => d.id)).toEqual([9, 7, 6, 5]);
    expect(second.next).toBeNull();
  });

  it('moves a deal between columns to its place, and removes one', () => {
    const columns = {
      1: { deals: [deal(9, 1), deal(4, 1)], next: 'c1' },
      2: { deals: [deal(8, 2), deal(2, 2)], next: null },
    };
    const moved = placeDeal(columns, deal(4, 2));
    expect(moved[1]!.deals.map((d) => d.id)).toEqual([9]);
    expect(moved[2]!.deals.map((d) => d.id)).toEqual([8, 4, 2]);
    expect(moved[1]!.next).toBe('c1');
    expect(placeDeal(columns, deal(10, 3))[3]).toEqual({ deals: [deal(10, 3)], next: null });
    expect(removeDeal(columns, 8)[2]!.deals.map((d) => d.id)).toEqual([2]);
  });

  it('shifts a deal’s count and amount between stages, and out when deleted', () => {
    const totals = [
      { stage: STAGES[0]!, count: 2, amounts: [{ currency: 'EUR', amountMinor: 300 }] },
      { stage: STAGES[1]!, count: 0, amounts: [] },
    ];
    const d = deal(1, 2, { amountMinor: 100, currency: 'EUR' });
    const moved = shiftTotals(totals, d, 1);
    expect(moved.map((t) => [t.count, t.amounts])).toEqual([
      [1, [{ currency: 'EUR', amountMinor: 200 }]],
      [1, [{ currency: 'EUR', amountMinor: 100 }]],
    ]);
    const gone = shiftTotals(moved, d, 2, true);
    expect(gone.map((t) => [t.count, t.amounts])).toEqual([
      [1, [{ currency: 'EUR', amountMinor: 200 }]],
      [0, []],
    ]);
    const added = shiftTotals(gone, deal(3, 2, { amountMinor: 5, currency: 'USD' }), null);
    expect(added[1]).toMatchObject({ count: 1, amounts: [{ currency: 'USD', amountMinor: 5 }] });
  });

  it('moves a deal locally with the stage’s name, kind and probability', () => {
    const moved = movedLocally(deal(1, 1, { probability: 60, ownProbability: 60 }), STAGES[5]!, 'Too dear');
    expect(moved).toMatchObject({
      stageId: 6,
      stage: 'Lost',
      stageKind: 'lost',
      probability: 0,
      ownProbability: null,
      closeReason: 'Too dear',
    });
    expect(movedLocally(moved, STAGES[0]!, null).closeReason).toBeNull();
    expect(movedLocally(moved, STAGES[4]!, 'Best offer').closeReason).toBe('Best offer');
    expect(movedLocally(moved, STAGES[0]!, 'ignored').closeReason).toBeNull();
  });

  it('asks why before a move to a won or lost stage only', () => {
    expect(STAGES.filter(asksReason).map((s) => s.name)).toEqual(['Won', 'Lost']);
  });

  it('reads a probability as empty (follow the stage) or a whole percentage', () => {
    expect(parseProbability('')).toBeNull();
    expect(parseProbability('  ')).toBeNull();
    expect(parseProbability('0')).toBe(0);
    expect(parseProbability(' 60 % ')).toBe(60);
    expect(parseProbability('100')).toBe(100);
    for (const bad of ['101', '-5', '12.5', 'half', '1e2']) expect(parseProbability(bad)).toBeUndefined();
  });

  it('preselects the currency most deals use', () => {
    expect(usualCurrency([])).toBe('EUR');
    expect(usualCurrency([deal(1, 1, { currency: 'GBP' }), deal(2, 1, { currency: 'GBP' }), deal(3, 1)])).toBe('GBP');
  });
});
