//! Command-line syntax of access reviews.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Start an access review (owners and admins; one open at a time).
    Start,
    /// Show the open review, or a past one, user by user.
    Show {
        /// A past review's id [default: the open one].
        id: Option<i64>,
    },
    /// List every review, newest first.
    List,
    /// Decide for one user of the open review; applied when it is closed.
    Decide {
        /// The user's login name.
        #[arg(value_name = "USER")]
        name: String,
        /// keep, role ROLE, forget-devices or disable.
        #[arg(value_name = "DECISION", num_args = 1..=2, required = true)]
        decision: Vec<String>,
    },
    /// Close the open review, applying every decision at once.
    Close,
    /// Write a review's report as CSV in the vault's language.
    Export {
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// A past review's id [default: the open one].
        #[arg(long)]
        id: Option<i64>,
    },
}
