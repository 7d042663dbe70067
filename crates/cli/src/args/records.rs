//! Command-line syntax of the CRM records beside contacts: companies, deals,
//! tasks and activities. Syntax only; behaviour lives in the command modules.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum CompanyCommand {
    /// Add a company and print its id.
    Add(CompanyAddArgs),
    /// List companies sorted by name.
    List(CompanyListArgs),
    /// Show one company.
    Show {
        /// The company's id.
        id: i64,
    },
    /// Move a company to the recycle bin (restorable for 30 days with `bin
    /// restore company ID`).
    Delete {
        /// The company's id.
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct CompanyAddArgs {
    /// Name.
    #[arg(long)]
    pub name: String,
    /// Web domain, such as example.com.
    #[arg(long)]
    pub domain: Option<String>,
    /// Main phone number.
    #[arg(long)]
    pub phone: Option<String>,
    /// City.
    #[arg(long)]
    pub city: Option<String>,
    /// Country.
    #[arg(long)]
    pub country: Option<String>,
    /// Notes.
    #[arg(long)]
    pub notes: Option<String>,
}

/// Keyset paging of a list (ADR 0023), as `contact list` has it.
#[derive(Debug, Args, Clone, Default)]
pub struct PageArgs {
    /// Start after the last row of an earlier page: the cursor that page
    /// handed out (`next`, with `--limit`).
    #[arg(long, value_name = "CURSOR")]
    pub after: Option<String>,
    /// Show at most this many, and the cursor of the rows after them
    /// (`--json`: `{"<list>": [...], "next": CURSOR or null}`) [default: all].
    #[arg(long)]
    pub limit: Option<u64>,
}

#[derive(Debug, Args)]
pub struct CompanyListArgs {
    #[command(flatten)]
    pub page: PageArgs,
}

#[derive(Debug, Subcommand)]
pub enum DealCommand {
    /// Add a deal and print its id.
    Add(DealAddArgs),
    /// List deals in pipeline order.
    List {
        /// Only deals in this stage (name or id).
        #[arg(long)]
        stage: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show one deal.
    Show {
        /// The deal's id.
        id: i64,
    },
    /// Change a deal's fields; those not given stay as they are.
    Edit(DealEditArgs),
    /// Move a deal to the recycle bin (restorable for 30 days with `bin
    /// restore deal ID`).
    Delete {
        /// The deal's id.
        id: i64,
    },
    /// Move a deal to another stage of the pipeline.
    Move {
        /// The deal's id.
        id: i64,
        /// The stage (name or id).
        stage: String,
        /// Why it was won or lost: required for a lost stage, optional for a
        /// won one. Given for the stage the deal is in, it replaces the reason.
        #[arg(long, alias = "lost-reason", value_name = "TEXT")]
        reason: Option<String>,
    },
}

/// A probability in percent, 0 to 100.
fn percent() -> clap::builder::RangedI64ValueParser<u8> {
    clap::value_parser!(u8).range(0..=100)
}

#[derive(Debug, Args)]
pub struct DealAddArgs {
    /// Title.
    #[arg(long)]
    pub title: String,
    /// Stage, by name or id [default: the first open stage].
    #[arg(long)]
    pub stage: Option<String>,
    /// Amount in the currency's units, such as 1234.56 [default: 0].
    #[arg(long)]
    pub amount: Option<String>,
    /// Three-letter currency code [default: EUR].
    #[arg(long)]
    pub currency: Option<String>,
    /// Expected close date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub close: Option<String>,
    /// The deal's own probability in percent [default: its stage's].
    #[arg(long, value_name = "0..100", value_parser = percent())]
    pub probability: Option<u8>,
    /// The contact it is with (id).
    #[arg(long, value_name = "ID")]
    pub contact: Option<i64>,
    /// The company it is with (id).
    #[arg(long, value_name = "ID")]
    pub company: Option<i64>,
}

#[derive(Debug, Args)]
pub struct DealEditArgs {
    /// The deal's id.
    pub id: i64,
    /// New title.
    #[arg(long)]
    pub title: Option<String>,
    /// New amount in the currency's units, such as 1234.56.
    #[arg(long)]
    pub amount: Option<String>,
    /// New three-letter currency code.
    #[arg(long)]
    pub currency: Option<String>,
    /// New expected close date; an empty one clears it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub close: Option<String>,
    /// The deal's own probability in percent, overriding its stage's.
    #[arg(long, value_name = "0..100", value_parser = percent(), conflicts_with = "follow_stage")]
    pub probability: Option<u8>,
    /// Drop the deal's own probability: it follows its stage's again.
    #[arg(long)]
    pub follow_stage: bool,
    /// Link it to this contact (id).
    #[arg(long, value_name = "ID")]
    pub contact: Option<i64>,
    /// Link it to this company (id).
    #[arg(long, value_name = "ID")]
    pub company: Option<i64>,
}

/// The pipeline's stages. Changing them needs the `settings.manage`
/// permission (owners and admins). A stage is named by its id or its name.
#[derive(Debug, Subcommand)]
pub enum PipelineCommand {
    /// List the stages in order, with their probability and kind.
    List,
    /// Add a stage at the end of the pipeline and print its id.
    Add {
        /// Its name, unique regardless of case.
        name: String,
        /// The probability in percent of a deal in it that sets none of its own.
        #[arg(long, value_name = "0..100", value_parser = percent())]
        probability: u8,
        /// open holds work in progress; won and lost close a deal.
        #[arg(long, default_value = "open", value_parser = ["open", "won", "lost"])]
        kind: String,
    },
    /// Rename a stage.
    Rename {
        /// The stage (id or name).
        stage: String,
        /// Its new name.
        name: String,
    },
    /// Change the probability a stage gives the deals in it that set none of their own.
    Probability {
        /// The stage (id or name).
        stage: String,
        /// The probability in percent.
        #[arg(value_name = "0..100", value_parser = percent())]
        probability: u8,
    },
    /// Put the stages in a new order: every stage once, first to last.
    Reorder {
        /// The stages (ids or names).
        #[arg(required = true, value_name = "STAGE")]
        stages: Vec<String>,
    },
    /// Delete a stage that no deal uses, not even one in the recycle bin.
    /// The pipeline keeps at least one open, one won and one lost stage.
    Delete {
        /// The stage (id or name).
        stage: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Add a task and print its id.
    Add(TaskAddArgs),
    /// List tasks [default: all of them].
    List {
        #[command(flatten)]
        filter: TaskFilterArgs,
        /// Only tasks assigned to you.
        #[arg(long)]
        mine: bool,
        /// Only tasks about this record (every state, open ones first).
        #[command(flatten)]
        about: AboutArgs,
        /// Pages of one list (`--today`, `--overdue`, `--upcoming` or
        /// `--done`; not of every task, nor of a record's tasks).
        #[command(flatten)]
        page: PageArgs,
    },
    /// Change a task: retitle, reschedule, reassign, set or drop its
    /// duration and reminder. Prints the task with `--json`.
    Edit(TaskEditArgs),
    /// Mark a task done.
    Done {
        /// The task's id.
        id: i64,
    },
    /// Move a task to the recycle bin (restorable for 30 days with `bin
    /// restore task ID`).
    Delete {
        /// The task's id.
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReminderCommand {
    /// Your reminders: those due now (missed ones included), then those to
    /// come.
    List,
    /// Dismiss the reminder of a task: it is not shown again (until the task
    /// is rescheduled or its reminder changed).
    Dismiss {
        /// The task's id.
        id: i64,
    },
    /// Put the reminder of a task off; it comes again then.
    Snooze {
        /// The task's id.
        id: i64,
        /// How long: 5m, 1h, 1h30m, 1d, or tomorrow (09:00).
        #[arg(long = "for", value_name = "SPAN")]
        span: String,
    },
}

#[derive(Debug, Args)]
pub struct TaskAddArgs {
    /// What to do.
    #[arg(long)]
    pub title: String,
    /// Due date, and optionally the time of day (local, 24 hours).
    #[arg(long, value_name = "YYYY-MM-DD[THH:MM]")]
    pub due: Option<String>,
    /// How long it lasts (a meeting): 30m, 1h, 1h30m, 1d.
    #[arg(long, value_name = "DURATION")]
    pub duration: Option<String>,
    /// Remind before it is due (15m, 1h, 1d), or at-due.
    #[arg(long, value_name = "BEFORE")]
    pub remind: Option<String>,
    /// Who should do it (login name) [default: you].
    #[arg(long, value_name = "NAME")]
    pub assignee: Option<String>,
    #[command(flatten)]
    pub about: AboutArgs,
}

#[derive(Debug, Args)]
pub struct TaskEditArgs {
    /// The task's id.
    pub id: i64,
    /// New title.
    #[arg(long)]
    pub title: Option<String>,
    /// New due date and optional time; a date alone makes it due any time
    /// that day.
    #[arg(long, value_name = "YYYY-MM-DD[THH:MM]", conflicts_with = "no_due")]
    pub due: Option<String>,
    /// Take the due date away (and with it the time, duration and reminder).
    #[arg(long)]
    pub no_due: bool,
    /// New duration: 30m, 1h, 1h30m, 1d.
    #[arg(long, value_name = "DURATION", conflicts_with = "no_duration")]
    pub duration: Option<String>,
    /// Take the duration away.
    #[arg(long)]
    pub no_duration: bool,
    /// Remind before it is due (15m, 1h, 1d), or at-due.
    #[arg(long, value_name = "BEFORE", conflicts_with = "no_remind")]
    pub remind: Option<String>,
    /// Take the reminder away.
    #[arg(long)]
    pub no_remind: bool,
    /// Give it to another user (login name).
    #[arg(long, value_name = "NAME")]
    pub assignee: Option<String>,
}

#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct TaskFilterArgs {
    /// Open tasks due today.
    #[arg(long)]
    pub today: bool,
    /// Open tasks due before today.
    #[arg(long)]
    pub overdue: bool,
    /// Open tasks due after today or without a due date.
    #[arg(long)]
    pub upcoming: bool,
    /// Done tasks.
    #[arg(long)]
    pub done: bool,
    /// Every task.
    #[arg(long)]
    pub all: bool,
}

/// The record a task is about: at most one.
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct AboutArgs {
    /// About this contact (id).
    #[arg(long, value_name = "ID")]
    pub contact: Option<i64>,
    /// About this company (id).
    #[arg(long, value_name = "ID")]
    pub company: Option<i64>,
    /// About this deal (id).
    #[arg(long, value_name = "ID")]
    pub deal: Option<i64>,
}

/// The record an activity belongs to: exactly one.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct RecordArgs {
    /// A contact (id).
    #[arg(long, value_name = "ID")]
    pub contact: Option<i64>,
    /// A company (id).
    #[arg(long, value_name = "ID")]
    pub company: Option<i64>,
    /// A deal (id).
    #[arg(long, value_name = "ID")]
    pub deal: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum ActivityCommand {
    /// Log a note, call, meeting or e-mail on a record and print its id.
    Add {
        #[command(flatten)]
        record: RecordArgs,
        /// note, call, meeting or email.
        #[arg(long)]
        kind: String,
        /// One-line subject.
        #[arg(long)]
        subject: String,
        /// Free text.
        #[arg(long)]
        body: Option<String>,
        /// When it happened (RFC 3339) [default: now].
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Correct an activity you may change. Prints it with `--json`.
    Edit {
        /// The activity's id.
        id: i64,
        /// note, call, meeting or email.
        #[arg(long)]
        kind: Option<String>,
        /// New one-line subject.
        #[arg(long)]
        subject: Option<String>,
        /// New free text (empty removes it).
        #[arg(long)]
        text: Option<String>,
        /// When it happened instead (RFC 3339).
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// A record's timeline, newest first.
    List {
        #[command(flatten)]
        record: RecordArgs,
    },
    /// Move an activity to the recycle bin (restorable for 30 days with `bin
    /// restore activity ID`).
    Delete {
        /// The activity's id.
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum BinCommand {
    /// List the deleted records you may restore, newest deletion first, with
    /// who deleted them and when they will be purged.
    List {
        /// Only records of this kind.
        #[arg(long, value_name = "contact|company|deal|task|activity|attachment")]
        kind: Option<String>,
    },
    /// Bring a record back from the recycle bin.
    Restore {
        /// contact, company, deal, task, activity or attachment.
        kind: String,
        /// The record's id.
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// List the tasks due in a range of days (by day, then time), done
    /// ones included.
    Show(CalendarRangeArgs),
    /// Write the tasks due in a range (every dated task without --from and
    /// --to), or one task with --task, to an iCalendar (.ics) file. Needs
    /// the export permission and is recorded like other exports.
    Export(CalendarExportArgs),
}

#[derive(Debug, Args)]
pub struct CalendarRangeArgs {
    /// The first day [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// The last day, included [default: six days after --from].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// Only tasks assigned to you.
    #[arg(long)]
    pub mine: bool,
}

#[derive(Debug, Args)]
pub struct CalendarExportArgs {
    /// The file to create (it must not exist).
    #[arg(long, value_name = "FILE.ics")]
    pub out: std::path::PathBuf,
    /// The first day [default: no limit].
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "task")]
    pub from: Option<String>,
    /// The last day, included [default: no limit].
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "task")]
    pub to: Option<String>,
    /// Only tasks assigned to you.
    #[arg(long, conflicts_with = "task")]
    pub mine: bool,
    /// Only this task, as one event.
    #[arg(long, value_name = "ID")]
    pub task: Option<i64>,
}

/// The record a file is on: exactly one.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct AttachedToArgs {
    /// A contact (id).
    #[arg(long, value_name = "ID")]
    pub contact: Option<i64>,
    /// A company (id).
    #[arg(long, value_name = "ID")]
    pub company: Option<i64>,
    /// A deal (id).
    #[arg(long, value_name = "ID")]
    pub deal: Option<i64>,
    /// An activity (id).
    #[arg(long, value_name = "ID")]
    pub activity: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum AttachmentCommand {
    /// Add files to a record, encrypted inside the vault; prints their new ids.
    Add {
        #[command(flatten)]
        record: AttachedToArgs,
        /// The files to add, each streamed into the vault.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<std::path::PathBuf>,
    },
    /// A record's files, newest first: id, size, date and name.
    List {
        #[command(flatten)]
        record: AttachedToArgs,
    },
    /// Save a copy of a file outside the vault, to a new file (never over an
    /// existing one).
    Get {
        /// The file's id.
        id: i64,
        /// Where to write it; must not exist.
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
    /// Rename a file.
    Rename {
        /// The file's id.
        id: i64,
        /// The new name.
        name: String,
    },
    /// Move a file to the recycle bin (restorable for 30 days with `bin
    /// restore attachment ID`).
    Delete {
        /// The file's id.
        id: i64,
    },
}
