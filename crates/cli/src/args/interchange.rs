//! Command-line syntax of import and export.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a CSV file; columns are mapped from their headers unless --map says otherwise.
    Csv {
        /// The CSV file.
        file: PathBuf,
        /// Map a column (its header or 1-based number) to a field, or to `ignore`;
        /// repeat for several. Fields: name, first-name, last-name, email, phone,
        /// company, title, street, city, postal-code, region, country, tags, notes, source,
        /// middle-name, birthday, marketing-opt-out.
        #[arg(long = "map", value_name = "COLUMN=FIELD")]
        map: Vec<String>,
        /// Read the file in this encoding (utf-8, utf-16le, windows-1250,
        /// windows-1252, …) instead of the one found from its bytes.
        #[arg(long, value_name = "LABEL")]
        encoding: Option<String>,
        /// What to do with a row whose e-mail or phone matches an existing contact.
        #[arg(long, default_value = "skip", value_name = "skip|merge|create")]
        on_duplicate: String,
        /// Report what would happen without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Import people found in the erasure ledger or the suppression list
        /// too (left out by default; letting them in is recorded).
        #[arg(long)]
        readmit_erased: bool,
        /// Bring each row's notes in as a note activity on its contact
        /// instead of into the contact's notes.
        #[arg(long)]
        notes_as_activities: bool,
        /// Import every acceptable row and count the others as rejected,
        /// instead of refusing the whole file on the first one.
        #[arg(long)]
        skip_rejected: bool,
        /// Write the rejected rows, with the reason in a last column, to this
        /// new CSV file (readable by you only; it holds personal data).
        #[arg(long, value_name = "FILE")]
        rejected_out: Option<PathBuf>,
    },
    /// Import a vCard file (3.0 or 4.0).
    Vcard {
        /// The .vcf file.
        file: PathBuf,
        /// What to do with a card whose e-mail or phone matches an existing contact.
        #[arg(long, default_value = "skip", value_name = "skip|merge|create")]
        on_duplicate: String,
        /// Report what would happen without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Import people found in the erasure ledger or the suppression list too.
        #[arg(long)]
        readmit_erased: bool,
        /// Import every acceptable row and count the others as rejected,
        /// instead of refusing the whole file on the first one.
        #[arg(long)]
        skip_rejected: bool,
        /// Write the rejected rows, with the reason in a last column, to this
        /// new CSV file (readable by you only; it holds personal data).
        #[arg(long, value_name = "FILE")]
        rejected_out: Option<PathBuf>,
    },
    /// Import e-mail: .eml files, mbox files, or the .eml and .mbox files of
    /// a folder. Each message goes on the contacts it was from or to.
    Eml {
        /// The files or folders.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Report what would happen without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Create a contact for every address no contact has (not for an
        /// erased or objecting person).
        #[arg(long)]
        create_unknown: bool,
    },
    /// Undo an import: remove what it created, put back what it merged.
    Undo {
        /// The import's id (from the import's output or `import list`).
        id: i64,
    },
    /// List past imports.
    List,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write contacts to a CSV file. Without --purpose this is a full copy
    /// (every contact, or those chosen by --id, --view or --tag) with no
    /// purpose check: for taking your data out, not for contacting anyone.
    Csv(ExportArgs),
    /// Write contacts to a CSV file for Excel in most European locales
    /// (Romanian included): `;` between cells, a UTF-8 byte-order mark,
    /// CRLF. Otherwise as `export csv`.
    ExcelCsv(ExportArgs),
    /// Write contacts to a vCard 4.0 file. Without --purpose this is a full
    /// copy with no purpose check, as for `export csv`.
    Vcard(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to create (it must not exist).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Only these contacts (repeat).
    #[arg(long = "id", value_name = "ID", conflicts_with_all = ["view", "tag"])]
    pub ids: Vec<i64>,
    /// Only the contacts of this saved view (its name or id), in its order.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// Only contacts with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only contacts with a valid basis for this purpose, out of those
    /// chosen (all, --id, --view or --tag); the others are counted by
    /// reason in the summary.
    #[arg(long, value_name = "PURPOSE")]
    pub purpose: Option<String>,
}
