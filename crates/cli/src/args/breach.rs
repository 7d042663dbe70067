//! Command-line syntax of the breach register (GDPR Art. 33/34).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum BreachCommand {
    /// Record an incident. With --from-alert, the alert's time and summary
    /// fill in what is not given.
    Open {
        /// Open it from this (critical) alert.
        #[arg(long, value_name = "ID")]
        from_alert: Option<i64>,
        #[command(flatten)]
        facts: FactArgs,
    },
    /// Change an incident's facts; what is not given stays.
    Edit {
        /// The incident's number.
        id: i64,
        #[command(flatten)]
        facts: FactArgs,
    },
    /// The register, newest first, with each incident's deadline.
    List,
    /// One incident.
    Show {
        /// The incident's number.
        id: i64,
    },
    /// Who touched what: the audit log's views, reveals, exports, imports,
    /// deletions, unlocks and failed unlocks in a window.
    Report {
        /// The incident's number.
        id: i64,
        /// From (a date or an RFC 3339 time; inclusive).
        #[arg(long, value_name = "TIME")]
        from: String,
        /// To (exclusive).
        #[arg(long, value_name = "TIME")]
        to: String,
        /// Only this user's entries (repeatable; `--user` is the global
        /// option naming who runs the command).
        #[arg(long = "actor", value_name = "NAME")]
        users: Vec<String>,
        /// Only entries about this contact (repeatable).
        #[arg(long = "contact", value_name = "ID")]
        contacts: Vec<i64>,
    },
    /// Print the drafts: the notification to the supervisory authority and
    /// the notice to the people concerned, in the vault's language.
    Drafts {
        /// The incident's number.
        id: i64,
    },
    /// Record the decision: notify the supervisory authority or not (with
    /// the reason), and the same for the people concerned.
    Decide {
        /// The incident's number.
        id: i64,
        /// Whether the supervisory authority is notified.
        decision: Notify,
        /// Why not (required with no-notify).
        #[arg(long)]
        reason: Option<String>,
        /// Whether the people concerned are told [default: as the authority].
        #[arg(long, value_name = "DECISION")]
        people: Option<Notify>,
        /// Why they are not told [default: --reason].
        #[arg(long, value_name = "TEXT")]
        people_reason: Option<String>,
        /// When the notifications went out.
        #[arg(long, value_name = "TIME")]
        notified_at: Option<String>,
    },
    /// Write the incident's file (facts, decision, the last report's
    /// window drawn again, both drafts) as Markdown in the vault's language,
    /// to a new file.
    Export {
        /// The incident's number.
        id: i64,
        /// The file to create.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// Notify or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Notify {
    /// Notify.
    Notify,
    /// Do not notify (give the reason).
    NoNotify,
}

/// The facts of an incident.
#[derive(Debug, Args)]
pub struct FactArgs {
    /// When it was discovered (the 72 hours run from here).
    #[arg(long, value_name = "TIME")]
    pub discovered: Option<String>,
    /// What happened.
    #[arg(long, value_name = "TEXT")]
    pub summary: Option<String>,
    /// When it happened, if known.
    #[arg(long, value_name = "TIME")]
    pub occurred: Option<String>,
    /// A category of data concerned (repeatable): names, emails, phones,
    /// addresses, company-title, notes, custom-fields, activities-deals,
    /// attachments, sensitive, credentials.
    #[arg(long = "data", value_name = "CATEGORY")]
    pub data: Vec<String>,
    /// Other categories of data, in words.
    #[arg(long, value_name = "TEXT")]
    pub data_other: Option<String>,
    /// A category of people concerned (repeatable): customers, prospects,
    /// contact-persons, staff.
    #[arg(long = "subjects", value_name = "CATEGORY")]
    pub subjects: Vec<String>,
    /// Other categories of people, in words.
    #[arg(long, value_name = "TEXT")]
    pub subjects_other: Option<String>,
    /// About how many people.
    #[arg(long, value_name = "N")]
    pub people: Option<u64>,
    /// About how many records.
    #[arg(long, value_name = "N")]
    pub records: Option<u64>,
    /// The likely consequences.
    #[arg(long, value_name = "TEXT")]
    pub consequences: Option<String>,
    /// Measures taken.
    #[arg(long, value_name = "TEXT")]
    pub measures_taken: Option<String>,
    /// Measures proposed.
    #[arg(long, value_name = "TEXT")]
    pub measures_proposed: Option<String>,
    /// People in other EU states are concerned.
    #[arg(long)]
    pub cross_border: bool,
    /// Why the notification comes after 72 hours.
    #[arg(long, value_name = "TEXT")]
    pub delay_reason: Option<String>,
}
