// Monitoring (the shell's `monitor` domain): alerts, the security policy and confirming the password again.
// Re-exported by `./index`, the one entry point screens use.

import { call } from './call';
import { isApiError, type ApiError } from './errors';
import type { Alert, Policy } from './types';

export type { Alert, AlertReason, Policy } from './types';

/** Alerts, newest first; with `openOnly`, only those nobody acknowledged yet (owners and admins). */
export function listAlerts(openOnly: boolean): Promise<Alert[]> {
  return call('list_alerts', { openOnly });
}

/** Unacknowledged alerts, for the header's badge (0 for roles that do not see alerts). */
export function openAlertCount(): Promise<number> {
  return call('open_alert_count');
}

/** Acknowledges an alert (recorded in the audit log); resolves with it as it is now. */
export function ackAlert(id: number): Promise<Alert> {
  return call('ack_alert', { id });
}

export function getPolicy(): Promise<Policy> {
  return call('get_policy');
}

/** The policy's keys, as `setPolicy` and `steward policy set` take them. */
export type PolicyKey =
  | 'auto_lock_minutes'
  | 'failed_unlocks'
  | 'export_soft_limit'
  | 'export_hard_limit'
  | 'exports_per_hour'
  | 'scrape_contacts'
  | 'scrape_window_minutes'
  | 'reveals_per_hour'
  | 'deletes_per_ten_minutes'
  | 'working_hours'
  | 'device_slots_allowed'
  | 'rules_gating'
  | 'rules_acknowledge_days'
  | 'review_interval_days'
  | 'review_dormant_days';

/** Sets one policy value (owners only); resolves with the whole policy as it is now. */
export function setPolicy(key: PolicyKey, value: string): Promise<Policy> {
  return call('set_policy', { key, value });
}

/** Confirms the user's password again; an export above the soft limit within five minutes then goes through. */
export async function reauthenticate(password: string): Promise<void> {
  await call<null>('reauthenticate', { password });
}

/**
 * Runs `action`; when the backend answers `reauth_required`, asks `askPassword` for the password (it
 * resolves with null when the user cancels; then this resolves with null), confirms it and runs `action`
 * again. After a wrong password `askPassword` is asked once more, with that error, so a prompt can stay
 * open and say why; the action itself runs only once the password was accepted.
 */
export async function withReauth<T>(
  action: () => Promise<T>,
  askPassword: (wrong: ApiError | null) => Promise<string | null>,
): Promise<T | null> {
  try {
    return await action();
  } catch (error) {
    if (!isApiError(error) || error.code !== 'reauth_required') throw error;
  }
  let wrong: ApiError | null = null;
  for (;;) {
    const password = await askPassword(wrong);
    if (password === null) return null;
    try {
      await reauthenticate(password);
      break;
    } catch (error) {
      if (!isApiError(error) || error.code !== 'authentication') throw error;
      wrong = error;
    }
  }
  return action();
}
