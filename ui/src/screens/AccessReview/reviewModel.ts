// Pure helpers of the access review screen (crates/core/src/review/), kept apart from the component so they
// can be tested on their own.
import type { ReviewDecision, ReviewedUser, Role } from '../../lib/api';
import { asciiFileName } from '../../lib/fileNames';
import { m, type Locale } from '../../lib/i18n.svelte';
import { ROLES as ROLE_LABELS } from '../Users/roles';

/** The roles, most powerful first, as the decision list offers them. */
export const ROLES: Role[] = ['owner', 'admin', 'manager', 'agent', 'auditor', 'viewer'];

/** A role's name in the interface language. */
export function roleName(role: Role): string {
  return ROLE_LABELS.find((r) => r.role === role)?.label ?? role;
}

/**
 * A decision as the value of the decision list: `keep`, `role:<role>`, `forget-devices`, `disable`, or an
 * empty string for none yet.
 */
export function decisionValue(decision: ReviewDecision | null): string {
  if (decision === null) return '';
  return decision.kind === 'role' && decision.role ? `role:${decision.role}` : decision.kind;
}

/** The decision a value of the decision list stands for; null for none. */
export function decisionFrom(value: string): ReviewDecision | null {
  if (value === '') return null;
  if (value.startsWith('role:')) return { kind: 'role', role: value.slice(5) as Role };
  return { kind: value, role: null };
}

/** A decision in words, for the table and the confirmation. */
export function decisionLabel(decision: ReviewDecision | null): string {
  if (decision === null) return m.review_decision_none();
  switch (decision.kind) {
    case 'keep':
      return m.review_decision_keep();
    case 'role':
      return m.review_decision_role({ role: decision.role ? roleName(decision.role) : '' });
    case 'forget-devices':
      return m.review_decision_forget_devices();
    case 'disable':
      return m.review_decision_disable();
    default:
      return decision.kind;
  }
}

/** What closing will change: one sentence per user whose decision is not "keep" (or the same role). */
export function changesOf(users: ReviewedUser[]): string[] {
  return users
    .filter((u) => {
      const d = u.decision;
      if (d === null || d.kind === 'keep') return false;
      return !(d.kind === 'role' && d.role === u.role);
    })
    .map((u) => m.review_change_line({ user: u.name, decision: decisionLabel(u.decision) }));
}

/** Users nobody decided for yet: they keep everything when the review is closed. */
export function undecided(users: ReviewedUser[]): number {
  return users.filter((u) => u.decision === null).length;
}

/** The name suggested for a review's report, in the vault's language. */
export function reportFileName(lang: Locale, id: number): string {
  return asciiFileName(`${m.review_file_name({ id: String(id) }, { locale: lang })}.csv`);
}
