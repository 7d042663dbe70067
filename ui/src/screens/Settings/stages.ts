// Pure helpers of the Settings screen's pipeline section.
import type { Stage, StageKind } from '../../lib/api';

/** The kinds of stage, as the section names them. */
export const KIND_LABELS: Record<StageKind, string> = { open: 'Open', won: 'Won', lost: 'Lost' };

/** Reads a stage's probability: a whole number of percent from 0 to 100 (a trailing % is fine), else null. */
export function parsePercent(text: string): number | null {
  const trimmed = text.trim().replace(/\s*%$/, '');
  if (!/^\d{1,3}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value <= 100 ? value : null;
}

/**
 * The stage ids in their new order after moving stage `id` one place up (`-1`) or down (`1`), or null when it
 * cannot move that way (already first or last, or not found).
 */
export function movedStage(stages: readonly Stage[], id: number, by: -1 | 1): number[] | null {
  const ids = stages.map((s) => s.id);
  const from = ids.indexOf(id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= ids.length) return null;
  [ids[from], ids[to]] = [ids[to]!, ids[from]!];
  return ids;
}
