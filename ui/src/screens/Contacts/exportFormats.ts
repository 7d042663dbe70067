import type { ExportFormat, LeftOutCounts } from '../../lib/api';
import { m } from '../../lib/i18n.svelte';
import { leftOutSentence } from '../Consent/consentText';

/**
 * What the export offers: a label, the file type the save dialog shows (both read when shown, in the
 * interface language) and the file extension.
 */
export const EXPORT_FORMATS: Record<ExportFormat, { label: () => string; fileType: () => string; extension: string }> = {
  csv: { label: m.export_format_csv, fileType: m.export_file_csv, extension: 'csv' },
  // Excel in most European locales (Romanian included) splits cells at `;` and reads UTF-8 only after a BOM.
  'excel-csv': { label: m.export_format_excel_csv, fileType: m.export_file_csv, extension: 'csv' },
  vcard: { label: m.export_format_vcard, fileType: m.export_file_vcard, extension: 'vcf' },
};

/** The sentence after an export: "Exported 3 contacts to /home/ada/c.csv." */
export function exportedSentence(count: number, path: string): string {
  return m.export_done({ count, path });
}

/** The export panel's kinds of file: a contacts file in one of the formats, or a mailing list. */
export type ExportKind = ExportFormat | typeof MAILING_LIST;

/** The kind of a mailing list: names and e-mail addresses, as CSV. */
export const MAILING_LIST = 'mailing-list';

/** The choice of an export with no purpose: every chosen contact, not for contacting anyone. */
export const FULL_COPY = '__full-copy__';

/** The sentence after a mailing list was saved: "Saved a mailing list of 3 people to /home/ada/l.csv." */
export function mailingListSentence(count: number, path: string): string {
  return m.export_mailing_saved({ count, path });
}

/** What a mailing list would hold, before it is saved: "2 on the list. 1 left out: 1 consent withdrawn." */
export function previewSentence(included: number, leftOut: LeftOutCounts): string {
  return m.export_preview({ count: included, leftOut: leftOutSentence(leftOut) });
}
