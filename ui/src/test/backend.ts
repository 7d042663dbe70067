// A fake backend for component tests: each test lists the commands it expects and what they answer.
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import type {
  Activity,
  ApiErrorPayload,
  AuditEntry,
  Company,
  Contact,
  ContactSummary,
  Dashboard,
  Deal,
  Permission,
  Role,
  SessionInfo,
  Stage,
  Task,
  User,
} from '../lib/api';

export type Handler = (args: Record<string, unknown>) => unknown;
export type Call = { command: string; args: Record<string, unknown> };

/**
 * Installs `handlers` as the backend and returns the list of calls it receives, in order.
 * A command without a handler rejects, so an unexpected call fails the test instead of passing silently
 * (except `next_test_pick`, the dialogs' test hook, which answers `null` and is not listed unless handled).
 * Events are mocked too: `listen` works, and `emitEvent` reaches its listeners; those calls are not listed.
 */
export function mockBackend(handlers: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  mockIPC(
    (command, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      // Every dialog first asks for an answer the end-to-end tests queued; unless a test says otherwise,
      // there is none, and the question is not listed.
      if (command === 'next_test_pick' && !handlers[command]) return null;
      calls.push({ command, args });
      const handler = handlers[command];
      if (!handler) throw new Error(`The test did not expect the command ${command}.`);
      return handler(args);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

/** Sends an event as the backend would, to every listener installed through the mocked backend. */
export async function emitEvent(event: string, payload: unknown): Promise<void> {
  await emit(event, payload);
}

/** What a command rejects with when the backend reports an error. */
export function apiError(code: ApiErrorPayload['code'], message: string): ApiErrorPayload {
  return { code, message };
}

/** Handler body that rejects with an `ApiError` payload. */
export function reject(code: ApiErrorPayload['code'], message: string): Handler {
  return () => {
    // The Tauri bridge rejects with the serialised error object itself, not with an Error instance.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw apiError(code, message);
  };
}

/**
 * What the contacts screen asks for besides its list: the saved views, the custom fields, (for roles that
 * may read them) the users of the owner filter, an open contact's consent and the export's purposes. Tests that show the screen
 * spread these into their handlers.
 */
export const contactsScreen: Record<string, Handler> = {
  list_views: () => [],
  list_custom_fields: () => [],
  list_users: () => [],
  current_consents: () => [],
  consent_history: () => [],
  list_purposes: () => [],
};

/** The permissions each role carries, as the core's allowlists (crates/core/src/auth/roles.rs) define them. */
export const ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  owner: [
    'contacts.read',
    'contacts.create',
    'contacts.edit-own',
    'contacts.edit-any',
    'contacts.delete-own',
    'contacts.delete-any',
    'contacts.export',
    'sensitive.write',
    'sensitive.reveal',
    'users.read',
    'users.manage',
    'owners.manage',
    'audit.read',
    'audit.export',
    'settings.manage',
    'backup.manage',
    'backup.restore',
    'consent.record',
    'purposes.manage',
    'rights.manage',
    'alerts.manage',
    'policy.manage',
    'attachments.open',
    'attachments.export',
    'rules.manage',
    'review.run',
    'breach.manage',
  ],
  admin: [
    'contacts.read',
    'contacts.create',
    'contacts.edit-own',
    'contacts.edit-any',
    'contacts.delete-own',
    'contacts.delete-any',
    'contacts.export',
    'sensitive.write',
    'sensitive.reveal',
    'users.read',
    'users.manage',
    'audit.read',
    'audit.export',
    'settings.manage',
    'backup.manage',
    'backup.restore',
    'consent.record',
    'purposes.manage',
    'rights.manage',
    'alerts.manage',
    'attachments.open',
    'attachments.export',
    'review.run',
    'breach.manage',
  ],
  manager: [
    'contacts.read',
    'contacts.create',
    'contacts.edit-own',
    'contacts.edit-any',
    'contacts.delete-own',
    'contacts.delete-any',
    'contacts.export',
    'sensitive.write',
    'sensitive.reveal',
    'consent.record',
    'rights.manage',
    'attachments.open',
    'attachments.export',
  ],
  agent: ['contacts.read', 'contacts.create', 'contacts.edit-own', 'contacts.delete-own', 'consent.record', 'attachments.open'],
  auditor: ['contacts.read', 'audit.read', 'audit.export', 'consent.record', 'rights.manage'],
  viewer: ['contacts.read'],
};

/** A signed-in session of `user` with `role` and exactly that role's permissions. */
export function sessionAs(role: Role, user = 'ada', userId = 1, patch: Partial<SessionInfo> = {}): SessionInfo {
  return {
    userId,
    user,
    role,
    vaultDir: '/home/ada/Steward',
    permissions: [...ROLE_PERMISSIONS[role]],
    mustChangePassword: false,
    unlockedWithRecoveryKey: false,
    rememberedHere: false,
    deviceSlotsAllowed: true,
    autoLockSeconds: 600,
    notice: null,
    ...patch,
  };
}

export const ada: SessionInfo = sessionAs('owner');

/** A contact as get_contact returns it; no sensitive field is set unless `patch` says so. */
export function contact(patch: Partial<Contact> = {}): Contact {
  return {
    id: 2,
    name: 'Grace Hopper',
    emails: ['grace@example.com'],
    phones: [],
    phoneNumbers: [],
    company: null,
    title: null,
    source: null,
    address: { street: '', city: '', postalCode: '', region: '', country: '' },
    tags: [],
    notes: null,
    custom: {},
    companyId: null,
    sensitive: { dateOfBirth: false, nationalId: false, specialNotes: false },
    ownerId: 1,
    createdAt: '2024-05-01T10:00:00Z',
    updatedAt: '2024-05-02T11:30:00Z',
    ...patch,
  };
}

export function userRow(name: string, role: Role, patch: Partial<User> = {}): User {
  return { id: name.length, name, role, disabled: false, mustChangePassword: false, ...patch };
}

export function auditEntry(seq: number, patch: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    at: '2026-03-01T09:30:00Z',
    actorId: 1,
    actor: 'ada',
    action: 'contact.view',
    targetType: 'contact',
    targetId: String(seq),
    outcome: 'allowed',
    details: '{}',
    author: null,
    replica: null,
    ...patch,
  };
}

export function summaries(count: number, firstId = 1): ContactSummary[] {
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    name: `Contact ${firstId + i}`,
    email: `contact${firstId + i}@example.com`,
    phone: i % 2 === 0 ? `+44 20 7946 ${String(firstId + i).padStart(4, '0')}` : null,
    company: i % 3 === 0 ? 'Acme Ltd' : null,
    ownerId: 1,
  }));
}

/**
 * A page of a keyset-paged list of `total` rows made by `rows(offset, count)`, as `list_contacts` and
 * `list_companies` answer: the fake cursor `@50` names the offset the next page starts at.
 */
export function keysetPage<T>(
  args: Record<string, unknown>,
  total: number,
  rows: (offset: number, count: number) => T[],
): { items: T[]; next: string | null; total: number | null } {
  const after = args.after as string | null;
  const offset = after === null ? 0 : Number(after.slice(1));
  const limit = args.limit as number;
  const count = Math.max(0, Math.min(limit, total - offset));
  return {
    items: rows(offset, count),
    next: offset + limit < total ? `@${offset + limit}` : null,
    total: args.count ? total : null,
  };
}

/** A page of `total` contacts numbered from `firstId`, as `list_contacts` answers (see `keysetPage`). */
export function contactPage(args: Record<string, unknown>, total: number, firstId = 1) {
  return keysetPage(args, total, (offset, count) => summaries(count, firstId + offset));
}

/** The pipeline the core creates in a new vault. */
export const STAGES: Stage[] = [
  { id: 1, name: 'Lead', position: 1, probability: 10, kind: 'open' },
  { id: 2, name: 'Qualified', position: 2, probability: 25, kind: 'open' },
  { id: 3, name: 'Proposal', position: 3, probability: 50, kind: 'open' },
  { id: 4, name: 'Negotiation', position: 4, probability: 75, kind: 'open' },
  { id: 5, name: 'Won', position: 5, probability: 100, kind: 'won' },
  { id: 6, name: 'Lost', position: 6, probability: 0, kind: 'lost' },
];

/**
 * The pipeline board's commands over `deals`: `pipeline_summary` (each stage's count and totals) and
 * `list_deals_page` (a stage's deals newest first, `limit` at a time; the fake cursor `@n` names the offset).
 */
export function boardBackend(deals: () => readonly Deal[], stages: readonly Stage[] = STAGES): Record<string, Handler> {
  return {
    pipeline_summary: () =>
      stages.map((stage) => {
        const amounts: { currency: string; amountMinor: number }[] = [];
        const inStage = deals().filter((d) => d.stageId === stage.id);
        for (const d of inStage) {
          const found = amounts.find((a) => a.currency === d.currency);
          if (found) found.amountMinor += d.amountMinor;
          else amounts.push({ currency: d.currency, amountMinor: d.amountMinor });
        }
        return { stage, count: inStage.length, amounts };
      }),
    list_deals_page: (args) => {
      const inStage = deals()
        .filter((d) => d.stageId === args.stageId)
        .sort((a, b) => b.id - a.id);
      return keysetPage(args, inStage.length, (offset, count) => inStage.slice(offset, offset + count));
    },
  };
}

export function deal(id: number, stageId: number, patch: Partial<Deal> = {}): Deal {
  const stage = STAGES.find((s) => s.id === stageId) ?? STAGES[0]!;
  return {
    id,
    title: `Deal ${id}`,
    stageId: stage.id,
    stage: stage.name,
    stageKind: stage.kind,
    amountMinor: 100_000,
    currency: 'EUR',
    expectedClose: null,
    probability: stage.probability,
    ownProbability: null,
    closeReason: null,
    contactId: null,
    companyId: null,
    ownerId: 1,
    closedAt: null,
    ...patch,
  };
}

export function task(id: number, patch: Partial<Task> = {}): Task {
  return {
    id,
    title: `Task ${id}`,
    dueDate: '2026-03-01',
    dueTime: null,
    durationMinutes: null,
    remindBeforeMinutes: null,
    assigneeId: 1,
    assignee: 'ada',
    doneAt: null,
    about: null,
    createdBy: 1,
    ...patch,
  };
}

export function activity(id: number, patch: Partial<Activity> = {}): Activity {
  return {
    id,
    kind: 'note',
    subject: `Activity ${id}`,
    body: null,
    occurredAt: '2026-03-01T09:30:00Z',
    about: { kind: 'contact', id: 2 },
    ownerId: 1,
    ...patch,
  };
}

export function company(id: number, patch: Partial<Company> = {}): Company {
  return {
    id,
    name: `Company ${id}`,
    domain: null,
    phone: null,
    city: null,
    country: null,
    notes: null,
    ownerId: 1,
    contactCount: 0,
    contactCountCapped: false,
    updatedAt: '2026-03-01T09:30:00Z',
    ...patch,
  };
}

/** The dashboard of a vault with no deals, tasks or activities, and `contacts` contacts. */
export function emptyDashboard(contacts = 0): Dashboard {
  return {
    pipeline: STAGES.map((stage) => ({ stage, count: 0, amounts: [] })),
    tasksToday: [],
    tasksOverdue: [],
    recentActivity: [],
    contacts,
  };
}
