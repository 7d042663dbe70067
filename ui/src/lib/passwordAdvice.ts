import { m } from './i18n.svelte';

/**
 * zxcvbn's advice on a password, by the code core gives it (`auth::password::ADVICE_CODES`), in the interface
 * language. The backend's English sentence is kept for a code this table does not know.
 */
const ADVICE: Record<string, () => string> = {
  'too-short': m.password_advice_too_short,
  'add-unrelated-words': m.password_advice_add_unrelated_words,
  'straight-rows-of-keys': m.password_advice_straight_rows_of_keys,
  'short-keyboard-patterns': m.password_advice_short_keyboard_patterns,
  'repeats-like-aaa': m.password_advice_repeats_like_aaa,
  'repeats-like-abcabc': m.password_advice_repeats_like_abcabc,
  'top-10-password': m.password_advice_top_10_password,
  'top-100-password': m.password_advice_top_100_password,
  'common-password': m.password_advice_common_password,
  'similar-to-common-password': m.password_advice_similar_to_common_password,
  sequences: m.password_advice_sequences,
  'recent-years': m.password_advice_recent_years,
  'word-by-itself': m.password_advice_word_by_itself,
  dates: m.password_advice_dates,
  'names-by-themselves': m.password_advice_names_by_themselves,
  'common-names': m.password_advice_common_names,
  'use-a-few-words': m.password_advice_use_a_few_words,
  'no-need-for-symbols': m.password_advice_no_need_for_symbols,
  'add-another-word': m.password_advice_add_another_word,
  capitalization: m.password_advice_capitalization,
  'all-uppercase': m.password_advice_all_uppercase,
  'reversed-words': m.password_advice_reversed_words,
  // The @ is a placeholder: in the text of a message it would end up as a tag in the compiled JSDoc.
  'predictable-substitutions': () => m.password_advice_predictable_substitutions({ at: '@' }),
  'longer-keyboard-pattern': m.password_advice_longer_keyboard_pattern,
  'avoid-repeats': m.password_advice_avoid_repeats,
  'avoid-sequences': m.password_advice_avoid_sequences,
  'avoid-recent-years': m.password_advice_avoid_recent_years,
  'avoid-years-associated': m.password_advice_avoid_years_associated,
  'avoid-dates-associated': m.password_advice_avoid_dates_associated,
};

/** Every advice code the table words, for tests. */
export const ADVICE_CODES: readonly string[] = Object.keys(ADVICE);

/** The advice for `code` in the interface language, or `null` for none or a code the table does not know. */
export function passwordAdvice(code: string | null | undefined): string | null {
  if (!code) return null;
  return ADVICE[code]?.() ?? null;
}
