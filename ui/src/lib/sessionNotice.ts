import type { SessionInfo } from './api';
import { localizedMessage, toApiError } from './api/errors';
import { m } from './i18n.svelte';

/**
 * A session's notice in the interface language: by its kind, with the error behind it said as any error is;
 * the backend's English sentence for a notice without a kind. Empty when there is none.
 */
export function sessionNotice(session: SessionInfo): string {
  const cause = session.noticeCause ? localizedMessage(toApiError(session.noticeCause)) : '';
  switch (session.noticeKind) {
    case 'device-forgotten':
      return m.session_notice_device_forgotten();
    case 'device-not-remembered':
      return m.session_notice_device_not_remembered({ cause });
    case 'sample-incomplete':
      return m.session_notice_sample_incomplete({ cause });
    default:
      return session.notice ?? '';
  }
}
