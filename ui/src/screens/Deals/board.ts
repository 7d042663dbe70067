// Pure helpers of the pipeline board: column order, totals and the local half of a move.
import type { CurrencyAmount, Deal, Stage, StageTotal } from '../../lib/api';
import { addTo } from '../../lib/format';
import { m } from '../../lib/i18n.svelte';

/** How far (in CSS pixels) the pointer must travel with the button down before a press becomes a drag. */
export const DRAG_THRESHOLD = 5;

const KIND_ORDER: Record<string, number> = { open: 0, won: 1, lost: 2 };

/** The board's columns: open stages by position, then the won and the lost ones. */
export function boardOrder(stages: readonly Stage[]): Stage[] {
  return [...stages].sort(
    (a, b) => (KIND_ORDER[a.kind] ?? 0) - (KIND_ORDER[b.kind] ?? 0) || a.position - b.position || a.id - b.id,
  );
}

/** How many deals a stage holds and what they add up to, per currency, from the backend's totals. */
export function stageTotals(totals: readonly StageTotal[], stage: Stage): { count: number; amounts: CurrencyAmount[] } {
  const found = totals.find((t) => t.stage.id === stage.id);
  return { count: found?.count ?? 0, amounts: found?.amounts ?? [] };
}

/** One column of the board as loaded: its deals so far, newest first, and the cursor of the rest (ADR 0023). */
export type Column = { deals: Deal[]; next: string | null };

/** `deals` newest first (by id, as the backend pages a stage), each once. */
function newestFirst(deals: readonly Deal[]): Deal[] {
  const seen = new Set<number>();
  const once = deals.filter((d) => {
    if (seen.has(d.id)) return false;
    seen.add(d.id);
    return true;
  });
  return once.sort((a, b) => b.id - a.id);
}

/**
 * The column after "show more" brought `page`: its deals below the ones shown. A deal moved into the column
 * since it was loaded may come again in a later page; it shows once.
 */
export function withPage(column: Column | undefined, page: { items: readonly Deal[]; next: string | null }): Column {
  return { deals: newestFirst([...(column?.deals ?? []), ...page.items]), next: page.next };
}

/** The columns with `deal` taken out of the one it was in and put in its stage's column, in its place. */
export function placeDeal(columns: Readonly<Record<number, Column>>, deal: Deal): Record<number, Column> {
  const placed = removeDeal(columns, deal.id);
  const target = placed[deal.stageId] ?? { deals: [], next: null };
  placed[deal.stageId] = { ...target, deals: newestFirst([deal, ...target.deals]) };
  return placed;
}

/** The columns without the deal `id`. */
export function removeDeal(columns: Readonly<Record<number, Column>>, id: number): Record<number, Column> {
  const left: Record<number, Column> = {};
  for (const [stage, column] of Object.entries(columns)) {
    left[Number(stage)] = { ...column, deals: column.deals.filter((d) => d.id !== id) };
  }
  return left;
}

/**
 * The stages' totals with `deal` counted out of the stage `from` (`null` for a new deal) and into its own stage,
 * or into none when `gone`: what a move, an addition or a deletion changes, without asking the backend again.
 */
export function shiftTotals(
  totals: readonly StageTotal[],
  deal: Deal,
  from: number | null,
  gone = false,
): StageTotal[] {
  return totals.map((t) => {
    let count = t.count;
    let amounts = t.amounts.map((a) => ({ ...a }));
    if (t.stage.id === from) {
      count -= 1;
      addTo(amounts, deal.currency, -deal.amountMinor);
    }
    if (!gone && t.stage.id === deal.stageId) {
      count += 1;
      addTo(amounts, deal.currency, deal.amountMinor);
    }
    // A currency whose last deal left the column is not shown as a zero.
    amounts = count <= 0 ? [] : amounts.filter((a) => a.amountMinor !== 0);
    return { ...t, count: Math.max(0, count), amounts };
  });
}

/** The deal as it will look once moved to `stage`, shown before the backend confirms the move. */
export function movedLocally(deal: Deal, stage: Stage, reason: string | null): Deal {
  return {
    ...deal,
    stageId: stage.id,
    stage: stage.name,
    stageKind: stage.kind,
    probability: stage.probability,
    ownProbability: null,
    closeReason: stage.kind === 'open' ? null : reason,
  };
}

/** Whether a move to `stage` asks why first: a lost stage needs a reason, a won stage may have one. */
export function asksReason(stage: Stage): boolean {
  return stage.kind === 'won' || stage.kind === 'lost';
}

/** A closed deal's reason as its card shows it: `Lost: Too dear`. */
export function reasonLine(kind: string, reason: string): string {
  return kind === 'won' ? m.deal_reason_line_won({ reason }) : m.deal_reason_line_lost({ reason });
}

/** What introduces a closed deal's reason on its page: `Lost because`. */
export function reasonHeading(kind: string): string {
  return kind === 'won' ? m.deal_reason_heading_won() : m.deal_reason_heading_lost();
}

/** The badge of a closed deal's kind of stage: `won` or `lost`. */
export function kindLabel(kind: string): string {
  return kind === 'won' ? m.deal_kind_won() : m.deal_kind_lost();
}

/**
 * Reads the probability field of the deal form: empty follows the stage (`null`), otherwise a whole number
 * of percent from 0 to 100. Returns `undefined` for anything else.
 */
export function parseProbability(text: string): number | null | undefined {
  const trimmed = text.trim().replace(/\s*%$/, '');
  if (trimmed === '') return null;
  if (!/^\d{1,3}$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value <= 100 ? value : undefined;
}

/** Replaces the deal with the same id in `deals`. */
export function replaceDeal(deals: readonly Deal[], deal: Deal): Deal[] {
  return deals.map((d) => (d.id === deal.id ? deal : d));
}

/** The currency most deals use, to preselect for a new one; EUR (the core's default) without deals. */
export function usualCurrency(deals: readonly Deal[]): string {
  const counts = new Map<string, number>();
  for (const deal of deals) counts.set(deal.currency, (counts.get(deal.currency) ?? 0) + 1);
  let best = 'EUR';
  let most = 0;
  for (const [currency, count] of counts) {
    if (count > most) {
      best = currency;
      most = count;
    }
  }
  return best;
}

/** The stage id of the pipeline column under the point, if any (the dragged copy must not catch the pointer). */
export function stageAt(x: number, y: number, root: Document = document): number | null {
  // elementFromPoint is missing in some test environments; there, nothing is under the pointer.
  const hit = typeof root.elementFromPoint === 'function' ? root.elementFromPoint(x, y) : null;
  const column = hit?.closest<HTMLElement>('[data-testid="pipeline-column"]');
  const id = Number(column?.dataset.stageId);
  return column && Number.isInteger(id) ? id : null;
}
