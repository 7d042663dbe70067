import type { Role, SessionInfo, User } from '../../lib/api';
import { can } from '../../lib/permissions';

/** Every role, most powerful first, with what it may do in a few words. */
export const ROLES: readonly { role: Role; label: string; about: string }[] = [
  { role: 'owner', label: 'Owner', about: 'everything, including managing owners' },
  { role: 'admin', label: 'Admin', about: 'everything except managing owners' },
  { role: 'manager', label: 'Manager', about: 'all contacts and their sensitive fields' },
  { role: 'agent', label: 'Agent', about: 'their own contacts' },
  { role: 'auditor', label: 'Auditor', about: 'reads contacts and the audit log' },
  { role: 'viewer', label: 'Viewer', about: 'reads contacts' },
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
