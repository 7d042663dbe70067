import { describe, expect, it } from 'vitest';
import { mockBackend } from '../../test/backend';
import { exportScopeForPurpose, mailingListCounts, purposeCoverage, saveMailingList } from './mailing';

describe('mailing api', () => {
  it('sends each use-by-purpose command with its scope under the names the backend expects', async () => {
    const counts = {
      purpose: 'newsletter',
      included: 2,
      leftOut: { noConsent: 1, withdrawn: 0, expired: 0, restricted: 0, objected: 0, erased: 0, notFound: 0, noEmail: 0 },
      leftOutTotal: 1,
    };
    const calls = mockBackend({
      purpose_coverage: () => [counts],
      mailing_list_counts: () => counts,
      save_mailing_list: () => counts,
      export_scope_for_purpose: () => counts,
    });
    const query = { tag: 'vip', ownerId: null, companyId: null, sort: 'name' as const };

    await expect(purposeCoverage()).resolves.toEqual([counts]);
    await expect(mailingListCounts('newsletter', { kind: 'all' })).resolves.toEqual(counts);
    await saveMailingList('newsletter', { kind: 'ids', ids: [1, 2] }, '/tmp/list.csv');
    await exportScopeForPurpose('vcard', 'newsletter', { kind: 'query', query }, '/tmp/n.vcf');

    expect(calls).toEqual([
      { command: 'purpose_coverage', args: {} },
      { command: 'mailing_list_counts', args: { purpose: 'newsletter', scope: { kind: 'all' } } },
      {
        command: 'save_mailing_list',
        args: { purpose: 'newsletter', scope: { kind: 'ids', ids: [1, 2] }, path: '/tmp/list.csv' },
      },
      {
        command: 'export_scope_for_purpose',
        args: { format: 'vcard', purpose: 'newsletter', scope: { kind: 'query', query }, path: '/tmp/n.vcf' },
      },
    ]);
  });
});
