/** The kinds of activity the core knows, in the order the form offers them, with a label and an icon. */
export const ACTIVITY_KINDS: readonly { kind: string; label: string; icon: string }[] = [
  { kind: 'note', label: 'Note', icon: '✎' },
  { kind: 'call', label: 'Call', icon: '☏' },
  { kind: 'meeting', label: 'Meeting', icon: '◷' },
  { kind: 'email', label: 'E-mail', icon: '✉' },
];

/** The label and icon of an activity kind; an unknown kind is shown as it is named. */
export function activityLabel(kind: string): { label: string; icon: string } {
  return ACTIVITY_KINDS.find((k) => k.kind === kind) ?? { label: kind, icon: '•' };
}
