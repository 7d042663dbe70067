import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../lib/i18n.svelte';
import { consentForm, currentConsent, leftOut, PURPOSES, purposeByKey } from '../../test/privacy';
import {
  basisLabel,
  formVersionLabel,
  latestVersions,
  LAWFUL_BASES,
  METHODS,
  leftOutSentence,
  methodLabel,
  purposeChanges,
  purposeName,
  rightsFlags,
  saveEffect,
  savedSentence,
  usableSentence,
} from './consentText';

describe('consent helpers', () => {
  it('says whether a contact may be used for a purpose, or why not', () => {
    expect(usableSentence({ usable: true, leftOut: null })).toBe('May be used');
    expect(usableSentence({ usable: false, leftOut: 'withdrawn' })).toBe('Not used: consent withdrawn');
    expect(usableSentence({ usable: false, leftOut: 'objected' })).toBe('Not used: objected to marketing');
  });

  it('counts who was left out, by reason in report order', () => {
    expect(leftOutSentence(leftOut())).toBe('Nobody was left out.');
    expect(leftOutSentence(leftOut({ objected: 1, noConsent: 2 }))).toBe(
      '3 left out: 2 no consent given, 1 objected to marketing.',
    );
  });

  it('reads the restriction and the objection from the reasons a contact is left out', () => {
    expect(rightsFlags([currentConsent('newsletter')])).toEqual({ restricted: false, objected: false });
    expect(
      rightsFlags([
        currentConsent('newsletter', { leftOut: 'objected', usable: false }),
        currentConsent('service-delivery', { usable: true, leftOut: null }),
      ]),
    ).toEqual({ restricted: false, objected: true });
    expect(rightsFlags([currentConsent('service-delivery', { leftOut: 'restricted', usable: false })])).toEqual({
      restricted: true,
      objected: false,
    });
  });

  it('names methods and purposes, and shows unknown ones as they came', () => {
    expect(methodLabel('paper-form')).toBe('Signed paper form');
    expect(methodLabel('carrier-pigeon')).toBe('carrier-pigeon');
    expect(purposeName(PURPOSES, 'newsletter')).toBe('Newsletter');
    expect(purposeName(PURPOSES, 'gone')).toBe('gone');
  });

  it('picks the latest version of each form, the one an edit continues from', () => {
    const forms = [
      consentForm(1, { version: 1 }),
      consentForm(4, { version: 2 }),
      consentForm(3, { name: 'Events', version: 1 }),
    ];
    expect(latestVersions(forms).map((f) => f.id)).toEqual([4, 3]);
  });

  it('says what saving an edit does: a version in use stays and the change becomes the next one', () => {
    expect(saveEffect(null)).toBe('Saving creates version 1.');
    expect(saveEffect(consentForm(1, { version: 2, firstUsedAt: null }))).toMatch(/changes it in place/);
    expect(saveEffect(consentForm(1, { version: 2, firstUsedAt: '2026-03-01T00:00:00Z' }))).toMatch(
      /saving creates version 3/,
    );
    const before = consentForm(1, { version: 2 });
    expect(savedSentence(consentForm(1, { version: 2 }), before)).toBe('Newsletter sign-up, version 2 was changed.');
    expect(savedSentence(consentForm(5, { version: 3 }), before)).toBe('Newsletter sign-up, version 3 was saved.');
  });

  it('sends only the fields of a purpose that changed', () => {
    const newsletter = purposeByKey('newsletter');
    expect(purposeChanges(newsletter, { ...newsletter })).toEqual({});
    expect(purposeChanges(newsletter, { ...newsletter, name: ' Weekly news ', retentionDays: 90 })).toEqual({
      name: 'Weekly news',
      retentionDays: 90,
    });
  });
});

describe('consent helpers in Romanian', () => {
  it('counts who was left out with Romanian plurals', () => {
    setLanguage('ro');
    expect(leftOutSentence(leftOut())).toBe('Nu a fost exclus nimeni.');
    expect(leftOutSentence(leftOut({ withdrawn: 1 }))).toBe('1 persoană exclusă (consimțământ retras: 1).');
    expect(leftOutSentence(leftOut({ objected: 1, noConsent: 2 }))).toBe(
      '3 persoane excluse (fără consimțământ: 2, opoziție la marketing: 1).',
    );
    expect(leftOutSentence(leftOut({ noConsent: 20 }))).toBe('20 de persoane excluse (fără consimțământ: 20).');
  });

  it('names statuses, methods, bases and form versions in the language chosen, switching at once', () => {
    setLanguage('ro');
    expect(usableSentence({ usable: false, leftOut: 'withdrawn' })).toBe('Nu este folosit: consimțământ retras');
    expect(methodLabel('paper-form')).toBe('Formular pe hârtie semnat');
    expect(METHODS.find((m) => m.value === 'email')?.label).toBe('E-mail de la persoana vizată');
    expect(basisLabel('legitimate-interests')).toBe('Interes legitim (f)');
    expect(LAWFUL_BASES.map((b) => b.label)[0]).toBe('Consimțământ (a)');
    expect(formVersionLabel({ name: 'Newsletter', version: 2 })).toBe('Newsletter, versiunea 2');
    expect(saveEffect(null)).toBe('Salvarea creează versiunea 1.');
    expect(savedSentence(consentForm(5, { version: 3 }), null)).toBe('S-a salvat Newsletter sign-up, versiunea 3.');
    setLanguage('en');
    expect(basisLabel('legitimate-interests')).toBe('Legitimate interests (f)');
    expect(LAWFUL_BASES.map((b) => b.label)[0]).toBe('Consent (a)');
    expect(basisLabel('unknown-basis')).toBe('unknown-basis');
  });
});
