// The security policy's settings named as a sentence names them (not the Settings page's labels, which lead an
// input): an alert about a changed policy, a value of it refused.
import type { PolicyKey } from './api/monitor';
import { m } from './i18n.svelte';

const POLICY_NAMES: Record<PolicyKey, () => string> = {
  auto_lock_minutes: m.policy_name_auto_lock,
  failed_unlocks: m.policy_name_failed_unlocks,
  export_soft_limit: m.policy_name_export_soft,
  export_hard_limit: m.policy_name_export_hard,
  exports_per_hour: m.policy_name_exports_per_hour,
  scrape_contacts: m.policy_name_scrape_contacts,
  scrape_window_minutes: m.policy_name_scrape_window,
  reveals_per_hour: m.policy_name_reveals,
  deletes_per_ten_minutes: m.policy_name_deletes,
  working_hours: m.policy_name_working_hours,
  device_slots_allowed: m.policy_name_device_slots,
  rules_gating: m.policy_name_rules_gating,
  rules_acknowledge_days: m.policy_name_rules_days,
  review_interval_days: m.policy_name_review_interval,
  review_dormant_days: m.policy_name_review_dormant,
};

/** A policy key (`auto_lock_minutes`, as core names it) by its name in the interface language; `null` for one this version does not know. */
export function policyName(key: string | null | undefined): string | null {
  if (key === null || key === undefined || !Object.hasOwn(POLICY_NAMES, key)) return null;
  return POLICY_NAMES[key as PolicyKey]();
}
