import { describe, expect, it } from 'vitest';
import { deal, STAGES } from '../../test/backend';
import { boardOrder, columnTotals, movedLocally, usualCurrency } from './board';

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
    const moved = movedLocally(deal(1, 1), STAGES[5]!, 'Too dear');
    expect(moved).toMatchObject({ stageId: 6, stage: 'Lost', stageKind: 'lost', probability: 0, lostReason: 'Too dear' });
    expect(movedLocally(moved, STAGES[0]!, null).lostReason).toBeNull();
  });

  it('preselects the currency most deals use', () => {
    expect(usualCurrency([])).toBe('EUR');
    expect(usualCurrency([deal(1, 1, { currency: 'GBP' }), deal(2, 1, { currency: 'GBP' }), deal(3, 1)])).toBe('GBP');
  });
});
