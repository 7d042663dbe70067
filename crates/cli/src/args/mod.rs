//! Command-line syntax (clap derive). Everything here is syntax; behaviour
//! lives in the command modules and, below them, in steward-core. The
//! top-level command is here; each domain's subcommands and flags are in the
//! submodule named as steward-core's module for that domain.

pub mod audit;
pub mod backup;
pub mod breach;
pub mod consent;
pub mod contacts;
pub mod interchange;
pub mod mailing;
pub mod monitor;
pub mod records;
pub mod review;
pub mod rights;
pub mod rules;
pub mod team;
pub mod users;
pub mod vault;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use audit::AuditCommand;
use backup::BackupCommand;
use breach::BreachCommand;
use consent::{ConsentCommand, PurposeCommand, RegisterCommand};
use contacts::{ContactCommand, FieldCommand, SettingsCommand, ViewCommand};
use interchange::{ExportCommand, ImportCommand};
use mailing::MailingListArgs;
use monitor::{AlertsCommand, PolicyCommand};
use records::ReminderCommand;
use records::{
    ActivityCommand, AttachmentCommand, BinCommand, CalendarCommand, CompanyCommand, DealCommand,
    PipelineCommand, TaskCommand,
};
use review::ReviewCommand;
use rights::DsrCommand;
use rules::RulesCommand;
use team::{SyncArgs, TeamCommand};
use users::UserCommand;
use vault::{BenchArgs, InitArgs, LanguageCommand, RecoverCommand};

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
#[allow(
    clippy::large_enum_variant,
    reason = "parsed once per process; boxing buys nothing"
)]
pub enum Command {
    /// Create a new vault with a first user (an owner) and print its recovery key.
    Init(InitArgs),
    /// Check that the credentials unlock the vault, then exit 0.
    UnlockCheck,
    /// Add, edit, delete, list and show contacts; reveal sensitive fields.
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Add, list and show companies.
    #[command(subcommand)]
    Company(CompanyCommand),
    /// Add, list, show, edit and move deals through the pipeline.
    #[command(subcommand)]
    Deal(DealCommand),
    /// List and configure the pipeline's stages.
    #[command(subcommand)]
    Pipeline(PipelineCommand),
    /// Add, list and complete tasks.
    #[command(subcommand)]
    Task(TaskCommand),
    /// Your task reminders: list, dismiss, snooze.
    #[command(subcommand)]
    Reminder(ReminderCommand),
    /// The calendar of tasks: show a range of days; export it as iCalendar.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Log notes, calls, meetings and e-mails on a record; show its timeline.
    #[command(subcommand)]
    Activity(ActivityCommand),
    /// The recycle bin of every record type: list and restore (30 days).
    #[command(subcommand)]
    Bin(BinCommand),
    /// Files on contacts, companies, deals and activities, encrypted in the
    /// vault: add, list, get a copy, rename, delete.
    #[command(subcommand)]
    Attachment(AttachmentCommand),
    /// Manage users and their roles; change passwords.
    #[command(subcommand)]
    User(UserCommand),
    /// Read, verify and export the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Owner tasks that need the recovery key (from STEWARD_RECOVERY_KEY or a prompt).
    #[command(subcommand)]
    Recover(RecoverCommand),
    /// Import contacts from CSV or vCard; list and undo imports.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export contacts as CSV or vCard.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Write the names and e-mail addresses of the contacts who may be
    /// contacted for a purpose to a CSV file; print who was left out, by reason.
    MailingList(MailingListArgs),
    /// Purposes of processing and their lawful basis.
    #[command(subcommand)]
    Purpose(PurposeCommand),
    /// Record, withdraw and list contacts' consent; consent forms.
    #[command(subcommand)]
    Consent(ConsentCommand),
    /// Data-subject requests: register, access package, erasure, restriction, objection.
    #[command(subcommand)]
    Dsr(DsrCommand),
    /// The processing register (GDPR Art. 30), from the purposes.
    #[command(subcommand)]
    Register(RegisterCommand),
    /// Alerts raised by the monitoring rules (owners and admins).
    #[command(subcommand)]
    Alerts(AlertsCommand),
    /// The breach register (GDPR Art. 33/34): incidents, the 72 hours, who
    /// touched what, the drafts to the authority and to the people.
    #[command(subcommand)]
    Breach(BreachCommand),
    /// The security policy: thresholds of the monitoring rules, auto-lock.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// The company's rules for customer data: publish, show, acknowledge,
    /// and who has acknowledged which version.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Periodic access reviews: start, show, decide per user, close, export.
    #[command(subcommand)]
    Review(ReviewCommand),
    /// The vault's language, which decides the documents Steward produces
    /// (the CLI itself stays in English).
    #[command(subcommand)]
    Language(LanguageCommand),
    /// Encrypted backups: create, list, verify, restore, prune, drill, settings.
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Saved views: named filters over the contacts list.
    #[command(subcommand)]
    View(ViewCommand),
    /// Custom contact fields (owners and admins define them).
    #[command(subcommand)]
    Field(FieldCommand),
    /// Vault settings: the default country of phone numbers.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// A team vault on a PostgreSQL server: create, join, status.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Push this replica's changes to the team server and pull the others'.
    Sync(SyncArgs),
    /// Build a synthetic vault and measure unlock, import, search and list
    /// speed, encrypted and plain; prints JSON.
    Bench(BenchArgs),
    /// Test builds only: unlock, print `ready`, then add a contact for each
    /// line read on standard input; lock at its end. Lets tests hold the
    /// vault open in a second process, as the app does.
    #[cfg(debug_assertions)]
    #[command(hide = true)]
    TestHold,
}
