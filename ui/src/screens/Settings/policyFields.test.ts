import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../test/monitor';
import { changedKeys, POLICY_FIELDS, policyValues, shownValue, type PolicyValues } from './policyFields';

const POLICY = DEFAULT_POLICY;

const saved = policyValues(POLICY);
const typed = (patch: Partial<PolicyValues>): PolicyValues => ({ ...saved, ...patch });

describe('policy fields', () => {
  it('covers every value of the policy once', () => {
    expect(POLICY_FIELDS.map((f) => f.prop).sort()).toEqual(Object.keys(POLICY).sort());
    expect(new Set(POLICY_FIELDS.map((f) => f.key)).size).toBe(POLICY_FIELDS.length);
  });

  it('turns the policy into the text set_policy takes, and shows it to people', () => {
    expect(saved.export_soft_limit).toBe('500');
    expect(saved.device_slots_allowed).toBe('true');
    const field = (key: string) => POLICY_FIELDS.find((f) => f.key === key)!;
    expect(shownValue(field('device_slots_allowed'), 'false')).toBe('Not allowed');
    expect(shownValue(field('working_hours'), '')).toBe('None');
    expect(shownValue(field('reveals_per_hour'), '10')).toBe('10');
  });

  it('lists only the changed keys, ignoring spaces around a value', () => {
    expect(changedKeys(saved, saved)).toEqual([]);
    const draft = typed({ working_hours: ' 07-20 ', reveals_per_hour: '3' });
    expect(changedKeys(saved, draft)).toEqual(['reveals_per_hour']);
  });

  it('orders the export limits so the hard one is never below the soft one in between', () => {
    // Raising both past the old hard limit: the hard limit first.
    const raised = typed({ export_soft_limit: '8000', export_hard_limit: '20000', exports_per_hour: '9' });
    expect(changedKeys(saved, raised)).toEqual([
      'export_hard_limit',
      'export_soft_limit',
      'exports_per_hour',
    ]);
    // Lowering both below the old soft limit: the soft limit first.
    const lowered = typed({ auto_lock_minutes: '5', export_soft_limit: '50', export_hard_limit: '100' });
    expect(changedKeys(saved, lowered)).toEqual([
      'auto_lock_minutes',
      'export_soft_limit',
      'export_hard_limit',
    ]);
  });
});
