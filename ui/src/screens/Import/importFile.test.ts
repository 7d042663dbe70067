import { describe, expect, it } from 'vitest';
import {
  countsSentence,
  customChoice,
  customColumnsToSend,
  customFieldOption,
  customKeyOf,
  delimiterLabel,
  encodingChoices,
  formatOf,
  initialChoices,
  mappingToSend,
  skippedSentence,
  phonesSentence,
  undoSentence,
} from './importFile';

describe('import helpers', () => {
  it('describes how a CSV file was read', () => {
    expect(delimiterLabel(';')).toBe('semicolons');
    expect(delimiterLabel('\t')).toBe('tabs');
    expect(skippedSentence([])).toBe('');
    expect(
      skippedSentence([
        { line: 7, reason: 'blank' },
        { line: 12, reason: 'footer' },
      ]),
    ).toBe('2 lines are not contacts and will be skipped: line 7 (only separators); line 12 (after the data: a footer or empty rows).');
    expect(encodingChoices('windows-1250')[0]?.value).toBe('UTF-8');
    expect(encodingChoices('KOI8-R')[0]).toEqual({ value: 'KOI8-R', label: 'KOI8-R' });
  });

  it('tells the format from the extension', () => {
    expect(formatOf('/home/ada/people.csv')).toBe('csv');
    expect(formatOf('C:\\Users\\Ada\\Contacts.CSV ')).toBe('csv');
    expect(formatOf('/home/ada/phone.vcf')).toBe('vcard');
    expect(formatOf('/home/ada/phone.vcard')).toBe('vcard');
    expect(formatOf('/home/ada/notes.txt')).toBeNull();
    expect(formatOf('/home/ada/csv')).toBeNull();
  });

  it('sends ignored columns as null', () => {
    expect(mappingToSend(['name', '', 'email'])).toEqual(['name', null, 'email']);
  });

  it('sends a column mapped to a custom field as a custom column, and as no built-in field', () => {
    const choices = ['name', customChoice('member-no'), '', customChoice('vip')];
    expect(mappingToSend(choices)).toEqual(['name', null, null, null]);
    expect(customColumnsToSend(choices)).toEqual([null, 'member-no', null, 'vip']);
    expect(customKeyOf('first-name')).toBeNull();
    expect(customKeyOf(customChoice('first-name'))).toBe('first-name');
    expect(customFieldOption({ label: 'Member number' })).toBe('Custom: Member number');
  });

  it('preselects the suggested field, else the custom field the header names, else nothing', () => {
    const preview = {
      suggested: ['name', null, null, null],
      suggestedCustom: [null, 'member-no', 'gone', null],
    };
    expect(initialChoices(preview, [{ key: 'member-no' }])).toEqual(['name', 'custom:member-no', '', '']);
  });

  it('counts in sentences', () => {
    expect(countsSentence({ created: 1, merged: 0, skipped: 2, records: 3 })).toBe(
      'created 1, merged 0, skipped 2 of 3 records',
    );
    expect(undoSentence({ removed: 1, restored: 1 })).toBe(
      'The import was undone: removed 1 contact, restored 1 merged contact.',
    );
  });
});

describe('phonesSentence', () => {
  it('counts the flagged phone numbers, and says nothing when there are none', () => {
    expect(phonesSentence({ phonesFlagged: 0, dryRun: false })).toBe('');
    expect(phonesSentence({ phonesFlagged: 1, dryRun: false })).toMatch(/^1 phone number was kept as written but flagged/);
    expect(phonesSentence({ phonesFlagged: 3, dryRun: true })).toMatch(/^3 phone numbers would be kept as written/);
  });
});
