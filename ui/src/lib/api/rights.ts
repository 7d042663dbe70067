// Data-subject requests, the access package, erasure, restriction, objection and the retention review (the
// shell's `rights` domain, `rights.manage`): one typed function per command, re-exported by `./index`, the one
// entry point screens use.

import { call } from './call';
import type { DsrKind, DsrRequest, DsrStatus, ErasureReport, ReviewAction, ReviewCandidate } from './types';

export type {
  DsrKind,
  DsrRequest,
  DsrStatus,
  ErasedCount,
  ErasureReport,
  ReviewAction,
  ReviewCandidate,
  ReviewReason,
} from './types';

/** Opens a request received on `receivedOn` (`YYYY-MM-DD`, today when `null`); it is due a month later. */
export function openRequest(contactId: number, kind: DsrKind, receivedOn: string | null): Promise<DsrRequest> {
  return call('open_request', { contactId, kind, receivedOn });
}

/** The register: open requests by due date (overdue first), then closed ones, newest first. */
export function listRequests(openOnly: boolean): Promise<DsrRequest[]> {
  return call('list_requests', { openOnly });
}

/** Extends an open request's deadline by two months, once, for a reason. */
export function extendRequest(id: number, reason: string): Promise<DsrRequest> {
  return call('extend_request', { id, reason });
}

/** Closes an open request as completed or refused (a refusal needs its reason as outcome). */
export function closeRequest(id: number, status: Exclude<DsrStatus, 'open'>, outcome: string): Promise<DsrRequest> {
  return call('close_request', { id, status, outcome });
}

/**
 * Writes the access package of a contact (JSON: everything held on them, sensitive fields included, and who
 * accessed it) to the new file `path`; resolves with its size in bytes.
 */
export function exportAccessPackage(contactId: number, path: string): Promise<number> {
  return call('export_access_package', { contactId, path });
}

/** Erases a person for good (`confirm` must be true); resolves with what went and the certificate. */
export function eraseContact(id: number, confirm: boolean): Promise<ErasureReport> {
  return call('erase_contact', { id, confirm });
}

/** Restricts processing: every use by purpose leaves the contact out, and most roles no longer see them. */
export async function restrictContact(id: number): Promise<void> {
  await call<null>('restrict_contact', { id });
}

export async function liftRestriction(id: number): Promise<void> {
  await call<null>('lift_restriction', { id });
}

/** Records an objection to direct marketing; the contact's addresses go on the suppression list. */
export async function objectContact(id: number): Promise<void> {
  await call<null>('object_contact', { id });
}

/** The people kept longer than their purposes allow, or with no basis for any purpose. */
export function retentionReview(): Promise<ReviewCandidate[]> {
  return call('retention_review');
}

/** Erases or anonymises the chosen people of a review in one step (`confirm` must be true); resolves with how many. */
export function applyReview(ids: number[], action: ReviewAction, confirm: boolean): Promise<number> {
  return call('apply_review', { ids, action, confirm });
}
