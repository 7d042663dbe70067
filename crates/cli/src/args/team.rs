//! Command-line syntax of the team vault (ADR 0020): publish, join, status.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Publish this vault as a team vault on a PostgreSQL server (owners)
    /// and print the team id to give the others.
    Create {
        /// The server: a postgres:// URL or a `host=… dbname=…` string. A
        /// password in it is used now and never stored; later syncs take it
        /// from PGPASSWORD.
        #[arg(long, value_name = "URL")]
        server: String,
    },
    /// Make a new replica of a team vault in the empty --vault DIR, as
    /// --user NAME with that user's password.
    Join {
        /// The server, as for `team create`.
        #[arg(long, value_name = "URL")]
        server: String,
        /// The team id `team create` printed.
        #[arg(long, value_name = "ID")]
        team: String,
    },
    /// The team id, the server (host and database), the last change applied
    /// here and how many local changes wait to be pushed.
    Status,
    /// Re-key the team vault (owners; run it after removing or disabling a
    /// user, or when a laptop is lost): a new data key for every remaining
    /// user, so the old one opens nothing new. Asks for your password again
    /// and prints the new recovery key; the old one opens only the past.
    Rekey,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Use this server from now on (a password in it is used now and never
    /// stored) [default: the one this replica remembers].
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
}
