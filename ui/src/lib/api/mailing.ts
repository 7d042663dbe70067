// Use by purpose over any scope: the coverage counts of the Consent screen, mailing lists, and exports for a
// purpose of every contact, the list's filters, a saved view or hand-picked rows. Re-exported by `./index`.

import { call } from './call';
import type { ContactScope, ExportFormat, PurposeCounts } from './types';

export type { ContactScope, PurposeCounts } from './types';

/** For every purpose, how many contacts may be used for it and how many not, by reason. Nothing is recorded. */
export function purposeCoverage(): Promise<PurposeCounts[]> {
  return call('purpose_coverage');
}

/** How many people a mailing list for `purpose` over `scope` would hold, and who it leaves out, by reason. */
export function mailingListCounts(purpose: string, scope: ContactScope): Promise<PurposeCounts> {
  return call('mailing_list_counts', { purpose, scope });
}

/**
 * Writes the mailing list (Name, Email) for `purpose` over `scope` to the new file `path`; resolves with its
 * counts. An export: above the policy's soft limit it fails with `reauth_required` (see `withReauth`).
 */
export function saveMailingList(purpose: string, scope: ContactScope, path: string): Promise<PurposeCounts> {
  return call('save_mailing_list', { purpose, scope, path });
}

/**
 * Exports the contacts of `scope` that may be used for `purpose` to the new file `path`; resolves with how many
 * were written and how many were left out, by reason.
 */
export function exportScopeForPurpose(
  format: ExportFormat,
  purpose: string,
  scope: ContactScope,
  path: string,
): Promise<PurposeCounts> {
  return call('export_scope_for_purpose', { format, purpose, scope, path });
}
