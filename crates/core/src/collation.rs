//! How names, companies and tags sort and compare, in the vault's language.
//!
//! Two keys are made from a text, both stored beside it (ADR 0017):
//!
//! - the **sort key** ([`sort_key`]): ICU collation (ICU4X, CLDR data) of the
//!   language, at secondary strength so case is ignored and `Ana` and `ana`
//!   tie (the id breaks the tie). In Romanian `Ă` sorts after `A`, `Â` after
//!   `Ă`, `Î` after `I`, `Ș` after `S` and `Ț` after `T`; the cedilla letters
//!   (`ş`, `ţ`, what old keyboards type) are made the comma-below ones first,
//!   so `ş` and `ș` are one letter. The bytes compare as the texts do, so an
//!   ordinary B-tree index serves a sorted page and needs no collation
//!   registered on the connection.
//! - the **folded form** ([`fold`]): lower case without diacritics, the way
//!   the full-text index's `remove_diacritics 2` reads text, so `ȘCOALĂ`,
//!   `Școală`, `şcoală` and `scoala` are one tag and `stefan` is the exact
//!   name `Ștefan`.
//!
//! Keys stored with one language or one ICU release are not valid for
//! another: [`KEYS_VERSION`] names the ones this binary makes, and the
//! vault records which ones it holds (`records::sort_keys`).

use std::sync::OnceLock;

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::{CollatorBorrowed, CollatorPreferences};

use crate::language::Language;

/// Which sort keys this binary makes: the ICU4X release whose data they come
/// from and the options. Changing either (a new `icu_collator` in
/// `Cargo.lock`, another strength) must change this text, and vaults then
/// make their keys anew at the next unlock.
pub(crate) const KEYS_VERSION: &str = "icu_collator 2.4.0, secondary, cedilla as comma below";

fn collator(language: Language) -> &'static CollatorBorrowed<'static> {
    static EN: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    static RO: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    let (cell, locale) = match language {
        Language::En => (&EN, icu_locale_core::locale!("en")),
        Language::Ro => (&RO, icu_locale_core::locale!("ro")),
    };
    cell.get_or_init(|| {
        let mut options = CollatorOptions::default();
        options.strength = Some(Strength::Secondary);
        #[allow(clippy::expect_used, reason = "compiled data holds both languages")]
        CollatorBorrowed::try_new(CollatorPreferences::from(&locale), options)
            .expect("compiled collation data for en and ro")
    })
}

/// The comma-below letter for a cedilla one (`ş` → `ș`, `Ţ` → `Ț`); any
/// other character as it is.
fn comma_below(c: char) -> char {
    match c {
        'ş' => 'ș',
        'Ş' => 'Ș',
        'ţ' => 'ț',
        'Ţ' => 'Ț',
        other => other,
    }
}

/// The bytes `text` sorts by in `language`: comparing two keys bytewise
/// orders their texts by the language's collation, case ignored.
pub fn sort_key(language: Language, text: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(text.len() * 2 + 4);
    let unified: String = text.chars().map(comma_below).collect();
    let Ok(()) = collator(language).write_sort_key_to(&unified, &mut key);
    key
}

/// Sorts `items` by the text `text` gives each, in `language`'s collation,
/// case ignored; items whose texts collate alike keep their order (so a
/// query's `ORDER BY id` still breaks ties). For the few rows of small
/// tables (users, saved views, custom fields, purposes, consent forms),
/// sorted after their query rather than by a stored key.
pub fn sort_by_text<T>(language: Language, items: &mut [T], text: impl Fn(&T) -> &str) {
    // Stable: `sort_by_cached_key` breaks ties by position.
    items.sort_by_cached_key(|item| sort_key(language, text(item)));
}

/// `text` in lower case without diacritics (decomposed, its combining marks
/// dropped): `Ștefan` and `ŞTEFAN` are `stefan`, `Ăla` is `ala`.
pub fn fold(text: &str) -> String {
    icu_normalizer::DecomposingNormalizerBorrowed::new_nfd()
        .normalize_iter(text.chars())
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(language: Language, names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        names.sort_by_key(|n| sort_key(language, n));
        names
    }

    #[test]
    fn romanian_puts_each_letter_with_a_diacritic_after_its_base_letter() {
        let order = [
            "Ana", "Ăla", "Ion", "Înescu", "Stan", "Ștefan", "Tudor", "Țugui", "Zamfir",
        ];
        let mut shuffled = order.to_vec();
        shuffled.reverse();
        shuffled.swap(0, 4);
        assert_eq!(sorted(Language::Ro, &shuffled), order);
        assert_eq!(
            sorted(Language::Ro, &["Âna", "Ăna", "Ana", "Bogdan"]),
            ["Ana", "Ăna", "Âna", "Bogdan"]
        );
    }

    #[test]
    fn english_sorts_the_letters_with_diacritics_among_their_base_letters() {
        assert_eq!(
            sorted(Language::En, &["Zamfir", "Stan", "Ștefan", "Sz", "Ana"]),
            ["Ana", "Stan", "Ștefan", "Sz", "Zamfir"]
        );
    }

    #[test]
    fn cedilla_and_comma_below_and_case_make_one_key() {
        for language in Language::ALL {
            let key = sort_key(language, "Ștefan Țugui");
            assert_eq!(sort_key(language, "Ştefan Ţugui"), key);
            assert_eq!(sort_key(language, "ștefan țugui"), key);
            assert_eq!(sort_key(language, "ŞTEFAN ŢUGUI"), key);
            assert_ne!(sort_key(language, "Stefan Tugui"), key);
        }
    }

    #[test]
    fn folding_drops_case_and_every_diacritic() {
        for spelling in ["ȘCOALĂ", "Școală", "şcoală", "ŞCOALA", "scoala"] {
            assert_eq!(fold(spelling), "scoala", "{spelling}");
        }
        assert_eq!(fold("Înțelegere Âmbră"), "intelegere ambra");
        assert_eq!(fold("O'Brien"), "o'brien");
    }

    #[test]
    fn the_keys_version_names_the_icu_collator_in_the_lock_file() {
        let lock = include_str!("../../../Cargo.lock");
        let version = lock
            .split("[[package]]")
            .find(|p| p.contains("name = \"icu_collator\"\n"))
            .and_then(|p| p.split("version = \"").nth(1))
            .and_then(|v| v.split('"').next())
            .unwrap();
        assert!(
            KEYS_VERSION.starts_with(&format!("icu_collator {version},")),
            "Cargo.lock has icu_collator {version}: change KEYS_VERSION so vaults make their keys anew"
        );
    }
}
