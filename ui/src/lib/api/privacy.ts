// Consent, purposes, consent forms and data-subject rights: one typed function per command, re-exported by
// `./index`, the one entry point screens use.

import { call } from './call';
import type {
  ConsentEvent,
  ConsentForm,
  ConsentInput,
  ConsentMethod,
  ContactQuery,
  CurrentConsent,
  DsrKind,
  DsrRequest,
  DsrStatus,
  ErasureReport,
  ExpiringConsent,
  ProcessingRegister,
  Purpose,
  PurposePatch,
  PurposeSelection,
  ReviewAction,
  ReviewCandidate,
} from './types';

export type {
  ConsentEvent,
  ConsentForm,
  ConsentInput,
  ConsentMethod,
  ConsentRecorded,
  ConsentStatus,
  CurrentConsent,
  DsrKind,
  DsrRequest,
  DsrStatus,
  ErasedCount,
  ErasureReport,
  ExpiringConsent,
  LawfulBasis,
  LeftOutCounts,
  LeftOutReason,
  ProcessingRegister,
  Purpose,
  PurposePatch,
  PurposeSelection,
  RegisterEntry,
  ReviewAction,
  ReviewCandidate,
  ReviewReason,
} from './types';

// Purposes.

/** Every purpose of processing, by name. */
export function listPurposes(): Promise<Purpose[]> {
  return call('list_purposes');
}

/** Changes a purpose (`purposes.manage`); the fields left out of `patch` stay as they are. */
export function updatePurpose(key: string, patch: PurposePatch): Promise<Purpose> {
  return call('update_purpose', { key, patch });
}

// A contact's consent.

/** A contact's consent per purpose today, with whether they may be used for it (or why not). */
export function currentConsents(contactId: number): Promise<CurrentConsent[]> {
  return call('current_consents', { contactId });
}

/** A contact's whole consent history, newest first. */
export function consentHistory(contactId: number): Promise<ConsentEvent[]> {
  return call('consent_history', { contactId });
}

/**
 * Records a consent, given or refused, of a contact for one purpose; an evidence file (a path from the open
 * dialog) is kept inside the vault. Resolves with the event's id.
 */
export function recordConsent(contactId: number, purpose: string, consent: ConsentInput): Promise<number> {
  return call('record_consent', { contactId, purpose, consent });
}

/** What `recordConsentFromForm` takes besides the contact and the form version. */
export interface FromFormInput {
  method: ConsentMethod;
  evidence: string | null;
  evidencePath: string | null;
  expires: string | null;
}

/** Records consent given on a form version for every purpose it asks for; resolves with the events' ids. */
export function recordConsentFromForm(contactId: number, formId: number, input: FromFormInput): Promise<number[]> {
  return call('record_consent_from_form', { contactId, formId, ...input });
}

/** How a withdrawal arrived, and optional evidence text (the e-mail's subject, the call it was said on). */
export interface WithdrawalInput {
  method: Exclude<ConsentMethod, 'import'>;
  evidence: string | null;
}

/** Withdraws a given consent in one step; resolves with the event's id. */
export function withdrawConsent(contactId: number, purpose: string, input: WithdrawalInput): Promise<number> {
  return call('withdraw_consent', { contactId, purpose, ...input });
}

/**
 * Writes the evidence file kept with consent record `consentId` to the new file `path`; resolves with its size in
 * bytes. Reading it is recorded.
 */
export function saveConsentEvidence(consentId: number, path: string): Promise<number> {
  return call('save_consent_evidence', { consentId, path });
}

/** The given consents that expire within `days` days, soonest first. */
export function expiringConsents(days: number): Promise<ExpiringConsent[]> {
  return call('expiring_consents', { days });
}

/**
 * The contacts matching `query` (everyone when `null`) that may be used for `purpose`, and how many were left
 * out by reason. The use is recorded.
 */
export function contactsForPurpose(purpose: string, query: ContactQuery | null = null): Promise<PurposeSelection> {
  return call('contacts_for_purpose', { purpose, query });
}

/**
 * Exports the contacts matching `query` that may be used for `purpose` to the new file `path`; resolves with who
 * was written and how many were left out, by reason.
 */
export function exportForPurpose(
  format: 'csv' | 'vcard',
  purpose: string,
  query: ContactQuery,
  path: string,
): Promise<PurposeSelection> {
  return call('export_for_purpose', { format, purpose, query, path });
}

// Consent forms.

/** Every version of every consent form, by name then version. */
export function listConsentForms(): Promise<ConsentForm[]> {
  return call('list_consent_forms');
}

export function getConsentForm(id: number): Promise<ConsentForm> {
  return call('get_consent_form', { id });
}

/**
 * Saves the form `name`: a new form (version 1), a change in place to a version that recorded nothing yet, or
 * else the next version, the used one staying as it was.
 */
export function saveConsentForm(name: string, body: string, purposes: string[]): Promise<ConsentForm> {
  return call('save_consent_form', { name, body, purposes });
}

// The processing register.

/** The record of processing activities (GDPR Art. 30), one entry per purpose. */
export function processingRegister(): Promise<ProcessingRegister> {
  return call('processing_register');
}

/** Writes the register as Markdown to the new file `path`; resolves with the number of activities. */
export function exportRegister(path: string): Promise<number> {
  return call('export_register', { path });
}

// Data-subject requests, erasure, restriction and objection (`rights.manage`).

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
