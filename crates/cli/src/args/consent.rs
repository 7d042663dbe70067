//! Command-line syntax of purposes, consent and the processing register.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum PurposeCommand {
    /// List the purposes with their lawful basis and retention.
    List,
    /// Change a purpose (owners and admins).
    Set {
        /// The purpose's key.
        key: String,
        /// Its name.
        #[arg(long)]
        name: Option<String>,
        /// What the data is used for.
        #[arg(long)]
        description: Option<String>,
        /// consent, contract, legal-obligation, vital-interests, public-task or legitimate-interests.
        #[arg(long, value_name = "BASIS")]
        basis: Option<String>,
        /// How many days data kept for it may stay.
        #[arg(long, value_name = "DAYS")]
        retention_days: Option<u32>,
        /// Whether each use needs consent.
        #[arg(long, value_name = "true|false")]
        consent_required: Option<bool>,
        /// Whether it is direct marketing (an objection stops it).
        #[arg(long, value_name = "true|false")]
        marketing: Option<bool>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// Record a contact's consent (given, or --refused) for a purpose.
    Record {
        /// The contact's id.
        contact: i64,
        /// The purpose's key (see `steward purpose list`).
        purpose: String,
        /// paper-form, web-form, email, verbal or import.
        #[arg(long)]
        method: String,
        /// The consent form version it came from (its id in `consent forms`).
        #[arg(long, value_name = "ID")]
        form_version: Option<i64>,
        /// Evidence: where the signed form is, the e-mail's subject, …
        #[arg(long, value_name = "TEXT")]
        evidence: Option<String>,
        /// A file to keep inside the vault as evidence (a scan).
        #[arg(long, value_name = "FILE")]
        evidence_file: Option<PathBuf>,
        /// The last day it is valid.
        #[arg(long, value_name = "YYYY-MM-DD")]
        expires: Option<String>,
        /// Record a refusal instead.
        #[arg(long)]
        refused: bool,
    },
    /// Record consent for every purpose of a consent form version at once.
    FromForm {
        /// The contact's id.
        contact: i64,
        /// The form version's id.
        form: i64,
        /// paper-form, web-form, email, verbal or import.
        #[arg(long, default_value = "paper-form")]
        method: String,
        /// Evidence text.
        #[arg(long, value_name = "TEXT")]
        evidence: Option<String>,
        /// A file to keep inside the vault as evidence (the signed form's scan).
        #[arg(long, value_name = "FILE")]
        evidence_file: Option<PathBuf>,
        /// The last day it is valid.
        #[arg(long, value_name = "YYYY-MM-DD")]
        expires: Option<String>,
    },
    /// Withdraw a contact's consent for a purpose, saying how the withdrawal arrived.
    Withdraw {
        /// The contact's id.
        contact: i64,
        /// The purpose's key.
        purpose: String,
        /// How the withdrawal arrived: verbal, email, paper-form or web-form.
        #[arg(long, default_value = "verbal")]
        method: String,
        /// Evidence: the e-mail's subject, the call it was said on, …
        #[arg(long, value_name = "TEXT")]
        evidence: Option<String>,
    },
    /// Save the evidence file kept with a consent record to a new file
    /// (the record ids are in `consent list --json`).
    Evidence {
        /// The consent record's id.
        consent: i64,
        /// The file to create.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// A contact's consent per purpose and its whole history.
    List {
        /// The contact's id.
        contact: i64,
    },
    /// List the consent forms (every version).
    Forms,
    /// Consents that expire soon, soonest first.
    Expiring {
        /// Within this many days.
        #[arg(long, default_value_t = 30)]
        days: u32,
    },
    /// Create a consent form, or change one (a version in use becomes a new version).
    SaveForm {
        /// The form's name.
        name: String,
        /// A file with the form's text.
        #[arg(long, value_name = "FILE")]
        text_file: PathBuf,
        /// A purpose it asks for (repeat).
        #[arg(long = "purpose", value_name = "KEY", required = true)]
        purposes: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RegisterCommand {
    /// Write the processing register (Markdown, or JSON with --json).
    Export {
        /// The file to create.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Show the controller the register names (GDPR Art. 30(1)(a)); with
    /// options, change it (owners only). An empty value clears a field.
    Controller {
        /// The organisation's name.
        #[arg(long)]
        name: Option<String>,
        /// Its postal address, on one line.
        #[arg(long)]
        address: Option<String>,
        /// Its e-mail address.
        #[arg(long)]
        email: Option<String>,
        /// Its phone number.
        #[arg(long)]
        phone: Option<String>,
        /// The data protection officer's name and contact details.
        #[arg(long)]
        dpo: Option<String>,
    },
}
