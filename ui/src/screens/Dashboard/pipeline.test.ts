import { describe, expect, it } from 'vitest';
import { STAGES } from '../../test/backend';
import { pipelineSeries } from './pipeline';

describe('pipelineSeries', () => {
  it('gives one series per currency over the stages in board order, in major units', () => {
    const [lead, qualified, , , won, lost] = STAGES;
    const series = pipelineSeries([
      { stage: lost!, count: 1, amounts: [{ currency: 'EUR', amountMinor: 100 }] },
      { stage: won!, count: 0, amounts: [] },
      { stage: lead!, count: 2, amounts: [{ currency: 'JPY', amountMinor: 5000 }] },
      {
        stage: qualified!,
        count: 2,
        amounts: [
          { currency: 'EUR', amountMinor: 123_456 },
          { currency: 'JPY', amountMinor: 7 },
        ],
      },
    ]);
    expect(series).toEqual({
      labels: ['Lead', 'Qualified', 'Won', 'Lost'],
      datasets: [
        { currency: 'JPY', values: [5000, 7, 0, 0] },
        { currency: 'EUR', values: [0, 1234.56, 0, 1] },
      ],
    });
  });
});
