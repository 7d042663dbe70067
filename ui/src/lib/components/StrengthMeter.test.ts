import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n.svelte';
import { ADVICE_CODES, passwordAdvice } from '../passwordAdvice';
import StrengthMeter from './StrengthMeter.svelte';

describe('StrengthMeter', () => {
  const weak = {
    score: 1,
    acceptable: false,
    advice: 'Straight rows of keys are easy to guess.',
    advice_code: 'straight-rows-of-keys',
  };

  it('says the advice by its code in the interface language', () => {
    setLanguage('ro');
    render(StrengthMeter, { strength: weak });
    expect(screen.getByText('Șirurile drepte de taste sunt ușor de ghicit.')).toBeTruthy();
    expect(screen.queryByText(weak.advice)).toBeNull();
  });

  it("keeps the backend's sentence for a code it does not know", () => {
    setLanguage('ro');
    render(StrengthMeter, { strength: { ...weak, advice: 'Something new.', advice_code: 'brand-new' } });
    expect(screen.getByText('Something new.')).toBeTruthy();
  });

  it('words every advice core gives in both languages', () => {
    // core's auth::password::ADVICE_CODES
    const core = [
      'too-short',
      'add-unrelated-words',
      'straight-rows-of-keys',
      'short-keyboard-patterns',
      'repeats-like-aaa',
      'repeats-like-abcabc',
      'top-10-password',
      'top-100-password',
      'common-password',
      'similar-to-common-password',
      'sequences',
      'recent-years',
      'word-by-itself',
      'dates',
      'names-by-themselves',
      'common-names',
      'use-a-few-words',
      'no-need-for-symbols',
      'add-another-word',
      'capitalization',
      'all-uppercase',
      'reversed-words',
      'predictable-substitutions',
      'longer-keyboard-pattern',
      'avoid-repeats',
      'avoid-sequences',
      'avoid-recent-years',
      'avoid-years-associated',
      'avoid-dates-associated',
    ];
    expect([...ADVICE_CODES].sort()).toEqual([...core].sort());
    for (const code of core) {
      setLanguage('en');
      const english = passwordAdvice(code);
      setLanguage('ro');
      const romanian = passwordAdvice(code);
      expect(english, code).toBeTruthy();
      expect(romanian, code).toBeTruthy();
      expect(romanian, code).not.toBe(english);
    }
    expect(passwordAdvice('predictable-substitutions')).toBe('Înlocuirile previzibile, precum @ în loc de a, nu ajută prea mult.');
  });
});
