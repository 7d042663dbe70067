import { describe, expect, it } from 'vitest';
import { STAGES } from '../../test/backend';
import { movedStage, parsePercent } from './stages';

describe('pipeline section helpers', () => {
  it('moves a stage one place up or down, and not past either end', () => {
    expect(movedStage(STAGES, 3, -1)).toEqual([1, 3, 2, 4, 5, 6]);
    expect(movedStage(STAGES, 3, 1)).toEqual([1, 2, 4, 3, 5, 6]);
    expect(movedStage(STAGES, 1, -1)).toBeNull();
    expect(movedStage(STAGES, 6, 1)).toBeNull();
    expect(movedStage(STAGES, 99, 1)).toBeNull();
  });

  it('reads a probability as a whole percentage from 0 to 100', () => {
    expect(parsePercent('0')).toBe(0);
    expect(parsePercent(' 45 % ')).toBe(45);
    expect(parsePercent('100')).toBe(100);
    for (const bad of ['', '101', '-1', '4.5', 'ten']) expect(parsePercent(bad)).toBeNull();
  });
});
