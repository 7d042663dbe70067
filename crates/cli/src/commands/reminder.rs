//! `steward reminder …`: the signed-in user's task reminders.

use serde::Serialize;
use steward_core::Session;
use steward_core::reminders::{MOMENT_FORMAT, Reminder, Snooze, local_now};

use crate::args::Cli;
use crate::args::records::ReminderCommand;
use crate::exit::CliResult;
use crate::output::print_json;
use crate::output::records::TaskJson;

pub fn run(cli: &Cli, session: &mut Session, cmd: &ReminderCommand) -> CliResult {
    let now = local_now();
    match cmd {
        ReminderCommand::List => list(cli, session),
        ReminderCommand::Dismiss { id } => {
            session.dismiss_reminder(*id)?;
            if cli.json {
                return print_json(&serde_json::json!({ "task": id, "dismissed": true }));
            }
            eprintln!("dismissed the reminder of task {id}");
            Ok(())
        }
        ReminderCommand::Snooze { id, span } => {
            let snooze = if span.trim().eq_ignore_ascii_case("tomorrow") {
                Snooze::Tomorrow
            } else {
                Snooze::Minutes(super::task::parse_minutes("for", span, false)?)
            };
            let until = session.snooze_reminder(*id, snooze, now)?;
            let until = until.format(MOMENT_FORMAT).to_string();
            if cli.json {
                return print_json(&serde_json::json!({ "task": id, "until": until }));
            }
            eprintln!(
                "the reminder of task {id} comes again at {}",
                until.replace('T', " ")
            );
            Ok(())
        }
    }
}

#[derive(Debug, Serialize)]
struct ReminderJson<'a> {
    /// When it comes, `YYYY-MM-DDTHH:MM` local: its moment or a snooze's end.
    at: String,
    /// The moment it is set for.
    remind_at: String,
    snoozed: bool,
    notified: bool,
    task: TaskJson<'a>,
}

impl<'a> From<&'a Reminder> for ReminderJson<'a> {
    fn from(r: &'a Reminder) -> Self {
        Self {
            at: r.at.format(MOMENT_FORMAT).to_string(),
            remind_at: r.remind_at.format(MOMENT_FORMAT).to_string(),
            snoozed: r.snoozed,
            notified: r.notified,
            task: TaskJson::from(&r.task),
        }
    }
}

fn list(cli: &Cli, session: &Session) -> CliResult {
    let now = local_now();
    let reminders = session.reminders(now)?;
    let (due, upcoming): (Vec<&Reminder>, Vec<&Reminder>) = reminders.iter().partition(|r| r.due);
    if cli.json {
        let due: Vec<ReminderJson<'_>> = due.iter().map(|r| ReminderJson::from(*r)).collect();
        let upcoming: Vec<ReminderJson<'_>> =
            upcoming.iter().map(|r| ReminderJson::from(*r)).collect();
        return print_json(&serde_json::json!({ "due": due, "upcoming": upcoming }));
    }
    if reminders.is_empty() {
        eprintln!("no reminders");
        return Ok(());
    }
    for (heading, list) in [("due", &due), ("upcoming", &upcoming)] {
        if list.is_empty() {
            continue;
        }
        outln!("{heading}:");
        for r in list {
            outln!(
                "  {}  {:>5}  {}{}",
                r.at.format("%Y-%m-%d %H:%M"),
                r.task.id,
                r.notification_text(now.date()),
                if r.snoozed { "  (snoozed)" } else { "" }
            );
        }
    }
    Ok(())
}
