import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../lib/i18n.svelte';
import { dsrRequest, erasureReport } from '../../test/privacy';
import {
  dueSentence,
  eraseConfirmed,
  kindLabel,
  packageFileName,
  removedSummary,
  requestPerson,
  reviewConfirmed,
  reviewSentence,
  reviewWord,
} from './rights';

describe('privacy helpers', () => {
  it('names the request kinds with their article', () => {
    expect(kindLabel('access')).toBe('Access (Art. 15)');
    expect(kindLabel('erasure')).toBe('Erasure (Art. 17)');
  });

  it('says when a request is due, and whether it is overdue or was extended', () => {
    expect(dueSentence(dsrRequest(1, { dueOn: '2026-04-01' }))).toMatch(/^Due .*2026$/);
    expect(dueSentence(dsrRequest(1, { overdue: true }))).toMatch(/overdue$/);
    expect(dueSentence(dsrRequest(1, { extendedReason: 'complex' }))).toMatch(/\(extended\)$/);
  });

  it('shows an erased person as such', () => {
    expect(requestPerson(dsrRequest(1))).toBe('Grace Hopper');
    expect(requestPerson(dsrRequest(1, { contactId: null, contactName: null }))).toBe('Erased person');
  });

  it('confirms an erasure only with the exact name', () => {
    expect(eraseConfirmed('Grace Hopper', 'Grace Hopper')).toBe(true);
    expect(eraseConfirmed('  Grace Hopper ', 'Grace Hopper')).toBe(true);
    expect(eraseConfirmed('grace hopper', 'Grace Hopper')).toBe(false);
    expect(eraseConfirmed('Grace', 'Grace Hopper')).toBe(false);
    expect(eraseConfirmed('', '')).toBe(false);
  });

  it('suggests a package file name and lists what an erasure removed', () => {
    expect(packageFileName(7, '2026-03-02', 'en')).toBe('steward-access-package-7-2026-03-02.json');
    expect(packageFileName(7, '2026-03-02', 'ro')).toBe('steward-pachet-de-acces-7-2026-03-02.json');
    expect(removedSummary(erasureReport())).toBe('1 contact, 1 e-mail address, 2 consent records');
  });

  it('asks for a word before a bulk review action, and reports it', () => {
    expect(reviewWord('erase')).toBe('ERASE');
    expect(reviewWord('anonymise')).toBe('ANONYMISE');
    expect(reviewSentence('erase', 1)).toBe('1 person was erased.');
    expect(reviewSentence('anonymise', 3)).toBe('3 people were anonymised.');
  });

  it('confirms a review action with its word only, diacritics aside, and words the lists in Romanian', () => {
    expect(reviewConfirmed(' ERASE ', 'erase')).toBe(true);
    expect(reviewConfirmed('erase', 'erase')).toBe(false);
    expect(reviewConfirmed('ERASE', 'anonymise')).toBe(false);
    setLanguage('ro');
    expect(reviewWord('erase')).toBe('ȘTERGERE');
    expect(reviewConfirmed('ȘTERGERE', 'erase')).toBe(true);
    expect(reviewConfirmed('STERGERE', 'erase')).toBe(true);
    expect(reviewConfirmed('ŞTERGERE', 'erase')).toBe(true);
    expect(reviewConfirmed('ERASE', 'erase')).toBe(false);
    expect(removedSummary(erasureReport())).toBe('1 contact, 1 adresă de e-mail, 2 înregistrări de consimțământ');
    expect(removedSummary({ removed: [{ what: 'activities', count: 20 }, { what: 'widgets', count: 2 }] })).toBe(
      '20 de activități, 2 widgets',
    );
    expect(reviewSentence('anonymise', 1)).toBe('1 persoană a fost anonimizată.');
    expect(dueSentence(dsrRequest(1, { dueOn: '2026-04-01', extendedReason: 'complex' }))).toBe(
      'Termen: 01.04.2026 (prelungit)',
    );
  });
});
