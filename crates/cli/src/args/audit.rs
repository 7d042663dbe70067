//! Command-line syntax of the audit log.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// List entries, newest first.
    List(AuditFilterArgs),
    /// Walk the hash chain; exit 5 naming the first broken entry.
    Verify,
    /// Write entries (oldest first) to a CSV file.
    Export {
        /// The CSV file to create.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        filter: AuditFilterArgs,
    },
}

#[derive(Debug, Args)]
pub struct AuditFilterArgs {
    /// Only entries by this user (login name). (`--user` names who runs the command.)
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
    /// Only this action (`contact.update`), or a family (`contact.`).
    #[arg(long)]
    pub action: Option<String>,
    /// Only entries about this target type (`contact`, `user`, …).
    #[arg(long)]
    pub target_type: Option<String>,
    /// Only entries about this target id.
    #[arg(long)]
    pub target_id: Option<String>,
    /// Only entries at or after this time (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only entries before this time.
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// At most this many entries.
    #[arg(long)]
    pub limit: Option<u32>,
    /// The team's shared audit chain (a team vault's replica), with the
    /// author and replica of each entry, instead of this laptop's own log.
    #[arg(long)]
    pub shared: bool,
}
