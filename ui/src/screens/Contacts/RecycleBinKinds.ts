// Words for the recycle bin of every record type.
import type { DeletedRecord, RecordKind } from '../../lib/api';
import { activityLabel } from '../../lib/components/activityKinds';
import { formatDay } from '../../lib/format';
import { m } from '../../lib/i18n.svelte';
import { RECORD_KIND_LABELS } from '../../lib/recordKinds';

/** The kind as a row of the bin names it: `Contact`, `Company`, … */
export function kindLabel(kind: RecordKind): string {
  return RECORD_KIND_LABELS[kind]();
}

const RESTORE_LABELS: Record<RecordKind, (inputs: { label: string }) => string> = {
  contact: m.bin_restore_contact,
  company: m.bin_restore_company,
  deal: m.bin_restore_deal,
  task: m.bin_restore_task,
  activity: m.bin_restore_activity,
  attachment: m.bin_restore_attachment,
};

/** The accessible name of a row's Restore button: `Restore contact Ada Lovelace`. */
export function restoreLabel(kind: RecordKind, label: string): string {
  return RESTORE_LABELS[kind]({ label });
}

/** The choices of the bin's kind filter; the empty value shows every kind. */
export const KIND_FILTERS: { value: RecordKind | ''; label: () => string }[] = [
  { value: '', label: m.bin_filter_all },
  { value: 'contact', label: m.bin_filter_contacts },
  { value: 'company', label: m.bin_filter_companies },
  { value: 'deal', label: m.bin_filter_deals },
  { value: 'task', label: m.bin_filter_tasks },
  { value: 'activity', label: m.bin_filter_activities },
  { value: 'attachment', label: m.bin_filter_attachments },
];

const HOLDER_LINES: Partial<Record<RecordKind, (inputs: { name: string }) => string>> = {
  contact: m.bin_file_on_contact,
  company: m.bin_file_on_company,
  deal: m.bin_file_on_deal,
  activity: m.bin_file_on_activity,
};

const ABOUT_LINES: Partial<Record<RecordKind, () => string>> = {
  contact: m.bin_activity_about_contact,
  company: m.bin_activity_about_company,
  deal: m.bin_activity_about_deal,
};

/**
 * A row's second line in the window's language: where a file was (`On the contact Ana Popescu`), when a task
 * was due, what an activity was about; else the detail core gives (an e-mail, a domain, a stage).
 */
export function detailLine(item: DeletedRecord): string | null {
  const line = item.holder ? HOLDER_LINES[item.holder.kind] : undefined;
  if (item.holder && line) return line({ name: item.holder.name });
  if (item.dueDate) return m.bin_task_due({ date: formatDay(item.dueDate) });
  const about = item.activity ? ABOUT_LINES[item.activity.about] : undefined;
  if (about) return about();
  return item.detail;
}

/** What a row calls its record: an activity's kind, day and first words in the window's language, else core's label. */
export function recordLabel(item: DeletedRecord): string {
  if (!item.activity) return item.label;
  const { kind, occurredAt, subject } = item.activity;
  return m.bin_activity_label({
    kind: activityLabel(kind).label,
    date: formatDay(occurredAt.slice(0, 10)),
    subject,
  });
}
