//! Dates as producers write them in contact files.

/// A birthday written as `YYYY-MM-DD`, `YYYYMMDD`, `--MM-DD`, `--MMDD`,
/// `dd.mm.yyyy` or `m/d/yyyy` (Outlook; `0/0/00` is empty), as `YYYY-MM-DD`,
/// or `--MM-DD` without a year. `None` when it is empty or not a date.
pub(crate) fn birthday(text: &str) -> Option<String> {
    let text = text.trim();
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (year, month, day) = if let Some(rest) = text.strip_prefix("--") {
        let (m, d) = rest
            .split_once('-')
            .unwrap_or((rest.get(..2)?, rest.get(2..)?));
        (None, num(m)?, num(d)?)
    } else if let Some((d, rest)) = text.split_once('.') {
        let (m, y) = rest.split_once('.')?;
        (Some(num(y)?), num(m)?, num(d)?)
    } else if let Some((m, rest)) = text.split_once('/') {
        let (d, y) = rest.split_once('/')?;
        let y = num(y)?;
        if y == 0 && num(m)? == 0 {
            return None;
        }
        (Some(if y < 100 { y + 1900 } else { y }), num(m)?, num(d)?)
    } else if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        (Some(num(&text[..4])?), num(&text[4..6])?, num(&text[6..])?)
    } else {
        let mut parts = text.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        (Some(num(y)?), num(m)?, num(d)?)
    };
    // Apple writes 1604 for "no year".
    let year = year.filter(|y| *y != 1604);
    let check_year = year.unwrap_or(2000);
    chrono::NaiveDate::from_ymd_opt(i32::try_from(check_year).ok()?, month, day)?;
    Some(match year {
        Some(y) => format!("{y:04}-{month:02}-{day:02}"),
        None => format!("--{month:02}-{day:02}"),
    })
}

#[cfg(test)]
mod tests {
    use super::birthday;

    #[test]
    fn reads_the_common_forms() {
        assert_eq!(birthday("1985-03-14").as_deref(), Some("1985-03-14"));
        assert_eq!(birthday("14.03.1985").as_deref(), Some("1985-03-14"));
        assert_eq!(birthday("3/14/1985").as_deref(), Some("1985-03-14"));
        assert_eq!(birthday("--03-14").as_deref(), Some("--03-14"));
        assert_eq!(birthday("--0314").as_deref(), Some("--03-14"));
        assert_eq!(birthday("19850314").as_deref(), Some("1985-03-14"));
        assert_eq!(birthday("0/0/00"), None);
        assert_eq!(birthday("31.02.1985"), None);
        assert_eq!(birthday("soon"), None);
    }
}
