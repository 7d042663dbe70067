// Monitoring fixtures for component tests, shaped as the alert commands answer.
import type { Alert } from '../lib/api';

/** An open `bulk-export` alert raised for ada, unless `patch` says otherwise. */
export function alert(id: number, patch: Partial<Alert> = {}): Alert {
  return {
    id,
    at: '2026-03-01T09:30:00Z',
    rule: 'bulk-export',
    severity: 'warning',
    user: 'ada',
    summary: '250 contacts exported at once',
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
