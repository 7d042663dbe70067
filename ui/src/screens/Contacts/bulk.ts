// Changes to many contacts at once: which the user may offer, and how their outcome is said.
import type { BulkAction, BulkOutcome, BulkRefusal, Permission } from '../../lib/api';
import { m } from '../../lib/i18n.svelte';

export interface BulkOp {
  op: BulkAction['op'];
  label: () => string;
  /** Any of these lets the user offer it; the core checks each record again. */
  permissions: Permission[];
}

/** The changes, in the order the bar offers them. */
export const BULK_OPS: readonly BulkOp[] = [
  { op: 'add-tag', label: m.bulk_op_add_tag, permissions: ['contacts.edit-own', 'contacts.edit-any'] },
  { op: 'remove-tag', label: m.bulk_op_remove_tag, permissions: ['contacts.edit-own', 'contacts.edit-any'] },
  { op: 'change-owner', label: m.bulk_op_change_owner, permissions: ['contacts.edit-any'] },
  { op: 'delete', label: m.bulk_op_delete, permissions: ['contacts.delete-own', 'contacts.delete-any'] },
  { op: 'withdraw', label: m.bulk_op_withdraw, permissions: ['consent.record'] },
  { op: 'object', label: m.bulk_op_object, permissions: ['rights.manage'] },
];

/** "Changed: 12 · Already so: 1 · Refused: 2". */
export function summarySentence(outcome: BulkOutcome): string {
  return m.bulk_summary({
    changed: outcome.changed.length,
    unchanged: outcome.unchanged.length,
    refused: outcome.refused.length,
  });
}

const REASONS: Record<BulkRefusal['reason'], () => string> = {
  'not-found': m.bulk_reason_not_found,
  'not-own': m.bulk_reason_not_own,
  'no-given-consent': m.bulk_reason_no_given_consent,
};

/** One refused contact, by name when the user may see it: "Dan Munteanu: someone else's contact…". */
export function refusalSentence(refusal: BulkRefusal): string {
  const reason = REASONS[refusal.reason]();
  return refusal.name === null
    ? m.bulk_refused_unnamed({ id: refusal.id, reason })
    : m.bulk_refused_named({ name: refusal.name, reason });
}
