// Pure helpers of the e-mail part of the Import screen, kept apart from the component so they can be tested.
import type { EmailImportReport } from '../../lib/api';
import { m } from '../../lib/i18n.svelte';

/** The file types the e-mail open dialog offers. */
export function emailFilters(): { name: string; extensions: string[] }[] {
  return [{ name: m.import_email_filter(), extensions: ['eml', 'mbox'] }];
}

/** The counts of a preview (a dry run) or of a finished e-mail import. */
export function emailSentence(
  report: Pick<
    EmailImportReport,
    'dryRun' | 'messages' | 'activitiesCreated' | 'attachmentsCreated' | 'contactsCreated' | 'duplicates' | 'unmatched'
  >,
): string {
  const counts = {
    messages: report.messages,
    activities: report.activitiesCreated,
    files: report.attachmentsCreated,
    contacts: report.contactsCreated,
    duplicates: report.duplicates,
    unmatched: report.unmatched,
  };
  return report.dryRun ? m.import_email_preview(counts) : m.import_email_done(counts);
}

/** What was left out, for everyone (the reasons are for those who handle requests); empty when nothing. */
export function emailLeftOutSentence(report: Pick<EmailImportReport, 'leftOut'>): string {
  return report.leftOut > 0 ? m.import_email_left_out({ count: report.leftOut }) : '';
}
