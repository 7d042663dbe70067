//! Command-line syntax of creating a vault, accepting a rollback, the vault's
//! language and the benchmark.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// How many synthetic contacts.
    #[arg(long, default_value_t = 100_000)]
    pub contacts: usize,
    /// Where to build the scratch vaults, in a new subfolder removed afterwards [default: the temporary folder].
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// A PostgreSQL server for the team vault's sync figures (push and pull
    /// of 10 000 edits, a new laptop's join); the bench's vault is published
    /// there as a new team vault. Without it the sync figures are skipped.
    #[arg(long, value_name = "POSTGRES_URL")]
    pub team_server: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RecoverCommand {
    /// Accept vault.db as it is after it was restored from an older copy on
    /// purpose (or lost its last writes in a crash); the acceptance is audited.
    AcceptRollback,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Write the recovery key to this file (created, mode 600) instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub recovery_key_out: Option<PathBuf>,
    /// Fill the new vault with a sample business: contacts, companies,
    /// deals in every stage, tasks, activities, consents and a request.
    #[arg(long)]
    pub sample_data: bool,
    /// The vault's language, `en` or `ro`: its documents and its default
    /// pipeline stages and purposes are in it from the start.
    #[arg(long, value_name = "TAG", default_value = "en")]
    pub language: String,
}

#[derive(Debug, Subcommand)]
pub enum LanguageCommand {
    /// Show the vault's language (the language of the documents Steward produces).
    Show,
    /// Set the vault's language (owners only): `en` or `ro`.
    Set {
        /// The language's tag: `en` or `ro`.
        language: String,
    },
}
