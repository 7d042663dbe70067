import { describe, expect, it } from 'vitest';
import { extrasSentence } from './importExtras';

const none = { companiesCreated: 0, companiesLinked: 0, objections: 0, activitiesCreated: 0, dryRun: false };

describe('extrasSentence', () => {
  it('is empty when the import brought nothing besides contacts', () => {
    expect(extrasSentence(none)).toBe('');
  });

  it('counts company links, new companies, objections and notes', () => {
    expect(
      extrasSentence({ companiesCreated: 1, companiesLinked: 3, objections: 1, activitiesCreated: 2, dryRun: false }),
    ).toBe(
      '3 contacts were linked to companies (1 new company). 1 objection to direct marketing was recorded from the ' +
        "file's opt-out column. 2 notes were added as activities.",
    );
  });

  it('speaks of a dry run in the conditional', () => {
    expect(extrasSentence({ ...none, companiesLinked: 1, dryRun: true })).toBe('1 contact would be linked to companies.');
  });
});
