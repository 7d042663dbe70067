//! Reading a CSV file into header and rows, with limits and errors that name
//! the line.

use crate::{Error, Result};

/// Most rows one import accepts.
pub const MAX_ROWS: usize = 1_000_000;
/// Longest single cell, in bytes.
pub const MAX_CELL: usize = 100_000;

/// A parsed CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    /// The header row.
    pub headers: Vec<String>,
    /// Each data row with its 1-based line number in the file.
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Picks the delimiter that splits the header line into the most columns:
/// spreadsheets in many countries write `;`, some tools tab.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',')
}

/// The rows of a CSV file, read one at a time: a file is parsed once,
/// into one reused record, whatever its size.
#[derive(Debug)]
pub struct Rows<'a> {
    reader: csv::Reader<&'a [u8]>,
    headers: Vec<String>,
    record: csv::StringRecord,
    count: usize,
}

fn line_error(e: &csv::Error) -> Error {
    let line = e.position().map_or(0, csv::Position::line);
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::invalid(format!(
            "line {line}: {len} cells where the header has {expected_len}"
        )),
        csv::ErrorKind::Utf8 { .. } => Error::invalid(format!(
            "line {line}: the text is not UTF-8; save the file as CSV UTF-8 and try again"
        )),
        _ => Error::invalid(format!("line {line}: this is not valid CSV")),
    }
}

/// Starts reading `bytes` (UTF-8, with or without a byte-order mark): reads
/// the header row.
///
/// # Errors
/// As [`read`], for the header row.
pub fn rows(bytes: &[u8]) -> Result<Rows<'_>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(bytes))
        .flexible(false)
        .has_headers(true)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| line_error(&e))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(Error::invalid(
            "the file has no header row naming its columns",
        ));
    }
    Ok(Rows {
        reader,
        headers,
        record: csv::StringRecord::new(),
        count: 0,
    })
}

impl Rows<'_> {
    /// The header row's cells, trimmed.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The next row that is not blank, with its 1-based line number; its
    /// cells are as in the file (not trimmed). `None` at the end.
    ///
    /// # Errors
    /// As [`read`], naming the row's line.
    pub fn next_row(&mut self) -> Result<Option<(u64, &csv::StringRecord)>> {
        loop {
            if !self
                .reader
                .read_record(&mut self.record)
                .map_err(|e| line_error(&e))?
            {
                return Ok(None);
            }
            let line = self.record.position().map_or(0, csv::Position::line);
            if let Some(cell) = self.record.iter().find(|c| c.len() > MAX_CELL) {
                return Err(Error::invalid(format!(
                    "line {line}: a cell is {} bytes long; the limit is {MAX_CELL}",
                    cell.len()
                )));
            }
            if self.record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if self.count >= MAX_ROWS {
                return Err(Error::invalid(format!(
                    "the file has more than {MAX_ROWS} rows; split it and import the parts"
                )));
            }
            self.count += 1;
            return Ok(Some((line, &self.record)));
        }
    }
}

/// Parses `bytes` (UTF-8, with or without a byte-order mark).
///
/// # Errors
/// [`Error::InvalidInput`] naming the line for malformed CSV, a row with a
/// different number of cells, a cell over [`MAX_CELL`], text that is not
/// UTF-8, more than [`MAX_ROWS`] rows, or a file without a header.
pub fn read(bytes: &[u8]) -> Result<CsvTable> {
    let mut reader = rows(bytes)?;
    let mut rows = Vec::new();
    while let Some((line, record)) = reader.next_row()? {
        rows.push((line, record.iter().map(|c| c.trim().to_owned()).collect()));
    }
    Ok(CsvTable {
        headers: reader.headers,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_semicolons_a_bom_and_skips_blank_rows() {
        let t =
            read("\u{feff}Name;Email\nAda;ada@example.com\n;\nBob;bob@example.com\n".as_bytes())
                .unwrap();
        assert_eq!(t.headers, ["Name", "Email"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].0, 4);
    }

    #[test]
    fn a_ragged_row_is_refused_naming_its_line() {
        let err = read(b"Name,Email\nAda,ada@example.com\nBob\n").unwrap_err();
        assert_eq!(err.to_string(), "line 3: 1 cells where the header has 2");
    }

    #[test]
    fn latin1_text_is_refused_with_advice() {
        let err = read(b"Name\nJos\xe9\n").unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
    }
}
