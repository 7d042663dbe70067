import { describe, expect, it } from 'vitest';
import { countsSentence, formatOf, mappingToSend, undoSentence } from './importFile';

describe('import helpers', () => {
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

  it('counts in sentences', () => {
    expect(countsSentence({ created: 1, merged: 0, skipped: 2, records: 3 })).toBe(
      'created 1, merged 0, skipped 2 of 3 records',
    );
    expect(undoSentence({ removed: 1, restored: 1 })).toBe(
      'The import was undone: removed 1 contact, restored 1 merged contact.',
    );
  });
});
