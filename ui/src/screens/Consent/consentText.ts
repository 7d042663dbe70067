// Pure helpers of the consent panel and the Consent screen: the names shown for statuses, reasons, methods and
// lawful bases, and the sentences built from the backend's counts.
import type {
  ConsentForm,
  ConsentMethod,
  ConsentStatus,
  CurrentConsent,
  LawfulBasis,
  LeftOutCounts,
  LeftOutReason,
  Purpose,
  PurposePatch,
} from '../../lib/api';

/** A consent's status as the panel names it. */
export const STATUS_LABELS: Record<ConsentStatus, string> = {
  none: 'No answer',
  given: 'Given',
  refused: 'Refused',
  withdrawn: 'Withdrawn',
  expired: 'Expired',
};

/** Why a contact may not be used for a purpose, in a few words. */
export const LEFT_OUT_LABELS: Record<LeftOutReason, string> = {
  'no-consent': 'no consent given',
  withdrawn: 'consent withdrawn',
  expired: 'consent expired',
  restricted: 'processing restricted',
  objected: 'objected to marketing',
  erased: 'erased',
  'not-found': 'not found',
  'no-email': 'no e-mail address',
};

/** The reasons in report order, with the key of their count in `LeftOutCounts`. */
export const LEFT_OUT_REASONS: readonly { reason: LeftOutReason; key: keyof LeftOutCounts; column: string }[] = [
  { reason: 'no-consent', key: 'noConsent', column: 'No consent' },
  { reason: 'withdrawn', key: 'withdrawn', column: 'Withdrawn' },
  { reason: 'expired', key: 'expired', column: 'Expired' },
  { reason: 'restricted', key: 'restricted', column: 'Restricted' },
  { reason: 'objected', key: 'objected', column: 'Objected' },
  { reason: 'erased', key: 'erased', column: 'Erased' },
  { reason: 'not-found', key: 'notFound', column: 'Not found' },
  { reason: 'no-email', key: 'noEmail', column: 'No e-mail' },
];

/** The reasons the consent rule itself gives (consent, restriction, objection): the coverage table's columns. */
export const BASIS_REASONS = LEFT_OUT_REASONS.filter((r) =>
  (['no-consent', 'withdrawn', 'expired', 'restricted', 'objected'] as LeftOutReason[]).includes(r.reason),
);

/** How a consent can be captured. */
export const METHODS: readonly { value: ConsentMethod; label: string }[] = [
  { value: 'paper-form', label: 'Signed paper form' },
  { value: 'web-form', label: 'Web form' },
  { value: 'email', label: 'E-mail from the person' },
  { value: 'verbal', label: 'Said out loud (a call, a meeting)' },
  { value: 'import', label: 'Came with an import' },
];

/** The label of a method as the history stores it; an unknown one is shown as it came. */
export function methodLabel(method: string): string {
  return METHODS.find((m) => m.value === method)?.label ?? method;
}

/** The six lawful bases of GDPR Art. 6(1). */
export const LAWFUL_BASES: readonly { value: LawfulBasis; label: string }[] = [
  { value: 'consent', label: 'Consent (a)' },
  { value: 'contract', label: 'Contract (b)' },
  { value: 'legal-obligation', label: 'Legal obligation (c)' },
  { value: 'vital-interests', label: 'Vital interests (d)' },
  { value: 'public-task', label: 'Public task (e)' },
  { value: 'legitimate-interests', label: 'Legitimate interests (f)' },
];

export function basisLabel(basis: string): string {
  return LAWFUL_BASES.find((b) => b.value === basis)?.label ?? basis;
}

/** "May be used" or why not: "Not used: consent withdrawn". */
export function usableSentence(consent: Pick<CurrentConsent, 'usable' | 'leftOut'>): string {
  if (consent.usable) return 'May be used';
  return consent.leftOut ? `Not used: ${LEFT_OUT_LABELS[consent.leftOut]}` : 'Not used';
}

/** How many were left out and why: "3 left out: 2 no consent given, 1 objected to marketing." */
export function leftOutSentence(counts: LeftOutCounts): string {
  const parts = LEFT_OUT_REASONS.filter((r) => counts[r.key] > 0).map(
    (r) => `${counts[r.key]} ${LEFT_OUT_LABELS[r.reason]}`,
  );
  const total = LEFT_OUT_REASONS.reduce((sum, r) => sum + counts[r.key], 0);
  if (total === 0) return 'Nobody was left out.';
  return `${total} left out: ${parts.join(', ')}.`;
}

/**
 * Whether the contact's processing is restricted, and whether they objected to marketing, as the reasons
 * their consents are left out show it.
 */
export function rightsFlags(consents: readonly Pick<CurrentConsent, 'leftOut'>[]): {
  restricted: boolean;
  objected: boolean;
} {
  return {
    restricted: consents.some((c) => c.leftOut === 'restricted'),
    objected: consents.some((c) => c.leftOut === 'objected'),
  };
}

/** A form version as the selects and lists name it: "Newsletter sign-up, version 2". */
export function formVersionLabel(form: Pick<ConsentForm, 'name' | 'version'>): string {
  return `${form.name}, version ${form.version}`;
}

/** The name of the purpose `key`, or the key itself when it is not known. */
export function purposeName(purposes: readonly Pick<Purpose, 'key' | 'name'>[], key: string): string {
  return purposes.find((p) => p.key === key)?.name ?? key;
}

/** The latest version of each form, by name: the one an edit continues from. */
export function latestVersions(forms: readonly ConsentForm[]): ConsentForm[] {
  const latest = new Map<string, ConsentForm>();
  for (const form of forms) {
    const seen = latest.get(form.name);
    if (!seen || form.version > seen.version) latest.set(form.name, form);
  }
  return [...latest.values()];
}

/** What saving an edit of `form` does: a version in use stays as it is and the change becomes the next one. */
export function saveEffect(form: Pick<ConsentForm, 'version' | 'firstUsedAt'> | null): string {
  if (form === null) return 'Saving creates version 1.';
  if (form.firstUsedAt !== null) {
    const next = form.version + 1;
    return `Version ${form.version} recorded consent already, so it stays as it is: saving creates version ${next}.`;
  }
  return `Version ${form.version} has not recorded any consent yet, so saving changes it in place.`;
}

/** The sentence after a form was saved. */
export function savedSentence(
  saved: Pick<ConsentForm, 'name' | 'version'>,
  before: Pick<ConsentForm, 'version'> | null,
): string {
  if (before !== null && before.version === saved.version) return `${formVersionLabel(saved)} was changed.`;
  return `${formVersionLabel(saved)} was saved.`;
}

/** The fields of a purpose that differ from `edited`, as the patch `update_purpose` takes. */
export function purposeChanges(
  purpose: Purpose,
  edited: Pick<Purpose, 'name' | 'description' | 'lawfulBasis' | 'retentionDays' | 'consentRequired' | 'marketing'>,
): PurposePatch {
  const patch: PurposePatch = {};
  if (edited.name.trim() !== purpose.name) patch.name = edited.name.trim();
  if (edited.description.trim() !== purpose.description) patch.description = edited.description.trim();
  if (edited.lawfulBasis !== purpose.lawfulBasis) patch.lawfulBasis = edited.lawfulBasis;
  if (edited.retentionDays !== purpose.retentionDays) patch.retentionDays = edited.retentionDays;
  if (edited.consentRequired !== purpose.consentRequired) patch.consentRequired = edited.consentRequired;
  if (edited.marketing !== purpose.marketing) patch.marketing = edited.marketing;
  return patch;
}
