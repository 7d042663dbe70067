// The security policy as the Settings page shows it: each value with a label and a one-line explanation
// (crates/core/src/monitor/policy.rs and docs/SECURITY.md, section 16), and the order its changes are saved in.
import type { Policy, PolicyKey } from '../../lib/api';

export interface PolicyField {
  key: PolicyKey;
  /** The same value's name in `Policy`. */
  prop: keyof Policy;
  label: string;
  hint: string;
  /** `count`: a whole number, at least `min`; `hours`: `HH-HH` or empty; `switch`: on or off. */
  kind: 'count' | 'hours' | 'switch';
  min?: number;
  max?: number;
}

export interface PolicyGroup {
  title: string;
  fields: PolicyField[];
}

export const POLICY_GROUPS: PolicyGroup[] = [
  {
    title: 'Signing in and locking',
    fields: [
      {
        key: 'auto_lock_minutes',
        prop: 'autoLockMinutes',
        label: 'Lock after this many idle minutes',
        hint: 'Steward locks itself when nobody used it for this long (1 to 240 minutes).',
        kind: 'count',
        min: 1,
        max: 240,
      },
      {
        key: 'failed_unlocks',
        prop: 'failedUnlocks',
        label: 'Failed unlocks before an alert',
        hint: 'This many wrong passwords in a row raise an alert at the next successful unlock.',
        kind: 'count',
        min: 1,
      },
      {
        key: 'working_hours',
        prop: 'workingHours',
        label: 'Working hours',
        hint: 'An unlock outside these hours (this computer’s clock, such as 07-20) raises an alert; empty for none.',
        kind: 'hours',
      },
      {
        key: 'device_slots_allowed',
        prop: 'deviceSlotsAllowed',
        label: 'Allow “Remember me on this computer”',
        hint: 'Turning this off forgets every remembered computer: everyone types their password again.',
        kind: 'switch',
      },
    ],
  },
  {
    title: 'Exports',
    fields: [
      {
        key: 'export_soft_limit',
        prop: 'exportSoftLimit',
        label: 'Ask for the password above',
        hint: 'An export of more contacts than this needs the password typed again.',
        kind: 'count',
        min: 1,
      },
      {
        key: 'export_hard_limit',
        prop: 'exportHardLimit',
        label: 'Refuse exports above',
        hint: 'An export of more contacts than this is refused, with an alert. It must be at least the limit above.',
        kind: 'count',
        min: 1,
      },
      {
        key: 'exports_per_hour',
        prop: 'exportsPerHour',
        label: 'Exports in an hour before an alert',
        hint: 'One person making this many exports within an hour raises an alert.',
        kind: 'count',
        min: 1,
      },
    ],
  },
  {
    title: 'Unusual activity',
    fields: [
      {
        key: 'scrape_contacts',
        prop: 'scrapeContacts',
        label: 'Contacts opened before the session locks',
        hint: 'Opening this many different contacts within the minutes below raises an alert and locks the session.',
        kind: 'count',
        min: 1,
      },
      {
        key: 'scrape_window_minutes',
        prop: 'scrapeWindowMinutes',
        label: 'Minutes the opened contacts are counted in',
        hint: 'The time span of the rule above.',
        kind: 'count',
        min: 1,
      },
      {
        key: 'reveals_per_hour',
        prop: 'revealsPerHour',
        label: 'Sensitive fields shown in an hour before an alert',
        hint: 'One person revealing this many sensitive fields within an hour raises an alert.',
        kind: 'count',
        min: 1,
      },
      {
        key: 'deletes_per_ten_minutes',
        prop: 'deletesPerTenMinutes',
        label: 'Contacts deleted in ten minutes before an alert',
        hint: 'One person moving this many contacts to the recycle bin within ten minutes raises an alert.',
        kind: 'count',
        min: 1,
      },
    ],
  },
];

export const POLICY_FIELDS: PolicyField[] = POLICY_GROUPS.flatMap((group) => group.fields);

/** Each value of `policy` as text, keyed as `setPolicy` takes them ('true' or 'false' for a switch). */
export type PolicyValues = Record<PolicyKey, string>;

export function policyValues(policy: Policy): PolicyValues {
  return Object.fromEntries(POLICY_FIELDS.map((field) => [field.key, String(policy[field.prop])])) as PolicyValues;
}

/** A value as a person reads it, for those who may see the policy but not change it. */
export function shownValue(field: PolicyField, value: string): string {
  if (field.kind === 'switch') return value === 'true' ? 'Allowed' : 'Not allowed';
  if (field.kind === 'hours') return value.trim() === '' ? 'None' : value;
  return value;
}

/**
 * The keys whose typed value differs from the saved one, in the order they can be saved one at a time. The
 * core checks the whole policy after each change, so the hard export limit may never be below the soft one
 * in between: raising both saves the hard limit first, lowering both the soft limit first.
 */
export function changedKeys(saved: PolicyValues, draft: PolicyValues): PolicyKey[] {
  const changed = POLICY_FIELDS.map((field) => field.key).filter((key) => draft[key].trim() !== saved[key]);
  const soft = changed.indexOf('export_soft_limit');
  const hard = changed.indexOf('export_hard_limit');
  if (soft === -1 || hard === -1) return changed;
  // One of the two orders always works when the values asked for are valid: if the new soft limit fits under
  // the old hard limit, the soft one goes first; otherwise the new hard limit is above the old soft one.
  const softFirst = Number(draft.export_soft_limit) <= Number(saved.export_hard_limit);
  const rest = changed.filter((key) => key !== 'export_soft_limit' && key !== 'export_hard_limit');
  const pair: PolicyKey[] = softFirst
    ? ['export_soft_limit', 'export_hard_limit']
    : ['export_hard_limit', 'export_soft_limit'];
  const at = Math.min(soft, hard);
  return [...rest.slice(0, at), ...pair, ...rest.slice(at)];
}
