//! Command-line syntax (clap derive). Everything here is syntax; behaviour
//! lives in the command modules and, below them, in steward-core.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::args_records::{
    ActivityCommand, BinCommand, CompanyCommand, DealCommand, PipelineCommand, TaskCommand,
};

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
    /// Log notes, calls, meetings and e-mails on a record; show its timeline.
    #[command(subcommand)]
    Activity(ActivityCommand),
    /// The recycle bin of every record type: list and restore (30 days).
    #[command(subcommand)]
    Bin(BinCommand),
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
    /// The security policy: thresholds of the monitoring rules, auto-lock.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Encrypted backups: create, list, verify, restore, prune, drill, settings.
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Saved views: named filters over the contacts list.
    #[command(subcommand)]
    View(ViewCommand),
    /// Custom contact fields (owners and admins define them).
    #[command(subcommand)]
    Field(FieldCommand),
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

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a CSV file; columns are mapped from their headers unless --map says otherwise.
    Csv {
        /// The CSV file.
        file: PathBuf,
        /// Map a column (its header or 1-based number) to a field, or to `ignore`;
        /// repeat for several. Fields: name, first-name, last-name, email, phone,
        /// company, title, street, city, postal-code, region, country, tags, notes, source.
        #[arg(long = "map", value_name = "COLUMN=FIELD")]
        map: Vec<String>,
        /// What to do with a row whose e-mail or phone matches an existing contact.
        #[arg(long, default_value = "skip", value_name = "skip|merge|create")]
        on_duplicate: String,
        /// Report what would happen without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Import people found in the erasure ledger or the suppression list
        /// too (left out by default; letting them in is recorded).
        #[arg(long)]
        readmit_erased: bool,
    },
    /// Import a vCard file (3.0 or 4.0).
    Vcard {
        /// The .vcf file.
        file: PathBuf,
        /// What to do with a card whose e-mail or phone matches an existing contact.
        #[arg(long, default_value = "skip", value_name = "skip|merge|create")]
        on_duplicate: String,
        /// Report what would happen without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Import people found in the erasure ledger or the suppression list too.
        #[arg(long)]
        readmit_erased: bool,
    },
    /// Undo an import: remove what it created, put back what it merged.
    Undo {
        /// The import's id (from the import's output or `import list`).
        id: i64,
    },
    /// List past imports.
    List,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write contacts to a CSV file. Without --purpose this is a full copy
    /// (every contact, or those chosen by --id, --view or --tag) with no
    /// purpose check: for taking your data out, not for contacting anyone.
    Csv(ExportArgs),
    /// Write contacts to a vCard 4.0 file. Without --purpose this is a full
    /// copy with no purpose check, as for `export csv`.
    Vcard(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to create (it must not exist).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Only these contacts (repeat).
    #[arg(long = "id", value_name = "ID", conflicts_with_all = ["view", "tag"])]
    pub ids: Vec<i64>,
    /// Only the contacts of this saved view (its name or id), in its order.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// Only contacts with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only contacts with a valid basis for this purpose, out of those
    /// chosen (all, --id, --view or --tag); the others are counted by
    /// reason in the summary.
    #[arg(long, value_name = "PURPOSE")]
    pub purpose: Option<String>,
}

#[derive(Debug, Args)]
pub struct MailingListArgs {
    /// The purpose the people will be contacted for (its key); only those
    /// with a valid basis for it and an e-mail address are on the list.
    pub purpose: String,
    /// The file to create (it must not exist): a CSV of Name,Email.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Only the contacts of this saved view (its name or id), in its order.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// Only contacts with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PurposeCommand {
    /// List the purposes with their lawful basis and retention.
    List,
    /// Change a purpose (owners and admins).
    Set {
        /// The purpose's key.
        key: String,
        /// Its name.
        #[arg(long)]
        name: Option<String>,
        /// What the data is used for.
        #[arg(long)]
        description: Option<String>,
        /// consent, contract, legal-obligation, vital-interests, public-task or legitimate-interests.
        #[arg(long, value_name = "BASIS")]
        basis: Option<String>,
        /// How many days data kept for it may stay.
        #[arg(long, value_name = "DAYS")]
        retention_days: Option<u32>,
        /// Whether each use needs consent.
        #[arg(long, value_name = "true|false")]
        consent_required: Option<bool>,
        /// Whether it is direct marketing (an objection stops it).
        #[arg(long, value_name = "true|false")]
        marketing: Option<bool>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// Record a contact's consent (given, or --refused) for a purpose.
    Record {
        /// The contact's id.
        contact: i64,
        /// The purpose's key (see `steward purpose list`).
        purpose: String,
        /// paper-form, web-form, email, verbal or import.
        #[arg(long)]
        method: String,
        /// The consent form version it came from (its id in `consent forms`).
        #[arg(long, value_name = "ID")]
        form_version: Option<i64>,
        /// Evidence: where the signed form is, the e-mail's subject, …
        #[arg(long, value_name = "TEXT")]
        evidence: Option<String>,
        /// A file to keep inside the vault as evidence (a scan).
        #[arg(long, value_name = "FILE")]
        evidence_file: Option<PathBuf>,
        /// The last day it is valid.
        #[arg(long, value_name = "YYYY-MM-DD")]
        expires: Option<String>,
        /// Record a refusal instead.
        #[arg(long)]
        refused: bool,
    },
    /// Record consent for every purpose of a consent form version at once.
    FromForm {
        /// The contact's id.
        contact: i64,
        /// The form version's id.
        form: i64,
        /// paper-form, web-form, email, verbal or import.
        #[arg(long, default_value = "paper-form")]
        method: String,
        /// Evidence text.
        #[arg(long, value_name = "TEXT")]
        evidence: Option<String>,
        /// A file to keep inside the vault as evidence (the signed form's scan).
        #[arg(long, value_name = "FILE")]
        evidence_file: Option<PathBuf>,
        /// The last day it is valid.
        #[arg(long, value_name = "YYYY-MM-DD")]
        expires: Option<String>,
    },
    /// Withdraw a contact's consent for a purpose, saying how the withdrawal arrived.
    Withdraw {
        /// The contact's id.
        contact: i64,
        /// The purpose's key.
        purpose: String,
        /// How the withdrawal arrived: verbal, email, paper-form or web-form.
        #[arg(long, default_value = "verbal")]
        method: String,
        /// Evidence: the e-mail's subject, the call it was said on, …
        #[arg(long, value_name = "TEXT")]
        evidence: Option<String>,
    },
    /// Save the evidence file kept with a consent record to a new file
    /// (the record ids are in `consent list --json`).
    Evidence {
        /// The consent record's id.
        consent: i64,
        /// The file to create.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// A contact's consent per purpose and its whole history.
    List {
        /// The contact's id.
        contact: i64,
    },
    /// List the consent forms (every version).
    Forms,
    /// Consents that expire soon, soonest first.
    Expiring {
        /// Within this many days.
        #[arg(long, default_value_t = 30)]
        days: u32,
    },
    /// Create a consent form, or change one (a version in use becomes a new version).
    SaveForm {
        /// The form's name.
        name: String,
        /// A file with the form's text.
        #[arg(long, value_name = "FILE")]
        text_file: PathBuf,
        /// A purpose it asks for (repeat).
        #[arg(long = "purpose", value_name = "KEY", required = true)]
        purposes: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DsrCommand {
    /// Open a request for a contact; it is due one month after it came in.
    Open {
        /// The contact's id.
        contact: i64,
        /// access, portability, rectification, erasure, restriction or objection.
        #[arg(long = "type", value_name = "TYPE")]
        kind: String,
        /// When it came in [default: today].
        #[arg(long, value_name = "YYYY-MM-DD")]
        received: Option<String>,
    },
    /// The register: open requests first, overdue ones marked.
    List {
        /// Only open requests.
        #[arg(long)]
        open: bool,
    },
    /// Extend a request's deadline by two months, once, giving the reason.
    Extend {
        /// The request's id.
        id: i64,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Close a request.
    Close {
        /// The request's id.
        id: i64,
        /// Refused instead of completed.
        #[arg(long)]
        refused: bool,
        /// How it ended (the reason for a refusal).
        #[arg(long, default_value = "")]
        outcome: String,
    },
    /// Write the access (and portability) package of a contact as JSON.
    Export {
        /// The contact's id.
        contact: i64,
        /// The file to create.
        #[arg(long, value_name = "FILE.json")]
        out: PathBuf,
    },
    /// Erase a contact for good and print the certificate for the requester.
    Erase {
        /// The contact's id.
        contact: i64,
        /// Required: erasure cannot be undone.
        #[arg(long)]
        confirm: bool,
    },
    /// Restrict processing of a contact (or lift it with --lift).
    Restrict {
        /// The contact's id.
        contact: i64,
        /// Lift the restriction instead.
        #[arg(long)]
        lift: bool,
    },
    /// Record an objection to direct marketing.
    Object {
        /// The contact's id.
        contact: i64,
    },
    /// Retention review: people kept longer than their purposes allow or
    /// without any basis; with --erase or --anonymise, act on the ids given.
    Review {
        /// Erase these contacts (repeat).
        #[arg(long = "erase", value_name = "ID", conflicts_with = "anonymise")]
        erase: Vec<i64>,
        /// Anonymise these contacts (repeat).
        #[arg(long = "anonymise", value_name = "ID")]
        anonymise: Vec<i64>,
        /// Required with --erase or --anonymise.
        #[arg(long)]
        confirm: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RegisterCommand {
    /// Write the processing register (Markdown, or JSON with --json).
    Export {
        /// The file to create.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

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

#[derive(Debug, Subcommand)]
pub enum ViewCommand {
    /// List your saved views.
    List,
    /// Save a view (replacing one of the same name).
    Save {
        /// The view's name.
        name: String,
        #[command(flatten)]
        filter: ContactFilterArgs,
    },
    /// Delete one of your views (by name or id).
    Delete {
        /// The view's name or id.
        view: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum FieldCommand {
    /// List the custom contact fields.
    List,
    /// Define a custom contact field.
    Add {
        /// Its key, used by `--field KEY=VALUE` and `--map COLUMN=custom:KEY`:
        /// lower-case letters, digits and '-'.
        key: String,
        /// What people see [default: the key].
        #[arg(long)]
        label: Option<String>,
        /// What it holds.
        #[arg(long, default_value = "text", value_name = "text|number|date|boolean")]
        kind: String,
    },
    /// Remove a custom field and every contact's value of it.
    Delete {
        /// Its key.
        key: String,
    },
}

/// Filters and order of a contacts list.
#[derive(Debug, Args, Default)]
pub struct ContactFilterArgs {
    /// Only contacts with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only contacts owned by this user (login name).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Only contacts linked to this company (id).
    #[arg(long, value_name = "ID")]
    pub company: Option<i64>,
    /// The order.
    #[arg(long, value_name = "name|name-desc|newest|oldest")]
    pub sort: Option<String>,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// How many synthetic contacts.
    #[arg(long, default_value_t = 100_000)]
    pub contacts: usize,
    /// Where to build the scratch vaults, in a new subfolder removed afterwards [default: the temporary folder].
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RecoverCommand {
    /// Accept vault.db as it is after it was restored from an older copy on
    /// purpose (or lost its last writes in a crash); the acceptance is audited.
    AcceptRollback,
}

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
    /// List contacts (sorted by name unless --sort or --view say otherwise).
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
    /// Search contacts, companies, deals and notes, best first.
    Search {
        /// What to look for.
        query: String,
        /// At most this many hits.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// List the recycle bin: deleted contacts you may restore.
    Deleted,
    /// Bring a contact back from the recycle bin.
    Restore {
        /// The contact's id.
        id: i64,
    },
    /// Move a contact to the recycle bin (restorable for 30 days).
    Delete {
        /// The contact's id.
        id: i64,
    },
    /// Print one sensitive field's value; the reveal and its reason are audited.
    Reveal {
        /// The contact's id.
        id: i64,
        /// date-of-birth, national-id or special-notes.
        field: String,
        /// Why you need it (kept in the audit log; leave personal data out).
        #[arg(long)]
        reason: String,
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
    /// Job title.
    #[arg(long)]
    pub title: Option<String>,
    /// Where the contact came from.
    #[arg(long)]
    pub source: Option<String>,
    /// Street and number.
    #[arg(long)]
    pub street: Option<String>,
    /// City.
    #[arg(long)]
    pub city: Option<String>,
    /// Postal code.
    #[arg(long)]
    pub postal_code: Option<String>,
    /// Region or state.
    #[arg(long)]
    pub region: Option<String>,
    /// Country.
    #[arg(long)]
    pub country: Option<String>,
    /// Tag (repeat for several; on edit, replaces the set).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Notes.
    #[arg(long)]
    pub notes: Option<String>,
    /// Date of birth, YYYY-MM-DD (sensitive). A value typed here can be read
    /// by other local accounts while the command runs: give - to type it at a
    /// hidden prompt or pipe it in, or use --date-of-birth-env.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date_of_birth: Option<String>,
    /// Take the date of birth from this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "date_of_birth")]
    pub date_of_birth_env: Option<String>,
    /// National identity number (sensitive). A value typed here can be read
    /// by other local accounts while the command runs: give - to type it at a
    /// hidden prompt or pipe it in, or use --national-id-env.
    #[arg(long, value_name = "ID")]
    pub national_id: Option<String>,
    /// Take the national identity number from this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "national_id")]
    pub national_id_env: Option<String>,
    /// Special-category notes such as health (sensitive). A value typed here
    /// can be read by other local accounts while the command runs: give - to
    /// type it at a hidden prompt or pipe it in, or use --special-notes-env.
    #[arg(long, value_name = "TEXT")]
    pub special_notes: Option<String>,
    /// Take the special-category notes from this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "special_notes")]
    pub special_notes_env: Option<String>,
    /// Give the contact to another user (edit only).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Set a custom field (repeat for several; an empty value clears it).
    #[arg(long = "field", value_name = "KEY=VALUE")]
    pub custom: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Skip this many contacts.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// Show at most this many [default: all].
    #[arg(long)]
    pub limit: Option<u64>,
    #[command(flatten)]
    pub filter: ContactFilterArgs,
    /// Apply a saved view (its name or id); filters given as well narrow it.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
}
