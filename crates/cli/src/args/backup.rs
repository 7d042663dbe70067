//! Command-line syntax of encrypted backups.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Back the vault up now (verified before it counts), then apply the retention.
    Create {
        /// Write to this folder instead of the configured one.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// List this vault's backups, newest first.
    List {
        /// Look in this folder instead of the configured one.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Check a backup completely; exit 5 when it is damaged or was altered.
    Verify {
        /// The backup file.
        file: PathBuf,
    },
    /// Restore a backup into a new vault folder, or over this vault.
    ///
    /// Authenticates against the backup's own keyslots: the password of the
    /// backup's time (STEWARD_PASSWORD or a prompt) or STEWARD_RECOVERY_KEY.
    Restore {
        /// The backup file.
        file: PathBuf,
        /// A new folder to restore into (works on a machine that never saw the vault).
        #[arg(
            long,
            value_name = "DIR",
            required_unless_present = "replace",
            conflicts_with = "replace"
        )]
        to: Option<PathBuf>,
        /// Replace this vault (--vault), backing it up first.
        #[arg(long)]
        replace: bool,
    },
    /// Remove old backups by the retention policy.
    Prune {
        /// Prune this folder instead of the configured one.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Show what would be removed; remove nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Restore the newest backup into a scratch folder and check it.
    Drill,
    /// Show or change the backup settings.
    Settings(BackupSettingsArgs),
}

#[derive(Debug, Args)]
pub struct BackupSettingsArgs {
    /// The backup folder (absolute); `default` for `backups` beside the vault.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<String>,
    /// Time between scheduled backups: minutes, or with a unit (30m, 2h, 1d); 0 turns the schedule off.
    #[arg(long, value_name = "INTERVAL")]
    pub interval: Option<String>,
    /// Keep the N newest backups.
    #[arg(long, value_name = "N")]
    pub keep_last: Option<u32>,
    /// Keep the newest backup of each of the last N hours.
    #[arg(long, value_name = "N")]
    pub keep_hourly: Option<u32>,
    /// Keep the newest backup of each of the last N days.
    #[arg(long, value_name = "N")]
    pub keep_daily: Option<u32>,
    /// Keep the newest backup of each of the last N weeks.
    #[arg(long, value_name = "N")]
    pub keep_weekly: Option<u32>,
    /// Keep the newest backup of each of the last N months.
    #[arg(long, value_name = "N")]
    pub keep_monthly: Option<u32>,
    /// Days between restore drills (0: never).
    #[arg(long, value_name = "DAYS")]
    pub drill_days: Option<u32>,
}
