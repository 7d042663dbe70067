import { describe, expect, it } from 'vitest';
import { mockBackend, reject } from '../../test/backend';
import { dsrRequest, erasureReport } from '../../test/privacy';
import { isApiError } from './errors';
import {
  applyReview,
  closeRequest,
  eraseContact,
  exportAccessPackage,
  extendRequest,
  liftRestriction,
  listRequests,
  objectContact,
  openRequest,
  restrictContact,
  retentionReview,
} from './rights';

describe('rights api', () => {
  it('sends each data-subject rights command with the argument names of the contract', async () => {
    const calls = mockBackend({
      open_request: () => dsrRequest(1),
      list_requests: () => [],
      extend_request: () => dsrRequest(1),
      close_request: () => dsrRequest(1),
      export_access_package: () => 10,
      erase_contact: () => erasureReport(2),
      restrict_contact: () => null,
      lift_restriction: () => null,
      object_contact: () => null,
      retention_review: () => [],
      apply_review: () => 2,
    });

    await expect(openRequest(2, 'erasure', null)).resolves.toEqual(dsrRequest(1));
    await listRequests(true);
    await extendRequest(1, 'Complex');
    await closeRequest(1, 'completed', 'Sent');
    await expect(exportAccessPackage(2, '/tmp/p.json')).resolves.toBe(10);
    await expect(eraseContact(2, true)).resolves.toEqual(erasureReport(2));
    await expect(restrictContact(2)).resolves.toBeUndefined();
    await liftRestriction(2);
    await objectContact(2);
    await retentionReview();
    await expect(applyReview([7, 8], 'anonymise', true)).resolves.toBe(2);

    expect(calls).toEqual([
      { command: 'open_request', args: { contactId: 2, kind: 'erasure', receivedOn: null } },
      { command: 'list_requests', args: { openOnly: true } },
      { command: 'extend_request', args: { id: 1, reason: 'Complex' } },
      { command: 'close_request', args: { id: 1, status: 'completed', outcome: 'Sent' } },
      { command: 'export_access_package', args: { contactId: 2, path: '/tmp/p.json' } },
      { command: 'erase_contact', args: { id: 2, confirm: true } },
      { command: 'restrict_contact', args: { id: 2 } },
      { command: 'lift_restriction', args: { id: 2 } },
      { command: 'object_contact', args: { id: 2 } },
      { command: 'retention_review', args: {} },
      { command: 'apply_review', args: { ids: [7, 8], action: 'anonymise', confirm: true } },
    ]);
  });

  it('rejects with the backend error, so screens can show its sentence', async () => {
    mockBackend({ erase_contact: reject('permission_denied', 'Your role may not erase people.') });
    const error: unknown = await eraseContact(2, true).catch((e: unknown) => e);
    expect(isApiError(error) && error.code).toBe('permission_denied');
    expect(isApiError(error) && error.message).toBe('Your role may not erase people.');
  });
});
