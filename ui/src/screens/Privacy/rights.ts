// Pure helpers of the data-subject rights actions and the Privacy requests screen.
import type { DsrKind, DsrRequest, DsrStatus, ErasureReport, ReviewAction, ReviewReason } from '../../lib/api';
import { formatDay } from '../../lib/format';

/** What a person can ask for, with the article of the GDPR that gives them the right. */
export const DSR_KINDS: readonly { value: DsrKind; label: string }[] = [
  { value: 'access', label: 'Access (Art. 15)' },
  { value: 'portability', label: 'Portability (Art. 20)' },
  { value: 'rectification', label: 'Rectification (Art. 16)' },
  { value: 'erasure', label: 'Erasure (Art. 17)' },
  { value: 'restriction', label: 'Restriction (Art. 18)' },
  { value: 'objection', label: 'Objection (Art. 21)' },
];

export function kindLabel(kind: DsrKind): string {
  return DSR_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

export const STATUS_LABELS: Record<DsrStatus, string> = {
  open: 'Open',
  completed: 'Completed',
  refused: 'Refused',
};

export const REVIEW_REASONS: Record<ReviewReason, string> = {
  'no-basis': 'No purpose has a basis for them',
  'past-retention': 'Kept longer than their purposes allow',
};

/** "Due 1 Apr 2026", with "overdue" or "extended" when it is. */
export function dueSentence(request: Pick<DsrRequest, 'dueOn' | 'overdue' | 'extendedReason'>): string {
  const due = `Due ${formatDay(request.dueOn)}`;
  if (request.overdue) return `${due} — overdue`;
  return request.extendedReason ? `${due} (extended)` : due;
}

/** The person a request is about, or a note that they were erased. */
export function requestPerson(request: Pick<DsrRequest, 'contactName' | 'contactId'>): string {
  return request.contactName ?? 'Erased person';
}

/** The file name the save dialog suggests for an access package. */
export function packageFileName(contactId: number, today: string): string {
  return `steward-access-package-${contactId}-${today}.json`;
}

/** Whether what was typed confirms the erasure of `name`: the name itself, spaces around it aside. */
export function eraseConfirmed(typed: string, name: string): boolean {
  return name.trim() !== '' && typed.trim() === name.trim();
}

/** The sentence after an access package was written. */
export function packageSentence(path: string): string {
  return `The access package was written to ${path}. It holds sensitive data: hand it only to the person it is about.`;
}

/** A short line listing what an erasure removed: "1 contact, 2 e-mail addresses, 3 activities". */
export function removedSummary(report: Pick<ErasureReport, 'removed'>): string {
  return report.removed
    .filter((r) => r.count > 0)
    .map((r) => `${r.count} ${r.what}`)
    .join(', ');
}

/** The word to type before a bulk review action. */
export function reviewWord(action: ReviewAction): string {
  return action === 'erase' ? 'ERASE' : 'ANONYMISE';
}

/** The sentence after a bulk review action. */
export function reviewSentence(action: ReviewAction, count: number): string {
  const people = `${count} ${count === 1 ? 'person was' : 'people were'}`;
  return action === 'erase' ? `${people} erased.` : `${people} anonymised.`;
}
