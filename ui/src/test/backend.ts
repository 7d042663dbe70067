// A fake backend for component tests: each test lists the commands it expects and what they answer.
import { mockIPC } from '@tauri-apps/api/mocks';
import type { ApiErrorPayload, ContactSummary, SessionInfo } from '../lib/api';

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

export const ada: SessionInfo = { userId: 1, user: 'ada', role: 'owner', vaultDir: '/home/ada/Steward' };

export function summaries(count: number, firstId = 1): ContactSummary[] {
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    name: `Contact ${firstId + i}`,
    email: `contact${firstId + i}@example.com`,
    phone: i % 2 === 0 ? `+44 20 7946 ${String(firstId + i).padStart(4, '0')}` : null,
    company: i % 3 === 0 ? 'Acme Ltd' : null,
  }));
}
