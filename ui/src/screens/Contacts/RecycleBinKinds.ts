// Words for the recycle bin of every record type.
import type { RecordKind } from '../../lib/api';

const LABELS: Record<RecordKind, string> = {
  contact: 'Contact',
  company: 'Company',
  deal: 'Deal',
  task: 'Task',
  activity: 'Activity',
};

/** The kind as a row of the bin names it: `Contact`, `Company`, … */
export function kindLabel(kind: RecordKind): string {
  return LABELS[kind];
}

/** The choices of the bin's kind filter; the empty value shows every kind. */
export const KIND_FILTERS: { value: RecordKind | ''; label: string }[] = [
  { value: '', label: 'Everything' },
  { value: 'contact', label: 'Contacts' },
  { value: 'company', label: 'Companies' },
  { value: 'deal', label: 'Deals' },
  { value: 'task', label: 'Tasks' },
  { value: 'activity', label: 'Activities' },
];
