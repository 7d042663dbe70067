//! Command-line syntax of alerts and the security policy.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// List alerts, newest first.
    List {
        /// Only those not acknowledged yet.
        #[arg(long)]
        open: bool,
    },
    /// Acknowledge an alert.
    Ack {
        /// The alert's id.
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Show the policy.
    Show,
    /// Change one value (owners only).
    Set {
        /// The key (see `policy show`).
        key: String,
        /// The new value.
        value: String,
    },
}
