//! Command-line syntax (clap derive). Everything here is syntax; behaviour
//! lives in the command modules and, below them, in steward-core.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Steward — a private, encrypted CRM. This is the admin and scripting tool.
///
/// The password comes from STEWARD_PASSWORD or a prompt; STEWARD_RECOVERY_KEY
/// unlocks with the recovery key instead.
/// Exit codes: 0 ok, 1 other error, 2 usage, 3 authentication failed,
/// 4 permission denied, 5 the vault is damaged or was altered.
#[derive(Debug, Parser)]
#[command(name = "steward", version, propagate_version = true)]
pub struct Cli {
    /// The vault folder [default: the app's vault in your data folder].
    #[arg(long, global = true, env = "STEWARD_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,

    /// The user to act as [default: the vault's only owner].
    #[arg(long, global = true, env = "STEWARD_USER", value_name = "NAME")]
    pub user: Option<String>,

    /// Print machine-readable JSON.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new vault with a first user (an owner) and print its recovery key.
    Init(InitArgs),
    /// Check that the credentials unlock the vault, then exit 0.
    UnlockCheck,
    /// Add, edit, delete, list and show contacts.
    #[command(subcommand)]
    Contact(ContactCommand),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Write the recovery key to this file (created, mode 600) instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub recovery_key_out: Option<PathBuf>,
    /// Fill the new vault with a few sample contacts.
    #[arg(long)]
    pub sample_data: bool,
}

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add a contact and print its id.
    Add(ContactFields),
    /// List contacts sorted by name.
    List(ListArgs),
    /// Show one contact.
    Show {
        /// The contact's id.
        id: i64,
    },
    /// Change a contact; only the fields given change (repeating --email
    /// replaces the whole list; an empty value clears a field).
    Edit {
        /// The contact's id.
        id: i64,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Delete a contact.
    Delete {
        /// The contact's id.
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct ContactFields {
    /// Full name.
    #[arg(long)]
    pub name: Option<String>,
    /// E-mail address (repeat for several; the first is primary).
    #[arg(long = "email", value_name = "EMAIL")]
    pub emails: Vec<String>,
    /// Phone number (repeat for several; the first is primary).
    #[arg(long = "phone", value_name = "PHONE")]
    pub phones: Vec<String>,
    /// Company name.
    #[arg(long)]
    pub company: Option<String>,
    /// Notes.
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Skip this many contacts.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// Show at most this many [default: all].
    #[arg(long)]
    pub limit: Option<u64>,
}
