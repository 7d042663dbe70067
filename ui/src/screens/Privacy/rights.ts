// Pure helpers of the data-subject rights actions and the Privacy requests screen.
import type { DsrKind, DsrRequest, DsrStatus, ErasureReport, ReviewAction, ReviewReason } from '../../lib/api';
import { asciiFileName } from '../../lib/fileNames';
import { formatDay } from '../../lib/format';
import { m, type Locale } from '../../lib/i18n.svelte';

/** What a person can ask for, with the article of the GDPR that gives them the right. */
export const DSR_KINDS: readonly { value: DsrKind; label: () => string }[] = [
  { value: 'access', label: m.rights_kind_access },
  { value: 'portability', label: m.rights_kind_portability },
  { value: 'rectification', label: m.rights_kind_rectification },
  { value: 'erasure', label: m.rights_kind_erasure },
  { value: 'restriction', label: m.rights_kind_restriction },
  { value: 'objection', label: m.rights_kind_objection },
];

export function kindLabel(kind: DsrKind): string {
  return DSR_KINDS.find((k) => k.value === kind)?.label() ?? kind;
}

const STATUS_LABELS: Record<DsrStatus, () => string> = {
  open: m.rights_status_open,
  completed: m.rights_status_completed,
  refused: m.rights_status_refused,
};

/** A request's state in words: `Open`, `Completed`, `Refused`. */
export function statusLabel(status: DsrStatus): string {
  return STATUS_LABELS[status]();
}

const REVIEW_REASONS: Record<ReviewReason, () => string> = {
  'no-basis': m.retention_reason_no_basis,
  'past-retention': m.retention_reason_past_retention,
};

/** Why someone is up for the retention review, in words. */
export function reviewReason(reason: ReviewReason): string {
  return REVIEW_REASONS[reason]();
}

/** "Due 1 Apr 2026", with "overdue" or "extended" when it is. */
export function dueSentence(request: Pick<DsrRequest, 'dueOn' | 'overdue' | 'extendedReason'>): string {
  const date = formatDay(request.dueOn);
  if (request.overdue) return m.rights_due_overdue({ date });
  return request.extendedReason ? m.rights_due_extended({ date }) : m.rights_due({ date });
}

/** The person a request is about, or a note that they were erased. */
export function requestPerson(request: Pick<DsrRequest, 'contactName' | 'contactId'>): string {
  return request.contactName ?? m.rights_erased_person();
}

/** The file name the save dialog suggests for an access package. */
export function packageFileName(contactId: number, today: string, lang: Locale): string {
  return asciiFileName(`${m.file_name_access_package({ contact: contactId, date: today }, { locale: lang })}.json`);
}

/** Whether what was typed confirms the erasure of `name`: the name itself, spaces around it aside. */
export function eraseConfirmed(typed: string, name: string): boolean {
  return name.trim() !== '' && typed.trim() === name.trim();
}

/** The sentence after an access package was written. */
export function packageSentence(path: string): string {
  return m.rights_package_written({ path });
}

/** What an erasure removes, by the names the core gives them (crates/core/src/rights/erasure.rs). */
const REMOVED: Record<string, (inputs: { count: number }) => string> = {
  contact: m.rights_removed_contact,
  'e-mail addresses': m.rights_removed_emails,
  'phone numbers': m.rights_removed_phones,
  deals: m.rights_removed_deals,
  activities: m.rights_removed_activities,
  tasks: m.rights_removed_tasks,
  'consent records': m.rights_removed_consents,
};

/** A short line listing what an erasure removed: "1 contact, 2 e-mail addresses, 3 activities". */
export function removedSummary(report: Pick<ErasureReport, 'removed'>): string {
  return report.removed
    .filter((r) => r.count > 0)
    .map((r) => {
      const counted = Object.hasOwn(REMOVED, r.what) ? REMOVED[r.what] : undefined;
      return counted ? counted({ count: r.count }) : `${r.count} ${r.what}`;
    })
    .join(', ');
}

/** The word to type before a bulk review action, in the interface language. */
export function reviewWord(action: ReviewAction): string {
  return action === 'erase' ? m.retention_word_erase() : m.retention_word_anonymise();
}

/** Without diacritics, so the word can be typed on any keyboard: `ȘTERGERE` → `STERGERE`. */
function folded(text: string): string {
  return text.trim().normalize('NFD').replace(/\p{M}/gu, '');
}

/** Whether `typed` is the word that confirms `action`, spaces around it and diacritics aside. */
export function reviewConfirmed(typed: string, action: ReviewAction): boolean {
  return folded(typed) === folded(reviewWord(action));
}

/** The sentence after a bulk review action. */
export function reviewSentence(action: ReviewAction, count: number): string {
  return action === 'erase' ? m.retention_erased({ count }) : m.retention_anonymised({ count });
}

/**
 * A message with one value set in its own markup (`Type <strong>{text}</strong> to confirm`): the message's text
 * before the value and after it, so the sentence stays whole in every language.
 */
export function around(message: (value: string) => string): [before: string, after: string] {
  const mark = '\u0000';
  const [before = '', after = ''] = message(mark).split(mark);
  return [before, after];
}
