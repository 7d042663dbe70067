import type { ImportReport } from '../../lib/api';

type Extras = Pick<ImportReport, 'companiesCreated' | 'companiesLinked' | 'objections' | 'activitiesCreated' | 'dryRun'>;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What an import brought besides contacts: company links (and the companies it created), objections to
 * direct marketing the file stated, notes brought in as activities. Empty when none.
 */
export function extrasSentence(report: Extras): string {
  const would = report.dryRun;
  const sentences: string[] = [];
  if (report.companiesLinked > 0) {
    const created =
      report.companiesCreated > 0
        ? ` (${plural(report.companiesCreated, 'new company', 'new companies')})`
        : '';
    sentences.push(
      `${plural(report.companiesLinked, 'contact', 'contacts')} ${would ? 'would be' : report.companiesLinked === 1 ? 'was' : 'were'} linked to companies${created}.`,
    );
  }
  if (report.objections > 0) {
    sentences.push(
      `${plural(report.objections, 'objection', 'objections')} to direct marketing ${would ? 'would be' : report.objections === 1 ? 'was' : 'were'} recorded from the file's opt-out column.`,
    );
  }
  if (report.activitiesCreated > 0) {
    sentences.push(
      `${plural(report.activitiesCreated, 'note', 'notes')} ${would ? 'would be' : report.activitiesCreated === 1 ? 'was' : 'were'} added as activities.`,
    );
  }
  return sentences.join(' ');
}
