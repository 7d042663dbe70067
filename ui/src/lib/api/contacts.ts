// Contacts, their sensitive fields, custom fields, saved views and deleted contacts. Re-exported by `./index`.

import { call } from './call';
import type {
  BulkAction,
  BulkOutcome,
  BulkTarget,
  Contact,
  ContactInput,
  ContactPage,
  ContactQuery,
  CustomField,
  CustomFieldKind,
  DeletedContact,
  DuplicateGroup,
  MergeOutcome,
  PhoneSettings,
  SavedView,
  SensitiveField,
} from './types';

/** A page of the contacts matching `query` (every contact by name when it is `null`), with their number. */
/**
 * A page of contacts: the first (`after` null) or the one after a cursor an earlier page handed out as `next`
 * (ADR 0023). `count` asks for the list's `total` too, which walks the whole list: once per list, not per page.
 */
export function listContacts(
  after: string | null,
  limit: number,
  query: ContactQuery | null = null,
  count = true,
): Promise<ContactPage> {
  return call('list_contacts', { after, limit, query, count });
}

export function getContact(id: number): Promise<Contact> {
  return call('get_contact', { id });
}

export function addContact(contact: ContactInput): Promise<Contact> {
  return call('add_contact', { contact });
}

export function updateContact(id: number, contact: ContactInput): Promise<Contact> {
  return call('update_contact', { id, contact });
}

export async function deleteContact(id: number): Promise<void> {
  await call<null>('delete_contact', { id });
}

/**
 * Does `action` to every contact `target` names (selected ids or a saved view), in one transaction with one
 * audit entry. Contacts the user may not change come back in `refused` with the reason; the others change.
 */
export function bulkChangeContacts(target: BulkTarget, action: BulkAction): Promise<BulkOutcome> {
  return call('bulk_change_contacts', { target, action });
}

/** The groups of contacts that may be one person (same e-mail, phone or name), with the reasons. */
export function possibleDuplicates(): Promise<DuplicateGroup[]> {
  return call('possible_duplicates');
}

/**
 * `limit` contacts of the group whose first contact is `first`, from `offset` (a group of more than 100
 * lists only its first 100); `null` when no group starts with that contact any more.
 */
export function duplicateGroupPage(first: number, offset: number, limit: number): Promise<DuplicateGroup | null> {
  return call('duplicate_group_page', { first, offset, limit });
}

/**
 * Merges contact `other` into contact `keep`: `keep`'s fields except those named in `take` (`name`,
 * `postal-code`, `custom.KEY`, …), every e-mail, phone, tag, activity, task, deal and consent of both.
 * `other` goes to the recycle bin; restoring it from there undoes the merge.
 */
export function mergeContacts(keep: number, other: number, take: string[]): Promise<MergeOutcome> {
  return call('merge_contacts', { keep, other, take });
}

/** The custom contact fields an owner or admin defined, by label. */
export function listCustomFields(): Promise<CustomField[]> {
  return call('list_custom_fields');
}

/** Defines a custom contact field; needs `settings.manage`. */
export function addCustomField(key: string, label: string, kind: CustomFieldKind): Promise<CustomField> {
  return call('add_custom_field', { key, label, kind });
}

/** Removes a custom field and its value on every contact; resolves with how many values went. */
export function deleteCustomField(key: string): Promise<number> {
  return call('delete_custom_field', { key });
}

/** The signed-in user's saved views of the contacts list, by name. */
export function listViews(): Promise<SavedView[]> {
  return call('list_views');
}

/** Saves `query` as the view `name`, replacing the user's view of that name. */
export function saveView(name: string, query: ContactQuery): Promise<SavedView> {
  return call('save_view', { name, query });
}

export async function deleteView(id: number): Promise<void> {
  await call<null>('delete_view', { id });
}

/**
 * Shows one sensitive field of one contact. The core records the reveal and the reason in the audit log,
 * so the reason must not contain personal data. Resolves with `null` when the field is not set.
 */
export function revealSensitive(id: number, field: SensitiveField, reason: string): Promise<string | null> {
  return call('reveal_sensitive', { id, field, reason });
}

/** Contacts in the recycle bin, with when they were deleted and when they will be purged. */
export function listDeletedContacts(): Promise<DeletedContact[]> {
  return call('list_deleted_contacts');
}

export async function restoreContact(id: number): Promise<void> {
  await call<null>('restore_contact', { id });
}

/** The vault's default country for phone numbers written nationally (every signed-in user). */
export function getPhoneSettings(): Promise<PhoneSettings> {
  return call('get_phone_settings');
}

/** Sets the default country (`null` for none; `settings.manage`); every stored number is read again. */
export function setPhoneCountry(country: string | null): Promise<PhoneSettings> {
  return call('set_phone_country', { country });
}
