// A fake backend for component tests: each test lists the commands it expects and what they answer.
import { mockIPC } from '@tauri-apps/api/mocks';
import type { ApiErrorPayload, AuditEntry, Contact, ContactSummary, Role, SessionInfo, User } from '../lib/api';

export type Handler = (args: Record<string, unknown>) => unknown;
export type Call = { command: string; args: Record<string, unknown> };

/**
 * Installs `handlers` as the backend and returns the list of calls it receives, in order.
 * A command without a handler rejects, so an unexpected call fails the test instead of passing silently.
 */
export function mockBackend(handlers: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  mockIPC((command, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ command, args });
    const handler = handlers[command];
    if (!handler) throw new Error(`The test did not expect the command ${command}.`);
    return handler(args);
  });
  return calls;
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

/** The permissions each role carries, as the core's allowlists (crates/core/src/auth/roles.rs) define them. */
export const ROLE_PERMISSIONS: Record<Role, string[]> = {
  owner: [
    'contacts.read',
    'contacts.create',
    'contacts.edit-own',
    'contacts.edit-any',
    'contacts.delete-own',
    'contacts.delete-any',
    'sensitive.write',
    'sensitive.reveal',
    'users.read',
    'users.manage',
    'owners.manage',
    'audit.read',
    'audit.export',
  ],
  admin: [
    'contacts.read',
    'contacts.create',
    'contacts.edit-own',
    'contacts.edit-any',
    'contacts.delete-own',
    'contacts.delete-any',
    'sensitive.write',
    'sensitive.reveal',
    'users.read',
    'users.manage',
    'audit.read',
    'audit.export',
  ],
  manager: [
    'contacts.read',
    'contacts.create',
    'contacts.edit-own',
    'contacts.edit-any',
    'contacts.delete-own',
    'contacts.delete-any',
    'sensitive.write',
    'sensitive.reveal',
  ],
  agent: ['contacts.read', 'contacts.create', 'contacts.edit-own', 'contacts.delete-own'],
  auditor: ['contacts.read', 'audit.read', 'audit.export'],
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
    company: null,
    notes: null,
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
  }));
}
