import type { SessionInfo } from '../../lib/api';
import { can } from '../../lib/permissions';

/** The screens of an open vault, chosen in the header. */
export type Page = 'contacts' | 'users' | 'audit' | 'change-password';

/** Whether the session may see `page`; a page it may not see falls back to the contacts. */
export function allowedPage(session: SessionInfo, page: Page): Page {
  if (page === 'users' && !can(session, 'users.read')) return 'contacts';
  if (page === 'audit' && !can(session, 'audit.read')) return 'contacts';
  return page;
}
