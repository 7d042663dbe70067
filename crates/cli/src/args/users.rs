//! Command-line syntax of users and passwords.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user with a role and a first password (they must change it at first unlock).
    Add {
        /// Login name.
        name: String,
        /// owner, admin, manager, agent, auditor or viewer.
        #[arg(long)]
        role: String,
        /// Read the first password from this environment variable instead of a prompt.
        #[arg(long, value_name = "VAR")]
        new_password_env: Option<String>,
    },
    /// List users with their roles.
    List,
    /// Change a user's role.
    SetRole {
        /// Login name.
        name: String,
        /// The new role.
        role: String,
    },
    /// Disable a user: their password stops unlocking the vault.
    Disable {
        /// Login name.
        name: String,
    },
    /// Enable a disabled user with a new first password.
    Enable {
        /// Login name.
        name: String,
        /// Read the new password from this environment variable instead of a prompt.
        #[arg(long, value_name = "VAR")]
        new_password_env: Option<String>,
    },
    /// Change your own password, or reset another user's (given NAME).
    Passwd {
        /// Whose password to reset [default: your own].
        name: Option<String>,
        /// Read the new password from this environment variable instead of a prompt.
        #[arg(long, value_name = "VAR")]
        new_password_env: Option<String>,
    },
}
