import { describe, expect, it } from 'vitest';
import { deal, STAGES } from '../../test/backend';
import { asksReason, boardOrder, columnTotals, movedLocally, parseProbability, usualCurrency } from './board';

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

  it('adds up a column per currency', () => {
    const totals = columnTotals([deal(1, 1, { amountMinor: 100 }), deal(2, 1, { amountMinor: 5, currency: 'USD' }), deal(3, 1)]);
    expect(totals).toEqual({
      count: 3,
      amounts: [
        { currency: 'EUR', amountMinor: 100_100 },
        { currency: 'USD', amountMinor: 5 },
      ],
    });
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
