import { resetLanguage, setLanguage } from './i18n.svelte';
import { describe, expect, it } from 'vitest';
import type { CustomField } from './api';
import {
  customFormState,
  customToSend,
  filledFields,
  formatCustomValue,
  inputType,
  kindLabel,
  CUSTOM_FIELD_KINDS,
  suggestKey,
  validKey,
} from './customFields';

const FIELDS: CustomField[] = [
  { id: 1, key: 'member-no', label: 'Member number', kind: 'text' },
  { id: 2, key: 'renewal', label: 'Renewal', kind: 'date' },
  { id: 3, key: 'seats', label: 'Seats', kind: 'number' },
  { id: 4, key: 'vip', label: 'VIP', kind: 'boolean' },
];

describe('custom fields', () => {
  it('edits each kind with its own input', () => {
    expect(FIELDS.map((f) => inputType(f.kind))).toEqual(['text', 'date', 'number', 'checkbox']);
    expect(kindLabel('boolean')).toBe('Yes or no');
  });

  it('names the kinds and says yes or no in the interface language', () => {
    setLanguage('ro');
    try {
      expect(CUSTOM_FIELD_KINDS.map(kindLabel)).toEqual(['Text', 'Număr', 'Dată', 'Da sau nu']);
      expect(formatCustomValue('boolean', 'true')).toBe('Da');
      expect(formatCustomValue('boolean', 'false')).toBe('Nu');
    } finally {
      resetLanguage();
    }
  });

  it('shows yes or no, dates in the locale, and the rest as stored', () => {
    expect(formatCustomValue('boolean', 'true')).toBe('Yes');
    expect(formatCustomValue('boolean', 'false')).toBe('No');
    expect(formatCustomValue('date', '2027-01-31', 'en-GB')).toBe('31/01/2027');
    expect(formatCustomValue('date', '2027-01-31', 'ro-RO')).toBe('31.01.2027');
    expect(formatCustomValue('number', '12.5')).toBe('12.5');
    expect(formatCustomValue('text', 'M-1')).toBe('M-1');
  });

  it('lists the fields that hold a value, in the fields’ order', () => {
    expect(filledFields(FIELDS, { vip: 'false', 'member-no': 'M-1', seats: '' }).map((f) => f.field.key)).toEqual([
      'member-no',
      'vip',
    ]);
  });

  it('sends only the values filled in for a new contact', () => {
    const state = customFormState(FIELDS);
    expect(state).toEqual({
      text: { 'member-no': '', renewal: '', seats: '' },
      checked: { vip: false },
    });
    state.text['member-no'] = '  M-7 ';
    state.checked.vip = true;
    expect(customToSend(FIELDS, state)).toEqual({ 'member-no': 'M-7', vip: 'true' });
  });

  it('clears an emptied value, keeps values of fields the form does not know, and an untouched checkbox', () => {
    const original = { 'member-no': 'M-1', seats: '3', vip: 'false', 'added-meanwhile': 'x' };
    const state = customFormState(FIELDS, original);
    expect(state.checked.vip).toBe(false);
    state.text.seats = '';
    expect(customToSend(FIELDS, state, original)).toEqual({
      'member-no': 'M-1',
      seats: '',
      vip: 'false',
      'added-meanwhile': 'x',
    });
    state.checked.vip = true;
    expect(customToSend(FIELDS, state, original).vip).toBe('true');
    const wasYes = customFormState(FIELDS, { vip: 'true' });
    wasYes.checked.vip = false;
    expect(customToSend(FIELDS, wasYes, { vip: 'true' })).toEqual({ vip: 'false' });
  });

  it('suggests a key the core accepts from a label', () => {
    expect(suggestKey('Membership no.')).toBe('membership-no');
    expect(suggestKey('  Größe (EU) ')).toBe('grosse-eu');
    expect(suggestKey('2nd phone')).toBe('nd-phone');
    expect(suggestKey('x'.repeat(50))).toHaveLength(40);
    expect(suggestKey('!!!')).toBe('');
    for (const key of ['membership-no', 'grosse-eu', 'a', 'a1-b2']) expect(validKey(key)).toBe(true);
    for (const key of ['', '1a', 'A', 'a b', 'a_b', 'x'.repeat(41)]) expect(validKey(key)).toBe(false);
  });
});
