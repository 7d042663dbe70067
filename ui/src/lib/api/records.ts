// Companies, deals, the pipeline's stages (configured in Settings), activities, tasks, the dashboard and the
// recycle bin (the shell's `records` domain). Re-exported by `./index`.

import { call } from './call';
import type {
  About,
  Activity,
  ActivityEdit,
  ActivityInput,
  Company,
  CompanyInput,
  CompanyPage,
  Dashboard,
  Deal,
  DealInput,
  DealPage,
  DeletedRecord,
  RecordKind,
  Stage,
  StageTotal,
  Task,
  TaskEdit,
  TaskFilter,
  TaskInput,
  TaskPage,
} from './types';

/**
 * Deleted records of every kind (only `kind` when given) that the user may restore, newest deletion first,
 * with who deleted them and when they will be purged.
 */
export function listRecycleBin(kind: RecordKind | null = null): Promise<DeletedRecord[]> {
  return call('list_recycle_bin', { kind });
}

/** Brings a record back from the recycle bin; refused while the record it belongs to is deleted too. */
export async function restoreRecord(kind: RecordKind, id: number): Promise<void> {
  await call<null>('restore_record', { kind, id });
}

/** A page of companies by name, after a cursor as `listContacts` takes it; `count` asks for the `total`. */
export function listCompanies(after: string | null, limit: number, count = true): Promise<CompanyPage> {
  return call('list_companies', { after, limit, count });
}

export function getCompany(id: number): Promise<Company> {
  return call('get_company', { id });
}

export function addCompany(company: CompanyInput): Promise<Company> {
  return call('add_company', { company });
}

export function updateCompany(id: number, company: CompanyInput): Promise<Company> {
  return call('update_company', { id, company });
}

export async function deleteCompany(id: number): Promise<void> {
  await call<null>('delete_company', { id });
}

/** The pipeline's stages in board order. */
export function listStages(): Promise<Stage[]> {
  return call('list_stages');
}

/** What a stage does to the deals in it: `open` holds work in progress, `won` and `lost` close a deal. */
export type StageKind = 'open' | 'won' | 'lost';

/** Adds a stage at the end of the pipeline (`settings.manage`). */
export function addStage(name: string, probability: number, kind: StageKind): Promise<Stage> {
  return call('add_stage', { name, probability, kind });
}

export function renameStage(id: number, name: string): Promise<Stage> {
  return call('rename_stage', { id, name });
}

/** The probability (percent) deals in the stage have unless they set their own. */
export function setStageProbability(id: number, probability: number): Promise<Stage> {
  return call('set_stage_probability', { id, probability });
}

/** Puts the stages in the order of `ids` (every stage once); resolves with the new order. */
export function reorderStages(ids: number[]): Promise<Stage[]> {
  return call('reorder_stages', { ids });
}

/** Deletes a stage no deal uses (not even one in the recycle bin); resolves with the stages left. */
export function deleteStage(id: number): Promise<Stage[]> {
  return call('delete_stage', { id });
}

/** Every deal, in pipeline order. */
export function listDeals(): Promise<Deal[]> {
  return call('list_deals');
}

/**
 * A page of the deals in `stageId` (every stage, in pipeline order, when `null`), newest first, after the
 * cursor an earlier page handed out (`null`: the first page). ADR 0023.
 */
export function listDealsPage(stageId: number | null, after: string | null, limit: number): Promise<DealPage> {
  return call('list_deals_page', { stageId, after, limit });
}

/** Every stage in order with its live deals' count and amounts per currency: the board's column headers. */
export function pipelineSummary(): Promise<StageTotal[]> {
  return call('pipeline_summary');
}

/** One live deal (the deal's page). */
export function getDeal(id: number): Promise<Deal> {
  return call('get_deal', { id });
}

export function addDeal(deal: DealInput): Promise<Deal> {
  return call('add_deal', { deal });
}

export function updateDeal(id: number, deal: DealInput): Promise<Deal> {
  return call('update_deal', { id, deal });
}

/**
 * Moves a deal to another stage. `reason` says why it was won (optional) or lost (required); an open stage takes
 * `null`. Given for the stage the deal is in, it replaces the reason.
 */
export function moveDeal(id: number, stageId: number, reason: string | null): Promise<Deal> {
  return call('move_deal', { id, stageId, reason });
}

export async function deleteDeal(id: number): Promise<void> {
  await call<null>('delete_deal', { id });
}

export function addActivity(activity: ActivityInput): Promise<Activity> {
  return call('add_activity', { activity });
}

/** The timeline of a contact, company or deal, newest first. */
export function listActivities(about: About): Promise<Activity[]> {
  return call('list_activities', { about });
}

/** Corrects an activity's kind, subject, text or time (an empty time leaves it). */
export function updateActivity(id: number, activity: ActivityEdit): Promise<Activity> {
  return call('update_activity', { id, activity });
}

export async function deleteActivity(id: number): Promise<void> {
  await call<null>('delete_activity', { id });
}

/**
 * A page of a Tasks tab after the cursor `after` (`null`: the first page), in the tab's order (ADR 0023); `count`
 * also counts the tab. Only the user's own with `mineOnly`.
 */
export function listTasksPage(
  filter: Exclude<TaskFilter, 'all'>,
  mineOnly: boolean,
  after: string | null,
  limit: number,
  count = true,
): Promise<TaskPage> {
  return call('list_tasks_page', { filter, mineOnly, after, limit, count });
}

/**
 * The calendar: the live tasks due from `from` to `to` (`YYYY-MM-DD`, both included, at most 400 days), by day,
 * untimed first, then by time; done ones included. Only the user's own with `mineOnly`.
 */
export function calendar(from: string, to: string, mineOnly: boolean): Promise<Task[]> {
  return call('calendar', { from, to, mineOnly });
}

/** Every task about one contact, company or deal: open ones by due date, then done ones. */
export function listTasksAbout(about: About): Promise<Task[]> {
  return call('list_tasks_about', { about });
}

export function addTask(task: TaskInput): Promise<Task> {
  return call('add_task', { task });
}

/** Retitles, reschedules or reassigns a task (an empty assignee leaves it), or changes its duration or reminder. */
export function updateTask(id: number, task: TaskEdit): Promise<Task> {
  return call('update_task', { id, task });
}

export function completeTask(id: number): Promise<Task> {
  return call('complete_task', { id });
}

export function reopenTask(id: number): Promise<Task> {
  return call('reopen_task', { id });
}

export async function deleteTask(id: number): Promise<void> {
  await call<null>('delete_task', { id });
}

/** Everything the dashboard shows, in one call. */
export function dashboard(): Promise<Dashboard> {
  return call('dashboard');
}
