//! Getting contacts in and out in open formats: CSV (in any common
//! encoding, with column mapping suggested for the exports of HubSpot,
//! Salesforce, Google Contacts, Outlook, Zoho CRM, Pipedrive and Romanian
//! spreadsheets) and vCard 3.0/4.0; e-mail (`.eml` and `mbox`) in as
//! activities on the contacts it was from or to.

pub mod calendar;
pub mod csv_file;
pub(crate) mod dates;
pub mod email;
mod export;
mod import;
pub mod mapping;
pub mod vcard;

pub use export::ExportFormat;
pub use import::{
    ImportInfo, ImportOptions, ImportReport, MAX_ROW_PROBLEMS, OnDuplicate, RowFate, RowNote,
    RowProblem, UndoReport, check_records, csv_contacts,
};
pub use mapping::Field;

use crate::Result;

/// What the import wizard shows before importing a CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvPreview {
    /// The header row.
    pub headers: Vec<String>,
    /// The suggested field for each column (`None`: ignore it).
    pub suggested: Vec<Option<mapping::Field>>,
    /// For each column without a suggested field: the custom field (by key)
    /// whose key or label the header matches.
    pub suggested_custom: Vec<Option<String>>,
    /// The first rows, as read.
    pub sample: Vec<Vec<String>>,
    /// How many data rows the file has.
    pub rows: usize,
    /// The encoding the file was read in (its WHATWG name: `UTF-8`,
    /// `UTF-16LE`, `windows-1250`, …).
    pub encoding: &'static str,
    /// Whether that encoding was guessed from the bytes (the user may
    /// choose another) rather than known from a byte-order mark, from valid
    /// UTF-8, or chosen.
    pub encoding_guessed: bool,
    /// The delimiter found: `,`, `;`, TAB or `|`.
    pub delimiter: char,
    /// Lines that are not records (separator rows, a report's footer), and why.
    pub skipped: Vec<csv_file::SkippedLine>,
}

impl crate::Session {
    /// The import wizard's preview: [`preview_csv`] for a user who may
    /// import, so the app reads a chosen file only for such a user.
    ///
    /// # Errors
    /// As [`Self::preview_csv_as`].
    pub fn preview_csv(&self, bytes: &[u8]) -> Result<CsvPreview> {
        self.preview_csv_as(bytes, None)
    }

    /// The import wizard's preview with the file read in `encoding` (a
    /// label such as `windows-1250`; `None` detects it), with the custom
    /// fields whose key or label a header names.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.create`; as
    /// [`csv_file::read_as`].
    pub fn preview_csv_as(&self, bytes: &[u8], encoding: Option<&str>) -> Result<CsvPreview> {
        self.authorize(crate::Permission::ContactsCreate, "import.preview", None)?;
        let mut preview = preview_csv_as(bytes, encoding)?;
        let defs = crate::records::custom_fields::definitions(&self.conn)?;
        for (i, header) in preview.headers.iter().enumerate() {
            if preview.suggested[i].is_some() {
                continue;
            }
            let header = mapping::normalize(crate::csv_cell::unprotect(header.trim()));
            preview.suggested_custom[i] = defs
                .iter()
                .find(|d| {
                    mapping::normalize(&d.key) == header || mapping::normalize(&d.label) == header
                })
                .map(|d| d.key.clone());
        }
        Ok(preview)
    }
}

/// Reads a CSV file and suggests a mapping; reads nothing from the vault.
///
/// # Errors
/// As [`csv_file::read`].
pub fn preview_csv(bytes: &[u8]) -> Result<CsvPreview> {
    preview_csv_as(bytes, None)
}

/// [`preview_csv`] with the file read in `encoding` (a label; `None`
/// detects it).
///
/// # Errors
/// As [`csv_file::read_as`].
pub fn preview_csv_as(bytes: &[u8], encoding: Option<&str>) -> Result<CsvPreview> {
    let table = csv_file::read_as(bytes, encoding)?;
    Ok(CsvPreview {
        suggested: mapping::suggest_all(&table.headers),
        suggested_custom: vec![None; table.headers.len()],
        sample: table.rows.iter().take(5).map(|(_, r)| r.clone()).collect(),
        rows: table.rows.len(),
        headers: table.headers,
        encoding: table.encoding,
        encoding_guessed: table.encoding_guessed,
        delimiter: char::from(table.delimiter),
        skipped: table.skipped,
    })
}
