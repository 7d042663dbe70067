import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
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
  importErrorMessage,
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
    expect(historySentence({ format: 'email', created: 3, merged: 0, skipped: 2 })).toBe(
      'E-mail: added 3, already there 2',
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
  const note = (code: string, message: string, params: Record<string, string> = {}) => ({
    rejected: { code, params, message },
    warnings: [],
  });

  it('says a known code from the catalogue, in English and in Romanian', () => {
    const email = { code: 'email-invalid', params: {}, message: 'an e-mail address was left out (as core said it)' };
    expect(problemReasons({ rejected: null, warnings: [email] })).toEqual([
      'an e-mail address was left out: it needs text before and after an @, without spaces',
    ]);
    setLanguage('ro');
    expect(problemReasons({ rejected: null, warnings: [email] })).toEqual([
      'o adresă de e-mail a fost omisă: trebuie să aibă text înainte și după @, fără spații',
    ]);
  });

  const tooLong = note('name-too-long', 'the name is 310 characters long; the limit is 300', {
    length: '310',
    limit: '300',
  });
  const valueTooLong = (length: string) =>
    note('value-too-long', `the postal code is ${length} characters long; the limit is 300`, {
      field: 'postal-code',
      length,
      limit: '300',
    });
  const tooMany = (limit: string) =>
    note('too-many-values', `a contact can have at most ${limit} of each e-mail address`, { field: 'email', limit });

  it("keeps the backend's sentence in English where it holds values", () => {
    expect(problemReasons(tooLong)).toEqual(['the name is 310 characters long; the limit is 300']);
    expect(problemReasons(valueTooLong('301'))).toEqual(['the postal code is 301 characters long; the limit is 300']);
  });

  it('says the values in Romanian, with the field by its name and the plural the count takes', () => {
    setLanguage('ro');
    expect(problemReasons(tooLong)).toEqual(['numele are 310 caractere; limita este 300']);
    expect(problemReasons(valueTooLong('301'))).toEqual(['câmpul „Cod poștal” are 301 caractere; limita este 300']);
    expect(problemReasons(valueTooLong('320'))).toEqual(['câmpul „Cod poștal” are 320 de caractere; limita este 300']);
    expect(problemReasons(note('control-characters', 'the company contains control characters', { field: 'company' }))).toEqual(
      ['câmpul „Companie” conține caractere de control'],
    );
    expect(problemReasons(tooMany('20'))).toEqual(['un contact poate avea cel mult 20 de valori în câmpul „E-mail”']);
    expect(problemReasons(tooMany('3'))).toEqual(['un contact poate avea cel mult 3 valori în câmpul „E-mail”']);
    expect(problemReasons(tooMany('1'))).toEqual(['un contact poate avea cel mult 1 valoare în câmpul „E-mail”']);
    const phone = {
      code: 'phone-unparseable',
      params: { position: '2' },
      message: 'phone number 2 was kept as written and flagged: it is not a phone number',
    };
    expect(problemReasons({ rejected: null, warnings: [phone] })).toEqual([
      'numărul de telefon 2 a fost păstrat așa cum este scris și marcat: nu este un număr de telefon',
    ]);
  });

  it("names a custom field by its label, and says a custom field's own check generally", () => {
    setLanguage('ro');
    expect(problemReasons(note('control-characters', 'the Nr. membru contains control characters', { field: 'Nr. membru' }))).toEqual([
      'câmpul „Nr. membru” conține caractere de control',
    ]);
    expect(problemReasons(note('invalid-value', 'the Nr. membru is not a number'))).toEqual(['o valoare nu este validă']);
    expect(problemReasons(note('invalid-value', 'the Nr. membru is not a number', { field: 'Nr. membru' }))).toEqual([
      'valoarea câmpului „Nr. membru” nu este validă',
    ]);
  });

  it('says a file refused over one record by its place and its reason', () => {
    const refused = new ApiError('invalid_input', 'line 3: the name is 301 characters long; the limit is 300', {
      reason: 'row-rejected',
      params: { place: 'line 3', problem: 'name-too-long', length: '301', limit: '300' },
    });
    expect(importErrorMessage(refused)).toBe('line 3: the name is 301 characters long; the limit is 300');
    setLanguage('ro');
    expect(importErrorMessage(refused)).toBe('rândul 3: numele are 301 caractere; limita este 300');
    const card = new ApiError('invalid_input', 'card 2: the card has no name (FN, N, ORG or EMAIL)', {
      reason: 'row-rejected',
      params: { place: 'card 2', problem: 'no-name' },
    });
    expect(importErrorMessage(card)).toBe('fișa 2: un contact are nevoie de un nume');
    // Any other error as errorMessage says it.
    expect(importErrorMessage(new ApiError('locked', 'the vault is locked'))).not.toBe('the vault is locked');
  });

  it("shows the backend's sentence for a code it does not know, or whose values did not come", () => {
    setLanguage('ro');
    expect(problemReasons(note('brand-new-code', 'something new went wrong'))).toEqual(['something new went wrong']);
    expect(problemReasons(note('name-too-long', 'the name is 310 characters long'))).toEqual([
      'the name is 310 characters long',
    ]);
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
