//! Dates as import files write them: the birthday formats of vCard, of
//! spreadsheets and of the CRMs and address books people export from.

use chrono::NaiveDate;

/// The year Apple Contacts writes for a birthday without a year
/// (`BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-14`): a leap year long before
/// anyone living was born.
pub(crate) const APPLE_NO_YEAR: u32 = 1604;

/// Reads a birthday written in one of the forms import files use, and
/// returns it as `YYYY-MM-DD`, or as `--MM-DD` when it has no year:
///
/// - `YYYY-MM-DD` and `YYYYMMDD` (vCard, ISO 8601), also with a time after
///   a `T` (`1980-03-14T00:00:00Z`), which is dropped;
/// - `--MM-DD` and `--MMDD` (vCard 4.0 and Google: no year);
/// - `dd.mm.yyyy` (spreadsheets in Romanian, German and most European
///   locales; one-digit day and month too);
/// - `m/d/yyyy` (Outlook's CSV export, US order);
/// - the year 1604, Apple's "no year", gives `--MM-DD`;
/// - Outlook's `0/0/00` (and any all-zero date) means no birthday.
///
/// Returns `None` for anything else, and for a day that does not exist
/// (`2023-02-29`, `--04-31`); a year-less `--02-29` is a day that exists.
/// Whether the date is plausible (not in the future, not before 1900) is
/// the contact's check, not this one's.
pub(crate) fn birthday(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || text.chars().all(|c| matches!(c, '0' | '/' | '.' | '-')) {
        return None;
    }
    // A date-time: the date part is the birthday.
    let text = match text.find(['T', 't']) {
        Some(at) if at >= 8 => &text[..at],
        _ => text,
    };
    let (year, month, day) = if let Some(rest) = text.strip_prefix("--") {
        let (m, d) = match rest.split_once('-') {
            Some((m, d)) => (m, d),
            None if rest.len() == 4 => rest.split_at_checked(2)?,
            None => return None,
        };
        (None, number(m, 2, 2)?, number(d, 2, 2)?)
    } else if let Some((y, rest)) = text.split_once('-') {
        let (m, d) = rest.split_once('-')?;
        (Some(number(y, 4, 4)?), number(m, 2, 2)?, number(d, 2, 2)?)
    } else if let Some((d, rest)) = text.split_once('.') {
        let (m, y) = rest.split_once('.')?;
        (Some(number(y, 4, 4)?), number(m, 1, 2)?, number(d, 1, 2)?)
    } else if let Some((m, rest)) = text.split_once('/') {
        let (d, y) = rest.split_once('/')?;
        (Some(number(y, 4, 4)?), number(m, 1, 2)?, number(d, 1, 2)?)
    } else if text.len() == 8 {
        (
            Some(number(text.get(..4)?, 4, 4)?),
            number(text.get(4..6)?, 2, 2)?,
            number(text.get(6..)?, 2, 2)?,
        )
    } else {
        return None;
    };
    match year.filter(|y| *y != APPLE_NO_YEAR) {
        Some(y) => {
            let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, month, day)?;
            Some(date.format("%Y-%m-%d").to_string())
        }
        None => {
            // 2000 is a leap year: 29 February is a birthday too.
            NaiveDate::from_ymd_opt(2000, month, day)?;
            Some(format!("--{month:02}-{day:02}"))
        }
    }
}

/// `text` as a number of `min` to `max` ASCII digits.
fn number(text: &str, min: usize, max: usize) -> Option<u32> {
    let digits = (min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    // At most four digits: no overflow.
    digits.then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::birthday;

    #[test]
    fn reads_every_form_with_a_year() {
        for (text, want) in [
            ("1980-03-14", "1980-03-14"),
            ("19800314", "1980-03-14"),
            ("1980-03-14T00:00:00Z", "1980-03-14"),
            ("19800314T000000", "1980-03-14"),
            ("14.03.1980", "1980-03-14"),
            ("4.3.1980", "1980-03-04"),
            ("3/14/1980", "1980-03-14"),
            ("03/04/1980", "1980-03-04"),
            (" 2000-02-29 ", "2000-02-29"),
        ] {
            assert_eq!(birthday(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn reads_year_less_forms_and_apples_1604() {
        for (text, want) in [
            ("--03-14", "--03-14"),
            ("--0314", "--03-14"),
            ("--02-29", "--02-29"),
            ("1604-03-14", "--03-14"),
            ("16040621", "--06-21"),
            ("14.03.1604", "--03-14"),
        ] {
            assert_eq!(birthday(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn empty_markers_and_nonsense_are_no_birthday() {
        for text in [
            "",
            "   ",
            "0/0/00",
            "0/0/0000",
            "00.00.0000",
            "0000-00-00",
            "--",
            "yesterday",
            "1980",
            "1980-03",
            "80-03-14",
            "3/14/80",
            "14.3.80",
            "--3-14",
            "--031",
            "1980-3-14",
            "+1980-03-14",
            "１９８０-03-14",
        ] {
            assert_eq!(birthday(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_day_that_does_not_exist_is_no_birthday() {
        for text in [
            "2023-02-29",
            "1900-02-29",
            "--02-30",
            "--04-31",
            "--13-01",
            "--00-10",
            "1980-00-10",
            "1980-01-00",
            "31.04.1980",
            "2/30/1980",
            "13/1/1980",
            "19801301",
        ] {
            assert_eq!(birthday(text), None, "{text}");
        }
    }
}
