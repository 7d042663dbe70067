import type { Role, SessionInfo, User } from '../../lib/api';
import { m } from '../../lib/i18n.svelte';
import { can } from '../../lib/permissions';

/** Every role, most powerful first, with what it may do in a few words (getters: they follow the language). */
export const ROLES: readonly { role: Role; readonly label: string; readonly about: string }[] = [
  {
    role: 'owner',
    get label() {
      return m.user_role_owner();
    },
    get about() {
      return m.user_role_owner_about();
    },
  },
  {
    role: 'admin',
    get label() {
      return m.user_role_admin();
    },
    get about() {
      return m.user_role_admin_about();
    },
  },
  {
    role: 'manager',
    get label() {
      return m.user_role_manager();
    },
    get about() {
      return m.user_role_manager_about();
    },
  },
  {
    role: 'agent',
    get label() {
      return m.user_role_agent();
    },
    get about() {
      return m.user_role_agent_about();
    },
  },
  {
    role: 'auditor',
    get label() {
      return m.user_role_auditor();
    },
    get about() {
      return m.user_role_auditor_about();
    },
  },
  {
    role: 'viewer',
    get label() {
      return m.user_role_viewer();
    },
    get about() {
      return m.user_role_viewer_about();
    },
  },
];

/** The roles this session may give: the owner role only with `owners.manage`. */
export function assignableRoles(session: SessionInfo): Role[] {
  return ROLES.map((r) => r.role).filter((role) => role !== 'owner' || can(session, 'owners.manage'));
}

/** Whether this session may change `user` at all: owners only with `owners.manage`. */
export function canManageUser(session: SessionInfo, user: Pick<User, 'role'>): boolean {
  return can(session, 'users.manage') && (user.role !== 'owner' || can(session, 'owners.manage'));
}

export type UserStatus = 'active' | 'disabled' | 'must change password';

export function userStatus(user: Pick<User, 'disabled' | 'mustChangePassword'>): UserStatus {
  if (user.disabled) return 'disabled';
  return user.mustChangePassword ? 'must change password' : 'active';
}

const STATUS_LABELS: Record<UserStatus, () => string> = {
  active: m.user_status_active,
  disabled: m.user_status_disabled,
  'must change password': m.user_status_must_change,
};

/** A status as the users table says it. */
export function statusLabel(status: UserStatus): string {
  return STATUS_LABELS[status]();
}
