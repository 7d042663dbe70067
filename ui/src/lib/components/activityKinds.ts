import { m } from '../i18n.svelte';

/** The kinds of activity the core knows, in the order the form offers them, with a label and an icon. */
export const ACTIVITY_KINDS: readonly { kind: string; label: () => string; icon: string }[] = [
  { kind: 'note', label: m.timeline_kind_note, icon: '✎' },
  { kind: 'call', label: m.timeline_kind_call, icon: '☏' },
  { kind: 'meeting', label: m.timeline_kind_meeting, icon: '◷' },
  { kind: 'email', label: m.timeline_kind_email, icon: '✉' },
];

/**
 * The label (in the interface language) and icon of an activity kind; an unknown kind is shown as it is
 * named.
 */
export function activityLabel(kind: string): { label: string; icon: string } {
  const known = ACTIVITY_KINDS.find((k) => k.kind === kind);
  return known ? { label: known.label(), icon: known.icon } : { label: kind, icon: '•' };
}
