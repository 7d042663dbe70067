//! vCard 3.0 and 4.0: parsing with the `ical` crate (line unfolding,
//! parameters), mapping the properties Steward keeps, and writing vCard 4.0.

use std::io::BufReader;

use crate::records::contacts::{Address, Contact, NewContact};
use crate::{Error, Result};

/// Most cards one file may hold.
pub const MAX_CARDS: usize = 1_000_000;

/// Most parameters one property may carry (`TEL;TYPE=WORK;PREF=1:` has
/// two; real cards carry a handful).
pub const MAX_PARAMETERS: usize = 20;

/// Longest property, in bytes, once its continued lines are joined: room
/// for an embedded photo of a few megabytes.
pub const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// Undoes vCard text escaping (`\n`, `\,`, `\;`, `\\`).
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits a structured value on unescaped `;`.
fn components(value: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in value.chars() {
        match (escaped, c) {
            (false, '\\') => {
                escaped = true;
                if let Some(last) = parts.last_mut() {
                    last.push(c);
                }
            }
            (false, ';') => parts.push(String::new()),
            _ => {
                escaped = false;
                if let Some(last) = parts.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    parts
        .iter()
        .map(|p| unescape(p).trim().to_owned())
        .collect()
}

/// Prepares the file for the `ical` parser, in one pass:
///
/// - refuses a property (a line with its continued lines) longer than
///   [`MAX_LINE_BYTES`] or with more than [`MAX_PARAMETERS`] parameters,
///   naming the line it starts on. The parser looks for the next `:` and
///   `,` from each parameter on, so its work grows with parameters times
///   line length: bounding the parameters keeps it linear in the file.
/// - The parser drops the colons a value starts with (`NOTE::-)` reads as
///   `-)`), so such a value gets a backslash in front; `unescape` removes it
///   again and the value arrives whole.
fn prepare(bytes: &[u8]) -> Result<Vec<u8>> {
    /// Where the scan is within the current property.
    struct Property {
        /// Line number (1-based) where it starts.
        line: usize,
        /// Bytes so far, continued lines joined.
        len: usize,
        /// Parameters seen so far.
        params: usize,
        /// Still in the name-and-parameters part (before the first colon
        /// outside quotes).
        in_params: bool,
        /// Inside a quoted parameter value.
        quoted: bool,
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    let mut prop = Property {
        line: 0,
        len: 0,
        params: 0,
        in_params: false,
        quoted: false,
    };
    for (i, line) in bytes.split_inclusive(|b| *b == b'\n').enumerate() {
        let folded = line.first().is_some_and(|b| *b == b' ' || *b == b'\t');
        let content = if folded {
            &line[1..]
        } else {
            prop = Property {
                line: i + 1,
                len: 0,
                params: 0,
                in_params: true,
                quoted: false,
            };
            line
        };
        prop.len += content.len();
        if prop.len > MAX_LINE_BYTES {
            return Err(Error::invalid(format!(
                "line {}: the property is longer than {} MiB",
                prop.line,
                MAX_LINE_BYTES >> 20
            )));
        }
        let mut separator = None;
        if prop.in_params {
            for (j, b) in content.iter().enumerate() {
                match *b {
                    b'"' => prop.quoted = !prop.quoted,
                    b';' if !prop.quoted => {
                        prop.params += 1;
                        if prop.params > MAX_PARAMETERS {
                            return Err(Error::invalid(format!(
                                "line {}: a property has more than {MAX_PARAMETERS} parameters",
                                prop.line
                            )));
                        }
                    }
                    b':' if !prop.quoted => {
                        prop.in_params = false;
                        separator = Some(j);
                        break;
                    }
                    _ => {}
                }
            }
        }
        let offset = line.len() - content.len();
        match separator {
            Some(j) if !folded && content.get(j + 1) == Some(&b':') => {
                let at = offset + j;
                out.extend_from_slice(&line[..=at]);
                out.push(b'\\');
                out.extend_from_slice(&line[at + 1..]);
            }
            _ => out.extend_from_slice(line),
        }
    }
    Ok(out)
}

/// Parses every card in `bytes`; each comes with its place ("card 3").
///
/// # Errors
/// [`Error::InvalidInput`] naming the card for a malformed card, a card
/// without any name, or text that is not UTF-8.
pub fn parse(bytes: &[u8]) -> Result<Vec<(String, NewContact)>> {
    std::str::from_utf8(bytes).map_err(|_| Error::invalid("the vCard file is not UTF-8 text"))?;
    let repaired = prepare(bytes)?;
    let parser = ical::VcardParser::new(BufReader::new(repaired.as_slice()));
    let mut out = Vec::new();
    for (i, card) in parser.enumerate() {
        let place = format!("card {}", i + 1);
        if out.len() >= MAX_CARDS {
            return Err(Error::invalid(format!(
                "the file has more than {MAX_CARDS} cards"
            )));
        }
        let card =
            card.map_err(|e| Error::invalid(format!("{place}: this is not a valid vCard ({e})")))?;
        let mut c = NewContact::default();
        let mut structured_name = String::new();
        for prop in &card.properties {
            let Some(value) = prop.value.as_deref() else {
                continue;
            };
            // Apple writes grouped properties such as `item1.ADR`.
            let name = prop
                .name
                .rsplit('.')
                .next()
                .unwrap_or_default()
                .to_ascii_uppercase();
            match name.as_str() {
                "FN" => c.name = unescape(value).trim().to_owned(),
                "N" => {
                    let parts = components(value);
                    // family;given;additional;prefix;suffix
                    let given = parts.get(1).cloned().unwrap_or_default();
                    let family = parts.first().cloned().unwrap_or_default();
                    structured_name = format!("{given} {family}").trim().to_owned();
                }
                "EMAIL" => c.emails.push(unescape(value).trim().to_owned()),
                "TEL" => c
                    .phones
                    .push(unescape(value).trim().trim_start_matches("tel:").to_owned()),
                "ORG" if c.company.is_none() => {
                    c.company = components(value)
                        .into_iter()
                        .next()
                        .filter(|s| !s.is_empty());
                }
                "TITLE" => {
                    c.title = Some(unescape(value).trim().to_owned()).filter(|s| !s.is_empty())
                }
                "NOTE" => {
                    c.notes = Some(unescape(value).trim().to_owned()).filter(|s| !s.is_empty())
                }
                "CATEGORIES" => c.tags.extend(
                    value
                        .split(',')
                        .map(|t| unescape(t).trim().to_owned())
                        // Google's system group, not a tag anyone chose.
                        .filter(|t| !t.is_empty() && t != "myContacts"),
                ),
                "ADR" if c.address.is_empty() => {
                    // post office box;extended;street;city;region;postal code;country
                    let p = components(value);
                    let get = |i: usize| p.get(i).cloned().filter(|s| !s.is_empty());
                    c.address = Address {
                        street: get(2),
                        city: get(3),
                        region: get(4),
                        postal_code: get(5),
                        country: get(6),
                    };
                }
                _ => {}
            }
        }
        if c.name.is_empty() {
            c.name = structured_name;
        }
        if c.name.is_empty() {
            c.name = c
                .company
                .clone()
                .or_else(|| c.emails.first().cloned())
                .unwrap_or_default();
        }
        if c.name.is_empty() {
            return Err(Error::invalid(format!(
                "{place}: the card has no name (FN or N)"
            )));
        }
        out.push((place, c));
    }
    if out.is_empty() && !bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::invalid(
            "no vCard found: the file should contain BEGIN:VCARD … END:VCARD",
        ));
    }
    Ok(out)
}

/// Escapes a text value for vCard 4.0.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            other => out.push(other),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets as RFC 6350 requires
/// (never inside a UTF-8 sequence).
fn line(out: &mut String, text: &str) {
    let mut width = 0;
    for c in text.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// Writes one contact as a vCard 4.0 card.
pub fn write_card(out: &mut String, c: &Contact) {
    line(out, "BEGIN:VCARD");
    line(out, "VERSION:4.0");
    line(out, &format!("FN:{}", escape(&c.name)));
    let (given, family) = match c.name.rsplit_once(' ') {
        Some((given, family)) => (given, family),
        None => ("", c.name.as_str()),
    };
    line(out, &format!("N:{};{};;;", escape(family), escape(given)));
    for e in &c.emails {
        line(out, &format!("EMAIL:{}", escape(e)));
    }
    for p in &c.phones {
        line(out, &format!("TEL;VALUE=text:{}", escape(p)));
    }
    if let Some(company) = &c.company {
        line(out, &format!("ORG:{}", escape(company)));
    }
    if let Some(title) = &c.title {
        line(out, &format!("TITLE:{}", escape(title)));
    }
    if !c.address.is_empty() {
        let a = &c.address;
        let part = |v: &Option<String>| v.as_deref().map(escape).unwrap_or_default();
        line(
            out,
            &format!(
                "ADR:;;{};{};{};{};{}",
                part(&a.street),
                part(&a.city),
                part(&a.region),
                part(&a.postal_code),
                part(&a.country)
            ),
        );
    }
    if !c.tags.is_empty() {
        let tags: Vec<String> = c.tags.iter().map(|t| escape(t)).collect();
        line(out, &format!("CATEGORIES:{}", tags.join(",")));
    }
    if let Some(notes) = &c.notes {
        line(out, &format!("NOTE:{}", escape(notes)));
    }
    line(out, "END:VCARD");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_folded_vcard_3_with_escapes_and_structured_values() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Ada;;;\r\nFN:Ada Lovelace\r\nORG:Analytical Engines\\, Ltd;R&D\r\nEMAIL;TYPE=INTERNET,HOME:ada@example.com\r\nTEL;TYPE=CELL:+44 20 7946 0000\r\nADR;TYPE=WORK:;;12 St James\\'s Sq;London;;SW1Y 4JH;UK\r\nNOTE:First line\\nsecond li\r\n ne\r\nCATEGORIES:vip,math\r\nEND:VCARD\r\n";
        let cards = parse(text.as_bytes()).unwrap();
        let c = &cards[0].1;
        assert_eq!(c.name, "Ada Lovelace");
        assert_eq!(c.company.as_deref(), Some("Analytical Engines, Ltd"));
        assert_eq!(c.emails, ["ada@example.com"]);
        assert_eq!(c.address.city.as_deref(), Some("London"));
        assert_eq!(c.address.postal_code.as_deref(), Some("SW1Y 4JH"));
        assert_eq!(c.notes.as_deref(), Some("First line\nsecond line"));
        assert_eq!(c.tags, ["vip", "math"]);
    }

    #[test]
    fn a_value_that_starts_with_a_colon_survives() {
        let mut contact_text = String::new();
        line(&mut contact_text, "BEGIN:VCARD");
        line(&mut contact_text, "VERSION:4.0");
        line(&mut contact_text, "FN:X Y");
        line(
            &mut contact_text,
            &format!("NOTE:{}", escape(":starts with a colon")),
        );
        line(&mut contact_text, &format!("TITLE:{}", escape("::two")));
        line(&mut contact_text, "END:VCARD");
        let cards = parse(contact_text.as_bytes()).unwrap();
        assert_eq!(cards[0].1.notes.as_deref(), Some(":starts with a colon"));
        assert_eq!(cards[0].1.title.as_deref(), Some("::two"));
    }

    #[test]
    fn a_card_without_a_name_is_refused_naming_it() {
        let text = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ok\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nNOTE:who?\r\nEND:VCARD\r\n";
        let err = parse(text.as_bytes()).unwrap_err();
        assert!(err.to_string().starts_with("card 2:"), "{err}");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        line(&mut out, &format!("NOTE:{}", "ü".repeat(100)));
        for l in out.split("\r\n") {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), format!("NOTE:{}", "ü".repeat(100)));
    }
}
