import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../lib/i18n.svelte';
import {
  customChoice,
  customColumnsToSend,
  customFieldOption,
  customKeyOf,
  delimiterSentence,
  encodingChoices,
  fieldLabel,
  historySentence,
  importFilters,
  pieces,
  placeLabel,
  problemReasons,
  resultSentence,
  formatOf,
  initialChoices,
  mappingToSend,
  skippedSentence,
  phonesSentence,
  undoSentence,
} from './importFile';

describe('import helpers', () => {
  it('describes how a CSV file was read', () => {
    expect(delimiterSentence(';')).toBe('Cells separated by semicolons.');
    expect(delimiterSentence('\t')).toBe('Cells separated by tabs.');
    expect(delimiterSentence('#')).toBe('Cells separated by “#”.');
    expect(skippedSentence([])).toBe('');
    expect(
      skippedSentence([
        { line: 7, reason: 'blank' },
        { line: 12, reason: 'footer' },
      ]),
    ).toBe('2 lines are not contacts and will be skipped: line 7 (only separators); line 12 (after the data: a footer or empty rows).');
    expect(skippedSentence([{ line: 9, reason: 'footer' }])).toBe(
      '1 line is not a contact and will be skipped: line 9 (after the data: a footer or empty rows).',
    );
    expect(encodingChoices('windows-1250')[0]?.value).toBe('UTF-8');
    expect(encodingChoices('windows-1250')[2]).toEqual({ value: 'windows-1250', label: 'Central European (Windows-1250)' });
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
    expect(resultSentence({ created: 1, merged: 0, skipped: 2, records: 3 })).toBe(
      'Import finished: created 1, merged 0, skipped 2 of 3 records.',
    );
    expect(resultSentence({ created: 1, merged: 0, skipped: 0, records: 1 })).toBe(
      'Import finished: created 1, merged 0, skipped 0 of 1 record.',
    );
    expect(historySentence({ format: 'vcard', created: 2, merged: 1, skipped: 0 })).toBe(
      'vCard: created 2, merged 1, skipped 0',
    );
    expect(undoSentence({ removed: 2, restored: 0 })).toBe(
      'The import was undone: removed 2 contacts, restored 0 merged contacts.',
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

describe('the import wizard in Romanian', () => {
  it('says the counts with Romanian plurals', () => {
    setLanguage('ro');
    expect(resultSentence({ created: 20, merged: 0, skipped: 0, records: 20 })).toBe(
      'Import încheiat: create 20, combinate 0, omise 0 din 20 de înregistrări.',
    );
    expect(resultSentence({ created: 1, merged: 0, skipped: 0, records: 1 })).toBe(
      'Import încheiat: create 1, combinate 0, omise 0 din 1 înregistrare.',
    );
    expect(
      skippedSentence([
        { line: 6, reason: 'blank' },
        { line: 7, reason: 'blank' },
      ]),
    ).toBe('2 rânduri nu sunt contacte și vor fi omise: rândurile 6, 7 (doar separatori).');
    expect(undoSentence({ removed: 1, restored: 20 })).toBe(
      'Importul a fost anulat: 1 contact eliminat, 20 de contacte combinate restaurate.',
    );
    expect(phonesSentence({ phonesFlagged: 3, dryRun: true })).toMatch(/^3 numere de telefon ar fi păstrate/);
  });

  it('names the fields, the encodings, the separators, the places and the file types', () => {
    setLanguage('ro');
    expect(fieldLabel('postal-code')).toBe('Cod poștal');
    expect(fieldLabel('shoe-size')).toBe('shoe-size');
    expect(encodingChoices('UTF-8').map((e) => e.label)).toContain('Europa Centrală (Windows-1250)');
    expect(delimiterSentence(';')).toBe('Celule separate prin punct și virgulă.');
    expect(placeLabel('line 4')).toBe('rândul 4');
    expect(placeLabel('card 3')).toBe('fișa 3');
    expect(placeLabel('somewhere')).toBe('somewhere');
    expect(importFilters()[0]?.name).toBe('Contacte (CSV sau vCard)');
    expect(customFieldOption({ label: 'Nr. membru' })).toBe('Personalizat: Nr. membru');
  });
});

describe('problem notes', () => {
  const note = (code: string, message: string) => ({ rejected: { code, message }, warnings: [] });

  it('says a known code from the catalogue, in English and in Romanian', () => {
    const email = { code: 'email-invalid', message: 'an e-mail address was left out (as core said it)' };
    expect(problemReasons({ rejected: null, warnings: [email] })).toEqual([
      'an e-mail address was left out: it needs text before and after an @, without spaces',
    ]);
    setLanguage('ro');
    expect(problemReasons({ rejected: null, warnings: [email] })).toEqual([
      'o adresă de e-mail a fost omisă: trebuie să aibă text înainte și după @, fără spații',
    ]);
  });

  it("keeps the backend's sentence in English where it holds values, and says the code in Romanian", () => {
    const tooLong = note('name-too-long', 'the name is 310 characters long; the limit is 300');
    expect(problemReasons(tooLong)).toEqual(['the name is 310 characters long; the limit is 300']);
    setLanguage('ro');
    expect(problemReasons(tooLong)).toEqual(['numele este prea lung']);
  });

  it("shows the backend's sentence for a code it does not know, in any language", () => {
    setLanguage('ro');
    expect(problemReasons(note('brand-new-code', 'something new went wrong'))).toEqual(['something new went wrong']);
  });
});

describe('pieces', () => {
  it('cuts a sentence around the values shown in their own markup', () => {
    expect(pieces('12 rows in \u{F0000}.', { count: '12', path: '\u{F0000}' })).toEqual([
      { text: '', value: 'count' },
      { text: ' rows in ' },
      { text: '', value: 'path' },
      { text: '.' },
    ]);
    expect(pieces('Contacte din \u{F0000}', { path: '\u{F0000}' })).toEqual([
      { text: 'Contacte din ' },
      { text: '', value: 'path' },
    ]);
  });
});
