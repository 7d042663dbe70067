// What the signed-in user may do, from the permission names their role carries (SessionInfo.permissions).
// The UI uses these only to offer or hide actions; the core checks every command again.
import type { Contact, Permission, SessionInfo } from './api';

/** The permission names the core uses, generated from the shell's `PermissionDto` (see docs/ipc-contract.md). */
export type { Permission } from './api';

/** Whether the session's role allows `permission`. A session that must change its password may do nothing. */
export function can(session: Pick<SessionInfo, 'permissions' | 'mustChangePassword'>, permission: Permission): boolean {
  return !session.mustChangePassword && session.permissions.includes(permission);
}

/**
 * Whether the user may edit this record: any record, or their own. Companies, deals, activities and tasks
 * follow the contact permissions, so this answers for all of them.
 */
export function canEditContact(session: SessionInfo, contact: Pick<Contact, 'ownerId'>): boolean {
  return (
    can(session, 'contacts.edit-any') || (can(session, 'contacts.edit-own') && contact.ownerId === session.userId)
  );
}

/** Whether the user may delete this record: any record, or their own. */
export function canDeleteContact(session: SessionInfo, contact: Pick<Contact, 'ownerId'>): boolean {
  return (
    can(session, 'contacts.delete-any') || (can(session, 'contacts.delete-own') && contact.ownerId === session.userId)
  );
}

/** The same checks by their everyday names, for records that are not contacts. */
export const canEditRecord = canEditContact;
export const canDeleteRecord = canDeleteContact;

/** Whether the user may change this task: any task, or one they created or are assigned to. */
export function canEditTask(session: SessionInfo, task: { assigneeId: number; createdBy: number }): boolean {
  return (
    can(session, 'contacts.edit-any') ||
    (can(session, 'contacts.edit-own') && (task.assigneeId === session.userId || task.createdBy === session.userId))
  );
}

/** Whether the user may add files to, and rename files on, a record with this owner. */
export function canAttach(session: SessionInfo, record: { ownerId: number }): boolean {
  return canEditContact(session, record);
}

/** Whether the user may move a file they see to the recycle bin: any, or one they added. */
export function canDeleteAttachment(session: SessionInfo, file: { ownerId: number }): boolean {
  return canDeleteContact(session, file);
}
