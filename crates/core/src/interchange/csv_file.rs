//! Reading a CSV file into header and rows, with limits and errors that name
//! the line.
//!
//! A file is read in three steps: [`decode`] turns its bytes into text (the
//! encoding from a byte-order mark, else UTF-8 when the bytes are UTF-8,
//! else a legacy code page guessed by `chardetng`; or the one the user
//! chose), [`scan`] finds the delimiter, the header, the data rows and the
//! lines to skip, and [`rows`] hands out the data rows one at a time.

use std::borrow::Cow;

use encoding_rs::Encoding;

use crate::{Error, Invalid, Result};

/// Most rows one import accepts.
pub const MAX_ROWS: usize = 1_000_000;
/// Longest single cell, in bytes.
pub const MAX_CELL: usize = 100_000;

/// A CSV file's text and the encoding it was read in.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text; borrowed from the bytes when they are UTF-8 already.
    pub text: Cow<'a, str>,
    /// The encoding (`UTF-8`, `UTF-16LE`, `windows-1250`, …).
    pub encoding: &'static Encoding,
    /// Whether the encoding was guessed from the bytes (no byte-order mark,
    /// not UTF-8, not chosen by the user): the preview lets the user change it.
    pub guessed: bool,
}

/// How many bytes of a file's lines with non-ASCII letters the legacy code
/// page is guessed from: a few thousand rows of a spreadsheet, where
/// feeding `chardetng` a whole 10 MB file took a second before the import
/// could start.
const GUESS_SAMPLE: usize = 256 * 1024;

/// The legacy code page `chardetng` guesses from the lines of `bytes` that
/// hold a byte outside ASCII (the others say nothing of the code page),
/// wherever they are in the file, up to [`GUESS_SAMPLE`] bytes of them.
fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    let mut fed = 0;
    for line in bytes.split_inclusive(|b| matches!(b, b'\n' | b'\r')) {
        if line.is_ascii() {
            continue;
        }
        detector.feed(line, false);
        fed += line.len();
        if fed >= GUESS_SAMPLE {
            break;
        }
    }
    detector.feed(&[], true);
    detector.guess(None, false)
}

/// Reads `bytes` as text. With `label` (an encoding's WHATWG label, such as
/// `windows-1250`, `utf-8`, `utf-16le`), in that encoding; without, in the
/// encoding of its byte-order mark (UTF-8, UTF-16LE or UTF-16BE, as Excel
/// writes "Unicode text"), else as UTF-8 when it is valid UTF-8, else in the
/// legacy code page `chardetng` guesses (on Romanian and Western European
/// spreadsheets, Windows-1250 or Windows-1252).
///
/// # Errors
/// [`Error::InvalidInput`] for an unknown label, or bytes that are not
/// UTF-8 when UTF-8 is asked for (naming the line).
pub fn decode<'a>(bytes: &'a [u8], label: Option<&str>) -> Result<Decoded<'a>> {
    let (encoding, skip, guessed) = pick_encoding(bytes, label)?;
    let body = &bytes[skip..];
    let text = if encoding == encoding_rs::UTF_8 {
        Cow::Borrowed(std::str::from_utf8(body).map_err(|e| not_utf8(&body[..e.valid_up_to()]))?)
    } else {
        // Legacy code pages map every byte; a malformed UTF-16 unit becomes
        // U+FFFD, visible in the preview.
        encoding.decode_without_bom_handling(body).0
    };
    Ok(Decoded {
        text: bare_cr_as_lf(text),
        encoding,
        guessed,
    })
}

/// [`decode`], given the bytes: UTF-8 becomes the text without a copy, and
/// the bytes of another encoding are let go as soon as they are decoded, so
/// that a large file is not held twice while it is imported.
///
/// # Errors
/// As [`decode`].
pub fn decode_owned(mut bytes: Vec<u8>, label: Option<&str>) -> Result<Decoded<'static>> {
    let (encoding, skip, guessed) = pick_encoding(&bytes, label)?;
    let text = if encoding == encoding_rs::UTF_8 {
        bytes.drain(..skip);
        String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            not_utf8(&e.as_bytes()[..valid])
        })?
    } else {
        let text = encoding
            .decode_without_bom_handling(&bytes[skip..])
            .0
            .into_owned();
        drop(bytes);
        text
    };
    Ok(Decoded {
        text: bare_cr_as_lf(Cow::Owned(text)),
        encoding,
        guessed,
    })
}

/// [`decode`] of borrowed bytes, [`decode_owned`] of owned ones.
///
/// # Errors
/// As [`decode`].
pub fn decode_cow<'a>(bytes: Cow<'a, [u8]>, label: Option<&str>) -> Result<Decoded<'a>> {
    match bytes {
        Cow::Borrowed(bytes) => decode(bytes, label),
        Cow::Owned(bytes) => decode_owned(bytes, label),
    }
}

/// The encoding `bytes` are read in (see [`decode`]), how many bytes of
/// byte-order mark to skip, and whether it was guessed.
fn pick_encoding(bytes: &[u8], label: Option<&str>) -> Result<(&'static Encoding, usize, bool)> {
    let chosen = match label.map(str::trim).filter(|l| !l.is_empty()) {
        Some(label) => Some(Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            Error::from(crate::Invalid::new("value-not-allowed", format!(
                "unknown encoding {label:?}; use a name such as UTF-8, windows-1250 or windows-1252"
            )).with("field", "encoding"))
        })?),
        None => None,
    };
    Ok(match (chosen, Encoding::for_bom(bytes)) {
        (Some(chosen), Some((bom, len))) if bom == chosen => (chosen, len, false),
        (Some(chosen), _) => (chosen, 0, false),
        (None, Some((bom, len))) => (bom, len, false),
        (None, None) if std::str::from_utf8(bytes).is_ok() => (encoding_rs::UTF_8, 0, false),
        (None, None) => (guess_encoding(bytes), 0, true),
    })
}

/// Text that is not UTF-8 where UTF-8 was asked for, naming the line of
/// the first bad byte (`valid` is the text before it).
fn not_utf8(valid: &[u8]) -> Error {
    let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
    Error::from(
        Invalid::new(
            "file-not-utf8",
            format!(
                "line {line}: the text is not UTF-8; choose the file's encoding (such as windows-1250) and try again"
            ),
        )
        .with("line", line),
    )
}

/// The text with each carriage return that ends a line on its own (as
/// Excel for the Mac's "CSV (Macintosh)" writes them) made a line feed, so
/// that line numbers count the lines the user sees: the CSV reader ends a
/// record at a lone `\r` but counts lines by `\n`. Borrowed when there is
/// none, as in nearly every file.
fn bare_cr_as_lf(text: Cow<'_, str>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let bare = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(bare) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_ref();
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        if rest[i + 1..].starts_with('\n') {
            out.push('\r');
        } else {
            out.push('\n');
        }
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Why a line of the file is not a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// Only separators or spaces.
    Blank,
    /// After the last record: a report's footer (totals, a confidentiality
    /// or copyright line), a line with another number of cells or one
    /// filled cell.
    Footer,
}

impl SkipReason {
    /// The stable name (`blank`, `footer`).
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Blank => "blank",
            SkipReason::Footer => "footer",
        }
    }
}

/// A line of the file that was not read as a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkippedLine {
    /// Its 1-based line number.
    pub line: u64,
    /// Why.
    pub reason: SkipReason,
}

/// What [`scan`] found in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The delimiter: `,`, `;`, TAB or `|`.
    pub delimiter: u8,
    /// The header row's cells, trimmed.
    pub headers: Vec<String>,
    /// How many records (data rows) there are.
    pub rows: usize,
    /// Lines that are not records, in file order.
    pub skipped: Vec<SkippedLine>,
    /// The line of the last record; what follows is footer.
    data_end: u64,
}

/// A parsed CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    /// The header row.
    pub headers: Vec<String>,
    /// Each data row with its 1-based line number in the file.
    pub rows: Vec<(u64, Vec<String>)>,
    /// The encoding it was read in (its WHATWG name).
    pub encoding: &'static str,
    /// Whether the encoding was guessed.
    pub encoding_guessed: bool,
    /// The delimiter.
    pub delimiter: u8,
    /// Lines that are not records.
    pub skipped: Vec<SkippedLine>,
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Rows (after the header) the delimiter is judged on.
const SNIFF_ROWS: usize = 50;

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes())
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|c| c.trim().is_empty())
}

/// Picks the delimiter from the header and the first rows: the one that
/// splits the header into more than one cell and gives the most rows with
/// as many cells as the header (then the most header cells). Spreadsheets in
/// many countries write `;`, Excel's "Unicode text" TAB, some tools `|`.
fn sniff_delimiter(text: &str) -> u8 {
    let mut best = (b',', (false, 0, 0));
    for delimiter in DELIMITERS {
        let mut reader = reader(text, delimiter);
        let mut record = csv::StringRecord::new();
        let Ok(true) = reader.read_record(&mut record) else {
            continue;
        };
        let width = record.len();
        let mut consistent = 0;
        for _ in 0..SNIFF_ROWS {
            match reader.read_record(&mut record) {
                Ok(true) if is_blank(&record) => {}
                Ok(true) if record.len() == width => consistent += 1,
                Ok(true) => {}
                Ok(false) | Err(_) => break,
            }
        }
        let score = (width > 1, consistent, width);
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

fn cell_too_long(line: u64, record: &csv::StringRecord) -> Result<()> {
    match record.iter().find(|c| c.len() > MAX_CELL) {
        Some(cell) => Err(Invalid::new(
            "file-cell-too-long",
            format!(
                "line {line}: a cell is {} bytes long; the limit is {MAX_CELL}",
                cell.len()
            ),
        )
        .with("line", line)
        .with("length", cell.len())
        .with("limit", MAX_CELL)
        .into()),
        None => Ok(()),
    }
}

fn ragged(line: u64, len: usize, width: usize) -> Error {
    Invalid::new(
        "file-ragged-row",
        format!("line {line}: {len} cells where the header has {width}"),
    )
    .with("line", line)
    .with("cells", len)
    .with("width", width)
    .into()
}

fn line_error(e: &csv::Error) -> Error {
    let line = e.position().map_or(0, csv::Position::line);
    Invalid::new(
        "file-not-csv",
        format!("line {line}: this is not valid CSV"),
    )
    .with("line", line)
    .into()
}

/// The 1-based line a record starts on. The reader's position is taken
/// before the empty lines it skips, so those are counted here.
fn line_of(text: &str, record: &csv::StringRecord) -> u64 {
    let Some(position) = record.position() else {
        return 0;
    };
    let skipped = text.as_bytes()[usize::try_from(position.byte())
        .unwrap_or(usize::MAX)
        .min(text.len())..]
        .iter()
        .take_while(|b| matches!(b, b'\n' | b'\r'))
        .filter(|b| **b == b'\n')
        .count();
    position.line() + u64::try_from(skipped).unwrap_or(0)
}

/// Reads the whole text once: the delimiter, the header, how many records
/// there are and which lines are skipped. Rows of separators only are
/// skipped anywhere. After the last record, lines with another number of
/// cells than the header, and lines with one filled cell that follow a
/// blank or such a line, are a footer and skipped; before it, a line with
/// another number of cells is an error.
///
/// # Errors
/// [`Error::InvalidInput`] naming the line for malformed CSV, a row with a
/// different number of cells in the data, a cell over [`MAX_CELL`], more
/// than [`MAX_ROWS`] rows, or a file without a header.
pub fn scan(text: &str) -> Result<Layout> {
    let delimiter = sniff_delimiter(text);
    let mut reader = reader(text, delimiter);
    let mut record = csv::StringRecord::new();
    if !reader
        .read_record(&mut record)
        .map_err(|e| line_error(&e))?
        || is_blank(&record)
    {
        return Err(Invalid::new(
            "file-no-header",
            "the file has no header row naming its columns",
        )
        .into());
    }
    cell_too_long(line_of(text, &record), &record)?;
    let headers: Vec<String> = record.iter().map(|h| h.trim().to_owned()).collect();
    let width = headers.len();
    let mut layout = Layout {
        delimiter,
        rows: 0,
        skipped: Vec::new(),
        data_end: line_of(text, &record),
        headers,
    };
    // Lines after the last record so far that may be a footer; the first of
    // them with another number of cells; whether a blank line came since.
    let mut trailing: Vec<u64> = Vec::new();
    let mut first_ragged: Option<(u64, usize)> = None;
    let mut blank_since = false;
    while reader
        .read_record(&mut record)
        .map_err(|e| line_error(&e))?
    {
        let line = line_of(text, &record);
        cell_too_long(line, &record)?;
        if is_blank(&record) {
            layout.skipped.push(SkippedLine {
                line,
                reason: SkipReason::Blank,
            });
            blank_since = true;
            continue;
        }
        if record.len() != width {
            trailing.push(line);
            first_ragged.get_or_insert((line, record.len()));
            continue;
        }
        let filled = record.iter().filter(|c| !c.trim().is_empty()).count();
        if width > 1 && filled == 1 && (first_ragged.is_some() || blank_since) {
            trailing.push(line);
            continue;
        }
        if let Some((line, len)) = first_ragged {
            return Err(ragged(line, len, width));
        }
        // One-cell lines after a blank were records after all.
        layout.rows += trailing.len() + 1;
        trailing.clear();
        blank_since = false;
        layout.data_end = line;
        if layout.rows > MAX_ROWS {
            return Err(Invalid::new(
                "file-too-many-rows",
                format!("the file has more than {MAX_ROWS} rows; split it and import the parts"),
            )
            .with("limit", MAX_ROWS)
            .into());
        }
    }
    layout
        .skipped
        .extend(trailing.into_iter().map(|line| SkippedLine {
            line,
            reason: SkipReason::Footer,
        }));
    layout.skipped.sort_by_key(|s| s.line);
    // A blank line after the last record belongs to the footer.
    for s in &mut layout.skipped {
        if s.line > layout.data_end {
            s.reason = SkipReason::Footer;
        }
    }
    Ok(layout)
}

/// The rows of a CSV file, read one at a time: a file is parsed once,
/// into one reused record, whatever its size.
#[derive(Debug)]
pub struct Rows<'a> {
    text: &'a str,
    reader: csv::Reader<&'a [u8]>,
    width: usize,
    data_end: u64,
    record: csv::StringRecord,
}

/// Starts reading the records of `text`, laid out as [`scan`] found.
///
/// # Errors
/// As [`scan`], for the header row.
pub fn rows<'a>(text: &'a str, layout: &Layout) -> Result<Rows<'a>> {
    let mut reader = reader(text, layout.delimiter);
    let mut record = csv::StringRecord::new();
    reader
        .read_record(&mut record)
        .map_err(|e| line_error(&e))?;
    Ok(Rows {
        text,
        reader,
        width: layout.headers.len(),
        data_end: layout.data_end,
        record,
    })
}

impl Rows<'_> {
    /// The next record with its 1-based line number; its cells are as in
    /// the file (not trimmed). `None` at the end of the records.
    ///
    /// # Errors
    /// As [`scan`], naming the row's line.
    pub fn next_row(&mut self) -> Result<Option<(u64, &csv::StringRecord)>> {
        loop {
            if !self
                .reader
                .read_record(&mut self.record)
                .map_err(|e| line_error(&e))?
            {
                return Ok(None);
            }
            let line = line_of(self.text, &self.record);
            if line > self.data_end {
                return Ok(None);
            }
            cell_too_long(line, &self.record)?;
            if is_blank(&self.record) {
                continue;
            }
            if self.record.len() != self.width {
                return Err(ragged(line, self.record.len(), self.width));
            }
            return Ok(Some((line, &self.record)));
        }
    }
}

/// Parses `bytes` in the encoding [`decode`] finds (or `encoding`).
///
/// # Errors
/// As [`decode`] and [`scan`].
pub fn read_as(bytes: &[u8], encoding: Option<&str>) -> Result<CsvTable> {
    let decoded = decode(bytes, encoding)?;
    let layout = scan(&decoded.text)?;
    let mut reader = rows(&decoded.text, &layout)?;
    let mut rows = Vec::with_capacity(layout.rows);
    while let Some((line, record)) = reader.next_row()? {
        rows.push((line, record.iter().map(|c| c.trim().to_owned()).collect()));
    }
    Ok(CsvTable {
        headers: layout.headers,
        rows,
        encoding: decoded.encoding.name(),
        encoding_guessed: decoded.guessed,
        delimiter: layout.delimiter,
        skipped: layout.skipped,
    })
}

/// Parses `bytes`, in the encoding [`decode`] finds.
///
/// # Errors
/// As [`read_as`].
pub fn read(bytes: &[u8]) -> Result<CsvTable> {
    read_as(bytes, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_given_decode_as_bytes_lent_and_fail_on_the_same_line() {
        let (win, _, _) = encoding_rs::WINDOWS_1250.encode("Nume,Oraş\r\nAna,Timişoara\r\n");
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "Name\rAna\r".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let files: [(&[u8], Option<&str>); 6] = [
            (b"Name,City\nAna,Cluj\n", None),
            (b"\xEF\xBB\xBFName,City\nAna,Cluj\n", None),
            (b"\xEF\xBB\xBFName\rAna\r", Some("utf-8")),
            (&win, None),
            (&win, Some("windows-1250")),
            (&utf16, None),
        ];
        for (bytes, label) in files {
            let lent = decode(bytes, label).unwrap();
            let given = decode_owned(bytes.to_vec(), label).unwrap();
            assert_eq!(given.text, lent.text, "{label:?}");
            assert_eq!(given.encoding, lent.encoding);
            assert_eq!(given.guessed, lent.guessed);
            assert!(matches!(given.text, Cow::Owned(_)));
        }
        assert!(decode(&win, None).unwrap().text.contains("Timişoara"));
        let bad = b"Name\nAna\nIon \xFF\n";
        let lent = decode(bad, Some("utf-8")).unwrap_err();
        let given = decode_owned(bad.to_vec(), Some("utf-8")).unwrap_err();
        assert_eq!(given.params(), lent.params());
        assert_eq!(given.reason(), Some("file-not-utf8"));
        assert!(given.to_string().contains("line 3"), "{given}");
    }

    #[test]
    fn a_file_refused_whole_says_why_and_on_which_line() {
        let said = |err: Error| (err.reason(), err.params());
        let (reason, params) = said(ragged(7, 3, 5));
        assert_eq!(reason, Some("file-ragged-row"));
        let want = |pairs: &[(&'static str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (*k, (*v).to_owned()))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        assert_eq!(
            params,
            want(&[("cells", "3"), ("line", "7"), ("width", "5")])
        );
        let mut record = csv::StringRecord::new();
        record.push_field(&"x".repeat(MAX_CELL + 1));
        let (reason, params) = said(cell_too_long(4, &record).unwrap_err());
        assert_eq!(reason, Some("file-cell-too-long"));
        assert_eq!(params.get("line").map(String::as_str), Some("4"));
        assert_eq!(params.get("length"), Some(&(MAX_CELL + 1).to_string()));
    }

    #[test]
    fn the_code_page_is_guessed_from_lines_with_letters_outside_ascii_wherever_they_are() {
        // Thousands of rows with plain letters, then the Romanian ones: the
        // guess reads the latter, not the first bytes of the file.
        let mut text = String::from("Prenume;Nume;Oraş\n");
        for i in 0..20_000 {
            text.push_str(&format!("Ana{i};Stan;Cluj\n"));
        }
        for i in 0..50 {
            text.push_str(&format!("Ştefan{i};Ţăranu;Braşov\n"));
        }
        let (bytes, _, _) = encoding_rs::WINDOWS_1250.encode(&text);
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(decoded.encoding, encoding_rs::WINDOWS_1250);
        assert!(decoded.guessed);
        assert!(decoded.text.ends_with("Ştefan49;Ţăranu;Braşov\n"));
        // The same letters in Windows-1252 (a Western file) stay Western.
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("Name;City\nJosé;Málaga\nFrançois;Besançon\n");
        assert_eq!(
            decode(&bytes, None).unwrap().encoding,
            encoding_rs::WINDOWS_1252
        );
    }

    #[test]
    fn lines_ended_by_a_lone_carriage_return_are_numbered_as_lines() {
        // Excel for the Mac: CR only. Found by fuzzing: two records and a
        // footer shared one line number.
        let text = decode(
            b"Name,Email\rAda,ada@example.com\r,\rBob,bob@example.com\r\nTotal\r",
            None,
        )
        .unwrap()
        .text;
        assert_eq!(
            text,
            "Name,Email\nAda,ada@example.com\n,\nBob,bob@example.com\r\nTotal\n"
        );
        let layout = scan(&text).unwrap();
        assert_eq!(layout.rows, 2);
        let lines: Vec<u64> = layout.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, [3, 5]);
        assert!(matches!(
            decode(b"a,b\r\n1,2\r\n", None).unwrap().text,
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn reads_semicolons_a_bom_and_skips_blank_rows() {
        let t =
            read("\u{feff}Name;Email\nAda;ada@example.com\n;\nBob;bob@example.com\n".as_bytes())
                .unwrap();
        assert_eq!(t.headers, ["Name", "Email"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].0, 4);
        assert_eq!(
            t.skipped,
            [SkippedLine {
                line: 3,
                reason: SkipReason::Blank
            }]
        );
        assert_eq!(t.encoding, "UTF-8");
    }

    #[test]
    fn a_ragged_row_is_refused_naming_its_line() {
        let err = read(b"Name,Email\nAda,ada@example.com\nBob\nCy,cy@example.com\n").unwrap_err();
        assert_eq!(err.to_string(), "line 3: 1 cells where the header has 2");
    }

    #[test]
    fn a_report_footer_is_skipped() {
        let t = read(
            b"\"Name\",\"Email\"\n\"Ada\",\"ada@example.com\"\n\n\"Grand Totals (1 records)\"\n\n\"Confidential\"\n\"Copyright (c) 2024\"\n",
        )
        .unwrap();
        assert_eq!(t.rows.len(), 1);
        let lines: Vec<(u64, SkipReason)> = t.skipped.iter().map(|s| (s.line, s.reason)).collect();
        assert_eq!(
            lines,
            [
                (4, SkipReason::Footer),
                (6, SkipReason::Footer),
                (7, SkipReason::Footer)
            ]
        );
    }

    #[test]
    fn a_one_cell_row_in_the_data_stays_a_record() {
        let t = read(b"Name;Email;City\nAda;;\n;;\nBob;;\nCy;cy@example.com;Cluj\n").unwrap();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1].1[0], "Bob");
    }

    #[test]
    fn the_delimiter_is_the_one_that_keeps_rows_even() {
        // Commas in the values, semicolons between them.
        let t = read(
            "Nume;Adresă\nIoana;Str. Lungă 5, Brașov\nDan;Bd. Unirii 1, București\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(t.delimiter, b';');
        assert_eq!(t.rows[0].1[1], "Str. Lungă 5, Brașov");
        let t = read(b"Name|Email\nAda|ada@example.com\n").unwrap();
        assert_eq!(t.delimiter, b'|');
    }

    #[test]
    fn legacy_code_pages_are_guessed_and_can_be_chosen() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1250.encode("Prenume;Nume;Oraş\nIoana;Popescu;Braşov\n");
        let t = read(&bytes).unwrap();
        assert_eq!((t.encoding, t.encoding_guessed), ("windows-1250", true));
        assert_eq!(t.rows[0].1[2], "Braşov");
        let t = read_as(&bytes, Some("windows-1252")).unwrap();
        assert_eq!((t.encoding, t.encoding_guessed), ("windows-1252", false));
        assert_eq!(t.rows[0].1[2], "Braºov");
        let err = read_as(&bytes, Some("utf-8")).unwrap_err();
        assert!(
            err.to_string().starts_with("line 1: the text is not UTF-8"),
            "{err}"
        );
        let err = read_as(&bytes, Some("klingon")).unwrap_err();
        assert!(err.to_string().contains("unknown encoding"), "{err}");
    }

    #[test]
    fn utf16_with_a_bom_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Name\tCity\nAna\tIaşi\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let t = read(&bytes).unwrap();
        assert_eq!((t.encoding, t.delimiter), ("UTF-16LE", b'\t'));
        assert_eq!(t.rows[0].1, ["Ana", "Iaşi"]);
    }
}
