//! Password strength, estimated with `zxcvbn` (Dropbox's estimator): it scores
//! guessability from dictionaries, keyboard patterns and dates rather than
//! counting character classes, and gives advice a person can follow.

use crate::secret::Password;
use crate::{Error, Result};

/// The lowest zxcvbn score (0–4) accepted for a vault password.
pub const MIN_SCORE: u8 = 3;
/// The shortest password accepted, whatever its score.
pub const MIN_LENGTH: usize = 10;

/// A password's estimated strength.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strength {
    /// 0 (guessable in seconds) to 4 (very strong).
    pub score: u8,
    /// Whether Steward accepts it.
    pub acceptable: bool,
    /// One sentence of advice, empty when there is none.
    pub advice: String,
    /// The advice's stable code (one of [`ADVICE_CODES`]), for a screen to
    /// say it in its own language; `None` when there is no advice.
    pub advice_code: Option<&'static str>,
}

/// Every code [`Strength::advice_code`] can be: `too-short`, the default
/// `add-unrelated-words`, and one for each of zxcvbn's warnings and
/// suggestions.
pub const ADVICE_CODES: &[&str] = &[
    "too-short",
    "add-unrelated-words",
    "straight-rows-of-keys",
    "short-keyboard-patterns",
    "repeats-like-aaa",
    "repeats-like-abcabc",
    "top-10-password",
    "top-100-password",
    "common-password",
    "similar-to-common-password",
    "sequences",
    "recent-years",
    "word-by-itself",
    "dates",
    "names-by-themselves",
    "common-names",
    "use-a-few-words",
    "no-need-for-symbols",
    "add-another-word",
    "capitalization",
    "all-uppercase",
    "reversed-words",
    "predictable-substitutions",
    "longer-keyboard-pattern",
    "avoid-repeats",
    "avoid-sequences",
    "avoid-recent-years",
    "avoid-years-associated",
    "avoid-dates-associated",
];

fn warning_code(warning: zxcvbn::feedback::Warning) -> &'static str {
    use zxcvbn::feedback::Warning as W;
    match warning {
        W::StraightRowsOfKeysAreEasyToGuess => "straight-rows-of-keys",
        W::ShortKeyboardPatternsAreEasyToGuess => "short-keyboard-patterns",
        W::RepeatsLikeAaaAreEasyToGuess => "repeats-like-aaa",
        W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => "repeats-like-abcabc",
        W::ThisIsATop10Password => "top-10-password",
        W::ThisIsATop100Password => "top-100-password",
        W::ThisIsACommonPassword => "common-password",
        W::ThisIsSimilarToACommonlyUsedPassword => "similar-to-common-password",
        W::SequencesLikeAbcAreEasyToGuess => "sequences",
        W::RecentYearsAreEasyToGuess => "recent-years",
        W::AWordByItselfIsEasyToGuess => "word-by-itself",
        W::DatesAreOftenEasyToGuess => "dates",
        W::NamesAndSurnamesByThemselvesAreEasyToGuess => "names-by-themselves",
        W::CommonNamesAndSurnamesAreEasyToGuess => "common-names",
    }
}

fn suggestion_code(suggestion: zxcvbn::feedback::Suggestion) -> &'static str {
    use zxcvbn::feedback::Suggestion as S;
    match suggestion {
        S::UseAFewWordsAvoidCommonPhrases => "use-a-few-words",
        S::NoNeedForSymbolsDigitsOrUppercaseLetters => "no-need-for-symbols",
        S::AddAnotherWordOrTwo => "add-another-word",
        S::CapitalizationDoesntHelpVeryMuch => "capitalization",
        S::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => "all-uppercase",
        S::ReversedWordsArentMuchHarderToGuess => "reversed-words",
        S::PredictableSubstitutionsDontHelpVeryMuch => "predictable-substitutions",
        S::UseALongerKeyboardPatternWithMoreTurns => "longer-keyboard-pattern",
        S::AvoidRepeatedWordsAndCharacters => "avoid-repeats",
        S::AvoidSequences => "avoid-sequences",
        S::AvoidRecentYears => "avoid-recent-years",
        S::AvoidYearsThatAreAssociatedWithYou => "avoid-years-associated",
        S::AvoidDatesAndYearsThatAreAssociatedWithYou => "avoid-dates-associated",
    }
}

/// Estimates strength, treating the user name as a known word.
pub fn strength(password: &Password, user_name: &str) -> Strength {
    let text = password.expose_str();
    if text.chars().count() < MIN_LENGTH {
        return Strength {
            score: 0,
            acceptable: false,
            advice: format!(
                "Use at least {MIN_LENGTH} characters; a few unrelated words work well."
            ),
            advice_code: Some("too-short"),
        };
    }
    let entropy = zxcvbn::zxcvbn(text, &[user_name, "steward"]);
    let score = u8::from(entropy.score());
    let advice = entropy.feedback().and_then(|f| {
        f.warning()
            .map(|w| (w.to_string(), warning_code(w)))
            .or_else(|| {
                f.suggestions()
                    .first()
                    .map(|s| (s.to_string(), suggestion_code(*s)))
            })
    });
    let (advice, advice_code) = match advice {
        _ if score >= MIN_SCORE => (String::new(), None),
        Some((text, code)) => (text, Some(code)),
        None => (
            "Add another word or two that are not related to each other.".into(),
            Some("add-unrelated-words"),
        ),
    };
    Strength {
        score,
        acceptable: score >= MIN_SCORE,
        advice,
        advice_code,
    }
}

/// Refuses a password below [`MIN_SCORE`] or [`MIN_LENGTH`].
pub(crate) fn require_strong(password: &Password, user_name: &str) -> Result<()> {
    let s = strength(password, user_name);
    if s.acceptable {
        Ok(())
    } else {
        Err(Error::WeakPassword {
            advice: s.advice,
            code: s.advice_code.unwrap_or("add-unrelated-words"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_short_and_common_passwords_and_accepts_passphrases() {
        assert!(!strength(&Password::new("hunter2"), "ada").acceptable);
        assert!(!strength(&Password::new("password123"), "ada").acceptable);
        assert!(!strength(&Password::new("ada ada ada ada"), "ada").acceptable);
        assert!(strength(&Password::new("velvet cactus orbit 1987 lamp"), "ada").acceptable);
    }

    #[test]
    fn advice_comes_with_a_code_a_screen_can_word() {
        let short = strength(&Password::new("hunter2"), "ada");
        assert_eq!(short.advice_code, Some("too-short"));
        let common = strength(&Password::new("password123"), "ada");
        assert_eq!(
            common.advice_code,
            Some("common-password"),
            "{}",
            common.advice
        );
        let strong = strength(&Password::new("velvet cactus orbit 1987 lamp"), "ada");
        assert_eq!((strong.advice.as_str(), strong.advice_code), ("", None));
        let err = require_strong(&Password::new("qwertyuiopasdf"), "ada").unwrap_err();
        assert_eq!(err.reason(), Some("weak-password"));
        let advice = err.params().remove("advice").unwrap();
        assert_eq!(advice, "similar-to-common-password");
        assert!(ADVICE_CODES.contains(&advice.as_str()));
    }

    #[test]
    fn every_warning_and_suggestion_has_a_listed_code() {
        use zxcvbn::feedback::{Suggestion as S, Warning as W};
        let warnings = [
            W::StraightRowsOfKeysAreEasyToGuess,
            W::ShortKeyboardPatternsAreEasyToGuess,
            W::RepeatsLikeAaaAreEasyToGuess,
            W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess,
            W::ThisIsATop10Password,
            W::ThisIsATop100Password,
            W::ThisIsACommonPassword,
            W::ThisIsSimilarToACommonlyUsedPassword,
            W::SequencesLikeAbcAreEasyToGuess,
            W::RecentYearsAreEasyToGuess,
            W::AWordByItselfIsEasyToGuess,
            W::DatesAreOftenEasyToGuess,
            W::NamesAndSurnamesByThemselvesAreEasyToGuess,
            W::CommonNamesAndSurnamesAreEasyToGuess,
        ];
        let suggestions = [
            S::UseAFewWordsAvoidCommonPhrases,
            S::NoNeedForSymbolsDigitsOrUppercaseLetters,
            S::AddAnotherWordOrTwo,
            S::CapitalizationDoesntHelpVeryMuch,
            S::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase,
            S::ReversedWordsArentMuchHarderToGuess,
            S::PredictableSubstitutionsDontHelpVeryMuch,
            S::UseALongerKeyboardPatternWithMoreTurns,
            S::AvoidRepeatedWordsAndCharacters,
            S::AvoidSequences,
            S::AvoidRecentYears,
            S::AvoidYearsThatAreAssociatedWithYou,
            S::AvoidDatesAndYearsThatAreAssociatedWithYou,
        ];
        let mut codes: Vec<&str> = warnings.into_iter().map(warning_code).collect();
        codes.extend(suggestions.into_iter().map(suggestion_code));
        codes.extend(["too-short", "add-unrelated-words"]);
        codes.sort_unstable();
        let mut listed = ADVICE_CODES.to_vec();
        listed.sort_unstable();
        assert_eq!(codes, listed);
    }
}
