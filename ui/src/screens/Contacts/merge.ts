// What the merge screen shows of two contacts: the fields to choose between, which side each starts on, and
// the lists that are kept from both. The core decides the result; this only mirrors it for the screen.
import type { Contact, DuplicateMatch } from '../../lib/api';
import { m } from '../../lib/i18n.svelte';

/** One field whose values differ, by the name `merge_contacts` takes (`postal-code`, `custom.KEY`). */
export interface ChoosableField {
  key: string;
  label: string;
  keep: string;
  other: string;
}

const FIXED: { key: string; label: () => string; value: (c: Contact) => string | null }[] = [
  { key: 'name', label: () => m.merge_field_name(), value: (c) => c.name },
  { key: 'company', label: () => m.merge_field_company(), value: (c) => c.company },
  { key: 'title', label: () => m.merge_field_title(), value: (c) => c.title },
  { key: 'source', label: () => m.merge_field_source(), value: (c) => c.source },
  { key: 'street', label: () => m.merge_field_street(), value: (c) => c.address.street },
  { key: 'city', label: () => m.merge_field_city(), value: (c) => c.address.city },
  { key: 'postal-code', label: () => m.merge_field_postal_code(), value: (c) => c.address.postalCode },
  { key: 'region', label: () => m.merge_field_region(), value: (c) => c.address.region },
  { key: 'country', label: () => m.merge_field_country(), value: (c) => c.address.country },
  { key: 'notes', label: () => m.merge_field_notes(), value: (c) => c.notes },
];

/** The fields where the two contacts differ, in the order of the contact form; custom fields by key. */
export function choosableFields(keep: Contact, other: Contact): ChoosableField[] {
  const fields: ChoosableField[] = [];
  for (const f of FIXED) {
    const a = f.value(keep) ?? '';
    const b = f.value(other) ?? '';
    if (a !== b) fields.push({ key: f.key, label: f.label(), keep: a, other: b });
  }
  const keys = [...new Set([...Object.keys(keep.custom), ...Object.keys(other.custom)])].sort();
  for (const key of keys) {
    const a = keep.custom[key] ?? '';
    const b = other.custom[key] ?? '';
    if (a !== b) fields.push({ key: `custom.${key}`, label: key, keep: a, other: b });
  }
  return fields;
}

/** Which fields start on the other contact's side: those the kept one leaves empty. */
export function defaultTakes(keep: Contact, other: Contact): Record<string, boolean> {
  return Object.fromEntries(choosableFields(keep, other).map((f) => [f.key, f.keep === '' && f.other !== '']));
}

/** The reason a group was found, as a short phrase. */
export function reasonLabel(kind: DuplicateMatch): string {
  switch (kind) {
    case 'email':
      return m.merge_reason_email();
    case 'phone':
      return m.merge_reason_phone();
    default:
      return m.merge_reason_name();
  }
}

function union(a: string[], b: string[], same: (x: string, y: string) => boolean): string[] {
  const out = [...a];
  for (const v of b) if (!out.some((k) => same(k, v))) out.push(v);
  return out;
}

/** The e-mails, phones and tags the merged contact will have: the kept one's first, the other's added. */
export function unionPreview(keep: Contact, other: Contact): { key: string; label: string; values: string[] }[] {
  const caseless = (x: string, y: string) => x.toLowerCase() === y.toLowerCase();
  const samePhone = (x: string, y: string) => {
    const e164 = (p: string, c: Contact) => c.phoneNumbers.find((n) => n.phone === p)?.e164 ?? null;
    const ex = e164(x, keep) ?? e164(x, other);
    const ey = e164(y, other) ?? e164(y, keep);
    return ex !== null && ey !== null ? ex === ey : x === y;
  };
  return [
    { key: 'emails', label: m.merge_field_emails(), values: union(keep.emails, other.emails, caseless) },
    { key: 'phones', label: m.merge_field_phones(), values: union(keep.phones, other.phones, samePhone) },
    { key: 'tags', label: m.merge_field_tags(), values: union(keep.tags, other.tags, caseless) },
  ].filter((list) => list.values.length > 0);
}
