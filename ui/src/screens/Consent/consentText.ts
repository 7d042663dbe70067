// Pure helpers of the consent panel and the Consent screen: the names shown for statuses, reasons, methods and
// lawful bases, and the sentences built from the backend's counts, in the interface language (ui/messages).
import type {
  ConsentForm,
  ConsentMethod,
  ConsentRecorded,
  ConsentStatus,
  CurrentConsent,
  LawfulBasis,
  LeftOutCounts,
  LeftOutReason,
  Purpose,
  PurposePatch,
} from '../../lib/api';
import { m } from '../../lib/i18n.svelte';

/** A consent's status as the panel names it. */
const STATUS_LABELS: Record<ConsentStatus, () => string> = {
  none: m.consent_status_none,
  given: m.consent_status_given,
  refused: m.consent_status_refused,
  withdrawn: m.consent_status_withdrawn,
  expired: m.consent_status_expired,
};

/** A consent's status as the panel names it, in the interface language. */
export function statusLabel(status: ConsentStatus): string {
  return STATUS_LABELS[status]();
}

/** The state of an event in the consent history, lower-case as it reads inside a line. */
const EVENT_LABELS: Record<ConsentRecorded, () => string> = {
  given: m.consent_event_given,
  refused: m.consent_event_refused,
  withdrawn: m.consent_event_withdrawn,
};

/** The state of a consent event as the history line says it; an unknown one is shown as it came. */
export function eventLabel(state: string): string {
  return EVENT_LABELS[state as ConsentRecorded]?.() ?? state;
}

/**
 * The reasons a contact may not be used for a purpose, in report order: the key of their count in
 * `LeftOutCounts`, the reason in a few words, the reason with its count (in a list of counts) and the
 * coverage table's column.
 */
export const LEFT_OUT_REASONS: readonly {
  reason: LeftOutReason;
  key: keyof LeftOutCounts;
  label: () => string;
  counted: (inputs: { count: number }) => string;
  column: () => string;
}[] = [
  {
    reason: 'no-consent',
    key: 'noConsent',
    label: m.consent_left_out_no_consent,
    counted: m.consent_left_out_count_no_consent,
    column: m.consent_col_no_consent,
  },
  {
    reason: 'withdrawn',
    key: 'withdrawn',
    label: m.consent_left_out_withdrawn,
    counted: m.consent_left_out_count_withdrawn,
    column: m.consent_col_withdrawn,
  },
  {
    reason: 'expired',
    key: 'expired',
    label: m.consent_left_out_expired,
    counted: m.consent_left_out_count_expired,
    column: m.consent_col_expired,
  },
  {
    reason: 'restricted',
    key: 'restricted',
    label: m.consent_left_out_restricted,
    counted: m.consent_left_out_count_restricted,
    column: m.consent_col_restricted,
  },
  {
    reason: 'objected',
    key: 'objected',
    label: m.consent_left_out_objected,
    counted: m.consent_left_out_count_objected,
    column: m.consent_col_objected,
  },
  {
    reason: 'erased',
    key: 'erased',
    label: m.consent_left_out_erased,
    counted: m.consent_left_out_count_erased,
    column: m.consent_col_erased,
  },
  {
    reason: 'not-found',
    key: 'notFound',
    label: m.consent_left_out_not_found,
    counted: m.consent_left_out_count_not_found,
    column: m.consent_col_not_found,
  },
  {
    reason: 'no-email',
    key: 'noEmail',
    label: m.consent_left_out_no_email,
    counted: m.consent_left_out_count_no_email,
    column: m.consent_col_no_email,
  },
];

/** Why a contact may not be used for a purpose, in a few words. */
export function leftOutLabel(reason: LeftOutReason): string {
  return LEFT_OUT_REASONS.find((r) => r.reason === reason)?.label() ?? reason;
}

/** The reasons the consent rule itself gives (consent, restriction, objection): the coverage table's columns. */
export const BASIS_REASONS = LEFT_OUT_REASONS.filter((r) =>
  (['no-consent', 'withdrawn', 'expired', 'restricted', 'objected'] as LeftOutReason[]).includes(r.reason),
);

/** How a consent can be captured; `label` reads the interface language each time. */
export const METHODS: readonly { value: ConsentMethod; readonly label: string }[] = [
  {
    value: 'paper-form',
    get label() {
      return m.consent_method_paper_form();
    },
  },
  {
    value: 'web-form',
    get label() {
      return m.consent_method_web_form();
    },
  },
  {
    value: 'email',
    get label() {
      return m.consent_method_email();
    },
  },
  {
    value: 'verbal',
    get label() {
      return m.consent_method_verbal();
    },
  },
  {
    value: 'import',
    get label() {
      return m.consent_method_import();
    },
  },
];

/** The label of a method as the history stores it; an unknown one is shown as it came. */
export function methodLabel(method: string): string {
  return METHODS.find((option) => option.value === method)?.label ?? method;
}

const BASIS_LABELS: Record<LawfulBasis, () => string> = {
  consent: m.consent_basis_consent,
  contract: m.consent_basis_contract,
  'legal-obligation': m.consent_basis_legal_obligation,
  'vital-interests': m.consent_basis_vital_interests,
  'public-task': m.consent_basis_public_task,
  'legitimate-interests': m.consent_basis_legitimate_interests,
};

/** The six lawful bases of GDPR Art. 6(1); `label` reads the interface language each time. */
export const LAWFUL_BASES: readonly { value: LawfulBasis; readonly label: string }[] = (
  Object.keys(BASIS_LABELS) as LawfulBasis[]
).map((value) => ({
  value,
  get label() {
    return BASIS_LABELS[value]();
  },
}));

/** The name of a lawful basis; an unknown one is shown as it came. */
export function basisLabel(basis: string): string {
  return BASIS_LABELS[basis as LawfulBasis]?.() ?? basis;
}

/** "May be used" or why not: "Not used: consent withdrawn". */
export function usableSentence(consent: Pick<CurrentConsent, 'usable' | 'leftOut'>): string {
  if (consent.usable) return m.consent_usable();
  return consent.leftOut ? m.consent_not_used_because({ reason: leftOutLabel(consent.leftOut) }) : m.consent_not_used();
}

/** How many were left out and why: "3 left out: 2 no consent given, 1 objected to marketing." */
export function leftOutSentence(counts: LeftOutCounts): string {
  const reasons = LEFT_OUT_REASONS.filter((r) => counts[r.key] > 0).map((r) => r.counted({ count: counts[r.key] }));
  const total = LEFT_OUT_REASONS.reduce((sum, r) => sum + counts[r.key], 0);
  if (total === 0) return m.consent_left_out_nobody();
  return m.consent_left_out_sentence({ count: total, reasons: reasons.join(m.consent_list_separator()) });
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
  return m.consent_form_version({ name: form.name, version: form.version });
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
  if (form === null) return m.consent_save_creates_first();
  if (form.firstUsedAt !== null) return m.consent_save_creates_next({ version: form.version, next: form.version + 1 });
  return m.consent_save_in_place({ version: form.version });
}

/** The sentence after a form was saved. */
export function savedSentence(
  saved: Pick<ConsentForm, 'name' | 'version'>,
  before: Pick<ConsentForm, 'version'> | null,
): string {
  const inputs = { name: saved.name, version: saved.version };
  if (before !== null && before.version === saved.version) return m.consent_form_changed(inputs);
  return m.consent_form_saved(inputs);
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
