//! Command-line syntax of the company's rules for customer data.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Publish the text of FILE (UTF-8) as a new version of the rules
    /// (owners only); every user must then acknowledge it.
    Set {
        /// The text of the rules.
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// Show the current rules, and whether you must acknowledge them.
    Show {
        /// Print the built-in template in the vault's language instead, to
        /// start your own from.
        #[arg(long)]
        template: bool,
    },
    /// Who has acknowledged which version, and who must (owners only).
    Status,
    /// Show the current rules and accept them as the signed-in user.
    Acknowledge {
        /// Accept without the question (the text is still printed).
        #[arg(long)]
        yes: bool,
    },
}
