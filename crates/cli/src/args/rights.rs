//! Command-line syntax of data-subject requests.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum DsrCommand {
    /// Open a request for a contact; it is due one month after it came in.
    Open {
        /// The contact's id.
        contact: i64,
        /// access, portability, rectification, erasure, restriction or objection.
        #[arg(long = "type", value_name = "TYPE")]
        kind: String,
        /// When it came in [default: today].
        #[arg(long, value_name = "YYYY-MM-DD")]
        received: Option<String>,
    },
    /// The register: open requests first, overdue ones marked.
    List {
        /// Only open requests.
        #[arg(long)]
        open: bool,
    },
    /// Extend a request's deadline by two months, once, giving the reason.
    Extend {
        /// The request's id.
        id: i64,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Close a request.
    Close {
        /// The request's id.
        id: i64,
        /// Refused instead of completed.
        #[arg(long)]
        refused: bool,
        /// How it ended (the reason for a refusal).
        #[arg(long, default_value = "")]
        outcome: String,
    },
    /// Write the access (and portability) package of a contact as JSON.
    Export {
        /// The contact's id.
        contact: i64,
        /// The file to create.
        #[arg(long, value_name = "FILE.json")]
        out: PathBuf,
    },
    /// Erase a contact for good and print the certificate for the requester.
    Erase {
        /// The contact's id.
        contact: i64,
        /// Required: erasure cannot be undone.
        #[arg(long)]
        confirm: bool,
    },
    /// Restrict processing of a contact (or lift it with --lift).
    Restrict {
        /// The contact's id.
        contact: i64,
        /// Lift the restriction instead.
        #[arg(long)]
        lift: bool,
    },
    /// Record an objection to direct marketing.
    Object {
        /// The contact's id.
        contact: i64,
    },
    /// Retention review: people kept longer than their purposes allow or
    /// without any basis; with --erase or --anonymise, act on the ids given.
    Review {
        /// Erase these contacts (repeat).
        #[arg(long = "erase", value_name = "ID", conflicts_with = "anonymise")]
        erase: Vec<i64>,
        /// Anonymise these contacts (repeat).
        #[arg(long = "anonymise", value_name = "ID")]
        anonymise: Vec<i64>,
        /// Required with --erase or --anonymise.
        #[arg(long)]
        confirm: bool,
    },
}
