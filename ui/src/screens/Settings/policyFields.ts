// The security policy as the Settings page shows it: each value with a label and a one-line explanation
// (crates/core/src/monitor/policy.rs and docs/SECURITY.md, section 16), and the order its changes are saved in.
import type { Policy, PolicyKey } from '../../lib/api';
import { m } from '../../lib/i18n.svelte';

export interface PolicyField {
  key: PolicyKey;
  /** The same value's name in `Policy`. */
  prop: keyof Policy;
  /** In the interface language (a getter: it follows a change of language). */
  readonly label: string;
  readonly hint: string;
  /** `count`: a whole number, at least `min`; `hours`: `HH-HH` or empty; `switch`: on or off. */
  kind: 'count' | 'hours' | 'switch';
  min?: number;
  max?: number;
}

export interface PolicyGroup {
  /** Names the group for keyed lists; its title changes with the language. */
  id: string;
  title: string;
  fields: PolicyField[];
}

export const POLICY_GROUPS: PolicyGroup[] = [
  {
    id: 'signin',
    get title() {
      return m.settings_policy_group_signin();
    },
    fields: [
      {
        key: 'auto_lock_minutes',
        prop: 'autoLockMinutes',
        get label() {
          return m.settings_policy_auto_lock_label();
        },
        get hint() {
          return m.settings_policy_auto_lock_hint();
        },
        kind: 'count',
        min: 1,
        max: 240,
      },
      {
        key: 'failed_unlocks',
        prop: 'failedUnlocks',
        get label() {
          return m.settings_policy_failed_unlocks_label();
        },
        get hint() {
          return m.settings_policy_failed_unlocks_hint();
        },
        kind: 'count',
        min: 1,
      },
      {
        key: 'working_hours',
        prop: 'workingHours',
        get label() {
          return m.settings_policy_working_hours_label();
        },
        get hint() {
          return m.settings_policy_working_hours_hint();
        },
        kind: 'hours',
      },
      {
        key: 'device_slots_allowed',
        prop: 'deviceSlotsAllowed',
        get label() {
          return m.settings_policy_device_slots_label();
        },
        get hint() {
          return m.settings_policy_device_slots_hint();
        },
        kind: 'switch',
      },
    ],
  },
  {
    id: 'exports',
    get title() {
      return m.settings_policy_group_exports();
    },
    fields: [
      {
        key: 'export_soft_limit',
        prop: 'exportSoftLimit',
        get label() {
          return m.settings_policy_export_soft_label();
        },
        get hint() {
          return m.settings_policy_export_soft_hint();
        },
        kind: 'count',
        min: 1,
      },
      {
        key: 'export_hard_limit',
        prop: 'exportHardLimit',
        get label() {
          return m.settings_policy_export_hard_label();
        },
        get hint() {
          return m.settings_policy_export_hard_hint();
        },
        kind: 'count',
        min: 1,
      },
      {
        key: 'exports_per_hour',
        prop: 'exportsPerHour',
        get label() {
          return m.settings_policy_exports_per_hour_label();
        },
        get hint() {
          return m.settings_policy_exports_per_hour_hint();
        },
        kind: 'count',
        min: 1,
      },
    ],
  },
  {
    id: 'unusual',
    get title() {
      return m.settings_policy_group_unusual();
    },
    fields: [
      {
        key: 'scrape_contacts',
        prop: 'scrapeContacts',
        get label() {
          return m.settings_policy_scrape_contacts_label();
        },
        get hint() {
          return m.settings_policy_scrape_contacts_hint();
        },
        kind: 'count',
        min: 1,
      },
      {
        key: 'scrape_window_minutes',
        prop: 'scrapeWindowMinutes',
        get label() {
          return m.settings_policy_scrape_window_label();
        },
        get hint() {
          return m.settings_policy_scrape_window_hint();
        },
        kind: 'count',
        min: 1,
      },
      {
        key: 'reveals_per_hour',
        prop: 'revealsPerHour',
        get label() {
          return m.settings_policy_reveals_label();
        },
        get hint() {
          return m.settings_policy_reveals_hint();
        },
        kind: 'count',
        min: 1,
      },
      {
        key: 'deletes_per_ten_minutes',
        prop: 'deletesPerTenMinutes',
        get label() {
          return m.settings_policy_deletes_label();
        },
        get hint() {
          return m.settings_policy_deletes_hint();
        },
        kind: 'count',
        min: 1,
      },
    ],
  },
  {
    id: 'rules',
    get title() {
      return m.rules_policy_group();
    },
    fields: [
      {
        key: 'rules_gating',
        prop: 'rulesGating',
        get label() {
          return m.rules_policy_gating_label();
        },
        get hint() {
          return m.rules_policy_gating_hint();
        },
        kind: 'switch',
      },
      {
        key: 'rules_acknowledge_days',
        prop: 'rulesAcknowledgeDays',
        get label() {
          return m.rules_policy_days_label();
        },
        get hint() {
          return m.rules_policy_days_hint();
        },
        kind: 'count',
        min: 1,
      },
    ],
  },
  {
    id: 'review',
    get title() {
      return m.review_policy_group();
    },
    fields: [
      {
        key: 'review_interval_days',
        prop: 'reviewIntervalDays',
        get label() {
          return m.review_policy_interval_label();
        },
        get hint() {
          return m.review_policy_interval_hint();
        },
        kind: 'count',
        min: 1,
      },
      {
        key: 'review_dormant_days',
        prop: 'reviewDormantDays',
        get label() {
          return m.review_policy_dormant_label();
        },
        get hint() {
          return m.review_policy_dormant_hint();
        },
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
  if (field.kind === 'switch') return value === 'true' ? m.settings_policy_allowed() : m.settings_policy_not_allowed();
  if (field.kind === 'hours') return value.trim() === '' ? m.settings_policy_none() : value;
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
