import { describe, expect, it } from 'vitest';
import { consentForm, currentConsent, leftOut, PURPOSES, purposeByKey } from '../../test/privacy';
import {
  latestVersions,
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
