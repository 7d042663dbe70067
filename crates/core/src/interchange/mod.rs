//! Getting contacts in and out in open formats: CSV (with column mapping
//! suggested for HubSpot, Salesforce, Google Contacts and Outlook exports)
//! and vCard 3.0/4.0.

pub mod csv_file;
mod export;
mod import;
pub mod mapping;
pub mod vcard;

pub use export::ExportFormat;
pub use import::{
    ImportInfo, ImportOptions, ImportReport, OnDuplicate, UndoReport, check_records, csv_contacts,
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
}

impl crate::Session {
    /// The import wizard's preview: [`preview_csv`] for a user who may
    /// import, so the app reads a chosen file only for such a user.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.create`; as
    /// [`csv_file::read`].
    pub fn preview_csv(&self, bytes: &[u8]) -> Result<CsvPreview> {
        self.authorize(crate::Permission::ContactsCreate, "import.preview", None)?;
        let mut preview = preview_csv(bytes)?;
        let defs = crate::records::custom_fields::definitions(&self.conn)?;
        for (i, header) in preview.headers.iter().enumerate() {
            if preview.suggested[i].is_some() {
                continue;
            }
            let header = crate::csv_cell::unprotect(header.trim());
            preview.suggested_custom[i] = defs
                .iter()
                .find(|d| {
                    d.key.eq_ignore_ascii_case(header) || d.label.eq_ignore_ascii_case(header)
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
    let table = csv_file::read(bytes)?;
    Ok(CsvPreview {
        suggested: mapping::suggest_all(&table.headers),
        suggested_custom: vec![None; table.headers.len()],
        sample: table.rows.iter().take(5).map(|(_, r)| r.clone()).collect(),
        rows: table.rows.len(),
        headers: table.headers,
    })
}
