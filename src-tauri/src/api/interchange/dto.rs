//! Import and export: the CSV preview, the import request and its report, past imports, and the export formats.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use steward_core::interchange::ExportFormat;
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "CsvPreview")]
pub struct CsvPreviewDto {
    pub headers: Vec<String>,
    /// The suggested field name for each column, `null` to ignore it.
    pub suggested: Vec<Option<String>>,
    /// For each column without a suggested field: the key of the custom
    /// field its header names, or `null`.
    pub suggested_custom: Vec<Option<String>>,
    pub sample: Vec<Vec<String>>,
    #[ts(type = "number")]
    pub rows: usize,
    /// Every field a column can map to, in the order to offer them.
    pub fields: Vec<String>,
    /// The encoding the file was read in (`UTF-8`, `UTF-16LE`,
    /// `windows-1250`, …).
    pub encoding: String,
    /// Whether it was guessed from the bytes (worth checking the sample).
    pub encoding_guessed: bool,
    /// The delimiter found: `,`, `;`, a TAB or `|`.
    pub delimiter: String,
    /// Lines that are not records, and why.
    pub skipped: Vec<SkippedLineDto>,
}

/// A line of a CSV file that is not a record.
#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "SkippedLine")]
pub struct SkippedLineDto {
    #[ts(type = "number")]
    pub line: u64,
    /// `blank` (separators only) or `footer` (after the last record).
    pub reason: String,
}

impl From<steward_core::interchange::CsvPreview> for CsvPreviewDto {
    fn from(p: steward_core::interchange::CsvPreview) -> Self {
        Self {
            headers: p.headers,
            suggested: p
                .suggested
                .into_iter()
                .map(|f| f.map(|f| f.as_str().to_owned()))
                .collect(),
            suggested_custom: p.suggested_custom,
            sample: p.sample,
            rows: p.rows,
            fields: steward_core::interchange::mapping::Field::ALL
                .iter()
                .map(|f| f.as_str().to_owned())
                .collect(),
            encoding: p.encoding.to_owned(),
            encoding_guessed: p.encoding_guessed,
            delimiter: p.delimiter.to_string(),
            skipped: p
                .skipped
                .into_iter()
                .map(|s| SkippedLineDto {
                    line: s.line,
                    reason: s.reason.as_str().to_owned(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportRequest {
    /// The file to import (chosen in an open dialog).
    pub path: String,
    /// `csv` or `vcard`.
    pub format: String,
    /// For CSV: the field name per column, `null` to ignore.
    pub mapping: Vec<Option<String>>,
    /// For CSV: the custom field key per column, `null` for none (a column
    /// fills a built-in field or a custom one, not both).
    #[serde(default)]
    pub custom_columns: Vec<Option<String>>,
    /// `skip`, `merge` or `create`.
    pub on_duplicate: String,
    pub dry_run: bool,
    /// Import people who were erased or objected to marketing anyway
    /// (needs `rights.manage`); by default they are left out and counted.
    #[serde(default)]
    pub readmit_known: bool,
    /// For CSV: the encoding to read the file in (a label such as
    /// `windows-1250`), when the user changed the preview's; `null` detects it.
    #[serde(default)]
    #[ts(optional)]
    pub encoding: Option<String>,
    /// Bring each record's notes in as a note activity on its contact
    /// instead of into the contact's notes (`null`: no).
    #[serde(default)]
    #[ts(optional)]
    pub notes_as_activities: Option<bool>,
    /// Import every acceptable record and count the others as rejected,
    /// instead of refusing the whole file on the first one.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub skip_rejected: bool,
}

impl ImportRequest {
    /// The custom columns as core takes them: (column, field key) pairs.
    pub fn custom_column_pairs(&self) -> Vec<(usize, String)> {
        self.custom_columns
            .iter()
            .enumerate()
            .filter_map(|(column, key)| {
                key.as_deref()
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(|k| (column, k.to_owned()))
            })
            .collect()
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ImportReport")]
pub struct ImportReportDto {
    #[ts(type = "number | null")]
    pub import_id: Option<i64>,
    #[ts(type = "number")]
    pub records: usize,
    #[ts(type = "number")]
    pub created: usize,
    #[ts(type = "number")]
    pub merged: usize,
    #[ts(type = "number")]
    pub skipped: usize,
    /// Records left out: of erased or objecting people (unless let in) and
    /// those matching a restricted contact. Every role sees this count.
    #[ts(type = "number")]
    pub left_out: usize,
    /// Records of people who were erased: left out, or let in with
    /// `readmitKnown`. 0 for roles without `rights.manage`.
    #[ts(type = "number")]
    pub erased: usize,
    /// Records of people who objected to marketing: left out, or let in.
    /// 0 for roles without `rights.manage`.
    #[ts(type = "number")]
    pub suppressed: usize,
    /// Records matching a restricted contact, always left out. 0 for roles
    /// without `rights.manage`.
    #[ts(type = "number")]
    pub restricted: usize,
    /// Whether those people were let in on purpose.
    pub readmitted: bool,
    /// Phones of the written records kept as written but flagged.
    #[ts(type = "number")]
    pub phones_flagged: usize,
    /// Company records the import created.
    #[ts(type = "number")]
    pub companies_created: usize,
    /// Contacts written that the import linked to a company record.
    #[ts(type = "number")]
    pub companies_linked: usize,
    /// Objections to direct marketing recorded from the file.
    #[ts(type = "number")]
    pub objections: usize,
    /// Note activities made from the records' notes.
    #[ts(type = "number")]
    pub activities_created: usize,
    /// Records that cannot be imported (see `problems`).
    #[ts(type = "number")]
    pub rejected: usize,
    /// Records with at least one warning.
    #[ts(type = "number")]
    pub warned: usize,
    /// The first 1 000 records rejected or with warnings, in file order.
    pub problems: Vec<RowProblemDto>,
    /// Records with a problem beyond those listed.
    #[ts(type = "number")]
    pub problems_left_off: usize,
    pub dry_run: bool,
}

/// Why a record is rejected, or what was left out of it or flagged.
#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "RowNote")]
pub struct RowNoteDto {
    /// A stable code: `name-too-long`, `email-invalid`, `phone-invalid`, …
    pub code: String,
    /// The values the code's sentence names, none from the file: `field` (an
    /// import field name such as `email`, or a custom field's label),
    /// `length`, `limit`, `position` (which phone number, from 1).
    pub params: BTreeMap<String, String>,
    /// An English sentence holding no value from the file.
    pub message: String,
}

/// A record with a problem and what became of it.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "RowProblem")]
pub struct RowProblemDto {
    /// `line 12`, `card 3`.
    pub place: String,
    /// `created`, `merged`, `skipped`, `left-out` or `rejected`.
    pub fate: String,
    /// For `merged`: the contact it went into.
    #[ts(type = "number | null")]
    pub merged_into: Option<i64>,
    pub rejected: Option<RowNoteDto>,
    pub warnings: Vec<RowNoteDto>,
}

impl From<steward_core::interchange::RowNote> for RowNoteDto {
    fn from(n: steward_core::interchange::RowNote) -> Self {
        Self {
            code: n.code.to_owned(),
            params: n
                .params
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            message: n.message,
        }
    }
}

impl From<steward_core::interchange::RowProblem> for RowProblemDto {
    fn from(p: steward_core::interchange::RowProblem) -> Self {
        Self {
            place: p.place,
            fate: p.fate.as_str().to_owned(),
            merged_into: match p.fate {
                steward_core::interchange::RowFate::Merged(id) => Some(id),
                _ => None,
            },
            rejected: p.rejected.map(Into::into),
            warnings: p.warnings.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<steward_core::interchange::ImportReport> for ImportReportDto {
    fn from(r: steward_core::interchange::ImportReport) -> Self {
        Self {
            import_id: r.import_id,
            records: r.records,
            created: r.created,
            merged: r.merged,
            skipped: r.skipped,
            left_out: r.left_out,
            erased: r.erased,
            suppressed: r.suppressed,
            restricted: r.restricted,
            readmitted: r.readmitted,
            phones_flagged: r.phones_flagged,
            companies_created: r.companies_created,
            companies_linked: r.companies_linked,
            objections: r.objections,
            activities_created: r.activities_created,
            rejected: r.rejected,
            warned: r.warned,
            problems: r.problems.into_iter().map(Into::into).collect(),
            problems_left_off: r.problems_left_off,
            dry_run: r.dry_run,
        }
    }
}

/// Sent as the `import-progress` event while an import runs.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    #[ts(type = "number")]
    pub done: usize,
    #[ts(type = "number")]
    pub total: usize,
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ImportInfo")]
pub struct ImportInfoDto {
    #[ts(type = "number")]
    pub id: i64,
    pub format: String,
    pub started_at: String,
    #[ts(type = "number")]
    pub created: i64,
    #[ts(type = "number")]
    pub merged: i64,
    #[ts(type = "number")]
    pub skipped: i64,
    pub undone_at: Option<String>,
}

impl From<steward_core::interchange::ImportInfo> for ImportInfoDto {
    fn from(i: steward_core::interchange::ImportInfo) -> Self {
        Self {
            id: i.id,
            format: i.format,
            started_at: i.started_at,
            created: i.created,
            merged: i.merged,
            skipped: i.skipped,
            undone_at: i.undone_at,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "UndoReport")]
pub struct UndoReportDto {
    #[ts(type = "number")]
    pub removed: usize,
    #[ts(type = "number")]
    pub restored: usize,
    #[ts(type = "number")]
    pub companies_removed: usize,
    #[ts(type = "number")]
    pub activities_removed: usize,
    #[ts(type = "number")]
    pub attachments_removed: usize,
}

impl From<steward_core::interchange::UndoReport> for UndoReportDto {
    fn from(u: steward_core::interchange::UndoReport) -> Self {
        Self {
            removed: u.removed,
            restored: u.restored,
            companies_removed: u.companies_removed,
            activities_removed: u.activities_removed,
            attachments_removed: u.attachments_removed,
        }
    }
}

/// An e-mail import: the `.eml` and `.mbox` files chosen, whether to write
/// (a dry run is the preview), and which unknown addresses to create
/// contacts for.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "EmailImportRequest")]
pub struct EmailImportRequest {
    pub paths: Vec<String>,
    pub dry_run: bool,
    /// Addresses (as the report lists them) to create contacts for.
    pub create: Vec<String>,
}

/// An address no contact has, with the messages that name it.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "UnknownAddress")]
pub struct UnknownAddressDto {
    pub address: String,
    pub name: Option<String>,
    #[ts(type = "number")]
    pub messages: usize,
}

/// What an e-mail import did, or (a dry run) would do.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "EmailImportReport")]
pub struct EmailImportReportDto {
    #[ts(type = "number | null")]
    pub import_id: Option<i64>,
    #[ts(type = "number")]
    pub messages: usize,
    #[ts(type = "number")]
    pub activities_created: usize,
    #[ts(type = "number")]
    pub attachments_created: usize,
    #[ts(type = "number")]
    pub contacts_created: usize,
    #[ts(type = "number")]
    pub duplicates: usize,
    #[ts(type = "number")]
    pub unmatched: usize,
    #[ts(type = "number")]
    pub left_out: usize,
    #[ts(type = "number")]
    pub restricted: usize,
    #[ts(type = "number")]
    pub known_people: usize,
    #[ts(type = "number")]
    pub truncated: usize,
    pub unknown: Vec<UnknownAddressDto>,
    pub dry_run: bool,
}

impl From<steward_core::interchange::email::EmailImportReport> for EmailImportReportDto {
    fn from(r: steward_core::interchange::email::EmailImportReport) -> Self {
        Self {
            import_id: r.import_id,
            messages: r.messages,
            activities_created: r.activities_created,
            attachments_created: r.attachments_created,
            contacts_created: r.contacts_created,
            duplicates: r.duplicates,
            unmatched: r.unmatched,
            left_out: r.left_out,
            restricted: r.restricted,
            known_people: r.known_people,
            truncated: r.truncated,
            unknown: r
                .unknown
                .into_iter()
                .map(|u| UnknownAddressDto {
                    address: u.address,
                    name: u.name,
                    messages: u.messages,
                })
                .collect(),
            dry_run: r.dry_run,
        }
    }
}

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, rename = "ExportFormat")]
pub enum ExportFormatDto {
    Csv,
    /// CSV for Excel in most European locales: `;`, a UTF-8 BOM, CRLF.
    #[serde(rename = "excel-csv")]
    ExcelCsv,
    Vcard,
}

impl From<ExportFormatDto> for ExportFormat {
    fn from(f: ExportFormatDto) -> Self {
        match f {
            ExportFormatDto::Csv => Self::Csv,
            ExportFormatDto::ExcelCsv => Self::ExcelCsv,
            ExportFormatDto::Vcard => Self::Vcard,
        }
    }
}

impl From<ExportFormat> for ExportFormatDto {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Csv => Self::Csv,
            ExportFormat::ExcelCsv => Self::ExcelCsv,
            ExportFormat::Vcard => Self::Vcard,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_format_names_are_the_ones_core_uses() {
        for format in [
            ExportFormat::Csv,
            ExportFormat::ExcelCsv,
            ExportFormat::Vcard,
        ] {
            let json = serde_json::to_string(&ExportFormatDto::from(format)).unwrap();
            assert_eq!(json, format!("\"{}\"", format.as_str()));
            let back: ExportFormatDto = serde_json::from_str(&json).unwrap();
            assert_eq!(ExportFormat::from(back), format);
        }
    }

    #[test]
    fn custom_columns_become_column_and_key_pairs() {
        let request: ImportRequest = serde_json::from_str(
            r#"{"path":"a.csv","format":"csv","mapping":[null,"name",null,null],
                "customColumns":["member-no",null," ","vip"],"onDuplicate":"skip","dryRun":true}"#,
        )
        .unwrap();
        assert_eq!(
            request.custom_column_pairs(),
            vec![(0, "member-no".to_owned()), (3, "vip".to_owned())]
        );
        let older: ImportRequest = serde_json::from_str(
            r#"{"path":"a.csv","format":"csv","mapping":[],"onDuplicate":"skip","dryRun":false}"#,
        )
        .unwrap();
        assert!(older.custom_column_pairs().is_empty());
    }
}
