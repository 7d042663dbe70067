import { describe, expect, it } from 'vitest';
import { mockBackend } from '../../test/backend';
import { exportAuditCsv, listAudit, verifyAudit } from './audit';

describe('audit api', () => {
  it('sends each audit command with a whole filter, the fields left out as null', async () => {
    const calls = mockBackend({
      list_audit: () => [],
      verify_audit: () => ({ intact: true, entries: 3, firstBroken: null, problem: null }),
      export_audit_csv: () => 3,
    });

    await listAudit({ actor: 'ada', beforeSeq: 40, limit: 100 });
    await expect(verifyAudit()).resolves.toMatchObject({ intact: true, entries: 3 });
    await expect(exportAuditCsv({ action: 'contact.' }, '/tmp/audit.csv')).resolves.toBe(3);

    const none = {
      actor: null,
      action: null,
      targetType: null,
      targetId: null,
      since: null,
      until: null,
      beforeSeq: null,
      limit: null,
      shared: false,
    };
    expect(calls).toEqual([
      { command: 'list_audit', args: { filter: { ...none, actor: 'ada', beforeSeq: 40, limit: 100 } } },
      { command: 'verify_audit', args: {} },
      { command: 'export_audit_csv', args: { filter: { ...none, action: 'contact.' }, path: '/tmp/audit.csv' } },
    ]);
  });
});
