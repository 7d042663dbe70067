//! Login names: what a name may be, and when two names are the same. The
//! keyslot lookup, user creation and every lookup of a user by name use
//! these rules.

use crate::{Error, Result};

/// Checks a login name: 1–64 characters, letters, digits, `.`, `_`, `-`, `@`.
pub(crate) fn validate_user_name(name: &str) -> Result<String> {
    // Stored composed (NFC): `e` + a combining accent is the letter `é`.
    let name = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(name.trim());
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(name.into_owned())
    } else {
        Err(Error::from(crate::Invalid::new(
            "user-name-invalid",
            "a user name has 1 to 64 letters, digits, dots, dashes, underscores or @",
        )))
    }
}

/// The one rule for login-name equality, used by the keyslot lookup, user
/// creation and every lookup of a user by name: surrounding spaces ignored,
/// Unicode case folded and NFC-normalised, so `Émile`, `émile` and `e\u{301}mile`
/// are one name (SQLite's `NOCASE` folds ASCII only, so it is never used for
/// this). Folding is uppercase then lowercase per character, which folds
/// `ß` with `ss` and `ς` with `σ` as full case folding does.
pub fn user_name_key(name: &str) -> String {
    let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
    let folded: String = nfc
        .normalize(name.trim())
        .chars()
        .flat_map(char::to_uppercase)
        .flat_map(char::to_lowercase)
        .collect();
    nfc.normalize(&folded).into_owned()
}

/// Which of `candidates` (an id and a stored name) `typed` names under
/// [`user_name_key`]. A vault made before the rule may hold two names equal
/// under it: then only the exact spelling (NFC) picks one, and anything else
/// is refused as ambiguous rather than guessed.
///
/// # Errors
/// [`Error::InvalidInput`] when the name is ambiguous.
pub(crate) fn resolve_user_name<'a, T: Copy>(
    typed: &str,
    candidates: impl IntoIterator<Item = (T, &'a str)>,
) -> Result<Option<T>> {
    let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
    let wanted = user_name_key(typed);
    let matches: Vec<(T, &str)> = candidates
        .into_iter()
        .filter(|(_, name)| user_name_key(name) == wanted)
        .collect();
    match matches.as_slice() {
        [] => Ok(None),
        [(id, _)] => Ok(Some(*id)),
        several => {
            let exact = nfc.normalize(typed.trim());
            let spelled: Vec<T> = several
                .iter()
                .filter(|(_, name)| nfc.normalize(name) == exact)
                .map(|(id, _)| *id)
                .collect();
            match spelled.as_slice() {
                [id] => Ok(Some(*id)),
                _ => Err(Error::from(crate::Invalid::new(
                    "user-name-ambiguous",
                    "several users have this name in different cases or accents; type it exactly as it was created",
                ))),
            }
        }
    }
}
