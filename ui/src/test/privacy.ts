// Consent and data-subject rights fixtures for component tests, shaped as the commands answer.
import type {
  ConsentEvent,
  ConsentForm,
  CurrentConsent,
  DsrRequest,
  ErasureReport,
  LeftOutCounts,
  Purpose,
  PurposeCounts,
  PurposeSelection,
  ReviewCandidate,
} from '../lib/api';

/** The purposes a new vault has (crates/core/migrations/0005_consent.sql), by name. */
export const PURPOSES: Purpose[] = [
  purpose('marketing-email', 'Marketing e-mail', { retentionDays: 730 }),
  purpose('newsletter', 'Newsletter', { retentionDays: 730 }),
  purpose('phone-marketing', 'Phone marketing'),
  purpose('profiling', 'Profiling', { marketing: false }),
  purpose('service-delivery', 'Service delivery', {
    lawfulBasis: 'contract',
    retentionDays: 3650,
    consentRequired: false,
    marketing: false,
  }),
];

export function purpose(key: string, name: string, patch: Partial<Purpose> = {}): Purpose {
  return {
    id: key.length,
    key,
    name,
    description: `What ${name.toLowerCase()} is for.`,
    lawfulBasis: 'consent',
    retentionDays: 365,
    consentRequired: true,
    marketing: true,
    updatedAt: '2026-01-01T00:00:00Z',
    ...patch,
  };
}

export function purposeByKey(key: string): Purpose {
  const found = PURPOSES.find((p) => p.key === key);
  if (!found) throw new Error(`no purpose ${key}`);
  return found;
}

export function consentEvent(id: number, patch: Partial<ConsentEvent> = {}): ConsentEvent {
  return {
    id,
    purpose: 'newsletter',
    state: 'given',
    at: '2026-03-01T09:30:00Z',
    capturedBy: 'ada',
    method: 'paper-form',
    formId: null,
    evidence: null,
    evidenceFileName: null,
    expiresAt: null,
    ...patch,
  };
}

/** A contact's consent for `key`: nothing recorded unless `patch` says otherwise. */
export function currentConsent(key: string, patch: Partial<CurrentConsent> = {}): CurrentConsent {
  const p = purposeByKey(key);
  return {
    purpose: p,
    status: 'none',
    latest: null,
    usable: !p.consentRequired,
    leftOut: p.consentRequired ? 'no-consent' : null,
    ...patch,
  };
}

/** A contact with no consent recorded, for every purpose. */
export function noConsents(): CurrentConsent[] {
  return PURPOSES.map((p) => currentConsent(p.key));
}

export function consentForm(id: number, patch: Partial<ConsentForm> = {}): ConsentForm {
  return {
    id,
    name: 'Newsletter sign-up',
    version: 1,
    body: 'I would like to receive the newsletter and offers by e-mail.',
    purposes: ['marketing-email', 'newsletter'],
    createdAt: '2026-02-01T09:00:00Z',
    firstUsedAt: null,
    ...patch,
  };
}

export function leftOut(patch: Partial<LeftOutCounts> = {}): LeftOutCounts {
  return {
    noConsent: 0,
    withdrawn: 0,
    expired: 0,
    restricted: 0,
    objected: 0,
    erased: 0,
    notFound: 0,
    noEmail: 0,
    ...patch,
  };
}

export function selection(key: string, included: number[], counts: Partial<LeftOutCounts> = {}): PurposeSelection {
  const out = leftOut(counts);
  return {
    purpose: key,
    included,
    leftOut: out,
    leftOutTotal: Object.values(out).reduce((a, b) => a + b, 0),
  };
}

export function dsrRequest(id: number, patch: Partial<DsrRequest> = {}): DsrRequest {
  return {
    id,
    contactId: 2,
    contactName: 'Grace Hopper',
    kind: 'access',
    receivedOn: '2026-03-01',
    dueOn: '2026-04-01',
    extendedReason: null,
    status: 'open',
    handler: 'ada',
    completedAt: null,
    outcome: null,
    overdue: false,
    ...patch,
  };
}

export function erasureReport(contactId = 2): ErasureReport {
  return {
    contactId,
    erasedAt: '2026-03-02T10:00:00Z',
    removed: [
      { what: 'contact', count: 1 },
      { what: 'e-mail addresses', count: 1 },
      { what: 'phone numbers', count: 0 },
      { what: 'consent records', count: 2 },
    ],
    ledgerEntries: 1,
    certificate:
      'Certificate of erasure\n\nOn 2026-03-02T10:00:00Z (UTC) the personal data held on you in this Steward ' +
      `vault (record ${contactId}) was erased.`,
  };
}

export function reviewCandidate(contactId: number, patch: Partial<ReviewCandidate> = {}): ReviewCandidate {
  return {
    contactId,
    name: `Contact ${contactId}`,
    lastActivity: '2023-01-01T09:00:00Z',
    retentionDays: 0,
    reason: 'no-basis',
    files: 0,
    ...patch,
  };
}

/** The counts of a purpose over a scope: `included` may be used, the others are left out by reason. */
export function purposeCounts(key: string, included: number, counts: Partial<LeftOutCounts> = {}): PurposeCounts {
  const out = leftOut(counts);
  return { purpose: key, included, leftOut: out, leftOutTotal: Object.values(out).reduce((a, b) => a + b, 0) };
}
