// Pure helpers of the Settings screen's pipeline section.
import type { Stage, StageKind } from '../../lib/api';
import { m } from '../../lib/i18n.svelte';

/** The kinds of stage, in the order the section offers them. */
export const STAGE_KINDS: readonly StageKind[] = ['open', 'won', 'lost'];

const KIND_LABELS: Record<StageKind, () => string> = {
  open: m.settings_stage_kind_open,
  won: m.settings_stage_kind_won,
  lost: m.settings_stage_kind_lost,
};

/** A kind of stage as the section names it; a kind the UI does not know is shown as it is named. */
export function stageKindLabel(kind: string): string {
  return KIND_LABELS[kind as StageKind]?.() ?? kind;
}

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
