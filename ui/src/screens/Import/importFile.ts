// Pure helpers of the import wizard: the file's format, the field names and the sentences it shows.
import type { CsvPreview, CustomField, ImportInfo, ImportReport, RowProblem, SkippedLine, UndoReport } from '../../lib/api';

/** The formats `import_contacts` reads. */
export type ImportFormat = 'csv' | 'vcard';

/** The file types the open dialog offers. */
export const IMPORT_FILTERS = [
  { name: 'Contacts (CSV or vCard)', extensions: ['csv', 'vcf', 'vcard'] },
  { name: 'CSV file', extensions: ['csv'] },
  { name: 'vCard file', extensions: ['vcf', 'vcard'] },
];

/** The format of the file at `path`, from its extension; `null` when it is neither CSV nor vCard. */
export function formatOf(path: string): ImportFormat | null {
  const match = /\.([a-z0-9]+)\s*$/i.exec(path.trim());
  const extension = match?.[1]?.toLowerCase();
  if (extension === 'csv') return 'csv';
  if (extension === 'vcf' || extension === 'vcard') return 'vcard';
  return null;
}

/** What to do with a record that matches an existing contact. */
export type DuplicatePolicy = 'skip' | 'merge' | 'create';

export const DUPLICATE_POLICIES: readonly { value: DuplicatePolicy; label: string }[] = [
  { value: 'skip', label: 'Skip it (keep the existing contact as it is)' },
  { value: 'merge', label: 'Merge it into the existing contact' },
  { value: 'create', label: 'Create a new contact anyway' },
];

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  'first-name': 'First name',
  'middle-name': 'Middle name',
  'last-name': 'Last name',
  email: 'E-mail',
  phone: 'Phone',
  company: 'Company',
  title: 'Job title',
  street: 'Street',
  city: 'City',
  'postal-code': 'Postal code',
  region: 'Region',
  country: 'Country',
  tags: 'Tags',
  notes: 'Notes',
  source: 'Source',
  birthday: 'Date of birth (sensitive)',
  'marketing-opt-out': 'Opted out of marketing (not imported yet)',
};

/**
 * The encodings the preview offers when the guess is wrong: the file's own (whatever it is) comes first,
 * then these, by the names core reports.
 */
export const ENCODINGS: readonly { value: string; label: string }[] = [
  { value: 'UTF-8', label: 'UTF-8 (Unicode)' },
  { value: 'UTF-16LE', label: 'UTF-16 (Excel “Unicode text”)' },
  { value: 'windows-1250', label: 'Central European (Windows-1250)' },
  { value: 'windows-1252', label: 'Western European (Windows-1252)' },
  { value: 'ISO-8859-2', label: 'Central European (ISO-8859-2)' },
  { value: 'windows-1251', label: 'Cyrillic (Windows-1251)' },
];

/** The encodings to offer for a file read in `current`: the list, with `current` added when it is not in it. */
export function encodingChoices(current: string): { value: string; label: string }[] {
  return ENCODINGS.some((e) => e.value === current) ? [...ENCODINGS] : [{ value: current, label: current }, ...ENCODINGS];
}

/** How the cells of a CSV file are separated, in words. */
export function delimiterLabel(delimiter: string): string {
  switch (delimiter) {
    case ',':
      return 'commas';
    case ';':
      return 'semicolons';
    case '\t':
      return 'tabs';
    case '|':
      return 'vertical bars';
    default:
      return `“${delimiter}”`;
  }
}

/** What the preview says about the lines it did not read as records; "" when there are none. */
export function skippedSentence(skipped: SkippedLine[]): string {
  if (skipped.length === 0) return '';
  const blank = skipped.filter((s) => s.reason === 'blank').map((s) => s.line);
  const footer = skipped.filter((s) => s.reason === 'footer').map((s) => s.line);
  const lines = (n: number[]) => `${n.length === 1 ? 'line' : 'lines'} ${n.join(', ')}`;
  const parts: string[] = [];
  if (blank.length > 0) parts.push(`${lines(blank)} (only separators)`);
  if (footer.length > 0) parts.push(`${lines(footer)} (after the data: a footer or empty rows)`);
  const n = skipped.length;
  return `${n} ${n === 1 ? 'line is' : 'lines are'} not contacts and will be skipped: ${parts.join('; ')}.`;
}

/** The label of a contact field a column can map to; an unknown field is shown by its name. */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/**
 * A column's choice in the mapping select: a built-in field's name, `custom:` and a custom field's key, or
 * "" to ignore the column. Keys and field names never contain a colon, so the two cannot be confused.
 */
const CUSTOM_PREFIX = 'custom:';

/** The mapping select's value for custom field `key`. */
export function customChoice(key: string): string {
  return `${CUSTOM_PREFIX}${key}`;
}

/** The custom field key a choice stands for, or `null` for a built-in field or "ignore". */
export function customKeyOf(choice: string): string | null {
  return choice.startsWith(CUSTOM_PREFIX) ? choice.slice(CUSTOM_PREFIX.length) : null;
}

/** The label of a custom field in the mapping select. */
export function customFieldOption(field: Pick<CustomField, 'label'>): string {
  return `Custom: ${field.label}`;
}

/**
 * The choice preselected for each column: the suggested built-in field, else the custom field the header
 * names (when it is still defined), else "ignore".
 */
export function initialChoices(
  preview: Pick<CsvPreview, 'suggested' | 'suggestedCustom'>,
  fields: readonly Pick<CustomField, 'key'>[],
): string[] {
  return preview.suggested.map((field, i) => {
    if (field) return field;
    const key = preview.suggestedCustom[i];
    return key && fields.some((f) => f.key === key) ? customChoice(key) : '';
  });
}

/**
 * The mapping the command takes: the built-in field per column, `null` for a column to ignore (chosen as
 * "") or one that fills a custom field.
 */
export function mappingToSend(choices: readonly string[]): (string | null)[] {
  return choices.map((choice) => (choice === '' || customKeyOf(choice) !== null ? null : choice));
}

/** The custom field key per column, `null` for the others. */
export function customColumnsToSend(choices: readonly string[]): (string | null)[] {
  return choices.map(customKeyOf);
}

/** "created 3, merged 1, skipped 2 of 6 records" */
export function countsSentence(report: Pick<ImportReport, 'created' | 'merged' | 'skipped'> & { records?: number }): string {
  const counts = `created ${report.created}, merged ${report.merged}, skipped ${report.skipped}`;
  return report.records === undefined ? counts : `${counts} of ${report.records} ${report.records === 1 ? 'record' : 'records'}`;
}

/** How many phone numbers an import kept as written but flagged; empty when none. */
export function phonesSentence(report: Pick<ImportReport, 'phonesFlagged' | 'dryRun'>): string {
  const n = report.phonesFlagged;
  if (n === 0) return '';
  const numbers = n === 1 ? '1 phone number' : `${n} phone numbers`;
  return `${numbers} ${report.dryRun ? 'would be' : n === 1 ? 'was' : 'were'} kept as written but flagged: not a valid number, or written without a country code and no default country set (Settings).`;
}

/** The sentence after a dry run: what an import would do, changing nothing. */
export function dryRunSentence(report: ImportReport): string {
  return `A real import would have ${countsSentence(report)}. Nothing was changed.`;
}

/**
 * What an import did with records of people who were erased, objected to marketing or are restricted: left
 * them out (the default), or let the erased and objecting in on purpose. The reasons come only for roles that
 * handle data-subject requests; others get the number left out alone. Empty when the file had none.
 */
export function knownSentence(
  report: Pick<ImportReport, 'leftOut' | 'erased' | 'suppressed' | 'restricted' | 'readmitted' | 'dryRun'>,
): string {
  const count = (n: number) => `${n} ${n === 1 ? 'record' : 'records'}`;
  const were = (n: number) => (report.dryRun ? 'would be' : n === 1 ? 'was' : 'were');
  const sentences: string[] = [];
  if (report.readmitted) {
    const parts = [
      report.erased > 0 ? `${report.erased} of people who were erased` : '',
      report.suppressed > 0 ? `${report.suppressed} of people who objected to marketing` : '',
    ].filter(Boolean);
    sentences.push(`${count(report.erased + report.suppressed)} (${parts.join(', ')}) ${were(report.erased + report.suppressed)} let in on purpose.`);
  }
  if (report.leftOut > 0) {
    const parts = [
      !report.readmitted && report.erased > 0 ? `${report.erased} of people who were erased` : '',
      !report.readmitted && report.suppressed > 0 ? `${report.suppressed} of people who objected to marketing` : '',
      report.restricted > 0 ? `${report.restricted} of people whose processing is restricted` : '',
    ].filter(Boolean);
    sentences.push(
      parts.length > 0
        ? `${count(report.leftOut)} ${were(report.leftOut)} left out: ${parts.join(', ')}.`
        : `${count(report.leftOut)} ${were(report.leftOut)} left out.`,
    );
  }
  return sentences.join(' ');
}

/** The sentence after an undo. */
export function undoSentence(report: Pick<UndoReport, 'removed' | 'restored'>): string {
  const removed = `${report.removed} ${report.removed === 1 ? 'contact' : 'contacts'}`;
  return `The import was undone: removed ${removed}, restored ${report.restored} merged ${report.restored === 1 ? 'contact' : 'contacts'}.`;
}

/** Whether an import in the history may still be undone. */
export function undoable(info: ImportInfo): boolean {
  return info.undoneAt === null && info.created + info.merged > 0;
}

/**
 * The preview's counts: "2 to create, 0 to merge, 1 to skip, 0 left out, 1 rejected, 2 with warnings" (after
 * an import: "created 2, …").
 */
export function fatesSentence(
  report: Pick<ImportReport, 'created' | 'merged' | 'skipped' | 'leftOut' | 'rejected' | 'warned' | 'dryRun'>,
): string {
  const parts = report.dryRun
    ? [`${report.created} to create`, `${report.merged} to merge`, `${report.skipped} to skip`]
    : [`created ${report.created}`, `merged ${report.merged}`, `skipped ${report.skipped}`];
  parts.push(`${report.leftOut} left out`, `${report.rejected} rejected`, `${report.warned} with warnings`);
  return parts.join(', ');
}

/** What became of a record with a problem, for the problems table. */
export function fateLabel(problem: Pick<RowProblem, 'fate' | 'mergedInto'>, dryRun: boolean): string {
  const would = (done: string, toDo: string) => (dryRun ? toDo : done);
  switch (problem.fate) {
    case 'created':
      return would('Created', 'To create');
    case 'merged':
      return `${would('Merged', 'To merge')} into contact ${problem.mergedInto ?? '?'}`;
    case 'skipped':
      return would('Skipped as a duplicate', 'To skip as a duplicate');
    case 'left-out':
      return 'Left out';
    case 'rejected':
      return 'Rejected';
    default:
      return problem.fate;
  }
}

/** Why a record is in the problems table: the reason it is rejected, then each warning. */
export function problemReasons(problem: Pick<RowProblem, 'rejected' | 'warnings'>): string[] {
  return [...(problem.rejected ? [problem.rejected.message] : []), ...problem.warnings.map((w) => w.message)];
}

/** How many records an import that skips the rejected ones would bring in or match. */
export function goodRows(report: Pick<ImportReport, 'records' | 'rejected'>): number {
  return report.records - report.rejected;
}

/** The line under the problems table when the report lists only the first of them; empty otherwise. */
export function moreProblemsSentence(report: Pick<ImportReport, 'problemsLeftOff'>): string {
  const n = report.problemsLeftOff;
  if (n === 0) return '';
  return `and ${n} more ${n === 1 ? 'row' : 'rows'} with problems, not listed.`;
}
