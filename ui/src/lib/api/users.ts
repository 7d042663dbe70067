// Users, their roles and passwords. Re-exported by `./index`.

import { call } from './call';
import type { Role, SessionInfo, User } from './types';

export function listUsers(): Promise<User[]> {
  return call('list_users');
}

/** Adds a user with a first password; they must choose their own at their first unlock. */
export function addUser(name: string, role: Role, password: string): Promise<User> {
  return call('add_user', { name, role, password });
}

export function setUserRole(name: string, role: Role): Promise<User> {
  return call('set_user_role', { name, role });
}

export function disableUser(name: string): Promise<User> {
  return call('disable_user', { name });
}

/** Enables a disabled user with a new first password (disabling removed their old one). */
export function enableUser(name: string, password: string): Promise<User> {
  return call('enable_user', { name, password });
}

/** Sets another user's password; they must change it at their next unlock. */
export async function resetUserPassword(name: string, password: string): Promise<void> {
  await call<null>('reset_user_password', { name, password });
}

/**
 * Changes the signed-in user's own password and resolves with the updated session. `current` is ignored
 * in a session opened with the recovery key.
 */
export function changePassword(current: string, newPassword: string): Promise<SessionInfo> {
  return call('change_password', { current, new: newPassword });
}
