// The audit log. Re-exported by `./index`.

import { call } from './call';
import type { AuditEntry, AuditFilter, VerifyReport } from './types';

/** Every filter key, set to `null` unless given, so the command always receives the whole shape. */
export function auditFilter(filter: Partial<AuditFilter> = {}): AuditFilter {
  return {
    actor: null,
    action: null,
    targetType: null,
    targetId: null,
    since: null,
    until: null,
    beforeSeq: null,
    limit: null,
    shared: false,
    ...filter,
  };
}

/** Audit entries matching `filter`, newest first. */
export function listAudit(filter: Partial<AuditFilter>): Promise<AuditEntry[]> {
  return call('list_audit', { filter: auditFilter(filter) });
}

/** Walks the whole hash chain of the audit log. */
export function verifyAudit(): Promise<VerifyReport> {
  return call('verify_audit');
}

/** Writes the entries matching `filter` to `path` as CSV; resolves with the number written. */
export function exportAuditCsv(filter: Partial<AuditFilter>, path: string): Promise<number> {
  return call('export_audit_csv', { filter: auditFilter(filter), path });
}
