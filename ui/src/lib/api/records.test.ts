import { describe, expect, it } from 'vitest';
import { mockBackend } from '../../test/backend';
import {
  addActivity,
  addCompany,
  addDeal,
  addStage,
  addTask,
  completeTask,
  dashboard,
  deleteActivity,
  deleteCompany,
  deleteDeal,
  deleteStage,
  deleteTask,
  getCompany,
  getDeal,
  listActivities,
  listCompanies,
  listDeals,
  listDealsPage,
  listRecycleBin,
  listStages,
  listTasksPage,
  pipelineSummary,
  listTasksAbout,
  calendar,
  moveDeal,
  renameStage,
  reopenTask,
  reorderStages,
  restoreRecord,
  setStageProbability,
  updateCompany,
  updateActivity,
  updateDeal,
  updateTask,
} from './records';

describe('records api', () => {
  it('sends the company, deal, activity, task and recycle bin commands with the argument names of the contract', async () => {
    const calls = mockBackend(
      Object.fromEntries(
        [
          'list_recycle_bin',
          'restore_record',
          'list_companies',
          'get_company',
          'add_company',
          'update_company',
          'delete_company',
          'list_deals',
          'list_deals_page',
          'pipeline_summary',
          'get_deal',
          'add_deal',
          'update_deal',
          'move_deal',
          'delete_deal',
          'add_activity',
          'list_activities',
          'update_activity',
          'delete_activity',
          'list_tasks_page',
          'list_tasks_about',
          'calendar',
          'add_task',
          'update_task',
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
    const about = { kind: 'contact' as const, id: 2 };

    await listRecycleBin();
    await listRecycleBin('task');
    await restoreRecord('company', 3);
    await listCompanies('cursor', 50, false);
    await getCompany(3);
    await addCompany(company);
    await updateCompany(3, company);
    await deleteCompany(3);
    await listDeals();
    await listDealsPage(6, 'cursor', 50);
    await pipelineSummary();
    await getDeal(8);
    await addDeal(deal);
    await updateDeal(8, deal);
    await moveDeal(8, 6, 'Too dear');
    await deleteDeal(8);
    await addActivity({ kind: 'note', subject: 'Hi', body: '', occurredAt: '', about });
    await listActivities(about);
    const correction = { kind: 'call', subject: 'Hello', body: '', occurredAt: '' };
    await updateActivity(9, correction);
    await deleteActivity(9);
    await listTasksPage('overdue', true, 'cursor', 50, false);
    await listTasksAbout(about);
    await calendar('2026-03-09', '2026-03-15', true);
    const task = {
      title: 'T',
      dueDate: '2026-01-01',
      dueTime: '09:30',
      durationMinutes: 30,
      remindBeforeMinutes: 15,
      assignee: '',
      about: null,
    };
    await addTask(task);
    const edit = {
      title: 'T2',
      dueDate: '2026-01-02',
      dueTime: '',
      durationMinutes: null,
      remindBeforeMinutes: 0,
      assignee: 'agnes',
    };
    await updateTask(7, edit);
    await completeTask(7);
    await reopenTask(7);
    await deleteTask(7);
    await dashboard();

    expect(calls).toEqual([
      { command: 'list_recycle_bin', args: { kind: null } },
      { command: 'list_recycle_bin', args: { kind: 'task' } },
      { command: 'restore_record', args: { kind: 'company', id: 3 } },
      { command: 'list_companies', args: { after: 'cursor', limit: 50, count: false } },
      { command: 'get_company', args: { id: 3 } },
      { command: 'add_company', args: { company } },
      { command: 'update_company', args: { id: 3, company } },
      { command: 'delete_company', args: { id: 3 } },
      { command: 'list_deals', args: {} },
      { command: 'list_deals_page', args: { stageId: 6, after: 'cursor', limit: 50 } },
      { command: 'pipeline_summary', args: {} },
      { command: 'get_deal', args: { id: 8 } },
      { command: 'add_deal', args: { deal } },
      { command: 'update_deal', args: { id: 8, deal } },
      { command: 'move_deal', args: { id: 8, stageId: 6, reason: 'Too dear' } },
      { command: 'delete_deal', args: { id: 8 } },
      { command: 'add_activity', args: { activity: { kind: 'note', subject: 'Hi', body: '', occurredAt: '', about } } },
      { command: 'list_activities', args: { about } },
      { command: 'update_activity', args: { id: 9, activity: correction } },
      { command: 'delete_activity', args: { id: 9 } },
      { command: 'list_tasks_page', args: { filter: 'overdue', mineOnly: true, after: 'cursor', limit: 50, count: false } },
      { command: 'list_tasks_about', args: { about } },
      { command: 'calendar', args: { from: '2026-03-09', to: '2026-03-15', mineOnly: true } },
      { command: 'add_task', args: { task } },
      { command: 'update_task', args: { id: 7, task: edit } },
      { command: 'complete_task', args: { id: 7 } },
      { command: 'reopen_task', args: { id: 7 } },
      { command: 'delete_task', args: { id: 7 } },
      { command: 'dashboard', args: {} },
    ]);
  });

  it('sends the pipeline stage commands their arguments under the names the backend expects', async () => {
    const calls = mockBackend({
      list_stages: () => [],
      add_stage: () => null,
      rename_stage: () => null,
      set_stage_probability: () => null,
      reorder_stages: () => [],
      delete_stage: () => [],
    });

    await listStages();
    await addStage('Pilot', 40, 'open');
    await renameStage(7, 'Trial');
    await setStageProbability(7, 45);
    await reorderStages([1, 7, 2]);
    await deleteStage(7);

    expect(calls).toEqual([
      { command: 'list_stages', args: {} },
      { command: 'add_stage', args: { name: 'Pilot', probability: 40, kind: 'open' } },
      { command: 'rename_stage', args: { id: 7, name: 'Trial' } },
      { command: 'set_stage_probability', args: { id: 7, probability: 45 } },
      { command: 'reorder_stages', args: { ids: [1, 7, 2] } },
      { command: 'delete_stage', args: { id: 7 } },
    ]);
  });
});
