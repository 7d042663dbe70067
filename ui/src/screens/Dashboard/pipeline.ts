// The dashboard's pipeline chart data, worked out from the per-stage totals the backend sends.
import type { StageTotal } from '../../lib/api';
import { toMajor } from '../../lib/format';
import { boardOrder } from '../Deals/board';

/** One bar series per currency, over the stages in board order, in each currency's major unit. */
export interface PipelineSeries {
  labels: string[];
  datasets: { currency: string; values: number[] }[];
}

export function pipelineSeries(pipeline: readonly StageTotal[]): PipelineSeries {
  const order = boardOrder(pipeline.map((t) => t.stage)).map((stage) => stage.id);
  const ordered = [...pipeline].sort((a, b) => order.indexOf(a.stage.id) - order.indexOf(b.stage.id));
  const currencies: string[] = [];
  for (const total of ordered) {
    for (const amount of total.amounts) {
      if (!currencies.includes(amount.currency)) currencies.push(amount.currency);
    }
  }
  return {
    labels: ordered.map((t) => t.stage.name),
    datasets: currencies.map((currency) => ({
      currency,
      values: ordered.map((t) => toMajor(t.amounts.find((a) => a.currency === currency)?.amountMinor ?? 0, currency)),
    })),
  };
}
