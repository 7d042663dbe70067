import { describe, expect, it } from 'vitest';
import { mockBackend } from '../../test/backend';
import { addStage, deleteStage, getDeal, moveDeal, renameStage, reorderStages, setStageProbability } from './index';

describe('pipeline commands', () => {
  it('send each command its arguments under the names the backend expects', async () => {
    const calls = mockBackend({
      get_deal: () => null,
      add_stage: () => null,
      rename_stage: () => null,
      set_stage_probability: () => null,
      reorder_stages: () => [],
      delete_stage: () => [],
      move_deal: () => null,
    });

    await getDeal(4);
    await addStage('Pilot', 40, 'open');
    await renameStage(7, 'Trial');
    await setStageProbability(7, 45);
    await reorderStages([1, 7, 2]);
    await deleteStage(7);
    await moveDeal(4, 5, 'Best support');

    expect(calls).toEqual([
      { command: 'get_deal', args: { id: 4 } },
      { command: 'add_stage', args: { name: 'Pilot', probability: 40, kind: 'open' } },
      { command: 'rename_stage', args: { id: 7, name: 'Trial' } },
      { command: 'set_stage_probability', args: { id: 7, probability: 45 } },
      { command: 'reorder_stages', args: { ids: [1, 7, 2] } },
      { command: 'delete_stage', args: { id: 7 } },
      { command: 'move_deal', args: { id: 4, stageId: 5, reason: 'Best support' } },
    ]);
  });
});
