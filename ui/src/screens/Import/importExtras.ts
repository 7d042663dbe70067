import type { ImportReport } from '../../lib/api';
import { m } from '../../lib/i18n.svelte';

type Extras = Pick<ImportReport, 'companiesCreated' | 'companiesLinked' | 'objections' | 'activitiesCreated' | 'dryRun'>;

/**
 * What an import brought besides contacts: company links (and the companies it created), objections to
 * direct marketing the file stated, notes brought in as activities, in the interface language. Empty when none.
 */
export function extrasSentence(report: Extras): string {
  const dry = report.dryRun;
  const sentences: string[] = [];
  if (report.companiesLinked > 0) {
    const count = report.companiesLinked;
    if (report.companiesCreated > 0) {
      const companies = m.import_extras_new_companies({ count: report.companiesCreated });
      sentences.push(
        dry ? m.import_extras_linked_new_dry({ count, companies }) : m.import_extras_linked_new({ count, companies }),
      );
    } else {
      sentences.push(dry ? m.import_extras_linked_dry({ count }) : m.import_extras_linked({ count }));
    }
  }
  if (report.objections > 0) {
    const count = report.objections;
    sentences.push(dry ? m.import_extras_objections_dry({ count }) : m.import_extras_objections({ count }));
  }
  if (report.activitiesCreated > 0) {
    const count = report.activitiesCreated;
    sentences.push(dry ? m.import_extras_notes_dry({ count }) : m.import_extras_notes({ count }));
  }
  return sentences.join(' ');
}
