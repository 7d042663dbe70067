// Purposes, a contact's consent, use by purpose, consent forms and the processing register (the shell's
// `consent` domain): one typed function per command, re-exported by `./index`, the one entry point screens use.

import { call } from './call';
import type {
  ConsentEvent,
  ConsentForm,
  ConsentInput,
  ConsentMethod,
  ContactQuery,
  Controller,
  ControllerInput,
  CurrentConsent,
  ExpiringConsent,
  ProcessingRegister,
  Purpose,
  PurposePatch,
  PurposeSelection,
} from './types';

export type {
  ConsentEvent,
  ConsentForm,
  ConsentInput,
  ConsentMethod,
  ConsentRecorded,
  ConsentStatus,
  Controller,
  ControllerInput,
  CurrentConsent,
  ExpiringConsent,
  LawfulBasis,
  LeftOutCounts,
  LeftOutReason,
  ProcessingRegister,
  Purpose,
  PurposePatch,
  PurposeSelection,
  RegisterEntry,
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

/** The controller the register names (GDPR Art. 30(1)(a)). */
export function getController(): Promise<Controller> {
  return call('get_controller');
}

/** Saves the controller (owners); every field, an empty one cleared. Resolves with it as stored. */
export function setController(controller: ControllerInput): Promise<Controller> {
  return call('set_controller', { controller });
}
