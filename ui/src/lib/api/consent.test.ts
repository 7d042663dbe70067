import { describe, expect, it } from 'vitest';
import { mockBackend, reject } from '../../test/backend';
import { consentForm, PURPOSES, selection } from '../../test/privacy';
import {
  consentHistory,
  contactsForPurpose,
  currentConsents,
  expiringConsents,
  exportForPurpose,
  exportRegister,
  getController,
  getConsentForm,
  listConsentForms,
  listPurposes,
  processingRegister,
  recordConsent,
  recordConsentFromForm,
  saveConsentEvidence,
  saveConsentForm,
  setController,
  updatePurpose,
  withdrawConsent,
} from './consent';
import { isApiError } from './errors';

const QUERY = { tag: 'vip', ownerId: null, companyId: null, sort: 'name' as const };

describe('consent api', () => {
  it('sends each purpose, consent, form and register command with the argument names of the contract', async () => {
    const calls = mockBackend({
      list_purposes: () => PURPOSES,
      update_purpose: () => PURPOSES[0],
      current_consents: () => [],
      consent_history: () => [],
      record_consent: () => 1,
      record_consent_from_form: () => [2, 3],
      withdraw_consent: () => 4,
      save_consent_evidence: () => 5000,
      expiring_consents: () => [],
      contacts_for_purpose: () => selection('newsletter', [1]),
      export_for_purpose: () => selection('newsletter', [1]),
      list_consent_forms: () => [consentForm(1)],
      get_consent_form: () => consentForm(1),
      save_consent_form: () => consentForm(1),
      processing_register: () => ({ vaultId: 'v', securityMeasures: '', entries: [] }),
      get_controller: () => ({}),
      set_controller: () => ({}),
      export_register: () => 6,
    });
    const consent = {
      state: 'given' as const,
      method: 'email' as const,
      formId: null,
      evidence: 'Re: newsletter',
      evidencePath: null,
      expires: '2027-01-31',
    };

    await expect(listPurposes()).resolves.toEqual(PURPOSES);
    await updatePurpose('newsletter', { retentionDays: 90 });
    await currentConsents(2);
    await consentHistory(2);
    await expect(recordConsent(2, 'newsletter', consent)).resolves.toBe(1);
    await expect(
      recordConsentFromForm(2, 5, { method: 'paper-form', evidence: null, evidencePath: '/tmp/s.pdf', expires: null }),
    ).resolves.toEqual([2, 3]);
    await withdrawConsent(2, 'newsletter', { method: 'email', evidence: 'Reply of 3 May' });
    await expect(saveConsentEvidence(7, '/tmp/e.pdf')).resolves.toBe(5000);
    await expiringConsents(30);
    await contactsForPurpose('newsletter');
    await exportForPurpose('csv', 'newsletter', QUERY, '/tmp/n.csv');
    await listConsentForms();
    await getConsentForm(1);
    await saveConsentForm('Events', 'Text', ['newsletter']);
    await processingRegister();
    await expect(exportRegister('/tmp/r.md')).resolves.toBe(6);
    const controller = { name: 'Țesătoria SRL', address: '', email: 'date@t.ro', phone: '', dpo: '' };
    await getController();
    await setController(controller);

    expect(calls).toEqual([
      { command: 'list_purposes', args: {} },
      { command: 'update_purpose', args: { key: 'newsletter', patch: { retentionDays: 90 } } },
      { command: 'current_consents', args: { contactId: 2 } },
      { command: 'consent_history', args: { contactId: 2 } },
      { command: 'record_consent', args: { contactId: 2, purpose: 'newsletter', consent } },
      {
        command: 'record_consent_from_form',
        args: {
          contactId: 2,
          formId: 5,
          method: 'paper-form',
          evidence: null,
          evidencePath: '/tmp/s.pdf',
          expires: null,
        },
      },
      {
        command: 'withdraw_consent',
        args: { contactId: 2, purpose: 'newsletter', method: 'email', evidence: 'Reply of 3 May' },
      },
      { command: 'save_consent_evidence', args: { consentId: 7, path: '/tmp/e.pdf' } },
      { command: 'expiring_consents', args: { days: 30 } },
      { command: 'contacts_for_purpose', args: { purpose: 'newsletter', query: null } },
      {
        command: 'export_for_purpose',
        args: { format: 'csv', purpose: 'newsletter', query: QUERY, path: '/tmp/n.csv' },
      },
      { command: 'list_consent_forms', args: {} },
      { command: 'get_consent_form', args: { id: 1 } },
      { command: 'save_consent_form', args: { name: 'Events', body: 'Text', purposes: ['newsletter'] } },
      { command: 'processing_register', args: {} },
      { command: 'export_register', args: { path: '/tmp/r.md' } },
      { command: 'get_controller', args: {} },
      { command: 'set_controller', args: { controller } },
    ]);
  });

  it('rejects with the backend error, so screens can show its sentence', async () => {
    mockBackend({ record_consent: reject('permission_denied', 'Your role may not record consent.') });
    const consent = {
      state: 'given' as const,
      method: 'verbal' as const,
      formId: null,
      evidence: null,
      evidencePath: null,
      expires: null,
    };
    const error: unknown = await recordConsent(2, 'newsletter', consent).catch((e: unknown) => e);
    expect(isApiError(error) && error.code).toBe('permission_denied');
    expect(isApiError(error) && error.message).toBe('Your role may not record consent.');
  });
});
