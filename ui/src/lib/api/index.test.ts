import { describe, expect, it, vi } from 'vitest';
import { ada, emitEvent, mockBackend, reject } from '../../test/backend';
import {
  addActivity,
  addCompany,
  addContact,
  addDeal,
  addTask,
  chooseOpenPath,
  completeTask,
  dashboard,
  deleteActivity,
  deleteCompany,
  deleteDeal,
  deleteTask,
  exportContacts,
  exportContactsWhere,
  getCompany,
  importContacts,
  listActivities,
  listCompanies,
  listDeals,
  listDeletedContacts,
  listRecycleBin,
  listImports,
  listStages,
  listTasks,
  listTasksAbout,
  moveDeal,
  onImportProgress,
  previewCsv,
  reopenTask,
  restoreContact,
  restoreRecord,
  search,
  undoImport,
  updateCompany,
  updateDeal,
  addCustomField,
  addUser,
  ApiError,
  appStatus,
  changePassword,
  chooseSavePath,
  deleteCustomField,
  deleteView,
  disableUser,
  enableUser,
  errorMessage,
  exportAuditCsv,
  isApiError,
  listAudit,
  listContacts,
  listCustomFields,
  listUsers,
  listViews,
  lockVault,
  onLocked,
  resetUserPassword,
  revealSensitive,
  saveView,
  setUserRole,
  unlockWithRecoveryKey,
  updateContact,
  verifyAudit,
  type ContactInput,
} from './index';
import { FALLBACK_MESSAGE } from './errors';

const NO_ADDRESS = { street: '', city: '', postalCode: '', region: '', country: '' };

const EMPTY: ContactInput = {
  name: '',
  emails: [],
  phones: [],
  company: '',
  title: '',
  source: '',
  address: NO_ADDRESS,
  tags: [],
  notes: '',
  custom: {},
  dateOfBirth: null,
  nationalId: null,
  specialNotes: null,
};

describe('api', () => {
  it('sends each command with the argument names of the contract', async () => {
    const calls = mockBackend({
      unlock_with_recovery_key: () => ada,
      list_contacts: () => ({ items: [], total: 0 }),
      update_contact: ({ id }) => ({ id }),
      lock_vault: () => null,
    });

    await unlockWithRecoveryKey('ABCD-EFGH');
    await listContacts(50, 50);
    await listContacts(0, 50, { tag: 'vip', ownerId: 3, companyId: null, sort: 'newest' });
    await updateContact(7, { ...EMPTY, name: 'Grace', custom: { 'member-no': 'M-1' } });
    await expect(lockVault()).resolves.toBeUndefined();

    expect(calls).toEqual([
      { command: 'unlock_with_recovery_key', args: { recoveryKey: 'ABCD-EFGH' } },
      { command: 'list_contacts', args: { offset: 50, limit: 50, query: null } },
      {
        command: 'list_contacts',
        args: { offset: 0, limit: 50, query: { tag: 'vip', ownerId: 3, companyId: null, sort: 'newest' } },
      },
      {
        command: 'update_contact',
        args: {
          id: 7,
          contact: {
            name: 'Grace',
            emails: [],
            phones: [],
            company: '',
            title: '',
            source: '',
            address: NO_ADDRESS,
            tags: [],
            notes: '',
            custom: { 'member-no': 'M-1' },
            dateOfBirth: null,
            nationalId: null,
            specialNotes: null,
          },
        },
      },
      { command: 'lock_vault', args: {} },
    ]);
  });

  it('sends the custom field and saved view commands with the argument names of the contract', async () => {
    const calls = mockBackend(
      Object.fromEntries(
        ['list_custom_fields', 'add_custom_field', 'delete_custom_field', 'list_views', 'save_view', 'delete_view'].map(
          (command) => [command, () => null],
        ),
      ),
    );
    const query = { tag: 'vip', ownerId: null, companyId: null, sort: 'name' as const };

    await listCustomFields();
    await addCustomField('member-no', 'Member number', 'text');
    await deleteCustomField('member-no');
    await listViews();
    await saveView('VIP', query);
    await expect(deleteView(3)).resolves.toBeUndefined();

    expect(calls).toEqual([
      { command: 'list_custom_fields', args: {} },
      { command: 'add_custom_field', args: { key: 'member-no', label: 'Member number', kind: 'text' } },
      { command: 'delete_custom_field', args: { key: 'member-no' } },
      { command: 'list_views', args: {} },
      { command: 'save_view', args: { name: 'VIP', query } },
      { command: 'delete_view', args: { id: 3 } },
    ]);
  });

  it('sends the user, sensitive-field and audit commands with the argument names of the contract', async () => {
    const grace = { id: 2, name: 'grace', role: 'agent', disabled: false, mustChangePassword: true };
    const calls = mockBackend({
      reveal_sensitive: () => '1970-01-02',
      list_users: () => [grace],
      add_user: () => grace,
      set_user_role: () => grace,
      disable_user: () => grace,
      enable_user: () => grace,
      reset_user_password: () => null,
      change_password: () => ada,
      list_audit: () => [],
      verify_audit: () => ({ intact: true, entries: 3, firstBroken: null, problem: null }),
      export_audit_csv: () => 3,
    });

    await expect(revealSensitive(4, 'date-of-birth', 'Checking the age for a contract')).resolves.toBe('1970-01-02');
    await expect(listUsers()).resolves.toEqual([grace]);
    await addUser('grace', 'agent', 'first pass phrase');
    await setUserRole('grace', 'manager');
    await disableUser('grace');
    await enableUser('grace', 'another pass phrase');
    await expect(resetUserPassword('grace', 'third pass phrase')).resolves.toBeUndefined();
    await expect(changePassword('old words', 'new words')).resolves.toEqual(ada);
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
    };
    expect(calls).toEqual([
      {
        command: 'reveal_sensitive',
        args: { id: 4, field: 'date-of-birth', reason: 'Checking the age for a contract' },
      },
      { command: 'list_users', args: {} },
      { command: 'add_user', args: { name: 'grace', role: 'agent', password: 'first pass phrase' } },
      { command: 'set_user_role', args: { name: 'grace', role: 'manager' } },
      { command: 'disable_user', args: { name: 'grace' } },
      { command: 'enable_user', args: { name: 'grace', password: 'another pass phrase' } },
      { command: 'reset_user_password', args: { name: 'grace', password: 'third pass phrase' } },
      // The new password travels under the key `new`, as the Rust parameter is named.
      { command: 'change_password', args: { current: 'old words', new: 'new words' } },
      { command: 'list_audit', args: { filter: { ...none, actor: 'ada', beforeSeq: 40, limit: 100 } } },
      { command: 'verify_audit', args: {} },
      { command: 'export_audit_csv', args: { filter: { ...none, action: 'contact.' }, path: '/tmp/audit.csv' } },
    ]);
  });

  it('sends the search, import, export and record commands with the argument names of the contract', async () => {
    const calls = mockBackend(
      Object.fromEntries(
        [
          'search',
          'preview_csv',
          'import_contacts',
          'list_imports',
          'undo_import',
          'export_contacts',
          'export_contacts_where',
          'list_deleted_contacts',
          'restore_contact',
          'list_recycle_bin',
          'restore_record',
          'list_companies',
          'get_company',
          'add_company',
          'update_company',
          'delete_company',
          'list_stages',
          'list_deals',
          'add_deal',
          'update_deal',
          'move_deal',
          'delete_deal',
          'add_activity',
          'list_activities',
          'delete_activity',
          'list_tasks',
          'list_tasks_about',
          'add_task',
          'complete_task',
          'reopen_task',
          'delete_task',
          'dashboard',
        ].map((command) => [command, () => null]),
      ),
    );
    const company = { name: 'Acme', domain: '', phone: '', city: '', country: '', notes: '' };
    const deal = {
      title: 'X',
      stageId: 1,
      amountMinor: 100,
      currency: 'EUR',
      expectedClose: '',
      probability: null,
      contactId: null,
      companyId: 3,
    };
    const request = {
      path: '/tmp/a.csv',
      format: 'csv',
      mapping: ['name', null],
      customColumns: [null, 'member-no'],
      onDuplicate: 'skip',
      dryRun: true,
      readmitKnown: false,
    };
    const query = { tag: null, ownerId: 1, companyId: null, sort: 'oldest' as const };
    const about = { kind: 'contact' as const, id: 2 };

    await search('ada', 20);
    await previewCsv('/tmp/a.csv');
    await importContacts(request);
    await listImports();
    await undoImport(4);
    await exportContacts('vcard', [1, 2], '/tmp/out.vcf');
    await exportContacts('csv', null, '/tmp/out.csv');
    await exportContactsWhere('csv', query, '/tmp/mine.csv');
    await listDeletedContacts();
    await restoreContact(5);
    await listRecycleBin();
    await listRecycleBin('task');
    await restoreRecord('company', 3);
    await listCompanies(50, 50);
    await getCompany(3);
    await addCompany(company);
    await updateCompany(3, company);
    await deleteCompany(3);
    await listStages();
    await listDeals();
    await addDeal(deal);
    await updateDeal(8, deal);
    await moveDeal(8, 6, 'Too dear');
    await deleteDeal(8);
    await addActivity({ kind: 'note', subject: 'Hi', body: '', occurredAt: '', about });
    await listActivities(about);
    await deleteActivity(9);
    await listTasks('overdue', true);
    await listTasksAbout(about);
    await addTask({ title: 'T', dueDate: '2026-01-01', assignee: '', about: null });
    await completeTask(7);
    await reopenTask(7);
    await deleteTask(7);
    await dashboard();

    expect(calls).toEqual([
      { command: 'search', args: { query: 'ada', limit: 20 } },
      { command: 'preview_csv', args: { path: '/tmp/a.csv', encoding: null } },
      { command: 'import_contacts', args: { request } },
      { command: 'list_imports', args: {} },
      { command: 'undo_import', args: { id: 4 } },
      { command: 'export_contacts', args: { format: 'vcard', ids: [1, 2], path: '/tmp/out.vcf' } },
      { command: 'export_contacts', args: { format: 'csv', ids: null, path: '/tmp/out.csv' } },
      { command: 'export_contacts_where', args: { format: 'csv', query, path: '/tmp/mine.csv' } },
      { command: 'list_deleted_contacts', args: {} },
      { command: 'restore_contact', args: { id: 5 } },
      { command: 'list_recycle_bin', args: { kind: null } },
      { command: 'list_recycle_bin', args: { kind: 'task' } },
      { command: 'restore_record', args: { kind: 'company', id: 3 } },
      { command: 'list_companies', args: { offset: 50, limit: 50 } },
      { command: 'get_company', args: { id: 3 } },
      { command: 'add_company', args: { company } },
      { command: 'update_company', args: { id: 3, company } },
      { command: 'delete_company', args: { id: 3 } },
      { command: 'list_stages', args: {} },
      { command: 'list_deals', args: {} },
      { command: 'add_deal', args: { deal } },
      { command: 'update_deal', args: { id: 8, deal } },
      { command: 'move_deal', args: { id: 8, stageId: 6, reason: 'Too dear' } },
      { command: 'delete_deal', args: { id: 8 } },
      { command: 'add_activity', args: { activity: { kind: 'note', subject: 'Hi', body: '', occurredAt: '', about } } },
      { command: 'list_activities', args: { about } },
      { command: 'delete_activity', args: { id: 9 } },
      { command: 'list_tasks', args: { filter: 'overdue', mineOnly: true } },
      { command: 'list_tasks_about', args: { about } },
      { command: 'add_task', args: { task: { title: 'T', dueDate: '2026-01-01', assignee: '', about: null } } },
      { command: 'complete_task', args: { id: 7 } },
      { command: 'reopen_task', args: { id: 7 } },
      { command: 'delete_task', args: { id: 7 } },
      { command: 'dashboard', args: {} },
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

  it('asks for a file to open with the dialog and its filters, and gives null when it is cancelled', async () => {
    let answer: string | null = '/home/ada/people.csv';
    const calls = mockBackend({ 'plugin:dialog|open': () => answer });
    const filters = [{ name: 'CSV file', extensions: ['csv'] }];

    await expect(chooseOpenPath(filters)).resolves.toBe('/home/ada/people.csv');
    answer = null;
    await expect(chooseOpenPath(filters)).resolves.toBeNull();

    expect(calls[0]).toEqual({
      command: 'plugin:dialog|open',
      args: { options: { multiple: false, directory: false, filters } },
    });
  });

  it('asks for a CSV path with the save dialog, and gives null when it is cancelled', async () => {
    let answer: string | null = '/home/ada/audit.csv';
    const calls = mockBackend({ 'plugin:dialog|save': () => answer });

    await expect(chooseSavePath('steward-audit.csv')).resolves.toBe('/home/ada/audit.csv');
    answer = null;
    await expect(chooseSavePath('steward-audit.csv')).resolves.toBeNull();

    expect(calls[0]).toEqual({
      command: 'plugin:dialog|save',
      args: { options: { defaultPath: 'steward-audit.csv', filters: [{ name: 'CSV file', extensions: ['csv'] }] } },
    });
  });

  it('turns a rejected {code, message} into an ApiError with the same code and sentence', async () => {
    mockBackend({ add_contact: reject('invalid_input', 'An e-mail address needs an @ sign.') });

    const error: unknown = await addContact({ ...EMPTY, name: 'x', emails: ['x'] }).catch(
      (e: unknown) => e,
    );

    expect(isApiError(error)).toBe(true);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid_input');
    expect((error as ApiError).message).toBe('An e-mail address needs an @ sign.');
  });

  it('gives a user-facing sentence, never raw text, when the rejection is not an ApiError', async () => {
    mockBackend({
      app_status: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw 'command app_status not found';
      },
    });

    const error = await appStatus().catch((e: unknown) => e);

    expect((error as ApiError).code).toBe('other');
    expect(errorMessage(error)).toBe(FALLBACK_MESSAGE);
  });

  it('maps an unknown code to "other" but keeps the sentence', async () => {
    mockBackend({
      app_status: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw { code: 'brand_new_code', message: 'The vault is busy.' };
      },
    });

    const error = (await appStatus().catch((e: unknown) => e)) as ApiError;

    expect(error.code).toBe('other');
    expect(error.message).toBe('The vault is busy.');
  });

  it('tells locked listeners about a locked error, and stops after unsubscribing', async () => {
    mockBackend({ list_contacts: reject('locked', 'The vault is locked.') });
    const listener = vi.fn();
    const unsubscribe = onLocked(listener);

    await expect(listContacts(0, 50)).rejects.toMatchObject({ code: 'locked' });
    unsubscribe();
    await expect(listContacts(0, 50)).rejects.toMatchObject({ code: 'locked' });

    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ code: 'locked', message: 'The vault is locked.' }));
  });
});
