// Pure helpers for the custom contact fields: how each kind is shown and edited, what the contact form
// sends, and the key suggested for a new field from its label.
import type { CustomField, CustomFieldKind } from './api';
import { formatDay } from './format';
import { m } from './i18n.svelte';

const KIND_LABELS: Record<CustomFieldKind, () => string> = {
  text: m.custom_kind_text,
  number: m.custom_kind_number,
  date: m.custom_kind_date,
  boolean: m.custom_kind_boolean,
};

/** The kinds the settings offer, in the order they are offered. */
export const CUSTOM_FIELD_KINDS: readonly CustomFieldKind[] = ['text', 'number', 'date', 'boolean'];

/** The label of a kind in the interface language, e.g. "Yes or no" for `boolean`. */
export function kindLabel(kind: CustomFieldKind): string {
  return KIND_LABELS[kind]?.() ?? kind;
}

/** The `type` of the input that edits a field of this kind. */
export function inputType(kind: CustomFieldKind): 'text' | 'number' | 'date' | 'checkbox' {
  switch (kind) {
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    case 'boolean':
      return 'checkbox';
    default:
      return 'text';
  }
}

/** A stored value as people read it: yes or no, a date in their locale, the rest as it is. */
export function formatCustomValue(kind: CustomFieldKind, value: string, locale?: string): string {
  if (kind === 'boolean') {
    if (value === 'true') return m.custom_value_yes();
    if (value === 'false') return m.custom_value_no();
    return value;
  }
  if (kind === 'date') return formatDay(value, locale);
  return value;
}

/** The fields of `fields` that hold a value on a contact, in the fields' order, with that value. */
export function filledFields(
  fields: readonly CustomField[],
  values: Partial<Record<string, string>>,
): { field: CustomField; value: string }[] {
  return fields.flatMap((field) => {
    const value = values[field.key];
    return value === undefined || value === '' ? [] : [{ field, value }];
  });
}

/** What the contact form edits for each field: text for the inputs, and a flag for the checkboxes. */
export interface CustomFormState {
  text: Record<string, string>;
  checked: Record<string, boolean>;
}

/** The form's starting state for a contact's values (none for a new contact). */
export function customFormState(
  fields: readonly CustomField[],
  values: Partial<Record<string, string>> = {},
): CustomFormState {
  const state: CustomFormState = { text: {}, checked: {} };
  for (const field of fields) {
    const value = values[field.key] ?? '';
    if (field.kind === 'boolean') state.checked[field.key] = value === 'true';
    else state.text[field.key] = value;
  }
  return state;
}

/**
 * The custom values the form sends. Saving replaces a contact's whole set, so this starts from the values
 * it had (keeping any of a field the form does not know yet) and puts the form's on top; an empty value
 * clears a field. A checkbox left as it was keeps the value it had, so an unset "yes or no" field stays
 * unset rather than becoming "no".
 */
export function customToSend(
  fields: readonly CustomField[],
  state: CustomFormState,
  original: Partial<Record<string, string>> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(original)) {
    if (value !== undefined) out[key] = value;
  }
  for (const field of fields) {
    const before = original[field.key] ?? '';
    if (field.kind === 'boolean') {
      const checked = state.checked[field.key] ?? false;
      if (checked) out[field.key] = 'true';
      else out[field.key] = before === '' ? '' : 'false';
    } else {
      out[field.key] = (state.text[field.key] ?? '').trim();
    }
  }
  // Nothing to clear on a contact that had no value: leave empty ones out.
  for (const key of Object.keys(out)) {
    if (out[key] === '' && (original[key] ?? '') === '') delete out[key];
  }
  return out;
}

/**
 * The key suggested for a new field from its label: lower-case ASCII letters, digits and dashes, starting
 * with a letter, at most 40 characters ("Membership no." → "membership-no").
 */
export function suggestKey(label: string): string {
  const key = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return key;
}

/** Whether `key` is one the core accepts (it checks again, with a sentence saying what is wrong). */
export function validKey(key: string): boolean {
  return /^[a-z][a-z0-9-]{0,39}$/.test(key);
}
