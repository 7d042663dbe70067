//! vCard 2.1, 3.0 and 4.0 as address books and CRMs write them, and vCard
//! 4.0 as Steward writes it.
//!
//! Reading is three steps. [`cards`] walks the file's lines once: it finds
//! the cards and the line each property starts on, refuses a file that is
//! broken (a card without `END`, a line that is neither a property nor a
//! continuation, more than [`MAX_PARAMETERS`] parameters, a property over
//! [`MAX_LINE_BYTES`]) naming the line and the card, unfolds continued lines
//! as octets (RFC 6350 §3.2: a fold may split the bytes of one letter), and
//! makes the few repairs `calcard` does not (each says which producer needs
//! it). Then `calcard` parses each card: parameters, quoted-printable and
//! base64, charsets, escapes, structured values. Last, [`contact`] maps the
//! properties Steward keeps.

use calcard::vcard::{
    VCard, VCardEntry, VCardKind, VCardParameterName, VCardParameterValue, VCardProperty,
    VCardValue,
};

use super::dates;
use crate::records::contacts::{Address, Contact, NewContact, fields};
use crate::{Error, Invalid, Result};

/// Most cards one file may hold.
pub const MAX_CARDS: usize = 1_000_000;

/// Most parameters one property may carry (`TEL;TYPE=WORK;PREF=1:` has
/// two; real cards carry a handful).
pub const MAX_PARAMETERS: usize = 20;

/// Longest property, in bytes, once its continued lines are joined: room
/// for an embedded photo of a few megabytes.
pub const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// Longest name and parameters of a property, in bytes, when they run
/// over continued lines.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// The property Steward writes a contact's source in, and reads it from.
const SOURCE: &str = "X-STEWARD-SOURCE";

/// Properties whose value Steward does not keep and which can be large
/// (pictures, sounds, keys): dropped before parsing.
const BINARY: [&str; 4] = ["PHOTO", "LOGO", "SOUND", "KEY"];

/// One card as the file holds it.
#[derive(Debug)]
struct RawCard {
    /// Its position in the file, from 1.
    number: usize,
    /// Its `FN`, as far as it could be read, for messages.
    name: Option<String>,
    /// Its properties, each on one line (unfolded), `BEGIN` to `END`.
    text: String,
}

/// How a card is named in messages: `card 3`, or `card 3 (Ana Pop)` when
/// its `FN` is known.
fn label(number: usize, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("card {number} ({name})"),
        None => format!("card {number}"),
    }
}

/// What the start of a property line says: where the value starts, how
/// many parameters there are, and how the value is encoded.
#[derive(Debug, Default)]
struct Head {
    /// Index of the `:` that ends the name and parameters.
    colon: usize,
    /// The property name without its group, upper case.
    name: String,
    /// Number of parameters.
    params: usize,
    /// Quoted-printable (`ENCODING=QUOTED-PRINTABLE` or a bare
    /// `QUOTED-PRINTABLE`, vCard 2.1).
    qp: bool,
    /// A bare `QUOTED-PRINTABLE` parameter (old phones), at this range.
    bare_qp: Option<(usize, usize)>,
    /// Base64 (`ENCODING=BASE64`, `ENCODING=b` or a bare `BASE64`).
    base64: bool,
    /// Has a `CHARSET` parameter.
    charset: bool,
    /// Has a `VALUE=text` parameter first.
    typed: bool,
    /// Index where the property name ends.
    name_end: usize,
}

/// Reads the name and parameters of a property line; `None` when the line
/// has no `:` outside quoted parameter values or its name is not one.
fn head(line: &[u8]) -> Option<Head> {
    let mut quoted = false;
    let mut h = Head::default();
    let mut start = 0;
    let mut first = true;
    for (i, b) in line.iter().enumerate() {
        match *b {
            b'"' => quoted = !quoted,
            b';' | b':' if !quoted => {
                let part = &line[start..i];
                if first {
                    // A name (with its group) is letters, digits and `-`
                    // (RFC 6350 §3.3): `ora 10: prânz` is a line that lost
                    // its fold, not a property.
                    if part.is_empty()
                        || !part
                            .iter()
                            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
                    {
                        return None;
                    }
                    let name = part.rsplit(|b| *b == b'.').next().unwrap_or_default();
                    h.name = String::from_utf8_lossy(name).to_ascii_uppercase();
                    h.name_end = i;
                    first = false;
                } else {
                    h.params += 1;
                    let (key, value) = match part.iter().position(|b| *b == b'=') {
                        Some(at) => (&part[..at], Some(&part[at + 1..])),
                        None => (part, None),
                    };
                    let is = |a: &[u8], b: &str| a.trim_ascii().eq_ignore_ascii_case(b.as_bytes());
                    match value {
                        Some(v) if is(key, "ENCODING") => {
                            h.qp |= is(v, "QUOTED-PRINTABLE");
                            h.base64 |= is(v, "BASE64") || is(v, "b");
                        }
                        Some(_) if is(key, "CHARSET") => h.charset = true,
                        Some(v) if h.params == 1 && is(key, "VALUE") => h.typed = is(v, "text"),
                        None if is(key, "QUOTED-PRINTABLE") => {
                            h.qp = true;
                            h.bare_qp = Some((start, i));
                        }
                        None if is(key, "BASE64") => h.base64 = true,
                        _ => {}
                    }
                }
                start = i + 1;
                if *b == b':' {
                    h.colon = i;
                    return Some(h);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether `line` is `BEGIN:VCARD` (or `END:VCARD`), in any case.
fn is_marker(line: &[u8], marker: &str) -> bool {
    line.trim_ascii()
        .get(..marker.len())
        .is_some_and(|l| l.eq_ignore_ascii_case(marker.as_bytes()))
        && line.trim_ascii().len() == marker.len()
}

/// The card being read.
struct Building {
    number: usize,
    /// Line of its `BEGIN`.
    line: usize,
    name: Option<String>,
    text: String,
    /// The first problem found in it (line, message); reported once the
    /// rest of the card has been read, so the message can name its `FN`.
    error: Option<(usize, String)>,
}

/// The property being read: where it starts and its bytes, continued lines
/// joined.
struct Pending {
    line: usize,
    bytes: Vec<u8>,
    head: Option<Head>,
}

/// Splits a file into cards, checking its structure (see the module's
/// documentation).
fn cards(bytes: &[u8]) -> Result<Vec<RawCard>> {
    let decoded;
    let bytes = if let Some(utf16) = utf16(bytes) {
        decoded = utf16?;
        decoded.as_bytes()
    } else {
        bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
    };
    let mut cards = Vec::new();
    let mut card: Option<Building> = None;
    let mut pending: Option<Pending> = None;
    let mut number = 0;
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let n = i + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(p) = pending.as_mut() {
            let soft_break = p.head.as_ref().is_some_and(|h| h.qp) && p.bytes.ends_with(b"=");
            let base64 = p.head.as_ref().is_some_and(|h| h.base64);
            if soft_break {
                // A quoted-printable soft line break (`=` at the end):
                // Android and Outlook write 2.1 values this way, and Android
                // breaks in the middle of a letter's octets (`=C8=` then
                // `=99`). The next line continues the value as it is
                // (RFC 2045 §6.7: the `=` and the line end are removed).
                p.bytes.pop();
                p.bytes.extend_from_slice(line);
            } else if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
                // A fold: RFC 6350 §3.2, RFC 2426 §2.6 and vCard 2.1 §2.1.3
                // all continue a line with one space or tab.
                p.bytes.extend_from_slice(&line[1..]);
            } else if base64 && !line.is_empty() && line.iter().all(|b| is_base64(*b)) {
                // vCard 2.1 base64 (Outlook's PHOTO) runs on unindented
                // lines up to a blank line.
                p.bytes.extend_from_slice(line);
            } else {
                let done = pending.take();
                finish(card.as_mut(), done)?;
                // The line itself is read below.
            }
            if let Some(p) = pending.as_mut() {
                if p.bytes.len() > MAX_LINE_BYTES {
                    return Err(line_too_long(p.line));
                }
                // The head is read again only when a continued line brings
                // a `:` and the property is still short: a name and its
                // parameters fit in [`MAX_HEAD_BYTES`], and this keeps the
                // scan linear in the file (a property whose head is longer
                // is refused as not a property).
                if p.head.is_none() && p.bytes.len() <= MAX_HEAD_BYTES && line.contains(&b':') {
                    p.head = head(&p.bytes);
                }
                continue;
            }
        }
        if line.trim_ascii().is_empty() {
            continue;
        }
        let Some(c) = card.as_mut() else {
            if is_marker(line, "BEGIN:VCARD") {
                number += 1;
                if number > MAX_CARDS {
                    return Err(Invalid::new(
                        "file-too-many-cards",
                        format!("the file has more than {MAX_CARDS} cards"),
                    )
                    .with("limit", MAX_CARDS)
                    .into());
                }
                card = Some(Building {
                    number,
                    line: n,
                    name: None,
                    text: "BEGIN:VCARD\r\n".into(),
                    error: None,
                });
                continue;
            }
            return Err(Invalid::new(
                "file-not-vcard",
                format!(
                    "line {n}: expected BEGIN:VCARD{}",
                    if number == 0 {
                        " (is this a vCard file?)".to_owned()
                    } else {
                        format!(" after card {number}")
                    }
                ),
            )
            .with("line", n)
            .into());
        };
        if is_marker(line, "END:VCARD") {
            let done = card.take().map(|mut c| {
                c.text.push_str("END:VCARD\r\n");
                c
            });
            if let Some(c) = done {
                if let Some((line, message)) = c.error {
                    return Err(Invalid::new(
                        "file-card-unreadable",
                        format!(
                            "line {line}, {}: {message}; nothing was imported",
                            label(c.number, c.name.as_deref())
                        ),
                    )
                    .with("line", line)
                    .with("card", c.number)
                    .into());
                }
                cards.push(RawCard {
                    number: c.number,
                    name: c.name,
                    text: c.text,
                });
            }
            continue;
        }
        if is_marker(line, "BEGIN:VCARD") {
            return Err(unterminated(c));
        }
        if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
            c.error.get_or_insert((
                n,
                "this line starts with a space, as a continued line does, but follows no property"
                    .into(),
            ));
            continue;
        }
        pending = Some(Pending {
            line: n,
            bytes: line.to_vec(),
            head: head(line),
        });
        if line.len() > MAX_LINE_BYTES {
            return Err(line_too_long(n));
        }
    }
    finish(card.as_mut(), pending.take())?;
    if let Some(c) = card {
        return Err(unterminated(&c));
    }
    Ok(cards)
}

/// The error for a card whose `BEGIN` has no `END`.
fn unterminated(c: &Building) -> Error {
    Invalid::new(
        "file-card-unterminated",
        format!(
            "line {}, {}: BEGIN:VCARD has no END:VCARD; nothing was imported",
            c.line,
            label(c.number, c.name.as_deref())
        ),
    )
    .with("line", c.line)
    .with("card", c.number)
    .into()
}

/// The error for a property longer than [`MAX_LINE_BYTES`].
fn line_too_long(line: usize) -> Error {
    Invalid::new(
        "file-line-too-long",
        format!(
            "line {line}: the property is longer than {} MiB",
            MAX_LINE_BYTES >> 20
        ),
    )
    .with("line", line)
    .with("limit", MAX_LINE_BYTES >> 20)
    .into()
}

fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

/// A file that starts with a UTF-16 byte-order mark, as UTF-8 (Windows
/// tools write vCards as "Unicode"); `None` for any other file.
fn utf16(bytes: &[u8]) -> Option<Result<String>> {
    let big_endian = match bytes {
        [0xFE, 0xFF, ..] => true,
        [0xFF, 0xFE, ..] => false,
        _ => return None,
    };
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|p| {
            let pair = [p[0], p[1]];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        })
        .collect();
    Some(String::from_utf16(&units).map_err(|_| {
        Invalid::new(
            "file-utf16-invalid",
            "the file starts as UTF-16 text but is not valid UTF-16",
        )
        .into()
    }))
}

/// Adds a finished property to its card: checks it, drops it when Steward
/// keeps nothing of it, repairs what `calcard` would misread.
fn finish(card: Option<&mut Building>, pending: Option<Pending>) -> Result<()> {
    let (Some(card), Some(p)) = (card, pending) else {
        return Ok(());
    };
    let Some(h) = p.head else {
        card.error.get_or_insert((
            p.line,
            "this line is not a property (it has no ':'); a line that continues the one before \
             must start with a space or a tab"
                .into(),
        ));
        return Ok(());
    };
    if h.params > MAX_PARAMETERS {
        return Err(Invalid::new(
            "file-too-many-parameters",
            format!(
                "line {}: a property has more than {MAX_PARAMETERS} parameters",
                p.line
            ),
        )
        .with("line", p.line)
        .with("limit", MAX_PARAMETERS)
        .into());
    }
    if BINARY.contains(&h.name.as_str()) {
        return Ok(());
    }
    let mut bytes = p.bytes;
    if h.name == "BDAY" && !h.typed {
        // The birthday is read as text, by `dates::birthday`: `calcard`
        // reads a 4.0 `BDAY:1980-03-14` (the 3.0 form, which Nextcloud,
        // Thunderbird and converted address books write in 4.0 cards too)
        // as `1980-03`, dropping the day.
        let at = h.name_end;
        bytes.splice(at..at, b";VALUE=text".iter().copied());
        return finish(
            Some(card),
            Some(Pending {
                line: p.line,
                head: head(&bytes),
                bytes,
            }),
        );
    }
    if let Some((start, end)) = h.bare_qp {
        // Old phones (Nokia, Sony Ericsson) write vCard 2.1's bare
        // `QUOTED-PRINTABLE`, which `calcard` keeps as an unknown
        // parameter instead of decoding.
        bytes.splice(start..end, b"ENCODING=QUOTED-PRINTABLE".iter().copied());
        return finish(
            Some(card),
            Some(Pending {
                line: p.line,
                head: head(&bytes),
                bytes,
            }),
        );
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => match legacy(&e.into_bytes(), &h) {
            Some(text) => text,
            None => {
                card.error
                    .get_or_insert((p.line, "the property's name is not plain text".into()));
                return Ok(());
            }
        },
    };
    if h.name == "FN" && card.name.is_none() && !h.qp && !h.base64 {
        let name: String = unescape(&text[h.colon + 1..])
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(80)
            .collect();
        card.name = Some(name).filter(|n| !n.is_empty());
    }
    card.text.push_str(&text);
    card.text.push_str("\r\n");
    Ok(())
}

/// A property whose value is 8-bit text in a legacy character set (vCard
/// 2.1 from Outlook and old phones: `N;CHARSET=ISO-8859-1:Müller` in
/// Latin-1 octets), rewritten as quoted-printable so that `calcard` decodes
/// it with its charset; Windows-1252 when the property names none. `None`
/// when the name or parameters themselves are not ASCII.
fn legacy(bytes: &[u8], h: &Head) -> Option<String> {
    let (head, value) = bytes.split_at(h.colon);
    let value = &value[1..];
    if !head.is_ascii() || h.base64 {
        return None;
    }
    let mut out = String::from_utf8(head.to_vec()).ok()?;
    if !h.qp {
        out.push_str(";ENCODING=QUOTED-PRINTABLE");
    }
    if !h.charset {
        out.push_str(";CHARSET=windows-1252");
    }
    out.push(':');
    for b in value {
        if *b >= 0x80 || (!h.qp && *b == b'=') {
            out.push_str(&format!("={b:02X}"));
        } else {
            out.push(char::from(*b));
        }
    }
    Some(out)
}

/// Undoes vCard text escaping (`\n`, `\,`, `\;`, `\:`, `\\`), for the name
/// in messages.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push(' '),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Parses every card in `bytes`; each comes with its place (`card 3`).
///
/// # Errors
/// [`Error::InvalidInput`] naming the line and the card for a file that is
/// broken (see the module's documentation), or naming the card for one
/// without any name.
pub fn parse(bytes: &[u8]) -> Result<Vec<(String, NewContact)>> {
    Ok(parse_noting(bytes, true)?
        .into_iter()
        .map(|(place, c, _)| (place, c))
        .collect())
}

/// What reading a card left out of it: a stable code and a sentence (see
/// `import::RowNote`, which it becomes).
pub(crate) type CardNote = (&'static str, &'static str);

/// A card read: its place (`card 3`), its contact, and what reading it
/// left out.
pub(crate) type NotedCard = (String, NewContact, Vec<CardNote>);

/// [`parse`], with what each card's reading left out of it (an e-mail
/// address or a phone number that is none, a birthday it cannot read).
/// With `names_required` false a card without any name is kept, with an
/// empty name, for the import's checks to reject on its own.
///
/// # Errors
/// As [`parse`].
pub(crate) fn parse_noting(bytes: &[u8], names_required: bool) -> Result<Vec<NotedCard>> {
    let raw = cards(bytes)?;
    let mut out = Vec::with_capacity(raw.len());
    for card in raw {
        let parsed = VCard::parse(&card.text).map_err(|_| {
            Error::from(
                Invalid::new(
                    "file-card-invalid",
                    format!(
                        "{}: this is not a valid vCard",
                        label(card.number, card.name.as_deref())
                    ),
                )
                .with("card", card.number),
            )
        })?;
        let mut warnings = Vec::new();
        let c = match contact(&parsed, &mut warnings) {
            Some(c) => c,
            None if !names_required => NewContact::default(),
            None => {
                // Refused as a rejected record is (`import::Checked::refuse`).
                return Err(Error::InvalidInput(
                    crate::error::Invalid::new(
                        "row-rejected",
                        format!(
                            "card {}: the card has no name (FN, N, ORG or EMAIL)",
                            card.number
                        ),
                    )
                    .with("place", format!("card {}", card.number))
                    .with("problem", "no-name"),
                ));
            }
        };
        out.push((format!("card {}", card.number), c, warnings));
    }
    if out.is_empty() && !bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Invalid::new(
            "file-no-vcard",
            "no vCard found: the file should contain BEGIN:VCARD … END:VCARD",
        )
        .into());
    }
    Ok(out)
}

/// A value as text: text as it is, structured parts joined with `,`,
/// dates in ISO 8601 (`--MM-DD` without a year); line ends as `\n`.
fn text_of(value: &VCardValue) -> Option<String> {
    let text = match value {
        VCardValue::Text(t) => t.clone(),
        VCardValue::Component(parts) => parts.join(","),
        VCardValue::Integer(i) => i.to_string(),
        VCardValue::PartialDateTime(d) => match (d.year, d.month, d.day) {
            (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (None, Some(m), Some(d)) => format!("--{m:02}-{d:02}"),
            _ => return None,
        },
        VCardValue::Kind(k) => match k {
            VCardKind::Org => "org".into(),
            VCardKind::Individual => "individual".into(),
            _ => return None,
        },
        _ => return None,
    };
    Some(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// The entry's first value as trimmed text, `None` when empty.
fn first(entry: &VCardEntry) -> Option<String> {
    entry
        .values
        .first()
        .and_then(text_of)
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// The entry's values as the components of a structured value
/// (`N`, `ADR`, `ORG`), each trimmed.
fn components(entry: &VCardEntry) -> Vec<String> {
    entry
        .values
        .iter()
        .map(|v| {
            let parts: Vec<String> = match v {
                // A component with several values (`ADR` street lines).
                VCardValue::Component(parts) => parts.iter().map(|p| p.trim().to_owned()).collect(),
                other => text_of(other).into_iter().collect(),
            };
            parts
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
                .trim()
                .to_owned()
        })
        .collect()
}

/// How strongly an `EMAIL` or `TEL` is marked preferred: `PREF=1` (4.0,
/// 1 is most preferred), `TYPE=pref` (3.0) or a bare `PREF` (2.1) count as
/// 1; `None` when it is not marked.
fn preference(entry: &VCardEntry) -> Option<u32> {
    entry.params.iter().find_map(|p| match (&p.name, &p.value) {
        (VCardParameterName::Pref, VCardParameterValue::Integer(n)) => Some(*n),
        (VCardParameterName::Pref, _) => Some(1),
        (VCardParameterName::Type, VCardParameterValue::Text(t))
            if t.eq_ignore_ascii_case("pref") =>
        {
            Some(1)
        }
        (VCardParameterName::Other(name), _) if name.eq_ignore_ascii_case("pref") => Some(1),
        _ => None,
    })
}

/// A `TEL` value as the number it names: a `tel:` URI (vCard 4.0,
/// `tel:+40-21-555-0110;ext=12`) becomes `+40-21-555-0110 x12`; its other
/// URI parameters are dropped.
fn phone(value: &str) -> String {
    let value = value.trim();
    let Some(uri) = value
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("tel:"))
        .map(|_| &value[4..])
    else {
        return value.to_owned();
    };
    let mut parts = uri.split(';');
    let mut number = parts.next().unwrap_or_default().trim().to_owned();
    for part in parts {
        if let Some((key, ext)) = part.split_once('=')
            && key.eq_ignore_ascii_case("ext")
            && !ext.trim().is_empty()
        {
            number.push_str(" x");
            number.push_str(ext.trim());
        }
    }
    number
}

/// Maps a parsed card to a contact; `None` when nothing names it.
fn contact(card: &VCard, warnings: &mut Vec<CardNote>) -> Option<NewContact> {
    let mut c = NewContact::default();
    let mut formatted = None;
    let mut structured = None;
    let mut organisation = false;
    let mut emails: Vec<(Option<u32>, String)> = Vec::new();
    let mut phones: Vec<(Option<u32>, String)> = Vec::new();
    for entry in &card.entries {
        match &entry.name {
            VCardProperty::Fn => formatted = formatted.or_else(|| first(entry)),
            VCardProperty::N if structured.is_none() => {
                // family; given; additional; prefixes; suffixes
                let p = components(entry);
                let part = |i: usize| p.get(i).map(String::as_str).unwrap_or_default();
                let name = [part(1), part(2), part(0)]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                structured = Some(name).filter(|n| !n.is_empty());
            }
            VCardProperty::Kind => {
                organisation |= first(entry).is_some_and(|k| k.eq_ignore_ascii_case("org"));
            }
            VCardProperty::Other(name) if name.eq_ignore_ascii_case(SOURCE) => {
                c.source = c.source.take().or_else(|| first(entry));
            }
            VCardProperty::Other(name) if name.eq_ignore_ascii_case("X-ABShowAs") => {
                organisation |= first(entry).is_some_and(|k| k.eq_ignore_ascii_case("COMPANY"));
            }
            VCardProperty::Email => {
                if let Some(e) = first(entry) {
                    // An address that is not one is left out, not the card.
                    if fields::clean_emails(std::slice::from_ref(&e)).is_ok() {
                        emails.push((preference(entry), e));
                    } else {
                        warnings.push(("email-invalid", "an e-mail address was left out: it needs text before and after an @, without spaces"));
                    }
                }
            }
            VCardProperty::Tel => {
                if let Some(p) = first(entry).map(|p| phone(&p)) {
                    if fields::clean_phones(std::slice::from_ref(&p)).is_ok() {
                        phones.push((preference(entry), p));
                    } else {
                        warnings.push((
                            "phone-unusable",
                            "a phone number was left out: it has fewer than 3 digits",
                        ));
                    }
                }
            }
            VCardProperty::Org if c.company.is_none() => {
                c.company = components(entry).into_iter().find(|s| !s.is_empty());
            }
            VCardProperty::Title if c.title.is_none() => c.title = first(entry),
            VCardProperty::Note => {
                if let Some(note) = first(entry) {
                    c.notes = Some(match c.notes.take() {
                        Some(before) => format!("{before}\n\n{note}"),
                        None => note,
                    });
                }
            }
            VCardProperty::Categories => c.tags.extend(
                entry
                    .values
                    .iter()
                    .filter_map(text_of)
                    .map(|t| t.trim().to_owned())
                    // Google's system group, not a tag anyone chose.
                    .filter(|t| !t.is_empty() && t != "myContacts"),
            ),
            VCardProperty::Adr if c.address.is_empty() => {
                // post office box; extended; street; city; region; postal code; country
                let p = components(entry);
                let get = |i: usize| p.get(i).cloned().filter(|s| !s.is_empty());
                c.address = Address {
                    street: get(2),
                    city: get(3),
                    region: get(4),
                    postal_code: get(5),
                    country: get(6),
                };
            }
            VCardProperty::Bday if c.sensitive.date_of_birth.is_none() => {
                // Apple: `BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-14`; the
                // year it names is "no year" (`dates::birthday` knows 1604,
                // the year Apple writes).
                let omit = entry.params.iter().find_map(|p| match (&p.name, &p.value) {
                    (VCardParameterName::Other(n), VCardParameterValue::Text(y))
                        if n.eq_ignore_ascii_case("X-APPLE-OMIT-YEAR") =>
                    {
                        Some(y.trim().to_owned())
                    }
                    _ => None,
                });
                let given = first(entry);
                c.sensitive.date_of_birth = given
                    .clone()
                    .map(|d| match &omit {
                        Some(y) if d.starts_with(y.as_str()) && y.len() == 4 => {
                            format!("--{}", d[4..].trim_start_matches('-'))
                        }
                        _ => d,
                    })
                    // An unreadable birthday is left out, not the card.
                    .and_then(|d| dates::birthday(&d));
                if given.is_some() && c.sensitive.date_of_birth.is_none() {
                    warnings.push((
                        "birthday-unread",
                        "the birthday was left out: it is not a date in a form Steward reads",
                    ));
                }
            }
            _ => {}
        }
    }
    // The preferred address and number first, the others in file order.
    for (list, out) in [(&mut emails, &mut c.emails), (&mut phones, &mut c.phones)] {
        if let Some(best) = list
            .iter()
            .enumerate()
            .filter_map(|(i, (pref, _))| pref.map(|p| (p, i)))
            .min()
            .map(|(_, i)| i)
        {
            let preferred = list.remove(best);
            list.insert(0, preferred);
        }
        out.extend(list.drain(..).map(|(_, v)| v));
    }
    c.name = if organisation {
        // `KIND:org` (4.0) or Apple's `X-ABShowAs:COMPANY`: the card is
        // the company; the contact is named after it.
        let company = c.company.clone().or_else(|| formatted.clone());
        c.company.clone_from(&company);
        company
    } else {
        formatted.or(structured).or_else(|| c.company.clone())
    }
    .or_else(|| c.emails.first().cloned())?;
    c.name = c.name.replace('\n', " ");
    Some(c)
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
    // The first address and number are the primary ones: `PREF=1` tells
    // other address books so, and Steward's import puts them first again.
    for (i, e) in c.emails.iter().enumerate() {
        let pref = if i == 0 { ";PREF=1" } else { "" };
        line(out, &format!("EMAIL{pref}:{}", escape(e)));
    }
    for (i, p) in c.phones.iter().enumerate() {
        let pref = if i == 0 { ";PREF=1" } else { "" };
        line(out, &format!("TEL{pref};VALUE=text:{}", escape(p)));
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
    if let Some(source) = &c.source {
        // vCard has no property for where a contact came from.
        line(out, &format!("{SOURCE}:{}", escape(source)));
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
