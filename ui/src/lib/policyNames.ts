// The security policy's settings by the names the Settings page gives them, for the sentences that name one: an
// alert about a changed policy, a value of it refused.
import type { PolicyKey } from './api/monitor';
import { m } from './i18n.svelte';

const POLICY_NAMES: Record<PolicyKey, () => string> = {
  auto_lock_minutes: m.settings_policy_auto_lock_label,
  failed_unlocks: m.settings_policy_failed_unlocks_label,
  export_soft_limit: m.settings_policy_export_soft_label,
  export_hard_limit: m.settings_policy_export_hard_label,
  exports_per_hour: m.settings_policy_exports_per_hour_label,
  scrape_contacts: m.settings_policy_scrape_contacts_label,
  scrape_window_minutes: m.settings_policy_scrape_window_label,
  reveals_per_hour: m.settings_policy_reveals_label,
  deletes_per_ten_minutes: m.settings_policy_deletes_label,
  working_hours: m.settings_policy_working_hours_label,
  device_slots_allowed: m.settings_policy_device_slots_label,
  rules_gating: m.rules_policy_gating_label,
  rules_acknowledge_days: m.rules_policy_days_label,
  review_interval_days: m.review_policy_interval_label,
  review_dormant_days: m.review_policy_dormant_label,
};

/** A policy setting's name in the interface language, as Settings labels it. */
export function policyLabel(key: PolicyKey): string {
  return POLICY_NAMES[key]();
}

/** A policy key (`auto_lock_minutes`, as core names it) by its name in the interface language; `null` for one this version does not know. */
export function policyName(key: string | null | undefined): string | null {
  if (key === null || key === undefined || !Object.hasOwn(POLICY_NAMES, key)) return null;
  return policyLabel(key as PolicyKey);
}
