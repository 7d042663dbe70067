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

/**
 * The tables of the vault a team change can touch (core's `sync::replica::SYNCED`, and a few that are never
 * shared), by what they hold in the interface language, for the sentences about a refused team change.
 */
export const TABLE_LABELS: Record<string, () => string> = {
  users: m.table_users,
  imports: m.table_imports,
  companies: m.table_companies,
  contacts: m.table_contacts,
  contact_emails: m.table_contact_emails,
  contact_phones: m.table_contact_phones,
  contact_sensitive: m.table_contact_sensitive,
  pipeline_stages: m.table_pipeline_stages,
  deals: m.table_deals,
  activities: m.table_activities,
  tasks: m.table_tasks,
  tags: m.table_tags,
  contact_tags: m.table_contact_tags,
  custom_fields: m.table_custom_fields,
  contact_custom_values: m.table_contact_custom_values,
  purposes: m.table_purposes,
  consent_forms: m.table_consent_forms,
  consent_form_purposes: m.table_consent_form_purposes,
  consents: m.table_consents,
  dsr_requests: m.table_dsr_requests,
  erasure_ledger: m.table_erasure_ledger,
  suppressions: m.table_suppressions,
  settings: m.table_settings,
  audit_log: m.table_audit_log,
  attachments: m.table_attachments,
  alerts: m.table_alerts,
};

/** A table of the vault by what it holds; one this version does not know by its name, said as a table. */
export function tableLabel(table: string): string {
  return Object.hasOwn(TABLE_LABELS, table) ? (TABLE_LABELS[table]?.() ?? table) : m.table_other({ table });
}
