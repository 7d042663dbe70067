//! Phone numbers: what the user wrote, read into the international E.164
//! form (`+40723456789`) with libphonenumber's metadata (the `phonenumber`
//! crate) and the vault's default country for numbers written nationally.
//! Contacts keep the number as written beside its E.164 form; search and
//! duplicate detection compare the E.164 form. A number that cannot be read
//! is kept as written and flagged, never refused.
//!
//! A pure module low in the layers: records, search, imports and the
//! migration that fills the E.164 forms of older vaults all read numbers
//! the same way here.

use std::fmt;
use std::str::FromStr;

use phonenumber::country::Id;
use phonenumber::metadata::DATABASE;

use crate::{Error, Result};

/// The key of the vault's default country in the `settings` table: its
/// two-letter code, or empty for none.
pub(crate) const SETTING: &str = "phone_country";

/// A country whose numbers libphonenumber knows, by its ISO 3166 code
/// (`RO`, `US`, `GB`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country(Id);

impl Country {
    /// Romania.
    pub const RO: Country = Country(Id::RO);

    /// The two-letter code.
    pub fn code(&self) -> &str {
        self.0.as_ref()
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Country {
    type Err = Error;

    /// Reads `ro`, `RO` or ` Ro `.
    fn from_str(s: &str) -> Result<Self> {
        let code = s.trim().to_ascii_uppercase();
        let known = code.len() == 2
            && code.bytes().all(|b| b.is_ascii_uppercase())
            && DATABASE.by_id(code.as_str()).is_some();
        known
            .then(|| code.parse::<Id>().ok())
            .flatten()
            .map(Country)
            .ok_or_else(|| {
                Error::from(crate::Invalid::new("value-not-allowed", format!(
                    "{:?} is not a country code with phone numbers (use two letters such as RO, US or GB)",
                    s.trim()
                )).with("field", "country code"))
            })
    }
}

/// Why a number's E.164 form is missing or uncertain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhoneFlag {
    /// Not a phone number libphonenumber can read; kept as written only.
    Unparseable,
    /// Written nationally and the vault has no default country to read it by.
    NoCountry,
    /// Read, but no number of its country has that shape (a made-up or
    /// mistyped number); the E.164 form is kept for search.
    Invalid,
    /// A national number without the leading zero its country writes
    /// (`721123456` for `0721 123 456`), as spreadsheets leave a number
    /// they took for an integer; read as if the zero were there.
    MissingTrunkZero,
}

impl PhoneFlag {
    /// Every flag.
    pub const ALL: [PhoneFlag; 4] = [
        PhoneFlag::Unparseable,
        PhoneFlag::NoCountry,
        PhoneFlag::Invalid,
        PhoneFlag::MissingTrunkZero,
    ];

    /// The stable name, as stored and shown to the front ends.
    pub fn as_str(self) -> &'static str {
        match self {
            PhoneFlag::Unparseable => "unparseable",
            PhoneFlag::NoCountry => "no-country",
            PhoneFlag::Invalid => "invalid",
            PhoneFlag::MissingTrunkZero => "missing-trunk-zero",
        }
    }

    /// The flag stored as `name`, if it is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

impl fmt::Display for PhoneFlag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A number read: its E.164 form when it has one, and a flag when it is
/// missing or uncertain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    /// `+` and the digits, without an extension (`+40215550110`).
    pub e164: Option<String>,
    /// Why the E.164 form is missing or uncertain.
    pub flag: Option<PhoneFlag>,
}

impl Normalized {
    fn flagged(flag: PhoneFlag) -> Self {
        Self {
            e164: None,
            flag: Some(flag),
        }
    }
}

/// Reads `raw` as written by a person or a producer into its E.164 form.
/// National numbers (`0723 456 789`) are read as numbers of
/// `default_country`; `00` and `+` start international ones
/// (`0040 723 456 789`, `+40 (0)21 555 0110`); an extension (`ext. 12`,
/// `x12`, `;ext=12`) stays out of the E.164 form. Never fails: what cannot
/// be read comes back flagged.
pub fn normalize(raw: &str, default_country: Option<Country>) -> Normalized {
    let raw = raw.trim();
    let digits = raw.bytes().filter(u8::is_ascii_digit).count();
    if !(3..=20).contains(&digits) || has_stray_letters(raw) {
        return Normalized::flagged(PhoneFlag::Unparseable);
    }
    // What comes before the first digit: `+`, `tel:+`, `(`, or nothing.
    let lead = &raw[..raw.find(|c: char| c.is_ascii_digit()).unwrap_or(0)];
    let international = lead.contains('+')
        || raw[lead.len()..].starts_with("00") && !raw[lead.len()..].starts_with("000");
    let country = match default_country {
        Some(c) => Some(c.0),
        None if international => None,
        None => return Normalized::flagged(PhoneFlag::NoCountry),
    };
    // `00` is the international prefix nearly everywhere but in North
    // America; read it as `+` when the default country's metadata would not.
    let rewritten;
    let text = if international && !lead.contains('+') && country.is_none_or(|c| !idd_is_00(c)) {
        rewritten = format!("+{}", &raw[lead.len() + 2..]);
        rewritten.as_str()
    } else {
        raw
    };
    let Ok(number) = phonenumber::parse(country, text) else {
        return Normalized::flagged(PhoneFlag::Unparseable);
    };
    if number.code().value() == 0 || number.national().value() == 0 {
        return Normalized::flagged(PhoneFlag::Unparseable);
    }
    let national = number.national().to_string();
    let valid = is_valid(&number);
    if !valid && !possible_length(number.code().value(), national.len()) {
        // Too short or too long for any number of its country (`555`).
        return Normalized::flagged(PhoneFlag::Unparseable);
    }
    let e164 = format!("+{}{national}", number.code().value());
    let flag = if !valid {
        Some(PhoneFlag::Invalid)
    } else if !international && missing_trunk_zero(raw, country) {
        Some(PhoneFlag::MissingTrunkZero)
    } else {
        None
    };
    Normalized {
        e164: Some(e164),
        flag,
    }
}

/// Whether libphonenumber's metadata knows a number of `number`'s shape:
/// what `phonenumber::is_valid` answers (a test holds the two equal over
/// every example number of the metadata, of every calling code, and near
/// misses of each), several times faster. The crate matches each pattern
/// through one process-wide cache behind a mutex, hashing the pattern's
/// text twice per use, and searches the whole number in both directions
/// for a match that starts at its first digit; here each pattern of the
/// countries met so far is compiled once, anchored at the start, so a
/// match is one pass. (Reading the number, `phonenumber::parse`, still
/// goes through the crate's cache.)
fn is_valid(number: &phonenumber::PhoneNumber) -> bool {
    let code = number.code().value();
    let national = number.national().to_string();
    let Some(regions) = DATABASE.region(&code) else {
        return false;
    };
    let knows = |meta: &'static phonenumber::Metadata| match patterns(meta).as_ref() {
        Some(country) => country.knows(&national),
        None => phonenumber::is_valid(number),
    };
    match regions.as_slice() {
        [] => false,
        // The calling codes of no country (+800, +882, …) share the id
        // `001`: their metadata is found by the code.
        ["001"] => DATABASE
            .by_code(&code)
            .and_then(|metas| metas.into_iter().next())
            .is_some_and(knows),
        [region] => DATABASE.by_id(*region).is_some_and(knows),
        // Countries sharing a calling code (+1, +7, +44): the number's
        // country is the first whose leading digits it starts with, or,
        // for one without them, which knows the number (as the crate
        // picks it).
        regions => {
            for region in regions {
                let Some(meta) = DATABASE.by_id(*region) else {
                    return false;
                };
                let compiled = patterns(meta);
                let Some(country) = compiled.as_ref() else {
                    return phonenumber::is_valid(number);
                };
                match &country.leading_digits {
                    Some(leading) if leading.is_match(&national) => {
                        return country.knows(&national);
                    }
                    Some(_) => {}
                    None if country.knows(&national) => return true,
                    None => {}
                }
            }
            false
        }
    }
}

/// One country's patterns, compiled once and anchored at the start.
struct Patterns {
    /// The leading digits that tell this country's numbers from those of
    /// the others sharing its calling code.
    leading_digits: Option<regex::Regex>,
    /// Every number of the country.
    general: Pattern,
    /// The numbers of each kind (fixed line, mobile, toll-free, …): a
    /// number the general pattern takes is known when one of these does.
    kinds: Vec<Pattern>,
}

/// A descriptor's pattern with the lengths its numbers may have.
struct Pattern {
    lengths: &'static [u16],
    regex: regex::Regex,
}

impl Pattern {
    fn new(descriptor: &'static phonenumber::metadata::Descriptor) -> Option<Self> {
        Some(Self {
            lengths: descriptor.possible_length(),
            regex: anchored(descriptor.national_number().as_str())?,
        })
    }

    fn matches(&self, national: &str) -> bool {
        let len = u16::try_from(national.len()).unwrap_or(u16::MAX);
        (self.lengths.is_empty() || self.lengths.contains(&len)) && self.regex.is_match(national)
    }
}

impl Patterns {
    /// The country's patterns; `None` should one not compile (the crate
    /// checked them all when it loaded its metadata, so none is expected),
    /// and then the crate answers for the country.
    fn new(meta: &'static phonenumber::Metadata) -> Option<Self> {
        let d = meta.descriptors();
        // In the crate's order; only whether one matches counts here.
        let kinds = [
            d.premium_rate(),
            d.toll_free(),
            d.shared_cost(),
            d.voip(),
            d.personal_number(),
            d.pager(),
            d.uan(),
            d.voicemail(),
            d.fixed_line(),
            d.mobile(),
        ];
        let leading_digits = match meta.leading_digits() {
            Some(p) => Some(anchored(p.as_str())?),
            None => None,
        };
        Some(Self {
            leading_digits,
            general: Pattern::new(d.general())?,
            kinds: kinds
                .into_iter()
                .flatten()
                .map(Pattern::new)
                .collect::<Option<_>>()?,
        })
    }

    /// Whether the country has numbers like `national`.
    fn knows(&self, national: &str) -> bool {
        self.general.matches(national) && self.kinds.iter().any(|k| k.matches(national))
    }
}

/// `pattern` as the crate compiles it (whitespace in it ignored), matching
/// only at the start of the text.
fn anchored(pattern: &str) -> Option<regex::Regex> {
    regex::RegexBuilder::new(&format!("^(?:{pattern})"))
        .ignore_whitespace(true)
        .build()
        .ok()
}

/// The compiled patterns of `meta`'s country, made on first use (at most
/// one entry per country of the metadata).
fn patterns(meta: &'static phonenumber::Metadata) -> std::sync::Arc<Option<Patterns>> {
    use std::collections::HashMap;
    use std::sync::{Arc, OnceLock, RwLock};
    static COMPILED: OnceLock<RwLock<HashMap<usize, Arc<Option<Patterns>>>>> = OnceLock::new();
    let compiled = COMPILED.get_or_init(RwLock::default);
    // The metadata lives as long as the process: its address names it.
    let key = std::ptr::from_ref(meta) as usize;
    if let Some(found) = compiled
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(&key)
    {
        return Arc::clone(found);
    }
    let made = Arc::new(Patterns::new(meta));
    Arc::clone(
        compiled
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(key)
            .or_insert(made),
    )
}

/// Whether `raw` has letters besides a `tel:` URI's and an extension's
/// (`ext.`, `x`, `;ext=`). libphonenumber reads letters as a keypad's
/// digits (`1-800-FLOWERS`); in a contact's phone they are text that is no
/// number (`call me`, `ask reception`), which must not become one.
fn has_stray_letters(raw: &str) -> bool {
    const WORDS: [&str; 7] = ["tel", "ext", "extn", "extension", "x", "phone", "context"];
    raw.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .any(|w| !WORDS.iter().any(|k| k.eq_ignore_ascii_case(w)))
}

/// Whether a national number of `len` digits fits some number of the
/// countries with calling code `code`.
fn possible_length(code: u16, len: usize) -> bool {
    DATABASE.by_code(&code).is_some_and(|metas| {
        metas.iter().any(|m| {
            let d = m.descriptors();
            std::iter::once(d.general())
                .chain(d.fixed_line())
                .chain(d.mobile())
                .chain(d.toll_free())
                .chain(d.voip())
                .chain(d.personal_number())
                .chain(d.uan())
                .flat_map(|d| d.possible_length())
                .any(|&l| usize::from(l) == len)
        })
    })
}

/// Whether `country` dials abroad with `00`.
fn idd_is_00(country: Id) -> bool {
    let code = country.as_ref();
    DATABASE
        .by_id(code)
        .and_then(|m| m.preferred_international_prefix().map(|p| p == "00"))
        .or_else(|| {
            DATABASE
                .by_id(code)
                .and_then(|m| m.international_prefix())
                .map(|re| re.is_match("00"))
        })
        .unwrap_or(false)
}

/// Whether a national number read as valid lacks the `0` its country puts
/// before national numbers.
fn missing_trunk_zero(raw: &str, country: Option<Id>) -> bool {
    let Some(country) = country else {
        return false;
    };
    let prefix = DATABASE
        .by_id(country.as_ref())
        .and_then(|m| m.national_prefix());
    prefix == Some("0")
        && !raw
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .starts_with('0')
}

/// Whether `query` looks like a phone number someone typed into a search
/// box: digits with at most the punctuation numbers are written with, and
/// at least six digits. Cheap, so ordinary text queries pay nothing.
pub fn looks_like_phone(query: &str) -> bool {
    let q = query.trim();
    let mut digits = 0;
    for c in q.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if !" +-().,/".contains(c) {
            return false;
        }
    }
    digits >= 6
}

/// The digit strings a stored number is found by in the search index: its
/// E.164 digits (`40723456789`) and its national digits as the country
/// writes them at home, with the trunk zero (`0723456789`) and without
/// (`723456789`). Empty for a number without an E.164 form.
pub fn search_forms(e164: &str) -> Vec<String> {
    let Some(digits) = e164.strip_prefix('+').filter(|d| d.len() > 3) else {
        return Vec::new();
    };
    let mut forms = vec![digits.to_owned()];
    // Country calling codes are prefix-free and one to three digits long,
    // so the first prefix that is one is the code: a map lookup, where
    // parsing the number again would run libphonenumber's patterns on
    // every write.
    let code = (1..=3).find_map(|len| {
        let code: u16 = digits[..len].parse().ok()?;
        DATABASE.by_code(&code).map(|metas| (len, metas))
    });
    if let Some((len, metas)) = code {
        let national = &digits[len..];
        if metas.iter().any(|m| m.national_prefix() == Some("0")) && !national.starts_with('0') {
            forms.push(format!("0{national}"));
        }
        forms.push(national.to_owned());
    }
    forms
}

/// The region of a POSIX locale name (`ro_RO.UTF-8` → RO, `en_US` → US);
/// a Romanian locale without a region (`ro`) is Romania. `None` for `C`,
/// `POSIX` or a region libphonenumber does not know.
pub fn country_from_locale(locale: &str) -> Option<Country> {
    let name = locale.split(['.', '@']).next().unwrap_or_default().trim();
    let (language, region) = match name.split_once(['_', '-']) {
        Some((l, r)) => (l, Some(r)),
        None => (name, None),
    };
    match region {
        Some(r) => r.parse().ok(),
        None if language.eq_ignore_ascii_case("ro") => Some(Country::RO),
        None => None,
    }
}

/// The country of the system's locale (`LC_ALL`, then `LC_CTYPE`, then
/// `LANG`), the default country a new vault starts with.
pub fn system_country() -> Option<Country> {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|v| !v.trim().is_empty())
        .and_then(|v| country_from_locale(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(raw: &str, country: Option<Country>) -> (Option<String>, Option<PhoneFlag>) {
        let r = normalize(raw, country);
        (r.e164, r.flag)
    }

    fn ok(e164: &str) -> (Option<String>, Option<PhoneFlag>) {
        (Some(e164.into()), None)
    }

    const RO: Option<Country> = Some(Country::RO);

    #[test]
    fn the_validity_check_answers_as_libphonenumber_for_every_example_and_near_miss() {
        let mut compared = 0;
        let mut valid = 0;
        // By calling code rather than by id: the codes of no country
        // (+800, +882, …) all have the id `001`, which names only one.
        let metas = (1..=999u16)
            .filter_map(|code| DATABASE.by_code(&code))
            .flatten();
        let mut seen_001 = 0;
        for meta in metas {
            seen_001 += usize::from(meta.id() == "001");
            let d = meta.descriptors();
            let examples = std::iter::once(d.general())
                .chain(d.fixed_line())
                .chain(d.mobile())
                .chain(d.toll_free())
                .chain(d.premium_rate())
                .chain(d.shared_cost())
                .chain(d.personal_number())
                .chain(d.voip())
                .chain(d.pager())
                .chain(d.uan())
                .chain(d.voicemail())
                .chain(d.no_international())
                .filter_map(|d| d.example());
            for example in examples {
                // The example, and numbers one digit off it: another last
                // digit, one digit fewer or more, another first digit.
                let mut near = vec![example.to_owned()];
                let bump = |c: char| {
                    char::from_digit((c.to_digit(10).unwrap_or(0) + 1) % 10, 10).unwrap_or('0')
                };
                let (head, last) = example.split_at(example.len() - 1);
                near.push(format!(
                    "{head}{}",
                    bump(last.chars().next().unwrap_or('0'))
                ));
                near.push(head.to_owned());
                near.push(format!("{example}7"));
                let mut chars = example.chars();
                if let Some(first) = chars.next() {
                    near.push(format!("{}{}", bump(first), chars.as_str()));
                }
                for national in near {
                    let text = format!("+{}{national}", meta.country_code());
                    let Ok(number) = phonenumber::parse(None, &text) else {
                        continue;
                    };
                    let expected = phonenumber::is_valid(&number);
                    assert_eq!(is_valid(&number), expected, "{text} in {}", meta.id());
                    compared += 1;
                    valid += usize::from(expected);
                }
            }
        }
        // Every country's examples, valid and not, and those of the codes
        // of no country.
        assert!(seen_001 >= 9, "{seen_001}");
        assert!(compared > 5_000, "{compared}");
        assert!(
            valid > 2_000 && compared - valid > 1_000,
            "{valid} of {compared}"
        );
    }

    #[test]
    fn romanian_numbers_in_every_written_form() {
        for raw in [
            "0723 456 789",
            "0723.456.789",
            "0723-456-789",
            "0723456789",
            "+40 723 456 789",
            "+40723456789",
            "0040 723 456 789",
            "(+40) 723 456 789",
            "tel:+40-723-456-789",
        ] {
            assert_eq!(n(raw, RO), ok("+40723456789"), "{raw}");
        }
        assert_eq!(n("+40 (0)21 555 0110", RO), ok("+40215550110"));
        assert_eq!(n("021 555 0110", RO), ok("+40215550110"));
    }

    #[test]
    fn international_numbers_need_no_default_country() {
        assert_eq!(n("+40 723 456 789", None), ok("+40723456789"));
        assert_eq!(n("0040 723 456 789", None), ok("+40723456789"));
        assert_eq!(n("+40 (0)21 555 0110", None), ok("+40215550110"));
        assert_eq!(n("+44 20 7946 0958", RO), ok("+442079460958"));
        assert_eq!(n("+49 30 1234567", None), ok("+49301234567"));
    }

    #[test]
    fn an_extension_stays_out_of_the_e164_form() {
        for raw in [
            "+40-21-555-0110 ext. 12",
            "+40 21 555 0110 x12",
            "tel:+40-21-555-0110;ext=12",
        ] {
            assert_eq!(n(raw, None), ok("+40215550110"), "{raw}");
        }
    }

    #[test]
    fn a_national_number_is_read_by_the_default_country() {
        let us = Some("US".parse().unwrap());
        assert_eq!(n("(202) 555-0143", us).0.as_deref(), Some("+12025550143"));
        assert_eq!(n("(555) 123-4567", us).0.as_deref(), Some("+15551234567"));
        // 555 is no area code: read, kept for search, but flagged.
        assert_eq!(n("(555) 123-4567", us).1, Some(PhoneFlag::Invalid));
        assert_eq!(n("0723 456 789", None), (None, Some(PhoneFlag::NoCountry)));
        assert_eq!(
            n("(555) 123-4567", None),
            (None, Some(PhoneFlag::NoCountry))
        );
    }

    #[test]
    fn a_number_whose_zero_a_spreadsheet_dropped_is_read_and_flagged() {
        assert_eq!(
            n("721123456", RO),
            (
                Some("+40721123456".into()),
                Some(PhoneFlag::MissingTrunkZero)
            )
        );
        assert_eq!(n("0721123456", RO), ok("+40721123456"));
    }

    #[test]
    fn what_is_not_a_number_is_flagged_never_refused() {
        for raw in [
            "call me",
            "",
            "12",
            "n/a",
            "+",
            "abc 123 def",
            "1-800-FLOWERS",
            "000000",
        ] {
            let r = normalize(raw, RO);
            assert_eq!(r.e164, None, "{raw}");
            assert!(r.flag.is_some(), "{raw}");
        }
        assert_eq!(n("call me", RO), (None, Some(PhoneFlag::Unparseable)));
        assert_eq!(n("+99 123", RO), (None, Some(PhoneFlag::Unparseable)));
        assert_eq!(n("555", RO), (None, Some(PhoneFlag::Unparseable)));
        assert_eq!(n("0723 456 78", RO), (None, Some(PhoneFlag::Unparseable)));
    }

    #[test]
    fn search_forms_are_the_international_and_national_digits() {
        assert_eq!(
            search_forms("+40723456789"),
            ["40723456789", "0723456789", "723456789"]
        );
        assert_eq!(search_forms("+12025550143"), ["12025550143", "2025550143"]);
        assert!(search_forms("").is_empty());
    }

    #[test]
    fn a_query_looks_like_a_phone_only_when_it_is_digits_and_punctuation() {
        for q in [
            "0723.456.789",
            "+40 723 456 789",
            "723 456 789",
            "(555) 123-4567",
        ] {
            assert!(looks_like_phone(q), "{q}");
        }
        for q in ["grace", "12345", "flat 12345678", "grace@example.com", ""] {
            assert!(!looks_like_phone(q), "{q}");
        }
    }

    #[test]
    fn the_default_country_comes_from_the_locale() {
        let code = |l: &str| country_from_locale(l).map(|c| c.code().to_owned());
        assert_eq!(code("ro_RO.UTF-8").as_deref(), Some("RO"));
        assert_eq!(code("ro").as_deref(), Some("RO"));
        assert_eq!(code("ro_MD.UTF-8").as_deref(), Some("MD"));
        assert_eq!(code("en_US.UTF-8").as_deref(), Some("US"));
        assert_eq!(code("de_DE@euro").as_deref(), Some("DE"));
        assert_eq!(code("en_GB").as_deref(), Some("GB"));
        assert_eq!(code("C.UTF-8"), None);
        assert_eq!(code("POSIX"), None);
        assert_eq!(code("en"), None);
    }

    #[test]
    fn country_codes_are_read_loosely_and_checked() {
        assert_eq!("ro".parse::<Country>().unwrap(), Country::RO);
        assert_eq!(" RO ".parse::<Country>().unwrap().code(), "RO");
        assert!("XX".parse::<Country>().is_err());
        assert!("Romania".parse::<Country>().is_err());
        assert!("".parse::<Country>().is_err());
    }
}
