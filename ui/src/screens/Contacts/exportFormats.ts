import type { ExportFormat } from '../../lib/api';

/** What the export offers: a label, the file type the save dialog shows and the file extension. */
export const EXPORT_FORMATS: Record<ExportFormat, { label: string; fileType: string; extension: string }> = {
  csv: { label: 'CSV (spreadsheets)', fileType: 'CSV file', extension: 'csv' },
  vcard: { label: 'vCard (address books)', fileType: 'vCard file', extension: 'vcf' },
};

/** The sentence after an export: "Exported 3 contacts to /home/ada/c.csv." */
export function exportedSentence(count: number, path: string): string {
  return `Exported ${count} ${count === 1 ? 'contact' : 'contacts'} to ${path}.`;
}
