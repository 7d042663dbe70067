import { describe, expect, it } from 'vitest';
import { emitEvent, mockBackend } from '../../test/backend';
import {
  exportContacts,
  exportCalendar,
  exportContactsWhere,
  importContacts,
  importEmail,
  listImports,
  onImportProgress,
  previewCsv,
  undoImport,
} from './interchange';

describe('interchange api', () => {
  it('sends the import and export commands with the argument names of the contract', async () => {
    const calls = mockBackend(
      Object.fromEntries(
        ['preview_csv', 'import_contacts', 'import_email', 'list_imports', 'undo_import', 'export_contacts', 'export_contacts_where', 'export_calendar'].map(
          (command) => [command, () => null],
        ),
      ),
    );
    const request = {
      path: '/tmp/a.csv',
      format: 'csv' as const,
      mapping: ['name', null],
      customColumns: [null, 'member-no'],
      onDuplicate: 'skip' as const,
      dryRun: true,
      readmitKnown: false,
    };
    const query = { tag: null, ownerId: 1, companyId: null, sort: 'oldest' as const };

    await previewCsv('/tmp/a.csv');
    await importContacts(request);
    const email = { paths: ['/tmp/a.eml', '/tmp/b.mbox'], dryRun: false, create: ['ion@example.ro'] };
    await importEmail(email);
    await listImports();
    await undoImport(4);
    await exportContacts('vcard', [1, 2], '/tmp/out.vcf');
    await exportContacts('csv', null, '/tmp/out.csv');
    await exportContactsWhere('csv', query, '/tmp/mine.csv');
    await exportCalendar({ from: '2026-03-01', to: null, mineOnly: true, task: null }, '/tmp/march.ics');

    expect(calls).toEqual([
      { command: 'preview_csv', args: { path: '/tmp/a.csv', encoding: null } },
      { command: 'import_contacts', args: { request } },
      { command: 'import_email', args: { request: email } },
      { command: 'list_imports', args: {} },
      { command: 'undo_import', args: { id: 4 } },
      { command: 'export_contacts', args: { format: 'vcard', ids: [1, 2], path: '/tmp/out.vcf' } },
      { command: 'export_contacts', args: { format: 'csv', ids: null, path: '/tmp/out.csv' } },
      { command: 'export_contacts_where', args: { format: 'csv', query, path: '/tmp/mine.csv' } },
      {
        command: 'export_calendar',
        args: { from: '2026-03-01', to: null, mineOnly: true, task: null, path: '/tmp/march.ics' },
      },
    ]);
  });

  it('hands import-progress payloads to the listener until it is removed', async () => {
    mockBackend({});
    const seen: unknown[] = [];
    const stop = await onImportProgress((p) => seen.push(p));

    await emitEvent('import-progress', { done: 1, total: 4 });
    stop();
    await emitEvent('import-progress', { done: 2, total: 4 });

    expect(seen).toEqual([{ done: 1, total: 4 }]);
  });
});
