// Monitoring fixtures for component tests, shaped as the alert commands answer.
import type { Alert, Policy } from '../lib/api';

/** An open `bulk-export` alert raised for ada, unless `patch` says otherwise. */
export function alert(id: number, patch: Partial<Alert> = {}): Alert {
  return {
    id,
    at: '2026-03-01T09:30:00Z',
    rule: 'bulk-export',
    severity: 'warning',
    user: 'ada',
    summary: '250 contacts exported at once',
    params: {},
    auditSeqs: [40 + id],
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...patch,
  };
}

/** `alert` as `ack_alert` answers it: acknowledged by `by`. */
export function acknowledged(original: Alert, by = 'ada', at = '2026-03-02T08:15:00Z'): Alert {
  return { ...original, acknowledgedAt: at, acknowledgedBy: by };
}

/** The policy of a new vault (crates/core/src/monitor/policy.rs). */
export const DEFAULT_POLICY: Policy = {
  autoLockMinutes: 10,
  failedUnlocks: 5,
  exportSoftLimit: 500,
  exportHardLimit: 5000,
  exportsPerHour: 5,
  scrapeContacts: 50,
  scrapeWindowMinutes: 5,
  revealsPerHour: 10,
  deletesPerTenMinutes: 20,
  workingHours: '07-20',
  deviceSlotsAllowed: true,
  rulesGating: true,
  rulesAcknowledgeDays: 365,
  reviewIntervalDays: 90,
  reviewDormantDays: 60,
};
