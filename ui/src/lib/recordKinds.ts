// A kind of record (`contact`, `deal`, …, as core names it) in the interface language, as the recycle bin names
// it: one list for the bin's rows and the sentences that name a kind.
import type { RecordKind } from './api';
import { m } from './i18n.svelte';

export const RECORD_KIND_LABELS: Record<RecordKind, () => string> = {
  contact: m.bin_kind_contact,
  company: m.bin_kind_company,
  deal: m.bin_kind_deal,
  task: m.bin_kind_task,
  activity: m.bin_kind_activity,
  attachment: m.bin_kind_attachment,
};
