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
        };
    }
    let entropy = zxcvbn::zxcvbn(text, &[user_name, "steward"]);
    let score = u8::from(entropy.score());
    let advice = entropy
        .feedback()
        .and_then(|f| {
            f.warning()
                .map(|w| w.to_string())
                .or_else(|| f.suggestions().first().map(ToString::to_string))
        })
        .unwrap_or_default();
    Strength {
        score,
        acceptable: score >= MIN_SCORE,
        advice: if score >= MIN_SCORE {
            String::new()
        } else if advice.is_empty() {
            "Add another word or two that are not related to each other.".into()
        } else {
            advice
        },
    }
}

/// Refuses a password below [`MIN_SCORE`] or [`MIN_LENGTH`].
pub(crate) fn require_strong(password: &Password, user_name: &str) -> Result<()> {
    let s = strength(password, user_name);
    if s.acceptable {
        Ok(())
    } else {
        Err(Error::WeakPassword(s.advice))
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
}
