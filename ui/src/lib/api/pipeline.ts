// The pipeline's stages (configured in Settings) and one deal by id (its page). Re-exported by `./index`,
// the one entry point screens use.

import { call } from './call';
import type { Deal, Stage } from './types';

/** What a stage does to the deals in it: `open` holds work in progress, `won` and `lost` close a deal. */
export type StageKind = 'open' | 'won' | 'lost';

/** One live deal (the deal's page). */
export function getDeal(id: number): Promise<Deal> {
  return call('get_deal', { id });
}

/** Adds a stage at the end of the pipeline (`settings.manage`). */
export function addStage(name: string, probability: number, kind: StageKind): Promise<Stage> {
  return call('add_stage', { name, probability, kind });
}

export function renameStage(id: number, name: string): Promise<Stage> {
  return call('rename_stage', { id, name });
}

/** The probability (percent) deals in the stage have unless they set their own. */
export function setStageProbability(id: number, probability: number): Promise<Stage> {
  return call('set_stage_probability', { id, probability });
}

/** Puts the stages in the order of `ids` (every stage once); resolves with the new order. */
export function reorderStages(ids: number[]): Promise<Stage[]> {
  return call('reorder_stages', { ids });
}

/** Deletes a stage no deal uses (not even one in the recycle bin); resolves with the stages left. */
export function deleteStage(id: number): Promise<Stage[]> {
  return call('delete_stage', { id });
}
