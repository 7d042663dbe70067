import type { SessionInfo } from '../../lib/api';
import { can } from '../../lib/permissions';

/** The screens of an open vault, chosen in the header (the import wizard is reached from the contacts). */
export type Page =
  | 'dashboard'
  | 'contacts'
  | 'companies'
  | 'deals'
  | 'tasks'
  | 'calendar'
  | 'consent'
  | 'privacy'
  | 'import'
  | 'users'
  | 'audit'
  | 'settings'
  | 'backups'
  | 'alerts'
  | 'rules'
  | 'breaches'
  | 'change-password'
  | 'access-review';

/**
 * Where to go: a page, and the record to open or highlight there (a contact, company or deal id, or the
 * sequence number of an audit entry).
 */
export interface Route {
  page: Page;
  focus: number | null;
  /** The audit log's actor filter, when the access review opens it at a user's entries. */
  actor?: string;
}

/** The page shown after unlocking, and when a page is not allowed. */
export const HOME: Page = 'dashboard';

/** Whether the session may see `page`; a page it may not see falls back to the dashboard. */
export function allowedPage(session: SessionInfo, page: Page): Page {
  if (page === 'users' && !can(session, 'users.read')) return HOME;
  if (page === 'audit' && !can(session, 'audit.read')) return HOME;
  if (page === 'settings' && !can(session, 'settings.manage')) return HOME;
  if (page === 'backups' && !can(session, 'backup.manage')) return HOME;
  if (page === 'privacy' && !can(session, 'rights.manage')) return HOME;
  if (page === 'alerts' && !can(session, 'alerts.manage')) return HOME;
  if (page === 'rules' && !can(session, 'rules.manage')) return HOME;
  if (page === 'access-review' && !can(session, 'review.run')) return HOME;
  if (page === 'breaches' && !can(session, 'breach.manage')) return HOME;
  if (page === 'import' && !can(session, 'contacts.create')) return 'contacts';
  return page;
}
