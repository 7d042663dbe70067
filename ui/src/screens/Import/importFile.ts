// Pure helpers of the import wizard: the file's format, the field names and the sentences it shows, in the
// interface language (ui/messages).
import type {
  CsvPreview,
  CustomField,
  ImportInfo,
  ImportReport,
  RowNote,
  RowProblem,
  SkippedLine,
  UndoReport,
} from '../../lib/api';
import { errorMessage, isApiError } from '../../lib/api';
import { language, m } from '../../lib/i18n.svelte';

/** The formats `import_contacts` reads. */
export type ImportFormat = 'csv' | 'vcard';

/** The file types the open dialog offers. */
export function importFilters(): { name: string; extensions: string[] }[] {
  return [
    { name: m.import_filter_contacts(), extensions: ['csv', 'vcf', 'vcard'] },
    { name: m.import_filter_csv(), extensions: ['csv'] },
    { name: m.import_filter_vcard(), extensions: ['vcf', 'vcard'] },
  ];
}

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

/** The choices for a record that matches an existing contact; `label` reads the interface language each time. */
export const DUPLICATE_POLICIES: readonly { value: DuplicatePolicy; readonly label: string }[] = [
  {
    value: 'skip',
    get label() {
      return m.import_duplicate_skip();
    },
  },
  {
    value: 'merge',
    get label() {
      return m.import_duplicate_merge();
    },
  },
  {
    value: 'create',
    get label() {
      return m.import_duplicate_create();
    },
  },
];

const FIELD_LABELS: Record<string, () => string> = {
  name: m.import_field_name,
  'first-name': m.import_field_first_name,
  'middle-name': m.import_field_middle_name,
  'last-name': m.import_field_last_name,
  email: m.import_field_email,
  phone: m.import_field_phone,
  company: m.import_field_company,
  title: m.import_field_title,
  street: m.import_field_street,
  city: m.import_field_city,
  'postal-code': m.import_field_postal_code,
  region: m.import_field_region,
  country: m.import_field_country,
  tags: m.import_field_tags,
  notes: m.import_field_notes,
  source: m.import_field_source,
  birthday: m.import_field_birthday,
  'marketing-opt-out': m.import_field_marketing_opt_out,
};

/**
 * The encodings the preview offers when the guess is wrong: the file's own (whatever it is) comes first,
 * then these, by the names core reports.
 */
const ENCODINGS: readonly { value: string; label: () => string }[] = [
  { value: 'UTF-8', label: m.import_encoding_utf_8 },
  { value: 'UTF-16LE', label: m.import_encoding_utf_16le },
  { value: 'windows-1250', label: m.import_encoding_windows_1250 },
  { value: 'windows-1252', label: m.import_encoding_windows_1252 },
  { value: 'ISO-8859-2', label: m.import_encoding_iso_8859_2 },
  { value: 'windows-1251', label: m.import_encoding_windows_1251 },
];

/** The encodings to offer for a file read in `current`: the list, with `current` added when it is not in it. */
export function encodingChoices(current: string): { value: string; label: string }[] {
  const known = ENCODINGS.map((e) => ({ value: e.value, label: e.label() }));
  return ENCODINGS.some((e) => e.value === current) ? known : [{ value: current, label: current }, ...known];
}

/** How the cells of a CSV file are separated, as the preview says it. */
export function delimiterSentence(delimiter: string): string {
  switch (delimiter) {
    case ',':
      return m.import_separated_commas();
    case ';':
      return m.import_separated_semicolons();
    case '\t':
      return m.import_separated_tabs();
    case '|':
      return m.import_separated_bars();
    default:
      return m.import_separated_other({ delimiter });
  }
}

/** What the preview says about the lines it did not read as records; "" when there are none. */
export function skippedSentence(skipped: SkippedLine[]): string {
  if (skipped.length === 0) return '';
  const blank = skipped.filter((s) => s.reason === 'blank').map((s) => s.line);
  const footer = skipped.filter((s) => s.reason === 'footer').map((s) => s.line);
  const parts: string[] = [];
  if (blank.length > 0) parts.push(m.import_skipped_blank({ count: blank.length, lines: blank.join(', ') }));
  if (footer.length > 0) parts.push(m.import_skipped_footer({ count: footer.length, lines: footer.join(', ') }));
  return m.import_skipped({ count: skipped.length, details: parts.join('; ') });
}

/** The label of a contact field a column can map to; an unknown field is shown by its name. */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field]?.() ?? field;
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
  return m.import_custom_field_option({ label: field.label });
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

/** The counts of an import in the history: "CSV: created 3, merged 1, skipped 2". */
export function historySentence(info: Pick<ImportInfo, 'format' | 'created' | 'merged' | 'skipped'>): string {
  // An e-mail import's counts are activities written and messages already on a contact.
  if (info.format === 'email') return m.import_history_email({ created: info.created, skipped: info.skipped });
  const format = info.format === 'vcard' ? 'vCard' : 'CSV';
  return m.import_history_counts({ format, created: info.created, merged: info.merged, skipped: info.skipped });
}

/** The sentence after an import: "Import finished: created 3, merged 1, skipped 2 of 6 records." */
export function resultSentence(report: Pick<ImportReport, 'created' | 'merged' | 'skipped' | 'records'>): string {
  const { created, merged, skipped, records } = report;
  return m.import_result({ created, merged, skipped, count: records });
}

/** How many phone numbers an import kept as written but flagged; empty when none. */
export function phonesSentence(report: Pick<ImportReport, 'phonesFlagged' | 'dryRun'>): string {
  const count = report.phonesFlagged;
  if (count === 0) return '';
  return report.dryRun ? m.import_phones_flagged_dry({ count }) : m.import_phones_flagged({ count });
}

/** The sentence after a dry run: what an import would do, changing nothing. */
export function dryRunSentence(report: ImportReport): string {
  const { created, merged, skipped, records } = report;
  return m.import_dry_run_result({ created, merged, skipped, count: records });
}

/**
 * What an import did with records of people who were erased, objected to marketing or are restricted: left
 * them out (the default), or let the erased and objecting in on purpose. The reasons come only for roles that
 * handle data-subject requests; others get the number left out alone. Empty when the file had none.
 */
export function knownSentence(
  report: Pick<ImportReport, 'leftOut' | 'erased' | 'suppressed' | 'restricted' | 'readmitted' | 'dryRun'>,
): string {
  const dry = report.dryRun;
  const erased = report.erased > 0 ? m.import_known_erased({ count: report.erased }) : '';
  const objected = report.suppressed > 0 ? m.import_known_objected({ count: report.suppressed }) : '';
  const restricted = report.restricted > 0 ? m.import_known_restricted({ count: report.restricted }) : '';
  const list = (parts: string[]) => parts.filter(Boolean).join(m.import_list_separator());
  const sentences: string[] = [];
  if (report.readmitted) {
    const inputs = { count: report.erased + report.suppressed, reasons: list([erased, objected]) };
    sentences.push(dry ? m.import_known_let_in_dry(inputs) : m.import_known_let_in(inputs));
  }
  if (report.leftOut > 0) {
    const reasons = list(report.readmitted ? [restricted] : [erased, objected, restricted]);
    const count = report.leftOut;
    if (reasons === '') sentences.push(dry ? m.import_known_left_out_dry({ count }) : m.import_known_left_out({ count }));
    else
      sentences.push(
        dry ? m.import_known_left_out_why_dry({ count, reasons }) : m.import_known_left_out_why({ count, reasons }),
      );
  }
  return sentences.join(' ');
}

/** The sentence after an undo. */
export function undoSentence(report: Pick<UndoReport, 'removed' | 'restored'>): string {
  return m.import_undone({ count: report.removed, restored: m.import_undone_restored({ count: report.restored }) });
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
  const { created, merged, skipped, leftOut, rejected, warned } = report;
  const inputs = { created, merged, skipped, leftOut, rejected, warned };
  return report.dryRun ? m.import_fates_dry(inputs) : m.import_fates(inputs);
}

/** What became of a record with a problem, for the problems table. */
export function fateLabel(problem: Pick<RowProblem, 'fate' | 'mergedInto'>, dryRun: boolean): string {
  switch (problem.fate) {
    case 'created':
      return dryRun ? m.import_fate_to_create() : m.import_fate_created();
    case 'merged': {
      const id = problem.mergedInto ?? '?';
      return dryRun ? m.import_fate_to_merge({ id }) : m.import_fate_merged({ id });
    }
    case 'skipped':
      return dryRun ? m.import_fate_to_skip() : m.import_fate_skipped();
    case 'left-out':
      return m.import_fate_left_out();
    case 'rejected':
      return m.import_fate_rejected();
    default:
      return problem.fate;
  }
}

/** Where a record is in the file (`line 12`, `card 3` from the backend) in the interface language. */
export function placeLabel(place: string): string {
  const match = /^(line|card) (\d+)$/.exec(place);
  if (match?.[1] === 'line') return m.import_place_line({ line: match[2] ?? '' });
  if (match?.[1] === 'card') return m.import_place_card({ card: match[2] ?? '' });
  return place;
}

/**
 * The codes of the problems whose sentence the catalogue says whole, in every language: the backend's
 * sentence holds nothing more.
 */
const NOTES: Record<string, () => string> = {
  'no-name': m.import_problem_no_name,
  'name-multiline': m.import_problem_name_multiline,
  // The @ is a placeholder: in the text of a message it would end up as a tag in the compiled JSDoc.
  'email-invalid': () => m.import_problem_email_invalid({ at: '@' }),
  'phone-unusable': m.import_problem_phone_unusable,
  'birthday-unread': m.import_problem_birthday_unread,
  'birthday-ambiguous': m.import_problem_birthday_ambiguous,
  'sensitive-invalid': m.import_problem_sensitive_invalid,
  'sensitive-not-permitted': m.import_problem_sensitive_not_permitted,
};

/**
 * The codes whose sentence carries values, which core sends as the note's params (`field`, `length`, `limit`,
 * `position`; never a value from the file): the field is said by its name in the interface language (a custom
 * field by its label).
 */
const NOTES_WITH_VALUES: Record<string, (p: Params) => string> = {
  'name-too-long': (p) => m.import_problem_name_too_long({ length: p.number('length'), limit: p.text('limit') }),
  'value-too-long': (p) =>
    m.import_problem_value_too_long({ field: p.field(), length: p.number('length'), limit: p.text('limit') }),
  'control-characters': (p) => m.import_problem_control_characters({ field: p.field() }),
  'too-many-values': (p) => m.import_problem_too_many_values({ field: p.field(), limit: p.number('limit') }),
  'phone-unparseable': (p) => m.import_problem_phone_unparseable({ position: p.text('position') }),
  'phone-no-country': (p) => m.import_problem_phone_no_country({ position: p.text('position') }),
  'phone-invalid': (p) => m.import_problem_phone_invalid({ position: p.text('position') }),
  'phone-missing-trunk-zero': (p) => m.import_problem_phone_missing_trunk_zero({ position: p.text('position') }),
  // A custom field's own check, with the field's label as the user gave it.
  'invalid-value': (p) => m.import_problem_invalid_value_of({ field: p.field() }),
};

/**
 * The codes whose backend sentence says more than the catalogue can (a custom field's own check): in English
 * that sentence, in another language the catalogue's general one.
 */
const NOTES_GENERAL: Record<string, () => string> = {
  'invalid-value': m.import_problem_invalid_value,
};

/** A note's params, read for its sentence. */
interface Params {
  text(key: string): string;
  number(key: string): number;
  field(): string;
}

function paramsOf(note: RowNote): Params {
  const text = (key: string) => note.params[key] ?? '';
  return { text, number: (key) => Number(text(key)), field: () => fieldLabel(text('field')) };
}

/**
 * Why a record is rejected or flagged, in the interface language. In English a sentence with values is the
 * backend's own, which says the most; a code the catalogue does not know, or a note whose values did not
 * come, shows the backend's sentence.
 */
export function noteSentence(note: RowNote): string {
  const whole = NOTES[note.code];
  if (whole) return whole();
  if (language() === 'en') return note.message;
  const withValues = NOTES_WITH_VALUES[note.code];
  if (withValues && Object.keys(note.params).length > 0) return withValues(paramsOf(note));
  return NOTES_GENERAL[note.code]?.() ?? note.message;
}

/**
 * The sentence for an import that failed, in the interface language. A file refused over one record (reason
 * `row-rejected`, without "skip rejected") names the record's place and its note's code and values, said as the
 * problems table says them; in English, and for every other error, the usual sentence.
 */
export function importErrorMessage(error: unknown): string {
  if (isApiError(error) && error.reason === 'row-rejected' && language() !== 'en') {
    const { place, problem, ...params } = error.params;
    if (place !== undefined && problem !== undefined) {
      const reason = noteSentence({ code: problem, params, message: error.message });
      return m.import_row_rejected({ place: placeLabel(place), reason });
    }
  }
  return errorMessage(error);
}

/** Why a record is in the problems table: the reason it is rejected, then each warning. */
export function problemReasons(problem: Pick<RowProblem, 'rejected' | 'warnings'>): string[] {
  return [...(problem.rejected ? [problem.rejected] : []), ...problem.warnings].map(noteSentence);
}

/** How many records an import that skips the rejected ones would bring in or match. */
export function goodRows(report: Pick<ImportReport, 'records' | 'rejected'>): number {
  return report.records - report.rejected;
}

/** The line under the problems table when the report lists only the first of them; empty otherwise. */
export function moreProblemsSentence(report: Pick<ImportReport, 'problemsLeftOff'>): string {
  const count = report.problemsLeftOff;
  return count === 0 ? '' : m.import_more_problems({ count });
}

/** A character no message holds, put in a message where a value shown in its own markup goes. */
export const MARK = '\u{F0000}';

/**
 * A sentence cut around the values shown in their own markup (a path in monospace, a count in bold): `marks`
 * names each value and the text that stands for it in `sentence` (`MARK`, or a count's digits), of which the
 * first occurrence is taken. Each piece is text, or the name of the value to show there.
 */
export function pieces(sentence: string, marks: Record<string, string>): { text: string; value?: string }[] {
  const out: { text: string; value?: string }[] = [];
  const left = new Map(Object.entries(marks));
  let rest = sentence;
  for (;;) {
    let next: { name: string; at: number; length: number } | null = null;
    for (const [name, mark] of left) {
      const at = rest.indexOf(mark);
      if (at >= 0 && (next === null || at < next.at)) next = { name, at, length: mark.length };
    }
    if (next === null) break;
    if (next.at > 0) out.push({ text: rest.slice(0, next.at) });
    out.push({ text: '', value: next.name });
    left.delete(next.name);
    rest = rest.slice(next.at + next.length);
  }
  if (rest !== '') out.push({ text: rest });
  return out;
}
