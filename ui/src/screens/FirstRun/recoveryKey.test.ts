import { describe, expect, it } from 'vitest';
import { groupMatches, pickTwoGroups, recoveryKeyGroups } from './recoveryKey';

describe('recoveryKeyGroups', () => {
  it('splits the key at its dashes', () => {
    expect(recoveryKeyGroups('AB12-CD34-EF56')).toEqual(['AB12', 'CD34', 'EF56']);
  });
});

describe('pickTwoGroups', () => {
  it('always returns two different group numbers in 1..count, smaller first', () => {
    for (let i = 0; i < 500; i++) {
      const [a, b] = pickTwoGroups(14);
      expect(a).toBeGreaterThanOrEqual(1);
      expect(b).toBeLessThanOrEqual(14);
      expect(a).toBeLessThan(b);
    }
  });

  it('can pick the last group and skips the first pick for the second', () => {
    // First draw: index 13 of 14 (group 14); second draw: index 12 of the remaining 13 (group 13).
    expect(pickTwoGroups(14, (n) => n - 1)).toEqual([13, 14]);
    // Both draws 0: the second is moved past the first.
    expect(pickTwoGroups(14, () => 0)).toEqual([1, 2]);
  });
});

describe('groupMatches', () => {
  it('ignores case and spaces', () => {
    expect(groupMatches('AB12', 'ab12')).toBe(true);
    expect(groupMatches('AB12', ' a b 1 2 ')).toBe(true);
  });

  it('accepts the look-alikes the core accepts: O for 0, I and L for 1', () => {
    expect(groupMatches('A0B1', 'aob1')).toBe(true);
    expect(groupMatches('A0B1', 'AOBI')).toBe(true);
    expect(groupMatches('A0B1', 'a0bl')).toBe(true);
    expect(groupMatches('1100', 'Il oO')).toBe(true);
    // A look-alike is only read as its own digit, never as another one.
    expect(groupMatches('A0B1', 'A1B0')).toBe(false);
    expect(groupMatches('A0B1', 'AQB1')).toBe(false);
  });

  it('rejects a different group and an empty answer', () => {
    expect(groupMatches('AB12', 'AB13')).toBe(false);
    expect(groupMatches('AB12', 'AB1')).toBe(false);
    expect(groupMatches('AB12', '')).toBe(false);
    expect(groupMatches('', '')).toBe(false);
  });
});
